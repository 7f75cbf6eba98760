package related

import (
	"reflect"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// subsetArchive is a small archive where stories and entities recur over days.
func subsetArchive() []event.Event {
	var events []event.Event
	topics := []string{"North Korea", "South Korea", "Brexit", "Mars", "Olympics"}
	for d := 1; d <= 20; d++ {
		date := event.Date{Year: 2020, Month: time.March, Day: d}
		for k := 0; k < 3; k++ {
			a, b := topics[(d+k)%5], topics[(d*k+1)%5]
			h := a + " and " + b + " talks continue on day " + string(rune('a'+d))
			events = append(events, event.Event{
				Path: date.Dir() + "/" + event.Slug(h), Date: date, Position: k, Headline: h,
				Entities: []event.Entity{{Title: a}, {Title: b}}, Stories: []string{a + " story"},
			})
		}
	}
	return events
}

func TestComputeForMatchesCompute(t *testing.T) {
	events := subsetArchive()
	want := Compute(events, Options{})
	x := NewIndex(events, Options{})
	got := ComputeFor(x, x.Paths())
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ComputeFor over every path differs from Compute")
	}
	one := events[7].Path
	if part := ComputeFor(x, []string{one, "/no/such/path"}); !reflect.DeepEqual(part[one], want[one]) || len(part) != 1 {
		t.Errorf("ComputeFor(one event) = %v, want %v", part, want[one])
	}
}

func TestSharingTermsFindsEveryEventThatListsIt(t *testing.T) {
	events := subsetArchive()
	all := Compute(events, Options{})
	x := NewIndex(events, Options{})
	target := events[10].Path
	sharing := map[string]bool{}
	for _, p := range x.SharingTerms([]string{target}) {
		sharing[p] = true
	}
	if !sharing[target] {
		t.Errorf("SharingTerms leaves out the event itself")
	}
	for path, list := range all {
		for _, r := range list {
			if r.Path == target && !sharing[path] {
				t.Errorf("%s lists %s but SharingTerms misses it", path, target)
			}
		}
	}
}

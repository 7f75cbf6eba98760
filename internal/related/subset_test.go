package related

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// subsetArchive is a small archive where stories and entities recur over days.
func subsetArchive() []event.Event { return recurringArchive(20) }

// recurringArchive is an archive of three events a day over days days from
// 1 March 2020, where stories and entities recur.
func recurringArchive(days int) []event.Event {
	var events []event.Event
	topics := []string{"North Korea", "South Korea", "Brexit", "Mars", "Olympics"}
	for d := 1; d <= days; d++ {
		date := event.NewDate(time.Date(2020, time.March, d, 0, 0, 0, 0, time.UTC))
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

// Explain gives each listed event as the ranking listed it, in both
// scopes, with the breakdown the ranking's lists leave out, summing to the
// listed score; and false for a path the index does not hold.
func TestExplainGivesWhatTheRankingListed(t *testing.T) {
	events := recurringArchive(400) // into 2021: other years too
	// Events that share only words, across years.
	for d := 1; d <= 40; d++ {
		date := event.NewDate(time.Date(2020+d%2, time.April, d, 0, 0, 0, 0, time.UTC))
		h := "Volcano ash closes Reykjavik airport again on day " + string(rune('a'+d))
		events = append(events, event.Event{Path: date.Dir() + "/" + event.Slug(h), Date: date, Position: 5, Headline: h})
	}
	x := NewIndex(events, Options{})
	for _, scope := range []Scope{OtherYears, Around} {
		y := x.WithScope(scope)
		explained, withWords := 0, 0
		for path, list := range ComputeFor(y, y.Paths()) {
			for _, want := range list {
				if !reflect.DeepEqual(want.Why, Contribution{}) {
					t.Errorf("%s: the ranking listed %s for %s with a breakdown %+v; its lists keep none", scope, want.Path, path, want.Why)
				}
				got, ok := y.Explain(path, want.Path)
				why := got.Why
				got.Why = Contribution{}
				if !ok || !reflect.DeepEqual(got, want) {
					t.Errorf("%s: Explain(%s, %s) = %+v, %v; want %+v", scope, path, want.Path, got, ok, want)
				}
				if want.Score != blend(y.opts.Weights, why.EntityScore, why.Cosine, why.StoryBonus) {
					t.Errorf("%s: %s for %s scored %v; its breakdown %+v sums otherwise", scope, want.Path, path, want.Score, why)
				}
				explained++
				if len(why.Entities) == 0 && len(why.Words) > 0 {
					withWords++ // the context from the shared words
				}
			}
		}
		if explained == 0 || withWords == 0 {
			t.Errorf("%s: %d listed events explained, %d of them by shared words alone; want some of both", scope, explained, withWords)
		}
	}
	if _, ok := x.Explain(events[0].Path, "/no/such/path"); ok {
		t.Errorf("Explain of a path not indexed gave a result")
	}
	if _, ok := x.Explain("/no/such/path", events[0].Path); ok {
		t.Errorf("Explain for a path not indexed gave a result")
	}
}

// The lists do not depend on how many goroutines rank them.
func TestComputeForOnAnyNumberOfWorkers(t *testing.T) {
	events := recurringArchive(300) // 900 events: several blocks of blockSize
	want := Compute(events, Options{})
	x := NewIndex(events, Options{})
	for _, n := range []int{1, 2, 3, 0, -1} {
		if got := ComputeFor(x.WithWorkers(n), x.Paths()); !reflect.DeepEqual(got, want) {
			t.Errorf("on %d workers: the lists differ from Compute's", n)
		}
	}
}

// Candidates shortlisted ahead, on any number of workers, rank to the lists
// ComputeFor gives; shortlists of another index or scope are not used.
func TestComputeShortlistedMatchesComputeFor(t *testing.T) {
	events := recurringArchive(300) // 900 events: several blocks of blockSize
	x := NewIndex(events, Options{})
	paths := x.Paths()
	part := append(paths[10:200:200], "/no/such/path")
	for _, scope := range []Scope{OtherYears, Around, OtherDays} {
		y := x.WithScope(scope)
		for _, n := range []int{1, 2, 0} {
			for name, ps := range map[string][]string{"every event": paths, "some": part} {
				want := ComputeFor(y, ps)
				s := Shortlist(y.WithWorkers(n), ps)
				if got := ComputeShortlisted(y.WithWorkers(n), s); !reflect.DeepEqual(got, want) {
					t.Errorf("scope %v, %d workers, %s: shortlisted lists differ from ComputeFor's", scope, n, name)
				}
				if again := ComputeShortlisted(y, s); !reflect.DeepEqual(again, want) {
					t.Errorf("scope %v, %s: ranking the same shortlists twice gives other lists", scope, name)
				}
			}
		}
	}
	ahead := Shortlist(x.WithScope(Around), paths)
	other := NewIndex(recurringArchive(250), Options{})
	for name, y := range map[string]*Index{"another scope": x.WithScope(OtherYears), "another index": other} {
		if got, want := ComputeShortlisted(y, ahead), ComputeFor(y, paths); !reflect.DeepEqual(got, want) {
			t.Errorf("with %s: the lists differ from ComputeFor's", name)
		}
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

// BestScores gives, for each candidate, the highest score a seed of
// another day gets as its related event, as ranking scores it.
func TestBestScoresAreTheHighestScoreOfASeed(t *testing.T) {
	events := subsetArchive()
	x := NewIndex(events, Options{})
	seeds := []string{events[10].Path, events[31].Path, "/no/such/seed"}
	candidates := []string{events[0].Path, events[11].Path, events[30].Path, events[40].Path, "/no/such/path"}
	best := x.BestScores(candidates, seeds)
	found := 0
	for k, c := range candidates[:4] {
		j := x.byPath[c]
		var want float64
		for _, s := range seeds[:2] {
			if i := x.byPath[s]; x.idx.day[i] != x.idx.day[j] {
				want = max(want, x.idx.score(j, i, x.opts))
			}
		}
		if best[k] != want {
			t.Errorf("BestScores(%s) = %v, want %v", c, best[k], want)
		}
		if want > 0 {
			found++
		}
	}
	if found == 0 {
		t.Errorf("no candidate has a seed that scores: the test shows nothing")
	}
	if best[4] != 0 {
		t.Errorf("BestScores of an unknown path = %v, want 0", best[4])
	}
}

// However many workers count the words, each word gets the number of its
// first appearance and each headline the same counts as one pass gives.
func TestCountWordsIsTheSameOnAnyNumberOfWorkers(t *testing.T) {
	events := subsetArchive()
	for i := range events {
		// Words that first appear late, and repeat within a headline.
		events[i].Headline += fmt.Sprintf(" zeta%d zeta%d omega%d", i%13, i%13, i*i%29)
	}
	idx := &index{events: canonicalOrder(events)}
	wantNames, wantCounts := idx.countWords(false, 1)
	if len(wantNames) < 30 || wantNames[0] != "south" {
		t.Fatalf("one pass numbered %v", wantNames)
	}
	for workers := 2; workers <= 7; workers++ {
		names, counts := idx.countWords(false, workers)
		if !reflect.DeepEqual(names, wantNames) || !reflect.DeepEqual(counts, wantCounts) {
			t.Errorf("%d workers: words or counts differ from one pass", workers)
		}
	}
}

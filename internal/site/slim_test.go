package site

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// TestAppendSlim checks that appendSlim keeps of each event its index
// fields, entities and stories, equal to the event's (nil and empty lists
// as they were), and nothing else; and that the lists it hands out cannot
// grow into each other.
func TestAppendSlim(t *testing.T) {
	d := event.Date{Year: 2020, Month: 5, Day: 1}
	events := []event.Event{
		{Path: "/news/2020/05/1/a", Date: d, Position: 0, Category: "Politics", CategoryOriginal: "Politics and elections",
			Stories: []string{"War", "Siege"}, Headline: "A", Text: "A text.", Mentions: []event.Mention{{Start: 0, End: 1, Title: "X"}},
			Entities: []event.Entity{{Title: "X"}, {Title: "Y"}}, Sources: []event.Source{{Name: "BBC", URL: "https://bbc.co.uk/"}}},
		{Path: "/news/2020/05/1/b", Date: d, Position: 1, Stories: []string{}, Entities: []event.Entity{}},
		{Path: "/news/2020/05/1/c", Date: d, Position: 2, Category: "Sport", Headline: "C", Text: "C — ünïcode.",
			Entities: []event.Entity{{Title: "Z"}}},
	}
	prior := []event.Event{{Path: "/news/2019/01/1/p"}}
	got := appendSlim(prior, events)
	if len(got) != 4 || got[0].Path != prior[0].Path {
		t.Fatalf("appended to %d events; want 1 + 3", len(got))
	}
	for i, e := range events {
		want := event.Event{Path: e.Path, Date: e.Date, Position: e.Position, Category: e.Category,
			Stories: e.Stories, Headline: e.Headline, Text: e.Text, Entities: e.Entities}
		if s := got[i+1]; !reflect.DeepEqual(s, want) {
			t.Errorf("slim %d = %+v; want %+v", i, s, want)
		}
	}
	a := got[1]
	a.Stories = append(a.Stories, "more")
	a.Entities = append(a.Entities, event.Entity{Title: "more"})
	if got[3].Entities[0].Title != "Z" {
		t.Errorf("appending to one event's entities changed the next's: %+v", got[3].Entities)
	}
}

// TestFirstCause checks that loadYear reports the read that failed, not
// the cancellations it caused.
func TestFirstCause(t *testing.T) {
	bad := errors.New("disk I/O error")
	canceled := fmt.Errorf("related lists: %w", context.Canceled)
	tests := []struct {
		errs []error
		want error
	}{
		{[]error{nil, nil, nil}, nil},
		{[]error{canceled, nil, bad}, bad},
		{[]error{nil, bad, canceled}, bad},
		{[]error{canceled, nil}, canceled},
	}
	for _, tt := range tests {
		if got := firstCause(tt.errs); !errors.Is(got, tt.want) || (got == nil) != (tt.want == nil) {
			t.Errorf("firstCause(%v) = %v; want %v", tt.errs, got, tt.want)
		}
	}
}

package store

import (
	"reflect"
	"slices"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

func TestReplacedDayKeepsIdentities(t *testing.T) {
	s, _ := openTemp(t)
	bbc := []event.Source{{Name: "BBC", URL: "https://bbc.example/1"}}
	first := makeDay(t, "2017-11-13", 1, "2017-11-13T10:00:00Z",
		item{headline: "A soldier defects to South Korea.", sources: bbc},
		item{headline: "A storm hits Japan."},
		item{headline: "An election is held in Chile."})
	second := makeDay(t, "2017-11-13", 2, "2017-11-14T10:00:00Z",
		item{headline: "A North Korean soldier defects to South Korea.", sources: bbc},
		item{headline: "A storm hits Japan."},
		item{headline: "A ferry sinks in Indonesia."})
	third := makeDay(t, "2017-11-13", 3, "2017-11-15T10:00:00Z",
		item{headline: "A North Korean soldier defects across the border to South Korea.", sources: bbc},
		item{headline: "A storm hits Japan."},
		item{headline: "A ferry sinks in Indonesia."})
	mustImport(t, s, first)
	mustImport(t, s, second)
	mustImport(t, s, third)

	edited := third.Events[0].Path
	for _, p := range []string{first.Events[0].Path, second.Events[0].Path} {
		rec, err := s.PathHistory(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Current || rec.MovedTo != edited {
			t.Errorf("PathHistory(%s) = %+v, want retired, moved to %s", p, rec, edited)
		}
	}
	if rec, _ := s.PathHistory(ctx, edited); !rec.Current || rec.MovedTo != "" {
		t.Errorf("PathHistory(%s) = %+v, want current", edited, rec)
	}
	want := []string{first.Events[0].Path, second.Events[0].Path}
	slices.Sort(want)
	if each, err := s.FormerPathsOf(ctx, []string{edited, third.Events[1].Path}); err != nil || len(each) != 1 || !reflect.DeepEqual(each[edited], want) {
		t.Errorf("FormerPathsOf = %v, %v; want only %s's, %v", each, err, edited, want)
	}

	gone := first.Events[2]
	removed, err := s.Removed(ctx, gone.Path)
	if err != nil {
		t.Fatal(err)
	}
	if removed.Removed != mustDate(t, "2017-11-14") || !reflect.DeepEqual(removed.Event, normalized([]event.Event{gone})[0]) {
		t.Errorf("Removed(%s) = %+v, want the last text, removed on 2017-11-14", gone.Path, removed)
	}
	retired, err := s.Retired(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(retired.Events, gone.Path) || retired.MovedTo[first.Events[0].Path] != edited {
		t.Errorf("Retired = %+v: want the moved paths leading to %s, the removed event not retired", retired, edited)
	}

	// The removed event comes back: its page is an event's again.
	mustImport(t, s, makeDay(t, "2017-11-13", 4, "2017-11-16T10:00:00Z",
		item{headline: "A North Korean soldier defects across the border to South Korea.", sources: bbc},
		item{headline: "An election is held in Chile."}))
	if _, err := s.Removed(ctx, gone.Path); err == nil {
		t.Errorf("the event back on the portal is still kept as removed")
	}
	if rec, _ := s.PathHistory(ctx, gone.Path); !rec.Current {
		t.Errorf("PathHistory(%s) = %+v, want current", gone.Path, rec)
	}
	list, err := s.RemovedEvents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Event.Path != "/news/2017/11/13/a-ferry-sinks-in-indonesia" {
		t.Errorf("RemovedEvents = %+v, want the ferry and the storm", list)
	}
}

// A replaced day's events whose paths stay keep their ids, so that what
// refers to them by id (related lists, the search index) is unchanged; an
// edited event's new path, and a new event, get new ids, and a category
// first seen on an event that keeps its id still gets its slug.
func TestReplacedDayKeepsEventIDs(t *testing.T) {
	s, _ := openTemp(t)
	first := makeDay(t, "2017-11-13", 1, "2017-11-13T10:00:00Z",
		item{headline: "A soldier defects to South Korea."},
		item{headline: "A storm hits Japan."},
		item{headline: "An election is held in Chile."})
	mustImport(t, s, first, makeDay(t, "2017-11-14", 1, "2017-11-14T10:00:00Z", item{headline: "A ferry sinks."}))
	idOf := func(path string) int {
		t.Helper()
		return count(t, s, `SELECT id FROM events WHERE path = ?`, path)
	}
	before := map[string]int{}
	for _, e := range first.Events {
		before[e.Path] = idOf(e.Path)
	}
	top := count(t, s, `SELECT max(id) FROM events`)

	second := makeDay(t, "2017-11-13", 2, "2017-11-14T10:00:00Z",
		item{headline: "A storm hits Japan."},
		item{headline: "A North Korean soldier defects to South Korea."},
		item{headline: "An election is held in Chile."},
		item{headline: "A volcano erupts in Iceland."})
	second.Events[2].Category = "Disasters and accidents"
	mustImport(t, s, second)

	for _, tt := range []struct {
		path string
		kept bool
	}{
		{second.Events[0].Path, true},
		{second.Events[1].Path, false},
		{second.Events[2].Path, true},
		{second.Events[3].Path, false},
	} {
		id := idOf(tt.path)
		if tt.kept && id != before[tt.path] {
			t.Errorf("%s: id %d, want its id before the replacement, %d", tt.path, id, before[tt.path])
		}
		if !tt.kept && id <= top {
			t.Errorf("%s: id %d, want a new one (above %d)", tt.path, id, top)
		}
	}
	if n := count(t, s, `SELECT count(*) FROM categories WHERE name = 'Disasters and accidents' AND slug <> ''`); n != 1 {
		t.Errorf("the category first seen on a kept event has %d slugged rows, want 1", n)
	}
	assertDayEvents(t, s, second)
}

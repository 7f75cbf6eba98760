package store

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// RecentEdits lists what edits of the portal did to events, newest first
// (EditList, page by page, either way):
// each text an edit replaced, with the event's text now, and each event an
// edit removed, with its last text; an event edited and then removed shows
// its last text beside what it said before.
func TestRecentEditsNewestFirst(t *testing.T) {
	s, _ := openTemp(t)
	mustImport(t, s, makeDay(t, "2017-11-13", 1, "2017-11-13T10:00:00Z",
		item{headline: "A soldier defects to South Korea."},
		item{headline: "A storm hits Japan."},
		item{headline: "An election is held in Chile."}))
	mustImport(t, s, makeDay(t, "2017-11-20", 5, "2017-11-20T10:00:00Z",
		item{headline: "A bridge opens in Norway."},
		item{headline: "A comet is seen over Peru."}))
	mustImport(t, s, makeDay(t, "2017-11-13", 2, "2017-11-14T09:30:00Z",
		item{headline: "A North Korean soldier defects to South Korea."},
		item{headline: "A storm hits Japan."},
		item{headline: "A presidential election is held in Chile."}))
	mustImport(t, s, makeDay(t, "2017-11-20", 6, "2017-11-21T08:00:00Z",
		item{headline: "A bridge opens in Norway."}))
	third := makeDay(t, "2017-11-13", 3, "2017-11-22T08:00:00Z",
		item{headline: "A North Korean soldier defects across the border to South Korea."},
		item{headline: "A storm hits Japan."})
	// The import counts what its edits did, as the list does.
	if got := mustImport(t, s, third); got != (ImportResult{Replaced: 1, EventsEdited: 1, EventsRemoved: 1}) {
		t.Errorf("the third revision's import = %+v, want one event edited and one removed", got)
	}

	at := func(ts string) time.Time { return mustTime(t, ts) }
	soldier, chile := third.Events[0].Path, "/news/2017/11/13/a-presidential-election-is-held-in-chile"
	title := "Portal:Current events/2017-11-13"
	edited := func(path, now string, was EarlierText) EventEdit {
		return EventEdit{Path: path, Date: mustDate(t, "2017-11-13"), DayTitle: title, Headline: now, Earlier: &was, At: was.Replaced,
			OnPortal: path == soldier}
	}
	soldierNow, chileNow := third.Events[0].Headline, "A presidential election is held in Chile."
	// Oldest first: edits of one revision in path order, a text edit
	// before a removal.
	asc := []EventEdit{
		edited(soldier, soldierNow, EarlierText{Headline: "A soldier defects to South Korea.", RevisionID: 1,
			Timestamp: at("2017-11-13T10:00:00Z"), Replaced: at("2017-11-14T09:30:00Z")}),
		edited(chile, chileNow, EarlierText{Headline: "An election is held in Chile.", RevisionID: 1,
			Timestamp: at("2017-11-13T10:00:00Z"), Replaced: at("2017-11-14T09:30:00Z")}),
		{Path: "/news/2017/11/20/a-comet-is-seen-over-peru", Date: mustDate(t, "2017-11-20"), DayTitle: "Portal:Current events/2017-11-20",
			Headline: "A comet is seen over Peru.", Removed: mustDate(t, "2017-11-21"), At: at("2017-11-21T08:00:00Z")},
		edited(soldier, soldierNow, EarlierText{Headline: "A North Korean soldier defects to South Korea.", RevisionID: 2,
			Timestamp: at("2017-11-14T09:30:00Z"), Replaced: at("2017-11-22T08:00:00Z")}),
		{Path: chile, Date: mustDate(t, "2017-11-13"), DayTitle: title, Headline: chileNow,
			Removed: mustDate(t, "2017-11-22"), At: at("2017-11-22T08:00:00Z")},
	}
	desc := slices.Clone(asc)
	slices.Reverse(desc)
	got, err := s.RecentEdits(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, desc) {
		t.Errorf("RecentEdits(10) =\n%+v\nwant\n%+v", got, desc)
	}
	if got, err := s.RecentEdits(ctx, 2); err != nil || !reflect.DeepEqual(got, desc[:2]) {
		t.Errorf("RecentEdits(2) = %+v, %v; want the newest two", got, err)
	}
	// Page by page, either way, every edit comes once.
	for _, tt := range []struct {
		descending bool
		want       []EventEdit
	}{{false, asc}, {true, desc}} {
		var all []EventEdit
		q := EditListQuery{Descending: tt.descending, Limit: 2}
		for pages := 1; ; pages++ {
			page, more, err := s.EditList(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, page...)
			if !more {
				break
			}
			if pages > 3 {
				t.Fatalf("descending %t: more than 3 pages of 2", tt.descending)
			}
			k := page[len(page)-1].Key()
			q.After = &k
		}
		if !reflect.DeepEqual(all, tt.want) {
			t.Errorf("descending %t: paged\n%+v\nwant\n%+v", tt.descending, all, tt.want)
		}
	}
	// From and To are the days the edits were saved on.
	for _, tt := range []struct {
		from, to string
		want     []EventEdit
	}{
		{"2017-11-21", "", asc[2:]},
		{"", "2017-11-21", asc[:3]},
		{"2017-11-15", "2017-11-21", asc[2:3]},
		{"2017-11-23", "", nil},
	} {
		q := EditListQuery{Limit: 10}
		if tt.from != "" {
			q.From = mustDate(t, tt.from)
		}
		if tt.to != "" {
			q.To = mustDate(t, tt.to)
		}
		got, more, err := s.EditList(ctx, q)
		if err != nil || more || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("EditList from %q to %q = %+v, %t, %v; want %+v", tt.from, tt.to, got, more, err, tt.want)
		}
	}
	if _, _, err := s.EditList(ctx, EditListQuery{}); err == nil {
		t.Error("EditList with no limit: no error")
	}
}

// EditMonths counts the edits by the month they were saved in, newest
// first, and EditsBetween lists those of some days, newest first, all.
func TestEditMonthsAndEditsBetween(t *testing.T) {
	s, _ := openTemp(t)
	mustImport(t, s, makeDay(t, "2017-11-30", 1, "2017-11-30T10:00:00Z",
		item{headline: "A storm hits Japan."}, item{headline: "A bridge opens in Norway."}, item{headline: "A comet is seen over Peru."}))
	mustImport(t, s, makeDay(t, "2017-11-30", 2, "2017-11-30T23:59:59Z",
		item{headline: "A typhoon hits Japan."}, item{headline: "A bridge opens in Norway."}, item{headline: "A comet is seen over Peru."}))
	mustImport(t, s, makeDay(t, "2017-11-30", 3, "2017-12-01T00:00:00Z",
		item{headline: "A typhoon hits Japan."}, item{headline: "A new bridge opens in Norway."}))
	mustImport(t, s, makeDay(t, "2017-11-30", 4, "2018-01-03T00:00:00Z",
		item{headline: "A typhoon hits southern Japan."}, item{headline: "A new bridge opens in Norway."}))
	months, err := s.EditMonths(ctx)
	want := []MonthCount{{2018, 1, 1}, {2017, 12, 2}, {2017, 11, 1}}
	if err != nil || !reflect.DeepEqual(months, want) {
		t.Errorf("EditMonths = %v, %v; want %v", months, err, want)
	}
	all, err := s.EditsBetween(ctx, event.Date{}, event.Date{})
	if err != nil || len(all) != 4 {
		t.Fatalf("EditsBetween, open = %d edits, %v; want 4", len(all), err)
	}
	for i := 1; i < len(all); i++ {
		if all[i].At.After(all[i-1].At) {
			t.Errorf("EditsBetween: %v after %v; want the newest first", all[i].At, all[i-1].At)
		}
	}
	dec, err := s.EditsBetween(ctx, mustDate(t, "2017-12-01"), mustDate(t, "2017-12-31"))
	if err != nil || !reflect.DeepEqual(dec, all[1:3]) {
		t.Errorf("EditsBetween December = %+v, %v; want\n%+v", dec, err, all[1:3])
	}
	if got, err := s.EditsBetween(ctx, mustDate(t, "2018-02-01"), event.Date{}); err != nil || len(got) != 0 {
		t.Errorf("EditsBetween after the last = %+v, %v; want none", got, err)
	}
	// Every edit was saved by a stored revision, the newest no later than
	// NewestRevision, which counts the revisions replaced since too.
	mustImport(t, s, makeDay(t, "2017-11-30", 1, "2017-11-30T10:00:00Z",
		item{headline: "A storm hits Japan."}, item{headline: "A bridge opens in Norway."}, item{headline: "A comet is seen over Peru."}))
	if newest, err := s.NewestRevision(ctx); err != nil || !newest.Equal(mustTime(t, "2018-01-03T00:00:00Z")) {
		t.Errorf("NewestRevision = %v, %v; want 2018-01-03", newest, err)
	}
	empty, _ := openTemp(t)
	if newest, err := empty.NewestRevision(ctx); err != nil || !newest.IsZero() {
		t.Errorf("NewestRevision of an empty store = %v, %v; want zero", newest, err)
	}
}

// A store that no edit has touched lists none.
func TestRecentEditsOfAnUneditedStore(t *testing.T) {
	s, _ := openTemp(t)
	mustImport(t, s, makeDay(t, "2017-11-13", 1, "2017-11-13T10:00:00Z", item{headline: "A storm hits Japan."}))
	got, err := s.RecentEdits(ctx, 10)
	if err != nil || len(got) != 0 {
		t.Errorf("RecentEdits = %+v, %v; want none", got, err)
	}
	if months, err := s.EditMonths(ctx); err != nil || len(months) != 0 {
		t.Errorf("EditMonths = %+v, %v; want none", months, err)
	}
}

// A removal stored before the store kept its time (migration 20) is dated
// at the start of the day it was removed.
func TestRecentEditsOfARemovalWithoutItsTime(t *testing.T) {
	s, _ := openTemp(t)
	mustImport(t, s, makeDay(t, "2017-11-20", 5, "2017-11-20T10:00:00Z",
		item{headline: "A bridge opens in Norway."}, item{headline: "A comet is seen over Peru."}))
	mustImport(t, s, makeDay(t, "2017-11-20", 6, "2017-11-21T08:00:00Z", item{headline: "A bridge opens in Norway."}))
	if _, err := s.db.ExecContext(ctx, `UPDATE removed_events SET removed_at = NULL`); err != nil {
		t.Fatal(err)
	}
	got, err := s.RecentEdits(ctx, 10)
	if err != nil || len(got) != 1 || !got[0].At.Equal(time.Date(2017, 11, 21, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("RecentEdits = %+v, %v; want the removal at midnight of 21 November", got, err)
	}
}

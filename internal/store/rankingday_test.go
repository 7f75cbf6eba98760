package store

import (
	"reflect"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// rankingFixture imports days with stories, a repeated entity and events
// given out of page order.
func rankingFixture(t *testing.T, st *Store) {
	t.Helper()
	mustImport(t, st, newSynthetic(12).days(30)...)
	storied := makeDay(t, "2013-06-06", 1, "2013-06-07T00:00:00Z",
		item{headline: "Seoul and Pyongyang talk.", entities: []string{"South Korea", "North Korea", "South Korea"},
			stories: []string{"Korean conflict", "Inter-Korean talks"}},
		item{headline: "A quiet day in Rome.", entities: []string{"Rome"}})
	storied.Events[0].Position, storied.Events[1].Position = 1, 0
	mustImport(t, st, storied)
}

func assertRankingFromTables(t *testing.T, st *Store, step string) {
	t.Helper()
	packed, err := st.RankingEvents(ctx)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	fromTables, err := rankingEventsFromTables(ctx, st.db)
	if err != nil {
		t.Fatal(err)
	}
	if len(packed) == 0 || !reflect.DeepEqual(packed, fromTables) {
		t.Errorf("%s: %d packed ranking events differ from the %d of the tables", step, len(packed), len(fromTables))
		for i := range min(len(packed), len(fromTables)) {
			if !reflect.DeepEqual(packed[i], fromTables[i]) {
				t.Errorf("first difference:\n packed %+v\n tables %+v", packed[i], fromTables[i])
				break
			}
		}
	}
}

// The packed rows must give what the tables hold after every kind of
// import: new days, a replaced day, a day an edit emptied.
func TestRankingEventsEqualThoseOfTheTables(t *testing.T) {
	st, _ := openTemp(t)
	rankingFixture(t, st)
	assertRankingFromTables(t, st, "first import")

	replaced := makeDay(t, "2013-06-06", 2, "2013-06-07T01:00:00Z",
		item{headline: "Seoul and Pyongyang talk again.", entities: []string{"North Korea"}, stories: []string{"Korean conflict"}})
	mustImport(t, st, replaced)
	assertRankingFromTables(t, st, "replaced day")

	emptied := makeDay(t, "2013-06-06", 3, "2013-06-07T02:00:00Z")
	mustImport(t, st, emptied)
	assertRankingFromTables(t, st, "emptied day")
	if n := count(t, st, `SELECT count(*) FROM day_rankings`); n != count(t, st, `SELECT count(*) FROM days`) {
		t.Errorf("%d packed days for %d days", n, count(t, st, `SELECT count(*) FROM days`))
	}
}

// A database of schema 4 gets the packed rows of its days when it is opened.
func TestMigrationPacksTheDaysStoredBefore(t *testing.T) {
	st, path := openTemp(t)
	rankingFixture(t, st)
	// Back to schema 4: undo migration 5 and those after it.
	undo := `DROP TABLE day_rankings; DROP TABLE around_lists;
		CREATE TABLE related_why (event_id INTEGER PRIMARY KEY REFERENCES related_lists (event_id) ON DELETE CASCADE,
			why BLOB NOT NULL) STRICT;
		DROP TABLE event_meta; DROP TABLE source_attempts; DROP TABLE source_meta;
		ALTER TABLE revisions DROP COLUMN comment; DROP TABLE missing_days;
		DROP INDEX path_history_by_moved_to; ALTER TABLE path_history DROP COLUMN moved_to; DROP TABLE removed_events;
		DROP TABLE title_resolutions;
		DROP TABLE search_index; DROP TABLE search_days; DELETE FROM counters WHERE name = 'search_generation';
		DROP TABLE day_counts; DELETE FROM counters WHERE name = 'counts_changed';
		DROP TABLE earlier_texts;
		PRAGMA user_version = 4`
	again := reopenAfter(t, st, path, undo)
	assertRankingFromTables(t, again, "after migration")
}

func TestUnpackRejectsMalformedDays(t *testing.T) {
	date := event.Date{Year: 2013, Month: 6, Day: 6}
	good := string(packRankingDay([]event.Event{{Path: "/news/2013/06/6/a", Headline: "A",
		Entities: []event.Entity{{Title: "X"}}, Stories: []string{"S"}}}))
	tests := map[string]string{
		"empty":           "",
		"cut short":       good[:len(good)-1],
		"trailing bytes":  good + "x",
		"huge count":      "\xff\xff\xff\xff\x0f",
		"unended varint":  "\x80",
		"string too long": "\x01\x00\x7f/news",
	}
	for name, packed := range tests {
		if _, err := unpackRankingDay(date, packed); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if events, err := unpackRankingDay(date, good); err != nil || len(events) != 1 || events[0].Stories[0] != "S" {
		t.Errorf("good day: %+v, %v", events, err)
	}
}

func FuzzUnpackRankingDay(f *testing.F) {
	f.Add(string(packRankingDay([]event.Event{{Path: "/p", Headline: "h", Entities: []event.Entity{{Title: "e"}}}})))
	f.Add("\x02\x00\x01a\x00\x00\x00")
	date := event.Date{Year: 2013, Month: 6, Day: 6}
	f.Fuzz(func(t *testing.T, packed string) {
		events, err := unpackRankingDay(date, packed)
		if err != nil {
			return
		}
		// What unpacks packs back to the same events.
		again, err := unpackRankingDay(date, string(packRankingDay(events)))
		if err != nil || !reflect.DeepEqual(again, events) {
			t.Errorf("repacking %q: %+v, %v; want %+v", packed, again, err, events)
		}
	})
}

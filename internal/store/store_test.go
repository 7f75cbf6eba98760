package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

var ctx = context.Background()

func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "chronicle.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// reopenAfter runs sql on s (taking a database back to an earlier schema,
// say), closes it and opens the file at path again, as a later run would.
func reopenAfter(t *testing.T, s *Store, path, sql string) *Store {
	t.Helper()
	if _, err := s.db.Exec(sql); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { again.Close() })
	return again
}

// mustTime reads an RFC 3339 time.
func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func mustDate(t testing.TB, s string) event.Date {
	t.Helper()
	d, err := event.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustImport(t testing.TB, s *Store, days ...Day) ImportResult {
	t.Helper()
	res, err := s.ImportDays(ctx, days)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// item describes one event of a fixture day.
type item struct {
	headline string
	entities []string
	stories  []string
	sources  []event.Source
}

// makeDay builds a day revision whose events carry the items in page order;
// each entity is mentioned where its title first occurs in the headline.
func makeDay(t testing.TB, date string, rev int64, ts string, items ...item) Day {
	t.Helper()
	d := mustDate(t, date)
	stamp := mustTime(t, ts)
	headlines := make([]string, len(items))
	for i, it := range items {
		headlines[i] = it.headline
	}
	paths := event.Paths(d, headlines)
	day := Day{Date: d, Title: "Portal:Current events/" + date, RevisionID: rev, Timestamp: stamp,
		Wikitext: strings.Join(headlines, "\n")}
	for i, it := range items {
		e := event.Event{Path: paths[i], Date: d, Position: i, Category: "Armed conflicts and attacks",
			CategoryOriginal: "Armed conflict and attacks", Headline: it.headline, Text: it.headline,
			Stories: it.stories, Sources: it.sources}
		for _, title := range it.entities {
			e.Entities = append(e.Entities, event.Entity{Title: title})
			if at := strings.Index(it.headline, title); at >= 0 {
				e.Mentions = append(e.Mentions, event.Mention{Start: at, End: at + len(title), Title: title})
			}
		}
		day.Events = append(day.Events, e)
	}
	return day
}

// normalized returns the events as the store gives them back: empty slices, not nil.
func normalized(events []event.Event) []event.Event {
	out := make([]event.Event, len(events))
	for i, e := range events {
		e.Mentions, e.Stories = nonNil(e.Mentions), nonNil(e.Stories)
		e.Entities, e.Sources = nonNil(e.Entities), nonNil(e.Sources)
		out[i] = e
	}
	return out
}

// assertDayEvents checks that the store holds day's events as they were
// imported.
func assertDayEvents(t *testing.T, s *Store, day Day) {
	t.Helper()
	got, err := s.EventsOfDay(ctx, day.Date)
	if err != nil {
		t.Fatal(err)
	}
	if want := normalized(day.Events); !reflect.DeepEqual(got, want) {
		t.Errorf("events of %s\n got %+v\nwant %+v", day.Date, got, want)
	}
}

func paths(events []event.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.Path
	}
	return out
}

func count(t testing.TB, s *Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.db.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOpenMigratesFreshDatabaseAndReopens(t *testing.T) {
	s, path := openTemp(t)
	if v := count(t, s, `PRAGMA user_version`); v != len(migrations) {
		t.Errorf("user_version = %d, want %d", v, len(migrations))
	}
	var mode string
	if err := s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	if fk := count(t, s, `PRAGMA foreign_keys`); fk != 1 {
		t.Errorf("foreign_keys = %d, want 1", fk)
	}
	for _, table := range []string{"days", "revisions", "events", "entities", "event_entities",
		"stories", "event_stories", "sources", "event_sources", "path_history"} {
		if count(t, s, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, table) != 1 {
			t.Errorf("table %s missing", table)
		}
	}
	mustImport(t, s, makeDay(t, "2013-06-06", 1, "2013-06-07T00:00:00Z", item{headline: "Kept across reopening."}))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer again.Close()
	if _, err := again.Event(ctx, "/news/2013/06/6/kept-across-reopening"); err != nil {
		t.Errorf("after reopening: %v", err)
	}
}

func TestOpenRefusesDatabaseOfNewerSchema(t *testing.T) {
	s, path := openTemp(t)
	if _, err := s.db.Exec(`PRAGMA user_version = 99`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(path)
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("Open = %v, want ErrNewerSchema", err)
	}
	if !strings.Contains(err.Error(), "99") || !strings.Contains(err.Error(), path) {
		t.Errorf("error %q should name the file and its version", err)
	}
}

func TestOpenRejectsWhatIsNotAChronicleStore(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte(strings.Repeat("not a database\n", 500)), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.sqlite")
	db, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE bookmarks (url TEXT)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	tests := []struct {
		name, path, want string
		is               error
	}{
		{"text file", text, "not a SQLite database", ErrNotDatabase},
		{"another program's SQLite database", other, "another program", nil},
		{"directory that does not exist", filepath.Join(dir, "missing", "x.db"), "directory " + filepath.Join(dir, "missing") + " does not exist", nil},
		{"a directory", dir, "is a directory, not a database file", nil},
		{"under a file", filepath.Join(text, "x.db"), text + " is not a directory", nil},
		{"empty path", "", "empty database path", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(tt.path)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("error %q should name %q and say %q", err, tt.path, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
		})
	}
}

func TestEventsRoundTripEveryField(t *testing.T) {
	s, _ := openTemp(t)
	day := makeDay(t, "2013-06-06", 555, "2013-06-07T01:02:03Z",
		item{
			headline: "North Korea restores the Red Cross link with South Korea.",
			entities: []string{"North Korea", "Red Cross", "South Korea"},
			stories:  []string{"Korean conflict", "North Korea–South Korea relations"},
			sources: []event.Source{
				{Name: "Al Jazeera", URL: "http://www.aljazeera.com/news/2013/06/20136715357828174.html"},
				{Name: "Reuters", URL: "https://reuters.example/a?b=1&c=\"2\""},
			},
		},
		item{headline: "Überlingen: «Café» ends — 東京 <script>alert(1)</script>", entities: []string{"Überlingen"}},
		item{headline: "An event with nothing linked."},
	)
	day.Events[2].Mentions, day.Events[2].Entities = []event.Mention{}, []event.Entity{}
	mustImport(t, s, day)
	want := normalized(day.Events)

	for _, e := range want {
		got, err := s.Event(ctx, e.Path)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, e) {
			t.Errorf("Event(%s)\n got %+v\nwant %+v", e.Path, got, e)
		}
	}
	ofDay, err := s.EventsOfDay(ctx, day.Date)
	if err != nil || !reflect.DeepEqual(ofDay, want) {
		t.Errorf("EventsOfDay = %+v, %v\nwant %+v", ofDay, err, want)
	}
	stored, err := s.Day(ctx, day.Date)
	if err != nil {
		t.Fatal(err)
	}
	day.Events, stored.Events = nil, nil
	day.SHA1 = revisionOf(&day).sha1
	if !reflect.DeepEqual(stored, day) {
		t.Errorf("Day\n got %+v\nwant %+v", stored, day)
	}
}

func TestLookupsByEntityAndStoryAreNewestFirst(t *testing.T) {
	s, _ := openTemp(t)
	mustImport(t, s,
		makeDay(t, "2020-01-01", 1, "2020-01-02T00:00:00Z",
			item{headline: "Iran A", entities: []string{"Iran"}, stories: []string{"Gulf crisis"}},
			item{headline: "Iraq B", entities: []string{"Iraq"}, stories: []string{"Gulf crisis", "Oil"}}),
		makeDay(t, "2020-01-03", 1, "2020-01-04T00:00:00Z",
			item{headline: "Iraq C", entities: []string{"Iraq"}},
			item{headline: "Iran and Iraq D", entities: []string{"Iran", "Iraq"}, stories: []string{"Oil"}}),
	)
	tests := []struct {
		name   string
		lookup func(context.Context, string) ([]event.Event, error)
		title  string
		want   []string
	}{
		{"entity on both days", s.EventsOfEntity, "Iraq",
			[]string{"/news/2020/01/3/iraq-c", "/news/2020/01/3/iran-and-iraq-d", "/news/2020/01/1/iraq-b"}},
		{"entity", s.EventsOfEntity, "Iran", []string{"/news/2020/01/3/iran-and-iraq-d", "/news/2020/01/1/iran-a"}},
		{"unknown entity", s.EventsOfEntity, "Atlantis", []string{}},
		{"outer story", s.EventsOfStory, "Gulf crisis", []string{"/news/2020/01/1/iran-a", "/news/2020/01/1/iraq-b"}},
		{"inner and outer story", s.EventsOfStory, "Oil", []string{"/news/2020/01/3/iran-and-iraq-d", "/news/2020/01/1/iraq-b"}},
		{"unknown story", s.EventsOfStory, "Nothing", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.lookup(ctx, tt.title)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(paths(got), tt.want) {
				t.Errorf("%s: got %v, want %v", tt.title, paths(got), tt.want)
			}
		})
	}
}

func TestImportDaysDecidesByRevision(t *testing.T) {
	const date = "2014-03-01"
	first := func(t *testing.T) Day {
		return makeDay(t, date, 100, "2014-03-02T10:00:00Z", item{headline: "First text."})
	}
	tests := []struct {
		name   string
		stored func(*testing.T) Day
		next   func(*testing.T) Day
		want   ImportResult
		path   string // the day's event after the import
	}{
		{"new day is added", nil, first, ImportResult{Added: 1}, "first-text"},
		{"same revision again is unchanged", first, first, ImportResult{Unchanged: 1}, "first-text"},
		{"same text under a later revision id is unchanged", first, func(t *testing.T) Day {
			d := first(t)
			d.RevisionID = 101
			return d
		}, ImportResult{Unchanged: 1}, "first-text"},
		{"higher revision id replaces", first, func(t *testing.T) Day {
			return makeDay(t, date, 101, "2014-03-01T00:00:00Z", item{headline: "Second text."})
		}, ImportResult{Replaced: 1, EventsRemoved: 1}, "second-text"}, // "First text." is no "Second text.": removed
		{"lower revision id is older", first, func(t *testing.T) Day {
			return makeDay(t, date, 99, "2014-03-09T00:00:00Z", item{headline: "Old text."})
		}, ImportResult{Older: 1}, "first-text"},
		{"file with later timestamp replaces", first, func(t *testing.T) Day {
			return makeDay(t, date, 0, "2014-03-02T10:00:01Z", item{headline: "File text."})
		}, ImportResult{Replaced: 1, EventsRemoved: 1}, "file-text"},
		{"file with equal timestamp replaces", first, func(t *testing.T) Day {
			return makeDay(t, date, 0, "2014-03-02T10:00:00Z", item{headline: "File text."})
		}, ImportResult{Replaced: 1, EventsRemoved: 1}, "file-text"},
		{"file with earlier timestamp is older", first, func(t *testing.T) Day {
			return makeDay(t, date, 0, "2014-03-02T09:59:59Z", item{headline: "File text."})
		}, ImportResult{Older: 1}, "first-text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTemp(t)
			if tt.stored != nil {
				mustImport(t, s, tt.stored(t))
			}
			if got := mustImport(t, s, tt.next(t)); got != tt.want {
				t.Errorf("ImportDays = %+v, want %+v", got, tt.want)
			}
			events, err := s.EventsOfDay(ctx, mustDate(t, date))
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"/news/2014/03/1/" + tt.path}; !reflect.DeepEqual(paths(events), want) {
				t.Errorf("events = %v, want %v", paths(events), want)
			}
		})
	}
}

func TestImportSameDaysTwiceChangesNothing(t *testing.T) {
	s, _ := openTemp(t)
	days := newSynthetic(13).days(20)
	if got := mustImport(t, s, days...); got != (ImportResult{Added: 20}) {
		t.Fatalf("first import = %+v", got)
	}
	before, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows := count(t, s, `SELECT (SELECT count(*) FROM revisions) + (SELECT count(*) FROM entities) +
		(SELECT count(*) FROM sources) + (SELECT count(*) FROM path_history) + (SELECT max(id) FROM events)`)
	if got := mustImport(t, s, days...); got != (ImportResult{Unchanged: 20}) {
		t.Errorf("second import = %+v, want all unchanged", got)
	}
	after, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Errorf("stats changed: %+v, then %+v", before, after)
	}
	if again := count(t, s, `SELECT (SELECT count(*) FROM revisions) + (SELECT count(*) FROM entities) +
		(SELECT count(*) FROM sources) + (SELECT count(*) FROM path_history) + (SELECT max(id) FROM events)`); again != rows {
		t.Errorf("rows changed from %d to %d", rows, again)
	}
}

func TestNewerRevisionReplacesEventsAndLinks(t *testing.T) {
	s, _ := openTemp(t)
	old := makeDay(t, "2017-11-13", 1, "2017-11-13T10:00:00Z",
		item{headline: "A soldier defects to South Korea.", entities: []string{"South Korea", "Panmunjom"},
			stories: []string{"Korean crisis"}, sources: []event.Source{{Name: "BBC", URL: "https://bbc.example/1"}}},
		item{headline: "A storm hits Japan.", entities: []string{"Japan"}})
	edited := makeDay(t, "2017-11-13", 2, "2017-11-14T10:00:00Z",
		item{headline: "A Korean People's Army soldier defects to South Korea.", entities: []string{"South Korea"},
			sources: []event.Source{{Name: "Reuters", URL: "https://reuters.example/2"}}},
		item{headline: "A storm hits Japan.", entities: []string{"Japan"}})
	mustImport(t, s, old)
	if got := mustImport(t, s, edited); got != (ImportResult{Replaced: 1, EventsEdited: 1}) {
		t.Fatalf("ImportDays = %+v, want one replaced, its first event's text edited", got)
	}
	assertDayEvents(t, s, edited)
	for _, tt := range []struct {
		name  string
		query string
		want  int
	}{
		{"links to the dropped entity", `SELECT count(*) FROM event_entities l JOIN entities t ON t.id = l.entity_id WHERE t.title = 'Panmunjom'`, 0},
		{"links to the dropped story", `SELECT count(*) FROM event_stories`, 0},
		{"links to the dropped source", `SELECT count(*) FROM event_sources l JOIN sources u ON u.id = l.source_id WHERE u.url = 'https://bbc.example/1'`, 0},
		{"events", `SELECT count(*) FROM events`, 2},
		{"revisions kept", `SELECT count(*) FROM revisions`, 2},
	} {
		if n := count(t, s, tt.query); n != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, n, tt.want)
		}
	}
	for _, tt := range []struct {
		path    string
		current bool
		last    string
	}{
		{old.Events[0].Path, false, "2017-11-13T10:00:00Z"},
		{edited.Events[0].Path, true, "2017-11-14T10:00:00Z"},
		{edited.Events[1].Path, true, "2017-11-14T10:00:00Z"},
	} {
		rec, err := s.PathHistory(ctx, tt.path)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Current != tt.current || rec.LastSeen.Format(time.RFC3339) != tt.last || rec.Date != edited.Date {
			t.Errorf("PathHistory(%s) = %+v, want current %v, last seen %s", tt.path, rec, tt.current, tt.last)
		}
	}
	if rec, _ := s.PathHistory(ctx, edited.Events[1].Path); rec.FirstSeen.Format(time.RFC3339) != "2017-11-13T10:00:00Z" {
		t.Errorf("a kept path's first_seen moved: %+v", rec)
	}
}

func TestOlderRevisionIsKeptButDoesNotReplace(t *testing.T) {
	s, _ := openTemp(t)
	newer := makeDay(t, "2015-05-05", 20, "2015-05-06T00:00:00Z", item{headline: "Newer.", entities: []string{"Nepal"}})
	older := makeDay(t, "2015-05-05", 10, "2015-05-05T00:00:00Z", item{headline: "Older.", entities: []string{"India"}})
	if got := mustImport(t, s, newer, older); got != (ImportResult{Added: 1, Older: 1}) {
		t.Fatalf("ImportDays = %+v", got)
	}
	infos, err := s.Days(ctx)
	if err != nil || len(infos) != 1 || infos[0].RevisionID != 20 || infos[0].Events != 1 {
		t.Fatalf("Days = %+v, %v; want revision 20 current", infos, err)
	}
	if n := count(t, s, `SELECT count(*) FROM revisions WHERE date = '2015-05-05'`); n != 2 {
		t.Errorf("revisions = %d, want both kept", n)
	}
	if _, err := s.PathHistory(ctx, older.Events[0].Path); !errors.Is(err, ErrNotFound) {
		t.Errorf("the older revision's path was recorded: %v", err)
	}
}

func TestDuplicateEntitiesStoriesAndSourcesShareRows(t *testing.T) {
	s, _ := openTemp(t)
	shared := event.Source{Name: "Reuters", URL: "https://reuters.example/shared"}
	mustImport(t, s,
		makeDay(t, "2019-01-01", 1, "2019-01-01T00:00:00Z",
			item{headline: "France and Germany A", entities: []string{"France", "Germany"}, stories: []string{"Brexit"}, sources: []event.Source{shared}},
			item{headline: "France B", entities: []string{"France"}, stories: []string{"Brexit"}, sources: []event.Source{{Name: "Reuters (UK)", URL: shared.URL}}}),
		makeDay(t, "2019-01-02", 1, "2019-01-02T00:00:00Z",
			item{headline: "Germany C", entities: []string{"Germany"}, stories: []string{"Brexit"}, sources: []event.Source{shared}}))
	for table, want := range map[string]int{"entities": 2, "stories": 1, "sources": 1,
		"event_entities": 4, "event_stories": 3, "event_sources": 3} {
		if n := count(t, s, `SELECT count(*) FROM `+table); n != want {
			t.Errorf("%s: %d rows, want %d", table, n, want)
		}
	}
	b, err := s.Event(ctx, "/news/2019/01/1/france-b")
	if err != nil || b.Sources[0].Name != "Reuters (UK)" {
		t.Errorf("a shared URL lost its citation's own name: %+v, %v", b.Sources, err)
	}
}

func TestStatsCountsCurrentArchive(t *testing.T) {
	s, _ := openTemp(t)
	if st, err := s.Stats(ctx); err != nil || st != (Stats{}) {
		t.Errorf("empty store: %+v, %v", st, err)
	}
	src := []event.Source{{Name: "AP", URL: "https://ap.example/1"}}
	mustImport(t, s,
		makeDay(t, "2002-01-01", 1, "2002-01-02T00:00:00Z",
			item{headline: "One", entities: []string{"Afghanistan"}, stories: []string{"War"}, sources: src},
			item{headline: "Two", entities: []string{"Afghanistan", "Pakistan"}}),
		makeDay(t, "2026-03-01", 1, "2026-03-02T00:00:00Z",
			item{headline: "Three", sources: []event.Source{{Name: "AP", URL: "https://ap.example/2"}}}),
		makeDay(t, "2010-07-07", 1, "2010-07-08T00:00:00Z", item{headline: "Dropped later", entities: []string{"Gone"}}))
	mustImport(t, s, makeDay(t, "2010-07-07", 2, "2010-07-09T00:00:00Z", item{headline: "Kept"}))
	want := Stats{Days: 3, Events: 4, EventsWithSource: 2, Entities: 2, Stories: 1, Sources: 2,
		First: mustDate(t, "2002-01-01"), Last: mustDate(t, "2026-03-01")}
	if st, err := s.Stats(ctx); err != nil || st != want {
		t.Errorf("Stats = %+v, %v\nwant %+v", st, err, want)
	}
}

func TestEachEventStreamsInDateAndPageOrder(t *testing.T) {
	s, _ := openTemp(t)
	// Imported out of date order, so that storage order is not date order.
	mustImport(t, s,
		makeDay(t, "2003-03-20", 1, "2003-03-21T00:00:00Z", item{headline: "c1"}, item{headline: "c2"}),
		makeDay(t, "2003-01-10", 1, "2003-01-11T00:00:00Z", item{headline: "a1"}, item{headline: "a2"}, item{headline: "a3"}),
		makeDay(t, "2003-02-15", 1, "2003-02-16T00:00:00Z", item{headline: "b1"}))
	tests := []struct {
		name     string
		from, to string
		want     string
	}{
		{"everything", "", "", "a1 a2 a3 b1 c1 c2"},
		{"from a day", "2003-02-15", "", "b1 c1 c2"},
		{"up to a day", "", "2003-02-15", "a1 a2 a3 b1"},
		{"one day", "2003-01-10", "2003-01-10", "a1 a2 a3"},
		{"between days", "2003-01-11", "2003-02-14", ""},
		{"reversed range", "2003-03-20", "2003-01-10", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var from, to event.Date
			if tt.from != "" {
				from = mustDate(t, tt.from)
			}
			if tt.to != "" {
				to = mustDate(t, tt.to)
			}
			var got []string
			err := s.EachEvent(ctx, from, to, func(e event.Event) error {
				got = append(got, e.Headline)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("EachEvent(%s, %s) = %v, want %s", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestEachEventReturnsCallersError(t *testing.T) {
	s, _ := openTemp(t)
	mustImport(t, s, makeDay(t, "2003-01-10", 1, "2003-01-11T00:00:00Z", item{headline: "a1"}, item{headline: "a2"}))
	stop := errors.New("enough")
	calls := 0
	err := s.EachEvent(ctx, event.Date{}, event.Date{}, func(event.Event) error {
		calls++
		return stop
	})
	if err != stop || calls != 1 {
		t.Errorf("EachEvent = %v after %d calls, want the caller's error after 1", err, calls)
	}
}

func TestLookupsOfMissingThingsAreErrNotFound(t *testing.T) {
	s, _ := openTemp(t)
	mustImport(t, s, makeDay(t, "2013-06-06", 1, "2013-06-07T00:00:00Z", item{headline: "Present."}))
	const missing = "/news/2013/06/6/absent"
	tests := []struct {
		name string
		call func() error
	}{
		{"Event", func() error { _, err := s.Event(ctx, missing); return err }},
		{"PathHistory", func() error { _, err := s.PathHistory(ctx, missing); return err }},
		{"Day", func() error { _, err := s.Day(ctx, mustDate(t, "2013-06-07")); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if !errors.Is(err, ErrNotFound) {
				t.Fatalf("got %v, want ErrNotFound", err)
			}
			if tt.name != "Day" && !strings.Contains(err.Error(), missing) {
				t.Errorf("error %q does not name the path", err)
			}
		})
	}
	if events, err := s.EventsOfDay(ctx, mustDate(t, "2013-06-07")); err != nil || len(events) != 0 {
		t.Errorf("EventsOfDay of an unknown day = %v, %v; want none", events, err)
	}
}

func TestImportRejectsInconsistentDayAndStoresNothing(t *testing.T) {
	good := func(t *testing.T) Day {
		return makeDay(t, "2013-06-06", 1, "2013-06-07T00:00:00Z", item{headline: "One."}, item{headline: "Two."})
	}
	tests := []struct {
		name  string
		spoil func(*Day)
		want  string
	}{
		{"no date", func(d *Day) { d.Date = event.Date{} }, "no date"},
		{"impossible date", func(d *Day) { d.Date.Month = 13 }, "invalid date"},
		{"event of another day", func(d *Day) { d.Events[1].Date.Day = 7 }, "is dated 2013-06-07"},
		{"path outside the day", func(d *Day) { d.Events[0].Path = "/news/2013/06/7/one" }, "not under /news/2013/06/6/"},
		{"empty slug", func(d *Day) { d.Events[0].Path = "/news/2013/06/6/" }, "not under"},
		{"repeated path", func(d *Day) { d.Events[1].Path = d.Events[0].Path }, "same path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTemp(t)
			bad := good(t)
			tt.spoil(&bad)
			other := makeDay(t, "2001-09-11", 1, "2001-09-12T00:00:00Z", item{headline: "Other."})
			_, err := s.ImportDays(ctx, []Day{other, bad})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ImportDays = %v, want an error saying %q", err, tt.want)
			}
			if st, _ := s.Stats(ctx); st.Days != 0 {
				t.Errorf("a rejected batch stored %d days", st.Days)
			}
		})
	}
}

func TestFailedImportRollsBackTheWholeBatch(t *testing.T) {
	s, _ := openTemp(t)
	kept := makeDay(t, "2013-06-06", 1, "2013-06-07T00:00:00Z", item{headline: "Kept.", entities: []string{"Kept"}})
	mustImport(t, s, kept)
	// A trigger makes the database fail halfway, as a full disk would.
	if _, err := s.db.Exec(`CREATE TRIGGER fail BEFORE INSERT ON events WHEN NEW.headline = 'Boom.'
		BEGIN SELECT RAISE(ABORT, 'disk full'); END`); err != nil {
		t.Fatal(err)
	}
	batch := []Day{
		makeDay(t, "2013-06-06", 2, "2013-06-08T00:00:00Z", item{headline: "Replacement."}),
		makeDay(t, "2013-06-09", 1, "2013-06-10T00:00:00Z", item{headline: "Boom."}),
	}
	if _, err := s.ImportDays(ctx, batch); err == nil || !strings.Contains(err.Error(), "2013-06-09") {
		t.Fatalf("ImportDays = %v, want an error naming the day", err)
	}
	got, err := s.EventsOfDay(ctx, kept.Date)
	if err != nil || !reflect.DeepEqual(got, normalized(kept.Events)) {
		t.Errorf("after a failed import the day holds %+v, %v", got, err)
	}
	if n := count(t, s, `SELECT count(*) FROM revisions`); n != 1 {
		t.Errorf("revisions = %d, want the failed batch's rolled back", n)
	}
}

func TestDaysListsCurrentRevisionsInDateOrder(t *testing.T) {
	s, _ := openTemp(t)
	b := makeDay(t, "2004-02-02", 7, "2004-02-03T04:05:06Z", item{headline: "x"}, item{headline: "y"})
	b.SHA1 = "phoiac9h4m842xq45sp7s6u21eteeq1" // MediaWiki's base-36 form is kept as given
	a := makeDay(t, "2004-01-01", 0, "2004-01-02T00:00:00Z")
	mustImport(t, s, b, a)
	got, err := s.Days(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []DayInfo{
		{Date: a.Date, Title: a.Title, RevisionID: 0, Timestamp: a.Timestamp, SHA1: revisionOf(&a).sha1, Events: 0},
		{Date: b.Date, Title: b.Title, RevisionID: 7, Timestamp: b.Timestamp, SHA1: b.SHA1, Events: 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Days\n got %+v\nwant %+v", got, want)
	}
	if len(want[0].SHA1) != 40 {
		t.Errorf("computed SHA1 %q is not hex SHA-1", want[0].SHA1)
	}

	revs, err := s.DayRevisions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantRevs := map[event.Date]DayRevision{
		a.Date: {Title: a.Title, ID: 0, Timestamp: a.Timestamp},
		b.Date: {Title: b.Title, ID: 7, Timestamp: b.Timestamp},
	}
	if !reflect.DeepEqual(revs, wantRevs) {
		t.Errorf("DayRevisions\n got %+v\nwant %+v", revs, wantRevs)
	}
	if rev, err := s.DayRevisionOf(ctx, b.Date); err != nil || rev != wantRevs[b.Date] {
		t.Errorf("DayRevisionOf(%s) = %+v, %v; want %+v", b.Date, rev, err, wantRevs[b.Date])
	}
	if _, err := s.DayRevisionOf(ctx, mustDate(t, "2004-03-03")); !errors.Is(err, ErrNotFound) {
		t.Errorf("DayRevisionOf a day not stored: %v, want ErrNotFound", err)
	}
}

func TestImportHonoursCancelledContext(t *testing.T) {
	s, _ := openTemp(t)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err := s.ImportDays(cancelled, newSynthetic(3).days(2))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("ImportDays = %v, want context.Canceled", err)
	}
}

func TestDayLargerThanOneInsertIsStoredWhole(t *testing.T) {
	s, _ := openTemp(t)
	day := newSynthetic(maxRows + 44).days(1)[0] // more events, entities and sources than one INSERT takes
	mustImport(t, s, day)
	assertDayEvents(t, s, day)
}

func TestRetiredListsWhatOnceHadPages(t *testing.T) {
	s, _ := openTemp(t)
	mustImport(t, s,
		makeDay(t, "2020-01-01", 1, "2020-01-02T00:00:00Z", item{headline: "Gone.", entities: []string{"Gone"}, stories: []string{"Saga"}}),
		makeDay(t, "2020-01-02", 1, "2020-01-03T00:00:00Z", item{headline: "Kept.", entities: []string{"Kept"}}))
	emptied := makeDay(t, "2020-01-01", 2, "2020-01-03T00:00:00Z")
	mustImport(t, s, emptied)
	got, err := s.Retired(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The removed event keeps its page (RemovedEvents), so its path is
	// not among those retired.
	want := Retired{
		MovedTo: map[string]string{},
		Days:    []event.Date{mustDate(t, "2020-01-01")},
		Topics:  []TopicRef{{event.KindStory, "Saga", "saga"}, {event.KindTopic, "Gone", "gone"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Retired = %+v\nwant %+v", got, want)
	}
}

// MappedReads maps the database file on every connection; a store opened
// without it copies pages into its page cache as SQLite does by default.
func TestMappedReads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chronicle.db")
	for _, tt := range []struct {
		name string
		opts []Option
		want int64
	}{
		{"default", nil, 0},
		{"mapped", []Option{MappedReads()}, maxMappedBytes},
	} {
		s, err := Open(path, tt.opts...)
		if err != nil {
			t.Fatal(err)
		}
		mustImport(t, s, makeDay(t, "2017-11-13", 1, "2017-11-13T10:00:00Z", item{headline: "A storm hits Japan."}))
		var got int64
		if err := s.reads.QueryRowContext(ctx, `PRAGMA mmap_size`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%s: mmap_size %d, want %d", tt.name, got, tt.want)
		}
		if _, err := s.Event(ctx, "/news/2017/11/13/a-storm-hits-japan"); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

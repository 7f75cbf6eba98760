package store

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// entityTitles lists the titles the stored events of a day link to, in order.
func entityTitles(t *testing.T, s *Store, date string) []string {
	t.Helper()
	events, err := s.EventsOfDay(ctx, mustDate(t, date))
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, e := range events {
		for _, ent := range e.Entities {
			titles = append(titles, ent.Title)
		}
	}
	return titles
}

func TestImportSeesKeysAnotherProcessStored(t *testing.T) {
	s, path := openTemp(t)
	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	mustImport(t, s, makeDay(t, "2020-01-01", 1, "2020-01-02T00:00:00Z", item{headline: "a", entities: []string{"A"}}))
	mustImport(t, other, makeDay(t, "2020-01-02", 1, "2020-01-03T00:00:00Z", item{headline: "b", entities: []string{"A", "B"}}))
	mustImport(t, s, makeDay(t, "2020-01-03", 1, "2020-01-04T00:00:00Z", item{headline: "c", entities: []string{"B", "C", "A"}}))
	if got, want := entityTitles(t, s, "2020-01-03"), []string{"B", "C", "A"}; !slices.Equal(got, want) {
		t.Errorf("links = %q, want %q", got, want)
	}
	if n := count(t, s, `SELECT count(*) FROM entities`); n != 3 {
		t.Errorf("entities = %d, want 3", n)
	}
	if slug, err := s.Slug(ctx, event.KindTopic, "B"); err != nil || slug != "b" {
		t.Errorf("Slug(B) = %q, %v; want b", slug, err)
	}
}

func TestFailedImportForgetsTheKeysItCreated(t *testing.T) {
	s, _ := openTemp(t)
	if _, err := s.db.Exec(`CREATE TRIGGER fail BEFORE INSERT ON events WHEN NEW.headline = 'Boom.'
		BEGIN SELECT RAISE(ABORT, 'disk full'); END`); err != nil {
		t.Fatal(err)
	}
	boom := makeDay(t, "2020-01-01", 1, "2020-01-02T00:00:00Z",
		item{headline: "Boom.", entities: []string{"New"}, stories: []string{"Story"}})
	if _, err := s.ImportDays(ctx, []Day{boom}); err == nil {
		t.Fatal("ImportDays succeeded despite the failing trigger")
	}
	mustImport(t, s, makeDay(t, "2020-01-02", 1, "2020-01-03T00:00:00Z",
		item{headline: "Fine.", entities: []string{"New"}, stories: []string{"Story"}}))
	if got := entityTitles(t, s, "2020-01-02"); !slices.Equal(got, []string{"New"}) {
		t.Errorf("links = %q, want [New]", got)
	}
	for _, want := range []TopicRef{{event.KindTopic, "New", "new"}, {event.KindStory, "Story", "story"}} {
		if slug, err := s.Slug(ctx, want.Kind, want.Title); err != nil || slug != want.Slug {
			t.Errorf("Slug(%s, %s) = %q, %v; want %q", want.Kind, want.Title, slug, err, want.Slug)
		}
	}
}

func TestReplacingImportChecksForeignKeysAndRestoresThem(t *testing.T) {
	s, _ := openTemp(t)
	s.db.SetMaxOpenConns(1) // the connection the imports used is the one checked
	first := makeDay(t, "2020-01-01", 1, "2020-01-02T00:00:00Z", item{headline: "Old.", entities: []string{"A"}})
	newer := makeDay(t, "2020-01-01", 2, "2020-01-03T00:00:00Z", item{headline: "New.", entities: []string{"B"}})
	res := mustImport(t, s, first, newer)
	if res.Added != 1 || res.Replaced != 1 {
		t.Errorf("ImportDays = %+v, want 1 added, 1 replaced", res)
	}
	if got := entityTitles(t, s, "2020-01-01"); !slices.Equal(got, []string{"B"}) {
		t.Errorf("links = %q, want [B]", got)
	}
	if n := count(t, s, `SELECT count(*) FROM event_entities`); n != 1 {
		t.Errorf("event_entities = %d, want the replaced event's link deleted", n)
	}
	if n := count(t, s, `SELECT foreign_keys FROM pragma_foreign_keys`); n != 1 {
		t.Errorf("foreign_keys = %d after an import, want 1", n)
	}
}

func TestNewCategoryOfALaterBatchGetsItsSlug(t *testing.T) {
	s, _ := openTemp(t)
	mustImport(t, s, makeDay(t, "2020-01-01", 1, "2020-01-02T00:00:00Z", item{headline: "a"}))
	later := makeDay(t, "2020-01-02", 1, "2020-01-03T00:00:00Z", item{headline: "b"})
	later.Events[0].Category = "Sports"
	mustImport(t, s, later)
	if slug, err := s.Slug(ctx, event.KindCategory, "Sports"); err != nil || slug != "sports" {
		t.Errorf("Slug(category Sports) = %q, %v; want sports", slug, err)
	}
}

// A small import into a new Store looks up only its own keys; it must store
// the same rows, with the same ids and slugs, as one with whole caches. The
// import adds a day and replaces one (which is tried twice, see ImportDays).
func TestSmallImportLooksUpOnlyItsKeysAndStoresTheSame(t *testing.T) {
	base, path := openTemp(t)
	src := func(u string) []event.Source { return []event.Source{{Name: "S", URL: "https://s.example/" + u}} }
	mustImport(t, base, makeDay(t, "2020-01-01", 1, "2020-01-02T00:00:00Z",
		item{headline: "New York votes.", entities: []string{"New York", "New York!", "New Yorker"},
			stories: []string{"Vote"}, sources: src("1")}))
	if err := base.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	days := []Day{
		makeDay(t, "2020-01-02", 1, "2020-01-03T00:00:00Z",
			item{headline: "NEW YORK? counts.", entities: []string{"New York", "NEW YORK?", "Brand New"},
				stories: []string{"Vote", "Count"}, sources: append(src("1"), src("2")...)}),
		makeDay(t, "2020-01-01", 2, "2020-01-03T00:00:00Z",
			item{headline: "New York votes again.", entities: []string{"New Yorker", "new york"}, sources: src("3")}),
	}
	tables := map[bool]string{}
	for _, own := range []bool{true, false} {
		copyPath := filepath.Join(t.TempDir(), "copy.db")
		if err := os.WriteFile(copyPath, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		st, err := Open(copyPath)
		if err != nil {
			t.Fatal(err)
		}
		st.batchKeyed = !own // a Store that looked up its keys once reads whole tables
		mustImport(t, st, days...)
		if own == st.keys.entities.synced {
			t.Errorf("own keys %v: the whole caches were read: %v", own, st.keys.entities.synced)
		}
		tables[own] = dumpKeyTables(t, st)
		st.Close()
	}
	if tables[true] != tables[false] {
		t.Errorf("own keys stored\n%s\nwhole caches stored\n%s", tables[true], tables[false])
	}
	if !strings.Contains(tables[true], "NEW YORK? new-york-3") || !strings.Contains(tables[true], "new york new-york-4") {
		t.Errorf("colliding slugs not numbered on:\n%s", tables[true])
	}
}

func dumpKeyTables(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{`SELECT id, title, slug FROM entities ORDER BY id`,
		`SELECT id, title, slug FROM stories ORDER BY id`, `SELECT id, url, '' FROM sources ORDER BY id`} {
		err := eachRow(ctx, s.db, q, nil, func(rows *sql.Rows) error {
			var id int64
			var key, slug string
			err := rows.Scan(&id, &key, &slug)
			fmt.Fprintf(&b, "%d %s %s\n", id, key, slug)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

package store

import (
	"slices"
	"testing"
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
	if slug, err := s.Slug(ctx, SlugTopic, "B"); err != nil || slug != "b" {
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
	for _, want := range []TopicRef{{SlugTopic, "New", "new"}, {SlugStory, "Story", "story"}} {
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
	if slug, err := s.Slug(ctx, SlugCategory, "Sports"); err != nil || slug != "sports" {
		t.Errorf("Slug(category Sports) = %q, %v; want sports", slug, err)
	}
}

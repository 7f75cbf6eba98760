package store

import (
	"slices"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// TestImportAfterTrimKeepsKeysAndSlugs imports, trims the store's caches,
// and imports again: the known keys keep their rows and slugs, and a new
// title whose slug is taken gets the next free one.
func TestImportAfterTrimKeepsKeysAndSlugs(t *testing.T) {
	s, _ := openTemp(t)
	mustImport(t, s, makeDay(t, "2020-01-01", 1, "2020-01-02T00:00:00Z",
		item{headline: "a", entities: []string{"A", "Été"}, stories: []string{"S"}}))
	s.Trim()
	mustImport(t, s, makeDay(t, "2020-01-02", 1, "2020-01-03T00:00:00Z",
		item{headline: "b", entities: []string{"A", "Ete", "B"}, stories: []string{"S"}}))
	if got, want := entityTitles(t, s, "2020-01-02"), []string{"A", "Ete", "B"}; !slices.Equal(got, want) {
		t.Errorf("links = %q, want %q", got, want)
	}
	if n := count(t, s, `SELECT count(*) FROM entities`); n != 4 {
		t.Errorf("entities = %d, want 4 (A, Été, Ete, B)", n)
	}
	for _, want := range []TopicRef{{event.KindTopic, "Été", "ete"}, {event.KindTopic, "Ete", "ete-2"}, {event.KindStory, "S", "s"}} {
		if slug, err := s.Slug(ctx, want.Kind, want.Title); err != nil || slug != want.Slug {
			t.Errorf("Slug(%s, %s) = %q, %v; want %q", want.Kind, want.Title, slug, err, want.Slug)
		}
	}
}

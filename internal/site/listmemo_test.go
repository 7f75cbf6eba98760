package site

import (
	"context"
	"slices"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// TestListPagesAreMadeOncePerGeneration holds every user of the list pages
// — the pages themselves, an incremental build's list of pages to render
// and the sitemaps — to the one making of them per store generation, and
// to making them again after an import.
func TestListPagesAreMadeOncePerGeneration(t *testing.T) {
	ctx := context.Background()
	st := demoStore(t)
	s := New(st, testConfig)
	first, err := s.allListPages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lists, err := s.allTitleCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pathsOfListPages(first, false), listPagePaths(lists, false); !slices.Equal(got, want) {
		t.Errorf("paths of the made list pages = %v, listPagePaths = %v", got, want)
	}
	for i, kind := range event.Kinds {
		for _, p := range first[i] {
			got, err := s.listPageOf(ctx, kind, p.PagePath())
			if err != nil || got != p {
				t.Errorf("listPageOf(%s, %s) = %p, %v; want the page made once, %p", kind, p.PagePath(), got, err, p)
			}
		}
	}
	again, err := s.allListPages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range first {
		if len(first[i]) == 0 || &again[i][0] != &first[i][0] {
			t.Errorf("%s: list pages made again within a generation", event.Kinds[i])
		}
	}
	importEditedDay(t, st)
	after, err := s.allListPages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range first {
		if len(after[i]) > 0 && &after[i][0] == &first[i][0] {
			t.Errorf("%s: list pages of the generation before an import kept after it", event.Kinds[i])
		}
	}
}

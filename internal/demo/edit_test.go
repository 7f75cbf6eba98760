package demo

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/store"
	"github.com/chronicle-archive/chronicle/internal/wcep"
)

// The demo shows edited events: the earlier revision's headline is the
// event's earlier text, and its path leads to the new one.
func TestDemoShowsAnEditedEvent(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	earlier, err := EarlierFiles()
	if err != nil || len(earlier) == 0 {
		t.Fatalf("EarlierFiles() = %d files, %v; want the earlier revisions", len(earlier), err)
	}
	moves, err := d.Store.Moves(ctx)
	if err != nil {
		t.Fatal(err)
	}
	edited := 0
	for from, to := range moves {
		each, err := d.Store.EarlierTextsOf(ctx, []string{to})
		if err != nil {
			t.Fatal(err)
		}
		texts := each[to]
		if len(texts) != 1 || !strings.Contains(texts[0].Headline, "about 80 people") && !strings.Contains(texts[0].Headline, "injuring at least 20 people") {
			t.Errorf("%s, moved from %s: earlier texts %+v, want the earlier revision's headline", to, from, texts)
		}
		edited++
	}
	if edited != 2 {
		t.Errorf("%d edited events, want 2 (the Lake Kivu ferry, the bomb in Kharkiv)", edited)
	}
}

// The earlier revisions parse as the days do, each an earlier revision of
// a day the sample has.
func TestEarlierRevisionsParseWithoutWarnings(t *testing.T) {
	earlier, err := EarlierFiles()
	if err != nil {
		t.Fatal(err)
	}
	days := map[string]bool{}
	for _, f := range mustFiles(t) {
		days[f.Name] = true
	}
	for _, f := range earlier {
		if !days[f.Name] {
			t.Errorf("earlier/%s: the sample has no such day", f.Name)
		}
		day, err := wcep.ParseDay(f.Date, f.Wikitext)
		if err != nil {
			t.Errorf("earlier/%s: %v", f.Name, err)
			continue
		}
		for _, w := range day.Warnings {
			t.Errorf("earlier/%s: warning: %s", f.Name, w)
		}
	}
}

// The demo's edits page has something to show: the ferry's text edited and
// the second boat's report removed, by the revision of the evening.
func TestDemoListsItsEdits(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	edits, err := d.Store.RecentEdits(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range edits {
		switch {
		case e.Earlier != nil && strings.Contains(e.Earlier.Headline, "about 80 people"):
			kinds = append(kinds, "ferry edited")
		case !e.Removed.IsZero() && strings.Contains(e.Headline, "second boat"):
			kinds = append(kinds, "boat removed")
		case e.Earlier != nil && strings.Contains(e.Earlier.Headline, "injuring at least 20 people"):
			kinds = append(kinds, "bomb edited")
		default:
			t.Errorf("unexpected edit %+v", e)
		}
	}
	want := []string{"boat removed", "ferry edited", "bomb edited"} // newest first
	if !slices.Equal(kinds, want) {
		t.Errorf("demo edits: %v, want %v", kinds, want)
	}
	// Saved in two months, so that the pages of each month's edits link
	// each other.
	months, err := d.Store.EditMonths(ctx)
	if wantMonths := []store.MonthCount{{Year: 2025, Month: 3, Events: 2}, {Year: 2024, Month: 11, Events: 1}}; err != nil || !slices.Equal(months, wantMonths) {
		t.Errorf("demo's months of edits: %v, %v; want %v", months, err, wantMonths)
	}
}

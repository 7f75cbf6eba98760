package derive

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/store"
)

// importYears stores three days of two events in each of the years
// from..to.
func importYears(t *testing.T, st *store.Store, from, to int) {
	t.Helper()
	var days []store.Day
	for y := from; y <= to; y++ {
		for d := 1; d <= 3; d++ {
			days = append(days, searchDay(t, fmt.Sprintf("%d-03-%02d", y, d), int64(y*10+d),
				"Red Cross flood relief reaches the delta.", fmt.Sprintf("Flood waters rise in the delta, day %d.", d)))
		}
	}
	if _, err := st.ImportDays(context.Background(), days); err != nil {
		t.Fatal(err)
	}
}

// TestUpdateDerivesEverythingAtTheGeneration checks that Update, which
// writes the counts and the search index while the related pass ranks,
// leaves the lists and the search index stamped with the store's generation,
// after a first import and after a second.
func TestUpdateDerivesEverythingAtTheGeneration(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "chronicle.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, years := range [][2]int{{2020, 2022}, {2023, 2023}} {
		importYears(t, st, years[0], years[1])
		if err := Update(ctx, st); err != nil {
			t.Fatal(err)
		}
		gen, _ := st.Generation(ctx)
		rel, _ := st.RelatedGeneration(ctx)
		search, _ := st.SearchGeneration(ctx)
		if rel != gen || search != gen {
			t.Errorf("after importing %v: related at %d, search at %d, want the generation %d", years, rel, search, gen)
		}
		if got := found(t, st, "flood"); len(got) != 6*(years[1]-2020+1) {
			t.Errorf("after importing %v: %d events found for flood", years, len(got))
		}
	}
}

// TestListsAreNotWrittenWhenTheWritesBeforeFail checks that the related
// pass, whole or incremental, writes no list when the writes it waits for
// (Update's counts and search index) fail, and returns their error.
func TestListsAreNotWrittenWhenTheWritesBeforeFail(t *testing.T) {
	ctx := context.Background()
	failed := errors.New("search index failed")
	tests := []struct {
		name  string
		first bool // whether the lists are computed for the first time
	}{
		{"whole archive", true},
		{"incremental", false},
	}
	for _, tt := range tests {
		st, err := store.Open(filepath.Join(t.TempDir(), "chronicle.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		importYears(t, st, 2020, 2022)
		if !tt.first {
			if _, err := UpdateRelated(ctx, st, false); err != nil {
				t.Fatal(err)
			}
			importYears(t, st, 2023, 2023)
		}
		before, _ := st.RelatedGeneration(ctx)
		calls := 0
		_, err = updateRelated(ctx, st, false, func() error { calls++; return failed })
		if !errors.Is(err, failed) || calls != 1 {
			t.Errorf("%s: error %v after %d calls, want %v after one", tt.name, err, calls, failed)
		}
		if after, _ := st.RelatedGeneration(ctx); after != before {
			t.Errorf("%s: related generation %d → %d, want no lists written", tt.name, before, after)
		}
	}
}

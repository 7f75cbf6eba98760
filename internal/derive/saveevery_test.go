package derive

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/store"
)

// TestSaveEveryInSmallBlocksSavesWhatOneBlockDoes computes every list of
// an archive in blocks of two events, computed while the ones before are
// written, and in one block: the stored lists are the same.
func TestSaveEveryInSmallBlocksSavesWhatOneBlockDoes(t *testing.T) {
	ctx := context.Background()
	stored := map[int]map[store.List]map[string][]store.RelatedEntry{}
	for _, block := range []int{1 << 20, 2} {
		st, err := store.Open(filepath.Join(t.TempDir(), "chronicle.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		var days []store.Day
		for y := 2020; y <= 2023; y++ {
			for d := 1; d <= 3; d++ {
				days = append(days, searchDay(t, fmt.Sprintf("%d-03-%02d", y, d), int64(y*10+d),
					"Red Cross flood relief reaches the delta.", fmt.Sprintf("Flood waters rise in the delta, day %d.", d),
					"Earthquake strikes the coast; Red Cross responds."))
			}
		}
		if _, err := st.ImportDays(ctx, days); err != nil {
			t.Fatal(err)
		}
		defer func(old int) { saveBlock = old }(saveBlock)
		saveBlock = block
		up, err := UpdateRelated(ctx, st, true)
		if err != nil || up.Computed != 36 {
			t.Fatalf("UpdateRelated in blocks of %d = %+v, %v; want 36 events computed", block, up, err)
		}
		stored[block] = map[store.List]map[string][]store.RelatedEntry{}
		for _, list := range store.AllLists {
			stored[block][list] = map[string][]store.RelatedEntry{}
			err := st.EachRelated(ctx, list, func(path string, entries []store.RelatedEntry) error {
				stored[block][list][path] = entries
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := len(stored[2][store.RelatedList]); n != 36 {
		t.Errorf("%d events have related events, want 36", n)
	}
	if !reflect.DeepEqual(stored[2], stored[1<<20]) {
		t.Error("the lists saved in blocks of 2 differ from those saved in one block")
	}
}

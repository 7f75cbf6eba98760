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
// written (with and without blocks ranked ahead before the writer begins),
// and in one block: the stored lists are the same.
func TestSaveEveryInSmallBlocksSavesWhatOneBlockDoes(t *testing.T) {
	ctx := context.Background()
	stored := map[string]map[store.List]map[string][]store.RelatedEntry{}
	for _, c := range []struct{ block, ahead int }{{1 << 20, 3}, {2, 0}, {2, 3}, {2, 100}} {
		block, key := c.block, fmt.Sprintf("blocks of %d, %d ahead", c.block, c.ahead)
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
		defer func(old, ahead int) { saveBlock, waitAhead = old, ahead }(saveBlock, waitAhead)
		saveBlock, waitAhead = block, c.ahead
		up, err := UpdateRelated(ctx, st, true)
		if err != nil || up.Computed != 36 {
			t.Fatalf("UpdateRelated in blocks of %d = %+v, %v; want 36 events computed", block, up, err)
		}
		stored[key] = map[store.List]map[string][]store.RelatedEntry{}
		for _, list := range store.AllLists {
			stored[key][list] = map[string][]store.RelatedEntry{}
			err := st.EachRelated(ctx, list, func(path string, entries []store.RelatedEntry) error {
				stored[key][list][path] = entries
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	one := stored["blocks of 1048576, 3 ahead"]
	if n := len(one[store.RelatedList]); n != 36 {
		t.Errorf("%d events have related events, want 36", n)
	}
	for key, lists := range stored {
		if !reflect.DeepEqual(lists, one) {
			t.Errorf("the lists saved in %s differ from those saved in one block", key)
		}
	}
}

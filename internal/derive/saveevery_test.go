package derive

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/store"
)

// storedLists are every stored list, by list and event path.
type storedLists map[store.List]map[string][]store.RelatedEntry

// floodArchive opens a store holding 36 events over four years, whose
// headlines share words and entities, so that every event has related events.
func floodArchive(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "chronicle.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var days []store.Day
	for y := 2020; y <= 2023; y++ {
		for d := 1; d <= 3; d++ {
			days = append(days, searchDay(t, fmt.Sprintf("%d-03-%02d", y, d), int64(y*10+d),
				"Red Cross flood relief reaches the delta.", fmt.Sprintf("Flood waters rise in the delta, day %d.", d),
				"Earthquake strikes the coast; Red Cross responds."))
		}
	}
	if _, err := st.ImportDays(context.Background(), days); err != nil {
		t.Fatal(err)
	}
	return st
}

// readLists reads every list st holds.
func readLists(t *testing.T, st *store.Store) storedLists {
	t.Helper()
	out := storedLists{}
	for _, list := range store.AllLists {
		out[list] = map[string][]store.RelatedEntry{}
		err := st.EachRelated(context.Background(), list, func(path string, entries []store.RelatedEntry) error {
			out[list][path] = entries
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// inOneBlock computes every list of floodArchive in one block.
func inOneBlock(t *testing.T) storedLists {
	t.Helper()
	defer func(old int) { saveBlock = old }(saveBlock)
	saveBlock = 1 << 20
	st := floodArchive(t)
	if _, err := UpdateRelated(context.Background(), st, true); err != nil {
		t.Fatal(err)
	}
	one := readLists(t, st)
	if n := len(one[store.RelatedList]); n != 36 {
		t.Fatalf("%d events have related events, want 36", n)
	}
	return one
}

// TestSaveEveryInSmallBlocksSavesWhatOneBlockDoes computes every list of
// an archive in blocks of two events, computed while the ones before are
// written (with and without blocks ranked ahead before the writer begins),
// and in one block: the stored lists are the same.
func TestSaveEveryInSmallBlocksSavesWhatOneBlockDoes(t *testing.T) {
	one := inOneBlock(t)
	for _, ahead := range []int{0, 3, 100} {
		func() {
			defer func(old, ahead int) { saveBlock, waitAhead = old, ahead }(saveBlock, waitAhead)
			saveBlock, waitAhead = 2, ahead
			st := floodArchive(t)
			up, err := UpdateRelated(context.Background(), st, true)
			if err != nil || up.Computed != 36 {
				t.Fatalf("UpdateRelated in blocks of 2 = %+v, %v; want 36 events computed", up, err)
			}
			if !reflect.DeepEqual(readLists(t, st), one) {
				t.Errorf("the lists saved in blocks of 2, %d ahead, differ from those saved in one block", ahead)
			}
		}()
	}
}

// TestSaveEveryShortlistsWhileTheQueueIsFull holds the lists' writer back
// until the ranking, its queue full, has found the candidates of the blocks
// after (blockRanker.send): the lists ranked from them are those of one block.
func TestSaveEveryShortlistsWhileTheQueueIsFull(t *testing.T) {
	one := inOneBlock(t)
	for _, ahead := range []int{1, 3, 20} {
		func() {
			defer func(block, wait, short int) { saveBlock, waitAhead, shortlistAhead = block, wait, short }(saveBlock, waitAhead, shortlistAhead)
			saveBlock, waitAhead, shortlistAhead = 2, 0, ahead
			shortlisted := make(chan int, 100)
			defer func() { onShortlist = nil }()
			onShortlist = func(block int) { shortlisted <- block }
			st := floodArchive(t)
			// The writer begins once the ranking has shortlisted as far as
			// it may: the first block queued, the second waiting.
			want := min(ahead, 16)
			wait := func() error {
				for k := range want {
					select {
					case b := <-shortlisted:
						if b != k+2 {
							return fmt.Errorf("shortlisted block %d, want %d", b, k+2)
						}
					case <-time.After(10 * time.Second):
						return fmt.Errorf("%d blocks shortlisted in 10 s, want %d", k, want)
					}
				}
				return nil
			}
			up, err := updateRelated(context.Background(), st, true, wait)
			if err != nil || up.Computed != 36 {
				t.Fatalf("%d ahead: updateRelated = %+v, %v; want 36 events computed", ahead, up, err)
			}
			if !reflect.DeepEqual(readLists(t, st), one) {
				t.Errorf("%d ahead: the lists ranked from shortlists differ from those computed in one block", ahead)
			}
		}()
	}
}

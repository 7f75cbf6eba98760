package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// As many searches run at once as there are slots; another waits for
// one, and gives up with its context.
func TestSearchWaitsForASlot(t *testing.T) {
	st, _ := openTemp(t)
	date := event.Date{Year: 2020, Month: time.May, Day: 1}
	mustImport(t, st, Day{Date: date, Title: "t", RevisionID: 1, Timestamp: date.Time(), Wikitext: "1",
		Events: []event.Event{{Path: date.Dir() + "/flood", Date: date, Category: "Disasters", CategoryOriginal: "Disasters",
			Headline: "A flood", Text: "A flood"}}})
	indexForSearch(t, st)
	q := SearchQuery{Match: `"flood"`, Limit: 10}
	for range cap(st.searches) {
		st.searches <- struct{}{} // every slot taken
	}
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := st.Search(short, q); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("search with every slot taken: %v, want the context's deadline", err)
	}
	done := make(chan error, 1)
	go func() {
		page, err := st.Search(ctx, q)
		if err == nil && page.Total != 1 {
			err = errors.New("not the one match")
		}
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("a search ran with every slot taken: %v", err)
	case <-time.After(20 * time.Millisecond):
	}
	<-st.searches // a slot freed
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(st.searches) != cap(st.searches)-1 {
		t.Errorf("%d slots taken after the search, want %d", len(st.searches), cap(st.searches)-1)
	}
}

// indexForSearch indexes the store's events for search, as an import's
// derive stage does.
func indexForSearch(t *testing.T, st *Store) {
	t.Helper()
	gen, err := st.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.IndexForSearch(ctx, gen, nil); err != nil {
		t.Fatal(err)
	}
}

// Package derive is the stage between the store and the front ends: it keeps
// what Chronicle derives from the stored events current after every import
// or sync — the related events of other years and the events around each
// event (internal/related), the counts of topics, stories and categories,
// and the full-text search index — so that the static build and the server only read.
//
//	source → parse → store → derive → render → site/server
package derive

import (
	"cmp"
	"context"
	"sync"

	"github.com/chronicle-archive/chronicle/internal/store"
)

// Update brings everything the store derives from its events up to date
// after an import: the counts of topics, stories and categories
// (store.UpdateTitleCounts), the search index (UpdateSearch) and the lists
// of related events (UpdateRelated), each in its own transaction.
// Every way into the store (ingest.Import, sync) ends by calling it.
//
// The counts and the search index are written (SQLite's one writer, on one
// core) while the related pass reads the events and builds its ranking
// index and first blocks (on the other); the lists are written after them.
// When the counts or the search index fail, no list is written.
func Update(ctx context.Context, st *store.Store) error {
	written := make(chan error, 1)
	go func() {
		err := st.UpdateTitleCounts(ctx)
		if err == nil {
			_, err = UpdateSearch(ctx, st, false)
		}
		written <- err
	}()
	wait := sync.OnceValue(func() error { return <-written })
	_, err := updateRelated(ctx, st, false, wait)
	return cmp.Or(wait(), err)
}

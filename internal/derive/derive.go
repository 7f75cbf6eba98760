// Package derive is the stage between the store and the front ends: it keeps
// what Chronicle derives from the stored events current after every import
// or sync — the related events of other years and the events around each
// event (internal/related), the counts of topics, stories and categories,
// and the full-text search index — so that the static build and the server only read.
//
//	source → parse → store → derive → render → site/server
package derive

import (
	"context"

	"github.com/chronicle-archive/chronicle/internal/store"
)

// Update brings everything the store derives from its events up to date
// after an import: the counts of topics, stories and categories
// (store.UpdateTitleCounts), the lists of related events (UpdateRelated)
// and the search index (UpdateSearch).
// Every way into the store (ingest.Import, sync) ends by calling it.
func Update(ctx context.Context, st *store.Store) error {
	if err := st.UpdateTitleCounts(ctx); err != nil {
		return err
	}
	if _, err := UpdateRelated(ctx, st, false); err != nil {
		return err
	}
	_, err := UpdateSearch(ctx, st, false)
	return err
}

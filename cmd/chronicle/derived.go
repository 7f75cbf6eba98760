package main

import (
	"context"

	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// updateDerived brings the data derived from the events (related events,
// topic counts) up to date after an import or a sync, so that show, serve
// and build see them. Every ingest path calls it, and only it.
func updateDerived(ctx context.Context, st *store.Store) error {
	return site.UpdateDerived(ctx, st)
}

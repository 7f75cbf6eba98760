package derive

import (
	"context"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// UpdateSearch brings the full-text search index (docs/search.md) up to
// date with the store's events: when it was never built, or with full, it
// indexes every event; otherwise it indexes again the events of the days
// changed since its stamp, whose old rows go (a replaced or removed event
// leaves the index). Either way the summaries enrichment changed since they
// were indexed are indexed again.
func UpdateSearch(ctx context.Context, st *store.Store, full bool) (store.IndexUpdate, error) {
	gen, err := st.Generation(ctx)
	if err != nil {
		return store.IndexUpdate{}, err
	}
	done, err := st.SearchGeneration(ctx)
	if err != nil {
		return store.IndexUpdate{}, err
	}
	if full || done < 0 {
		return st.IndexForSearch(ctx, gen, nil)
	}
	days := []event.Date{}
	if done < gen {
		changes, err := st.ChangedDays(ctx, done)
		if err != nil {
			return store.IndexUpdate{}, err
		}
		for _, c := range changes {
			days = append(days, c.Date)
		}
	}
	return st.IndexForSearch(ctx, gen, days)
}

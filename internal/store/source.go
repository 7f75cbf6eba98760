package store

import (
	"context"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// sourceLinks gathers the links of events to their cited sources in an
// import transaction. A URL is one row however many events cite it; the name
// is kept per citation, as pages name the same report differently.
type sourceLinks struct {
	ids  *idCache
	rows *rowInserter
}

func newSourceLinks(p *preparer) sourceLinks {
	return sourceLinks{
		ids:  newIDCache(p, "sources", "url"),
		rows: newRowInserter(p.tx, `INSERT INTO event_sources (event_id, source_id, ord, name) VALUES`, 4, ""),
	}
}

// resolve finds or creates the ids of the events' source URLs.
func (l sourceLinks) resolve(ctx context.Context, events []event.Event) error {
	var urls []string
	for _, e := range events {
		for _, src := range e.Sources {
			urls = append(urls, src.URL)
		}
	}
	return l.ids.resolve(ctx, urls)
}

// add queues the event's sources, in page order.
func (l sourceLinks) add(eventID int64, sources []event.Source) {
	for ord, src := range sources {
		l.rows.add(eventID, l.ids.ids[src.URL], ord, src.Name)
	}
}

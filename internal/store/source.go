package store

import (
	"database/sql"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// sourceLinks gathers the links of events to their cited sources in an
// import transaction. A URL is one row however many events cite it; the name
// is kept per citation, as pages name the same report differently.
type sourceLinks struct {
	ids  *keyLinks
	rows *rowInserter
}

func newSourceLinks(tx *sql.Tx, cache *keyTable) sourceLinks {
	return sourceLinks{
		ids:  newKeyLinks(tx, cache),
		rows: newRowInserter(tx, `INSERT INTO event_sources (event_id, source_id, ord, name) VALUES`, 4, ""),
	}
}

// add queues the event's sources, in page order, and the URLs not stored yet.
func (l sourceLinks) add(eventID int64, sources []event.Source) {
	for ord, src := range sources {
		l.rows.add(eventID, l.ids.id(src.URL), ord, src.Name)
	}
}

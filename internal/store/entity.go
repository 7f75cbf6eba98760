package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// entityLinks gathers the links of events to their entities in an import
// transaction.
type entityLinks struct {
	ids  *keyLinks
	rows *rowInserter
}

func newEntityLinks(tx *sql.Tx, cache *keyTable) entityLinks {
	return entityLinks{
		ids:  newKeyLinks(tx, cache),
		rows: newRowInserter(tx, `INSERT INTO event_entities (event_id, entity_id, ord) VALUES`, 3, ""),
	}
}

// add queues the event's links, in order, and the entities not stored yet.
func (l entityLinks) add(eventID int64, entities []event.Entity) {
	for ord, ent := range entities {
		l.rows.add(eventID, l.ids.id(ent.Title), ord)
	}
}

// EventsOfEntity returns the events that link to the entity, newest day
// first and in page order within a day; none when no event links to it.
func (s *Store) EventsOfEntity(ctx context.Context, title string) ([]event.Event, error) {
	events, err := s.collectEvents(ctx, selectEvents+`
		WHERE e.id IN (SELECT l.event_id FROM event_entities l JOIN entities t ON t.id = l.entity_id
		               WHERE t.title = ?)
		ORDER BY e.date DESC, e.position`, title)
	if err != nil {
		return nil, fmt.Errorf("events of entity %q: %w", title, err)
	}
	return events, nil
}

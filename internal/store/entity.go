package store

import (
	"context"
	"fmt"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// entityLinks gathers the links of events to their entities in an import
// transaction.
type entityLinks struct {
	ids  *idCache
	rows *rowInserter
}

func newEntityLinks(p *preparer) entityLinks {
	return entityLinks{
		ids:  newIDCache(p, "entities", "title"),
		rows: newRowInserter(p.tx, `INSERT INTO event_entities (event_id, entity_id, ord) VALUES`, 3, ""),
	}
}

// resolve finds or creates the ids of the events' entities.
func (l entityLinks) resolve(ctx context.Context, events []event.Event) error {
	var titles []string
	for _, e := range events {
		for _, ent := range e.Entities {
			titles = append(titles, ent.Title)
		}
	}
	return l.ids.resolve(ctx, titles)
}

// add queues the event's links, in order; resolve must have seen the entities.
func (l entityLinks) add(eventID int64, entities []event.Entity) {
	for ord, ent := range entities {
		l.rows.add(eventID, l.ids.ids[ent.Title], ord)
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

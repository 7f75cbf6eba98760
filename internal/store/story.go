package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// storyLinks gathers the links of events to the stories they are nested
// under in an import transaction.
type storyLinks struct {
	ids  *keyLinks
	rows *rowInserter
}

func newStoryLinks(tx *sql.Tx, cache *keyTable) storyLinks {
	return storyLinks{
		ids:  newKeyLinks(tx, cache),
		rows: newRowInserter(tx, `INSERT INTO event_stories (event_id, story_id, depth) VALUES`, 3, ""),
	}
}

// add queues the story path, outermost first, as depths 0, 1, 2…, and the
// stories not stored yet.
func (l storyLinks) add(eventID int64, stories []string) {
	for depth, title := range stories {
		l.rows.add(eventID, l.ids.id(title), depth)
	}
}

// EventsOfStory returns the events nested under the story at any depth,
// newest day first and in page order within a day; none when the story is unknown.
func (s *Store) EventsOfStory(ctx context.Context, title string) ([]event.Event, error) {
	events, err := s.collectEvents(ctx, selectEvents+`
		WHERE e.id IN (SELECT l.event_id FROM event_stories l JOIN stories t ON t.id = l.story_id
		               WHERE t.title = ?)
		ORDER BY e.date DESC, e.position`, title)
	if err != nil {
		return nil, fmt.Errorf("events of story %q: %w", title, err)
	}
	return events, nil
}

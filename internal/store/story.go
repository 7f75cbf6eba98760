package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

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
// stories not stored yet. Each title is filed under its story's first
// stored variant (see storyfold.go), and a story met twice in one path
// (as two variants) once.
func (l storyLinks) add(eventID int64, stories []string) {
	var seen []int64
	for _, title := range stories {
		id := l.ids.canonical(title)
		if slices.Contains(seen, id) {
			continue
		}
		l.rows.add(eventID, id, len(seen))
		seen = append(seen, id)
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

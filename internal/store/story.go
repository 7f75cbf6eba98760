package store

import (
	"context"
	"fmt"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// storyLinks gathers the links of events to the stories they are nested
// under in an import transaction.
type storyLinks struct {
	ids  *idCache
	rows *rowInserter
}

func newStoryLinks(p *preparer) storyLinks {
	return storyLinks{
		ids:  newIDCache(p, "stories", "title"),
		rows: newRowInserter(p.tx, `INSERT INTO event_stories (event_id, story_id, depth) VALUES`, 3, ""),
	}
}

// resolve finds or creates the ids of the events' stories.
func (l storyLinks) resolve(ctx context.Context, events []event.Event) error {
	var titles []string
	for _, e := range events {
		titles = append(titles, e.Stories...)
	}
	return l.ids.resolve(ctx, titles)
}

// add queues the story path, outermost first, as depths 0, 1, 2…
func (l storyLinks) add(eventID int64, stories []string) {
	for depth, title := range stories {
		l.rows.add(eventID, l.ids.ids[title], depth)
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

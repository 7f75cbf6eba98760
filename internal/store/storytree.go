package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// StoryPaths returns the story path (outermost first) of every current event
// filed under the story, at any depth, in no particular order: what a story
// page reads its parents and sub-stories from.
func (s *Store) StoryPaths(ctx context.Context, title string) ([][]string, error) {
	var out [][]string
	err := eachRow(ctx, s.reads, `
		SELECT (SELECT json_group_array(t.title ORDER BY o.depth)
		          FROM event_stories o JOIN stories t ON t.id = o.story_id WHERE o.event_id = l.event_id)
		FROM event_stories l JOIN stories s ON s.id = l.story_id WHERE s.title = ?`, []any{title},
		func(rows *sql.Rows) error {
			var raw []byte
			if err := rows.Scan(&raw); err != nil {
				return err
			}
			path, err := decodeStrings(raw)
			out = append(out, path)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("story paths of %q: %w", title, err)
	}
	return out, nil
}

// MonthCount is how many events fall in one month.
type MonthCount struct {
	Year, Month, Events int
}

// TopicMonths counts the events of a topic, story or category per month,
// oldest first, months without events left out.
func (s *Store) TopicMonths(ctx context.Context, kind event.Kind, title string) ([]MonthCount, error) {
	idx, err := s.topics(ctx)
	if err != nil {
		return nil, fmt.Errorf("months of %s %q: %w", kind, title, err)
	}
	ranks, err := idx.events(kind, title)
	if err != nil {
		return nil, fmt.Errorf("months of %s %q: %w", kind, title, err)
	}
	return idx.monthCounts(ranks), nil
}

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// TopicListing returns every event of a topic, story or category in
// TopicEventsPage's order (newest day first, page order within a day),
// with only what a page listing events shows (render.IndexEventOf): path,
// date, position, category, headline, text and stories. Their entities,
// sources and mentions are left empty: reading those for the thousands of
// events of a country or a category is most of the time of rendering its
// pages (docs/performance.md).
func (s *Store) TopicListing(ctx context.Context, kind event.Kind, title string) ([]event.Event, error) {
	filter, err := topicFilter(kind)
	if err != nil {
		return nil, err
	}
	events := []event.Event{}
	err = eachRow(ctx, s.db, `SELECT e.path, e.date, e.position, e.category, e.category_original, e.headline, e.text,
	       (SELECT json_group_array(s.title ORDER BY l.depth)
	          FROM event_stories l JOIN stories s ON s.id = l.story_id WHERE l.event_id = e.id)
		FROM events e WHERE `+filter+` ORDER BY e.date DESC, e.position`, []any{title}, func(rows *sql.Rows) error {
		e, err := scanListed(rows)
		if err != nil {
			return err
		}
		events = append(events, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing of %s %q: %w", kind, title, err)
	}
	return events, nil
}

// scanListed reads one row of TopicListing's query.
func scanListed(rows *sql.Rows) (event.Event, error) {
	e := event.Event{Mentions: []event.Mention{}, Entities: []event.Entity{}, Sources: []event.Source{}, Stories: []string{}}
	var date string
	var stories sql.RawBytes
	if err := rows.Scan(&e.Path, &date, &e.Position, &e.Category, &e.CategoryOriginal, &e.Headline, &e.Text, &stories); err != nil {
		return e, err
	}
	var err error
	if e.Date, err = event.ParseDate(date); err != nil {
		return e, fmt.Errorf("event %s: stored %w", e.Path, err)
	}
	if err := json.Unmarshal(stories, &e.Stories); err != nil {
		return e, fmt.Errorf("event %s: stored stories: %w", e.Path, err)
	}
	return e, nil
}

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// TopicListing returns every event of a topic, story or category in
// TopicEvents's order (newest day first, page order within a day),
// with only what a page listing events shows (render.IndexEventOf): path,
// date, position, category, headline, text and stories. Their entities,
// sources and mentions are left empty: reading those for the thousands of
// events of a country or a category is most of the time of rendering its
// pages (docs/performance-log.md).
func (s *Store) TopicListing(ctx context.Context, kind event.Kind, title string) ([]event.Event, error) {
	filter, err := topicFilter(kind)
	if err != nil {
		return nil, err
	}
	events, err := s.listing(ctx, filter, newestFirst, []any{title})
	if err != nil {
		return nil, fmt.Errorf("listing of %s %q: %w", kind, title, err)
	}
	return events, nil
}

// listingColumns are what TopicListing reads of an event, from events e.
const listingColumns = `SELECT e.path, e.date, e.position, e.category, e.category_original, e.headline, e.text,
	       (SELECT json_group_array(s.title ORDER BY l.depth)
	          FROM event_stories l JOIN stories s ON s.id = l.story_id WHERE l.event_id = e.id)
		FROM events e WHERE `

// The orders of a listing: by day, newest or oldest first, and in page
// order within a day.
const (
	newestFirst = ` ORDER BY e.date DESC, e.position`
	oldestFirst = ` ORDER BY e.date, e.position`
)

// listing reads the listed events that filter (with args) selects, in
// order (newestFirst, TopicListing's, or oldestFirst).
func (s *Store) listing(ctx context.Context, filter, order string, args []any) ([]event.Event, error) {
	events := []event.Event{}
	err := eachRow(ctx, s.reads, listingColumns+filter+order, args, func(rows *sql.Rows) error {
		e, err := scanListed(rows)
		if err != nil {
			return err
		}
		events = append(events, e)
		return nil
	})
	return events, err
}

// TopicListingBetween returns what TopicListing does of the events dated
// from to to (inclusive): limit of them after the first offset. With
// byDate, they are found by date, then checked for the title (cheaper when
// the dates hold fewer events than the title has); else by title. An
// incremental build reads with it only the pages of a title that list a
// changed event.
func (s *Store) TopicListingBetween(ctx context.Context, kind event.Kind, title string, from, to event.Date,
	offset, limit int, byDate bool) ([]event.Event, error) {
	filter, err := topicFilter(kind)
	if err != nil {
		return nil, err
	}
	// The ids first, so that the stories of the events skipped are not read.
	events, err := s.listing(ctx, `e.id IN (SELECT e.id FROM events e `+indexedByDate(byDate)+`WHERE `+filter+`
		AND e.date BETWEEN ? AND ? ORDER BY e.date DESC, e.position LIMIT ? OFFSET ?)`, newestFirst,
		[]any{title, from.String(), to.String(), limit, offset})
	if err != nil {
		return nil, fmt.Errorf("listing of %s %q, %s to %s, from %d: %w", kind, title, from, to, offset, err)
	}
	return events, nil
}

func indexedByDate(byDate bool) string {
	if byDate {
		return `INDEXED BY events_by_date `
	}
	return ""
}

// TopicDayPlace counts the events of a topic, story or category dated
// after day d up to day to, and those of day d: where d's events stand in
// its listing (TopicListing's order, newest first), once the events after
// to are counted. They are found by date (few, when to is near d).
func (s *Store) TopicDayPlace(ctx context.Context, kind event.Kind, title string, d, to event.Date) (after, on int, err error) {
	filter, err := topicFilter(kind)
	if err != nil {
		return 0, 0, err
	}
	day := d.String()
	err = s.reads.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE e.date > ?2), count(*) FILTER (WHERE e.date = ?2)
		FROM events e INDEXED BY events_by_date WHERE `+strings.Replace(filter, "?", "?1", 1)+` AND e.date BETWEEN ?2 AND ?3`,
		title, day, to.String()).Scan(&after, &on)
	if err != nil {
		return 0, 0, fmt.Errorf("place of %s in %s %q: %w", day, kind, title, err)
	}
	return after, on, nil
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

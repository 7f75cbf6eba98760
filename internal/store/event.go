package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/chronicle-archive/chronicle/internal/event"
)

func newEventInserter(tx *sql.Tx) *rowInserter {
	return newRowInserter(tx, `INSERT INTO events
		(id, path, date, position, category, category_original, headline, text, mentions) VALUES`, 9, "")
}

// addEvents queues a day's events with their links and records their paths
// as current, seen in the revision of timestamp seen. An event whose path
// kept has an id keeps it (a replaced day's: what names it by id, related
// lists and the search index, stays right); the others get new ones.
func (im *importer) addEvents(events []event.Event, seen string, kept map[string]int64) error {
	for i := range events {
		e := &events[i]
		mentions, err := json.Marshal(nonNil(e.Mentions))
		if err != nil {
			return fmt.Errorf("event %s: encode mentions: %w", e.Path, err)
		}
		id, ok := kept[e.Path]
		if ok {
			// The batch's new categories are looked for from its lowest id.
			im.firstEventID = min(im.firstEventID, id)
		} else {
			id = im.nextEventID
			im.nextEventID++
		}
		date := e.Date.String()
		im.events.add(id, e.Path, date, e.Position, e.Category, e.CategoryOriginal, e.Headline, e.Text, string(mentions))
		im.entities.add(id, e.Entities)
		im.stories.add(id, e.Stories)
		im.sources.add(id, e.Sources)
		im.paths.add(e.Path, date, seen, seen, 1)
		im.categories[e.Category] = true
	}
	return nil
}

// selectEvents reads every field of an event in one row: the links come as
// JSON arrays from correlated subqueries, so that reading many events costs
// one query, not one per event.
const selectEvents = `
	SELECT e.path, e.date, e.position, e.category, e.category_original, e.headline, e.text, e.mentions,
	       (SELECT json_group_array(s.title ORDER BY l.depth)
	          FROM event_stories l JOIN stories s ON s.id = l.story_id WHERE l.event_id = e.id),
	       (SELECT json_group_array(t.title ORDER BY l.ord)
	          FROM event_entities l JOIN entities t ON t.id = l.entity_id WHERE l.event_id = e.id),
	       (SELECT json_group_array(json_array(l.name, s.url) ORDER BY l.ord)
	          FROM event_sources l JOIN sources s ON s.id = l.source_id WHERE l.event_id = e.id)
	FROM events e`

// Event returns the event at path, or ErrNotFound.
func (s *Store) Event(ctx context.Context, path string) (event.Event, error) {
	events, err := s.collectEvents(ctx, selectEvents+` WHERE e.path = ?`, path)
	if err != nil {
		return event.Event{}, fmt.Errorf("event %s: %w", path, err)
	}
	if len(events) == 0 {
		return event.Event{}, fmt.Errorf("event %s: %w", path, ErrNotFound)
	}
	return events[0], nil
}

// maxDate sorts after every stored date.
const maxDate = "9999-99-99"

// EachEvent calls fn for every event with from <= date <= to, in date and page
// order; a zero from or to leaves that end open. Events are streamed, not
// loaded at once. An error from fn stops the walk and is returned as is.
func (s *Store) EachEvent(ctx context.Context, from, to event.Date, fn func(event.Event) error) error {
	upper := maxDate
	if !to.IsZero() {
		upper = to.String()
	}
	query := selectEvents + ` WHERE e.date BETWEEN ? AND ? ORDER BY e.date, e.position`
	var fnErr error
	err := s.eachEvent(ctx, query, []any{from.String(), upper}, func(e event.Event) error {
		fnErr = fn(e)
		return fnErr
	})
	if fnErr != nil {
		return fnErr
	}
	if err != nil {
		return fmt.Errorf("events from %s to %s: %w", from, to, err)
	}
	return nil
}

// EventsOfDay returns the day's events in page order; none when the day is unknown.
func (s *Store) EventsOfDay(ctx context.Context, d event.Date) ([]event.Event, error) {
	events, err := collectEventsOf(ctx, s.reads, d)
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", d, err)
	}
	return events, nil
}

// eachEvent runs query and calls fn with each event it reads.
func (s *Store) eachEvent(ctx context.Context, query string, args []any, fn func(event.Event) error) error {
	return eachRow(ctx, s.reads, query, args, func(rows *sql.Rows) error {
		e, err := scanEvent(rows)
		if err != nil {
			return err
		}
		return fn(e)
	})
}

// collectEvents runs query and returns the events it reads, never nil.
func (s *Store) collectEvents(ctx context.Context, query string, args ...any) ([]event.Event, error) {
	events := []event.Event{}
	err := s.eachEvent(ctx, query, args, func(e event.Event) error {
		events = append(events, e)
		return nil
	})
	return events, err
}

// scanEvent reads one row of selectEvents. Slices come back empty, never nil,
// so that JSON shows [] rather than null.
func scanEvent(rows *sql.Rows) (event.Event, error) {
	var e event.Event
	var date string
	var mentions, stories, entities, sources sql.RawBytes
	err := rows.Scan(&e.Path, &date, &e.Position, &e.Category, &e.CategoryOriginal, &e.Headline, &e.Text,
		&mentions, &stories, &entities, &sources)
	if err != nil {
		return e, err
	}
	if e.Date, err = event.ParseDate(date); err != nil {
		return e, fmt.Errorf("event %s: stored %w", e.Path, err)
	}
	e.Mentions = []event.Mention{}
	e.Stories = []string{}
	var titles []string
	var pairs [][2]string
	for _, f := range []struct {
		name string
		raw  []byte
		into any
	}{{"mentions", mentions, &e.Mentions}, {"stories", stories, &e.Stories},
		{"entities", entities, &titles}, {"sources", sources, &pairs}} {
		if err := json.Unmarshal(f.raw, f.into); err != nil {
			return e, fmt.Errorf("event %s: stored %s: %w", e.Path, f.name, err)
		}
	}
	e.Entities = make([]event.Entity, len(titles))
	for i, t := range titles {
		e.Entities[i] = event.Entity{Title: t}
	}
	e.Sources = make([]event.Source, len(pairs))
	for i, p := range pairs {
		e.Sources[i] = event.Source{Name: p[0], URL: p[1]}
	}
	return e, nil
}

// nonNil returns s, or an empty slice for nil, so that it encodes as [].
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

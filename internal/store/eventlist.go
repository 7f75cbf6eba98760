package store

import (
	"context"
	"fmt"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// EventKey is an event's place in date and page order: the key that
// EventList pages through. Events imported later fall before or after a
// key, never onto it, so a page that starts after a key neither repeats nor
// skips the events already listed when new days arrive.
type EventKey struct {
	Date     event.Date
	Position int
}

// EventListQuery selects a page of events in date and page order.
type EventListQuery struct {
	// From and To limit the days, both included; zero: open.
	From, To event.Date
	// Kind and Title keep the events of one topic, story or category; an
	// empty Kind keeps every event.
	Kind  event.Kind
	Title string
	// After, when set, starts the page after this key (before it when
	// Descending).
	After *EventKey
	// Descending lists the newest first (and, within a day, the last on
	// the page first).
	Descending bool
	// Limit is the page size; it must be positive.
	Limit int
}

// EventList returns a page of the events q selects, and whether more
// follow it.
func (s *Store) EventList(ctx context.Context, q EventListQuery) ([]event.Event, bool, error) {
	if q.Limit <= 0 {
		return nil, false, fmt.Errorf("event list: limit %d: want a positive number", q.Limit)
	}
	where, args := "e.date BETWEEN ? AND ?", []any{q.From.String(), maxDate}
	if !q.To.IsZero() {
		args[1] = q.To.String()
	}
	if q.Kind != "" {
		filter, err := topicFilter(q.Kind)
		if err != nil {
			return nil, false, fmt.Errorf("event list: %w", err)
		}
		where += " AND " + filter
		args = append(args, q.Title)
	}
	order, cmp := "e.date, e.position", ">"
	if q.Descending {
		order, cmp = "e.date DESC, e.position DESC", "<"
	}
	if q.After != nil {
		where += " AND (e.date, e.position) " + cmp + " (?, ?)"
		args = append(args, q.After.Date.String(), q.After.Position)
	}
	// The limit picks the ids first, as TopicEvents does, so that only the
	// page's events have their links read.
	events, err := s.collectEvents(ctx, selectEvents+` WHERE e.id IN (
		SELECT e.id FROM events e WHERE `+where+` ORDER BY `+order+` LIMIT ?)
		ORDER BY `+order, append(args, q.Limit+1)...)
	if err != nil {
		return nil, false, fmt.Errorf("event list: %w", err)
	}
	if len(events) > q.Limit {
		return events[:q.Limit], true, nil
	}
	return events, false, nil
}

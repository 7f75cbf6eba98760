package store

import (
	"context"
	"fmt"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// TopicEventsPage returns the events of a topic, story or category newest
// day first and in page order within a day, as TopicEvents orders them:
// limit of them after the first offset; with year > 0, of that year only.
// The paginated title pages read their events with it.
func (s *Store) TopicEventsPage(ctx context.Context, kind event.Kind, title string, year, offset, limit int) ([]event.Event, error) {
	filter, err := topicFilter(kind)
	if err != nil {
		return nil, err
	}
	args := []any{title}
	if year > 0 {
		filter += ` AND e.date BETWEEN ? AND ?`
		args = append(args, event.Date{Year: year, Month: time.January, Day: 1}.String(),
			event.Date{Year: year, Month: time.December, Day: 31}.String())
	}
	args = append(args, limit, offset)
	events, err := s.collectEvents(ctx, selectEvents+` WHERE e.id IN (
		SELECT e.id FROM events e WHERE `+filter+` ORDER BY e.date DESC, e.position LIMIT ? OFFSET ?)
		ORDER BY e.date DESC, e.position`, args...)
	if err != nil {
		return nil, fmt.Errorf("events of %s %q, year %d, from %d: %w", kind, title, year, offset, err)
	}
	return events, nil
}

// EventsOnDayOfYear returns the events of one calendar day (d's month and
// day) in every year, oldest first and in page order within a day.
func (s *Store) EventsOnDayOfYear(ctx context.Context, d event.Date) ([]event.Event, error) {
	monthDay := d.String()[len("2013-"):]
	events, err := s.collectEvents(ctx, selectEvents+` WHERE e.date IN (
		SELECT date FROM days WHERE substr(date, 6) = ?) ORDER BY e.date, e.position`, monthDay)
	if err != nil {
		return nil, fmt.Errorf("events of %s in every year: %w", monthDay, err)
	}
	return events, nil
}

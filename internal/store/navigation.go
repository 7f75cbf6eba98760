package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// TopicListingPage returns limit events of a topic, story or category from
// the offset-th on, in TopicListing's order (newest day first, page order
// within a day) and with what TopicListing reads of them; with year > 0, of
// that year only. The paginated title pages read their events with it. The
// topic index finds the page's events, so that the page costs the same
// whatever its number and however many events the title has.
func (s *Store) TopicListingPage(ctx context.Context, kind event.Kind, title string, year, offset, limit int) ([]event.Event, error) {
	fail := func(err error) ([]event.Event, error) {
		return nil, fmt.Errorf("events of %s %q, year %d, from %d: %w", kind, title, year, offset, err)
	}
	ids, err := s.titlePageIDs(ctx, kind, title, year, offset, limit)
	if err != nil {
		return fail(err)
	}
	events, err := s.listing(ctx, `e.id IN (SELECT value FROM json_each(?))`, newestFirst, []any{ids})
	if err != nil {
		return fail(err)
	}
	return events, nil
}

// titlePageIDs returns, as a JSON array for json_each, the ids of limit
// events of a title (of one year when year > 0) from the offset-th on, in
// the title pages' order, found in the topic index.
func (s *Store) titlePageIDs(ctx context.Context, kind event.Kind, title string, year, offset, limit int) (string, error) {
	idx, err := s.topics(ctx)
	if err != nil {
		return "", err
	}
	ranks, err := idx.events(kind, title)
	if err != nil {
		return "", err
	}
	if year > 0 {
		ranks = idx.ofYear(ranks, year)
	}
	ids, err := json.Marshal(nonNil(idx.pageIDs(ranks, offset, limit)))
	return string(ids), err
}

// DayOfYearListing returns the events of one calendar day (d's month and
// day) in every year, oldest first and in page order within a day, with
// what TopicListing reads of them: what an on-this-day page shows.
func (s *Store) DayOfYearListing(ctx context.Context, d event.Date) ([]event.Event, error) {
	monthDay := d.String()[len("2013-"):]
	events, err := s.listing(ctx, `e.date IN (SELECT date FROM days WHERE substr(date, 6) = ?)`, oldestFirst, []any{monthDay})
	if err != nil {
		return nil, fmt.Errorf("events of %s in every year: %w", monthDay, err)
	}
	return events, nil
}

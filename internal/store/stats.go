package store

import (
	"context"
	"fmt"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// Stats counts what the store holds. Entities, Stories and Sources count only
// those linked to a current event: rows left behind by a replaced day revision
// are kept (for later enrichment) but not counted.
type Stats struct {
	Days, Events, EventsWithSource, Entities, Stories, Sources int
	// Enrichment coverage: events with a summary and with a cover image;
	// sources visited, dead (gone, archived or not), archived (read from
	// the Wayback Machine) and failed (to be retried).
	EventsWithSummary, EventsWithImage                          int
	SourcesVisited, DeadSources, ArchivedSources, FailedSources int
	// First and Last are the first and last stored days; zero when there are none.
	First, Last event.Date
}

// Stats counts the store's days, events, entities, stories and sources.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	var first, last string
	err := s.reads.QueryRowContext(ctx, `
		SELECT (SELECT count(*) FROM days),
		       (SELECT count(*) FROM events),
		       (SELECT count(*) FROM events e WHERE EXISTS (SELECT 1 FROM event_sources l WHERE l.event_id = e.id)),
		       (SELECT count(*) FROM entities t WHERE EXISTS (SELECT 1 FROM event_entities l WHERE l.entity_id = t.id)),
		       (SELECT count(*) FROM stories t WHERE EXISTS (SELECT 1 FROM event_stories l WHERE l.story_id = t.id)),
		       (SELECT count(*) FROM sources t WHERE EXISTS (SELECT 1 FROM event_sources l WHERE l.source_id = t.id)),
		       coalesce((SELECT min(date) FROM days), ''),
		       coalesce((SELECT max(date) FROM days), ''),
		       (SELECT count(*) FROM event_meta WHERE summary != ''),
		       (SELECT count(*) FROM event_meta WHERE cover_image != '')`).
		Scan(&st.Days, &st.Events, &st.EventsWithSource, &st.Entities, &st.Stories, &st.Sources, &first, &last,
			&st.EventsWithSummary, &st.EventsWithImage)
	if err != nil {
		return Stats{}, fmt.Errorf("count the archive: %w", err)
	}
	err = s.reads.QueryRowContext(ctx, `
		SELECT count(*), count(*) FILTER (WHERE state = 'dead'), count(*) FILTER (WHERE archived_url != ''),
		       count(*) FILTER (WHERE state = 'failed')
		FROM source_meta m WHERE EXISTS (SELECT 1 FROM event_sources l WHERE l.source_id = m.source_id)`).
		Scan(&st.SourcesVisited, &st.DeadSources, &st.ArchivedSources, &st.FailedSources)
	if err != nil {
		return Stats{}, fmt.Errorf("count the archive: %w", err)
	}
	if st.Days == 0 {
		return st, nil
	}
	if st.First, err = event.ParseDate(first); err != nil {
		return Stats{}, fmt.Errorf("count the archive: stored %w", err)
	}
	if st.Last, err = event.ParseDate(last); err != nil {
		return Stats{}, fmt.Errorf("count the archive: stored %w", err)
	}
	return st, nil
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// linkCountSources are the tables linkCounts reads for topics and stories:
// the link table's index by linked row, and the linked rows' table.
var linkCountSources = map[SlugKind]struct{ links, titles string }{
	SlugTopic: {`SELECT entity_id, event_id FROM event_entities INDEXED BY event_entities_by_entity
		ORDER BY entity_id, event_id`, `SELECT id, title, slug FROM entities`},
	SlugStory: {`SELECT story_id, event_id FROM event_stories INDEXED BY event_stories_by_story
		ORDER BY story_id, event_id`, `SELECT id, title, slug FROM stories`},
}

// linkCounts is TitleCounts for topics and stories, counted here rather
// than by SQL: reading the links in the order of their index by linked row,
// and every event's day once from the date index, spares SQLite a lookup in
// the large events table for each of the archive's links and two temporary
// B-trees (three to four times faster).
func (s *Store) linkCounts(ctx context.Context, kind SlugKind) ([]TitleCount, error) {
	src := linkCountSources[kind]
	days, err := s.eventDays(ctx)
	if err != nil {
		return nil, err
	}
	type tally struct {
		events  int
		last    int64
		newest  string
		present bool
	}
	tallies := map[int64]*tally{}
	err = s.eachIDPair(ctx, src.links, func(linked, ev int64) {
		t := tallies[linked]
		if t == nil {
			t = &tally{}
			tallies[linked] = t
		}
		day, ok := days[ev]
		if !ok || t.present && t.last == ev {
			return
		}
		t.events, t.last, t.present = t.events+1, ev, true
		t.newest = max(t.newest, day)
	})
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, src.titles)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TitleCount
	dates := dateCache{}
	for rows.Next() {
		var id int64
		var c TitleCount
		var slug sql.NullString
		if err := rows.Scan(&id, &c.Title, &slug); err != nil {
			return nil, err
		}
		t := tallies[id]
		if t == nil || t.events == 0 {
			continue
		}
		c.Slug, c.Events = slug.String, t.events
		if c.Newest, err = dates.parse(t.newest); err != nil {
			return nil, fmt.Errorf("counts of %s: %w", kind, err)
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b TitleCount) int { return strings.Compare(a.Title, b.Title) })
	return out, rows.Err()
}

// eventDays maps every current event's id to its day, read from the date index.
func (s *Store) eventDays(ctx context.Context) (map[int64]string, error) {
	return s.titles(ctx, `SELECT id, date FROM events INDEXED BY events_by_date`)
}

// eachIDPair runs a query of two integer columns.
func (s *Store) eachIDPair(ctx context.Context, query string, fn func(a, b int64)) error {
	rows, err := s.db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			return err
		}
		fn(a, b)
	}
	return rows.Err()
}

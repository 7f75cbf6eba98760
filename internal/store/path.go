package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// PathRecord is what the store remembers of a path ever given to an event,
// so that an address that an edit retired can be redirected, not lost.
type PathRecord struct {
	Path string
	Date event.Date
	// FirstSeen and LastSeen are the timestamps of the first and the latest
	// imported revision of the day that held the path.
	FirstSeen, LastSeen time.Time
	// Current is whether an event of the day's current revision has the path.
	Current bool
	// MovedTo is the path of the event this path's event became when an
	// edit changed its path; empty when none.
	MovedTo string
}

// newPathInserter records paths as current, remembering when each was first seen.
func newPathInserter(tx *sql.Tx) *rowInserter {
	return newRowInserter(tx, `INSERT INTO path_history (path, date, first_seen, last_seen, current) VALUES`, 5, `
		ON CONFLICT (path) DO UPDATE SET
			first_seen = min(first_seen, excluded.first_seen),
			last_seen = max(last_seen, excluded.last_seen),
			current = 1, moved_to = NULL`)
}

// PathHistory returns the record of a path, or ErrNotFound when no event ever had it.
func (s *Store) PathHistory(ctx context.Context, path string) (PathRecord, error) {
	rec := PathRecord{Path: path}
	var date, first, last string
	err := s.reads.QueryRowContext(ctx, `
		SELECT date, first_seen, last_seen, current, coalesce(moved_to, '') FROM path_history WHERE path = ?`, path).
		Scan(&date, &first, &last, &rec.Current, &rec.MovedTo)
	if errors.Is(err, sql.ErrNoRows) {
		return PathRecord{}, fmt.Errorf("path %s: %w", path, ErrNotFound)
	}
	if err != nil {
		return PathRecord{}, fmt.Errorf("path %s: %w", path, err)
	}
	if rec.Date, err = event.ParseDate(date); err != nil {
		return PathRecord{}, fmt.Errorf("path %s: stored %w", path, err)
	}
	if rec.FirstSeen, err = parseTime(first); err != nil {
		return PathRecord{}, fmt.Errorf("path %s: %w", path, err)
	}
	if rec.LastSeen, err = parseTime(last); err != nil {
		return PathRecord{}, fmt.Errorf("path %s: %w", path, err)
	}
	return rec, nil
}

// Retired lists what once had pages and has none now, each sorted: the
// old paths of the events edits changed or removed (but for the removed
// events, whose pages stay: RemovedEvents), the days left with no event,
// and the topics, stories and categories left with none.
type Retired struct {
	Events []string
	// MovedTo maps those of Events that an edited event had to its path now.
	MovedTo map[string]string
	Days    []event.Date
	Topics  []TopicRef // by kind, then title
}

// Retired returns what once had pages and has none now, so that a build
// can keep its addresses alive.
func (s *Store) Retired(ctx context.Context) (Retired, error) {
	r := Retired{MovedTo: map[string]string{}}
	err := eachRow(ctx, s.reads, `SELECT path, coalesce(moved_to, '') FROM path_history
		WHERE current = 0 AND path NOT IN (SELECT path FROM removed_events) ORDER BY path`, nil,
		func(rows *sql.Rows) error {
			var p, to string
			err := rows.Scan(&p, &to)
			r.Events = append(r.Events, p)
			if to != "" {
				r.MovedTo[p] = to
			}
			return err
		})
	if err == nil {
		err = eachRow(ctx, s.reads, `SELECT date FROM days d
			WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.date = d.date) ORDER BY date`, nil,
			func(rows *sql.Rows) error {
				var date string
				if err := rows.Scan(&date); err != nil {
					return err
				}
				d, err := event.ParseDate(date)
				r.Days = append(r.Days, d)
				return err
			})
	}
	if err == nil {
		err = eachRow(ctx, s.reads, `
			SELECT 'category', name, slug FROM categories c
			WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.category = c.name)
			UNION ALL SELECT 'story', title, slug FROM stories t WHERE slug IS NOT NULL
				AND NOT EXISTS (SELECT 1 FROM event_stories l WHERE l.story_id = t.id)
			UNION ALL SELECT 'topic', title, slug FROM entities t WHERE slug IS NOT NULL
				AND NOT EXISTS (SELECT 1 FROM event_entities l WHERE l.entity_id = t.id)
			ORDER BY 1, 2`, nil,
			func(rows *sql.Rows) error {
				var t TopicRef
				err := rows.Scan(&t.Kind, &t.Title, &t.Slug)
				r.Topics = append(r.Topics, t)
				return err
			})
	}
	if err != nil {
		return Retired{}, fmt.Errorf("retired pages: %w", err)
	}
	return r, nil
}

// PathMatch is a path an event has or had, found by how it starts.
type PathMatch struct {
	Path string
	// Headline is the headline of the event whose path it is now; empty
	// for a path an edit retired.
	Headline string
}

// PathsStartingWith returns up to limit of the paths events have or had
// that start with prefix: the current events' first, with their headlines,
// then the retired paths, each in path order. It finds what a link cut short
// (an event's address broken across lines, say) meant.
func (s *Store) PathsStartingWith(ctx context.Context, prefix string, limit int) ([]PathMatch, error) {
	if prefix == "" || limit <= 0 {
		return nil, nil
	}
	var out []PathMatch
	// Paths are ASCII, so every one starting with prefix sorts below prefix
	// followed by the highest code point; the range reads the primary key.
	err := eachRow(ctx, s.reads, `
		SELECT h.path, coalesce(e.headline, '') FROM path_history h LEFT JOIN events e ON e.path = h.path
		WHERE h.path >= ?1 AND h.path < ?1 || ?2 ORDER BY h.current DESC, h.path LIMIT ?3`,
		[]any{prefix, "\U0010FFFF", limit}, func(rows *sql.Rows) error {
			var m PathMatch
			err := rows.Scan(&m.Path, &m.Headline)
			out = append(out, m)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("paths starting with %q: %w", prefix, err)
	}
	return out, nil
}

// OnlyMatch returns the path that an address cut short can only have
// meant, of what PathsStartingWith found: the one current event's path, or
// with none, the one retired path.
func OnlyMatch(matches []PathMatch) (PathMatch, bool) {
	current := 0
	for _, m := range matches {
		if m.Headline != "" {
			current++
		}
	}
	if current == 1 || len(matches) == 1 {
		return matches[0], true // the current events' paths come first
	}
	return PathMatch{}, false
}

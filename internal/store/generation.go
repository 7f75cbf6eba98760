package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// The store's generation counts the import batches that changed something.
// Each changed day is stamped with the generation of the batch that changed
// it, so that a consumer (the related events, the static build) that
// remembers the generation it last saw can ask what changed since. A path an
// edit retired belongs to a day stamped in the same batch, so the changed days
// also tell which paths went away.

// finishBatch bumps the generation once when the batch changed any day, stamps
// the changed days with it and gives the new categories, those of the events
// from firstEventID on, and any topic or story stored without one, their
// slugs; it returns how many topics and stories that was.
func finishBatch(ctx context.Context, tx *sql.Tx, changed []event.Date, firstEventID int64) (int, error) {
	if len(changed) == 0 {
		return 0, nil
	}
	var gen int64
	err := tx.QueryRowContext(ctx, `
		UPDATE counters SET value = value + 1 WHERE name = 'generation' RETURNING value`).Scan(&gen)
	if err != nil {
		return 0, fmt.Errorf("bump generation: %w", err)
	}
	stamp, err := tx.PrepareContext(ctx, `UPDATE days SET generation = ? WHERE date = ?`)
	if err != nil {
		return 0, fmt.Errorf("stamp days: %w", err)
	}
	defer stamp.Close()
	for _, d := range changed {
		if _, err := stamp.ExecContext(ctx, gen, d.String()); err != nil {
			return 0, fmt.Errorf("stamp day %s: %w", d, err)
		}
	}
	return assignNewSlugs(ctx, tx, firstEventID)
}

// Generation returns the store's current generation: 0 before any import.
func (s *Store) Generation(ctx context.Context) (int64, error) {
	return s.counter(ctx, "generation")
}

func (s *Store) counter(ctx context.Context, name string) (int64, error) {
	var v int64
	err := s.reads.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = ?`, name).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", name, err)
	}
	return v, nil
}

// DayChange is a day changed by an import after some generation.
type DayChange struct {
	Date       event.Date
	Generation int64
	// Removed are the paths the day's events had once and no longer have.
	Removed []string
	// MovedTo maps those of Removed that an edited event had to its path now.
	MovedTo map[string]string
}

// ChangedDays lists, in date order, the days an import changed after
// generation since, with the retired paths of each.
func (s *Store) ChangedDays(ctx context.Context, since int64) ([]DayChange, error) {
	var out []DayChange
	var decodeErr error // carries its own prefix, naming the day
	// A day's paths are those under its directory (/news/2026/03/5/),
	// found by the range of the table's key from the directory to the next
	// one's ("/news/2026/03/50" follows every "/news/2026/03/5/…" and
	// precedes "/news/2026/03/50/…"), not by a scan of the whole table.
	dir := `'/news/' || substr(d.date, 1, 4) || '/' || substr(d.date, 6, 2) || '/' || CAST(substr(d.date, 9, 2) AS INTEGER)`
	ofDay := `p.path >= ` + dir + ` || '/' AND p.path < ` + dir + ` || '0' AND p.date = d.date AND p.current = 0`
	err := eachRow(ctx, s.reads, `
		SELECT d.date, d.generation,
		       (SELECT json_group_array(p.path ORDER BY p.path) FROM path_history p WHERE `+ofDay+`),
		       (SELECT json_group_object(p.path, p.moved_to) FROM path_history p
		         WHERE `+ofDay+` AND p.moved_to IS NOT NULL)
		FROM days d WHERE d.generation > ? ORDER BY d.date`, []any{since}, func(rows *sql.Rows) error {
		var c DayChange
		var date string
		var removed, moved []byte
		err := rows.Scan(&date, &c.Generation, &removed, &moved)
		if err != nil {
			return err
		}
		if c.Date, err = event.ParseDate(date); err != nil {
			return fmt.Errorf("stored %w", err)
		}
		if c.Removed, err = decodeStrings(removed); err == nil {
			err = json.Unmarshal(moved, &c.MovedTo)
		}
		if err != nil {
			decodeErr = fmt.Errorf("changed days %s: %w", date, err)
			return decodeErr
		}
		out = append(out, c)
		return nil
	})
	if decodeErr != nil {
		return nil, decodeErr
	}
	if err != nil {
		return nil, fmt.Errorf("changed days: %w", err)
	}
	return out, nil
}

// TopicRef names a topic, story or category with its slug.
type TopicRef struct {
	Kind  event.Kind
	Title string
	Slug  string
}

// TopicsChangedSince returns the topics, stories and categories whose list
// of events an import changed after generation since: those of the events
// of the changed days, and those of the events the imports deleted. Sorted
// by kind and title.
func (s *Store) TopicsChangedSince(ctx context.Context, since int64) ([]TopicRef, error) {
	var out []TopicRef
	err := eachRow(ctx, s.reads, `
		WITH changed AS (
			SELECT e.id, e.category FROM events e JOIN days d ON d.date = e.date WHERE d.generation > ?1),
		refs (kind, title) AS (
			SELECT kind, title FROM retired_topics WHERE generation > ?1
			UNION SELECT 'topic', t.title FROM changed c
				JOIN event_entities l ON l.event_id = c.id JOIN entities t ON t.id = l.entity_id
			UNION SELECT 'story', t.title FROM changed c
				JOIN event_stories l ON l.event_id = c.id JOIN stories t ON t.id = l.story_id
			UNION SELECT 'category', category FROM changed)
		SELECT r.kind, r.title, coalesce(t.slug, s.slug, c.slug, '')
		FROM refs r
		LEFT JOIN entities t ON r.kind = 'topic' AND t.title = r.title
		LEFT JOIN stories s ON r.kind = 'story' AND s.title = r.title
		LEFT JOIN categories c ON r.kind = 'category' AND c.name = r.title
		ORDER BY r.kind, r.title`, []any{since}, func(rows *sql.Rows) error {
		var r TopicRef
		if err := rows.Scan(&r.Kind, &r.Title, &r.Slug); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("changed topics: %w", err)
	}
	return out, nil
}

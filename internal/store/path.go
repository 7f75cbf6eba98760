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
}

// newPathInserter records paths as current, remembering when each was first seen.
func newPathInserter(tx *sql.Tx) *rowInserter {
	return newRowInserter(tx, `INSERT INTO path_history (path, date, first_seen, last_seen, current) VALUES`, 5, `
		ON CONFLICT (path) DO UPDATE SET
			first_seen = min(first_seen, excluded.first_seen),
			last_seen = max(last_seen, excluded.last_seen),
			current = 1`)
}

// PathHistory returns the record of a path, or ErrNotFound when no event ever had it.
func (s *Store) PathHistory(ctx context.Context, path string) (PathRecord, error) {
	rec := PathRecord{Path: path}
	var date, first, last string
	err := s.db.QueryRowContext(ctx, `
		SELECT date, first_seen, last_seen, current FROM path_history WHERE path = ?`, path).
		Scan(&date, &first, &last, &rec.Current)
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

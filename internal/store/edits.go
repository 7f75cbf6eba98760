package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// migrationRemovedAt is migration 20: when the revision that removed an
// event was saved, beside its day, so that removals and text edits can be
// listed in the order they happened (RecentEdits). Removals stored before
// have none.
const migrationRemovedAt = `
ALTER TABLE removed_events ADD COLUMN removed_at TEXT;
`

// EventEdit is what an edit of the portal did to one event: it replaced
// its text (Earlier) or removed it (Removed).
type EventEdit struct {
	// Path is the event's page, which still answers, and Date its day.
	Path string
	Date event.Date
	// DayTitle is the title of the day's portal page.
	DayTitle string
	// Headline is the event's text now, or its last text when it was removed.
	Headline string
	// Earlier is the text the edit replaced; nil for a removal.
	Earlier *EarlierText
	// Removed is the day the event left the portal; zero for a text edit.
	Removed event.Date
	// At is when the edit's revision was saved; a removal stored before
	// migration 20 has the start of its day.
	At time.Time
}

// RecentEdits returns the latest limit edits of the portal that changed an
// event's text or removed an event, newest first (edits of one revision
// in path order).
func (s *Store) RecentEdits(ctx context.Context, limit int) ([]EventEdit, error) {
	edits, err := s.recentTextEdits(ctx, limit)
	if err != nil {
		return nil, fmt.Errorf("recent edits: %w", err)
	}
	removals, err := s.recentRemovals(ctx, limit)
	if err != nil {
		return nil, fmt.Errorf("recent removals: %w", err)
	}
	edits = append(edits, removals...)
	slices.SortStableFunc(edits, func(a, b EventEdit) int {
		return cmp.Or(b.At.Compare(a.At), strings.Compare(a.Path, b.Path), cmp.Compare(a.Removed.String(), b.Removed.String()))
	})
	return edits[:min(len(edits), limit)], nil
}

// recentTextEdits are the latest limit earlier texts, with the text of
// their event now (its last, if it was removed since).
func (s *Store) recentTextEdits(ctx context.Context, limit int) ([]EventEdit, error) {
	var out []EventEdit
	err := eachRow(ctx, s.reads, `
		SELECT t.path, t.headline, t.rev_id, t.timestamp, t.replaced, coalesce(e.date, r.date),
			coalesce(e.headline, json_extract(r.event, '$.headline')), coalesce(d.title, '')
		FROM earlier_texts t
		LEFT JOIN events e ON e.path = t.path
		LEFT JOIN removed_events r ON r.path = t.path
		LEFT JOIN days d ON d.date = coalesce(e.date, r.date)
		WHERE e.path IS NOT NULL OR r.path IS NOT NULL
		ORDER BY t.replaced DESC, t.path, t.rowid DESC
		LIMIT ?`, []any{limit}, func(rows *sql.Rows) error {
		var e EventEdit
		var was EarlierText
		var ts, replaced, date string
		if err := rows.Scan(&e.Path, &was.Headline, &was.RevisionID, &ts, &replaced, &date, &e.Headline, &e.DayTitle); err != nil {
			return err
		}
		var err error
		if was.Timestamp, err = parseTime(ts); err != nil {
			return err
		}
		if was.Replaced, err = parseTime(replaced); err != nil {
			return err
		}
		if e.Date, err = event.ParseDate(date); err != nil {
			return fmt.Errorf("stored %w", err)
		}
		e.Earlier, e.At = &was, was.Replaced
		out = append(out, e)
		return nil
	})
	return out, err
}

// recentRemovals are the latest limit events the portal removed, with
// their last text.
func (s *Store) recentRemovals(ctx context.Context, limit int) ([]EventEdit, error) {
	var out []EventEdit
	err := eachRow(ctx, s.reads, `
		SELECT r.path, r.date, json_extract(r.event, '$.headline'), r.removed, coalesce(r.removed_at, ''), coalesce(d.title, '')
		FROM removed_events r LEFT JOIN days d ON d.date = r.date
		ORDER BY coalesce(r.removed_at, r.removed) DESC, r.path
		LIMIT ?`, []any{limit}, func(rows *sql.Rows) error {
		var e EventEdit
		var date, removed, at string
		if err := rows.Scan(&e.Path, &date, &e.Headline, &removed, &at, &e.DayTitle); err != nil {
			return err
		}
		var err error
		if e.Date, err = event.ParseDate(date); err != nil {
			return fmt.Errorf("stored %w", err)
		}
		if e.Removed, err = event.ParseDate(removed); err != nil {
			return fmt.Errorf("stored %w", err)
		}
		e.At = e.Removed.Time()
		if at != "" {
			if e.At, err = parseTime(at); err != nil {
				return err
			}
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

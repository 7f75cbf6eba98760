package store

import (
	"context"
	"database/sql"
	"fmt"
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
	// OnPortal reports whether the event is on the portal now: not
	// removed, by this edit or a later one.
	OnPortal bool
}

// EditKey is where an edit sorts in an EditList: by the time it was saved,
// then its event's path, a text edit before a removal.
type EditKey struct {
	At      time.Time
	Path    string
	Removed bool
}

// Key returns the edit's place in an EditList.
func (e EventEdit) Key() EditKey { return EditKey{At: e.At, Path: e.Path, Removed: e.Earlier == nil} }

// EditListQuery selects a page of the portal's edits of events.
type EditListQuery struct {
	// From and To limit the days (UTC) the edits were saved on, both
	// included; zero: open.
	From, To event.Date
	// After, when set, starts the page after this key (before it when
	// Descending).
	After *EditKey
	// Descending lists the newest first.
	Descending bool
	// Limit is the page size; it must be positive.
	Limit int
}

// RecentEdits returns the latest limit edits of the portal that changed an
// event's text or removed an event, newest first.
func (s *Store) RecentEdits(ctx context.Context, limit int) ([]EventEdit, error) {
	edits, _, err := s.EditList(ctx, EditListQuery{Descending: true, Limit: limit})
	return edits, err
}

// allEdits is every edit of an event the store keeps, as rows of (at, path,
// kind, earlier headline, its revision id and timestamp, the event's day,
// its headline now or last, its day's title, the day it was removed,
// whether it is on the portal now): the
// texts edits replaced (kind 0) and the events edits removed (kind 1), a
// removal stored before migration 20 at the start of its day.
const allEdits = `
	SELECT t.replaced AS at, t.path AS path, 0 AS kind, t.headline AS was, t.rev_id AS rev_id, t.timestamp AS ts,
		coalesce(e.date, r.date) AS date, coalesce(e.headline, json_extract(r.event, '$.headline')) AS headline,
		coalesce(d.title, '') AS title, '' AS removed, e.path IS NOT NULL AS on_portal
	FROM earlier_texts t
	LEFT JOIN events e ON e.path = t.path
	LEFT JOIN removed_events r ON r.path = t.path
	LEFT JOIN days d ON d.date = coalesce(e.date, r.date)
	WHERE e.path IS NOT NULL OR r.path IS NOT NULL
	UNION ALL
	SELECT coalesce(r.removed_at, r.removed || 'T00:00:00.000000000Z'), r.path, 1, '', 0, '',
		r.date, json_extract(r.event, '$.headline'), coalesce(d.title, ''), r.removed, 0
	FROM removed_events r LEFT JOIN days d ON d.date = r.date`

// EditList returns a page of the edits of events q selects, oldest first
// (newest first when Descending), and whether more follow it.
func (s *Store) EditList(ctx context.Context, q EditListQuery) ([]EventEdit, bool, error) {
	if q.Limit <= 0 {
		return nil, false, fmt.Errorf("edit list: limit %d, want one or more", q.Limit)
	}
	out, err := s.editsOf(ctx, q, q.Limit+1)
	if err != nil {
		return nil, false, fmt.Errorf("edit list: %w", err)
	}
	if len(out) > q.Limit {
		return out[:q.Limit], true, nil
	}
	return out, false, nil
}

// EditsBetween returns every edit of events saved on the days from and to
// (both included; zero: open), newest first.
func (s *Store) EditsBetween(ctx context.Context, from, to event.Date) ([]EventEdit, error) {
	out, err := s.editsOf(ctx, EditListQuery{From: from, To: to, Descending: true}, -1)
	if err != nil {
		return nil, fmt.Errorf("edits from %s to %s: %w", from, to, err)
	}
	return out, nil
}

// editsOf returns the first limit edits q selects (q.Limit aside), all of
// them when limit is negative.
func (s *Store) editsOf(ctx context.Context, q EditListQuery, limit int) ([]EventEdit, error) {
	var where []string
	var args []any
	if !q.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, formatTime(q.From.Time()))
	}
	if !q.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, formatTime(q.To.Time().AddDate(0, 0, 1)))
	}
	cmp, order := ">", "at, path, kind"
	if q.Descending {
		cmp, order = "<", "at DESC, path DESC, kind DESC"
	}
	if k := q.After; k != nil {
		kind := 0
		if k.Removed {
			kind = 1
		}
		where, args = append(where, "(at, path, kind) "+cmp+" (?, ?, ?)"), append(args, formatTime(k.At), k.Path, kind)
	}
	query := `SELECT at, path, kind, was, rev_id, ts, date, headline, title, removed, on_portal FROM (` + allEdits + `)`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, " AND ")
	}
	query += ` ORDER BY ` + order + ` LIMIT ?` // a negative LIMIT has none
	var out []EventEdit
	err := eachRow(ctx, s.reads, query, append(args, limit), func(rows *sql.Rows) error {
		e, err := scanEdit(rows)
		out = append(out, e)
		return err
	})
	return out, err
}

// EditMonths counts the edits of events saved in each month (Events is
// their number), newest month first, months without edits left out.
func (s *Store) EditMonths(ctx context.Context) ([]MonthCount, error) {
	var out []MonthCount
	err := eachRow(ctx, s.reads, `SELECT CAST(substr(at, 1, 4) AS INTEGER) AS y, CAST(substr(at, 6, 2) AS INTEGER) AS m, count(*)
		FROM (`+allEdits+`) GROUP BY y, m ORDER BY y DESC, m DESC`, nil, func(rows *sql.Rows) error {
		var c MonthCount
		if err := rows.Scan(&c.Year, &c.Month, &c.Events); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("months of edits: %w", err)
	}
	return out, nil
}

func scanEdit(rows *sql.Rows) (EventEdit, error) {
	var e EventEdit
	var was EarlierText
	var at, ts, date, removed string
	var kind int
	if err := rows.Scan(&at, &e.Path, &kind, &was.Headline, &was.RevisionID, &ts, &date, &e.Headline, &e.DayTitle, &removed, &e.OnPortal); err != nil {
		return e, err
	}
	var err error
	if e.At, err = parseTime(at); err != nil {
		return e, err
	}
	if e.Date, err = event.ParseDate(date); err != nil {
		return e, fmt.Errorf("stored %w", err)
	}
	if kind == 1 {
		if e.Removed, err = event.ParseDate(removed); err != nil {
			return e, fmt.Errorf("stored %w", err)
		}
		return e, nil
	}
	if was.Timestamp, err = parseTime(ts); err != nil {
		return e, err
	}
	was.Replaced = e.At
	e.Earlier = &was
	return e, nil
}

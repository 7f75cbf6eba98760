package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// migrationSync is migration 8: what a sync from the API keeps besides the
// days. Every revision keeps its editor's summary; a day the portal has no
// page for (or no usable page) is recorded in missing_days until a page
// for it is stored.
const migrationSync = `
ALTER TABLE revisions ADD COLUMN comment TEXT NOT NULL DEFAULT '';

-- The days a sync found no page for: title is what was asked, rev_id the
-- revision of a page that had no usable content (0: no page), reason why.
CREATE TABLE missing_days (
	date    TEXT    PRIMARY KEY,
	title   TEXT    NOT NULL,
	rev_id  INTEGER NOT NULL DEFAULT 0,
	reason  TEXT    NOT NULL,
	checked TEXT    NOT NULL
) STRICT, WITHOUT ROWID;
`

// RevisionInfo is one stored revision of a day page.
type RevisionInfo struct {
	RevisionID int64
	Timestamp  time.Time
	Comment    string
	SHA1       string
	Wikitext   string
	// Current tells that the day's events are this revision's.
	Current bool
}

// Revisions lists every stored revision of the day, oldest first (by
// revision id, then timestamp).
func (s *Store) Revisions(ctx context.Context, date event.Date) ([]RevisionInfo, error) {
	var out []RevisionInfo
	err := eachRow(ctx, s.reads, `
		SELECT r.rev_id, r.timestamp, r.comment, r.sha1, r.wikitext,
		       r.id = coalesce((SELECT revision FROM days WHERE date = r.date), 0)
		FROM revisions r WHERE r.date = ?
		ORDER BY r.rev_id, r.timestamp, r.id`, []any{date.String()}, func(rows *sql.Rows) error {
		var r RevisionInfo
		var ts string
		if err := rows.Scan(&r.RevisionID, &ts, &r.Comment, &r.SHA1, &r.Wikitext, &r.Current); err != nil {
			return err
		}
		t, err := parseTime(ts)
		if err != nil {
			return err
		}
		r.Timestamp = t
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("revisions of %s: %w", date, err)
	}
	return out, nil
}

// SeenRevisions returns, for each of the days that has any, the revision ids
// stored for it (true) and the revision id of a page recorded as missing
// for it (false: a page without usable content for the day, 0 for no page):
// the revisions a sync need not fetch again.
func (s *Store) SeenRevisions(ctx context.Context, dates []event.Date) (map[event.Date]map[int64]bool, error) {
	list := make([]string, len(dates))
	for i, d := range dates {
		list[i] = d.String()
	}
	js, err := json.Marshal(list)
	if err != nil {
		return nil, err
	}
	out := make(map[event.Date]map[int64]bool)
	err = eachRow(ctx, s.reads, `
		SELECT date, rev_id, 0 FROM missing_days WHERE date IN (SELECT value FROM json_each(?1))
		UNION ALL
		SELECT date, rev_id, 1 FROM revisions WHERE date IN (SELECT value FROM json_each(?1))`,
		[]any{string(js)}, func(rows *sql.Rows) error {
			var date string
			var id int64
			var stored bool
			if err := rows.Scan(&date, &id, &stored); err != nil {
				return err
			}
			d, err := event.ParseDate(date)
			if err != nil {
				return fmt.Errorf("stored %w", err)
			}
			if out[d] == nil {
				out[d] = make(map[int64]bool)
			}
			out[d][id] = out[d][id] || stored
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read seen revisions: %w", err)
	}
	return out, nil
}

// MissingDay is a day a sync found no usable page for.
type MissingDay struct {
	Date  event.Date
	Title string
	// RevisionID is the revision of a page without usable content; 0 when
	// there is no page.
	RevisionID int64
	Reason     string
	Checked    time.Time
}

// RecordMissing records the days as missing, in one transaction. A stored
// day whose page is gone keeps its events and is not recorded (its page left
// the portal, not the day the archive); a stored day whose new revision has
// no usable content is, so that the revision is not fetched again.
func (s *Store) RecordMissing(ctx context.Context, days []MissingDay) error {
	if len(days) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("record missing days: %w", err)
	}
	defer s.NoteChange()
	defer tx.Rollback()
	for _, d := range days {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO missing_days (date, title, rev_id, reason, checked)
			SELECT ?1, ?2, ?3, ?4, ?5 WHERE ?3 <> 0 OR NOT EXISTS (SELECT 1 FROM days WHERE date = ?1)
			ON CONFLICT (date) DO UPDATE SET title = excluded.title, rev_id = excluded.rev_id,
				reason = excluded.reason, checked = excluded.checked`,
			d.Date.String(), d.Title, d.RevisionID, d.Reason, formatTime(d.Checked))
		if err != nil {
			return fmt.Errorf("record missing day %s: %w", d.Date, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("record missing days: %w", err)
	}
	return nil
}

// MissingDays lists the days recorded as missing, in date order.
func (s *Store) MissingDays(ctx context.Context) ([]MissingDay, error) {
	var out []MissingDay
	err := eachRow(ctx, s.reads, `SELECT date, title, rev_id, reason, checked FROM missing_days ORDER BY date`, nil,
		func(rows *sql.Rows) error {
			var m MissingDay
			var date, checked string
			if err := rows.Scan(&date, &m.Title, &m.RevisionID, &m.Reason, &checked); err != nil {
				return err
			}
			var err error
			if m.Date, err = event.ParseDate(date); err != nil {
				return fmt.Errorf("stored %w", err)
			}
			if m.Checked, err = parseTime(checked); err != nil {
				return err
			}
			out = append(out, m)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list missing days: %w", err)
	}
	return out, nil
}

package store

import (
	"context"
	"crypto/sha1"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// Day is one revision of a day page with the events parsed from it.
type Day struct {
	Date  event.Date
	Title string
	// RevisionID is MediaWiki's revision id; 0 when unknown (a file).
	RevisionID int64
	// Timestamp is when the revision was saved (or the file's modification time).
	Timestamp time.Time
	// SHA1 identifies the wikitext; when empty, ImportDays fills in the hex
	// SHA-1 of Wikitext.
	SHA1     string
	Wikitext string
	Events   []event.Event
}

// DayInfo describes the current revision of a stored day.
type DayInfo struct {
	Date       event.Date
	Title      string
	RevisionID int64
	Timestamp  time.Time
	SHA1       string
	Events     int
}

// ImportResult counts the days of an import by what happened to them.
type ImportResult struct {
	// Added days were not in the store.
	Added int
	// Replaced days had a different, older revision, whose events were replaced.
	Replaced int
	// Unchanged days had a current revision with the same SHA1.
	Unchanged int
	// Older days came in a revision older than the stored one: the revision is
	// kept, the day's events are not changed.
	Older int
}

// ImportDays stores a batch of parsed days in one transaction, in order. A day
// whose current revision has the same SHA1 is left untouched; a different
// revision that is not older (a higher RevisionID, or equal or unknown ids and
// a later or equal Timestamp) replaces that day's events and their links; an
// older one is only kept in the day's revision history. On any error nothing
// of the batch is stored.
func (s *Store) ImportDays(ctx context.Context, days []Day) (ImportResult, error) {
	for i := range days {
		if err := checkDay(&days[i]); err != nil {
			return ImportResult{}, fmt.Errorf("import day %s: %w", days[i].Date, err)
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return ImportResult{}, fmt.Errorf("import days: %w", err)
	}
	defer tx.Rollback()
	im, err := newImporter(ctx, tx)
	if err != nil {
		return ImportResult{}, fmt.Errorf("import days: %w", err)
	}
	var res ImportResult
	var changed []event.Date
	for i := range days {
		before := res.Added + res.Replaced
		if err := im.importDay(ctx, &days[i], &res); err != nil {
			return ImportResult{}, fmt.Errorf("import day %s: %w", days[i].Date, err)
		}
		if res.Added+res.Replaced > before {
			changed = append(changed, days[i].Date)
		}
	}
	if err := finishBatch(ctx, tx, changed); err != nil {
		return ImportResult{}, fmt.Errorf("import days: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return ImportResult{}, fmt.Errorf("import days: commit: %w", err)
	}
	return res, nil
}

// checkDay rejects a day the store could not keep faithfully: its events must
// belong to it and have distinct paths under its directory.
func checkDay(d *Day) error {
	if d.Date.IsZero() {
		return errors.New("no date")
	}
	if _, err := event.ParseDate(d.Date.String()); err != nil {
		return fmt.Errorf("invalid date: %w", err)
	}
	dir := d.Date.Dir() + "/"
	seen := make(map[string]int, len(d.Events))
	for i, e := range d.Events {
		if e.Date != d.Date {
			return fmt.Errorf("event %d (%s) is dated %s", i, e.Path, e.Date)
		}
		if !strings.HasPrefix(e.Path, dir) || len(e.Path) == len(dir) {
			return fmt.Errorf("event %d: path %q is not under %s", i, e.Path, dir)
		}
		if j, dup := seen[e.Path]; dup {
			return fmt.Errorf("events %d and %d have the same path %s", j, i, e.Path)
		}
		seen[e.Path] = i
	}
	return nil
}

// importer holds the prepared statements, id caches and queued rows of one
// import transaction.
type importer struct {
	currentRevision, saveRevision, saveDay, deleteEvents, retirePaths *sql.Stmt
	nextEventID                                                       int64
	events, paths                                                     *rowInserter
	entities                                                          entityLinks
	stories                                                           storyLinks
	sources                                                           sourceLinks
}

func newImporter(ctx context.Context, tx *sql.Tx) (*importer, error) {
	p := &preparer{ctx: ctx, tx: tx}
	im := &importer{
		currentRevision: p.prepare(`
			SELECT r.rev_id, r.timestamp, r.sha1
			FROM days d JOIN revisions r ON r.id = d.revision
			WHERE d.date = ?`),
		saveRevision: p.prepare(`
			INSERT INTO revisions (date, rev_id, timestamp, sha1, wikitext) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (date, rev_id, sha1) DO UPDATE SET date = excluded.date
			RETURNING id`),
		saveDay: p.prepare(`
			INSERT INTO days (date, title, revision) VALUES (?, ?, ?)
			ON CONFLICT (date) DO UPDATE SET title = excluded.title, revision = excluded.revision`),
		deleteEvents: p.prepare(`DELETE FROM events WHERE date = ?`),
		// The current paths of a day are those of its events.
		retirePaths: p.prepare(`
			UPDATE path_history SET current = 0
			WHERE path IN (SELECT path FROM events WHERE date = ?)`),
		events:   newEventInserter(tx),
		paths:    newPathInserter(tx),
		entities: newEntityLinks(p),
		stories:  newStoryLinks(p),
		sources:  newSourceLinks(p),
	}
	if p.err != nil {
		return nil, p.err
	}
	// The transaction holds the write lock from its start, so no one else
	// can take these ids.
	err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM events`).Scan(&im.nextEventID)
	return im, err
}

// revision identifies one version of a day page.
type revision struct {
	id        int64
	timestamp time.Time
	sha1      string
}

// supersedes reports whether r may replace cur: a higher revision id when both
// are known, else a timestamp that is not earlier.
func (r revision) supersedes(cur revision) bool {
	if r.id != 0 && cur.id != 0 && r.id != cur.id {
		return r.id > cur.id
	}
	return !r.timestamp.Before(cur.timestamp)
}

func revisionOf(d *Day) revision {
	sum := d.SHA1
	if sum == "" {
		h := sha1.Sum([]byte(d.Wikitext))
		sum = hex.EncodeToString(h[:])
	}
	return revision{id: d.RevisionID, timestamp: d.Timestamp, sha1: sum}
}

// importDay stores one day and counts what happened to it in res.
func (im *importer) importDay(ctx context.Context, d *Day, res *ImportResult) error {
	next := revisionOf(d)
	cur, found, err := im.current(ctx, d.Date)
	switch {
	case err != nil:
		return err
	case !found:
		res.Added++
		return im.replaceDay(ctx, d, next, false)
	case cur.sha1 == next.sha1:
		res.Unchanged++
		return nil
	case !next.supersedes(cur):
		res.Older++
		_, err := im.keepRevision(ctx, d, next)
		return err
	default:
		res.Replaced++
		return im.replaceDay(ctx, d, next, true)
	}
}

// current reads the stored current revision of the day.
func (im *importer) current(ctx context.Context, date event.Date) (revision, bool, error) {
	var r revision
	var ts string
	err := im.currentRevision.QueryRowContext(ctx, date.String()).Scan(&r.id, &ts, &r.sha1)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("read current revision: %w", err)
	}
	r.timestamp, err = parseTime(ts)
	return r, err == nil, err
}

// keepRevision adds the revision to the day's history (once) and returns its row id.
func (im *importer) keepRevision(ctx context.Context, d *Day, r revision) (int64, error) {
	var id int64
	err := im.saveRevision.QueryRowContext(ctx,
		d.Date.String(), r.id, formatTime(r.timestamp), r.sha1, d.Wikitext).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("save revision %d: %w", r.id, err)
	}
	return id, nil
}

// replaceDay makes r the day's current revision and d.Events its events.
func (im *importer) replaceDay(ctx context.Context, d *Day, r revision, existed bool) error {
	revID, err := im.keepRevision(ctx, d, r)
	if err != nil {
		return err
	}
	date := d.Date.String()
	if _, err := im.saveDay.ExecContext(ctx, date, d.Title, revID); err != nil {
		return fmt.Errorf("save day: %w", err)
	}
	if existed {
		if _, err := im.retirePaths.ExecContext(ctx, date); err != nil {
			return fmt.Errorf("retire old paths: %w", err)
		}
		if _, err := im.deleteEvents.ExecContext(ctx, date); err != nil {
			return fmt.Errorf("delete old events: %w", err)
		}
	}
	return im.addEvents(ctx, d.Events, formatTime(r.timestamp))
}

// Days lists the stored days in date order.
func (s *Store) Days(ctx context.Context) ([]DayInfo, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT d.date, d.title, r.rev_id, r.timestamp, r.sha1,
		       (SELECT count(*) FROM events e WHERE e.date = d.date)
		FROM days d JOIN revisions r ON r.id = d.revision
		ORDER BY d.date`)
	if err != nil {
		return nil, fmt.Errorf("list days: %w", err)
	}
	defer rows.Close()
	var days []DayInfo
	for rows.Next() {
		var info DayInfo
		var date, ts string
		if err := rows.Scan(&date, &info.Title, &info.RevisionID, &ts, &info.SHA1, &info.Events); err != nil {
			return nil, fmt.Errorf("list days: %w", err)
		}
		if info.Date, err = event.ParseDate(date); err != nil {
			return nil, fmt.Errorf("list days: stored %w", err)
		}
		if info.Timestamp, err = parseTime(ts); err != nil {
			return nil, fmt.Errorf("list days: %w", err)
		}
		days = append(days, info)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list days: %w", err)
	}
	return days, nil
}

// Day returns the current revision of the day, with its wikitext and events,
// so that a day can be parsed again without its source.
func (s *Store) Day(ctx context.Context, date event.Date) (Day, error) {
	d := Day{Date: date}
	var ts string
	err := s.db.QueryRowContext(ctx, `
		SELECT d.title, r.rev_id, r.timestamp, r.sha1, r.wikitext
		FROM days d JOIN revisions r ON r.id = d.revision
		WHERE d.date = ?`, date.String()).Scan(&d.Title, &d.RevisionID, &ts, &d.SHA1, &d.Wikitext)
	if errors.Is(err, sql.ErrNoRows) {
		return Day{}, fmt.Errorf("day %s: %w", date, ErrNotFound)
	}
	if err != nil {
		return Day{}, fmt.Errorf("day %s: %w", date, err)
	}
	if d.Timestamp, err = parseTime(ts); err != nil {
		return Day{}, fmt.Errorf("day %s: %w", date, err)
	}
	if d.Events, err = s.EventsOfDay(ctx, date); err != nil {
		return Day{}, err
	}
	return d, nil
}

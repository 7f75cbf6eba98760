package store

import (
	"context"
	"crypto/sha1"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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
	// Comment is the editor's summary of the revision; empty when unknown.
	Comment string
	Events  []event.Event
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
	// EventsEdited counts the events of the replaced days whose text the
	// new revision changed (their earlier text kept), and EventsRemoved
	// those it no longer has (their page kept): the edits /edits/ lists.
	EventsEdited, EventsRemoved int
}

// EditsNote is what the replaced days' edits did to their events, for a
// summary line: "; 3 events edited, 1 removed", or "" when they did nothing.
func (r ImportResult) EditsNote() string {
	if r.EventsEdited == 0 && r.EventsRemoved == 0 {
		return ""
	}
	events := "events"
	if r.EventsEdited == 1 {
		events = "event"
	}
	return fmt.Sprintf("; %d %s edited, %d removed", r.EventsEdited, events, r.EventsRemoved)
}

// Add counts o's days and events in r too.
func (r *ImportResult) Add(o ImportResult) {
	r.Added += o.Added
	r.Replaced += o.Replaced
	r.Unchanged += o.Unchanged
	r.Older += o.Older
	r.EventsEdited += o.EventsEdited
	r.EventsRemoved += o.EventsRemoved
}

// ImportDays stores a batch of parsed days in one transaction, in order. A day
// whose current revision has the same SHA1 is left untouched; a different
// revision that is not older (a higher RevisionID, or equal or unknown ids and
// a later or equal Timestamp) replaces that day's events and their links; an
// older one is only kept in the day's revision history. On any error nothing
// of the batch is stored. The imports of one Store run one at a time.
func (s *Store) ImportDays(ctx context.Context, days []Day) (ImportResult, error) {
	for i := range days {
		if err := checkDay(&days[i]); err != nil {
			return ImportResult{}, fmt.Errorf("store day %s: %w", days[i].Date, err)
		}
	}
	s.importing.Lock()
	defer s.importing.Unlock()
	res, err := s.importBatch(ctx, days, false)
	if errors.Is(err, errReplacesDay) {
		res, err = s.importBatch(ctx, days, true)
	}
	return res, err
}

// errReplacesDay stops an import without foreign key checks at the first day
// whose events it would replace: deleting events needs the checks' cascades.
var errReplacesDay = errors.New("the batch replaces a day")

// importBatch imports the days in one transaction. Without replacing, the
// batch only adds rows whose references the importer itself gives, so the
// foreign keys go unchecked: checking them cost a fifth of the store's time
// in an import of the corpus.
func (s *Store) importBatch(ctx context.Context, days []Day, replacing bool) (ImportResult, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return ImportResult{}, fmt.Errorf("store days: %w", err)
	}
	defer conn.Close()
	if !replacing {
		if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
			return ImportResult{}, fmt.Errorf("store days: %w", err)
		}
		defer checkForeignKeysAgain(conn)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return ImportResult{}, fmt.Errorf("store days: %w", err)
	}
	defer s.NoteChange()
	defer tx.Rollback()
	keys, ownKeys, err := s.keysFor(ctx, tx, days)
	if err != nil {
		return ImportResult{}, fmt.Errorf("store days: %w", err)
	}
	im, err := newImporter(ctx, tx, keys, replacing)
	if err != nil {
		return ImportResult{}, fmt.Errorf("store days: %w", err)
	}
	res, err := im.run(ctx, days)
	if err != nil {
		im.undo()
		return ImportResult{}, err
	}
	if err := tx.Commit(); err != nil {
		s.keys.reset() // whether the rows are stored is unknown
		return ImportResult{}, fmt.Errorf("store days: commit: %w", err)
	}
	s.batchKeyed = s.batchKeyed || ownKeys
	if im.unslugged {
		s.keys.reset() // the caches miss the slugs that finish gave
	}
	return res, nil
}

// checkForeignKeysAgain turns the checks back on before the connection
// returns to the pool, or else takes it out of the pool.
func checkForeignKeysAgain(conn *sql.Conn) {
	if _, err := conn.ExecContext(context.Background(), `PRAGMA foreign_keys = ON`); err != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}

// run imports the days and ends the batch.
func (im *importer) run(ctx context.Context, days []Day) (ImportResult, error) {
	if err := im.loadCurrent(ctx, days); err != nil {
		return ImportResult{}, fmt.Errorf("store days: %w", err)
	}
	res, changed, err := im.importDays(ctx, days)
	if err != nil {
		return ImportResult{}, err
	}
	res.EventsEdited, res.EventsRemoved = im.edited, im.removed
	return res, im.finish(ctx, changed)
}

// importDays stores the days in order and lists those added or replaced.
func (im *importer) importDays(ctx context.Context, days []Day) (ImportResult, []event.Date, error) {
	var res ImportResult
	var changed []event.Date
	for i := range days {
		before := res.Added + res.Replaced
		err := im.importDay(ctx, &days[i], &res)
		var fe *flushError
		if errors.As(err, &fe) {
			return ImportResult{}, nil, err
		}
		if err != nil {
			return ImportResult{}, nil, fmt.Errorf("store day %s: %w", days[i].Date, err)
		}
		if res.Added+res.Replaced > before {
			changed = append(changed, days[i].Date)
		}
	}
	return res, changed, nil
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
// import transaction. Rows are queued for the whole batch and inserted in
// large multi-row statements (see batch.go), before anything reads or
// deletes them.
type importer struct {
	tx                                               *sql.Tx
	saveRevision, saveDay, deleteEvents, retirePaths *sql.Stmt
	clearMissing                                     *sql.Stmt
	firstEventID, nextEventID                        int64
	events, paths, rankings                          *rowInserter
	entities                                         entityLinks
	stories                                          storyLinks
	sources                                          sourceLinks
	// current holds the current revision of each day of the batch stored.
	current map[event.Date]revision
	// queued are the days whose rows are queued.
	queued []event.Date
	// categories are those of the events added.
	categories map[string]bool
	// replacing allows replacing days, which needs foreign key checks.
	replacing bool
	// unslugged is set when finish gave slugs to rows the caches do not hold.
	unslugged bool
	// edited and removed count the events whose text the batch changed and
	// those it removed (carryIdentities).
	edited, removed int
}

func newImporter(ctx context.Context, tx *sql.Tx, keys keyTables, replacing bool) (*importer, error) {
	p := &preparer{ctx: ctx, tx: tx}
	im := &importer{
		tx: tx,
		saveRevision: p.prepare(`
			INSERT INTO revisions (date, rev_id, timestamp, sha1, wikitext, comment) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (date, rev_id, sha1) DO UPDATE SET
				comment = CASE WHEN excluded.comment <> '' THEN excluded.comment ELSE comment END
			RETURNING id`),
		clearMissing: p.prepare(`DELETE FROM missing_days WHERE date = ?`),
		saveDay: p.prepare(`
			INSERT INTO days (date, title, revision) VALUES (?, ?, ?)
			ON CONFLICT (date) DO UPDATE SET title = excluded.title, revision = excluded.revision`),
		deleteEvents: p.prepare(`DELETE FROM events WHERE date = ?`),
		// The current paths of a day are those of its events.
		retirePaths: p.prepare(`
			UPDATE path_history SET current = 0
			WHERE path IN (SELECT path FROM events WHERE date = ?)`),
		events:     newEventInserter(tx),
		paths:      newPathInserter(tx),
		rankings:   newRankingInserter(tx),
		entities:   newEntityLinks(tx, keys.entities),
		stories:    newStoryLinks(tx, keys.stories),
		sources:    newSourceLinks(tx, keys.sources),
		replacing:  replacing,
		categories: make(map[string]bool),
		current:    make(map[event.Date]revision),
	}
	if p.err != nil {
		return nil, p.err
	}
	// The transaction holds the write lock from its start, so no one else
	// can take these ids.
	err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM events`).Scan(&im.nextEventID)
	im.firstEventID = im.nextEventID
	return im, err
}

// flush inserts the queued rows, the rows that others refer to first.
func (im *importer) flush(ctx context.Context) error {
	defer func() { im.queued = im.queued[:0] }()
	for _, rows := range []*rowInserter{
		im.entities.ids.rows, im.stories.ids.rows, im.sources.ids.rows,
		im.events, im.entities.rows, im.stories.rows, im.sources.rows, im.paths, im.rankings,
	} {
		if err := rows.flush(ctx); err != nil {
			return &flushError{days: slices.Clone(im.queued), err: err}
		}
	}
	return nil
}

// flushError is the failure to store the queued rows of some days.
type flushError struct {
	days []event.Date
	err  error
}

func (e *flushError) Error() string {
	switch {
	case len(e.days) == 1:
		return fmt.Sprintf("import day %s: %v", e.days[0], e.err)
	case len(e.days) > 1:
		return fmt.Sprintf("import days %s to %s: %v", e.days[0], e.days[len(e.days)-1], e.err)
	}
	return fmt.Sprintf("import days: %v", e.err)
}

func (e *flushError) Unwrap() error { return e.err }

// undo takes the rows of a failed import out of the key caches.
func (im *importer) undo() {
	for _, l := range []*keyLinks{im.entities.ids, im.stories.ids, im.sources.ids} {
		l.undo()
	}
}

// finish inserts the rows still queued and ends the batch (see finishBatch).
func (im *importer) finish(ctx context.Context, changed []event.Date) error {
	if err := im.flush(ctx); err != nil {
		return err
	}
	known, err := im.knownCategories(ctx)
	if err != nil {
		return fmt.Errorf("store days: %w", err)
	}
	from := im.firstEventID
	if known {
		from = im.nextEventID // no event of the batch needs a new category
	}
	n, err := finishBatch(ctx, im.tx, changed, from)
	if err != nil {
		return fmt.Errorf("store days: %w", err)
	}
	im.unslugged = n > 0
	return nil
}

// knownCategories reports whether the categories table holds the category of
// every event the batch added, so that finding the new ones can be skipped.
func (im *importer) knownCategories(ctx context.Context) (bool, error) {
	if len(im.categories) == 0 {
		return true, nil
	}
	err := eachRow(ctx, im.tx, `SELECT name FROM categories`, nil, func(rows *sql.Rows) error {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		delete(im.categories, name)
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("read categories: %w", err)
	}
	return len(im.categories) == 0, nil
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
	cur, found := im.current[d.Date]
	switch {
	case !found:
		res.Added++
		return im.replaceDay(ctx, d, next, false)
	case cur.sha1 == next.sha1:
		res.Unchanged++
		if next.id != 0 && next.id != cur.id {
			// Another revision with the same text (a revert, a null edit):
			// kept in the history, so that a sync knows it has seen it.
			_, err := im.keepRevision(ctx, d, next)
			return err
		}
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

// loadCurrent reads the stored current revisions of the days, all at once.
func (im *importer) loadCurrent(ctx context.Context, days []Day) error {
	dates := make([]string, len(days))
	for i := range days {
		dates[i] = days[i].Date.String()
	}
	list, err := json.Marshal(dates)
	if err != nil {
		return err
	}
	err = eachRow(ctx, im.tx, `
		SELECT d.date, r.rev_id, r.timestamp, r.sha1
		FROM days d JOIN revisions r ON r.id = d.revision
		WHERE d.date IN (SELECT value FROM json_each(?))`, []any{string(list)}, func(rows *sql.Rows) error {
		var r revision
		var date, ts string
		if err := rows.Scan(&date, &r.id, &ts, &r.sha1); err != nil {
			return err
		}
		d, err := event.ParseDate(date)
		if err != nil {
			return fmt.Errorf("stored %w", err)
		}
		if r.timestamp, err = parseTime(ts); err != nil {
			return err
		}
		im.current[d] = r
		return nil
	})
	if err != nil {
		return fmt.Errorf("read current revisions: %w", err)
	}
	return nil
}

// keepRevision adds the revision to the day's history (once) and returns its row id.
func (im *importer) keepRevision(ctx context.Context, d *Day, r revision) (int64, error) {
	var id int64
	err := im.saveRevision.QueryRowContext(ctx,
		d.Date.String(), r.id, formatTime(r.timestamp), r.sha1, d.Wikitext, d.Comment).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("save revision %d: %w", r.id, err)
	}
	return id, nil
}

// replaceDay makes r the day's current revision and d.Events its events.
func (im *importer) replaceDay(ctx context.Context, d *Day, r revision, existed bool) error {
	if existed && !im.replacing {
		return errReplacesDay
	}
	revID, err := im.keepRevision(ctx, d, r)
	if err != nil {
		return err
	}
	date := d.Date.String()
	if _, err := im.saveDay.ExecContext(ctx, date, d.Title, revID); err != nil {
		return fmt.Errorf("save day: %w", err)
	}
	if _, err := im.clearMissing.ExecContext(ctx, date); err != nil {
		return fmt.Errorf("save day: %w", err)
	}
	var ids map[string]int64 // of the replaced events, by path
	if existed {
		if err := im.flush(ctx); err != nil {
			return err
		}
		if err := im.carryIdentities(ctx, d, r); err != nil {
			return err
		}
		if ids, err = im.idsOfDay(ctx, date); err != nil {
			return err
		}
		if _, err := im.retirePaths.ExecContext(ctx, date); err != nil {
			return fmt.Errorf("retire old paths: %w", err)
		}
		if _, err := im.deleteEvents.ExecContext(ctx, date); err != nil {
			return fmt.Errorf("delete old events: %w", err)
		}
	}
	im.current[d.Date] = r
	im.queued = append(im.queued, d.Date)
	im.rankings.add(date, packRankingDay(d.Events))
	return im.addEvents(d.Events, formatTime(r.timestamp), ids)
}

// idsOfDay returns the ids of the day's stored events, by path.
func (im *importer) idsOfDay(ctx context.Context, date string) (map[string]int64, error) {
	ids := map[string]int64{}
	if err := pairsInto(ctx, im.tx, ids, `SELECT path, id FROM events WHERE date = ?`, date); err != nil {
		return nil, fmt.Errorf("read old events: %w", err)
	}
	return ids, nil
}

// Days lists the stored days in date order.
func (s *Store) Days(ctx context.Context) ([]DayInfo, error) {
	var days []DayInfo
	err := eachRow(ctx, s.reads, `
		SELECT d.date, d.title, r.rev_id, r.timestamp, r.sha1,
		       (SELECT count(*) FROM events e WHERE e.date = d.date)
		FROM days d JOIN revisions r ON r.id = d.revision
		ORDER BY d.date`, nil, func(rows *sql.Rows) error {
		var info DayInfo
		var date, ts string
		err := rows.Scan(&date, &info.Title, &info.RevisionID, &ts, &info.SHA1, &info.Events)
		if err != nil {
			return err
		}
		if info.Date, err = event.ParseDate(date); err != nil {
			return fmt.Errorf("stored %w", err)
		}
		if info.Timestamp, err = parseTime(ts); err != nil {
			return err
		}
		days = append(days, info)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list days: %w", err)
	}
	return days, nil
}

// Day returns the current revision of the day, with its wikitext and events,
// so that a day can be parsed again without its source.
func (s *Store) Day(ctx context.Context, date event.Date) (Day, error) {
	d := Day{Date: date}
	var ts string
	err := s.reads.QueryRowContext(ctx, `
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

// DayRevision is the current revision of a day's portal page, which its
// events were read from: the page's title, the revision's id (0 when the
// source gave none, a .wiki file) and when it was saved (a file's time for
// a .wiki file).
type DayRevision struct {
	Title     string
	ID        int64
	Timestamp time.Time
}

// DayRevisions returns the current revision of every stored day.
func (s *Store) DayRevisions(ctx context.Context) (map[event.Date]DayRevision, error) {
	out := map[event.Date]DayRevision{}
	err := eachRow(ctx, s.reads, `SELECT d.date, d.title, r.rev_id, r.timestamp FROM days d JOIN revisions r ON r.id = d.revision`, nil,
		func(rows *sql.Rows) error {
			d, rev, err := scanDayRevision(rows)
			out[d] = rev
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("day revisions: %w", err)
	}
	return out, nil
}

// DayRevisionOf returns the current revision of the day, or ErrNotFound.
func (s *Store) DayRevisionOf(ctx context.Context, date event.Date) (DayRevision, error) {
	row := s.reads.QueryRowContext(ctx, `SELECT d.date, d.title, r.rev_id, r.timestamp FROM days d JOIN revisions r ON r.id = d.revision
		WHERE d.date = ?`, date.String())
	_, rev, err := scanDayRevision(row)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return DayRevision{}, fmt.Errorf("revision of day %s: %w", date, err)
	}
	return rev, nil
}

// scanDayRevision reads a row of date, title, rev_id and timestamp.
func scanDayRevision(row interface{ Scan(...any) error }) (event.Date, DayRevision, error) {
	var rev DayRevision
	var date, ts string
	if err := row.Scan(&date, &rev.Title, &rev.ID, &ts); err != nil {
		return event.Date{}, DayRevision{}, err
	}
	d, err := event.ParseDate(date)
	if err != nil {
		return event.Date{}, DayRevision{}, fmt.Errorf("stored %w", err)
	}
	if rev.Timestamp, err = parseTime(ts); err != nil {
		return event.Date{}, DayRevision{}, err
	}
	return d, rev, nil
}

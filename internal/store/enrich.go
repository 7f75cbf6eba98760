package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// migrationEnrich records what enrichment learned of sources and events
// (see chronicle enrich and docs/enrich.md).
const migrationEnrich = `
-- One row per source visited: its outcome (state), what its page (or the
-- archived copy of a dead page) says of itself, the validators of a
-- conditional re-check, and when a failure is due for retry.
CREATE TABLE source_meta (
	source_id     INTEGER PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
	state         TEXT    NOT NULL CHECK (state IN ('ok', 'dead', 'blocked', 'failed')),
	status        INTEGER NOT NULL DEFAULT 0,
	final_url     TEXT    NOT NULL DEFAULT '',
	title         TEXT    NOT NULL DEFAULT '',
	site_name     TEXT    NOT NULL DEFAULT '',
	author        TEXT    NOT NULL DEFAULT '',
	published     TEXT    NOT NULL DEFAULT '', -- RFC 3339, UTC
	language      TEXT    NOT NULL DEFAULT '',
	canonical_url TEXT    NOT NULL DEFAULT '',
	description   TEXT    NOT NULL DEFAULT '',
	image         TEXT    NOT NULL DEFAULT '',
	image_width   INTEGER NOT NULL DEFAULT 0,
	image_height  INTEGER NOT NULL DEFAULT 0,
	image_alt     TEXT    NOT NULL DEFAULT '',
	archived_url  TEXT    NOT NULL DEFAULT '',
	etag          TEXT    NOT NULL DEFAULT '',
	last_modified TEXT    NOT NULL DEFAULT '',
	checked_at    TEXT    NOT NULL,
	failures      INTEGER NOT NULL DEFAULT 0, -- consecutive
	next_retry    TEXT    NOT NULL DEFAULT '',
	error         TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX source_meta_by_state ON source_meta (state, next_retry);

-- Every request made for a source, its archived copy included.
CREATE TABLE source_attempts (
	id          INTEGER PRIMARY KEY,
	source_id   INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
	at          TEXT    NOT NULL,
	url         TEXT    NOT NULL,
	status      INTEGER NOT NULL,
	kind        TEXT    NOT NULL,
	error       TEXT    NOT NULL,
	duration_ms INTEGER NOT NULL,
	archive     INTEGER NOT NULL CHECK (archive IN (0, 1))
) STRICT;
CREATE INDEX source_attempts_by_source ON source_attempts (source_id, at);

-- One row per enriched event: its summary and cover image, from its first
-- source that gave each (source ids; NULL for none). An event without a row
-- is not enriched yet; the row dies with the event, and the next run fills
-- it again from the stored sources, without fetching them.
CREATE TABLE event_meta (
	event_id       INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
	summary        TEXT    NOT NULL,
	summary_source INTEGER,
	cover_image    TEXT    NOT NULL,
	cover_source   INTEGER,
	enriched_at    TEXT    NOT NULL
) STRICT;
`

// Source states, as enrichment records them.
const (
	SourceOK      = "ok"
	SourceDead    = "dead"
	SourceBlocked = "blocked"
	SourceFailed  = "failed"
)

// SourceMeta is what enrichment learned of a source.
type SourceMeta struct {
	// State is the outcome of the last visit: SourceOK, SourceDead,
	// SourceBlocked or SourceFailed; "" when never visited.
	State                   string
	Status                  int // HTTP status of the last answer; 0 for none
	FinalURL                string
	Title, SiteName, Author string
	Published               time.Time // zero when unknown
	Language, Canonical     string
	Description             string
	Image                   string
	ImageWidth, ImageHeight int
	ImageAlt                string
	// ArchivedURL is the Wayback Machine copy the metadata came from, when
	// the source is dead.
	ArchivedURL        string
	ETag, LastModified string
	CheckedAt          time.Time
	Failures           int       // consecutive failed visits
	NextRetry          time.Time // when a failed source may be visited again
	Error              string
}

// EnrichSource is a source of an event to enrich, with what is stored of it.
type EnrichSource struct {
	ID  int64
	URL string
	SourceMeta
	// Due reports a failed source whose retry time has come.
	Due bool
}

// EnrichJob is an event to enrich, its sources in page order.
type EnrichJob struct {
	EventID int64
	Path    string
	Date    event.Date
	Sources []EnrichSource
}

// PendingOptions select the events to enrich.
type PendingOptions struct {
	From, To event.Date // zero: open
	Limit    int        // 0: all
	// RetryFailed also selects enriched events that lack a summary or a
	// cover image and have a failed source due for retry at Now.
	RetryFailed bool
	Now         time.Time
}

// PendingEnrichment returns the events with sources that are not enriched
// yet, in date and page order: the ones an interrupted run did not reach
// included, so that a new run resumes.
func (s *Store) PendingEnrichment(ctx context.Context, opts PendingOptions) ([]EnrichJob, error) {
	upper := maxDate
	if !opts.To.IsZero() {
		upper = opts.To.String()
	}
	now := formatTime(opts.Now)
	limit := -1
	if opts.Limit > 0 {
		limit = opts.Limit
	}
	query := `
		SELECT e.id, e.path, e.date,
		       (SELECT json_group_array(json_array(s.id, s.url, ` + metaColumns("m") + `) ORDER BY l.ord)
		          FROM event_sources l JOIN sources s ON s.id = l.source_id
		          LEFT JOIN source_meta m ON m.source_id = s.id
		         WHERE l.event_id = e.id)
		FROM events e
		WHERE e.date BETWEEN ? AND ?
		  AND EXISTS (SELECT 1 FROM event_sources l WHERE l.event_id = e.id)
		  AND (NOT EXISTS (SELECT 1 FROM event_meta x WHERE x.event_id = e.id)
		       OR (? AND EXISTS (
		             SELECT 1 FROM event_meta x
		              WHERE x.event_id = e.id AND (x.summary = '' OR x.cover_image = ''))
		           AND EXISTS (
		             SELECT 1 FROM event_sources l JOIN source_meta m ON m.source_id = l.source_id
		              WHERE l.event_id = e.id AND m.state = 'failed' AND m.next_retry <= ?)))
		ORDER BY e.date, e.position
		LIMIT ?`
	var jobs []EnrichJob
	err := eachRow(ctx, s.db, query, []any{opts.From.String(), upper, opts.RetryFailed, now, limit}, func(rows *sql.Rows) error {
		var j EnrichJob
		var date string
		var sources []byte
		if err := rows.Scan(&j.EventID, &j.Path, &date, &sources); err != nil {
			return err
		}
		var err error
		if j.Date, err = event.ParseDate(date); err != nil {
			return fmt.Errorf("event %s: stored %w", j.Path, err)
		}
		if j.Sources, err = decodeEnrichSources(sources, now); err != nil {
			return fmt.Errorf("event %s: %w", j.Path, err)
		}
		jobs = append(jobs, j)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("events to enrich: %w", err)
	}
	return jobs, nil
}

// metaFields are the columns of source_meta that SourceMeta holds, in the
// order decodeMeta reads them.
var metaFields = []string{"state", "status", "final_url", "title", "site_name", "author", "published",
	"language", "canonical_url", "description", "image", "image_width", "image_height", "image_alt",
	"archived_url", "etag", "last_modified", "checked_at", "failures", "next_retry", "error"}

// metaColumns lists metaFields of the table alias, ” or 0 for a source
// never visited, for a json_array.
func metaColumns(alias string) string {
	cols := make([]string, len(metaFields))
	for i, f := range metaFields {
		zero := "''"
		if f == "status" || f == "image_width" || f == "image_height" || f == "failures" {
			zero = "0"
		}
		cols[i] = fmt.Sprintf("coalesce(%s.%s, %s)", alias, f, zero)
	}
	return strings.Join(cols, ", ")
}

// decodeEnrichSources reads the JSON array of [id, url, metaFields…] rows.
func decodeEnrichSources(raw []byte, now string) ([]EnrichSource, error) {
	var rows [][]json.RawMessage
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, fmt.Errorf("stored sources: %w", err)
	}
	out := make([]EnrichSource, len(rows))
	for i, r := range rows {
		if len(r) != 2+len(metaFields) {
			return nil, fmt.Errorf("stored source has %d fields", len(r))
		}
		src := &out[i]
		if err := json.Unmarshal(r[0], &src.ID); err != nil {
			return nil, fmt.Errorf("stored source id: %w", err)
		}
		if err := json.Unmarshal(r[1], &src.URL); err != nil {
			return nil, fmt.Errorf("stored source URL: %w", err)
		}
		var err error
		if src.SourceMeta, err = decodeMeta(r[2:]); err != nil {
			return nil, fmt.Errorf("source %s: %w", src.URL, err)
		}
		src.Due = src.State == SourceFailed && formatTime(src.NextRetry) <= now
	}
	return out, nil
}

// decodeMeta reads the values of metaFields.
func decodeMeta(vals []json.RawMessage) (SourceMeta, error) {
	var m SourceMeta
	var published, checked, retry string
	into := []any{&m.State, &m.Status, &m.FinalURL, &m.Title, &m.SiteName, &m.Author, &published,
		&m.Language, &m.Canonical, &m.Description, &m.Image, &m.ImageWidth, &m.ImageHeight, &m.ImageAlt,
		&m.ArchivedURL, &m.ETag, &m.LastModified, &checked, &m.Failures, &retry, &m.Error}
	for i, v := range vals {
		if err := json.Unmarshal(v, into[i]); err != nil {
			return m, fmt.Errorf("stored %s: %w", metaFields[i], err)
		}
	}
	var err error
	if m.Published, err = parseOptionalTime(time.RFC3339, published); err != nil {
		return m, err
	}
	if m.CheckedAt, err = parseOptionalTime(timeLayout, checked); err != nil {
		return m, err
	}
	if m.NextRetry, err = parseOptionalTime(timeLayout, retry); err != nil {
		return m, err
	}
	return m, nil
}

func parseOptionalTime(layout, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t, nil
}

// SourceAttempt is one request made for a source.
type SourceAttempt struct {
	URL      string
	At       time.Time
	Duration time.Duration
	Status   int
	Kind     string
	Error    string
	Archive  bool // a request to the Wayback Machine
}

// SourceVisit is what a visit of a source found.
type SourceVisit struct {
	ID       int64
	State    string
	Status   int
	FinalURL string
	Error    string
	// Fresh reports that Meta holds newly read metadata, which replaces the
	// stored one; otherwise the stored metadata stands.
	Fresh              bool
	Meta               SourceMeta
	ETag, LastModified string
	// RetryAfter, from a 429, puts the next retry no earlier.
	RetryAfter time.Duration
	Attempts   []SourceAttempt
}

// EventEnrichment is an enrichment run's result for one event.
type EventEnrichment struct {
	EventID                    int64
	Summary, CoverImage        string
	SummarySource, CoverSource int64 // 0 for none
	Visits                     []SourceVisit
}

// Backoff of failed sources: the first retry after minBackoff, doubling at
// each failure up to maxBackoff.
const (
	minBackoff = time.Hour
	maxBackoff = 30 * 24 * time.Hour
)

// backoff is the wait before retrying a source that failed failures times
// in a row.
func backoff(failures int) time.Duration {
	d := minBackoff
	for i := 1; i < failures && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

// RecordEnrichment stores the results of an enrichment run, at time now, in
// one transaction: the visits of each source and their attempts, and each
// event's summary and cover image.
func (s *Store) RecordEnrichment(ctx context.Context, results []EventEnrichment, now time.Time) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for i := range results {
			if err := recordEvent(ctx, tx, &results[i], now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record enrichment: %w", err)
	}
	return nil
}

func recordEvent(ctx context.Context, tx *sql.Tx, r *EventEnrichment, now time.Time) error {
	for i := range r.Visits {
		if err := recordVisit(ctx, tx, &r.Visits[i], now); err != nil {
			return fmt.Errorf("source %d: %w", r.Visits[i].ID, err)
		}
	}
	_, err := tx.ExecContext(ctx, `
		INSERT OR REPLACE INTO event_meta (event_id, summary, summary_source, cover_image, cover_source, enriched_at)
		VALUES (?, ?, ?, ?, ?, ?)`,
		r.EventID, r.Summary, nullID(r.SummarySource), r.CoverImage, nullID(r.CoverSource), formatTime(now))
	if err != nil {
		return fmt.Errorf("event %d: %w", r.EventID, err)
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// recordVisit updates a source's row: its state always, its metadata when
// the visit read some, its validators when it got new ones, and its
// failure count and retry time.
func recordVisit(ctx context.Context, tx *sql.Tx, v *SourceVisit, now time.Time) error {
	var failures int
	err := tx.QueryRowContext(ctx, `SELECT failures FROM source_meta WHERE source_id = ?`, v.ID).Scan(&failures)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	nextRetry := ""
	if v.State == SourceFailed {
		failures++
		nextRetry = formatTime(now.Add(max(backoff(failures), v.RetryAfter)))
	} else {
		failures = 0
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO source_meta (source_id, state, status, final_url, error, etag, last_modified, checked_at, failures, next_retry)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (source_id) DO UPDATE SET
			state = excluded.state, status = excluded.status, final_url = excluded.final_url,
			error = excluded.error, checked_at = excluded.checked_at,
			failures = excluded.failures, next_retry = excluded.next_retry,
			etag = CASE WHEN excluded.etag != '' OR excluded.last_modified != '' THEN excluded.etag ELSE etag END,
			last_modified = CASE WHEN excluded.etag != '' OR excluded.last_modified != '' THEN excluded.last_modified ELSE last_modified END`,
		v.ID, v.State, v.Status, v.FinalURL, v.Error, v.ETag, v.LastModified, formatTime(now), failures, nextRetry)
	if err != nil {
		return err
	}
	if v.Fresh {
		m := &v.Meta
		published := ""
		if !m.Published.IsZero() {
			published = m.Published.UTC().Format(time.RFC3339)
		}
		_, err = tx.ExecContext(ctx, `
			UPDATE source_meta SET title = ?, site_name = ?, author = ?, published = ?, language = ?,
				canonical_url = ?, description = ?, image = ?, image_width = ?, image_height = ?, image_alt = ?,
				archived_url = ?
			WHERE source_id = ?`,
			m.Title, m.SiteName, m.Author, published, m.Language, m.Canonical, m.Description, m.Image,
			m.ImageWidth, m.ImageHeight, m.ImageAlt, m.ArchivedURL, v.ID)
		if err != nil {
			return err
		}
	}
	for _, a := range v.Attempts {
		_, err = tx.ExecContext(ctx, `
			INSERT INTO source_attempts (source_id, at, url, status, kind, error, duration_ms, archive)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			v.ID, formatTime(a.At), a.URL, a.Status, a.Kind, a.Error, a.Duration.Milliseconds(), a.Archive)
		if err != nil {
			return err
		}
	}
	return nil
}

// SourceAttempts returns the requests recorded for the source at url, oldest
// first.
func (s *Store) SourceAttempts(ctx context.Context, url string) ([]SourceAttempt, error) {
	var out []SourceAttempt
	err := eachRow(ctx, s.db, `
		SELECT a.at, a.url, a.status, a.kind, a.error, a.duration_ms, a.archive
		FROM source_attempts a JOIN sources s ON s.id = a.source_id
		WHERE s.url = ? ORDER BY a.at, a.id`, []any{url}, func(rows *sql.Rows) error {
		var a SourceAttempt
		var at string
		var ms int64
		if err := rows.Scan(&at, &a.URL, &a.Status, &a.Kind, &a.Error, &ms, &a.Archive); err != nil {
			return err
		}
		var err error
		if a.At, err = parseTime(at); err != nil {
			return err
		}
		a.Duration = time.Duration(ms) * time.Millisecond
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("attempts of %s: %w", url, err)
	}
	return out, nil
}

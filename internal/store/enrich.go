package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
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

// migrationEnrichGeneration stamps the enrichment that changed what a page
// shows with the store generation: an event's summary or cover
// (event_meta), a source's title, site, date, archived copy or image size
// (source_meta, shown on the page of every event that cites it). 0 is
// before any stamp.
const migrationEnrichGeneration = `
ALTER TABLE event_meta ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE source_meta ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
CREATE INDEX event_meta_by_generation ON event_meta (generation);
CREATE INDEX source_meta_by_generation ON source_meta (generation);
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

// EnrichSource is a source of an event to enrich, with what an enrichment
// run needs of what is stored of it.
type EnrichSource struct {
	ID  int64
	URL string
	// State is the outcome of the last visit; "" when never visited.
	State string
	// Description and Image are the summary and cover image found before.
	Description, Image string
	ETag, LastModified string
	Failures           int
	NextRetry          time.Time
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
		       (SELECT json_group_array(json_array(s.id, s.url, coalesce(m.state, ''), coalesce(m.description, ''),
		                  coalesce(m.image, ''), coalesce(m.etag, ''), coalesce(m.last_modified, ''),
		                  coalesce(m.failures, 0), coalesce(m.next_retry, '')) ORDER BY l.ord)
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
	err := eachRow(ctx, s.reads, query, []any{opts.From.String(), upper, opts.RetryFailed, now, limit}, func(rows *sql.Rows) error {
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

// decodeEnrichSources reads the JSON array of the sources of a pending
// event: [id, url, state, description, image, etag, last_modified,
// failures, next_retry] each.
func decodeEnrichSources(raw []byte, now string) ([]EnrichSource, error) {
	var rows [][9]any
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, fmt.Errorf("stored sources: %w", err)
	}
	out := make([]EnrichSource, len(rows))
	for i, r := range rows {
		id, idOK := r[0].(float64)
		failures, failOK := r[7].(float64)
		str := [7]string{}
		for k, j := range []int{1, 2, 3, 4, 5, 6, 8} {
			v, ok := r[j].(string)
			if !ok {
				return nil, fmt.Errorf("stored source %v: field %d is not text", r[0], j)
			}
			str[k] = v
		}
		if !idOK || !failOK {
			return nil, fmt.Errorf("stored source %v: bad id or failure count", r[0])
		}
		retry, err := parseOptionalTime(timeLayout, str[6])
		if err != nil {
			return nil, fmt.Errorf("source %s: %w", str[0], err)
		}
		out[i] = EnrichSource{ID: int64(id), URL: str[0], State: str[1], Description: str[2], Image: str[3],
			ETag: str[4], LastModified: str[5], Failures: int(failures), NextRetry: retry,
			Due: str[1] == SourceFailed && str[6] <= now}
	}
	return out, nil
}

// SourceMeta returns what enrichment stored of the source at url; a zero
// SourceMeta (State "") when it was never visited, ErrNotFound when no
// event ever cited url.
func (s *Store) SourceMeta(ctx context.Context, url string) (SourceMeta, error) {
	var m SourceMeta
	var id int64
	var state, published, checked, retry sql.NullString
	var status, width, height, failures sql.NullInt64
	var text [13]sql.NullString
	err := s.reads.QueryRowContext(ctx, `
		SELECT s.id, m.state, m.status, m.final_url, m.title, m.site_name, m.author, m.published, m.language,
		       m.canonical_url, m.description, m.image, m.image_width, m.image_height, m.image_alt,
		       m.archived_url, m.etag, m.last_modified, m.checked_at, m.failures, m.next_retry, m.error
		FROM sources s LEFT JOIN source_meta m ON m.source_id = s.id WHERE s.url = ?`, url).
		Scan(&id, &state, &status, &text[0], &text[1], &text[2], &text[3], &published, &text[4],
			&text[5], &text[6], &text[7], &width, &height, &text[8],
			&text[9], &text[10], &text[11], &checked, &failures, &retry, &text[12])
	if errors.Is(err, sql.ErrNoRows) {
		return m, fmt.Errorf("source %s: %w", url, ErrNotFound)
	}
	if err != nil {
		return m, fmt.Errorf("source %s: %w", url, err)
	}
	if !state.Valid {
		return m, nil
	}
	m = SourceMeta{State: state.String, Status: int(status.Int64), FinalURL: text[0].String, Title: text[1].String,
		SiteName: text[2].String, Author: text[3].String, Language: text[4].String, Canonical: text[5].String,
		Description: text[6].String, Image: text[7].String, ImageWidth: int(width.Int64), ImageHeight: int(height.Int64),
		ImageAlt: text[8].String, ArchivedURL: text[9].String, ETag: text[10].String, LastModified: text[11].String,
		Failures: int(failures.Int64), Error: text[12].String}
	for _, t := range []struct {
		into   *time.Time
		layout string
		value  string
	}{{&m.Published, time.RFC3339, published.String}, {&m.CheckedAt, timeLayout, checked.String}, {&m.NextRetry, timeLayout, retry.String}} {
		if *t.into, err = parseOptionalTime(t.layout, t.value); err != nil {
			return m, fmt.Errorf("source %s: %w", url, err)
		}
	}
	return m, nil
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
// event's summary and cover image. When that changes what a page shows,
// the store generation is bumped and the events and sources that changed
// are stamped with it (EnrichedSince), so that an incremental build
// re-renders their pages; the derived data stays current, as enrichment
// changes none of its inputs.
func (s *Store) RecordEnrichment(ctx context.Context, results []EventEnrichment, now time.Time) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var changed enrichChanges
		for i := range results {
			if err := recordEvent(ctx, tx, &results[i], now, &changed); err != nil {
				return err
			}
		}
		return changed.stamp(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("record enrichment: %w", err)
	}
	return nil
}

// enrichChanges are the ids of the events and sources whose shown
// enrichment a run changed.
type enrichChanges struct {
	events, sources []int64
}

// stamp bumps the generation, when anything changed, and stamps the changed
// rows with it. The related lists, the title counts and the search index do
// not depend on enrichment: when they were current they stay so.
func (c *enrichChanges) stamp(ctx context.Context, tx *sql.Tx) error {
	if len(c.events) == 0 && len(c.sources) == 0 {
		return nil
	}
	var gen int64
	err := tx.QueryRowContext(ctx, `
		UPDATE counters SET value = value + 1 WHERE name = 'generation' RETURNING value`).Scan(&gen)
	if err != nil {
		return fmt.Errorf("bump generation: %w", err)
	}
	_, err = tx.ExecContext(ctx, `
		UPDATE counters SET value = ?1
		WHERE name IN ('related_generation', 'counts_generation', 'search_generation') AND value = ?1 - 1`, gen)
	if err != nil {
		return fmt.Errorf("keep derived data current: %w", err)
	}
	for _, t := range []struct {
		query string
		ids   []int64
	}{
		{`UPDATE event_meta SET generation = ? WHERE event_id = ?`, c.events},
		{`UPDATE source_meta SET generation = ? WHERE source_id = ?`, c.sources},
	} {
		for _, id := range t.ids {
			if _, err := tx.ExecContext(ctx, t.query, gen, id); err != nil {
				return fmt.Errorf("stamp %d: %w", id, err)
			}
		}
	}
	return nil
}

func recordEvent(ctx context.Context, tx *sql.Tx, r *EventEnrichment, now time.Time, changed *enrichChanges) error {
	for i := range r.Visits {
		v := &r.Visits[i]
		shown, err := recordVisit(ctx, tx, v, now)
		if err != nil {
			return fmt.Errorf("source %d: %w", v.ID, err)
		}
		if shown {
			changed.sources = append(changed.sources, v.ID)
		}
	}
	var summary, cover string
	var coverSource sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT summary, cover_image, cover_source FROM event_meta WHERE event_id = ?`, r.EventID).
		Scan(&summary, &cover, &coverSource)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("event %d: %w", r.EventID, err)
	}
	_, err = tx.ExecContext(ctx, `
		INSERT OR REPLACE INTO event_meta (event_id, summary, summary_source, cover_image, cover_source, enriched_at)
		VALUES (?, ?, ?, ?, ?, ?)`,
		r.EventID, r.Summary, nullID(r.SummarySource), r.CoverImage, nullID(r.CoverSource), formatTime(now))
	if err != nil {
		return fmt.Errorf("event %d: %w", r.EventID, err)
	}
	// The cover's size comes from its source's row: another source is
	// another size.
	if summary != r.Summary || cover != r.CoverImage || r.CoverImage != "" && coverSource.Int64 != r.CoverSource {
		changed.events = append(changed.events, r.EventID)
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
// failure count and retry time. It reports whether what pages show of the
// source changed.
func recordVisit(ctx context.Context, tx *sql.Tx, v *SourceVisit, now time.Time) (bool, error) {
	var failures int
	var before shownSource
	err := tx.QueryRowContext(ctx, `SELECT failures, `+shownColumns+` FROM source_meta WHERE source_id = ?`, v.ID).
		Scan(&failures, &before.title, &before.siteName, &before.published, &before.archivedURL,
			&before.image, &before.imageWidth, &before.imageHeight, &before.imageAlt)
	if err != nil && err != sql.ErrNoRows {
		return false, err
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
		return false, err
	}
	shown := false
	if v.Fresh {
		if shown, err = saveSourceMeta(ctx, tx, v.ID, &v.Meta, before); err != nil {
			return false, err
		}
	}
	return shown, saveAttempts(ctx, tx, v.ID, v.Attempts)
}

// shownColumns are the columns of source_meta that pages show, in the
// order of shownSource's fields. The image is among them because the size
// an event's cover shows is its source's only while the source's image is
// that cover.
const shownColumns = `title, site_name, published, archived_url, image, image_width, image_height, image_alt`

// shownSource is what pages show of a source.
type shownSource struct {
	title, siteName, published, archivedURL, image string
	imageWidth, imageHeight                        int
	imageAlt                                       string
}

// saveSourceMeta replaces a source's metadata with m and reports whether
// what pages show of it changed from before.
func saveSourceMeta(ctx context.Context, tx *sql.Tx, id int64, m *SourceMeta, before shownSource) (bool, error) {
	published := ""
	if !m.Published.IsZero() {
		published = m.Published.UTC().Format(time.RFC3339)
	}
	_, err := tx.ExecContext(ctx, `
		UPDATE source_meta SET title = ?, site_name = ?, author = ?, published = ?, language = ?,
			canonical_url = ?, description = ?, image = ?, image_width = ?, image_height = ?, image_alt = ?,
			archived_url = ?
		WHERE source_id = ?`,
		m.Title, m.SiteName, m.Author, published, m.Language, m.Canonical, m.Description, m.Image,
		m.ImageWidth, m.ImageHeight, m.ImageAlt, m.ArchivedURL, id)
	after := shownSource{m.Title, m.SiteName, published, m.ArchivedURL, m.Image, m.ImageWidth, m.ImageHeight, m.ImageAlt}
	return after != before, err
}

func saveAttempts(ctx context.Context, tx *sql.Tx, id int64, attempts []SourceAttempt) error {
	for _, a := range attempts {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO source_attempts (source_id, at, url, status, kind, error, duration_ms, archive)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			id, formatTime(a.At), a.URL, a.Status, a.Kind, a.Error, a.Duration.Milliseconds(), a.Archive)
		if err != nil {
			return err
		}
	}
	return nil
}

// EnrichedSince returns, sorted, the paths of the events whose enrichment,
// as pages show it, changed after generation since: their summary or cover
// image, or what is known of one of their sources.
func (s *Store) EnrichedSince(ctx context.Context, since int64) ([]string, error) {
	paths, err := s.strings(ctx, enrichedSinceQuery, since)
	if err != nil {
		return nil, fmt.Errorf("events enriched since generation %d: %w", since, err)
	}
	return paths, nil
}

// enrichedSinceQuery is EnrichedSince's, written so that SQLite reads only
// the rows past the generation: UNION ALL, as in relatedChangedSinceQuery,
// and the sources' links reached from the changed sources (CROSS JOIN fixes
// that order) rather than every link scanned for a changed source.
const enrichedSinceQuery = `SELECT e.path FROM events e WHERE e.id IN (
		SELECT event_id FROM event_meta WHERE generation > ?1
		UNION ALL SELECT l.event_id FROM source_meta m CROSS JOIN event_sources l ON l.source_id = m.source_id
		WHERE m.generation > ?1) ORDER BY e.path`

// SourceAttempts returns the requests recorded for the source at url, oldest
// first.
func (s *Store) SourceAttempts(ctx context.Context, url string) ([]SourceAttempt, error) {
	var out []SourceAttempt
	err := eachRow(ctx, s.reads, `
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

// parseOptionalTime parses a stored time; "" gives the zero time.
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

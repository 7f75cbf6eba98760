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

// EventExtras is what enrichment added to an event, as pages show it.
type EventExtras struct {
	// Summary is plain text; CoverImage an absolute http(s) URL (or, as the
	// demo records, a path of the site itself). Both are empty when unknown.
	Summary    string
	CoverImage string
	// CoverWidth, CoverHeight and CoverAlt describe the cover image when its
	// page said (0 and "" otherwise).
	CoverWidth, CoverHeight int
	CoverAlt                string
	// Sources are the event's sources in page order, as event.Event lists
	// them.
	Sources []SourceExtras
}

// SourceExtras is what enrichment learned of one source of an event.
type SourceExtras struct {
	URL       string
	Title     string
	SiteName  string
	Published time.Time // zero when unknown
	// ArchivedURL is the Wayback Machine copy of a dead source.
	ArchivedURL string
	// State is SourceOK, SourceDead, SourceBlocked, SourceFailed, or "" when
	// never visited.
	State string
}

// extrasChunk bounds the paths of one query, well within SQLite's limit of
// variables.
const extrasChunk = 500

// Extras returns what enrichment added to the events at paths, by path.
// Events that are unknown are left out; events not enriched yet have an
// empty summary and cover, and their sources' fields are empty.
func (s *Store) Extras(ctx context.Context, paths []string) (map[string]EventExtras, error) {
	out := make(map[string]EventExtras, len(paths))
	for start := 0; start < len(paths); start += extrasChunk {
		chunk := paths[start:min(start+extrasChunk, len(paths))]
		if err := s.extras(ctx, chunk, out); err != nil {
			return nil, fmt.Errorf("enrichment of %d events: %w", len(paths), err)
		}
	}
	return out, nil
}

func (s *Store) extras(ctx context.Context, paths []string, out map[string]EventExtras) error {
	args := make([]any, len(paths))
	for i, p := range paths {
		args[i] = p
	}
	where := `e.path IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(paths)), ", ") + `)`
	return s.eachExtras(ctx, where, args, func(path string, x EventExtras) error {
		out[path] = x
		return nil
	})
}

// EachExtras calls fn with what enrichment added to every event that has
// any of it (a row of its own, or a visited source), in no set order: what
// a full build needs in one query.
func (s *Store) EachExtras(ctx context.Context, fn func(path string, x EventExtras) error) error {
	return s.eachEnriched(ctx, "", nil, "the events", fn)
}

// EachExtrasBetween is EachExtras for the events from one date to another
// (both included).
func (s *Store) EachExtrasBetween(ctx context.Context, from, to event.Date, fn func(path string, x EventExtras) error) error {
	return s.eachEnriched(ctx, "e.date BETWEEN ? AND ? AND ", []any{from.String(), to.String()},
		fmt.Sprintf("the events from %s to %s", from, to), fn)
}

// eachEnriched is EachExtras for the events that also meet the condition
// where (empty, or ending in AND) with its args; what names them in errors.
func (s *Store) eachEnriched(ctx context.Context, where string, args []any, what string,
	fn func(path string, x EventExtras) error) error {
	var fnErr error
	err := s.eachExtras(ctx, where+`(x.event_id IS NOT NULL OR EXISTS (
		SELECT 1 FROM event_sources l JOIN source_meta m ON m.source_id = l.source_id WHERE l.event_id = e.id))`, args,
		func(path string, x EventExtras) error {
			fnErr = fn(path, x)
			return fnErr
		})
	if fnErr != nil {
		return fnErr
	}
	if err != nil {
		return fmt.Errorf("enrichment of %s: %w", what, err)
	}
	return nil
}

// eachExtras calls fn with the extras of the events that match where (over
// events e and their event_meta x).
func (s *Store) eachExtras(ctx context.Context, where string, args []any, fn func(path string, x EventExtras) error) error {
	query := `
		SELECT e.path, coalesce(x.summary, ''), coalesce(x.cover_image, ''),
		       coalesce(c.image_width, 0), coalesce(c.image_height, 0), coalesce(c.image_alt, ''),
		       (SELECT json_group_array(json_array(s.url, coalesce(m.title, ''), coalesce(m.site_name, ''),
		                  coalesce(m.published, ''), coalesce(m.archived_url, ''), coalesce(m.state, '')) ORDER BY l.ord)
		          FROM event_sources l JOIN sources s ON s.id = l.source_id
		          LEFT JOIN source_meta m ON m.source_id = s.id
		         WHERE l.event_id = e.id)
		FROM events e
		LEFT JOIN event_meta x ON x.event_id = e.id
		LEFT JOIN source_meta c ON c.source_id = x.cover_source AND c.image = x.cover_image
		WHERE ` + where
	return eachRow(ctx, s.reads, query, args, func(rows *sql.Rows) error {
		var path string
		var x EventExtras
		var sources []byte
		if err := rows.Scan(&path, &x.Summary, &x.CoverImage, &x.CoverWidth, &x.CoverHeight, &x.CoverAlt, &sources); err != nil {
			return err
		}
		var rowsOf [][6]string
		if err := json.Unmarshal(sources, &rowsOf); err != nil {
			return fmt.Errorf("event %s: stored sources: %w", path, err)
		}
		x.Sources = make([]SourceExtras, len(rowsOf))
		for i, r := range rowsOf {
			published, err := parseOptionalTime(time.RFC3339, r[3])
			if err != nil {
				return fmt.Errorf("event %s: %w", path, err)
			}
			x.Sources[i] = SourceExtras{URL: r[0], Title: r[1], SiteName: r[2], Published: published, ArchivedURL: r[4], State: r[5]}
		}
		return fn(path, x)
	})
}

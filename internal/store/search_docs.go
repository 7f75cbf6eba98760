package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// SearchDocument is an event's text as the search index holds it: the
// static site's search index (internal/searchindex) is built from these.
type SearchDocument struct {
	// ID is the event's id, Path its site path.
	ID   int64
	Path string
	// Fields are the indexed columns: headline, summary, entities,
	// stories, sources.
	Fields [5]string
}

// SearchDocuments returns every indexed event's text, newest day first
// (within a day, in the day's order).
func (s *Store) SearchDocuments(ctx context.Context) ([]SearchDocument, error) {
	var out []SearchDocument
	err := eachRow(ctx, s.reads, `
		SELECT e.id, e.path, i.headline, i.summary, i.entities, i.stories, i.sources
		FROM search_index i JOIN events e ON e.id = i.rowid
		ORDER BY e.date DESC, e.position`, nil, func(rows *sql.Rows) error {
		d, err := scanSearchDocument(rows)
		out = append(out, d)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the search index's documents: %w", err)
	}
	return out, nil
}

// SearchDocumentsOf returns the indexed text of the events of days and of
// the events at paths, in id order: what an update of the static search
// index reads again.
func (s *Store) SearchDocumentsOf(ctx context.Context, days []event.Date, paths []string) ([]SearchDocument, error) {
	dates := make([]string, len(days))
	for i, d := range days {
		dates[i] = d.String()
	}
	datesJSON, err := json.Marshal(dates)
	if err != nil {
		return nil, err
	}
	pathsJSON, err := json.Marshal(paths)
	if err != nil {
		return nil, err
	}
	var out []SearchDocument
	err = eachRow(ctx, s.reads, `
		SELECT e.id, e.path, i.headline, i.summary, i.entities, i.stories, i.sources
		FROM events e JOIN search_index i ON i.rowid = e.id
		WHERE e.id IN (SELECT id FROM events WHERE date IN (SELECT value FROM json_each(?1))
		               UNION SELECT id FROM events WHERE path IN (SELECT value FROM json_each(?2)))
		ORDER BY e.id`, []any{string(datesJSON), string(pathsJSON)}, func(rows *sql.Rows) error {
		d, err := scanSearchDocument(rows)
		out = append(out, d)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the search index's documents of %d days and %d events: %w", len(days), len(paths), err)
	}
	return out, nil
}

// scanSearchDocument reads a row of id, path and the indexed fields in order.
func scanSearchDocument(rows *sql.Rows) (SearchDocument, error) {
	var d SearchDocument
	err := rows.Scan(&d.ID, &d.Path, &d.Fields[0], &d.Fields[1], &d.Fields[2], &d.Fields[3], &d.Fields[4])
	return d, err
}

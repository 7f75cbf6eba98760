package store

import (
	"context"
	"database/sql"
	"fmt"
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
	err := eachRow(ctx, s.db, `
		SELECT e.id, e.path, i.headline, i.summary, i.entities, i.stories, i.sources
		FROM search_index i JOIN events e ON e.id = i.rowid
		ORDER BY e.date DESC, e.position`, nil, func(rows *sql.Rows) error {
		var d SearchDocument
		if err := rows.Scan(&d.ID, &d.Path, &d.Fields[0], &d.Fields[1], &d.Fields[2], &d.Fields[3], &d.Fields[4]); err != nil {
			return err
		}
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the search index's documents: %w", err)
	}
	return out, nil
}

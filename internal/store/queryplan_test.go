package store

import (
	"strings"
	"testing"
)

// TestChangedSinceQueriesSearchByGeneration holds the queries every
// incremental build runs to find what changed after a generation to plans
// that read only the rows past it, through the generation indexes: a plan
// that scans a table costs a read of it whole on each build (a UNION inside
// IN was planned as a merge of two full scans, 0.1 CPU-s on the corpus).
func TestChangedSinceQueriesSearchByGeneration(t *testing.T) {
	s, _ := openTemp(t)
	for _, tc := range []struct {
		name    string
		query   string
		indexes []string // each plan line naming a table searches it
	}{
		{"RelatedChangedSince", relatedChangedSinceQuery,
			[]string{"related_lists_by_generation", "around_lists_by_generation"}},
		{"EnrichedSince", enrichedSinceQuery,
			[]string{"event_meta_by_generation", "source_meta_by_generation", "event_sources_by_source"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan := queryPlan(t, s, tc.query, 1)
			for _, line := range plan {
				if strings.HasPrefix(line, "SCAN ") || strings.Contains(line, "MERGE") {
					t.Errorf("plan reads a table whole: %q\nplan: %q", line, plan)
				}
			}
			all := strings.Join(plan, "\n")
			for _, ix := range tc.indexes {
				if !strings.Contains(all, ix) {
					t.Errorf("plan does not use %s: %q", ix, plan)
				}
			}
		})
	}
}

// queryPlan returns the detail column of SQLite's EXPLAIN QUERY PLAN of
// query with args.
func queryPlan(t *testing.T, s *Store, query string, args ...any) []string {
	t.Helper()
	rows, err := s.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notUsed int
		var detail string
		if err := rows.Scan(&id, &parent, &notUsed, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return plan
}

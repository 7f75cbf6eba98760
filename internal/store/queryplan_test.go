package store

import (
	"fmt"
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

// TestAliasesWalkTheResolutions holds the aliases' query to a plan that
// walks the resolutions and looks each canonical title up, rather than one
// that scans every entity or story (an archive that was never synced has
// many titles and no resolution).
func TestAliasesWalkTheResolutions(t *testing.T) {
	s, _ := openTemp(t)
	// Titles and statistics, as an imported archive has (SQLite's
	// ANALYZE counts the rows of the tables with some).
	if _, err := s.ImportDays(ctx, newSynthetic(30).days(20)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `ANALYZE`); err != nil {
		t.Fatal(err)
	}
	for _, tbl := range aliasTables {
		t.Run(string(tbl.kind), func(t *testing.T) {
			plan := queryPlan(t, s, fmt.Sprintf(aliasesOf, tbl.table, tbl.links, tbl.key))
			if len(plan) == 0 || !strings.HasPrefix(plan[0], "SCAN a") {
				t.Errorf("the plan does not start with the resolutions: %q", plan)
			}
			for _, line := range plan {
				if strings.HasPrefix(line, "SCAN ") && !strings.HasPrefix(line, "SCAN a") {
					t.Errorf("plan reads a table whole: %q\nplan: %q", line, plan)
				}
			}
		})
	}
}

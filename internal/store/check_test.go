package store_test

import (
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/demo"
	"github.com/chronicle-archive/chronicle/internal/ingest"
	"github.com/chronicle-archive/chronicle/internal/store"
)

var (
	sampleOnce sync.Once
	sampleDB   []byte
	sampleErr  error
)

// sampleDatabase returns the bytes of a database holding the embedded demo
// fortnight imported the normal way (related lists, title counts and all),
// made once per test binary.
func sampleDatabase(t *testing.T) []byte {
	t.Helper()
	sampleOnce.Do(func() { sampleDB, sampleErr = makeSample() })
	if sampleErr != nil {
		t.Fatal(sampleErr)
	}
	return sampleDB
}

func makeSample() ([]byte, error) {
	dir, err := os.MkdirTemp("", "chronicle-check-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	files, err := demo.Files()
	if err != nil {
		return nil, err
	}
	days := filepath.Join(dir, "days")
	if err := os.Mkdir(days, 0o755); err != nil {
		return nil, err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(days, f.Name), []byte(f.Wikitext), 0o644); err != nil {
			return nil, err
		}
	}
	db := filepath.Join(dir, "sample.db")
	st, err := store.Open(db)
	if err != nil {
		return nil, err
	}
	if _, err := ingest.Import(context.Background(), st, []string{days}, ingest.Options{Warnings: io.Discard}); err != nil {
		st.Close()
		return nil, err
	}
	if err := st.Close(); err != nil {
		return nil, err
	}
	return os.ReadFile(db)
}

// sampleCopy writes a copy of the sample database and returns its path.
func sampleCopy(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "chronicle.db")
	if err := os.WriteFile(path, sampleDatabase(t), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// corrupt runs statements on the database at path through a plain
// connection, without foreign key enforcement, as damage would come.
func corrupt(t *testing.T, path string, statements ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range statements {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func check(t *testing.T, path string) store.CheckReport {
	t.Helper()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	report, err := st.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return report
}

func TestCheckCleanDatabase(t *testing.T) {
	report := check(t, sampleCopy(t))
	if !report.OK() || len(report.Notes) > 0 {
		t.Errorf("a clean import: problems %q, notes %q", report.Problems, report.Notes)
	}
}

func TestCheckNamesEachCorruption(t *testing.T) {
	const firstEvent = `(SELECT path FROM events ORDER BY id LIMIT 1)`
	tests := []struct {
		name       string
		statements []string
		want       string
	}{
		{"event missing from path history", []string{`DELETE FROM path_history WHERE path = ` + firstEvent},
			"event paths: event /news/"},
		{"current event marked retired", []string{`UPDATE path_history SET current = 0 WHERE path = ` + firstEvent},
			"is marked retired in path_history"},
		{"path history of another day", []string{`UPDATE path_history SET date = '2001-01-01' WHERE path = ` + firstEvent},
			"has the day 2001-01-01 in path_history"},
		{"current path without its event", []string{`INSERT INTO path_history (path, date, first_seen, last_seen, current) VALUES ('/news/2025/03/3/ghost', '2025-03-03', '2025-03-03T00:00:00Z', '2025-03-03T00:00:00Z', 1)`},
			"path history: path /news/2025/03/3/ghost is marked current but no event has it"},
		{"path seen in the wrong order", []string{`UPDATE path_history SET first_seen = '2999-01-01T00:00:00Z' WHERE path = ` + firstEvent},
			"was last seen"},
		{"related list points at a missing event", []string{`UPDATE related_lists SET items = x'` + hexOf(store.PackTargets(987654)) + `' WHERE event_id = (SELECT min(event_id) FROM related_lists)`},
			"related lists: the list of event /news/"},
		{"around list points at a missing event", []string{`UPDATE around_lists SET items = x'` + hexOf(store.PackTargets(987654)) + `' WHERE event_id = (SELECT min(event_id) FROM around_lists)`},
			"around lists: the list of event /news/"},
		{"list that does not decode", []string{`UPDATE related_lists SET items = x'ff' WHERE event_id = (SELECT min(event_id) FROM related_lists)`},
			"does not decode"},
		{"stored count off by one", []string{`UPDATE title_counts SET events = events + 1 WHERE kind = 'topic' AND title = (SELECT min(title) FROM title_counts WHERE kind = 'topic')`},
			"title counts: topic "},
		{"stored count missing", []string{`DELETE FROM title_counts WHERE kind = 'category' AND title = (SELECT min(title) FROM title_counts WHERE kind = 'category')`},
			"but no stored count"},
		{"dangling foreign key", []string{`INSERT INTO event_entities (event_id, entity_id, ord) VALUES (987654, 1, 0)`},
			"foreign keys: a row of event_entities refers to a missing row of events"},
		{"revision of a negative id", []string{`UPDATE revisions SET rev_id = -5 WHERE id = (SELECT min(id) FROM revisions)`},
			"revisions: a revision of 20"},
		{"revision without a time", []string{`UPDATE revisions SET timestamp = 'not-a-time' WHERE id = (SELECT min(id) FROM revisions)`},
			`has the time "not-a-time", not one in the stored form`},
		{"wiki revision older than Wikipedia", []string{`UPDATE revisions SET rev_id = 7, timestamp = '0001-01-01T00:00:00.000000000Z' WHERE id = (SELECT min(id) FROM revisions)`},
			"before Wikipedia began"},
		{"revision of a bad hash", []string{`UPDATE revisions SET sha1 = 'XYZ' WHERE id = (SELECT min(id) FROM revisions)`},
			`has the SHA-1 "XYZ"`},
		{"table dropped", []string{`DROP TABLE source_meta`}, "schema: table source_meta is missing"},
		{"events dropped", []string{`PRAGMA foreign_keys = OFF`, `DROP TABLE events`}, "schema: table events is missing"},
		{"index dropped", []string{`DROP INDEX events_by_date`}, "schema: index events_by_date is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := sampleCopy(t)
			corrupt(t, path, tt.statements...)
			report := check(t, path)
			if report.OK() || !strings.Contains(strings.Join(report.Problems, "\n"), tt.want) {
				t.Errorf("problems %q\nwant one naming %q", report.Problems, tt.want)
			}
		})
	}
}

// TestCheckFindsDamagedPages overwrites the bytes of pages in the middle of
// the file, as a disk or a copy gone wrong would: SQLite's integrity check
// names them.
func TestCheckFindsDamagedPages(t *testing.T) {
	path := sampleCopy(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	pages := len(data) / page
	for p := pages / 2; p < pages/2+3 && p < pages; p++ {
		for i := p*page + 16; i < (p+1)*page; i += 7 {
			data[i] ^= 0x5a
		}
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	report := check(t, path)
	if !strings.Contains(strings.Join(report.Problems, "\n"), "integrity: ") {
		t.Errorf("problems %q: want SQLite's integrity check to name the damage", report.Problems)
	}
}

func hexOf(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

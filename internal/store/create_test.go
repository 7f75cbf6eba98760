package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dirNames lists the names of the files in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// journalMode reads the journal mode of the database at path, opened again.
func journalMode(t *testing.T, path string) string {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var mode string
	if err := s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	return mode
}

// TestCreate: a database of Create is built beside its path and appears
// there only when closed; Discard, a kill (the store never closed) and a
// file appearing at the path meanwhile leave nothing at the path or keep
// what is there.
func TestCreate(t *testing.T) {
	day := func(t *testing.T) Day {
		return makeDay(t, "2013-06-06", 1, "2013-06-07T00:00:00Z", item{headline: "Stored in a new database."})
	}
	tests := []struct {
		name string
		// end ends the import: close, discard or nothing (killed).
		end func(t *testing.T, s *Store, path string) error
		// atPath is what the path holds afterwards: "database", "" (no
		// file) or "other" (the file that appeared there).
		atPath string
		// temps is how many temporary files are left beside it.
		temps   int
		wantErr string
	}{
		{"closed", func(t *testing.T, s *Store, path string) error { return s.Close() }, "database", 0, ""},
		{"discarded", func(t *testing.T, s *Store, path string) error { return s.Discard() }, "", 0, ""},
		{"killed before the end", func(t *testing.T, s *Store, path string) error {
			t.Cleanup(func() { s.Discard() })
			return nil
		}, "", 1, ""},
		{"a file appeared meanwhile", func(t *testing.T, s *Store, path string) error {
			if err := os.WriteFile(path, []byte("other"), 0o644); err != nil {
				t.Fatal(err)
			}
			return s.Close()
		}, "other", 1, "a file appeared there during the import"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "new.db")
			s, err := Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("%s exists during the import: %v", path, err)
			}
			mustImport(t, s, day(t))
			// Each page goes once into the file: no log beside it.
			for _, name := range dirNames(t, dir) {
				if strings.HasSuffix(name, "-wal") || strings.HasSuffix(name, "-journal") {
					t.Errorf("%s beside the database during the import", name)
				}
			}
			err = tt.end(t, s, path)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("end: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("end: %v, want an error saying %q", err, tt.wantErr)
			}
			var temps int
			for _, name := range dirNames(t, dir) {
				if name == "new.db" {
					continue
				}
				if !strings.HasPrefix(name, "new.db.import-") {
					t.Errorf("%s left beside the database", name)
				} else if !strings.HasSuffix(name, "-wal") && !strings.HasSuffix(name, "-shm") {
					temps++
				}
			}
			if temps != tt.temps {
				t.Errorf("%d temporary files left, want %d: %v", temps, tt.temps, dirNames(t, dir))
			}
			switch tt.atPath {
			case "":
				if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s exists: %v", path, err)
				}
			case "other":
				if b, err := os.ReadFile(path); err != nil || string(b) != "other" {
					t.Errorf("%s holds %q, %v; want the file that appeared", path, b, err)
				}
			case "database":
				fi, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				if fi.Mode().Perm() != 0o644 {
					t.Errorf("mode %v, want 0644", fi.Mode().Perm())
				}
				if mode := journalMode(t, path); mode != "wal" {
					t.Errorf("journal_mode %q, want wal", mode)
				}
				again, err := Open(path)
				if err != nil {
					t.Fatal(err)
				}
				defer again.Close()
				if _, err := again.Event(ctx, "/news/2013/06/6/stored-in-a-new-database"); err != nil {
					t.Errorf("after moving into place: %v", err)
				}
				if report, err := again.Check(ctx); err != nil || !report.OK() {
					t.Errorf("check: %v %v", report.Problems, err)
				}
			}
		})
	}
}

// TestCreateRollsBackAFailedTransaction: the journal of a database being
// created is kept in memory, not switched off, so a transaction that fails
// after writing more than its cache holds (its pages spilled into the file)
// leaves the database as it was.
func TestCreateRollsBackAFailedTransaction(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	s, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Discard()
	mustImport(t, s, newSynthetic(20).days(100)...)
	headlines := func() string {
		var all string
		if err := s.reads.QueryRowContext(ctx, `SELECT group_concat(headline, '|' ORDER BY id) FROM events`).Scan(&all); err != nil {
			t.Fatal(err)
		}
		return all
	}
	before := headlines()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A cache of 10 pages: the update spills into the file long before
	// it ends (the store is discarded afterwards, small cache and all).
	if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = 10`); err != nil {
		t.Fatal(err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE events SET headline = 'Overwritten ' || headline`); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if got := headlines(); got != before {
		t.Errorf("after the rollback the headlines differ")
	}
	if report, err := s.Check(ctx); err != nil || !report.OK() {
		t.Errorf("check: %v %v", report.Problems, err)
	}
}

// TestCreateRefusesAnExistingFile: Create never opens what is there, a
// database or not, and leaves it as it was.
func TestCreateRefusesAnExistingFile(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("not a database\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, db := openTemp(t)
	s.Close()
	tests := []struct {
		name, path, want string
		is               error
	}{
		{"a text file", text, "file exists", ErrExists},
		{"a database", db, "file exists", ErrExists},
		{"a directory", dir, "file exists", ErrExists},
		{"in a directory that does not exist", filepath.Join(dir, "missing", "x.db"), "no such file", nil},
		{"empty path", "", "empty database path", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadFile(tt.path)
			s, err := Create(tt.path)
			if err == nil {
				s.Discard()
				t.Fatal("Create succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("error %q should name %q and say %q", err, tt.path, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if after, _ := os.ReadFile(tt.path); string(after) != string(before) {
				t.Errorf("%s changed", tt.path)
			}
		})
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("files left: %v", names)
	}
}

// TestDSNSettings: only a database of Create skips syncing; every database
// keeps its write-ahead log.
func TestDSNSettings(t *testing.T) {
	tests := []struct {
		name, dsn string
		want      []string
	}{
		{"Open", dsn("x.db"), []string{"journal_mode%28WAL%29", "synchronous%28NORMAL%29", "foreign_keys%281%29", "busy_timeout%2810000%29"}},
		{"Create", bulkDSN("x.db"), []string{"journal_mode%28MEMORY%29", "synchronous%28OFF%29", "foreign_keys%281%29", "busy_timeout%283600000%29"}},
	}
	for _, tt := range tests {
		for _, w := range tt.want {
			if !strings.Contains(tt.dsn, w) {
				t.Errorf("%s: %s lacks %s", tt.name, tt.dsn, w)
			}
		}
	}
}

// TestRemove checks that Remove deletes a database and the files SQLite
// keeps beside it, whichever of them exist, and leaves other files alone.
func TestRemove(t *testing.T) {
	tests := []struct {
		name    string
		present []string
	}{
		{"nothing", nil},
		{"database alone", []string{"c.db"}},
		{"database and its log", []string{"c.db", "c.db-wal", "c.db-shm"}},
		{"a journal left alone", []string{"c.db-journal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, name := range append(tt.present, "c.dbx", "other.db") {
				if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := Remove(filepath.Join(dir, "c.db")); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(dirNames(t, dir), " "); got != "c.dbx other.db" {
				t.Errorf("left %q, want %q", got, "c.dbx other.db")
			}
		})
	}
}

// TestLeftoverCreates checks that the temporary files of Create beside a
// database are found, and only those of that database, whatever its name.
func TestLeftoverCreates(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  []string
	}{
		{"chronicle.db", nil, nil},
		{"chronicle.db", []string{"chronicle.db.import-1.tmp", "chronicle.db.import-2.tmp"}, []string{"chronicle.db.import-1.tmp", "chronicle.db.import-2.tmp"}},
		{"chronicle.db", []string{"other.db.import-1.tmp", "chronicle.db-wal", "chronicle.db.import-1.tmpx"}, nil},
		{"c[1]*.db", []string{"c[1]*.db.import-9.tmp", "c1x.db.import-9.tmp"}, []string{"c[1]*.db.import-9.tmp"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, name := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			for _, name := range LeftoverCreates(filepath.Join(dir, tt.name)) {
				got = append(got, filepath.Base(name))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

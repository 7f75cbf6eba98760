package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/store"
)

// noDatabase fails t when db or one of SQLite's files beside it exists.
func noDatabase(t *testing.T, db string) {
	t.Helper()
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if _, err := os.Stat(db + suffix); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s exists after a failed import", db+suffix)
		}
	}
}

func TestFailedImportCreatesNoDatabase(t *testing.T) {
	binary := filepath.Join(t.TempDir(), "chronicle.bin")
	if err := os.WriteFile(binary, []byte("\x7fELF\x02\x01\x01\x00\x1b[2J\x1b]0;owned\x07<&\u202e\x01\xff\xfe"+strings.Repeat("\x00", 64)), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, path string }{
		{"missing file", "/nonexistent/file.xml"},
		{"binary file", binary},
		{"empty directory", t.TempDir()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "chronicle.db")
			r := chronicle("import", "--db", db, tt.path)
			if r.status != exitFailure || !strings.Contains(r.stderr, "nothing imported") {
				t.Errorf("got %v\nwant exit 1, nothing imported", r)
			}
			noDatabase(t, db)
			for _, raw := range []string{"\x1b", "\x00", "\x07", "\u202e", "\ufffd"} {
				if strings.Contains(r.stderr, raw) {
					t.Errorf("stderr echoes the raw %q: %q", raw, r.stderr)
				}
			}
		})
	}
}

// TestFailedImportKeepsAnExistingDatabase: only a database the command
// created is removed.
func TestFailedImportKeepsAnExistingDatabase(t *testing.T) {
	db := imported(t)
	if r := chronicle("import", "--db", db, "/nonexistent/file.xml"); r.status != exitFailure {
		t.Fatalf("got %v, want exit 1", r)
	}
	if r := chronicle("stats", "--db", db); r.status != exitOK || statValue(r.stdout, "days") != "5" {
		t.Errorf("the database lost its days:\n%s", r)
	}
}

// TestPartialImportExitsThree imports a .bz2 dump cut off in its third
// block (testdata/cut.xml.bz2: a 400-day dump compressed with bzip2 -1, its
// last 40% cut away): the days before the cut are stored, and the exit status
// is 3.
func TestPartialImportExitsThree(t *testing.T) {
	db := filepath.Join(t.TempDir(), "chronicle.db")
	r := chronicle("import", "--db", db, "testdata/cut.xml.bz2")
	if r.status != exitPartial || !strings.Contains(r.stderr, "partial import") || !strings.Contains(r.stdout, "1 error") {
		t.Fatalf("got %v\nwant exit 3 and a partial import", r)
	}
	stats := chronicle("stats", "--db", db)
	if days := statValue(stats.stdout, "days"); days == "0" || days == "400" || days == "" {
		t.Errorf("days stored: %q, want those before the cut:\n%s", days, stats)
	}
}

// TestImportWithFailedPagesExitsThree: one good day and one file with an
// impossible date.
func TestImportWithFailedPagesExitsThree(t *testing.T) {
	db, dir := fixtures(t)
	if err := os.WriteFile(filepath.Join(dir, "2013-06-31.wiki"), []byte("*Rain."), 0o644); err != nil {
		t.Fatal(err)
	}
	r := chronicle("import", "--db", db, dir)
	if r.status != exitPartial || !strings.Contains(r.stdout, "1 page not imported") {
		t.Errorf("got %v\nwant exit 3, 1 page not imported", r)
	}
}

func TestServeEmptyDatabaseSaysHowToImport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "empty.db")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	r := chronicle("serve", "--db", db, "--addr", "127.0.0.1:0")
	if r.status != exitFailure || !strings.Contains(r.stderr, "holds no days: run 'chronicle import --db "+db) {
		t.Errorf("got %v\nwant exit 1 and how to import", r)
	}
}

// TestErrorsDoNotEchoControlCharacters: an argument holding an escape
// sequence or a bidi override comes back escaped in the error.
func TestErrorsDoNotEchoControlCharacters(t *testing.T) {
	db := imported(t)
	for _, args := range [][]string{
		{"show", "--db", db, "/news/2013/06/6/\x1b[2Jx"},
		{"show", "--db", db, "/news/2013/06/6/\u202ex"},
		{"export", "--db", db, "--from", "\x1b]0;owned\x07"},
		{"import", "--db", db, "/tmp/\x1b[31mnope"},
	} {
		r := chronicle(args...)
		if r.status == exitOK || strings.ContainsAny(r.stderr, "\x1b\x07\u202e") {
			t.Errorf("%q: %v", args, r)
		}
	}
}

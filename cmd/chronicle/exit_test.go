package main

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

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

// walHeader reports whether the SQLite file at path is in WAL mode (its
// header's read and write versions are 2).
func walHeader(t *testing.T, path string) bool {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return len(b) >= 20 && b[18] == 2 && b[19] == 2
}

// TestFirstImportIsBuiltApart: a first import builds the database beside its
// path and moves it there complete, in WAL mode, leaving nothing else; one
// that fails or is killed leaves no database there; an import into an
// existing database works in it, in WAL mode, as before.
func TestFirstImportIsBuiltApart(t *testing.T) {
	dump := writeSyntheticDump(t, *killDays)
	tests := []struct {
		name string
		// existing imports the fixtures into the database first.
		existing bool
		// kill sends SIGKILL this far into a clean import's duration; 0
		// runs the import to its end.
		kill float64
		// input is what is imported, dump when empty.
		input      string
		wantStatus int
		wantDB     bool
	}{
		{"new database", false, 0, "", exitOK, true},
		{"existing database", true, 0, "", exitOK, true},
		{"new database, nothing imported", false, 0, "/nonexistent/file.xml", exitFailure, false},
		{"new database, killed midway", false, 0.5, "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "chronicle.db")
			input := dump
			if tt.input != "" {
				input = tt.input
			}
			if tt.existing {
				if r := chronicle("import", "--db", db, "testdata/dump.xml"); r.status != exitOK {
					t.Fatalf("first import: %v", r)
				}
			}
			if tt.kill > 0 {
				start := time.Now()
				runChild(t, exitOK, "import", "--db", filepath.Join(t.TempDir(), "clean.db"), input)
				if !killAfter(t, time.Duration(float64(time.Since(start))*tt.kill), "import", "--db", db, input) {
					t.Skip("the import ended before the kill")
				}
			} else if r := chronicle("import", "--db", db, input); r.status != tt.wantStatus {
				t.Fatalf("import: %v, want exit %d", r, tt.wantStatus)
			}
			if !tt.wantDB {
				noDatabase(t, db)
				if tt.kill == 0 {
					if names := dirNames(t, dir); len(names) > 0 {
						t.Errorf("left beside it: %v", names)
					}
					return
				}
				// The next import names what the killed one left.
				left := slices.DeleteFunc(dirNames(t, dir), func(name string) bool { return !strings.HasSuffix(name, ".tmp") })
				r := chronicle("import", "--db", db, input)
				if r.status != exitOK || len(left) != 1 || !strings.Contains(r.stderr, left[0]+" is left from a first import that did not finish") {
					t.Errorf("import after the kill (left %v): %v", left, r)
				}
				return
			}
			if names := dirNames(t, dir); len(names) != 1 || names[0] != "chronicle.db" {
				t.Errorf("files: %v, want chronicle.db alone", names)
			}
			if !walHeader(t, db) {
				t.Errorf("%s is not in WAL mode", db)
			}
			if out := runChild(t, exitOK, "check", "--db", db); !strings.Contains(out, "passes every check") {
				t.Errorf("check:\n%s", out)
			}
		})
	}
}

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

// An error names its command once: "chronicle: build: " and then what went
// wrong, never "build: build …" from a package that says what it was doing
// in the command's own word. A store missing a table makes every command
// fail deep inside; a link of the user's fails the build before it starts.
func TestErrorsNameTheCommandOnce(t *testing.T) {
	db := imported(t)
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = raw.Exec(`DROP TABLE source_meta`)
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	link := filepath.Join(dir, "public")
	if err := os.Symlink("www", link); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"stats", "--db", db},
		{"build", "--db", db, "--out", filepath.Join(dir, "site")},
		{"build", "--db", imported(t), "--out", link},
		{"export", "--db", db},
		{"show", "--db", db, "/news/2013/06/10/a-ferry-sinks-near-lagos"},
	} {
		r := chronicle(args...)
		name := args[0]
		rest, ok := strings.CutPrefix(r.stderr, "chronicle: "+name+": ")
		if r.status != exitFailure || !ok {
			t.Errorf("%v: want a failure:\n%s", args, r)
			continue
		}
		if strings.HasPrefix(rest, name+":") || strings.HasPrefix(rest, name+" ") {
			t.Errorf("%v: the command is named twice: %q", args, strings.TrimSpace(r.stderr))
		}
	}
}

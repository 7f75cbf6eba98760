package site

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/ingest"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// A build only reads: the database file is the same bytes after a full
// build and after an incremental one.
func TestBuildNeverWritesTheDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "chronicle.db")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	importDir(t, st, writeDemoDays(t, dir))
	out := filepath.Join(dir, "site")
	for _, pass := range []string{"full", "incremental"} {
		if err := st.Close(); err != nil { // checkpoints the WAL into the file
			t.Fatal(err)
		}
		before := readFile(t, db)
		if st, err = store.Open(db); err != nil {
			t.Fatal(err)
		}
		buildSite(t, New(st, testConfig), out)
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(before, readFile(t, db)) {
			t.Errorf("the %s build changed the database", pass)
		}
		if st, err = store.Open(db); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
}

// A build over days whose derived data was never brought up to date
// refuses, naming the command that does, rather than derive it itself.
func TestBuildRefusesStaleDerivedData(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "chronicle.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Run stores the days without deriving (Import would derive).
	if _, err := ingest.Run(context.Background(), st, []string{writeDemoDays(t, dir)}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	_, err = New(st, testConfig).Build(context.Background(), filepath.Join(dir, "site"), BuildOptions{DBPath: "test.db"})
	if !errors.Is(err, ErrStaleDerived) {
		t.Fatalf("build over stale derived data: %v; want ErrStaleDerived", err)
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

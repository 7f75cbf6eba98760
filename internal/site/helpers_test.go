package site

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/demo"
	"github.com/chronicle-archive/chronicle/internal/derive"
	"github.com/chronicle-archive/chronicle/internal/ingest"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// demoStore returns a store in a temporary directory holding the embedded
// demo fortnight, with its related events computed.
func demoStore(t testing.TB) *store.Store {
	t.Helper()
	dir := t.TempDir()
	days := writeDemoDays(t, dir)
	st, err := store.Open(filepath.Join(dir, "chronicle.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	importDir(t, st, days)
	return st
}

// writeDemoDays writes the embedded demo's day files into dir/days and
// returns that directory.
func writeDemoDays(t testing.TB, dir string) string {
	t.Helper()
	files, err := demo.Files()
	if err != nil {
		t.Fatal(err)
	}
	days := filepath.Join(dir, "days")
	if err := os.Mkdir(days, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(days, f.Name), []byte(f.Wikitext), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return days
}

// importDir imports a directory of day files and brings what the store
// derives from them up to date, as the import command does.
func importDir(t testing.TB, st *store.Store, dir string) {
	t.Helper()
	ctx := context.Background()
	sum, err := ingest.Run(ctx, st, []string{dir}, ingest.Options{})
	if err != nil || sum.Failed() {
		t.Fatalf("import %s: %v %v", dir, err, sum.Errors)
	}
	if err := derive.Update(ctx, st); err != nil {
		t.Fatal(err)
	}
}

var testConfig = render.Config{BaseURL: "https://chronicle.example"}

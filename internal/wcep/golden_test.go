package wcep

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/testcorpus"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// readFixture reads testdata/<name>.wiki, dated by its name's prefix.
func readFixture(tb testing.TB, name string) testcorpus.Page {
	tb.Helper()
	text, err := os.ReadFile(filepath.Join("testdata", name+".wiki"))
	if err != nil {
		tb.Fatal(err)
	}
	date, err := event.ParseDate(name[:10])
	if err != nil {
		tb.Fatal(err)
	}
	return testcorpus.Page{Date: date, Title: name, Text: string(text)}
}

// fixture parses testdata/<name>.wiki.
func fixture(t *testing.T, name string) (Day, error) {
	t.Helper()
	pg := readFixture(t, name)
	return ParseDay(pg.Date, pg.Text)
}

func fixtureNames(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.wiki"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = strings.TrimSuffix(filepath.Base(f), ".wiki")
	}
	return names
}

// TestFixturesMatchGolden compares the whole parse of every fixture, events and
// warnings, with testdata/<name>.golden.json (go test -update rewrites them).
func TestFixturesMatchGolden(t *testing.T) {
	for _, name := range fixtureNames(t) {
		t.Run(name, func(t *testing.T) {
			day, err := fixture(t, name)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(day, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the parse; run go test -update and review the diff\ngot:\n%s", golden, got)
			}
		})
	}
}

package wcep

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// TestMonthFixtures parses every month page under testdata/month (named
// YYYY-MM-case.wiki) and compares the days, events and warnings with
// testdata/month/<name>.golden.json (go test -update rewrites them).
func TestMonthFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "month", "*.wiki"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no month fixtures: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".wiki")
		t.Run(name, func(t *testing.T) {
			text, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			ym, err := time.Parse("2006-01", name[:7])
			if err != nil {
				t.Fatal(err)
			}
			days, warnings, err := ParseMonth(ym.Year(), ym.Month(), string(text))
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range days {
				for _, e := range d.Events {
					if e.Date != d.Date || !strings.HasPrefix(e.Path, d.Date.Dir()+"/") {
						t.Errorf("event %s of %s is dated %s", e.Path, d.Date, e.Date)
					}
				}
			}
			got, err := json.MarshalIndent(map[string]any{"days": days, "warnings": warnings}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(file, ".wiki") + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
				t.Errorf("parse of %s differs from %s (go test -update rewrites it); got:\n%s", file, golden, got)
			}
		})
	}
}

func TestSplitMonthDays(t *testing.T) {
	text, err := os.ReadFile(filepath.Join("testdata", "month", "2004-03-bold-and-semicolon.wiki"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := SplitMonth(2004, time.March, string(text))
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, d := range m.Days {
		dates = append(dates, d.Date.String())
	}
	want := "2004-03-11 2004-03-14 2004-03-22 2004-03-29 2004-03-31"
	if got := strings.Join(dates, " "); got != want {
		t.Errorf("days %s, want %s", got, want)
	}
	if len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0], "February 29, 2004") {
		t.Errorf("warnings %q, want one about the February heading", m.Warnings)
	}
	// The two sections of March 14 are both kept, in page order.
	for _, d := range m.Days {
		if d.Date == (event.Date{Year: 2004, Month: time.March, Day: 14}) &&
			(!strings.Contains(d.Wikitext, "Putin") || !strings.Contains(d.Wikitext, "Schumacher") || strings.Index(d.Wikitext, "Putin") > strings.Index(d.Wikitext, "Schumacher")) {
			t.Errorf("March 14: %q", d.Wikitext)
		}
		if strings.Contains(d.Wikitext, "pasted from the previous month") {
			t.Errorf("%s has the February section", d.Date)
		}
	}
}

func TestDayHeading(t *testing.T) {
	tests := []struct {
		line string
		want string // date, "" when not a heading
	}{
		{"==[[January 31]], [[2003]]==", "2003-01-31"},
		{"=== January 5, 2003 ===", "2003-01-05"},
		{";January 7", "2003-01-07"},
		{"; [[January 8]] (Wednesday)", "2003-01-08"},
		{"'''Friday, 3 January 2003'''", "2003-01-03"},
		{"| style=\"x\" | '''[[January 5]], [[2003]]''' (Sunday)", "2003-01-05"},
		{"==2003 January 9==", "2003-01-09"},
		{"'''Armed conflicts and attacks'''", ""},
		{"*January 4, 2003: something", ""},
		{"==January 32, 2003==", ""},
		{"==See also==", ""},
	}
	for _, tt := range tests {
		d, ok, _ := dayHeading(tt.line, 2003, time.January)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.line, got, tt.want)
		}
	}
	if _, ok, warn := dayHeading("==February 29, 2004==", 2004, time.March); ok || warn == "" {
		t.Error("a heading of another month is not warned about")
	}
}

func TestSplitMonthWithoutDays(t *testing.T) {
	if _, err := SplitMonth(2003, time.January, "{{Current events header}}\n*Nothing dated."); err == nil {
		t.Error("a page without day headings gave no error")
	}
}

package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/store"
	"github.com/chronicle-archive/chronicle/internal/wcep"
)

func TestPrintable(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain text is kept", "Portal:Current events/2013 June 5", "Portal:Current events/2013 June 5"},
		{"accents and scripts are kept", "Zürich – القاهرة 東京", "Zürich – القاهرة 東京"},
		{"ANSI escape", "\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"bidi override", "a\u202eb", `a\u202eb`},
		{"replacement characters", "entity &\ufffd\ufffd", `entity &\ufffd\ufffd`},
		{"NUL and bell", "a\x00b\x07", `a\x00b\a`},
		{"long message cut", strings.Repeat("x", 1000), strings.Repeat("x", maxMessage) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Printable(tt.in); got != tt.want {
				t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestRunBinaryFileIsNotEchoed imports a binary file that is not a dump: the
// error names it without writing its bytes to the terminal.
func TestRunBinaryFileIsNotEchoed(t *testing.T) {
	bin := "\x7fELF\x02\x01\x01\x00\x1b[2J\x1b]0;owned\x07<&\u202e\x01\x02\xff\xfe" + strings.Repeat("\x00", 64)
	sum, warnings := run(t, newMemStore(), Options{}, writeFile(t, "chronicle.bin", bin))
	if !sum.Failed() || !strings.Contains(warnings, "error: ") {
		t.Fatalf("summary %+v, warnings %q: want a failed import with an error", sum, warnings)
	}
	for _, raw := range []string{"\x1b", "\x00", "\x07", "\u202e", "\x7f", "\ufffd"} {
		if strings.Contains(warnings, raw) {
			t.Errorf("the error echoes the raw %q: %q", raw, warnings)
		}
	}
}

// TestImportHostileDayIsBounded imports the day file of issue 12 — one event
// of 10,000 links [[Topic i]], 507 KB — into a real store: the stored event
// is within the caps and the import says so.
func TestImportHostileDayIsBounded(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("'''Armed conflicts and attacks'''\n*")
	for i := range 10000 {
		fmt.Fprintf(&b, "[[Topic %d]] and the long-running dispute around it, ", i)
	}
	b.WriteString("[https://www.example.org/hostile (Example)]\n")
	if err := os.WriteFile(filepath.Join(dir, "2024-02-23.wiki"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sum, warnings := run(t, st, Options{}, dir)
	if sum.Events != 1 || sum.Partial() || !strings.Contains(warnings, "event text cut to") {
		t.Fatalf("summary %+v, warnings:\n%s", sum, warnings)
	}
	events, err := st.EventsOfDay(context.Background(), event.Date{Year: 2024, Month: 2, Day: 23})
	if err != nil || len(events) != 1 {
		t.Fatalf("events %d, %v", len(events), err)
	}
	e := events[0]
	if len(e.Text) > wcep.MaxTextBytes || len(e.Headline) > wcep.MaxTextBytes || len(e.Entities) > wcep.MaxEntities || len(e.Entities) == 0 {
		t.Errorf("stored event: %d bytes of text, %d entities; caps %d, %d", len(e.Text), len(e.Entities), wcep.MaxTextBytes, wcep.MaxEntities)
	}
}

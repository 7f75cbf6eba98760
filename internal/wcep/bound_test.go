package wcep

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/wikitext"
)

// hostileDay is a day page as an attacker would write it (issue 12): one
// event of n links [[Topic i]] with words between them, about 507 KB for
// n = 10,000.
func hostileDay(n int) string {
	var b strings.Builder
	b.WriteString("{{Current events|year=2024|month=02|day=23|content=\n<!-- All news items below this line -->\n'''Armed conflicts and attacks'''\n*")
	for i := range n {
		fmt.Fprintf(&b, "[[Topic %d]] and the long-running dispute around it, ", i)
	}
	b.WriteString("[https://www.example.org/hostile (Example)]\n*A second, ordinary event. [https://apnews.com/a (AP)]\n<!-- All news items above this line -->}}\n")
	return b.String()
}

// TestBoundedEvents checks that no event exceeds the caps, and that every cut
// is reported in the day's warnings.
func TestBoundedEvents(t *testing.T) {
	manyLinks := "*" + func() string {
		var b strings.Builder
		for i := range 1000 {
			fmt.Fprintf(&b, "[[Person %d|x]]", i)
		}
		return b.String()
	}() + " meet.\n"
	nested := ""
	for d := 1; d <= 40; d++ {
		nested += strings.Repeat("*", d) + fmt.Sprintf("[[Story %d]]\n", d)
	}
	nested += strings.Repeat("*", 41) + "Deep event.\n"
	tests := []struct {
		name      string
		page      string
		warnings  []string // each is in some warning
		maxEvents int
	}{
		{"hostile day of 10,000 links", hostileDay(10000), []string{"line 4: event text cut to"}, 2},
		{"1,000 distinct links in little text", manyLinks, []string{"event links cut to the first 200 of 1000 articles"}, 1},
		{"long text without spaces", "*" + strings.Repeat("é", 5000) + "\n", []string{"event text cut to"}, 1},
		{"many sources", "*Rain." + strings.Repeat(" [https://a.org/x (A)]", 150) + "\n", []string{"event sources cut to the first 100 of 150"}, 1},
		{"deep story nesting", nested, []string{"story path cut to its outermost 16 of 40 stories"}, 1},
		{"an ordinary event is not cut", "*[[Chile]] votes. [https://apnews.com/a (AP)]\n", nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			day, err := ParseDay(testDate, tt.page)
			if err != nil {
				t.Fatal(err)
			}
			checkDay(t, day)
			if len(day.Events) != tt.maxEvents {
				t.Fatalf("%d events, want %d", len(day.Events), tt.maxEvents)
			}
			for _, e := range day.Events {
				if len(e.Text) > MaxTextBytes || len(e.Entities) > MaxEntities || len(e.Sources) > MaxSources || len(e.Stories) > MaxStories {
					t.Errorf("event over a cap: %d bytes, %d entities, %d sources, %d stories", len(e.Text), len(e.Entities), len(e.Sources), len(e.Stories))
				}
				if !utf8.ValidString(e.Text) {
					t.Errorf("cut text is not valid UTF-8")
				}
				for _, m := range e.Mentions {
					if !slices.Contains(e.Entities, event.Entity{Title: m.Title}) {
						t.Errorf("mention of %q, which is not among the event's entities", m.Title)
					}
				}
			}
			all := strings.Join(day.Warnings, "\n")
			for _, w := range tt.warnings {
				if !strings.Contains(all, w) {
					t.Errorf("no warning %q in\n%s", w, all)
				}
			}
			if tt.warnings == nil && len(day.Warnings) > 0 {
				t.Errorf("unexpected warnings %q", day.Warnings)
			}
		})
	}
}

func TestHostileDayIsAbout507KB(t *testing.T) {
	if n := len(hostileDay(10000)); n < 480<<10 || n > 540<<10 {
		t.Errorf("hostile day is %d bytes, want about 507 KB", n)
	}
}

// TestDayTextIsCleaned checks that control characters, ANSI escapes and bidi
// controls never reach an event, and that their removal is counted.
func TestDayTextIsCleaned(t *testing.T) {
	tests := []struct {
		name, page, want, warning string
	}{
		{"ANSI colours", "*\x1b[31mRed\x1b[0m alert in [[Chile]].\n", "Red alert in Chile.", "removed 2 control character(s)"},
		{"right-to-left override", "*Visit \u202egpj.exe\u202c today.\n", "Visit gpj.exe today.", "removed 2 "},
		{"NUL and bell", "*Rain\x00 falls\x07.\n", "Rain falls.", "removed 2 "},
		{"script link and bold run", "*[[<script>alert(1)</script>|Script link]] " + strings.Repeat("'''", 10000) + "\n", "Script link", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			day, err := ParseDay(testDate, tt.page)
			if err != nil {
				t.Fatal(err)
			}
			if len(day.Events) != 1 || day.Events[0].Headline != tt.want {
				t.Fatalf("events %q, want one with headline %q", summaries(day.Events), tt.want)
			}
			if tt.warning != "" && (len(day.Warnings) == 0 || !strings.HasPrefix(day.Warnings[0], tt.warning)) {
				t.Errorf("warnings %q, want first %q…", day.Warnings, tt.warning)
			}
		})
	}
}

// TestHostileFixtureMatchesGolden parses testdata/hostile/, a day page as a
// vandal would leave it (ANSI escapes, bidi overrides, a script in a link
// target, ten thousand bold markers), and compares the whole parse with its
// golden JSON (go test -update rewrites it). It is apart from the fixtures
// of BenchmarkParseDayFixtures, whose figures it would change.
func TestHostileFixtureMatchesGolden(t *testing.T) {
	const name = "2015-11-12-hostile"
	text, err := os.ReadFile(filepath.Join("testdata", "hostile", name+".wiki"))
	if err != nil {
		t.Fatal(err)
	}
	day, err := ParseDay(event.Date{Year: 2015, Month: 11, Day: 12}, string(text))
	if err != nil {
		t.Fatal(err)
	}
	checkDay(t, day)
	for _, e := range day.Events {
		if wikitextDirty(e.Text) || strings.Contains(e.Text, "script") || strings.Contains(e.Text, "'''") {
			t.Errorf("event text %q keeps what the door should have removed", e.Text)
		}
	}
	got, err := json.MarshalIndent(day, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "hostile", name+".golden.json")
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
}

// wikitextDirty reports whether s holds a character wikitext.Clean removes.
func wikitextDirty(s string) bool {
	clean, _ := wikitext.Clean(s)
	return clean != s
}

package demo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

func TestFilesHoldAtLeastFourteenConsecutiveDays(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if want := f.Date.String() + wikiExt; f.Name != want {
			t.Errorf("file %s has date %s", f.Name, f.Date)
		}
	}
	if got := longestRun(files); got < 14 {
		t.Errorf("the longest run of consecutive days is %d, want at least 14", got)
	}
}

// longestRun returns the length of the longest run of consecutive days in
// date-ordered files.
func longestRun(files []File) int {
	longest, run := 0, 0
	for i, f := range files {
		if i > 0 && f.Date.Time() == files[i-1].Date.Time().AddDate(0, 0, 1) {
			run++
		} else {
			run = 1
		}
		longest = max(longest, run)
	}
	return longest
}

func TestLongestRunCountsConsecutiveDays(t *testing.T) {
	tests := []struct {
		name  string
		dates []string
		want  int
	}{
		{"none", nil, 0},
		{"one", []string{"2025-03-03"}, 1},
		{"gap", []string{"2024-01-01", "2024-01-03"}, 1},
		{"run after a gap", []string{"2023-05-09", "2025-02-28", "2025-03-01", "2025-03-02"}, 3},
		{"run before a gap", []string{"2024-12-30", "2024-12-31", "2025-01-01", "2025-03-01"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var files []File
			for _, s := range tt.dates {
				d, err := event.ParseDate(s)
				if err != nil {
					t.Fatal(err)
				}
				files = append(files, File{Date: d})
			}
			if got := longestRun(files); got != tt.want {
				t.Errorf("longestRun = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestReadDaysRejectsNamesThatAreNotDates(t *testing.T) {
	page := &fstest.MapFile{Data: []byte("text")}
	tests := []struct {
		name, file, wantErr string
	}{
		{"valid", "2025-03-03.wiki", ""},
		{"wrong extension", "2025-03-03.txt", "2025-03-03.txt"},
		{"month 13", "2025-13-01.wiki", "2025-13-01.wiki"},
		{"not a date", "notes.wiki", "notes.wiki"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := readDays(fstest.MapFS{"days/" + tt.file: page}, "days")
			if tt.wantErr == "" {
				if err != nil || len(files) != 1 || files[0].Wikitext != "text" {
					t.Fatalf("readDays = %v, %v; want the one page", files, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("readDays error = %v, want one naming %q", err, tt.wantErr)
			}
		})
	}
}

func TestReadDaysSortsByDate(t *testing.T) {
	page := &fstest.MapFile{Data: []byte("text")}
	fsys := fstest.MapFS{"d/2025-03-10.wiki": page, "d/2025-02-28.wiki": page, "d/2024-12-31.wiki": page}
	files, err := readDays(fsys, "d")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Date.String())
	}
	if want := "2024-12-31 2025-02-28 2025-03-10"; strings.Join(got, " ") != want {
		t.Errorf("order %v, want %s", got, want)
	}
}

// canonicalCategories is the portal's category set, in the order pages list them.
var canonicalCategories = []string{
	"Armed conflicts and attacks", "Arts and culture", "Business and economy",
	"Disasters and accidents", "Health and environment", "International relations",
	"Law and crime", "Politics and elections", "Science and technology", "Sports",
}

// newLayoutFrom is the first sample day written in the top=yes/bottom=yes layout.
var newLayoutFrom = time.Date(2025, time.March, 13, 0, 0, 0, 0, time.UTC)

func TestDayPagesUseTheLayoutOfTheirDate(t *testing.T) {
	for _, f := range mustFiles(t) {
		d := f.Date
		params := fmt.Sprintf("{{Current events|year=%04d|month=%02d|day=%d", d.Year, int(d.Month), d.Day)
		text := strings.TrimSpace(f.Wikitext)
		var start, end string
		if d.Time().Before(newLayoutFrom) {
			start, end = params+"|content=\n", "<!-- All news items above this line -->}}"
		} else {
			start, end = params+"|top=yes}}\n", "\n"+params+"|bottom=yes}}"
		}
		if !strings.HasPrefix(text, start+"<!-- All news items below this line -->\n") {
			t.Errorf("%s: want it to open with %q and the below-this-line marker", f.Name, start)
		}
		if !strings.HasSuffix(text, end) || strings.Count(text, "<!-- All news items above this line -->") != 1 {
			t.Errorf("%s: want it to close with %q after one above-this-line marker", f.Name, end)
		}
	}
}

func TestDayPagesListCanonicalCategoriesInOrder(t *testing.T) {
	for _, f := range mustFiles(t) {
		last := -1
		for _, line := range strings.Split(f.Wikitext, "\n") {
			name, ok := categoryLine(line)
			if !ok {
				continue
			}
			i := slices.Index(canonicalCategories, name)
			if i < 0 {
				t.Errorf("%s: category %q is not canonical", f.Name, name)
			}
			if i <= last {
				t.Errorf("%s: category %q is out of order or repeated", f.Name, name)
			}
			last = i
		}
	}
}

// storyHeader matches a bullet that is only a wikilink: a story header.
var storyHeader = regexp.MustCompile(`^\*+\s*\[\[[^\[\]]+\]\]\s*$`)

// source matches a cited report: [https://… (Name)].
var source = regexp.MustCompile(`\[https://[^\s\]]+ \([^()\]]+\)\]`)

func TestDayPageBulletsNestAndCiteSources(t *testing.T) {
	for _, f := range mustFiles(t) {
		for _, group := range bulletGroups(f.Wikitext) {
			for i, line := range group {
				if msg := checkBullet(group, i); msg != "" {
					t.Errorf("%s: %q %s", f.Name, short(line), msg)
				}
			}
		}
	}
}

// checkBullet returns what is wrong with bullet i of a category's bullets, or "".
func checkBullet(group []string, i int) string {
	line, depth := group[i], bulletDepth(group[i])
	prev := 0
	if i > 0 {
		prev = bulletDepth(group[i-1])
	}
	switch {
	case depth > prev+1:
		return "skips a nesting level"
	case storyHeader.MatchString(line):
		if i+1 == len(group) || bulletDepth(group[i+1]) <= depth {
			return "is a story header without events"
		}
	case !source.MatchString(line):
		return "cites no source"
	case strings.Count(line, "[[") != strings.Count(line, "]]"),
		strings.Count(line, "{{") != strings.Count(line, "}}"):
		return "has unbalanced brackets"
	}
	return ""
}

func TestCheckBulletFindsMistakes(t *testing.T) {
	const src = " [https://apnews.com/article/x (AP)]"
	tests := []struct {
		name  string
		group []string
		at    int
		want  string
	}{
		{"event under story", []string{"*[[Story]]", "**Event." + src}, 1, ""},
		{"story header with event", []string{"*[[Story]]", "**Event." + src}, 0, ""},
		{"nested too deep", []string{"*[[Story]]", "***Event." + src}, 1, "skips a nesting level"},
		{"header followed by sibling", []string{"*[[Story]]", "*Event." + src}, 0, "is a story header without events"},
		{"header last", []string{"*Event." + src, "*[[Story]]"}, 1, "is a story header without events"},
		{"no source", []string{"*Event [[Place]]."}, 0, "cites no source"},
		{"source without name", []string{"*Event. [https://apnews.com/article/x]"}, 0, "cites no source"},
		{"unclosed link", []string{"*Event in [[Place." + src}, 0, "has unbalanced brackets"},
		{"unclosed template", []string{"*Event {{convert|1|km|mi." + src}, 0, "has unbalanced brackets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkBullet(tt.group, tt.at); got != tt.want {
				t.Errorf("checkBullet = %q, want %q", got, tt.want)
			}
		})
	}
}

func mustFiles(t *testing.T) []File {
	t.Helper()
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// categoryLine returns the name of a bold category line, ”'Name”'.
func categoryLine(line string) (string, bool) {
	name, ok := strings.CutPrefix(strings.TrimSpace(line), "'''")
	if !ok {
		return "", false
	}
	return strings.CutSuffix(name, "'''")
}

// bulletGroups returns the bullet lines before the first category line and
// under each category line, in order.
func bulletGroups(text string) [][]string {
	groups := [][]string{nil}
	for _, line := range strings.Split(text, "\n") {
		if _, ok := categoryLine(line); ok {
			groups = append(groups, nil)
		} else if strings.HasPrefix(line, "*") {
			groups[len(groups)-1] = append(groups[len(groups)-1], line)
		}
	}
	return groups
}

func bulletDepth(line string) int { return len(line) - len(strings.TrimLeft(line, "*")) }

// short cuts a line for an error message.
func short(line string) string {
	if r := []rune(line); len(r) > 70 {
		return string(r[:70]) + "…"
	}
	return line
}

func TestArchiveCloseRemovesItsDirectory(t *testing.T) {
	d, err := Open(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := d.dir
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s still exists after Close (%v)", dir, err)
	}
}

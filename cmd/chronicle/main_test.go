package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/testcorpus"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
)

// result is what one command line did.
type result struct {
	status         int
	stdout, stderr string
}

func chronicle(args ...string) result {
	var stdout, stderr bytes.Buffer
	status := run(args, &stdout, &stderr)
	return result{status, stdout.String(), stderr.String()}
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.status, r.stdout, r.stderr)
}

// dayFile is a day page in the layout of 2013.
const dayFile = `{{Current events|year=2013|month=06|day=%d|content=
<!-- All news items below this line -->
'''Disasters and accidents'''
*A [[ferry]] sinks near [[Lagos]]. [http://news.example/a (Reuters)]
*A [[ferry]] sinks near [[Lagos]]. [http://news.example/b (BBC News)]
<!-- All news items above this line -->}}
`

// fixtures returns a fresh database path and a directory of two .wiki files
// (2013-06-10 and 2013-06-11, two events each with the same headline).
func fixtures(t *testing.T) (db, dir string) {
	t.Helper()
	tmp := t.TempDir()
	dir = filepath.Join(tmp, "days")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, day := range []int{10, 11} {
		name := filepath.Join(dir, fmt.Sprintf("2013-06-%02d.wiki", day))
		if err := os.WriteFile(name, []byte(fmt.Sprintf(dayFile, day)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(tmp, "chronicle.db"), dir
}

// imported returns a database holding testdata/dump.xml and the fixture days.
func imported(t *testing.T) string {
	t.Helper()
	db, dir := fixtures(t)
	r := chronicle("import", "--db", db, "testdata/dump.xml", dir)
	if r.status != exitOK {
		t.Fatalf("import failed:\n%s", r)
	}
	return db
}

func TestImportThenReimportChangesNothing(t *testing.T) {
	db, dir := fixtures(t)
	first := chronicle("import", "--db", db, "testdata/dump.xml", dir)
	if first.status != exitOK || !strings.HasPrefix(first.stdout, "imported 5 days (5 new, 0 replaced, 0 unchanged) · 11 events") {
		t.Fatalf("first import:\n%s", first)
	}
	if !strings.Contains(first.stderr, "Portal:Current events/Sidebar") {
		t.Errorf("no warning for the portal page that is not a day:\n%s", first.stderr)
	}
	statsBefore := chronicle("stats", "--db", db).stdout
	second := chronicle("import", dir, "--db", db, "testdata/dump.xml") // flags after arguments too
	if second.status != exitOK || !strings.HasPrefix(second.stdout, "imported 5 days (0 new, 0 replaced, 5 unchanged) · 11 events") {
		t.Errorf("second import:\n%s", second)
	}
	if after := chronicle("stats", "--db", db).stdout; after != statsBefore {
		t.Errorf("stats changed by a second import:\n%s\n---\n%s", statsBefore, after)
	}
}

func TestImportNothingImportableExitsNonZero(t *testing.T) {
	db, _ := fixtures(t)
	r := chronicle("import", "--db", db, filepath.Join(t.TempDir(), "missing.xml.bz2"))
	if r.status != exitFailure || !strings.Contains(r.stderr, "missing.xml.bz2") || !strings.Contains(r.stderr, "chronicle: import: nothing imported") {
		t.Errorf("import of a missing file:\n%s", r)
	}
}

func TestImportWithoutPathIsUsageError(t *testing.T) {
	if r := chronicle("import"); r.status != exitUsage || !strings.Contains(r.stderr, "usage: chronicle import") {
		t.Errorf("import without PATH:\n%s", r)
	}
}

func TestStatsIsAligned(t *testing.T) {
	r := chronicle("stats", "--db", imported(t))
	if r.status != exitOK {
		t.Fatal(r)
	}
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	labels := []string{"days", "events", "events with a source", "entities", "stories", "sources", "first day", "last day",
		"events with a summary", "events with an image", "sources visited", "dead sources", "archived sources", "failed sources"}
	if len(lines) != len(labels) {
		t.Fatalf("stats:\n%s", r.stdout)
	}
	for i, label := range labels {
		if !strings.HasPrefix(lines[i], label+" ") || len(lines[i]) != len(lines[0]) {
			t.Errorf("line %q: want label %q, all lines as long as the first", lines[i], label)
		}
	}
	for label, want := range map[string]string{"days": "5", "events": "11", "first day": "2013-06-04", "last day": "2013-06-11"} {
		if got := statValue(r.stdout, label); got != want {
			t.Errorf("%s = %q, want %q:\n%s", label, got, want, r.stdout)
		}
	}
}

// statValue returns the value of the stats line with label.
func statValue(stats, label string) string {
	for _, line := range strings.Split(stats, "\n") {
		if rest, ok := strings.CutPrefix(line, label+"  "); ok {
			return strings.TrimSpace(rest)
		}
	}
	return ""
}

func TestShowFoundAndNotFound(t *testing.T) {
	db := imported(t)
	path := "/news/2013/06/10/a-ferry-sinks-near-lagos-2"
	tests := []struct {
		name   string
		arg    string
		status int
		stderr string
	}{
		{"path", path, exitOK, ""},
		{"json file", path + ".json", exitOK, ""},
		{"full URL", "https://chronicle.example" + path + ".html", exitOK, ""},
		{"absent", "/news/2013/06/10/nothing-happened", exitFailure, "chronicle: show: no event at /news/2013/06/10/nothing-happened\n"},
		{"not a path", "ferry", exitUsage, `"ferry" is not an event path`},
	}
	for _, tt := range tests {
		r := chronicle("show", "--db", db, tt.arg)
		if r.status != tt.status || !strings.Contains(r.stderr, tt.stderr) {
			t.Errorf("%s:\n%s", tt.name, r)
			continue
		}
		if tt.status != exitOK {
			continue
		}
		var e event.Event
		if err := json.Unmarshal([]byte(r.stdout), &e); err != nil {
			t.Fatalf("%s: %v\n%s", tt.name, err, r.stdout)
		}
		if e.Path != path || e.Position != 1 || len(e.Sources) != 1 || e.Sources[0].Name != "BBC News" {
			t.Errorf("%s: event %+v", tt.name, e)
		}
		if !strings.Contains(r.stdout, "\n  \"path\": ") {
			t.Errorf("%s: output is not indented JSON:\n%s", tt.name, r.stdout)
		}
	}
}

func TestShowAndRelatedFollowAnAddressCutShort(t *testing.T) {
	db := imported(t)
	const (
		cut  = "/news/2013/06/4/rebels-take-the-to"
		full = "/news/2013/06/4/rebels-take-the-town-of-qusair"
	)
	for _, cmd := range []string{"show", "related"} {
		r := chronicle(cmd, "--db", db, cut)
		if r.status != exitOK || !strings.Contains(r.stdout, full) || !strings.Contains(r.stderr, cut+" was cut short: it is "+full) {
			t.Errorf("%s of an address cut short:\n%s", cmd, r)
		}
	}
	// Two events of the day start so: neither is guessed, both are named.
	r := chronicle("show", "--db", db, "/news/2013/06/10/a-ferry-sinks-near")
	if r.status != exitFailure || r.stdout != "" ||
		!strings.Contains(r.stderr, "no event at /news/2013/06/10/a-ferry-sinks-near; the paths of that day's events that start so:") ||
		!strings.Contains(r.stderr, "\n  /news/2013/06/10/a-ferry-sinks-near-lagos  A ferry sinks near Lagos.") ||
		!strings.Contains(r.stderr, "\n  /news/2013/06/10/a-ferry-sinks-near-lagos-2  A ferry sinks near Lagos.") {
		t.Errorf("show of an address two events start with:\n%s", r)
	}
	// Too short a cut is not followed either.
	if r := chronicle("show", "--db", db, "/news/2013/06/4/rebels"); r.status != exitFailure ||
		!strings.Contains(r.stderr, "\n  "+full+"  ") {
		t.Errorf("show of an address cut after a word:\n%s", r)
	}
}

func TestEventPathForms(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/news/2013/06/6/slug", "/news/2013/06/6/slug"},
		{"news/2013/06/6/slug.md", "/news/2013/06/6/slug"},
		{"/news/2013/06/6/slug.xml", "/news/2013/06/6/slug"},
		{"http://localhost:8080/news/2013/06/6/slug.html?x=1#top", "/news/2013/06/6/slug"},
		{"/news/2013/06/6", ""},
		{"/news/2013/06/6/index.html", ""},
		// A date as people type it, as the server redirects it.
		{"/news/2013/6/6/slug", "/news/2013/06/6/slug"},
		{"https://example.org/news/2013/06/06/slug.json", "/news/2013/06/6/slug"},
		{"/news/2013/13/6/slug", ""},
		// A site built under a sub-path (--base-url https://example.org/archive/).
		{"https://example.org/archive/news/2013/06/6/slug.html", "/news/2013/06/6/slug"},
		{"/archive/news/2013/06/6/slug", "/news/2013/06/6/slug"},
		{"https://example.org/news/news/2013/06/6/slug", "/news/2013/06/6/slug"},
		{"/other/2013/06/6/slug", ""},
		// A link that arrived mangled, as the server mends it.
		{"https://example.org/news/2013/06/6/slug.html).", "/news/2013/06/6/slug"},
		{"/News/2013/06/6/Slug.HTM", "/news/2013/06/6/slug"},
		{"/news/2013/06/6/slug…", "/news/2013/06/6/slug"},
		{"/news/2013/06/6/slug.j", "/news/2013/06/6/slug"},
	}
	for _, tt := range tests {
		got, err := eventPath(tt.in)
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("eventPath(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func exportLines(t *testing.T, args ...string) []event.Event {
	t.Helper()
	r := chronicle(append([]string{"export"}, args...)...)
	if r.status != exitOK {
		t.Fatal(r)
	}
	var events []event.Event
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	for sc.Scan() {
		var e event.Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		events = append(events, e)
	}
	return events
}

func TestExportWritesOrderedNDJSON(t *testing.T) {
	db := imported(t)
	all := exportLines(t, "--db", db)
	if len(all) != 11 {
		t.Fatalf("exported %d events, want 11", len(all))
	}
	for i := 1; i < len(all); i++ {
		prev, cur := all[i-1], all[i]
		if cur.Date.Before(prev.Date) || cur.Date == prev.Date && cur.Position <= prev.Position {
			t.Errorf("event %d (%s #%d) comes after %s #%d", i, cur.Date, cur.Position, prev.Date, prev.Position)
		}
	}
	june := exportLines(t, "--db", db, "--from", "2013-06-05", "--to", "2013-06-10")
	if len(june) != 3+2+2 || june[0].Date.String() != "2013-06-05" || june[len(june)-1].Date.String() != "2013-06-10" {
		t.Errorf("--from 2013-06-05 --to 2013-06-10 gave %d events", len(june))
	}
}

func TestExportBadDateIsUsageError(t *testing.T) {
	tests := []struct{ args []string }{
		{[]string{"--from", "2013-13-01"}},
		{[]string{"--to", "June 6"}},
		{[]string{"--from", "2013-06-10", "--to", "2013-06-01"}},
	}
	for _, tt := range tests {
		r := chronicle(append([]string{"export", "--db", "whatever.db"}, tt.args...)...)
		if r.status != exitUsage || !strings.Contains(r.stderr, tt.args[1]) {
			t.Errorf("%v:\n%s", tt.args, r)
		}
	}
}

func TestExportCSVKeepsATopicStoryOrCategory(t *testing.T) {
	db := imported(t)
	tests := []struct {
		args  []string
		dates []string
	}{
		{nil, []string{"2013-06-04", "2013-06-04", "2013-06-05", "2013-06-05", "2013-06-05", "2013-06-06", "2013-06-06",
			"2013-06-10", "2013-06-10", "2013-06-11", "2013-06-11"}},
		{[]string{"--story", "Syrian civil war"}, []string{"2013-06-04", "2013-06-05", "2013-06-06"}},
		{[]string{"--story", "syrian-civil-war", "--from", "2013-06-05"}, []string{"2013-06-05", "2013-06-06"}},
		{[]string{"--topic", "japan"}, []string{"2013-06-05"}},
		{[]string{"--category", "Armed conflicts and attacks", "--to", "2013-06-04"}, []string{"2013-06-04", "2013-06-04"}},
		{[]string{"--category", "disasters-and-accidents"}, []string{"2013-06-10", "2013-06-10", "2013-06-11", "2013-06-11"}},
		{[]string{"--topic", "Lagos", "--to", "2013-06-10"}, []string{"2013-06-10", "2013-06-10"}},
		{[]string{"--topic", "Japan", "--from", "2013-06-06"}, nil},
	}
	for _, tt := range tests {
		r := chronicle(append([]string{"export", "--db", db, "--format", "csv"}, tt.args...)...)
		if r.status != exitOK {
			t.Fatalf("%v:\n%s", tt.args, r)
		}
		rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		if err != nil || len(rows) == 0 || !slices.Equal(rows[0], render.CSVColumns) {
			t.Fatalf("%v: not a CSV table with its header (%v):\n%s", tt.args, err, r.stdout)
		}
		var dates []string
		for _, row := range rows[1:] {
			dates = append(dates, row[0])
		}
		if !slices.Equal(dates, tt.dates) {
			t.Errorf("%v: rows of %v, want %v", tt.args, dates, tt.dates)
		}
	}
	ndjson := exportLines(t, "--db", db, "--story", "Syrian civil war")
	if len(ndjson) != 3 {
		t.Errorf("--story as NDJSON: %d events, want 3", len(ndjson))
	}
}

func TestExportBadFlagsAreUsageErrors(t *testing.T) {
	db := imported(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--format", "xlsx"}, `--format "xlsx": want ndjson, csv, bibtex or ris`},
		{[]string{"--format", "csv", "--base-url", "https://news.example"}, "--base-url: only --format bibtex and ris name the pages' addresses"},
		{[]string{"--format", "bibtex", "--base-url", "ftp://news.example"}, "--base-url"},
		{[]string{"--topic", "Japan", "--story", "Syrian civil war"}, "--topic and --story: give one of"},
		{[]string{"--topic", "Atlantis"}, `--topic "Atlantis": no such topic in the database` + "\n"},
		{[]string{"--story", "Syrian"}, `--story "Syrian": no such story in the database; did you mean "Syrian civil war"?`},
		{[]string{"--topic", "a"}, `--topic "a": no such topic in the database; did you mean "Japan" or "Lagos" or "Qusair"?`},
		{[]string{"--category", "Qusair"}, `--category "Qusair": no such category`},
	}
	for _, tt := range tests {
		r := chronicle(append([]string{"export", "--db", db}, tt.args...)...)
		if r.status != exitUsage || !strings.Contains(r.stderr, tt.want) || r.stdout != "" {
			t.Errorf("%v: want exit %d and %q:\n%s", tt.args, exitUsage, tt.want, r)
		}
	}
}

func TestReadingCommandsDoNotCreateTheDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	for _, args := range [][]string{{"stats"}, {"show", "/news/2013/06/6/x"}, {"export"}, {"cite", "/news/2013/06/6/x"}} {
		r := chronicle(append(args, "--db", db)...)
		want := "no database at " + db + ": run chronicle import first"
		if r.status != exitFailure || !strings.Contains(r.stderr, want) {
			t.Errorf("%v:\n%s", args, r)
		}
		if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%v created %s", args, db)
		}
	}
}

func TestHelpOfEveryCommand(t *testing.T) {
	for _, c := range commands {
		for _, args := range [][]string{{c.name, "--help"}, {"help", c.name}} {
			r := chronicle(args...)
			if r.status != exitOK || !strings.HasPrefix(r.stdout, "Usage: chronicle "+c.name) ||
				!strings.Contains(r.stdout, "Example") || !strings.Contains(r.stdout, "-db FILE") {
				t.Errorf("%v:\n%s", args, r)
			}
		}
	}
}

func TestTopLevelUsage(t *testing.T) {
	tests := []struct {
		args   []string
		status int
		out    func(result) string
	}{
		{[]string{"help"}, exitOK, func(r result) string { return r.stdout }},
		{[]string{"--help"}, exitOK, func(r result) string { return r.stdout }},
		{nil, exitUsage, func(r result) string { return r.stderr }},
	}
	for _, tt := range tests {
		r := chronicle(tt.args...)
		if r.status != tt.status {
			t.Errorf("%v: %s", tt.args, r)
		}
		for _, c := range commands {
			if !strings.Contains(tt.out(r), "  "+c.name+" ") {
				t.Errorf("%v: command list lacks %s:\n%s", tt.args, c.name, r)
			}
		}
	}
	if r := chronicle("frobnicate"); r.status != exitUsage || !strings.Contains(r.stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: %s", r)
	}
	if r := chronicle("stats", "--bogus"); r.status != exitUsage || !strings.Contains(r.stderr, "bogus") {
		t.Errorf("unknown flag: %s", r)
	}
}

func TestPanicBecomesAMessage(t *testing.T) {
	boom := &command{name: "boom", usage: "chronicle boom", setup: func(*flag.FlagSet) runFunc {
		return func(_ context.Context, _ []string, _, _ io.Writer) error { panic("nil map") }
	}}
	commands = append(commands, boom)
	defer func() { commands = commands[:len(commands)-1] }()
	r := chronicle("boom")
	if r.status != exitFailure || !strings.HasPrefix(r.stderr, "chronicle: internal error: nil map") {
		t.Errorf("panic: %s", r)
	}
}

func TestImportCorpusCounts(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the whole corpus")
	}
	corpusPath := testcorpus.Path(t)
	db := filepath.Join(t.TempDir(), "chronicle.db")
	if r := chronicle("import", "--db", db, corpusPath); r.status != exitOK {
		t.Fatal(r)
	}
	stats := chronicle("stats", "--db", db).stdout
	// The corpus README counts 109,161 events with a bracketed source link; 60
	// more cite only a bare URL, which is a source too (docs/ingest.md).
	for label, want := range map[string]string{"days": "8587", "events": "113258", "events with a source": "109221"} {
		if got := statValue(stats, label); got != want {
			t.Errorf("%s = %q, want %q:\n%s", label, got, want, stats)
		}
	}
	again := chronicle("import", "--db", db, corpusPath)
	if again.status != exitOK || !strings.HasPrefix(again.stdout, "imported 8587 days (0 new, 0 replaced, 8587 unchanged)") {
		t.Errorf("second import: %s", again)
	}
	if after := chronicle("stats", "--db", db).stdout; after != stats {
		t.Errorf("a second import changed the counts:\n%s\n---\n%s", stats, after)
	}
}

// BenchmarkImportCorpus imports the whole shared corpus into a fresh database.
func BenchmarkImportCorpus(b *testing.B) {
	corpusPath := testcorpus.Path(b)
	for b.Loop() {
		db := filepath.Join(b.TempDir(), "chronicle.db")
		var stdout, stderr bytes.Buffer
		if status := run([]string{"import", "--db", db, corpusPath}, &stdout, &stderr); status != exitOK {
			b.Fatalf("exit %d: %s", status, stderr.String())
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/import")
	b.ReportMetric(113258*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// TestMain runs the command itself instead of the tests when
// CHRONICLE_TEST_MAIN=1, so that tests can start chronicle as a child
// process (and kill it) without building the binary.
func TestMain(m *testing.M) {
	if os.Getenv("CHRONICLE_TEST_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func TestVersion(t *testing.T) {
	for _, arg := range []string{"--version", "-version", "version"} {
		r := chronicle(arg)
		if r.status != exitOK || !strings.HasPrefix(r.stdout, "chronicle ") || !strings.Contains(r.stdout, "(go1.") {
			t.Errorf("%s:\n%s", arg, r)
		}
	}
}

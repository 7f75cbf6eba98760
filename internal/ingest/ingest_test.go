package ingest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/store"
	"github.com/chronicle-archive/chronicle/internal/wcep"
)

// memStore is an Importer that keeps days in memory and can be told to fail.
type memStore struct {
	mu      sync.Mutex
	days    map[event.Date]store.Day
	batches []int
	reject  func(store.Day) error
}

func newMemStore() *memStore { return &memStore{days: map[event.Date]store.Day{}} }

func (m *memStore) ImportDays(_ context.Context, days []store.Day) (store.ImportResult, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var res store.ImportResult
	for _, d := range days {
		if m.reject != nil {
			if err := m.reject(d); err != nil {
				return store.ImportResult{}, err
			}
		}
	}
	m.batches = append(m.batches, len(days))
	for _, d := range days {
		old, ok := m.days[d.Date]
		switch {
		case !ok:
			res.Added++
		case old.SHA1 == d.SHA1:
			res.Unchanged++
			continue
		default:
			res.Replaced++
		}
		m.days[d.Date] = d
	}
	return res, nil
}

func run(t *testing.T, st Importer, opts Options, paths ...string) (Summary, string) {
	t.Helper()
	var warnings bytes.Buffer
	opts.Warnings = &warnings
	sum, err := Run(context.Background(), st, paths, opts)
	if err != nil {
		t.Fatalf("Run: %v\nwarnings:\n%s", err, warnings.String())
	}
	return sum, warnings.String()
}

func TestRunImportsDumpAndDirectory(t *testing.T) {
	st := newMemStore()
	sum, warnings := run(t, st, Options{}, "testdata/dump.xml", "testdata/days")
	want := Summary{Pages: 8, Skipped: 3, Events: 12, Warnings: 2,
		ImportResult: store.ImportResult{Added: 5}}
	sum.Duration = 0
	if sum.Pages != want.Pages || sum.Skipped != want.Skipped || sum.Events != want.Events ||
		sum.Warnings != want.Warnings || sum.ImportResult != want.ImportResult || len(sum.Errors) != 0 {
		t.Errorf("summary\n got %+v\nwant %+v", sum, want)
	}
	for _, name := range []string{"Portal:Current events/Sidebar", "2013-02-30.wiki"} {
		if !strings.Contains(warnings, name) {
			t.Errorf("no warning names %s:\n%s", name, warnings)
		}
	}
	if strings.Contains(warnings, "Main Page") || strings.Contains(warnings, "README") {
		t.Errorf("pages outside the portal should be skipped silently:\n%s", warnings)
	}
}

func TestRunDumpPagesKeepRevisionAndDirectoryFilesTheirMtime(t *testing.T) {
	dir := t.TempDir()
	text, err := os.ReadFile("testdata/days/2013-06-07.wiki")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "2013-06-07.wiki")
	if err := os.WriteFile(file, text, 0o644); err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2013, 6, 8, 12, 0, 0, 0, time.UTC)
	if err := os.Chtimes(file, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	st := newMemStore()
	run(t, st, Options{}, "testdata/dump.xml", dir)
	fromDump := st.days[event.Date{Year: 2013, Month: 6, Day: 4}]
	if fromDump.Title != "Portal:Current events/2013 June 4" || fromDump.RevisionID != 101 ||
		!fromDump.Timestamp.Equal(time.Date(2013, 6, 5, 0, 0, 0, 0, time.UTC)) || fromDump.SHA1 == "" {
		t.Errorf("day from dump = %+v", fromDump)
	}
	fromFile := st.days[event.Date{Year: 2013, Month: 6, Day: 7}]
	if fromFile.RevisionID != 0 || !fromFile.Timestamp.Equal(mtime) || fromFile.Wikitext != string(text) ||
		fromFile.Title != "Portal:Current events/2013 June 7" || len(fromFile.SHA1) != 40 {
		t.Errorf("day from file = %+v", fromFile)
	}
}

func TestRunImportsOneDayFile(t *testing.T) {
	st := newMemStore()
	sum, warnings := run(t, st, Options{}, "testdata/days/2013-06-07.wiki")
	if sum.Imported() != 1 || sum.Failed() || sum.Warnings != 0 {
		t.Errorf("one day file: imported %d, summary %+v\n%s", sum.Imported(), sum, warnings)
	}
	if d, ok := st.days[event.Date{Year: 2013, Month: 6, Day: 7}]; !ok || d.Title != "Portal:Current events/2013 June 7" {
		t.Errorf("day from one file = %+v", d)
	}
	if len(st.days) != 1 {
		t.Errorf("stored %d days, want only the file's", len(st.days))
	}
}

func TestRunSameInputTwiceChangesNothing(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "chronicle.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	first, _ := run(t, st, Options{}, "testdata/dump.xml", "testdata/days")
	second, _ := run(t, st, Options{}, "testdata/dump.xml", "testdata/days")
	if first.Added != 5 || second.Added != 0 || second.Replaced != 0 || second.Unchanged != 5 {
		t.Errorf("first %+v\nsecond %+v", first.ImportResult, second.ImportResult)
	}
	stats, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if stats.Days != 5 || stats.Events != 12 {
		t.Errorf("stats after two imports: %+v", stats)
	}
}

func TestRunCutOffDumpStoresPagesBeforeTheCut(t *testing.T) {
	st := newMemStore()
	sum, warnings := run(t, st, Options{}, "testdata/cut.xml")
	if len(sum.Errors) != 1 || sum.Added != 1 || sum.Failed() || !sum.Partial() {
		t.Fatalf("summary %+v, want 1 error and 1 day added: a partial import", sum)
	}
	if !strings.Contains(warnings, "error: ") || !strings.Contains(warnings, "2013 June 5") {
		t.Errorf("error line should name the page being read:\n%s", warnings)
	}
}

func TestRunNothingImportedFails(t *testing.T) {
	tests := []struct {
		name  string
		paths []string
	}{
		{"missing file", []string{filepath.Join(t.TempDir(), "nope.xml.bz2")}},
		{"not XML", []string{writeFile(t, "junk.xml", "this is not a dump")}},
		{"only bad pages", []string{writeFile(t, "2013-13-13.wiki", "*x")}},
		{"one day file with a bad name", []string{filepath.Join(writeFile(t, "2013-13-13.wiki", "*x"), "2013-13-13.wiki")}},
		{"no day files", []string{t.TempDir()}},
	}
	for _, tt := range tests {
		var warnings bytes.Buffer
		sum, err := Run(context.Background(), newMemStore(), tt.paths, Options{Warnings: &warnings})
		if err != nil {
			t.Errorf("%s: Run error %v; bad input should be in the summary", tt.name, err)
		}
		if !sum.Failed() || warnings.Len() == 0 {
			t.Errorf("%s: Failed() = %v, warnings %q", tt.name, sum.Failed(), warnings.String())
		}
	}
}

// writeFile writes a file in a fresh directory; a .wiki file's directory is returned.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(name, ".wiki") {
		return dir
	}
	return path
}

func TestRunBadInputSkipsOnlyTheBadPage(t *testing.T) {
	good, err := os.ReadFile("testdata/days/2013-06-07.wiki")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"2013-06-07.wiki": string(good),
		"2013-06-08.wiki": strings.Replace(string(good), "storm", "st\xff\xfeorm", 1),
		"2013-06-09.wiki": strings.Replace(string(good), "A [[storm]]", strings.Repeat("very long line ", 700_000), 1),
		"2013-06-10.wiki": strings.Replace(string(good), "[[storm]]", "[[storm {{convert|", 1),
		"2013-06-31.wiki": string(good),
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st := newMemStore()
	sum, warnings := run(t, st, Options{}, dir)
	if sum.Imported() != 4 || sum.Failed() || sum.FailedPages != 1 || !sum.Partial() {
		t.Errorf("imported %d days, want the 4 with a valid date and 1 failed page: partial; summary %+v\n%s", sum.Imported(), sum, warnings)
	}
	for _, want := range []string{"2013-06-08.wiki: invalid UTF-8", "2013-06-31.wiki"} {
		if !strings.Contains(warnings, want) {
			t.Errorf("warnings lack %q:\n%s", want, warnings)
		}
	}
	if d := st.days[event.Date{Year: 2013, Month: 6, Day: 8}]; strings.Contains(d.Wikitext, "\xff") {
		t.Error("invalid UTF-8 reached the store")
	}
}

func TestRunParserFailureSkipsThePage(t *testing.T) {
	defer func(orig func(event.Date, string) (wcep.Day, error)) { parseDay = orig }(parseDay)
	parseDay = func(d event.Date, text string) (wcep.Day, error) {
		switch d.Day {
		case 4:
			panic("index out of range")
		case 5:
			return wcep.Day{}, errors.New("no content")
		}
		return wcep.Day{Warnings: []string{"odd bullet"}}, nil
	}
	sum, warnings := run(t, newMemStore(), Options{}, "testdata/dump.xml")
	if sum.Added != 1 || sum.Warnings != 4 {
		t.Errorf("summary %+v, want 1 day added and 4 warnings", sum)
	}
	for _, want := range []string{
		"June 4: parser failed (index out of range); skipped",
		"June 5: no content; skipped",
		"June 6: odd bullet",
	} {
		if !strings.Contains(warnings, want) {
			t.Errorf("warnings lack %q:\n%s", want, warnings)
		}
	}
}

func TestRunWarningsAreCapped(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"2013-02-30.wiki", "2013-02-31.wiki", "2013-04-31.wiki", "2013-06-31.wiki"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("*x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sum, warnings := run(t, newMemStore(), Options{MaxWarnings: 2}, dir)
	lines := strings.Split(strings.TrimSpace(warnings), "\n")
	if sum.Warnings != 4 || len(lines) != 3 || lines[2] != "… 2 more warnings not shown" {
		t.Errorf("%d warnings, output:\n%s", sum.Warnings, warnings)
	}
}

func TestRunBatchesTheStoreWrites(t *testing.T) {
	st := newMemStore()
	run(t, st, Options{BatchSize: 2, Workers: 3}, "testdata/dump.xml", "testdata/days")
	if got := st.batches; len(got) != 3 || got[0] != 2 || got[1] != 2 || got[2] != 1 {
		t.Errorf("batch sizes %v, want [2 2 1]", got)
	}
}

func TestRunStoresDayByDayWhenABatchFails(t *testing.T) {
	st := newMemStore()
	st.reject = func(d store.Day) error {
		if d.Date.Day == 5 {
			return errors.New("duplicate path")
		}
		return nil
	}
	sum, warnings := run(t, st, Options{}, "testdata/dump.xml")
	if sum.Added != 2 || !strings.Contains(warnings, "June 5: not stored: duplicate path") {
		t.Errorf("summary %+v\n%s", sum, warnings)
	}
}

func TestRunStopsWhenTheStoreFailsEveryDay(t *testing.T) {
	st := newMemStore()
	st.reject = func(store.Day) error { return errors.New("disk full") }
	_, err := Run(context.Background(), st, []string{"testdata/dump.xml", "testdata/days"}, Options{BatchSize: 2})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("err = %v, want the store's error", err)
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, newMemStore(), []string{"testdata/dump.xml"}, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestRunWithoutPaths(t *testing.T) {
	if _, err := Run(context.Background(), newMemStore(), nil, Options{}); err == nil {
		t.Error("Run with no paths succeeded")
	}
}

func TestRunDrawsProgressOnlyWhenAsked(t *testing.T) {
	var bar bytes.Buffer
	run(t, newMemStore(), Options{Progress: &bar}, "testdata/dump.xml")
	if bar.Len() == 0 {
		t.Error("no progress bar written")
	}
}

func TestSummaryString(t *testing.T) {
	tests := []struct {
		sum  Summary
		want string
	}{
		{Summary{ImportResult: store.ImportResult{Added: 8587}, Events: 113258, Warnings: 3, Duration: 4200 * time.Millisecond},
			"imported 8587 days (8587 new, 0 replaced, 0 unchanged) · 113258 events · 3 warnings · 4.2s (26966 events/s)"},
		{Summary{ImportResult: store.ImportResult{Unchanged: 2, Older: 1}, Events: 10, Warnings: 1, Errors: []error{errors.New("x")}, Duration: time.Second},
			"imported 2 days (0 new, 0 replaced, 2 unchanged, 1 older kept out) · 10 events · 1 warning · 1 error · 1.0s (10 events/s)"},
		{Summary{ImportResult: store.ImportResult{Added: 3}, Events: 10, Warnings: 2, FailedPages: 2, Duration: time.Second},
			"imported 3 days (3 new, 0 replaced, 0 unchanged) · 10 events · 2 warnings · 2 pages not imported · 1.0s (10 events/s)"},
		{Summary{ImportResult: store.ImportResult{Replaced: 1}, Events: 1, Duration: time.Second},
			"imported 1 day (0 new, 1 replaced, 0 unchanged) · 1 event · 0 warnings · 1.0s (1 events/s)"},
		{Summary{ImportResult: store.ImportResult{Replaced: 2, EventsEdited: 3, EventsRemoved: 1}, Events: 20, Duration: time.Second},
			"imported 2 days (0 new, 2 replaced, 0 unchanged; 3 events edited, 1 removed) · 20 events · 0 warnings · 1.0s (20 events/s)"},
		{Summary{ImportResult: store.ImportResult{Replaced: 1, EventsEdited: 1}, Events: 2, Duration: time.Second},
			"imported 1 day (0 new, 1 replaced, 0 unchanged; 1 event edited, 0 removed) · 2 events · 0 warnings · 1.0s (2 events/s)"},
	}
	for _, tt := range tests {
		if got := tt.sum.String(); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
}

func TestRunDumpWithInvalidUTF8WarnsAndGoesOn(t *testing.T) {
	dump, err := os.ReadFile("testdata/dump.xml")
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(dump), "satellite", "satel\xffite", 1)
	sum, warnings := run(t, newMemStore(), Options{}, writeFile(t, "broken.xml", broken))
	if sum.Added != 3 || !strings.Contains(warnings, "2013 June 5: text has U+FFFD") {
		t.Errorf("summary %+v\n%s", sum, warnings)
	}
}

// A directory's day files may be links (a directory of chosen days); what is
// not a readable regular file is named in a warning, never passed over in
// silence, and a FIFO is not opened (it would wait for a writer).
func TestRunDirectoryEntriesThatAreNotDayFiles(t *testing.T) {
	dir := t.TempDir()
	day, err := os.ReadFile("testdata/days/2013-06-07.wiki")
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := filepath.Join(t.TempDir(), "chosen.wiki")
	if err := os.WriteFile(elsewhere, day, 0o644); err != nil {
		t.Fatal(err)
	}
	mustDo(t, os.Symlink(elsewhere, filepath.Join(dir, "2013-06-07.wiki")))
	mustDo(t, os.Symlink(filepath.Join(dir, "gone"), filepath.Join(dir, "2013-06-08.wiki")))
	mustDo(t, os.Mkdir(filepath.Join(dir, "2013-06-09.wiki"), 0o755))
	mustDo(t, syscall.Mkfifo(filepath.Join(dir, "2013-06-10.wiki"), 0o644))
	mustDo(t, os.Symlink("2013-06-11.wiki", filepath.Join(dir, "2013-06-11.wiki")))

	st := newMemStore()
	var warnings bytes.Buffer
	sum, err := Run(context.Background(), st, []string{dir}, Options{Warnings: &warnings})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if _, ok := st.days[event.Date{Year: 2013, Month: 6, Day: 7}]; !ok || sum.Imported() != 1 {
		t.Errorf("the linked day file was not imported: summary %+v\n%s", sum, warnings.String())
	}
	for _, want := range []string{
		"2013-06-08.wiki: no such file",
		"2013-06-09.wiki: a directory, not a day page file",
		"2013-06-10.wiki: not a regular file",
		"2013-06-11.wiki: too many levels of symbolic links",
	} {
		if !strings.Contains(warnings.String(), want) {
			t.Errorf("warnings lack %q:\n%s", want, warnings.String())
		}
	}
	if sum.Warnings != 4 {
		t.Errorf("%d warnings, want 4:\n%s", sum.Warnings, warnings.String())
	}
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

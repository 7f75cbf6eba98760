package site

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/demo"
	"github.com/chronicle-archive/chronicle/internal/derive"
	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// The edit of 2025-03-05 that the incremental tests import: one event is
// removed (the Spanish police raid), one headline changes.
const (
	editedDay     = "2025-03-05"
	removedLine   = "*Police in [[Spain]] dismantle"
	changedBefore = "passes a law creating a sovereign wealth fund"
	changedAfter  = "passes a law creating a national wealth fund"
	removedEvent  = "/news/2025/03/5/police-in-spain-dismantle-a-network-that-smuggled-migrants-by-boat-to-the-canary-islands-arresting-19-people-in-las-palmas-and-almeria"
	changedOld    = "/news/2025/03/5/the-state-great-khural-of-mongolia-passes-a-law-creating-a-sovereign-wealth-fund-financed-by-royalties-from-copper-and-coal-mining"
	changedNew    = "/news/2025/03/5/the-state-great-khural-of-mongolia-passes-a-law-creating-a-national-wealth-fund-financed-by-royalties-from-copper-and-coal-mining"
	// changedBeforeText is the changed event's headline before the edit.
	changedBeforeText = "The State Great Khural of Mongolia passes a law creating a sovereign wealth fund financed by royalties from copper and coal mining."
)

// importEditedDay imports a newer revision of editedDay.
func importEditedDay(t *testing.T, st *store.Store) {
	t.Helper()
	importDayEdit(t, st, true)
}

// importDayEdit imports a newer revision of editedDay: one headline
// changed, and with remove one event removed.
func importDayEdit(t *testing.T, st *store.Store, remove bool) {
	t.Helper()
	text := strings.Replace(editedDayText(t, remove), changedBefore, changedAfter, 1)
	if !strings.Contains(text, changedAfter) {
		t.Fatal("the demo day no longer holds the lines the test edits")
	}
	importDayRevision(t, st, text, time.Now().Add(time.Hour))
}

// editedDayText is the demo's text of editedDay, without the removed
// event's line with remove.
func editedDayText(t *testing.T, remove bool) string {
	t.Helper()
	files, err := demo.Files()
	if err != nil {
		t.Fatal(err)
	}
	var text string
	for _, f := range files {
		if f.Date.String() == editedDay {
			text = f.Wikitext
		}
	}
	var kept []string
	for _, line := range strings.Split(text, "\n") {
		if !remove || !strings.HasPrefix(line, removedLine) {
			kept = append(kept, line)
		}
	}
	if remove && len(kept) == strings.Count(text, "\n")+1 {
		t.Fatal("the demo day no longer holds the line the test removes")
	}
	return strings.Join(kept, "\n")
}

// importDayRevision imports text as the revision of editedDay saved at.
func importDayRevision(t *testing.T, st *store.Store, text string, at time.Time) {
	t.Helper()
	dir := t.TempDir()
	name := filepath.Join(dir, editedDay+".wiki")
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(name, at, at); err != nil {
		t.Fatal(err)
	}
	importDir(t, st, dir)
}

// ageFiles sets every file's mtime to long ago, so that a rewrite shows.
func ageFiles(t *testing.T, dir string) time.Time {
	t.Helper()
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	dir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			err = os.Chtimes(p, old, old)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return old
}

func TestIncrementalBuildRewritesOnlyWhatChanged(t *testing.T) {
	st := demoStore(t)
	s := New(st, testConfig)
	dir := filepath.Join(t.TempDir(), "site")
	first := buildSite(t, s, dir)
	before := siteFiles(t, dir)
	old := ageFiles(t, dir)

	importEditedDay(t, st)
	rep := buildSite(t, s, dir)
	if !rep.Incremental || rep.Written == 0 || rep.Written > first.Files/4 {
		t.Errorf("incremental build: %+v (full build wrote %d)", rep, first.Files)
	}
	after := siteFiles(t, dir)
	for name, body := range after {
		info, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		rewritten := !info.ModTime().Equal(old)
		if rewritten && string(before[name]) == string(body) {
			t.Errorf("%s was rewritten with the same bytes", name)
		}
		if !rewritten && string(before[name]) != string(body) {
			t.Errorf("%s changed but kept its mtime", name)
		}
	}
	assertEditedDayPages(t, before, after)
	// The result is what a fresh build gives, redirects included.
	fresh := filepath.Join(t.TempDir(), "fresh")
	buildSite(t, s, fresh)
	assertSameTree(t, after, siteFiles(t, fresh))
}

// assertEditedDayPages checks the pages of the edit of editedDay in a
// built site: the removed event keeps its page, marked removed, and the
// edited headline's old path redirects to its new one in every format.
func assertEditedDayPages(t *testing.T, before, after map[string][]byte) {
	t.Helper()
	if before[changedOld+".html"] == nil {
		t.Fatalf("the first build has no %s", changedOld)
	}
	for _, ext := range []string{".html", ".md", ".json", ".xml"} {
		if body := after[removedEvent+ext]; isRedirect(body) || !strings.Contains(string(body), "2025") {
			t.Errorf("%s%s is not the removed event's page:\n%s", removedEvent, ext, body)
		}
		body := after[changedOld+ext]
		if !isRedirect(body) || !strings.Contains(string(body), changedNew+ext) {
			t.Errorf("%s%s does not redirect to %s%s:\n%s", changedOld, ext, changedNew, ext, body)
		}
	}
	if html := string(after[removedEvent+".html"]); !strings.Contains(html, "Removed from the portal on") ||
		!strings.Contains(html, "Police in") {
		t.Errorf("the removed event's page lacks its note or its last text:\n%s", html)
	}
	if js := string(after[changedNew+".json"]); !strings.Contains(js, `"former_paths": [
    "`+changedOld+`"`) {
		t.Errorf("the edited event's JSON does not list its former path:\n%s", js)
	}
	// Its page shows the text the edit replaced.
	for ext, want := range map[string]string{
		".html": "<h2>Earlier text</h2>\n<ol>\n<li><q>" + changedBeforeText + "</q>",
		".md":   "### Earlier text:\n\n1. ",
		".json": `"earlier_texts": [
    {
      "headline": "` + changedBeforeText + `",`,
		".xml": "<earlier_text>\n      <headline>" + changedBeforeText + "</headline>",
	} {
		if body := string(after[changedNew+ext]); !strings.Contains(body, want) {
			t.Errorf("%s%s lacks %q:\n%s", changedNew, ext, want, body)
		}
	}
	// The edits page and its feeds list the edit and the removal.
	for name, want := range map[string][]string{
		"/edits/index.html": {`<a href="` + changedNew + `.html">`, "it said before: <q>" + changedBeforeText + "</q>",
			`<a href="` + removedEvent + `.html">`, "Removed from the portal"},
		"/edits/index.json": {`"kind": "edited"`, `"path": "` + changedNew + `"`, `"kind": "removed"`, `"path": "` + removedEvent + `"`},
		"/edits/feed.xml":   {"<link>https://chronicle.example" + changedNew + ".html</link>", "it said before: " + changedBeforeText},
		"/edits/atom.xml":   {`href="https://chronicle.example` + removedEvent + `.html"`, `<category term="Removed"></category>`},
	} {
		for _, w := range want {
			if body := string(after[name]); !strings.Contains(body, w) {
				t.Errorf("%s lacks %q:\n%s", name, w, body)
			}
		}
	}
	if html := string(before["/edits/index.html"]); strings.Contains(html, changedNew) {
		t.Errorf("the edits page lists the edit before it was made:\n%s", html)
	}
	// The page of the month the edit was saved in lists it too, and the
	// edits page links that month.
	var month string
	for name, body := range after {
		if strings.HasPrefix(name, "/edits/") && strings.HasSuffix(name, "/index.html") && bytes.Contains(body, []byte(changedNew)) &&
			name != "/edits/index.html" {
			month = name
		}
	}
	if month == "" {
		t.Fatal("no month's edits page lists the edit")
	}
	if !bytes.Contains(after["/edits/index.html"], []byte(`<a href="`+month+`">`)) {
		t.Errorf("the edits page does not link %s:\n%s", month, after["/edits/index.html"])
	}
	if !bytes.Contains(after[month], []byte(`<a href="`+removedEvent+`.html">`)) {
		t.Errorf("%s does not list the removal:\n%s", month, after[month])
	}
}

// An incremental build replaces the pages of the months an edit may have
// touched that have no edits now by redirects to the edits page: here the
// files an earlier build would have written for April 2025, which has none
// (the edited day's months run from March 2025 to the edit's).
func TestIncrementalBuildRedirectsMonthsLeftWithoutEdits(t *testing.T) {
	st := demoStore(t)
	s := New(st, testConfig)
	dir := filepath.Join(t.TempDir(), "site")
	buildSite(t, s, dir)
	writeStaleMonth(t, dir, "2025", "04")
	importEditedDay(t, st)
	buildSite(t, s, dir)
	assertMonthRedirects(t, dir, "/edits/2025/04/index")
}

// A month whose only edit is the removal of an event that then comes back
// has no edits left: an incremental build, and a full one, replace its
// page by redirects to the edits page.
func TestBuildRedirectsTheMonthOfAnEventThatCameBack(t *testing.T) {
	for _, full := range []bool{false, true} {
		st := demoStore(t)
		s := New(st, testConfig)
		dir := filepath.Join(t.TempDir(), "site")
		buildSite(t, s, dir)
		// Removed in a revision of January 2030, back in one of February.
		importDayRevision(t, st, editedDayText(t, true), time.Date(2030, time.January, 10, 12, 0, 0, 0, time.UTC))
		buildSite(t, s, dir)
		page := "/edits/2030/01/index"
		if html := siteFiles(t, dir)[page+".html"]; !bytes.Contains(html, []byte(removedEvent)) {
			t.Fatalf("%s.html does not list the removal:\n%s", page, html)
		}
		importDayRevision(t, st, editedDayText(t, false), time.Date(2030, time.February, 2, 12, 0, 0, 0, time.UTC))
		if _, err := s.Build(context.Background(), dir, BuildOptions{DBPath: "test.db", Full: full}); err != nil {
			t.Fatal(err)
		}
		assertMonthRedirects(t, dir, page)
	}
}

// writeStaleMonth writes the files of a month's edits page into the site.
func writeStaleMonth(t *testing.T, dir, year, month string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "edits", year, month), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, ext := range event.PageExts {
		if err := os.WriteFile(filepath.Join(dir, "edits", year, month, "index"+ext), []byte("stale"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func assertMonthRedirects(t *testing.T, dir, page string) {
	t.Helper()
	files := siteFiles(t, dir)
	for _, ext := range event.PageExts {
		if body := files[page+ext]; !isRedirect(body) || !bytes.Contains(body, []byte("/edits/index"+ext)) {
			t.Errorf("%s%s is not a redirect to /edits/index%s:\n%q", page, ext, ext, body)
		}
	}
}

func TestIncrementalBuildWithNothingChangedWritesNothing(t *testing.T) {
	s := New(demoStore(t), testConfig)
	dir := filepath.Join(t.TempDir(), "site")
	buildSite(t, s, dir)
	if rep := buildSite(t, s, dir); rep.Written != 0 {
		t.Errorf("second build wrote %d files", rep.Written)
	}
}

// A build over a site of an older layout renders every page, as --full
// does, instead of refusing the directory or leaving pages of the old layout.
func TestBuildOverAnOlderLayoutRendersEveryPage(t *testing.T) {
	s := New(demoStore(t), testConfig)
	dir := filepath.Join(t.TempDir(), "site")
	buildSite(t, s, dir)
	state := filepath.Join(dir, StateFile)
	raw, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	older := strings.Replace(string(raw), `"schema": 2`, `"schema": 1`, 1)
	if older == string(raw) {
		t.Fatalf("state file holds no schema 2:\n%s", raw)
	}
	if err := os.WriteFile(state, []byte(older), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "news", "2025", "03", "9", "index.html")
	if err := os.Remove(missing); err != nil {
		t.Fatal(err)
	}
	// A sitemap file of the older layout, which the index no longer lists.
	stale := filepath.Join(dir, "sitemaps", "sitemap-1.xml")
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale, []byte("<urlset/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if rep := buildSite(t, s, dir); rep.Written != 1 {
		t.Errorf("build over the older layout wrote %d files, want the one removed", rep.Written)
	}
	if _, err := os.Stat(missing); err != nil {
		t.Error("the page the older site lacked was not rendered")
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("the older layout's sitemap file was left")
	}
	if raw, _ := os.ReadFile(state); !strings.Contains(string(raw), `"schema": 2`) {
		t.Errorf("state after the build:\n%s", raw)
	}
}

// A build over a site another chronicle built, or one older than the
// state's program field, renders every page: a page of unchanged data may
// read differently in this version, which only a full pass rewrites.
func TestBuildOverAnotherProgramsSiteRendersEveryPage(t *testing.T) {
	for _, tt := range []struct{ name, program string }{
		{"another program", "go:another/build/id/x"},
		{"no program (an older chronicle)", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := New(demoStore(t), testConfig)
			dir := filepath.Join(t.TempDir(), "site")
			buildSite(t, s, dir)
			incremental := buildSite(t, s, dir) // what a build of no change renders
			state := filepath.Join(dir, StateFile)
			var fields map[string]any
			raw, err := os.ReadFile(state)
			if err == nil {
				err = json.Unmarshal(raw, &fields)
			}
			if err != nil {
				t.Fatal(err)
			}
			if programID() == "" || fields["program"] != programID() {
				t.Fatalf("the state does not name this program (%q):\n%s", programID(), raw)
			}
			delete(fields, "program")
			if tt.program != "" {
				fields["program"] = tt.program
			}
			if raw, err = json.Marshal(fields); err == nil {
				err = os.WriteFile(state, raw, 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
			// A page as the other program wrote it, of data unchanged since.
			page := filepath.Join(dir, "news", "2025", "03", "9", "index.html")
			want, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(page, []byte("<p>an older layout</p>"), 0o644); err != nil {
				t.Fatal(err)
			}
			if rep := buildSite(t, s, dir); rep.Written != 1 || rep.Unchanged == 0 {
				t.Errorf("the build wrote %d files and left %d; want the one page the other program wrote", rep.Written, rep.Unchanged)
			}
			if got, _ := os.ReadFile(page); string(got) != string(want) {
				t.Errorf("the other program's page was kept:\n%s", got)
			}
			if raw, _ := os.ReadFile(state); !strings.Contains(string(raw), `"program": "`+programID()+`"`) {
				t.Errorf("the state does not name this program after the build:\n%s", raw)
			}
			if rep := buildSite(t, s, dir); rep.Written != 0 || rep.Unchanged != incremental.Unchanged {
				t.Errorf("the next build rendered %d files; want %d, as any build of no change", rep.Written+rep.Unchanged, incremental.Unchanged)
			}
		})
	}
}

// cancelAfter makes the next build's context end after n finished tasks.
func cancelAfter(t *testing.T, n int) context.Context {
	ctx, cancel := context.WithCancelCause(context.Background())
	afterTask = func(done int) {
		if done >= n {
			cancel(errStop)
		}
	}
	t.Cleanup(func() { afterTask = nil; cancel(nil) })
	return ctx
}

func TestKilledFullBuildLeavesNoSiteAndIsRedone(t *testing.T) {
	s := New(demoStore(t), testConfig)
	dir := filepath.Join(t.TempDir(), "site")
	_, err := s.Build(cancelAfter(t, 50), dir, BuildOptions{DBPath: "test.db"})
	if !errors.Is(err, errStop) {
		t.Fatalf("cancelled build: %v", err)
	}
	afterTask = nil
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a cancelled full build left %s: %v", dir, err)
	}
	buildSite(t, s, dir)
	clean := filepath.Join(t.TempDir(), "clean")
	buildSite(t, s, clean)
	assertSameTree(t, siteFiles(t, dir), siteFiles(t, clean))
}

func TestKilledIncrementalBuildIsRedone(t *testing.T) {
	st := demoStore(t)
	s := New(st, testConfig)
	dir := filepath.Join(t.TempDir(), "site")
	buildSite(t, s, dir)
	importEditedDay(t, st)
	_, err := s.Build(cancelAfter(t, 10), dir, BuildOptions{DBPath: "test.db"})
	if !errors.Is(err, errStop) {
		t.Fatalf("cancelled build: %v", err)
	}
	afterTask = nil
	buildSite(t, s, dir)
	got := siteFiles(t, dir)
	clean := filepath.Join(t.TempDir(), "clean")
	buildSite(t, s, clean)
	assertSameTree(t, got, siteFiles(t, clean))
}

func TestUpdateRelatedDropsRemovedEventsFromEveryList(t *testing.T) {
	st := demoStore(t)
	ctx := context.Background()
	before, err := st.EventsRelatingTo(ctx, []event.Date{{Year: 2025, Month: time.March, Day: 5}})
	if err != nil || len(before) == 0 {
		t.Fatalf("no list holds an event of %s before the edit: %v", editedDay, err)
	}
	importEditedDay(t, st) // runs UpdateRelated
	for _, kind := range store.AllLists {
		err = st.EachRelated(ctx, kind, func(path string, list []store.RelatedEntry) error {
			for _, r := range list {
				if r.Path == removedEvent {
					t.Errorf("%s: %s still lists the removed event", kind, path)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if up, err := derive.UpdateRelated(ctx, st, false); err != nil || up.Computed != 0 {
		t.Errorf("a second update computed %d lists (%v); want none", up.Computed, err)
	}
}

// enrichEvents records a summary, a cover image and a title for the first
// source of each of n pending events, as an enrichment run would, and
// returns their paths.
func enrichEvents(t *testing.T, st *store.Store, n int) []string {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 12, 2, 6, 0, 0, 0, time.UTC)
	jobs, err := st.PendingEnrichment(ctx, store.PendingOptions{Now: now, Limit: n})
	if err != nil || len(jobs) != n {
		t.Fatalf("pending enrichment: %d jobs, %v", len(jobs), err)
	}
	var results []store.EventEnrichment
	var paths []string
	for i, j := range jobs {
		src := j.Sources[0]
		cover := "https://img.example/" + strconv.Itoa(i) + ".jpg"
		results = append(results, store.EventEnrichment{EventID: j.EventID,
			Summary: "What the report said of event " + strconv.Itoa(i) + ".", SummarySource: src.ID,
			CoverImage: cover, CoverSource: src.ID,
			Visits: []store.SourceVisit{{ID: src.ID, State: store.SourceOK, Status: 200, Fresh: true,
				Meta: store.SourceMeta{Title: "Report " + strconv.Itoa(i), Image: cover, ImageWidth: 640, ImageHeight: 360}}}})
		paths = append(paths, j.Path)
	}
	if err := st.RecordEnrichment(ctx, results, now); err != nil {
		t.Fatal(err)
	}
	return paths
}

func TestIncrementalBuildRendersTheEnrichedEvents(t *testing.T) {
	st := demoStore(t)
	s := New(st, testConfig)
	dir := filepath.Join(t.TempDir(), "site")
	buildSite(t, s, dir)
	before := siteFiles(t, dir)

	enriched := enrichEvents(t, st, 2)
	rep := buildSite(t, s, dir)
	after := siteFiles(t, dir)
	var written []string
	for name, body := range after {
		if !bytes.Equal(before[name], body) {
			written = append(written, name)
		}
	}
	slices.Sort(written)
	var want []string
	for _, p := range enriched {
		for _, ext := range []string{".html", ".json", ".md", ".xml"} {
			want = append(want, p+ext)
		}
	}
	slices.Sort(want)
	if !slices.Equal(written, want) || rep.Written != len(want) {
		t.Errorf("the build after enrichment changed %v (wrote %d), want %v", written, rep.Written, want)
	}
	if md := string(after[enriched[0]+".md"]); !strings.Contains(md, "\nWhat the report said of event 0.\n") ||
		!strings.Contains(md, "1. [Cover Image](https://img.example/0.jpg)\n") {
		t.Errorf("%s.md shows no enrichment:\n%s", enriched[0], md)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	buildSite(t, s, fresh)
	assertSameTree(t, after, siteFiles(t, fresh))
}

// An incremental build's count of the site's files is the count on disk,
// round after round of an edit and its revert: the files an update
// removes (the search index's d/ files of the dropped events' ids, once
// every id of one is dropped) are taken off it.
func TestIncrementalBuildCountsTheSiteFiles(t *testing.T) {
	st := demoStore(t)
	s := New(st, testConfig)
	dir := filepath.Join(t.TempDir(), "site")
	if rep := buildSite(t, s, dir); rep.Files != len(siteFiles(t, dir)) {
		t.Fatalf("full build: %d files counted, %d on disk", rep.Files, len(siteFiles(t, dir)))
	}
	for round := range 6 {
		importDemoDay(t, st, round%2 == 0, time.Duration(round+1)*time.Hour)
		rep := buildSite(t, s, dir)
		if onDisk := len(siteFiles(t, dir)); !rep.Incremental || rep.Files != onDisk {
			t.Fatalf("round %d: incremental %v, %d files counted, %d on disk", round, rep.Incremental, rep.Files, onDisk)
		}
	}
}

// importDemoDay imports editedDay as the demo has it, or with edit its
// headline changed, as a revision dated after from now.
func importDemoDay(t *testing.T, st *store.Store, edit bool, after time.Duration) {
	t.Helper()
	files, err := demo.Files()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range files {
		if f.Date.String() != editedDay {
			continue
		}
		text := f.Wikitext
		if edit {
			text = strings.Replace(text, changedBefore, changedAfter, 1)
		}
		name := filepath.Join(dir, editedDay+".wiki")
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		later := time.Now().Add(after)
		if err := os.Chtimes(name, later, later); err != nil {
			t.Fatal(err)
		}
	}
	importDir(t, st, dir)
}

package site

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

func TestMembershipDigest(t *testing.T) {
	a := event.Event{Path: "/a", Headline: "A", Text: "a", Category: "Politics", Stories: []string{"War", "Front"},
		Entities: []event.Entity{{Title: "Iran"}, {Title: "Iraq"}}}
	b := event.Event{Path: "/b", Headline: "B", Category: "Sports", Entities: []event.Entity{{Title: "Iran"}}}
	day := []event.Event{a, b}
	base := membershipDigest(day)
	edited := func(edit func(e *event.Event)) []event.Event {
		e := a
		e.Stories = append([]string(nil), a.Stories...)
		e.Entities = append([]event.Entity(nil), a.Entities...)
		edit(&e)
		return []event.Event{e, b}
	}
	tests := []struct {
		name   string
		events []event.Event
		same   bool
	}{
		{"text, headline and path", edited(func(e *event.Event) { e.Text, e.Headline, e.Path = "x", "X", "/x" }), true},
		{"order of the events", []event.Event{b, a}, true},
		{"order and repeats of the topics", edited(func(e *event.Event) {
			e.Entities = []event.Entity{{Title: "Iraq"}, {Title: "Iran"}, {Title: "Iraq"}}
		}), true},
		{"a topic more", edited(func(e *event.Event) { e.Entities = append(e.Entities, event.Entity{Title: "Syria"}) }), false},
		{"a topic less", edited(func(e *event.Event) { e.Entities = e.Entities[:1] }), false},
		{"category", edited(func(e *event.Event) { e.Category = "Sports" }), false},
		{"story path", edited(func(e *event.Event) { e.Stories = []string{"Front", "War"} }), false},
		{"an event less", []event.Event{a}, false},
		{"an event more", []event.Event{a, b, b}, false},
	}
	for _, tt := range tests {
		if got := membershipDigest(tt.events) == base; got != tt.same {
			t.Errorf("%s: same digest = %v, want %v", tt.name, got, tt.same)
		}
	}
	if membershipDigest(nil) != "" {
		t.Error("a day without events has a digest")
	}
}

func TestTitleRecordRoundTrip(t *testing.T) {
	rec := newTitleRecord(2, map[string]string{"War in X": "Q1"})
	d := event.Date{Year: 2026, Month: time.March, Day: 28}
	rec.setDay(d, membershipDigest([]event.Event{{Category: "Politics"}}))
	story := &titleInfo{kind: event.KindStory, title: "War in X", slug: "war-in-x", size: 2, total: 3,
		perYear:  []render.YearCount{{Year: 2025, Count: 1}, {Year: 2026, Count: 2}},
		perMonth: []render.MonthTotal{{Year: 2025, Month: time.May, Count: 1}, {Year: 2026, Month: time.March, Count: 2}},
		co:       []render.Count{{Title: "X", Count: 3}},
		story:    &render.StoryContext{Parents: []string{"Wars"}, SubStories: []render.Count{}}}
	small := &titleInfo{kind: event.KindTopic, title: "Y", slug: "y", size: 2, total: 2,
		perYear: []render.YearCount{{Year: 2026, Count: 2}}}
	for _, ti := range []*titleInfo{story, small} {
		if err := rec.setTitle(ti); err != nil {
			t.Fatal(err)
		}
	}
	const counts = "118"
	rec.setCounts(counts, true)
	got, err := parseTitleRecord(rec.save(7))
	if err != nil {
		t.Fatal(err)
	}
	got.wikidata = rec.wikidata
	if got.generation != 7 || got.pageSize != 2 || !reflect.DeepEqual(got.days, rec.days) || got.counts != counts || !got.split {
		t.Errorf("record read back: generation %d, page size %d, days %v, counts %s (split %v)",
			got.generation, got.pageSize, got.days, got.counts, got.split)
	}
	facts, err := got.factsOf(event.KindStory, "war-in-x")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(facts, story) {
		t.Errorf("facts read back:\n%+v\nwant\n%+v", facts, story)
	}
	if f, _ := got.factsOf(event.KindTopic, "y"); f != nil {
		t.Error("a title of one page is recorded")
	}
	got.wikidata = map[string]string{"War in X": "Q2"}
	if f, _ := got.factsOf(event.KindStory, "war-in-x"); f != nil {
		t.Error("a title whose Wikidata item changed is as recorded")
	}
	for _, bad := range []string{"", "chronicle-titles 0\n", "chronicle-titles 1\ngeneration 1\n",
		"chronicle-titles 1\npage-size 2\nday 2026-03-28 abc\n", "chronicle-titles 1\npage-size 2\nodd line\n",
		"chronicle-titles 1\npage-size 2\ncounts " + counts + " halved\n", "chronicle-titles 1\npage-size 2\ncounts x1 split\n"} {
		if _, err := parseTitleRecord([]byte(bad)); err == nil {
			t.Errorf("%q read as a record", bad)
		}
	}
}

// smallPages is testConfig with pages of a few events, so that the demo's
// categories and countries have numbered and year pages.
var smallPages = func() render.Config { c := testConfig; c.PageSize = 3; return c }()

// buildTwice builds the demo site in two directories and returns them,
// the second after calling spoil on its current version's directory.
func buildTwice(t *testing.T, s *Site, spoil func(dir string)) (string, string) {
	t.Helper()
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	buildSite(t, s, a)
	buildSite(t, s, b)
	cur, err := filepath.EvalSymlinks(b)
	if err != nil {
		t.Fatal(err)
	}
	spoil(cur)
	return a, b
}

func TestIncrementalBuildRendersOnlyThePagesListingTheChangedEvents(t *testing.T) {
	tests := []struct {
		name   string
		remove bool // the edit removes an event: the membership changes
		spoil  func(t *testing.T, dir string)
		fewer  bool // the build with the record renders fewer files than the other
	}{
		{"record removed", false, func(t *testing.T, dir string) { removeFile(t, filepath.Join(dir, TitleRecordFile)) }, true},
		{"record of another generation", false, func(t *testing.T, dir string) {
			name := filepath.Join(dir, TitleRecordFile)
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			rec, err := parseTitleRecord(b)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, rec.save(rec.generation-1), 0o644); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"record unreadable", false, func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, TitleRecordFile), []byte("chronicle-titles 0\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"membership changed", true, func(t *testing.T, dir string) { removeFile(t, filepath.Join(dir, TitleRecordFile)) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := demoStore(t)
			s := New(st, smallPages)
			withRecord, without := buildTwice(t, s, func(dir string) { tt.spoil(t, dir) })
			a, b, fresh, _ := buildBothAfterEdit(t, s, st, tt.remove, withRecord, without)
			if a.Written != b.Written || a.Written == 0 {
				t.Errorf("written: %d with the record, %d without", a.Written, b.Written)
			}
			rendered, renderedAll := a.Written+a.Unchanged, b.Written+b.Unchanged
			t.Logf("rendered %d files with the record, %d without; %d written", rendered, renderedAll, a.Written)
			if tt.fewer && rendered >= renderedAll || !tt.fewer && rendered != renderedAll {
				t.Errorf("rendered %d files with the record, %d without (fewer: %v)", rendered, renderedAll, tt.fewer)
			}
			// Built again over the edit, the record the update wrote is
			// the one a full build writes.
			assertSameRecord(t, withRecord, fresh)
			if tt.fewer {
				assertSameRecord(t, without, fresh)
			}
		})
	}
}

// An edit that keeps every count (a headline changed) leaves the list
// pages and, when the sitemaps are split, the sitemap index and the pages
// group as the last build made them: the update renders none of them, and
// the site is still what a fresh build writes. An edit that changes a
// count renders them again.
func TestIncrementalBuildKeepsTheListsWhileTheCountsStand(t *testing.T) {
	defer func(max int) { render.SitemapMaxURLs = max }(render.SitemapMaxURLs)
	withoutCounts := func(t *testing.T, dir string) {
		name := filepath.Join(dir, TitleRecordFile)
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := parseTitleRecord(b)
		if err != nil || rec.counts == "" {
			t.Fatalf("the record holds no counts (%v)", err)
		}
		rec.counts = ""
		if err := os.WriteFile(name, rec.save(rec.generation), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name    string
		maxURLs int  // per sitemap file
		remove  bool // the edit removes an event: counts change
		// the files the build with the counts renders fewer than without:
		// the list pages, and with split sitemaps the index and the pages
		// group's files
		fewer bool
	}{
		{"one sitemap", 50000, false, true},
		{"split sitemaps", 40, false, true},
		{"a count changed", 40, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			render.SitemapMaxURLs = tt.maxURLs
			st := demoStore(t)
			s := New(st, smallPages)
			withCounts, without := buildTwice(t, s, func(dir string) { withoutCounts(t, dir) })
			if _, err := os.Stat(filepath.Join(withCounts, "sitemaps")); (err == nil) != (tt.maxURLs < 50000) {
				t.Fatalf("sitemaps split: %v, want %v", err == nil, tt.maxURLs < 50000)
			}
			a, b, fresh, want := buildBothAfterEdit(t, s, st, tt.remove, withCounts, without)
			wantFewer := 0
			if tt.fewer {
				wantFewer = listPageCount
				for p := range want {
					if p == "/sitemap.xml" && tt.maxURLs < 50000 || strings.HasPrefix(p, "/sitemaps/pages") {
						wantFewer++
					}
				}
			}
			if fewer := (b.Written + b.Unchanged) - (a.Written + a.Unchanged); fewer != wantFewer {
				t.Errorf("rendered %d files fewer with the counts, want %d", fewer, wantFewer)
			}
			// Either way the record names the counts a full build names.
			for _, dir := range []string{withCounts, without} {
				got, want := readRecord(t, dir), readRecord(t, fresh)
				if got.counts != want.counts || got.split != want.split || want.counts == "" {
					t.Errorf("counts %s (split %v), want %s (split %v)", got.counts, got.split, want.counts, want.split)
				}
			}
		})
	}
}

// listPageCount is the number of files of the demo's list pages: the 27
// letter pages and the first page of each of three kinds, in four formats.
const listPageCount = 3 * 28 * 4

func readRecord(t *testing.T, dir string) *titleRecord {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, TitleRecordFile))
	if err != nil {
		t.Fatal(err)
	}
	r, err := parseTitleRecord(b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// buildBothAfterEdit imports the edit of editedDay (with remove, one
// event removed), builds over the sites in dirs a and b, and checks each
// against a fresh build; it returns the two builds' reports, and the fresh
// site's directory and files.
func buildBothAfterEdit(t *testing.T, s *Site, st *store.Store, remove bool, a, b string) (BuildReport, BuildReport, string, map[string][]byte) {
	t.Helper()
	importDayEdit(t, st, remove)
	ra, rb := buildSite(t, s, a), buildSite(t, s, b)
	fresh := filepath.Join(t.TempDir(), "fresh")
	buildSite(t, s, fresh)
	want := siteFiles(t, fresh)
	assertSameTree(t, siteFiles(t, a), want)
	assertSameTree(t, siteFiles(t, b), want)
	return ra, rb, fresh, want
}

func removeFile(t *testing.T, name string) {
	t.Helper()
	if err := os.Remove(name); err != nil {
		t.Fatal(err)
	}
}

// assertSameRecord checks that two built sites hold the same title record,
// but for the titles the build of got did not render.
func assertSameRecord(t *testing.T, got, want string) {
	t.Helper()
	g, w := readRecord(t, got), readRecord(t, want)
	if g.generation != w.generation {
		t.Errorf("record of generation %d, want %d", g.generation, w.generation)
	}
	for d, digest := range g.days {
		if w.days[d] != digest {
			t.Errorf("day %s: digest %s, want %s", d, digest, w.days[d])
		}
	}
	for k, facts := range g.titles {
		if string(w.titles[k]) != string(facts) {
			t.Errorf("%s %s: facts %s, want %s", k.kind, k.slug, facts, w.titles[k])
		}
	}
	if len(g.days) == len(w.days) && len(g.titles) != len(w.titles) {
		t.Errorf("%d titles recorded, want %d", len(g.titles), len(w.titles))
	}
}

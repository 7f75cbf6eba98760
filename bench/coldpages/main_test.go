package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/derive"
	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/ingest"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// demoDB imports the demo's days, with what derive adds, into a new database.
func demoDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "demo.db")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := ingest.Run(ctx, st, []string{"../../internal/demo/days"}, ingest.Options{MaxWarnings: -1}); err != nil {
		t.Fatal(err)
	}
	if err := derive.Update(ctx, st); err != nil {
		t.Fatal(err)
	}
	return db
}

// coldpages on the demo: every kind of page is rendered, the events are
// sampled, and the figures add up.
func TestReportOnTheDemo(t *testing.T) {
	db := demoDB(t)
	jsonFile := filepath.Join(t.TempDir(), "cold.json")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-db", db, "-events", "5", "-slowest", "3", "-json", jsonFile}, &out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(jsonFile)
	if err != nil {
		t.Fatal(err)
	}
	var rep Report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]Kind{}
	for _, k := range rep.Kinds {
		kinds[k.Kind] = k
	}
	for _, want := range []string{"home", "day", "month", "year", "topic", "story", "category", "topic list", "on this day", "sitemap", "feed", "event"} {
		if kinds[want].Rendered == 0 {
			t.Errorf("no %s page rendered; kinds %v", want, slices.Sorted(maps.Keys(kinds)))
		}
	}
	// Five events sampled, and the other formats of those among the slowest.
	if n := kinds["event"].Rendered; n < 5 || n > 5+3*3 {
		t.Errorf("%d event pages rendered, want the 5 sampled and at most 9 other formats", n)
	}
	if rep.Pages <= rep.Rendered-len(sitewideFiles)-3*5 || rep.Rendered == 0 {
		t.Errorf("%d pages listed, %d rendered", rep.Pages, rep.Rendered)
	}
	if rep.Maxms <= 0 || rep.P50ms > rep.P99ms || rep.P99ms > rep.Maxms || rep.WarmSeconds <= 0 {
		t.Errorf("figures %+v", rep)
	}
	if len(rep.Slowest) != 3 || rep.Slowest[0].Ms != rep.Maxms ||
		!slices.IsSortedFunc(rep.Slowest, func(a, b Timed) int { return int(b.Ms*1000) - int(a.Ms*1000) }) {
		t.Errorf("slowest %+v, max %v", rep.Slowest, rep.Maxms)
	}
	for _, slow := range rep.Slowest {
		if slow.AgainMs <= 0 || slow.AgainCPUms < 0 {
			t.Errorf("slowest page %s not rendered again: %+v", slow.Path, slow)
		}
	}
	md := out.String()
	if !strings.Contains(md, "| **all** | ") || !strings.Contains(md, "| topic | ") ||
		!strings.Contains(md, "| `"+rep.Slowest[0].Path+"` | ") {
		t.Errorf("Markdown report:\n%s", md)
	}
}

func TestBadArguments(t *testing.T) {
	db := demoDB(t)
	for _, args := range [][]string{
		{},
		{"-db", filepath.Join(t.TempDir(), "none.db")},
		{"-db", db, "-events", "-2"},
		{"-db", db, "-slowest", "-1"},
		{"-db", db, "extra"},
	} {
		if err := run(context.Background(), args, &bytes.Buffer{}); err == nil {
			t.Errorf("coldpages %q: no error", args)
		}
	}
}

// The sample keeps every page but the events, n of those, the same n for
// the same seed, in the sitemaps' order.
func TestSamplePages(t *testing.T) {
	var pages []page
	for i := range 50 {
		pages = append(pages, page{path: "/e" + string(rune('a'+i%26)) + string(rune('a'+i/26)), kind: "event"})
		if i%10 == 0 {
			pages = append(pages, page{path: "/d" + string(rune('a'+i/10)), kind: "day"})
		}
	}
	a, b, c := samplePages(pages, 7, 1), samplePages(pages, 7, 1), samplePages(pages, 7, 2)
	count := func(ps []page, kind string) int {
		n := 0
		for _, p := range ps {
			if p.kind == kind {
				n++
			}
		}
		return n
	}
	if count(a, "event") != 7 || count(a, "day") != 5 || !slices.Equal(a, b) || slices.Equal(a, c) {
		t.Errorf("samples %v, %v, %v", a, b, c)
	}
	if !slices.IsSortedFunc(a, func(x, y page) int { return slices.Index(pages, x) - slices.Index(pages, y) }) {
		t.Errorf("the sample %v is not in the pages' order", a)
	}
	if got := samplePages(pages, 100, 1); !slices.Equal(got, pages) {
		t.Errorf("a sample larger than the events dropped pages: %v", got)
	}
	if got := samplePages(pages, -1, 1); !slices.Equal(got, pages) {
		t.Errorf("-1 sampled the events: %v", got)
	}
}

// A slow title page brings its other formats and its feeds; a year page of
// a title and a sitemap bring no feeds.
func TestCompanions(t *testing.T) {
	got := companions([]Timed{
		{Path: "/topics/mars/index.html", Kind: "topic"},
		{Path: "/topics/mars/2020/index.json", Kind: "topic"},
		{Path: "/sitemaps/2020.xml", Kind: "sitemap"},
	})
	want := []page{
		{"/topics/mars/index.md", "topic"}, {"/topics/mars/index.json", "topic"}, {"/topics/mars/index.xml", "topic"},
		{"/topics/mars/feed.xml", "feed"}, {"/topics/mars/atom.xml", "feed"},
		{"/topics/mars/2020/index.html", "topic"}, {"/topics/mars/2020/index.md", "topic"}, {"/topics/mars/2020/index.xml", "topic"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("companions = %v, want %v", got, want)
	}
}

// The year pages found in the titles' JSON are every year page the build
// writes, each of them a page the server renders (a page past a year's last
// would fail the measure): on the demo with three events a page, so that
// titles have several pages and year pages.
func TestYearPagesAreThoseTheBuildWrites(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(demoDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := site.New(st, render.Config{BaseURL: baseURL, PageSize: 3})
	rep, err := measure(ctx, s, 0, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := s.Build(ctx, dir, site.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	dir, err = filepath.EvalSymlinks(dir) // the build publishes its version through a link
	if err != nil {
		t.Fatal(err)
	}
	built := 0
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if p, err := event.ParseSitePath("/" + filepath.ToSlash(rel)); err == nil && p.Type == event.PathTitle && p.Date.Year > 0 && p.Ext == ".html" {
			built++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if built == 0 || rep.YearPages != built {
		t.Errorf("%d year pages found, the build wrote %d", rep.YearPages, built)
	}
	if rep.AllEvents || rep.SampledEvents != 0 || len(rep.Slowest) != 0 ||
		slices.ContainsFunc(rep.Kinds, func(k Kind) bool { return k.Kind == "event" }) {
		t.Errorf("no events and no slowest asked for: %+v", rep)
	}
}

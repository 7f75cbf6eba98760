package site

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
)

var (
	mdLinkDest = regexp.MustCompile(`\]\(([^)\s]*)\)`)
	absURL     = regexp.MustCompile(`https?://example\.org[^"'<>\s)\\]*`)
)

// checkMarkdownLinks follows every root-relative link of every Markdown
// file, as checkInternalLinks does for HTML.
func checkMarkdownLinks(t *testing.T, files map[string][]byte, prefix string) int {
	t.Helper()
	return checkLinks(t, files, ".md", mdLinkDest, prefix)
}

// TestSubPathSiteStaysUnderItsPath builds the demo, with an edited event,
// for https://example.org/archive/: every link of every HTML and Markdown
// file, every absolute URL of every file (canonical links, feeds,
// sitemaps, robots.txt) and every redirect lies under /archive/ and names
// a file of the site.
func TestSubPathSiteStaysUnderItsPath(t *testing.T) {
	st := demoStore(t)
	importEditedDay(t, st)
	dir := filepath.Join(t.TempDir(), "site")
	buildSite(t, New(st, render.Config{BaseURL: "https://example.org/archive/"}), dir)
	files := siteFiles(t, dir)
	if n := checkInternalLinks(t, files, "/archive"); n < 1000 {
		t.Errorf("only %d HTML links checked", n)
	}
	if n := checkMarkdownLinks(t, files, "/archive"); n < 1000 {
		t.Errorf("only %d Markdown links checked", n)
	}
	absolute := 0
	for name, body := range files {
		for _, u := range absURL.FindAll(body, -1) {
			absolute++
			// a citation's plain-text address is followed by its style's
			// full stop, or BibTeX's brace and comma
			u = bytes.TrimRight(u, ".,}")
			inSite, under := strings.CutPrefix(string(u), "https://example.org/archive/")
			inSite, _, _ = strings.Cut(inSite, "?") // the search's URL template
			inSite, _, _ = strings.Cut(inSite, "#") // an edit's id in the edits' feeds
			if !under || !resolves(files, "/"+inSite) {
				t.Errorf("%s has the URL %s, which names no file under /archive/", name, u)
			}
		}
	}
	if absolute < 1000 {
		t.Errorf("only %d absolute URLs checked", absolute)
	}
	if robots := string(files[render.RobotsPath]); !strings.Contains(robots, "Sitemap: https://example.org/archive/sitemap.xml\n") {
		t.Errorf("robots.txt names no sitemap under the sub-path:\n%s", robots)
	}
	var moved struct{ Redirect string }
	if err := json.Unmarshal(files[changedOld+".json"], &moved); err != nil {
		t.Fatal(err)
	}
	if moved.Redirect != "/archive"+changedNew+".json" || !resolves(files, changedNew+".json") {
		t.Errorf("the edited event's old JSON redirects to %q, want /archive%s.json", moved.Redirect, changedNew)
	}
	refresh := `url=/archive` + changedNew + `.html"`
	if html := string(files[changedOld+".html"]); !strings.Contains(html, refresh) {
		t.Errorf("the edited event's old HTML does not refresh to %s:\n%s", refresh, html)
	}
}

// TestBuildInSomeFormats builds the demo in HTML and JSON, updates it after
// an edit, then builds the same directory in all four formats and in
// Markdown alone: each build holds only its formats' pages and redirects,
// links only to them, and is what a fresh build of those formats gives.
func TestBuildInSomeFormats(t *testing.T) {
	st := demoStore(t)
	some := render.Config{BaseURL: testConfig.BaseURL, Formats: []render.Format{render.HTML, render.JSON}}
	dir := filepath.Join(t.TempDir(), "site")
	buildSite(t, New(st, some), dir)
	importEditedDay(t, st)
	if rep := buildSite(t, New(st, some), dir); !rep.Incremental {
		t.Errorf("the build after the edit was not incremental: %+v", rep)
	}
	files := siteFiles(t, dir)
	checkFormats(t, "html,json", files, []string{".html", ".json"})
	for _, f := range []string{".html", ".json"} {
		if body := files[changedOld+f]; !isRedirect(body) || !strings.Contains(string(body), changedNew+f) {
			t.Errorf("html,json: %s%s is not a redirect to %s%s", changedOld, f, changedNew, f)
		}
	}
	for _, f := range []string{".md", ".xml"} {
		if _, ok := files[changedOld+f]; ok {
			t.Errorf("html,json: %s%s was written", changedOld, f)
		}
	}
	var doc struct{ Formats map[string]string }
	if err := json.Unmarshal(files[render.HomePath+".json"], &doc); err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"html": "/index.html", "json": "/index.json"}; len(doc.Formats) != 2 ||
		doc.Formats["html"] != want["html"] || doc.Formats["json"] != want["json"] {
		t.Errorf("html,json: the home page's formats are %v, want %v", doc.Formats, want)
	}
	if checkInternalLinks(t, files, "") < 1000 {
		t.Error("html,json: too few links checked")
	}

	for _, tt := range []struct {
		name    string
		formats []render.Format
		exts    []string
	}{
		{"all", nil, []string{".html", ".md", ".json", ".xml"}},
		{"md", []render.Format{render.Markdown}, []string{".md"}},
	} {
		cfg := render.Config{BaseURL: testConfig.BaseURL, Formats: tt.formats}
		rep := buildSite(t, New(st, cfg), dir)
		files := siteFiles(t, dir)
		if rep.Files != len(files) {
			t.Errorf("%s: the report says %d files, the directory holds %d", tt.name, rep.Files, len(files))
		}
		checkFormats(t, tt.name, files, tt.exts)
		checkInternalLinks(t, files, "")
		checkMarkdownLinks(t, files, "")
		fresh := filepath.Join(t.TempDir(), "fresh")
		buildSite(t, New(st, cfg), fresh)
		assertSameTree(t, files, siteFiles(t, fresh))
	}
}

// checkFormats checks that the site's pages are in exactly the formats of
// exts, that feeds and sitemaps are there, and that the sitemap lists the
// pages in the first of exts.
func checkFormats(t *testing.T, name string, files map[string][]byte, exts []string) {
	t.Helper()
	var found []string
	for p := range files {
		sp, err := event.ParseSitePath(p)
		if err == nil && sp.IsPage() && !slices.Contains(found, sp.Ext) {
			found = append(found, sp.Ext)
		}
	}
	slices.Sort(found)
	if want := slices.Sorted(slices.Values(exts)); !slices.Equal(found, want) {
		t.Errorf("%s: pages in %v, want %v", name, found, want)
	}
	for _, p := range []string{render.FeedPath, render.AtomPath, render.SitemapPath, render.RobotsPath} {
		if _, ok := files[p]; !ok {
			t.Errorf("%s: %s is missing", name, p)
		}
	}
	_, style := files[render.StylePath]
	if want := slices.Contains(exts, ".html"); style != want {
		t.Errorf("%s: style.css written: %v, want %v", name, style, want)
	}
	if loc := "<loc>" + testConfig.BaseURL + "/index" + exts[0] + "</loc>"; !strings.Contains(string(files[render.SitemapPath]), loc) {
		t.Errorf("%s: the sitemap lacks %s", name, loc)
	}
}

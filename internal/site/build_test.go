package site

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"html"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// buildSite builds the store's site into a new directory and returns it.
func buildSite(t *testing.T, s *Site, dir string) BuildReport {
	t.Helper()
	rep, err := s.Build(context.Background(), dir, BuildOptions{DBPath: "test.db"})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// siteFiles reads every file of a built site by site path, the build's own
// files (state, change log, search model, title record) aside.
func siteFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	dir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == StateFile || d.Name() == ChangesFile ||
			d.Name() == SearchModelFile || d.Name() == TitleRecordFile {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files["/"+filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var linkAttr = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// TestBuiltSiteHasNoBrokenInternalLink follows every root-relative href and
// src of every HTML file. The static site's own links always carry an
// extension; an extension-less one must resolve the way the server
// negotiates it, to X.html or X/index.html.
func TestBuiltSiteHasNoBrokenInternalLink(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	rep := buildSite(t, New(demoStore(t), testConfig), dir)
	files := siteFiles(t, dir)
	if rep.Files != len(files) {
		t.Errorf("report says %d files, the directory holds %d", rep.Files, len(files))
	}
	if checked := checkInternalLinks(t, files, ""); checked < 1000 {
		t.Errorf("only %d internal links checked", checked)
	}
}

// checkInternalLinks follows every root-relative href and src of every HTML
// file of a site served under the path prefix ("" at the root of its host,
// else e.g. /archive): each must lie under the prefix and name a file of
// the site. It returns how many links it followed.
func checkInternalLinks(t *testing.T, files map[string][]byte, prefix string) int {
	t.Helper()
	return checkLinks(t, files, ".html", linkAttr, prefix)
}

// checkLinks follows the root-relative links, the first group of re, of
// the files whose name ends in ext, as checkInternalLinks does.
func checkLinks(t *testing.T, files map[string][]byte, ext string, re *regexp.Regexp, prefix string) int {
	t.Helper()
	checked := 0
	for name, body := range files {
		if !strings.HasSuffix(name, ext) {
			continue
		}
		for _, m := range re.FindAllSubmatch(body, -1) {
			link := html.UnescapeString(string(m[1]))
			if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") {
				continue
			}
			link, _, _ = strings.Cut(link, "#")
			link, _, _ = strings.Cut(link, "?")
			checked++
			inSite, under := strings.CutPrefix(link, prefix)
			if !under || !strings.HasPrefix(inSite, "/") {
				t.Errorf("%s links to %s, outside the site's path %s/", name, link, prefix)
			} else if !resolves(files, inSite) {
				t.Errorf("%s links to %s, which is not in the site", name, link)
			}
		}
	}
	return checked
}

func resolves(files map[string][]byte, link string) bool {
	if _, ok := files[link]; ok {
		return true
	}
	if path.Ext(link) != "" {
		return false
	}
	_, html := files[link+".html"]
	_, index := files[strings.TrimSuffix(link, "/")+"/index.html"]
	return html || index
}

func TestBuiltXMLParsesAndJSONValidates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	buildSite(t, New(demoStore(t), testConfig), dir)
	eventSchema, indexSchema := docSchema(t, "event.schema.json"), docSchema(t, "index.schema.json")
	var xmlFiles, jsonFiles int
	for name, body := range siteFiles(t, dir) {
		switch {
		case strings.HasSuffix(name, ".xml"):
			xmlFiles++
			if err := wellFormed(body); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		case strings.HasSuffix(name, ".json") && !strings.HasPrefix(name, "/schema/") && !isSearchFile(name): // the search index: TestSearchFiles
			jsonFiles++
			schema := eventSchema
			if strings.HasSuffix(name, "/index.json") {
				schema = indexSchema
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
			if err == nil {
				err = schema.Validate(doc)
			}
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	if xmlFiles < 100 || jsonFiles < 100 {
		t.Errorf("only %d XML and %d JSON files", xmlFiles, jsonFiles)
	}
}

func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

func docSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "docs", "schema", name))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBuildIsDeterministic(t *testing.T) {
	s := New(demoStore(t), testConfig)
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	buildSite(t, s, a)
	buildSite(t, s, b)
	assertSameTree(t, siteFiles(t, a), siteFiles(t, b))
}

func assertSameTree(t *testing.T, got, want map[string][]byte) {
	t.Helper()
	for name, body := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("%s is missing", name)
		} else if !bytes.Equal(g, body) {
			t.Errorf("%s differs", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s should not be there", name)
		}
	}
}

// TestPageServesTheBuiltFiles checks that the server's pages (Page, per-page
// queries) and the static build (bulk load, in-memory grouping) agree byte
// for byte on every file, enriched events included.
func TestPageServesTheBuiltFiles(t *testing.T) {
	st := demoStore(t)
	enrichEvents(t, st, 5)
	importEditedDay(t, st) // for the edits pages of a month
	s := New(st, testConfig)
	dir := filepath.Join(t.TempDir(), "site")
	buildSite(t, s, dir)
	for name, body := range siteFiles(t, dir) {
		if isRedirect(body) {
			continue // the server answers 301 there (TestRetiredPathOfARealStoreRedirects)
		}
		p, err := s.Page(context.Background(), name)
		if err != nil {
			t.Errorf("Page(%s): %v", name, err)
			continue
		}
		if !bytes.Equal(p.Body, body) {
			t.Errorf("Page(%s) differs from the built file", name)
		}
	}
}

func TestBuildRefusesADirectoryThatIsNoBuild(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := New(demoStore(t), testConfig).Build(context.Background(), dir, BuildOptions{})
	if err == nil || !strings.Contains(err.Error(), "holds no chronicle build") {
		t.Fatalf("Build into a foreign directory: %v", err)
	}
}

func TestBuildIntoEmptyDirectorySwapsTheTreeIn(t *testing.T) {
	dir := t.TempDir() // exists, empty
	buildSite(t, New(demoStore(t), testConfig), dir)
	if _, err := os.Stat(filepath.Join(dir, StateFile)); err != nil {
		t.Fatal(err)
	}
	if stale, _ := filepath.Glob(dir + ".tmp-*"); len(stale) > 0 {
		t.Errorf("temporary trees left: %v", stale)
	}
}

// The line's numbers add up: the files rendered are the written and the
// unchanged, and the site's size is said apart when a build rendered less.
func TestBuildReportLine(t *testing.T) {
	tests := []struct {
		r    BuildReport
		want string
	}{
		{BuildReport{Files: 460512, Written: 460512, Duration: 31 * time.Second}, "built 460,512 files in 31s"},
		{BuildReport{Files: 460512, Written: 12, Unchanged: 3, Incremental: true, Duration: 1234 * time.Millisecond},
			"updated a site of 460,512 files in 1.2s: 15 rendered, 12 of them written (new or changed), 3 unchanged"},
		{BuildReport{Files: 4282, Unchanged: 7, Incremental: true, Duration: 40 * time.Millisecond},
			"updated a site of 4,282 files in 0s: 7 rendered, 0 of them written (new or changed), 7 unchanged"},
		{BuildReport{Files: 2, Written: 1, Unchanged: 1, Duration: time.Second}, "built 2 files in 1s: 2 rendered, 1 of them written (new or changed), 1 unchanged"},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.want {
			t.Errorf("%+v: got %q, want %q", tt.r, got, tt.want)
		}
	}
}

// isRedirect reports whether a file is one of the small pages that replace
// a vanished page.
func isRedirect(body []byte) bool {
	var j map[string]any
	if json.Unmarshal(body, &j) == nil {
		_, ok := j["redirect"]
		return ok
	}
	return bytes.Contains(body, []byte("no longer in the archive at this address")) ||
		bytes.Contains(body, []byte("<redirect>"))
}

var errStop = errors.New("stopped by the test")

package site

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/searchindex"
)

// staticIndex opens the search index of a built site.
func staticIndex(files map[string][]byte) (*searchindex.Index, int) {
	var ix []searchindex.File
	for name, body := range files {
		if strings.HasPrefix(name, searchindex.Dir) {
			ix = append(ix, searchindex.File{Path: name, Body: body})
		}
	}
	return searchindex.Open(ix), len(ix)
}

// TestSearchFiles: the static site has its search page, script and index;
// an incremental build after an edit rewrites a few of the index's files
// (TestIncrementalBuildRewritesOnlyWhatChanged checks that unchanged ones
// keep their mtime), and the index finds the edited event by its new words
// and no longer finds the removed one.
func TestSearchFiles(t *testing.T) {
	st := demoStore(t)
	s := New(st, testConfig)
	dir := filepath.Join(t.TempDir(), "site")
	buildSite(t, s, dir)
	before := siteFiles(t, dir)
	for _, p := range []string{"/search/index.html", "/search.js", "/search/index/manifest.json"} {
		if before[p] == nil {
			t.Fatalf("the site has no %s", p)
		}
	}
	if !strings.Contains(string(before["/search/index.html"]), `<script src="/search.js" defer></script>`) {
		t.Error("the search page does not load /search.js")
	}
	ix, _ := staticIndex(before)
	if _, paths, err := ix.Search("canary islands smuggled", 5); err != nil || !slices.Contains(paths, removedEvent) {
		t.Fatalf("before the edit: %v, %v; want %s", paths, err, removedEvent)
	}

	importEditedDay(t, st)
	buildSite(t, s, dir)
	after := siteFiles(t, dir)
	ix, _ = staticIndex(after)
	// The day's events were replaced (new ids): the display data of their
	// old and new ids change, and the shards of their words; no other.
	changed := map[string]int{}
	total := map[string]int{}
	for name, body := range after {
		if kind, ok := strings.CutPrefix(name, searchindex.Dir); ok {
			kind = kind[:2]
			total[kind]++
			if string(before[name]) != string(body) {
				changed[kind]++
			}
		}
	}
	if changed["d/"] == 0 || changed["d/"] > 4 || changed["t/"] == 0 || changed["t/"] == total["t/"] {
		t.Errorf("the edit changed %v of the index's files %v", changed, total)
	}
	if _, paths, err := ix.Search("mongolia national wealth fund", 5); err != nil || len(paths) == 0 || paths[0] != changedNew {
		t.Errorf("after the edit: %v, %v; want %s first", paths, err, changedNew)
	}
	if _, paths, _ := ix.Search("canary islands smuggled", 5); slices.Contains(paths, removedEvent) {
		t.Errorf("the removed event is still found")
	}
}

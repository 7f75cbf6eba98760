package site

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/derive"
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
	// The day's events were replaced (the edited one under a new id): the
	// display data of their old and new ids change, and the shards of
	// their words; no other.
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

// An incremental build updates the static search index from the model the
// build before it saved, rewriting only the files of the changed events: a
// d/ file of events the edit does not touch, spoilt by hand, stays spoilt.
// The index and the model are otherwise what a fresh build writes, after
// an edited day and after enrichment (the model carried over to the next
// version, also when a build ran before the summaries were indexed); over
// a model of another build than the last, or one this
// Chronicle cannot read, the index is built whole, and right.
func TestIncrementalSearchIndexUpdatesItsModel(t *testing.T) {
	st := demoStore(t)
	s := New(st, testConfig)
	dir := filepath.Join(t.TempDir(), "site")
	fresh := filepath.Join(t.TempDir(), "fresh")
	buildSite(t, s, dir)
	spoiltFile := searchindex.Dir + "d/0.json" // the first events imported, of 2023
	writeSiteFile(t, dir, spoiltFile, "spoilt")
	// spoilt: 1 it must stay spoilt, 0 it may, -1 it must not.
	compare := func(stage string, spoilt int) {
		t.Helper()
		buildSite(t, s, dir)
		buildSite(t, s, fresh)
		got, want := withModel(t, dir), withModel(t, fresh)
		stayed := string(got[spoiltFile]) == "spoilt"
		if spoilt == 1 && !stayed || spoilt == -1 && stayed {
			t.Fatalf("%s: %s spoilt: %v", stage, spoiltFile, stayed)
		}
		if stayed {
			got[spoiltFile] = want[spoiltFile]
		}
		assertSameTree(t, got, want)
	}
	first := withModel(t, dir)["/"+SearchModelFile]
	importEditedDay(t, st)
	compare("edited day", 1)
	enrichEvents(t, st, 3)
	if _, err := derive.UpdateSearch(context.Background(), st, false); err != nil {
		t.Fatal(err)
	}
	compare("enriched", 0)
	// An older Chronicle's build would leave the model of the build
	// before it, stamped with that build's generation.
	writeSiteFile(t, dir, "/"+SearchModelFile, string(first))
	enrichEvents(t, st, 1)
	if _, err := derive.UpdateSearch(context.Background(), st, false); err != nil {
		t.Fatal(err)
	}
	compare("over the model of an earlier build", 0)
	// A build between enrichment and the indexing of its summaries, then
	// one after more enrichment, all indexed.
	enrichEvents(t, st, 1)
	compare("enriched, summaries not indexed", 0)
	enrichEvents(t, st, 1)
	if _, err := derive.UpdateSearch(context.Background(), st, false); err != nil {
		t.Fatal(err)
	}
	compare("summaries indexed since", 0)
	writeSiteFile(t, dir, "/"+SearchModelFile, "chronicle search model 0\n")
	enrichEvents(t, st, 2)
	if _, err := derive.UpdateSearch(context.Background(), st, false); err != nil {
		t.Fatal(err)
	}
	compare("over an unreadable model", -1)
}

// withModel is siteFiles with the search model.
func withModel(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := siteFiles(t, dir)
	b, err := os.ReadFile(filepath.Join(dir, SearchModelFile))
	if err != nil {
		t.Fatal(err)
	}
	files["/"+SearchModelFile] = b
	return files
}

// writeSiteFile replaces a file of the built site's current version.
func writeSiteFile(t *testing.T, dir, urlPath, body string) {
	t.Helper()
	name := filepath.Join(dir, filepath.FromSlash(urlPath))
	if err := os.Remove(name); err != nil { // a hard link to the version before
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

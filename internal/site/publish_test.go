package site

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/demo"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// While an incremental build runs, the site directory shows the earlier
// build whole; after it, the new build whole.
func TestTheSiteIsOneWholeBuildWhileAnotherIsWritten(t *testing.T) {
	st := demoStore(t)
	s := New(st, testConfig)
	dir := filepath.Join(t.TempDir(), "site")
	buildSite(t, s, dir)
	before := siteFiles(t, dir)
	importEditedDay(t, st)
	var once sync.Once
	var during map[string][]byte
	afterTask = func(done int) {
		if done >= 20 {
			once.Do(func() { during = siteFiles(t, dir) })
		}
	}
	t.Cleanup(func() { afterTask = nil })
	buildSite(t, s, dir)
	afterTask = nil
	if during == nil {
		t.Fatal("the build ran fewer than 20 tasks: nothing was looked at during it")
	}
	assertSameTree(t, during, before)
	clean := filepath.Join(t.TempDir(), "clean")
	buildSite(t, s, clean)
	assertSameTree(t, siteFiles(t, dir), siteFiles(t, clean))
}

// What a build killed mid-way leaves — an unfinished version and the
// temporary files in it — is removed by the next build.
func TestLeftoversOfAKilledBuildAreRemoved(t *testing.T) {
	st := demoStore(t)
	s := New(st, testConfig)
	dir := filepath.Join(t.TempDir(), "site")
	buildSite(t, s, dir)
	unfinished := filepath.Join(dir+versionsSuffix, "7", "news", "2025")
	if err := os.MkdirAll(unfinished, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(unfinished, ".index.md.tmp-247991708"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	importEditedDay(t, st)
	buildSite(t, s, dir)
	entries, err := os.ReadDir(dir + versionsSuffix)
	if err != nil || len(entries) != 1 {
		t.Errorf("%s holds %v (%v); want only the published version", dir+versionsSuffix, entries, err)
	}
	published, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(published, func(name string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", name)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A site an older Chronicle built in place, as a plain directory, becomes
// the first version and is updated like any other.
func TestASiteBuiltInPlaceIsAdopted(t *testing.T) {
	st := demoStore(t)
	s := New(st, testConfig)
	dir := filepath.Join(t.TempDir(), "site")
	buildSite(t, s, dir)
	version, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(version, dir); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir + versionsSuffix); err != nil {
		t.Fatal(err)
	}
	importEditedDay(t, st)
	rep := buildSite(t, s, dir)
	if !rep.Incremental {
		t.Errorf("the adopted site was built afresh: %+v", rep)
	}
	if fi, err := os.Lstat(dir); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("%s is not a link to its version after the build: %v, %v", dir, fi, err)
	}
	clean := filepath.Join(t.TempDir(), "clean")
	buildSite(t, s, clean)
	assertSameTree(t, siteFiles(t, dir), siteFiles(t, clean))
}

// From the third build on, the next version is the spare brought up to date
// by the published version's change log, not a copy of every file; the
// result is still what a fresh build gives.
func TestIncrementalBuildsReuseTheSpareVersion(t *testing.T) {
	st := demoStore(t)
	s := New(st, testConfig)
	dir := filepath.Join(t.TempDir(), "site")
	buildSite(t, s, dir) // version 1
	first, err := os.Stat(filepath.Join(dir+versionsSuffix, "1"))
	if err != nil {
		t.Fatal(err)
	}
	importEditedDay(t, st)
	buildSite(t, s, dir) // version 2: hard links to every file of 1
	if _, err := os.Stat(filepath.Join(dir+versionsSuffix, "2", ChangesFile)); err != nil {
		t.Fatalf("the incremental build wrote no change log: %v", err)
	}
	importDayVersion(t, st, 3)
	buildSite(t, s, dir) // version 3: version 1, renamed and brought up to 2, then built
	third, err := os.Stat(filepath.Join(dir+versionsSuffix, "3"))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(first, third) {
		t.Errorf("version 3 is not the spare version 1 brought up to date")
	}
	entries, err := os.ReadDir(dir + versionsSuffix)
	if err != nil || len(entries) != 2 {
		t.Errorf("%s holds %v (%v); want the published version and its spare", dir+versionsSuffix, entries, err)
	}
	clean := filepath.Join(t.TempDir(), "clean")
	buildSite(t, s, clean)
	assertSameTree(t, siteFiles(t, dir), siteFiles(t, clean))
}

// importDayVersion imports a newer revision of the demo's 10 March 2025
// with one event added, numbered n.
func importDayVersion(t *testing.T, st *store.Store, n int) {
	t.Helper()
	files, err := demo.Files()
	if err != nil {
		t.Fatal(err)
	}
	const day = "2025-03-10"
	var text string
	for _, f := range files {
		if f.Date.String() == day {
			text = f.Wikitext
		}
	}
	const marker = "'''Armed conflicts and attacks'''\n"
	if !strings.Contains(text, marker) {
		t.Fatalf("the demo's %s has no %q line", day, marker)
	}
	added := fmt.Sprintf("*A test event number %d is added to the day. [https://www.example.org/test/%d (Example)]\n", n, n)
	text = strings.Replace(text, marker, marker+added, 1)
	dir := t.TempDir()
	name := filepath.Join(dir, day+".wiki")
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Duration(n) * time.Hour)
	if err := os.Chtimes(name, later, later); err != nil {
		t.Fatal(err)
	}
	importDir(t, st, dir)
}

// The output directory is replaced by a link to its version: a path that
// cannot be replaced, or whose replacing would lose the user's own link, is
// refused before anything is written, and nothing is changed.
func TestOpenPublishedRefusesWhatItCannotReplace(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)
	for _, name := range []string{"empty", "full", "site.builds/1", "cwd"} {
		if err := os.MkdirAll(name, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join("full", "index.html"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{"to-empty": "empty", "to-full": "full", "site": "site.builds/1",
		"abs-to-empty": filepath.Join(root, "empty")} {
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		dir, errHas string // errHas "": accepted
	}{
		{"to-empty", "symbolic link to empty, not one a build made"},
		{"to-full", "symbolic link to full, not one a build made"},
		{"abs-to-empty", "not one a build made"},
		{".", "the current directory"},
		{"cwd/..", "the current directory"},
		{root, "the current directory"},
		{"/", "the root"},
		{"site", ""},
		{"empty/new", ""},
	} {
		p, err := openPublished(c.dir)
		if c.errHas == "" {
			if err != nil {
				t.Errorf("openPublished(%q): %v", c.dir, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.errHas) {
			t.Errorf("openPublished(%q) = %+v, %v; want an error with %q", c.dir, p, err, c.errHas)
		}
	}
	for link, target := range map[string]string{"to-empty": "empty", "to-full": "full"} {
		if got, err := os.Readlink(link); got != target || err != nil {
			t.Errorf("%s now leads to %q (%v), want %q", link, got, err, target)
		}
	}
	if entries, err := os.ReadDir("."); err != nil || len(entries) != 8 {
		t.Errorf("the directory holds %v (%v): something was added or removed", entries, err)
	}
	// The current directory, empty, as when a user builds where they stand.
	t.Chdir("empty")
	if _, err := openPublished("."); err == nil || !strings.Contains(err.Error(), "the current directory") {
		t.Errorf("openPublished(\".\") in an empty directory: %v", err)
	}
	if fi, err := os.Lstat(filepath.Join(root, "empty")); err != nil || !fi.IsDir() {
		t.Errorf("the empty current directory is gone: %v, %v", fi, err)
	}
}

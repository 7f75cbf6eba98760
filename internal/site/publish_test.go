package site

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
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
	published, err := Published(dir)
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
	version, err := Published(dir)
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

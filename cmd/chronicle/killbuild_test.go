package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// buildTemp matches the names of a build's own temporary files and trees:
// ".<name>.tmp-NNN" files of atomic writes, "<dir>.tmp-NNN" trees of a
// fresh build.
var buildTemp = regexp.MustCompile(`(^\..+\.tmp-\d+$)|(\.tmp-\d+$)`)

// stateFile is the build's record of what it built (internal/site).
const stateFile = ".chronicle-build.json"

// tree reads every regular file under dir: its path relative to dir to its
// bytes, and the build's temporary files apart.
func tree(t *testing.T, dir string) (files map[string][]byte, temps []string) {
	t.Helper()
	files = map[string][]byte{}
	dir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if buildTemp.MatchString(d.Name()) {
			if info, err := d.Info(); err == nil && !d.IsDir() {
				rel += fmt.Sprintf(" (%d bytes)", info.Size())
			}
			temps = append(temps, rel)
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			b, err := os.ReadFile(path)
			files[rel] = b
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, temps
}

// diffTrees names the files that differ between two trees, at most a few.
func diffTrees(got, want map[string][]byte) []string {
	var diff []string
	for name, w := range want {
		if g, ok := got[name]; !ok {
			diff = append(diff, "missing "+name)
		} else if !bytes.Equal(g, w) {
			diff = append(diff, "differs "+name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			diff = append(diff, "extra "+name)
		}
	}
	slices.Sort(diff)
	return diff
}

// mixed counts the files of a tree killed mid-way from old to new that are
// as old has them (and new does not) and as new has them (and old does not).
func mixed(got, old, new map[string][]byte) (asOld, asNew int) {
	for name, g := range got {
		o, n := old[name], new[name]
		if bytes.Equal(o, n) {
			continue
		}
		switch {
		case bytes.Equal(g, o):
			asOld++
		case bytes.Equal(g, n):
			asNew++
		}
	}
	return asOld, asNew
}

// TestKilledBuildRecovers kills `chronicle build` with SIGKILL at several
// points of a full build and of an incremental one (after an import of newer
// revisions), then runs the build again: the folder must then equal a clean
// build's. While killed, the folder must show one whole build (the old one),
// and nothing a killed build wrote may be left after the next.
func TestKilledBuildRecovers(t *testing.T) {
	days, points := max(*killDays/6, 10), killPoints(*kills)
	if testing.Short() {
		points = killPoints(2)
	}
	db := filepath.Join(t.TempDir(), "chronicle.db")
	runChild(t, exitOK, "import", "--db", db, writeSyntheticDump(t, days))
	work := t.TempDir()
	cleanV1 := filepath.Join(work, "clean-v1")
	start := time.Now()
	runChild(t, exitOK, "build", "--db", db, "--out", cleanV1)
	fullTook := time.Since(start)
	v1, _ := tree(t, cleanV1)
	t.Logf("clean full build: %d files in %v", len(v1), fullTook)

	// Full builds, killed, then run again.
	var findings []string
	killed := 0
	for i, at := range points {
		out := filepath.Join(work, "full-"+string(rune('a'+i)))
		if !killAfter(t, time.Duration(float64(fullTook)*at), "build", "--db", db, "--out", out) {
			continue
		}
		killed++
		runChild(t, exitOK, "build", "--db", db, "--out", out)
		got, temps := tree(t, out)
		_, siblingTemps := tree(t, work)
		if d := diffTrees(got, v1); len(d) > 0 {
			t.Errorf("full build killed at %.0f%%, then built again: %d files differ from a clean build, e.g. %q", at*100, len(d), d[:min(5, len(d))])
		}
		if len(temps) > 0 {
			findings = append(findings, "full build killed: temporary files left after the next build: "+strings.Join(temps[:min(3, len(temps))], ", "))
		}
		for _, s := range siblingTemps {
			if strings.HasPrefix(s, "full-") && !strings.Contains(s, string(filepath.Separator)) {
				findings = append(findings, "full build killed: temporary tree left beside the output: "+s)
			}
		}
	}

	// An incremental build: import newer revisions, build the clean v1
	// copy to v2, then kill incremental builds of other v1 copies.
	runChild(t, exitOK, "import", "--db", db, writeSyntheticRevision(t, days, 1))
	cleanV2 := filepath.Join(work, "clean-v2")
	if err := os.CopyFS(cleanV2, os.DirFS(cleanV1)); err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	runChild(t, exitOK, "build", "--db", db, "--out", cleanV2)
	incTook := time.Since(start)
	v2, _ := tree(t, cleanV2)
	t.Logf("clean incremental build: %d files in %v", len(v2), incTook)
	for i, at := range points {
		out := filepath.Join(work, "inc-"+string(rune('a'+i)))
		if err := os.CopyFS(out, os.DirFS(cleanV1)); err != nil {
			t.Fatal(err)
		}
		if !killAfter(t, time.Duration(float64(incTook)*at), "build", "--db", db, "--out", out) {
			continue
		}
		killed++
		partial, temps := tree(t, out)
		if asOld, asNew := mixed(partial, v1, v2); asOld > 0 && asNew > 0 {
			findings = append(findings, "incremental build killed: the folder mixes the builds: "+
				strconv.Itoa(asOld)+" files of the old build beside "+strconv.Itoa(asNew)+" of the new")
		}
		if len(temps) > 0 {
			findings = append(findings, "incremental build killed: "+strconv.Itoa(len(temps))+" temporary files in the folder, e.g. "+temps[0])
		}
		runChild(t, exitOK, "build", "--db", db, "--out", out)
		got, temps := tree(t, out)
		if !bytes.Equal(got[stateFile], v2[stateFile]) {
			findings = append(findings, fmt.Sprintf("incremental build killed at %.0f%%, then built again: its state file is %s, a clean build's %s",
				at*100, bytes.TrimSpace(got[stateFile]), bytes.TrimSpace(v2[stateFile])))
			got[stateFile] = v2[stateFile] // a finding, not a failure: the pages are compared below
		}
		if d := diffTrees(got, v2); len(d) > 0 {
			t.Errorf("incremental build killed at %.0f%%, then built again: %d files differ from a clean build, e.g. %q", at*100, len(d), d[:min(5, len(d))])
		}
		if len(temps) > 0 {
			findings = append(findings, "incremental build killed: temporary files left after the next build: "+strings.Join(temps[:min(3, len(temps))], ", "))
		}
	}
	t.Logf("builds killed %d times of %d", killed, 2*len(points))
	for _, f := range findings {
		t.Errorf("%s", f)
	}
}

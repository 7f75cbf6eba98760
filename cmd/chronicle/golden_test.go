package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// checkGolden compares got with testdata/golden/name, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n got:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestHelpGolden(t *testing.T) {
	checkGolden(t, "help.txt", chronicle("help").stdout)
	for _, c := range commands {
		checkGolden(t, "help-"+c.name+".txt", chronicle(c.name, "--help").stdout)
	}
}

func TestShowGolden(t *testing.T) {
	r := chronicle("show", "--db", imported(t), "/news/2013/06/5/japan-launches-a-satellite")
	if r.status != exitOK {
		t.Fatal(r)
	}
	checkGolden(t, "show-japan-launches-a-satellite.json", r.stdout)
}

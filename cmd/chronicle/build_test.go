package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestBuildWritesTheSiteThenOnlyChanges(t *testing.T) {
	db := imported(t)
	out := filepath.Join(t.TempDir(), "public")
	first := chronicle("build", "--db", db, "--out", out, "--base-url", "https://news.example")
	summary := regexp.MustCompile(`^built [\d,]+ files \([\d,]+ written, 0 unchanged\) in [\d.]+m?s\n$`)
	if first.status != exitOK || !summary.MatchString(first.stdout) {
		t.Fatalf("first build:\n%s", first)
	}
	if _, err := os.Stat(filepath.Join(out, "news", "2013", "06", "10", "index.html")); err != nil {
		t.Fatal(err)
	}
	again := chronicle("build", "--db", db, "--out", out, "--base-url", "https://news.example")
	if again.status != exitOK || !strings.Contains(again.stdout, "(0 written,") {
		t.Fatalf("second build of the same database:\n%s", again)
	}
}

func TestBuildWithoutOutIsUsageError(t *testing.T) {
	if r := chronicle("build", "--db", imported(t)); r.status != exitUsage || !strings.Contains(r.stderr, "--out") {
		t.Fatalf("build without --out:\n%s", r)
	}
}

func TestRelatedPrintsScoresAndContributions(t *testing.T) {
	db := imported(t)
	r := chronicle("related", "--db", db, "/news/2013/06/10/a-ferry-sinks-near-lagos")
	if r.status != exitOK {
		t.Fatal(r)
	}
	for _, want := range []string{"/news/2013/06/11/a-ferry-sinks-near-lagos", "context: Ferry, Lagos",
		"entities", "cosine", "story"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("related output lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := chronicle("related", "--db", db, "/news/2013/06/10/no-such-event"); r.status != exitFailure {
		t.Errorf("related of a missing event:\n%s", r)
	}
}

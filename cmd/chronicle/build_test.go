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
	summary := regexp.MustCompile(`^built [\d,]+ files in [\d.]+m?s\n$`)
	if first.status != exitOK || !summary.MatchString(first.stdout) {
		t.Fatalf("first build:\n%s", first)
	}
	if _, err := os.Stat(filepath.Join(out, "news", "2013", "06", "10", "index.html")); err != nil {
		t.Fatal(err)
	}
	again := chronicle("build", "--db", db, "--out", out, "--base-url", "https://news.example")
	if again.status != exitOK || !strings.Contains(again.stdout, ", 0 of them written") {
		t.Fatalf("second build of the same database:\n%s", again)
	}
}

func TestBuildWithoutOutIsUsageError(t *testing.T) {
	if r := chronicle("build", "--db", imported(t)); r.status != exitUsage || !strings.Contains(r.stderr, "--out") {
		t.Fatalf("build without --out:\n%s", r)
	}
}

// An --out that a link to the build cannot replace — the user's own
// symbolic link, the current directory — is refused, and left as it was.
func TestBuildRefusesAnOutItCannotReplace(t *testing.T) {
	db := imported(t)
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Mkdir("www", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("www", "public"); err != nil {
		t.Fatal(err)
	}
	r := chronicle("build", "--db", db, "--out", "public")
	if target, _ := os.Readlink("public"); r.status != exitFailure || target != "www" ||
		!strings.Contains(r.stderr, "public is a symbolic link to www, not one a build made") {
		t.Errorf("build --out a link to www (now to %q):\n%s", target, r)
	}
	t.Chdir("www")
	r = chronicle("build", "--db", db, "--out", ".")
	if _, err := os.Stat(filepath.Join(dir, "www")); err != nil || r.status != exitFailure ||
		!strings.Contains(r.stderr, ". is the current directory, which cannot be replaced") {
		t.Errorf("build --out . (%v):\n%s", err, r)
	}
}

func TestRelatedPrintsScoresAndContributions(t *testing.T) {
	db := imported(t)
	r := chronicle("related", "--db", db, "/news/2013/06/10/a-ferry-sinks-near-lagos")
	if r.status != exitOK {
		t.Fatal(r)
	}
	for _, want := range []string{"/news/2013/06/11/a-ferry-sinks-near-lagos", "context: Ferry, Lagos",
		// The breakdowns are not stored: the archive's index explains them.
		"entities 2.197 × 1 = 2.197: Ferry (1.099) Lagos (1.099)",
		"cosine   1.000 × 50 = 50.000: ferry (0.250) lagos (0.250) near (0.250) sinks (0.250)", "story    0.000"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("related output lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := chronicle("related", "--db", db, "/news/2013/06/10/no-such-event"); r.status != exitFailure {
		t.Errorf("related of a missing event:\n%s", r)
	}
}

func TestBuildInSomeFormatsUnderASubPath(t *testing.T) {
	db := imported(t)
	out := filepath.Join(t.TempDir(), "public")
	r := chronicle("build", "--db", db, "--out", out, "--base-url", "https://example.org/archive/", "--formats", "html,json")
	if r.status != exitOK {
		t.Fatalf("build --formats html,json:\n%s", r)
	}
	day := filepath.Join(out, "news", "2013", "06", "10", "index")
	for ext, want := range map[string]bool{".html": true, ".json": true, ".md": false, ".xml": false} {
		if _, err := os.Stat(day + ext); (err == nil) != want {
			t.Errorf("after --formats html,json, %s%s exists: %v", day, ext, err == nil)
		}
	}
	home, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`href="/archive/topics/index.html"`, `href="/archive/style.css"`,
		`<link rel="alternate" type="application/json" href="/archive/index.json">`} {
		if !strings.Contains(string(home), want) {
			t.Errorf("the home page lacks %s", want)
		}
	}
	if strings.Contains(string(home), ".md") {
		t.Error("the home page of an html,json site links Markdown")
	}
	r = chronicle("build", "--db", db, "--out", out, "--base-url", "https://example.org/archive/", "--formats", "md")
	if r.status != exitOK {
		t.Fatalf("build --formats md over it:\n%s", r)
	}
	if _, err := os.Stat(day + ".html"); err == nil {
		t.Error("the HTML pages stay after a build in Markdown alone")
	}
	if _, err := os.Stat(day + ".md"); err != nil {
		t.Errorf("no Markdown after a build in Markdown: %v", err)
	}
}

func TestBuildRejectsBadFormatsAndBaseURL(t *testing.T) {
	db := imported(t)
	out := filepath.Join(t.TempDir(), "public")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--formats", "html,pdf"}, `--formats: formats "html,pdf": format "pdf": want html, md, json or xml`},
		{[]string{"--formats", ""}, "--formats"},
		{[]string{"--base-url", "https://example.org/archive/?x=1"}, "--base-url"},
		{[]string{"--base-url", "example.org"}, "--base-url"},
		{[]string{"--base-url", "http://exam<ple.com/"}, `--base-url "http://exam<ple.com/": host "exam<ple.com" is not a valid host name`},
		{[]string{"--base-url", "http://example.com:99999"}, `--base-url "http://example.com:99999": port 99999: want 1 to 65535`},
		{[]string{"--base-url", "https://user:pass@example.com"}, `--base-url "https://user:pass@example.com": must not contain a user name or password`},
	} {
		r := chronicle(append([]string{"build", "--db", db, "--out", out}, tt.args...)...)
		if r.status != exitUsage || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("build %v: want a usage error naming %q:\n%s", tt.args, tt.want, r)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a build with bad flags wrote the output directory")
	}
}

func TestDeployRejectsBadFormatsBeforeBuilding(t *testing.T) {
	db := imported(t)
	out := filepath.Join(t.TempDir(), "public")
	r := chronicle("deploy", "--db", db, "--out", out, "--to", "s3://site/archive", "--formats", "html,docx")
	if r.status != exitUsage || !strings.Contains(r.stderr, `format "docx"`) {
		t.Errorf("deploy --formats html,docx: want a usage error naming docx:\n%s", r)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a deploy with bad flags built the site")
	}
}

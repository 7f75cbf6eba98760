// Package bench holds benchmarks that measure Chronicle as a user runs it,
// on the shared corpus; they skip without it.
package bench

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/deploy"
	"github.com/chronicle-archive/chronicle/internal/deploy/s3test"
	"github.com/chronicle-archive/chronicle/internal/derive"
	"github.com/chronicle-archive/chronicle/internal/ingest"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
	"github.com/chronicle-archive/chronicle/internal/testcorpus"
)

// BenchmarkDeployCorpus builds the corpus's site and deploys it to a local
// versitygw: the first deploy, a deploy of an unchanged site, and the deploy
// after a one-day edit (one event removed, one headline changed) is imported
// and built. CHRONICLE_BENCH_YEARS picks the years (default 2024; "all" for
// the whole corpus, 582,368 files and several GB on disk twice: the site and
// the bucket). CHRONICLE_CORPUS names the dump when it is not in
// ../shared/corpus beside the module (a git worktree elsewhere). Run it
// once: bench/deploy.sh.
func BenchmarkDeployCorpus(b *testing.B) {
	pages := corpusPages(b)
	srv := s3test.Start(b, "site")
	srv.Env(b)
	years := os.Getenv("CHRONICLE_BENCH_YEARS")
	if years == "" {
		years = "2024"
	}
	dir := b.TempDir()
	days := filepath.Join(dir, "days")
	last := writeDays(b, pages, years, days)
	st, err := store.Open(filepath.Join(dir, "chronicle.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	importDir(b, st, days)
	out := filepath.Join(dir, "public")
	build(b, st, out)
	to := deploy.Target{Bucket: "site", Prefix: "archive"}
	opts := deploy.Options{Endpoint: srv.Endpoint}
	ctx := context.Background()
	first, err := deploy.Deploy(ctx, out, to, opts)
	if err != nil {
		b.Fatal(err)
	}
	report(b, "first", first)
	same, err := deploy.Deploy(ctx, out, to, opts)
	if err != nil {
		b.Fatal(err)
	}
	report(b, "unchanged", same)
	edited := filepath.Join(dir, "edit")
	editDay(b, days, last, edited)
	importDir(b, st, edited)
	build(b, st, out)
	day, err := deploy.Deploy(ctx, out, to, opts)
	if err != nil {
		b.Fatal(err)
	}
	report(b, "oneday", day)
}

// corpusPages reads the day pages of $CHRONICLE_CORPUS, or of the shared
// corpus (skipping without it).
func corpusPages(b *testing.B) []testcorpus.Page {
	path := os.Getenv("CHRONICLE_CORPUS")
	if path == "" {
		return testcorpus.Pages(b)
	}
	f, err := mediawiki.OpenFile(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r := mediawiki.NewReader(f)
	var pages []testcorpus.Page
	for {
		p, err := r.Next()
		if err == io.EOF {
			return pages
		}
		if err != nil {
			b.Fatal(err)
		}
		if d, err := mediawiki.ParseDayTitle(p.Title); err == nil {
			pages = append(pages, testcorpus.Page{Date: d, Title: p.Title, Text: p.Text})
		}
	}
}

func report(b *testing.B, name string, r deploy.Report) {
	b.Logf("%s: %s", name, r)
	s := r.Duration.Seconds()
	b.ReportMetric(s, name+"-s")
	b.ReportMetric(float64(r.Uploaded), name+"-uploaded")
	b.ReportMetric(float64(r.Bytes)/1e6, name+"-MB")
	b.ReportMetric(float64(r.Requests), name+"-requests")
	if r.Uploaded > 0 {
		b.ReportMetric(float64(r.Uploaded)/s, name+"-objects/s")
	}
}

// writeDays writes the pages of the years as YYYY-MM-DD.wiki files and
// returns the name of the last.
func writeDays(b *testing.B, pages []testcorpus.Page, years, dir string) string {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	want := map[int]bool{}
	for _, y := range strings.Split(years, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(y)); err == nil {
			want[n] = true
		}
	}
	last := ""
	for _, p := range pages {
		if years != "all" && !want[p.Date.Year] {
			continue
		}
		name := p.Date.String() + ".wiki"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(p.Text), 0o644); err != nil {
			b.Fatal(err)
		}
		last = max(last, name)
	}
	if last == "" {
		b.Fatalf("no corpus pages of %s", years)
	}
	return last
}

// editDay writes into dir the day file name of days with its first event
// removed and a word of another changed.
func editDay(b *testing.B, days, name, dir string) {
	text, err := os.ReadFile(filepath.Join(days, name))
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(string(text), "\n")
	removed, changed := false, false
	var kept []string
	for _, l := range lines {
		event := strings.HasPrefix(l, "*") && strings.Contains(l, "[http")
		switch {
		case event && !removed:
			removed = true
			continue
		case event && !changed:
			l = strings.Replace(l, " ", " reportedly ", 1)
			changed = true
		}
		kept = append(kept, l)
	}
	if !removed || !changed {
		b.Fatalf("%s has fewer than two events", name)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(kept, "\n")), 0o644); err != nil {
		b.Fatal(err)
	}
}

func importDir(b *testing.B, st *store.Store, dir string) {
	ctx := context.Background()
	sum, err := ingest.Run(ctx, st, []string{dir}, ingest.Options{})
	if err != nil || sum.Failed() {
		b.Fatalf("import %s: %v %v", dir, err, sum.Errors)
	}
	if err := derive.Update(ctx, st); err != nil {
		b.Fatal(err)
	}
}

func build(b *testing.B, st *store.Store, out string) {
	rep, err := site.New(st, render.Config{BaseURL: "https://news.example"}).Build(context.Background(), out, site.BuildOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s", rep)
}

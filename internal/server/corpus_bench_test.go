package server

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/cputime"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// corpusDBEnv names a database `chronicle import` made of the full shared
// corpus; the corpus benchmarks skip without it (importing takes minutes).
const corpusDBEnv = "CHRONICLE_CORPUS_DB"

// heavyPaths are the pages that took longest to render on the full corpus.
var heavyPaths = []string{
	"/topics/united-states/index.html",
	"/categories/uncategorized/index.html",
	"/categories/armed-conflicts-and-attacks/index.html",
	"/categories/uncategorized/page/107/index.html",
	"/topics/index.html",
	"/sitemaps/2020.xml",
	"/sitemaps/pages.xml",
	"/sitemap.xml",
	"/news/2020/index.html",
	"/news/2020/03/index.html",
	"/index.html",
	"/feed.xml",
	"/topics/united-states/feed.xml",
}

// BenchmarkCorpusColdPage renders each heavy page of the full corpus the
// way a cache miss does, through internal/site with no server cache.
func BenchmarkCorpusColdPage(b *testing.B) {
	path := os.Getenv(corpusDBEnv)
	if path == "" {
		b.Skip(corpusDBEnv + " names no imported corpus database")
	}
	st, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	s := site.New(st, render.Config{BaseURL: "https://chronicle.example"})
	// The first topic page of a generation loads the store's topic index and
	// the catalogue: paid once per import, reported apart.
	start, cpu := time.Now(), cputime.Process()
	if _, err := s.Page(context.Background(), "/categories/uncategorized/index.html"); err != nil {
		b.Fatal(err)
	}
	b.Logf("first page of the generation (catalogue, topic index): %v wall, %v CPU",
		time.Since(start).Round(time.Millisecond), (cputime.Process() - cpu).Round(time.Millisecond))
	for _, p := range heavyPaths {
		b.Run(strings.TrimPrefix(p, "/"), func(b *testing.B) {
			before := cputime.Process()
			for b.Loop() {
				if _, err := s.Page(context.Background(), p); err != nil {
					b.Fatal(err)
				}
			}
			// On a shared, loaded machine the wall time says more about the
			// neighbours than about the page: the CPU time is reported too.
			b.ReportMetric(float64((cputime.Process()-before).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

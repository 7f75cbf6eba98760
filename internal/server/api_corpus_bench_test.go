package server

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/cputime"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// apiCorpusRequests are API calls a program makes, on the full corpus.
var apiCorpusRequests = []string{
	"/api/events?from=2013-06-01&to=2013-06-30&limit=100",
	"/api/events?from=2020-03-01&to=2020-03-31&limit=20",
	"/api/topics/north-korea",
	"/api/topics/united-states?order=desc",
	"/api/topics/united-states?order=desc&limit=100",
	"/api/categories/armed-conflicts-and-attacks?from=2020-01-01&limit=20",
	"/api/search?q=red+cross+korea",
	"/api/search?q=earthquake&from=2010-01-01&limit=100",
}

// BenchmarkCorpusAPI answers each API call the way a cache miss does (the
// server's page cache would answer repeats from memory), on the database
// named by CHRONICLE_CORPUS_DB.
func BenchmarkCorpusAPI(b *testing.B) {
	path := os.Getenv(corpusDBEnv)
	if path == "" {
		b.Skip(corpusDBEnv + " names no imported corpus database")
	}
	st, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	cfg := render.Config{BaseURL: "https://chronicle.example"}
	api, err := newAPIPages(st, site.New(st, cfg), cfg)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	keys := make([]string, len(apiCorpusRequests))
	for i, target := range apiCorpusRequests {
		p, q, _ := strings.Cut(target, "?")
		req, err := parseAPI(p, q)
		if err != nil {
			b.Fatal(err)
		}
		keys[i] = req.key()
		if _, err := api.Page(ctx, keys[i]); err != nil { // the generation's catalogue, once
			b.Fatal(err)
		}
	}
	for i, target := range apiCorpusRequests {
		b.Run(strings.TrimPrefix(target, "/api/"), func(b *testing.B) {
			before := cputime.Process()
			var size int
			for b.Loop() {
				p, err := api.Page(ctx, keys[i])
				if err != nil {
					b.Fatal(err)
				}
				size = len(p.Body)
			}
			b.ReportMetric(float64((cputime.Process()-before).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(size), "bytes")
		})
	}
}

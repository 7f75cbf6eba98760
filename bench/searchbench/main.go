// Command searchbench measures Chronicle's search on a database: the
// latency (p50, p99) of a fixed list of queries (bench/search-queries.txt)
// through search.Run, and, with -static, the static site's search index:
// its build time, files and bytes, and the bytes one query loads in the
// browser (the manifest, the shards of its words and the display data of
// the first 20 results), read with searchindex.Index as search.js reads
// them. With -wrk-script it writes instead a wrk script that asks a
// server's /search for each query in turn, for the load test of
// bench/run.sh. bench/run.sh runs it; docs/search.md shows its numbers.
//
//	searchbench -db chronicle.db [-queries FILE] [-rounds N] [-static] [-slowest N]
//	searchbench -wrk-script FILE [-queries FILE]
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/chronicle-archive/chronicle/bench/queries"
	"github.com/chronicle-archive/chronicle/internal/cputime"
	"github.com/chronicle-archive/chronicle/internal/search"
	"github.com/chronicle-archive/chronicle/internal/searchindex"
	"github.com/chronicle-archive/chronicle/internal/store"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		os.Exit(1)
	}
}

// Report is what searchbench measures; -json prints it.
type Report struct {
	Queries int     `json:"queries"`
	Rounds  int     `json:"rounds"`
	P50ms   float64 `json:"p50_ms"`
	P99ms   float64 `json:"p99_ms"`
	Maxms   float64 `json:"max_ms"`
	// The querying thread's CPU time, which a loaded machine inflates
	// less than the wall time.
	CPUP50ms float64 `json:"cpu_p50_ms"`
	CPUP99ms float64 `json:"cpu_p99_ms"`
	Static   *Static `json:"static,omitempty"`
}

// Static measures the static search index.
type Static struct {
	BuildSeconds  float64 `json:"build_seconds"`
	Files         int     `json:"files"`
	Bytes         int64   `json:"bytes"`
	QueryBytesP50 int     `json:"query_bytes_p50"`
	QueryBytesP99 int     `json:"query_bytes_p99"`
	QueryBytesMax int     `json:"query_bytes_max"`
	QueryFilesMax int     `json:"query_files_max"`
	// The bytes one query loads when the host gzips the files.
	QueryGzipP50 int `json:"query_gzip_bytes_p50"`
	QueryGzipMax int `json:"query_gzip_bytes_max"`
	// The mean bytes a query loads of each kind of file.
	ManifestBytes int `json:"manifest_bytes"`
	TermBytes     int `json:"term_bytes_mean"`
	DocBytes      int `json:"doc_bytes_mean"`
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("searchbench", flag.ContinueOnError)
	db := fs.String("db", "", "the database `FILE` to search (required)")
	queryFile := fs.String("queries", "bench/search-queries.txt", "the `FILE` of queries, one a line (# comments)")
	rounds := fs.Int("rounds", 3, "run every query `N` times")
	static := fs.Bool("static", false, "also build and measure the static site's search index")
	slowest := fs.Int("slowest", 5, "list the `N` slowest queries")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	wrkScript := fs.String("wrk-script", "", "write a wrk script that searches each query in turn to `FILE`, and measure nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	qs, err := queries.Read(*queryFile)
	if err != nil {
		return err
	}
	if *wrkScript != "" {
		return os.WriteFile(*wrkScript, wrkSearchScript(qs), 0o644)
	}
	if *db == "" || *rounds < 1 {
		return errors.New("-db FILE is required and -rounds must be at least 1")
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	rep, slow, err := latency(ctx, st, qs, *rounds)
	if err != nil {
		return err
	}
	if *static {
		if rep.Static, err = staticIndex(ctx, st, qs); err != nil {
			return err
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(stdout, "%d queries × %d rounds: p50 %.2f ms, p99 %.2f ms, max %.2f ms wall; p50 %.2f ms, p99 %.2f ms CPU\n",
		rep.Queries, rep.Rounds, rep.P50ms, rep.P99ms, rep.Maxms, rep.CPUP50ms, rep.CPUP99ms)
	fmt.Fprintln(stdout, "slowest (CPU):")
	for _, s := range slow[:min(*slowest, len(slow))] {
		fmt.Fprintf(stdout, "  %7.2f ms  %s\n", ms(s.d), s.q)
	}
	if s := rep.Static; s != nil {
		fmt.Fprintf(stdout, "static index: built in %.1f s, %d files, %.1f MB; one query loads p50 %.0f KB, p99 %.0f KB, max %.0f KB (at most %d files; manifest %.0f KB, words' shards %.0f KB and results' data %.0f KB on average)\n",
			s.BuildSeconds, s.Files, float64(s.Bytes)/1e6, float64(s.QueryBytesP50)/1e3, float64(s.QueryBytesP99)/1e3, float64(s.QueryBytesMax)/1e3, s.QueryFilesMax,
			float64(s.ManifestBytes)/1e3, float64(s.TermBytes)/1e3, float64(s.DocBytes)/1e3)
		fmt.Fprintf(stdout, "static index, gzipped by the host: one query loads p50 %.0f KB, max %.0f KB\n", float64(s.QueryGzipP50)/1e3, float64(s.QueryGzipMax)/1e3)
	}
	return nil
}

// wrkSearchScript is a wrk script whose requests ask /search for each of
// qs in turn, so that a load test runs them all rather than one cached
// answer. The escaped paths hold no quote or backslash to escape in Lua.
func wrkSearchScript(qs []string) []byte {
	var b bytes.Buffer
	b.WriteString("-- The search queries of bench/search-queries.txt, each in turn (written by bench/searchbench).\npaths = {\n")
	for _, q := range qs {
		fmt.Fprintf(&b, "  \"/search?q=%s\",\n", url.QueryEscape(q))
	}
	b.WriteString("}\nn = 0\nrequest = function()\n  n = n % #paths + 1\n  return wrk.format(\"GET\", paths[n])\nend\n")
	return b.Bytes()
}

type timed struct {
	q string
	d time.Duration
}

// latency runs every query rounds times (the first round also warms the
// page cache) and reports the percentiles of all runs, and each query's
// slowest run, slowest first.
func latency(ctx context.Context, st *store.Store, qs []string, rounds int) (Report, []timed, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var all, cpu []time.Duration
	worst := map[string]time.Duration{}
	for range rounds {
		for _, q := range qs {
			cpu0 := cputime.Thread()
			start := time.Now()
			if _, err := search.Run(ctx, st, search.Request{Query: q}); err != nil {
				return Report{}, nil, fmt.Errorf("%s: %w", q, err)
			}
			d := time.Since(start)
			c := cputime.Thread() - cpu0
			all, cpu = append(all, d), append(cpu, c)
			worst[q] = max(worst[q], c)
		}
	}
	slices.Sort(all)
	slices.Sort(cpu)
	pct := func(p float64) float64 { return ms(all[int(p*float64(len(all)-1))]) }
	cpct := func(p float64) float64 { return ms(cpu[int(p*float64(len(cpu)-1))]) }
	var slow []timed
	for q, d := range worst {
		slow = append(slow, timed{q, d})
	}
	slices.SortFunc(slow, func(a, b timed) int { return int(b.d - a.d) })
	return Report{Queries: len(qs), Rounds: rounds, P50ms: pct(0.5), P99ms: pct(0.99), Maxms: ms(all[len(all)-1]),
		CPUP50ms: cpct(0.5), CPUP99ms: cpct(0.99)}, slow, nil
}

func staticIndex(ctx context.Context, st *store.Store, qs []string) (*Static, error) {
	start := time.Now()
	stored, err := st.SearchDocuments(ctx)
	if err != nil {
		return nil, err
	}
	docs := make([]searchindex.Doc, len(stored))
	for i, d := range stored {
		docs[i] = searchindex.Doc{ID: d.ID, Path: d.Path, Fields: d.Fields}
	}
	files, err := searchindex.Build(docs)
	if err != nil {
		return nil, err
	}
	s := &Static{BuildSeconds: time.Since(start).Seconds(), Files: len(files)}
	for _, f := range files {
		s.Bytes += int64(len(f.Body))
	}
	ix := searchindex.Open(files)
	bodies := map[string][]byte{}
	for _, f := range files {
		bodies[f.Path] = f.Body
	}
	gz := map[string]int{}
	var loads, gzLoads []int
	for _, q := range qs {
		ix.Reset()
		if _, _, err := ix.Search(q, searchindex.PageSize); err != nil {
			return nil, fmt.Errorf("static %s: %w", q, err)
		}
		n, b := ix.Loaded()
		loads = append(loads, b)
		g := 0
		for _, p := range ix.LoadedPaths() {
			if _, ok := gz[p]; !ok {
				gz[p] = gzipSize(bodies[p])
			}
			g += gz[p]
		}
		gzLoads = append(gzLoads, g)
		s.ManifestBytes = ix.LoadedBytes("manifest.json")
		s.TermBytes += ix.LoadedBytes("t/") / len(qs)
		s.DocBytes += ix.LoadedBytes("d/") / len(qs)
		s.QueryFilesMax = max(s.QueryFilesMax, n)
	}
	slices.Sort(loads)
	slices.Sort(gzLoads)
	s.QueryGzipP50, s.QueryGzipMax = gzLoads[len(gzLoads)/2], gzLoads[len(gzLoads)-1]
	s.QueryBytesP50, s.QueryBytesP99, s.QueryBytesMax = loads[len(loads)/2], loads[int(0.99*float64(len(loads)-1))], loads[len(loads)-1]
	return s, nil
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b) //nolint:errcheck // a bytes.Buffer does not fail
	w.Close()
	return buf.Len()
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

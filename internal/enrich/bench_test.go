package enrich

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/benchmem"
)

// manyHostJobs makes n one-source jobs spread over hosts hosts
// (h1.test…hN.test), each source a page of its own.
func manyHostJobs(w *fakeWeb, n, hosts int) []Job {
	jobs := make([]Job, n)
	for i := range jobs {
		jobs[i] = Job{EventID: int64(i + 1), Date: day, Sources: []Source{{ID: int64(i + 1),
			URL: w.url(fmt.Sprintf("h%d.test", i%hosts+1), fmt.Sprintf("/story/%d", i))}}}
	}
	return jobs
}

// runBench runs jobs, checking that every one got a summary and a cover.
func runBench(b *testing.B, e *Engine, jobs []Job) time.Duration {
	b.Helper()
	var missing atomic.Int64
	start := time.Now()
	_, err := e.Run(context.Background(), jobs, func(r Result) error {
		if r.Summary == "" || r.Cover == "" {
			missing.Add(1)
		}
		return nil
	})
	elapsed := time.Since(start)
	if err != nil {
		b.Fatal(err)
	}
	if n := missing.Load(); n > 0 {
		b.Fatalf("%d of %d jobs without a summary or cover", n, len(jobs))
	}
	return elapsed
}

// BenchmarkThroughputPolitenessOff measures sources enriched per second
// against 2,000 hosts of the local fake, with no per-host interval: what the
// engine, the fetcher and the extractor cost, the fake's answers included.
func BenchmarkThroughputPolitenessOff(b *testing.B) {
	for _, hosts := range []int{8, 64} {
		b.Run(fmt.Sprintf("hosts=%d", hosts), func(b *testing.B) {
			w := newFakeWeb(b)
			w.quiet = true
			opts := testOptions(w)
			opts.Hosts = hosts
			opts.Fetcher.Timeout = 10 * time.Second
			jobs := manyHostJobs(w, max(b.N, 100), 2000)
			b.ResetTimer()
			elapsed := runBench(b, New(opts), jobs)
			b.ReportMetric(float64(len(jobs))/elapsed.Seconds(), "sources/s")
		})
	}
}

// BenchmarkPerHostLimitHolds runs 2,000 hosts with three sources each at
// one request per 50 ms per host, and fails unless every host's requests
// (robots.txt included) are at least that far apart.
func BenchmarkPerHostLimitHolds(b *testing.B) {
	const hosts, perHost, interval = 2000, 3, 50 * time.Millisecond
	for range b.N {
		w := newFakeWeb(b)
		opts := testOptions(w)
		opts.Interval = interval
		opts.Hosts = 64
		opts.Fetcher.Timeout = 10 * time.Second
		jobs := manyHostJobs(w, hosts*perHost, hosts)
		elapsed := runBench(b, New(opts), jobs)
		byHost := map[string][]time.Time{}
		w.mu.Lock()
		for key, ts := range w.hits {
			h, _, _ := strings.Cut(key, "/")
			byHost[h] = append(byHost[h], ts...)
		}
		w.mu.Unlock()
		if len(byHost) != hosts {
			b.Fatalf("%d hosts asked, want %d", len(byHost), hosts)
		}
		for h, ts := range byHost {
			if len(ts) != perHost+1 {
				b.Errorf("%s asked %d times, want %d", h, len(ts), perHost+1)
			}
			checkSpacing(b, h, ts, interval)
		}
		b.ReportMetric(float64(len(jobs))/elapsed.Seconds(), "sources/s")
		b.ReportMetric(float64(w.maxInFlight), "max-in-flight")
	}
}

// BenchmarkMemory100kSources runs 100,000 one-source jobs over 2,000 hosts
// (politeness off) and reports the peak of the live heap, sampled every
// 10 ms; the fake server's own allocations share that heap.
func BenchmarkMemory100kSources(b *testing.B) {
	const n = 100_000
	for range b.N {
		w := newFakeWeb(b)
		w.quiet = true
		opts := testOptions(w)
		opts.Hosts = 64
		opts.Fetcher.Timeout = 10 * time.Second
		jobs := manyHostJobs(w, n, 2000)
		runtime.GC()
		stopHeap := benchmem.PeakHeap()
		elapsed := runBench(b, New(opts), jobs)
		b.ReportMetric(float64(stopHeap())/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(n)/elapsed.Seconds(), "sources/s")
	}
}

package wikisync

import (
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/benchmem"
	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
	"github.com/chronicle-archive/chronicle/internal/mediawiki/mwtest"
	"github.com/chronicle-archive/chronicle/internal/store"
	"github.com/chronicle-archive/chronicle/internal/testcorpus"
)

// BenchmarkSyncCorpus syncs every day of the corpus (2002-01-01 to
// 2026-03-31) from a fake API serving it into a fresh store: the sync
// alone, without the derived data that the command computes after it. It
// reports the requests made, the time and the peak live heap above what the
// fake itself holds.
func BenchmarkSyncCorpus(b *testing.B) {
	fake := mwtest.New()
	defer fake.Close()
	if _, err := fake.LoadDumpFile(testcorpus.Path(b)); err != nil {
		b.Fatal(err)
	}
	base := liveHeap()
	first, last := mediawiki.FirstDay, event.Date{Year: 2026, Month: time.March, Day: 31}
	var peak uint64
	var sum Summary
	for b.Loop() {
		st, err := store.Open(filepath.Join(b.TempDir(), "chronicle.db"))
		if err != nil {
			b.Fatal(err)
		}
		c, err := mediawiki.NewClient(fake.Endpoint(), mediawiki.ClientOptions{})
		if err != nil {
			b.Fatal(err)
		}
		stop := benchmem.PeakHeap()
		sum, err = Run(ctx, st, c, first, last, Options{})
		peak = max(peak, stop())
		st.Close()
		if err != nil || sum.Changed != 8587 {
			b.Fatalf("%v: %v", sum, err)
		}
	}
	b.ReportMetric(float64(sum.Requests), "requests/op")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/sync")
	b.ReportMetric(float64(peak-min(peak, base))/(1<<20), "peak-heap-MB")
}

func liveHeap() uint64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

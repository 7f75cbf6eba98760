package main

import (
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/benchmem"
	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
	"github.com/chronicle-archive/chronicle/internal/mediawiki/mwtest"
	"github.com/chronicle-archive/chronicle/internal/testcorpus"
)

// corpusWiki starts a fake API serving every page of the shared corpus
// (skipping tb when the corpus is absent).
func corpusWiki(tb testing.TB) *mwtest.Server {
	tb.Helper()
	path := testcorpus.Path(tb)
	fake := mwtest.New()
	tb.Cleanup(fake.Close)
	n, err := fake.LoadDumpFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if n != 8587 {
		tb.Fatalf("the corpus has %d pages, want 8587", n)
	}
	return fake
}

// daysSince counts the days from mediawiki.FirstDay to today, both included.
func daysSince() int {
	today := event.NewDate(time.Now().UTC())
	return int(today.Time().Sub(mediawiki.FirstDay.Time()).Hours()/24) + 1
}

// TestSyncAllCorpusStoresWhatImportStores syncs every day from a fake API
// serving the whole corpus and compares the database with an import of it.
func TestSyncAllCorpusStoresWhatImportStores(t *testing.T) {
	if testing.Short() {
		t.Skip("syncs the whole corpus")
	}
	fake := corpusWiki(t)
	synced := filepath.Join(t.TempDir(), "synced.db")
	r := chronicle("sync", "--db", synced, "--api", fake.Endpoint(), "--all")
	total := daysSince()
	want := fmt.Sprintf("synced %d days: 8587 fetched, 8587 changed, 0 unchanged, %d missing, 0 failed", total, total-8587)
	if r.status != exitOK || !strings.HasPrefix(r.stdout, want) {
		t.Fatalf("want %q:\n%s", want, r)
	}
	importedDB := filepath.Join(t.TempDir(), "imported.db")
	if r := chronicle("import", "--db", importedDB, testcorpus.Path(t)); r.status != exitOK {
		t.Fatal(r)
	}
	assertSameDays(t, synced, importedDB)
	a, b := chronicle("export", "--db", synced), chronicle("export", "--db", importedDB)
	if strings.Count(a.stdout, "\n") != 113258 || sha256.Sum256([]byte(a.stdout)) != sha256.Sum256([]byte(b.stdout)) {
		t.Errorf("export after sync (%d lines) differs from export after import (%d lines)",
			strings.Count(a.stdout, "\n"), strings.Count(b.stdout, "\n"))
	}
	if sa, sb := chronicle("stats", "--db", synced).stdout, chronicle("stats", "--db", importedDB).stdout; sa != sb {
		t.Errorf("stats differ:\n%s\n---\n%s", sa, sb)
	}
	fake.ResetStats()
	again := chronicle("sync", "--db", synced, "--api", fake.Endpoint(), "--all")
	if again.status != exitOK || !strings.Contains(again.stdout, " 0 fetched,") || fake.Stats().ContentRequests != 0 {
		t.Errorf("second sync --all: %s (%d content requests)", again, fake.Stats().ContentRequests)
	}
}

func heapNow() uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	return sample[0].Value.Uint64()
}

// BenchmarkSyncAllCorpus syncs every day into a fresh database from a fake
// API serving the whole corpus: requests made, time, and the peak heap of
// the process above what the fake itself holds.
func BenchmarkSyncAllCorpus(b *testing.B) {
	fake := corpusWiki(b)
	base := heapNow()
	var peak uint64
	for b.Loop() {
		db := filepath.Join(b.TempDir(), "chronicle.db")
		fake.ResetStats()
		stop := benchmem.PeakHeap()
		r := chronicle("sync", "--db", db, "--api", fake.Endpoint(), "--all")
		peak = max(peak, stop())
		if r.status != exitOK {
			b.Fatal(r)
		}
	}
	b.ReportMetric(float64(fake.Stats().Requests), "requests/op")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/sync")
	b.ReportMetric(float64(peak-min(base, peak))/(1<<20), "peak-heap-MB")
}

// BenchmarkSyncRecentUnchanged syncs the last 7 days into a database that
// holds the whole corpus and those days already: nothing has changed.
func BenchmarkSyncRecentUnchanged(b *testing.B) {
	fake := corpusWiki(b)
	today := time.Now().UTC()
	for i := range 7 {
		d := event.NewDate(today.AddDate(0, 0, -i))
		fake.Edit(mediawiki.DayTitle(d), syncDay(d, "Something happens today.", "Another thing happens."), "")
	}
	db := filepath.Join(b.TempDir(), "chronicle.db")
	if r := chronicle("sync", "--db", db, "--api", fake.Endpoint(), "--all"); r.status != exitOK {
		b.Fatal(r)
	}
	fake.ResetStats()
	b.ResetTimer()
	for b.Loop() {
		r := chronicle("sync", "--db", db, "--api", fake.Endpoint(), "--recent", "7")
		if r.status != exitOK || !strings.Contains(r.stdout, "7 unchanged") {
			b.Fatal(r)
		}
	}
	b.ReportMetric(float64(fake.Stats().Requests)/float64(b.N), "requests/op")
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/sync")
}

package ingest

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/store"
	"github.com/chronicle-archive/chronicle/internal/testcorpus"
)

// BenchmarkIngestCorpus imports the shared corpus into a fresh store: the
// ingest phase of `chronicle import`, whose target is under 15 s on two cores.
// It reports the summary's own time, as the command prints it.
func BenchmarkIngestCorpus(b *testing.B) {
	corpus := testcorpus.Path(b)
	var sum Summary
	for b.Loop() {
		b.StopTimer()
		st, err := store.Open(filepath.Join(b.TempDir(), "chronicle.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err = Run(context.Background(), st, []string{corpus}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(sum.Duration.Seconds(), "s/import")
	b.ReportMetric(float64(sum.Events), "events")
}

// BenchmarkStoreCorpus stores the parsed corpus into a fresh store in the
// batches Run uses, without reading or parsing: the store's share of an import.
func BenchmarkStoreCorpus(b *testing.B) {
	var days []store.Day
	for _, p := range testcorpus.Pages(b) {
		day, err := parseDay(p.Date, p.Text)
		if err != nil {
			continue
		}
		days = append(days, store.Day{Date: p.Date, Title: p.Title, Wikitext: p.Text, Events: day.Events})
	}
	for b.Loop() {
		b.StopTimer()
		st, err := store.Open(filepath.Join(b.TempDir(), "chronicle.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for batch := range slices.Chunk(days, DefaultBatchSize) {
			if _, err := st.ImportDays(context.Background(), batch); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
}

package related

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/cputime"
	"github.com/chronicle-archive/chronicle/internal/event"
)

// BenchmarkComputeCorpus ranks the related events of the whole shared corpus
// (target: < 10 s on the 2-core reference machine).
func BenchmarkComputeCorpus(b *testing.B) {
	events := loadCorpus(b)
	b.ResetTimer()
	cpu := cputime.Process()
	for b.Loop() {
		Compute(events, Options{})
	}
	reportRates(b, len(events), cputime.Process()-cpu)
}

// reportRates adds events per second and the CPU seconds per run, which
// shows the work done apart from what other processes take of the cores.
func reportRates(b *testing.B, events int, cpu time.Duration) {
	b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkComputeSynthetic ranks a synthetic archive of 20,000 events over
// five years, with Zipf-distributed entities and words.
func BenchmarkComputeSynthetic(b *testing.B) {
	events := syntheticEvents(20000, 1)
	b.ResetTimer()
	cpu := cputime.Process()
	for b.Loop() {
		Compute(events, Options{})
	}
	reportRates(b, len(events), cputime.Process()-cpu)
}

// syntheticEvents makes n events, about 12 a day, with a few entities, a
// ten-word headline and a story for one in three, all drawn from Zipf laws.
func syntheticEvents(n int, seed uint64) []event.Event {
	rng := rand.New(rand.NewPCG(seed, seed))
	entity := rand.NewZipf(rng, 1.2, 1, 5000)
	word := rand.NewZipf(rng, 1.1, 1, 30000)
	story := rand.NewZipf(rng, 1.3, 1, 2000)
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	events := make([]event.Event, n)
	for i := range events {
		e := &events[i]
		e.Date = event.NewDate(start.AddDate(0, 0, i/12))
		e.Position = i % 12
		for range 1 + rng.IntN(3) {
			e.Entities = append(e.Entities, event.Entity{Title: fmt.Sprintf("Entity %d", entity.Uint64())})
		}
		for range 10 {
			e.Headline += fmt.Sprintf("w%d ", word.Uint64())
		}
		if rng.IntN(3) == 0 {
			e.Stories = []string{fmt.Sprintf("Story %d", story.Uint64())}
		}
		e.Path = fmt.Sprintf("%s/event-%d", e.Date.Dir(), e.Position)
	}
	return events
}

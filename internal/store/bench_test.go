package store

import (
	"fmt"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// BenchmarkImportDays imports synthetic days into a fresh store in one batch:
// 1,000 days of 13 events, and the shared corpus's scale (8,587 days, about
// 113,000 events), whose target is well under 10 s.
func BenchmarkImportDays(b *testing.B) {
	for _, days := range []int{1000, 8587} {
		b.Run(fmt.Sprintf("days=%d", days), func(b *testing.B) {
			batch := newSynthetic(13).days(days)
			events := 0
			for _, d := range batch {
				events += len(d.Events)
			}
			for b.Loop() {
				b.StopTimer()
				s, _ := openTemp(b)
				b.StartTimer()
				if _, err := s.ImportDays(ctx, batch); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(events*b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkEachEvent reads back every event of 1,000 synthetic days, as the
// static build does for the whole archive.
func BenchmarkEachEvent(b *testing.B) {
	s, _ := openTemp(b)
	mustImport(b, s, newSynthetic(13).days(1000)...)
	n := 0
	for b.Loop() {
		err := s.EachEvent(ctx, event.Date{}, event.Date{}, func(event.Event) error {
			n++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}

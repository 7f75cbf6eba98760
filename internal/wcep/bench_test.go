package wcep

import (
	"testing"

	"github.com/chronicle-archive/chronicle/internal/cputime"
	"github.com/chronicle-archive/chronicle/internal/testcorpus"
)

// BenchmarkParseDay parses every day page of the shared corpus (32 MB of
// wikitext); MB/s is wikitext parsed per second on one core (run with -cpu 1).
// cpu-MB/s counts the process's CPU time instead of the wall clock, which is
// the steadier figure on a machine shared with other work.
func BenchmarkParseDay(b *testing.B) {
	pages := testcorpus.Pages(b)
	benchmarkPages(b, pages, func(p *dayParser, pg testcorpus.Page) error {
		_, err := p.parse(pg.Date, pg.Text)
		return err
	})
}

// BenchmarkParseDayWithoutPaths is BenchmarkParseDay without event.Paths: the
// parser's own speed.
func BenchmarkParseDayWithoutPaths(b *testing.B) {
	pages := testcorpus.Pages(b)
	benchmarkPages(b, pages, func(p *dayParser, pg testcorpus.Page) error {
		_, err := p.parseEvents(pg.Date, pg.Text)
		return err
	})
}

// BenchmarkParseDayFixtures parses the fixtures of testdata/, which hold more
// markup (templates, refs, entities) than the corpus.
func BenchmarkParseDayFixtures(b *testing.B) {
	var pages []testcorpus.Page
	for _, name := range fixtureNames(b) {
		pages = append(pages, readFixture(b, name))
	}
	benchmarkPages(b, pages, func(p *dayParser, pg testcorpus.Page) error {
		_, err := p.parse(pg.Date, pg.Text)
		return err
	})
}

func benchmarkPages(b *testing.B, pages []testcorpus.Page, parse func(*dayParser, testcorpus.Page) error) {
	var size int64
	for _, pg := range pages {
		size += int64(len(pg.Text))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	var p dayParser
	start := cputime.Process()
	for b.Loop() {
		for _, pg := range pages {
			if err := parse(&p, pg); err != nil {
				b.Fatal(err)
			}
		}
	}
	if cpu := cputime.Process() - start; cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/cpu.Seconds()/1e6, "cpu-MB/s")
	}
}

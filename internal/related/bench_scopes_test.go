package related

import (
	"testing"

	"github.com/chronicle-archive/chronicle/internal/cputime"
)

// BenchmarkRankCorpusScopes ranks both lists the import stores — other years
// and around — for every event of the shared corpus, from one index, as the
// whole-archive pass of internal/derive does (without saving).
func BenchmarkRankCorpusScopes(b *testing.B) {
	events := loadCorpus(b)
	b.ResetTimer()
	cpu := cputime.Process()
	for b.Loop() {
		x := NewIndex(events, Options{})
		paths := x.Paths()
		for _, s := range []Scope{OtherYears, Around} {
			ComputeFor(x.WithScope(s), paths)
		}
	}
	reportRates(b, len(events), cputime.Process()-cpu)
}

package searchindex

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// capped keeps what sorting by score (then the later event) and cutting
// at MaxPostings keeps, as Build once did.
func TestCappedIsSortAndCut(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tt := range []struct{ n, scores int }{{10, 5}, {MaxPostings, 3}, {MaxPostings + 1, 1}, {5000, 3}, {20000, 40}, {9000, 2000}} {
		list := make([]posting, tt.n)
		for i := range list {
			list[i] = posting{doc: int64(i * 2), score: 1 + r.IntN(tt.scores)}
		}
		want := slices.Clone(list)
		if len(want) > MaxPostings {
			slices.SortStableFunc(want, func(a, b posting) int { return cmp.Or(b.score-a.score, cmp.Compare(b.doc, a.doc)) })
			want = want[:MaxPostings]
		}
		slices.SortFunc(want, byDoc)
		if got := capped(list); !slices.Equal(got, want) {
			t.Errorf("%d events of %d scores: kept %d, want %d", tt.n, tt.scores, len(got), len(want))
		}
	}
}

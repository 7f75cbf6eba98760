package searchindex

import (
	"cmp"
	"maps"
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

// shardTermsReference is shardTerms as it was first written, on a map of
// sizes with a rune slice per term: the faster one must group alike.
func shardTermsReference(terms map[string]int) map[string][]string {
	names := make([]string, 0, len(terms))
	for w := range terms {
		names = append(names, w)
	}
	slices.Sort(names)
	out := map[string][]string{}
	var split func(key string, names []string)
	split = func(key string, names []string) {
		size := 0
		for _, w := range names {
			size += terms[w]
		}
		keyLen := len([]rune(key))
		if size <= ShardBytes || len(names) == 1 {
			out[key] = names
			return
		}
		groups := map[string][]string{}
		var order []string
		for _, w := range names {
			rs := []rune(w)
			if len(rs) <= keyLen {
				out[key] = append(out[key], w)
				continue
			}
			k := string(rs[:keyLen+1])
			if groups[k] == nil {
				order = append(order, k)
			}
			groups[k] = append(groups[k], w)
		}
		for _, k := range order {
			split(k, groups[k])
		}
	}
	byFirst := map[string][]string{}
	var order []string
	for _, w := range names {
		k := string([]rune(w)[:1])
		if byFirst[k] == nil {
			order = append(order, k)
		}
		byFirst[k] = append(byFirst[k], w)
	}
	for _, k := range order {
		split(k, byFirst[k])
	}
	return out
}

func TestShardTermsIsTheReference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	letters := []rune("aabcdeéioøsštxzßя中")
	for _, n := range []int{1, 50, 3000, 40000} {
		sizes := map[string]int{}
		for range n {
			w := make([]rune, 1+r.IntN(7))
			for i := range w {
				w[i] = letters[r.IntN(len(letters))]
			}
			sizes[string(w)] = listBytes(string(w), r.IntN(MaxPostings*2))
		}
		names := slices.Sorted(maps.Keys(sizes))
		list := make([]int, len(names))
		for i, w := range names {
			list[i] = sizes[w]
		}
		got, want := shardTerms(names, list), shardTermsReference(sizes)
		if !maps.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%d terms: %d shards, want %d", n, len(got), len(want))
		}
	}
}

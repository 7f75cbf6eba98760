package searchindex

import (
	"bytes"
	"cmp"
	"encoding/json"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// capped keeps what sorting by score (then the later event) and cutting
// at MaxPostings keeps, as Build once did.
func TestCappedIsSortAndCut(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tt := range []struct{ n, scores int }{{10, 5}, {MaxPostings, 3}, {MaxPostings + 1, 1}, {5000, 3}, {20000, 40}, {9000, 2000}, {5000, 1 << 17}} {
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

// shardBodyReference is shardBody as first written, through a
// bytes.Buffer and a string for each number: the faster one must write
// the same bytes.
func shardBodyReference(names []string, terms map[string]*term) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, w := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(w)
		b.Write(key)
		b.WriteString(":[")
		t := terms[w]
		b.WriteString(strconv.Itoa(t.df))
		prev := int64(0)
		for _, p := range capped(t.postings()) {
			b.WriteByte(',')
			b.WriteString(strconv.FormatInt(p.doc-prev, 10))
			b.WriteByte(',')
			b.WriteString(strconv.Itoa(p.score))
			prev = p.doc
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return b.Bytes()
}

func TestShardBodyIsTheReference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, tt := range []struct {
		name  string
		terms []string
		n     int // events of each term at most
	}{
		{"no term", nil, 0},
		{"one short term", []string{"nato"}, 3},
		{"capped terms", []string{"the", "of", "in"}, 3 * MaxPostings},
		{"quoted and accented", []string{`"q"`, "é", "naïve", "東京"}, 40},
	} {
		t.Run(tt.name, func(t *testing.T) {
			terms := map[string]*term{}
			for _, w := range tt.terms {
				n := 1 + r.IntN(tt.n)
				list := make([]posting, n)
				for i := range list {
					list[i] = posting{doc: int64(i*3 + r.IntN(3)), score: 1 + r.IntN(90)}
				}
				terms[w] = &term{df: n, list: list}
			}
			got, err := shardBody(tt.terms, terms)
			if want := shardBodyReference(tt.terms, terms); err != nil || !bytes.Equal(got, want) {
				t.Errorf("shardBody = %.80q…, %v; want %.80q…", got, err, want)
			}
		})
	}
}

package related

import (
	"slices"
	"testing"
)

// TestEachSharedTokenAgreesWithTokens checks the in-place matching of
// splitHeadline against Tokens, the rule it must follow.
func TestEachSharedTokenAgreesWithTokens(t *testing.T) {
	long := "Supercalifragilisticexpialidocious-and-even-longer-words-joined-by-dashes-here"
	for _, text := range []string{
		"Tu-154", "U.S.", "Israel's", "COVID-19", "2018", "10", "the", "Reykjavik",
		"São", "Zürich-based", "ÉTATS-UNIS", "x", "http://www.example.com/a", "TÖPIC",
		"topic", "Topic", long, long + "Ü", "a1b2", "AbC_dEf",
	} {
		t.Run(text, func(t *testing.T) {
			want := Tokens(text)
			var shared []WeightedTerm
			for _, w := range want {
				if !slices.ContainsFunc(shared, func(s WeightedTerm) bool { return s.Term == w }) {
					shared = append(shared, WeightedTerm{Term: w})
				}
			}
			shared = append(shared, WeightedTerm{Term: "unrelated"})
			var got []string
			eachSharedToken(text, shared, func(k int) { got = append(got, shared[k].Term) })
			if !slices.Equal(got, want) {
				t.Errorf("eachSharedToken(%q) = %q, Tokens gives %q", text, got, want)
			}
		})
	}
}

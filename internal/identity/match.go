// Package identity tells which event of a day's new revision is which event
// of its old one, so that an edited event keeps its identity (and its old
// address can lead to the new one) and the history of a day can say what
// each edit added, removed and changed.
package identity

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// MinJaccard is the token Jaccard similarity of two headlines above which
// they are taken for the same event, whatever their sources.
const MinJaccard = 0.6

// minJaccardSharedSource is the similarity enough for two events that cite
// a source in common.
const minJaccardSharedSource = 0.3

// Change is what became of an event between two revisions.
type Change int

// The changes, as History shows them.
const (
	Unchanged Change = iota
	Edited
	Added
	Removed
)

func (c Change) String() string {
	return [...]string{"unchanged", "edited", "added", "removed"}[c]
}

// Pair is an old event and the new one it became; Old is -1 for an added
// event, New is -1 for a removed one.
type Pair struct {
	Old, New int
	Change   Change
}

// Match pairs the events of an old and a new revision of a day. Two events
// are the same when their headline and text are equal; otherwise when they
// cite the same sources (the same URLs, at least one), or their headlines'
// token Jaccard similarity is at least MinJaccard, or at least 0.3 and
// they cite a source in common. Among several candidates the one with the
// same sources wins, then the more similar headline, then the one at the
// same position, then the nearer one; each
// event is matched at most once. The pairs come in the new revision's order,
// the removed events after them in the old order.
func Match(old, new []event.Event) []Pair {
	oldUsed := make([]bool, len(old))
	newUsed := make([]bool, len(new))
	var pairs []Pair
	// Identical events first: a moved event is not an edited one.
	for j := range new {
		for i := range old {
			if !oldUsed[i] && old[i].Headline == new[j].Headline && old[i].Text == new[j].Text {
				oldUsed[i], newUsed[j] = true, true
				pairs = append(pairs, Pair{Old: i, New: j, Change: unchangedOrEdited(old[i], new[j])})
				break
			}
		}
	}
	for _, c := range candidates(old, new, oldUsed, newUsed) {
		if oldUsed[c.old] || newUsed[c.new] {
			continue
		}
		oldUsed[c.old], newUsed[c.new] = true, true
		pairs = append(pairs, Pair{Old: c.old, New: c.new, Change: unchangedOrEdited(old[c.old], new[c.new])})
	}
	for j := range new {
		if !newUsed[j] {
			pairs = append(pairs, Pair{Old: -1, New: j, Change: Added})
		}
	}
	slices.SortStableFunc(pairs, func(a, b Pair) int { return cmp.Compare(a.New, b.New) })
	for i := range old {
		if !oldUsed[i] {
			pairs = append(pairs, Pair{Old: i, New: -1, Change: Removed})
		}
	}
	return pairs
}

// unchangedOrEdited compares what a reader sees of an event: its headline,
// text, sources, category and stories.
func unchangedOrEdited(a, b event.Event) Change {
	if a.Headline != b.Headline || a.Text != b.Text || a.Category != b.Category ||
		!slices.Equal(a.Stories, b.Stories) || !slices.Equal(a.Sources, b.Sources) {
		return Edited
	}
	return Unchanged
}

type candidate struct {
	old, new   int
	sameSource bool
	similarity float64
	distance   int
}

// candidates lists the pairs of unmatched events similar enough, best first.
func candidates(old, new []event.Event, oldUsed, newUsed []bool) []candidate {
	oldTokens := make([]map[string]bool, len(old))
	for i := range old {
		oldTokens[i] = Tokens(old[i].Headline)
	}
	var out []candidate
	for j := range new {
		if newUsed[j] {
			continue
		}
		nt := Tokens(new[j].Headline)
		for i := range old {
			if oldUsed[i] {
				continue
			}
			sim := Jaccard(oldTokens[i], nt)
			same := sameSources(old[i].Sources, new[j].Sources)
			shared := same || shareSource(old[i].Sources, new[j].Sources)
			if same || sim >= MinJaccard || (shared && sim >= minJaccardSharedSource) {
				out = append(out, candidate{old: i, new: j, sameSource: same, similarity: sim, distance: abs(old[i].Position - new[j].Position)})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b candidate) int {
		if a.sameSource != b.sameSource {
			if a.sameSource {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(b.similarity, a.similarity), cmp.Compare(a.distance, b.distance),
			cmp.Compare(a.old, b.old), cmp.Compare(a.new, b.new))
	})
	return out
}

// sameSources reports whether a and b cite the same URLs, at least one.
func sameSources(a, b []event.Source) bool {
	if len(a) == 0 || len(a) != len(b) {
		return false
	}
	for _, s := range a {
		if !slices.ContainsFunc(b, func(t event.Source) bool { return t.URL == s.URL }) {
			return false
		}
	}
	return true
}

func shareSource(a, b []event.Source) bool {
	for _, s := range a {
		for _, t := range b {
			if s.URL != "" && s.URL == t.URL {
				return true
			}
		}
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Tokens returns the set of lower-case words (runs of letters and digits)
// of a headline.
func Tokens(s string) map[string]bool {
	out := make(map[string]bool)
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		out[w] = true
	}
	return out
}

// Jaccard returns |a∩b| / |a∪b|, 1 for two empty sets.
func Jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

package related

import (
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// Tokens splits a headline into the words the headline similarity is made of:
// lowercased, accents folded to ASCII (é→e) by the same rule as event slugs,
// split at every character that is not a letter or digit, with stopwords,
// one-letter pieces ("U.S." gives "u", "s"), short numbers and the leftovers of
// links (http, www, com…) dropped. Words come back in headline order, repeats kept.
func Tokens(headline string) []string {
	slug := event.TopicSlug(headline)
	if slug == "topic" && !strings.Contains(strings.ToLower(headline), "topic") {
		return nil // TopicSlug's placeholder for a headline with no letters
	}
	var out []string
	for word := range strings.SplitSeq(slug, "-") {
		if keepToken(word) {
			out = append(out, word)
		}
	}
	return out
}

// keepToken reports whether a folded word carries meaning for similarity.
func keepToken(word string) bool {
	if len(word) < 2 || stopwords[word] {
		return false
	}
	return !isShortNumber(word)
}

// isShortNumber reports whether word is all digits and shorter than a year:
// counts ("10 people") match unrelated events, years ("2018") do not.
func isShortNumber(word string) bool {
	if len(word) >= 4 {
		return false
	}
	for i := 0; i < len(word); i++ {
		if word[i] < '0' || word[i] > '9' {
			return false
		}
	}
	return true
}

// stopwords are English function words, the pieces that link markup and
// URLs leave behind in text, and the news's own words, which say nothing of
// what a story is about: counts and spans written as words, the reporting
// verbs and the casualty formula ("at least four people are killed"). Shared
// alone, each linked events that had nothing else in common (docs/related.md,
// "The news's own words").
var stopwords = toSet(`a about above after again against all also am among an and any are as at
be because been before being below between both but by can could did do does doing down during
each few for from further had has have having he her here hers herself him himself his how i if in
into is it its itself just me more most my myself no nor not now of off on once only or other our
ours ourselves out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up upon very via was we were what when
where which while who whom why will with within without would you your yours yourself yourselves
amid amidst despite per since though toward towards whether yet
http https www com org net html htm php aspx example url ref cite
one two three four five six seven eight nine ten dozen dozens hundred hundreds thousand thousands
million millions billion billions first second new
day days week weeks month months year years
say says said announce announces announced according report reports reported
people killed least others`)

// weakWords are headline words that count in a pair's cosine but never
// relate two events alone (scoreOf): the casualty formula's injuries and the
// prepositions and connectives of place and cause ("ten injured near Goma,
// including two children", "due to"). Dropped as stopwords, they would also
// leave the pairs an entity or a story relates, whose events they do help
// rank (docs/related.md, "Weak words").
var weakWords = toSet(`injured wounded near including following due across along around behind beside beyond inside outside onto throughout`)

func toSet(words string) map[string]bool {
	set := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

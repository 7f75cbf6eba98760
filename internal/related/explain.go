package related

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// contextWords is how many shared words make the context when the two events
// share no entity and no story.
const contextWords = 3

// explain scores event j as a related event of event i exactly, with the
// breakdown and the context a reader sees.
func (idx *index) explain(i, j int32, wt Weights) Related {
	var why Contribution
	why.Entities, why.EntityScore = idx.sharedEntities(i, j)
	why.Words, why.Cosine = idx.sharedWords(i, j)
	why.Story, why.StoryBonus = idx.sharedStory(i, j)
	r := idx.relatedBy(j, why, wt)
	r.Why = why
	return r
}

// listed is explain without the breakdown, as the ranking lists event j for
// event i (the store keeps no breakdowns): the headlines' shared words,
// gathered and sorted, are what the context shows only when the events
// share no entity, so they are gathered only then.
func (idx *index) listed(i, j int32, wt Weights) Related {
	var shared Contribution
	shared.Entities, shared.EntityScore = idx.sharedEntities(i, j)
	if len(shared.Entities) == 0 {
		shared.Words, shared.Cosine = idx.sharedWords(i, j)
	} else {
		shared.Cosine, _ = idx.cosine(i, j) // summed as sharedWords sums it
	}
	shared.Story, shared.StoryBonus = idx.sharedStory(i, j)
	return idx.relatedBy(j, shared, wt)
}

// relatedBy is event j as a related event, its context and score made of
// what it shares with the ranked event.
func (idx *index) relatedBy(j int32, shared Contribution, wt Weights) Related {
	ev := idx.events[j]
	return Related{
		Path:     ev.Path,
		Headline: ev.Headline,
		Date:     ev.Date,
		Context:  contextOf(shared, ev.Headline),
		Score:    blend(wt, shared.EntityScore, shared.Cosine, shared.StoryBonus),
	}
}

// score is explain's Score without the breakdown, allocation-free for the
// shortlist's exact rescoring; 0 for a pair that shares neither an entity
// nor a story and whose telling words are less alike than its scope's
// floor (wordFloor, scoreOf).
func (idx *index) score(i, j int32, o Options) float64 {
	entity := idx.entityOverlap(i, j)
	cosine, telling := idx.cosine(i, j)
	_, bonus := idx.sharedStory(i, j)
	return scoreOf(o, entity, cosine, telling, bonus)
}

// scoreOf blends the signals of a pair under o, 0 for a word-only pair
// whose telling words (all its shared words but the weak ones, weakWords)
// add up to less than its scope's floor.
func scoreOf(o Options, entity, cosine, telling, bonus float64) float64 {
	if entity == 0 && bonus == 0 && telling < wordFloor(o.Scope) {
		return 0
	}
	return blend(o.Weights, entity, cosine, bonus)
}

// wordFloor is the headline cosine below which two events that share no
// entity and no story are not related: one common word ("state", "term")
// is a coincidence, not a relation. Years apart the floor is 0.2; within
// 90 days, where such pairs are more often of one story, 0.1 (the
// measurements of both are in docs/related.md). OtherDays, kept for the
// measurements, has none.
func wordFloor(s Scope) float64 {
	switch s {
	case OtherYears:
		return 0.2
	case Around:
		return 0.1
	}
	return 0
}

func blend(wt Weights, entity, cosine, storyBonus float64) float64 {
	return wt.Entity*entity + wt.Cosine*cosine + wt.Story*storyBonus
}

// entityOverlap returns the sum of the IDF of the entities i and j share.
func (idx *index) entityOverlap(i, j int32) float64 {
	var entity float64
	a, b := idx.ents[i], idx.ents[j]
	for x, y := 0, 0; x < len(a) && y < len(b); {
		switch {
		case a[x] < b[y]:
			x++
		case a[x] > b[y]:
			y++
		default:
			entity += idx.entIDF[a[x]]
			x, y = x+1, y+1
		}
	}
	return entity
}

// cosine returns the cosine similarity of the headlines of i and j, and
// the part of it their telling words (all but weakWords) make, each summed
// in id order so that score and explain agree to the bit.
func (idx *index) cosine(i, j int32) (cosine, telling float64) {
	u, v := idx.words[i], idx.words[j]
	for x, y := 0, 0; x < len(u) && y < len(v); {
		switch {
		case u[x].id < v[y].id:
			x++
		case u[x].id > v[y].id:
			y++
		default:
			p := u[x].w * v[y].w
			cosine += p
			if !idx.wordWeak[u[x].id] {
				telling += p
			}
			x, y = x+1, y+1
		}
	}
	return cosine, telling
}

// sharedEntities returns the entities of both events with their IDF,
// alphabetical, and the sum of their IDF, summed in id order as
// entityOverlap does, so that the two agree to the bit.
func (idx *index) sharedEntities(i, j int32) ([]WeightedTerm, float64) {
	var sum float64
	a, b := idx.ents[i], idx.ents[j]
	n := countShared(a, b, func(id int32) int32 { return id })
	if n == 0 {
		return nil, 0
	}
	out := make([]WeightedTerm, 0, n)
	for x, y := 0, 0; x < len(a) && y < len(b); {
		switch {
		case a[x] < b[y]:
			x++
		case a[x] > b[y]:
			y++
		default:
			sum += idx.entIDF[a[x]]
			out = append(out, WeightedTerm{idx.entTitle[a[x]], idx.entIDF[a[x]]})
			x, y = x+1, y+1
		}
	}
	slices.SortFunc(out, func(p, q WeightedTerm) int { return strings.Compare(p.Term, q.Term) })
	return out, sum
}

// sharedWords returns the words of both headlines with their products of
// TF-IDF weights, strongest first, then alphabetical, and the cosine, their
// sum in id order as cosine computes it.
func (idx *index) sharedWords(i, j int32) ([]WeightedTerm, float64) {
	var cosine float64
	a, b := idx.words[i], idx.words[j]
	n := countShared(a, b, func(t termWeight) int32 { return t.id })
	if n == 0 {
		return nil, 0
	}
	out := make([]WeightedTerm, 0, n)
	for x, y := 0, 0; x < len(a) && y < len(b); {
		switch {
		case a[x].id < b[y].id:
			x++
		case a[x].id > b[y].id:
			y++
		default:
			cosine += a[x].w * b[y].w
			out = append(out, WeightedTerm{idx.wordName[a[x].id], a[x].w * b[y].w})
			x, y = x+1, y+1
		}
	}
	slices.SortStableFunc(out, func(p, q WeightedTerm) int {
		return cmp.Or(cmp.Compare(q.Weight, p.Weight), strings.Compare(p.Term, q.Term))
	})
	return out, cosine
}

// countShared returns how many ids two ascending lists share, so that the
// shared terms are allocated at their size: sizing them by what either list
// had left was a fifth of what a whole-archive pass allocated.
func countShared[T any](a, b []T, id func(T) int32) int {
	n := 0
	for x, y := 0, 0; x < len(a) && y < len(b); {
		switch p, q := id(a[x]), id(b[y]); {
		case p < q:
			x++
		case p > q:
			y++
		default:
			n++
			x, y = x+1, y+1
		}
	}
	return n
}

// sharedStory returns the innermost story of event i's path that event j's
// path holds too, with the bonus: 1 when it is both events' innermost story,
// 0.5 when it is another story of their paths, 0 when they share none.
func (idx *index) sharedStory(i, j int32) (string, float64) {
	a, b := idx.stories[i], idx.stories[j]
	for k := len(a) - 1; k >= 0; k-- {
		if !slices.Contains(b, a[k]) {
			continue
		}
		if k == len(a)-1 && b[len(b)-1] == a[k] {
			return idx.storyTitle[a[k]], 1
		}
		return idx.storyTitle[a[k]], 0.5
	}
	return "", 0
}

// contextOf picks what a reader is shown: the shared entities,
// alphabetical; else the strongest shared telling words (not weakWords) as
// the related headline writes them; else the shared story.
func contextOf(why Contribution, headline string) []string {
	if len(why.Entities) > 0 {
		out := make([]string, len(why.Entities))
		for k, e := range why.Entities {
			out[k] = e.Term
		}
		return out
	}
	if words := wordsAsWritten(headline, telling(why.Words), contextWords); len(words) > 0 {
		return words
	}
	if why.Story != "" {
		return []string{why.Story}
	}
	return nil
}

// telling returns the shared words but the weak ones (weakWords), which
// say nothing of what two events have in common: words itself when it
// holds none.
func telling(words []WeightedTerm) []WeightedTerm {
	k := slices.IndexFunc(words, func(w WeightedTerm) bool { return weakWords[w.Term] })
	if k < 0 {
		return words
	}
	out := slices.Clone(words[:k])
	for _, w := range words[k+1:] {
		if !weakWords[w.Term] {
			out = append(out, w)
		}
	}
	return out
}

// headlineWord is one space-separated word of a headline, trimmed of the
// punctuation around it, with the weight of the shared words it holds.
type headlineWord struct {
	text       string
	shared     bool
	weight     float64
	opens      bool // punctuation before it ("(DMZ") starts a new phrase
	closes     bool // punctuation after it ("Reykjavik,") ends its phrase
	connective bool // a short lowercase word that may join a name: "of", "de"
}

// wordsAsWritten returns up to n phrases of the headline made of the shared
// words (Tokens), as the headline writes them: a word holding a shared word
// is taken whole ("Tu-154"), and neighbouring ones form one phrase, also
// across a short lowercase word between two capitalised ones ("Bank of
// England"). Phrases come strongest first (the sum of their shared words'
// weights), then in headline order; repeats (ignoring case) are dropped.
func wordsAsWritten(headline string, shared []WeightedTerm, n int) []string {
	if len(shared) == 0 {
		return nil
	}
	var buf [48]headlineWord // most headlines fit: the words stay on the stack
	words := splitHeadline(buf[:0], headline, shared)
	type phrase struct {
		text   string
		weight float64
		at     int
	}
	var phrases []phrase
	for k := 0; k < len(words); {
		if !words[k].shared {
			k++
			continue
		}
		p := phrase{at: k}
		parts := []string{}
		for k < len(words) {
			w := words[k]
			if !w.shared && !joins(words, k) || w.opens && len(parts) > 0 {
				break
			}
			parts = append(parts, w.text)
			p.weight += w.weight
			k++
			if w.closes {
				break
			}
		}
		p.text = strings.Join(parts, " ")
		phrases = append(phrases, p)
	}
	slices.SortStableFunc(phrases, func(a, b phrase) int {
		return cmp.Or(cmp.Compare(b.weight, a.weight), cmp.Compare(a.at, b.at))
	})
	var out []string
	for _, p := range phrases {
		if len(out) < n && !slices.ContainsFunc(out, func(s string) bool { return strings.EqualFold(s, p.text) }) {
			out = append(out, p.text)
		}
	}
	return out
}

// joins reports whether words[k], not shared itself, joins two capitalised
// shared words into one name.
func joins(words []headlineWord, k int) bool {
	return words[k].connective && k > 0 && k+1 < len(words) &&
		words[k-1].shared && !words[k-1].closes && capitalised(words[k-1].text) &&
		words[k+1].shared && !words[k+1].opens && capitalised(words[k+1].text)
}

// splitHeadline splits a headline into its words, marking those that hold a
// shared word, and appends them to dst[:0]; each shared word's weight counts
// once, at its first word. It runs for every explained pair of a
// whole-archive pass, so it allocates little: the words go into the
// caller's array when they fit (allocating them was a fifth of what the pass
// allocated; counting them first, to size the rare longer headline's array,
// was a fifth of this split's time), and ASCII words are matched against
// the shared words in place.
func splitHeadline(dst []headlineWord, headline string, shared []WeightedTerm) []headlineWord {
	out := dst[:0]
	var small [64]bool
	counted := small[:0]
	if len(shared) <= len(small) {
		counted = small[:len(shared)]
	} else {
		counted = make([]bool, len(shared))
	}
	for raw := range strings.FieldsSeq(headline) {
		text := trimWord(raw)
		if text == "" {
			if len(out) > 0 {
				out[len(out)-1].closes = true
			}
			continue
		}
		w := headlineWord{text: text, opens: !strings.HasPrefix(raw, text), closes: !strings.HasSuffix(raw, text)}
		eachSharedToken(text, shared, func(k int) {
			w.shared = true
			if !counted[k] {
				counted[k] = true
				w.weight += shared[k].Weight
			}
		})
		w.connective = !w.shared && len(text) <= 3 && strings.ToLower(text) == text
		out = append(out, w)
	}
	return out
}

// eachSharedToken calls match(k) for each token of text (Tokens, in order,
// repeats kept) that is shared[k].Term. Shared words are tokens already, so
// a piece that equals one needs no stopword test; ASCII text, whose tokens
// are its lowercased runs of letters and digits, is compared without
// allocating, and other text goes through Tokens.
func eachSharedToken(text string, shared []WeightedTerm, match func(k int)) {
	find := func(tok []byte) {
		for k := range shared {
			if string(tok) == shared[k].Term {
				match(k)
				return
			}
		}
	}
	if !isASCII(text) {
		for _, tok := range Tokens(text) {
			find([]byte(tok))
		}
		return
	}
	var buf [64]byte
	for i := 0; i < len(text); {
		for i < len(text) && !isAlnum(text[i]) {
			i++
		}
		j := i
		for j < len(text) && isAlnum(text[j]) {
			j++
		}
		if j == i {
			break
		}
		tok := buf[:0]
		if j-i > len(buf) {
			tok = make([]byte, 0, j-i)
		}
		for _, c := range []byte(text[i:j]) {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			tok = append(tok, c)
		}
		find(tok)
		i = j
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// trimWord is strings.TrimFunc(raw, notWordRune), byte by byte for ASCII
// words (most of them), where a letter or digit is what isAlnum says.
func trimWord(raw string) string {
	if !isASCII(raw) {
		return strings.TrimFunc(raw, notWordRune)
	}
	i, j := 0, len(raw)
	for i < j && !isAlnum(raw[i]) {
		i++
	}
	for j > i && !isAlnum(raw[j-1]) {
		j--
	}
	return raw[i:j]
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

func capitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

package related

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// index is the archive prepared for ranking: events in a canonical order, their
// entities, stories and headline words as small integer ids, and the inverted
// indexes from each id to the events holding it (ascending, so in date order).
type index struct {
	events []event.Event // canonical order: date, position, path
	day    []int32       // days since 1970-01-01
	// dayStart and dayEnd bound the run of events of the same day, [start,
	// end); yearStart and yearEnd the run of the same year.
	dayStart, dayEnd   []int32
	yearStart, yearEnd []int32

	ents      [][]int32 // per event: distinct entity ids, ascending
	entTitle  []string
	entIDF    []float64
	entEvents [][]int32

	stories     [][]int32 // per event: story ids, outermost first
	storyTitle  []string
	storyEvents [][]int32

	words    [][]termWeight // per event: unit TF-IDF vector, ascending word id
	wordName []string
	wordWeak []bool // by word id: a weak word (weakWords)
	// wordEvents and wordWeights are each word's postings: the events
	// holding it (ascending) and its weight in each, apart so that the
	// window search reads the events alone.
	wordEvents  [][]int32
	wordWeights [][]float32

	// scratch keeps the dense arrays of finished workers for the next
	// (newWorker).
	scratch sync.Pool
}

// termWeight is one component of a headline's TF-IDF vector.
type termWeight struct {
	id int32
	w  float64
}

// buildIndex orders the events canonically and builds the inverted indexes.
func buildIndex(events []event.Event, ignoreStories bool) *index {
	idx := &index{events: canonicalOrder(events)}
	// Each part fills its own fields: they are built at once.
	var wg sync.WaitGroup
	wg.Go(idx.indexDays)
	wg.Go(func() {
		idx.indexStories(ignoreStories)
		idx.indexEntities(ignoreStories)
	})
	idx.indexWords(ignoreStories)
	wg.Wait()
	return idx
}

// canonicalOrder returns events sorted by date, position, path (then
// headline and text, for full determinism) without the later events that
// repeat a path. Events in that order already, as a store gives them, are
// returned as they are, sharing the caller's array: copying a whole
// archive's events took a quarter of a second. The events are not changed.
func canonicalOrder(events []event.Event) []event.Event {
	compare := func(a, b *event.Event) int {
		return cmp.Or(
			a.Date.Compare(b.Date),
			cmp.Compare(a.Position, b.Position),
			strings.Compare(a.Path, b.Path),
			strings.Compare(a.Headline, b.Headline),
			strings.Compare(a.Text, b.Text),
		)
	}
	// Events are large: sort their numbers, then copy each once.
	order := make([]int32, len(events))
	for i := range order {
		order[i] = int32(i)
	}
	sorted := events
	if !slices.IsSortedFunc(order, func(a, b int32) int { return compare(&events[a], &events[b]) }) {
		slices.SortStableFunc(order, func(a, b int32) int { return compare(&events[a], &events[b]) })
		sorted = make([]event.Event, len(events))
		for k, i := range order {
			sorted[k] = events[i]
		}
	}
	seen := make(map[string]bool, len(sorted))
	var unique []event.Event // nil until a repeated path is found
	for i := range sorted {
		if !seen[sorted[i].Path] {
			seen[sorted[i].Path] = true
			if unique != nil {
				unique = append(unique, sorted[i])
			}
		} else if unique == nil {
			unique = append(make([]event.Event, 0, len(sorted)), sorted[:i]...)
		}
	}
	if unique != nil {
		return unique
	}
	return sorted
}

func (idx *index) indexDays() {
	n := len(idx.events)
	idx.day = make([]int32, n)
	for i, e := range idx.events {
		idx.day[i] = int32(e.Date.Time().Unix() / 86400)
	}
	idx.dayStart, idx.dayEnd = runs(n, func(a, b int) bool { return idx.day[a] == idx.day[b] })
	idx.yearStart, idx.yearEnd = runs(n, func(a, b int) bool { return idx.events[a].Date.Year == idx.events[b].Date.Year })
}

// runs returns, for each of n events in canonical order, the bounds [start,
// end) of the run of consecutive events that same puts with it.
func runs(n int, same func(a, b int) bool) (start, end []int32) {
	start, end = make([]int32, n), make([]int32, n)
	for a := 0; a < n; {
		b := a + 1
		for b < n && same(a, b) {
			b++
		}
		for i := a; i < b; i++ {
			start[i], end[i] = int32(a), int32(b)
		}
		a = b
	}
	return start, end
}

func (idx *index) indexStories(ignoreStories bool) {
	ids := newInterner()
	idx.stories = make([][]int32, len(idx.events))
	if !ignoreStories {
		for i, e := range idx.events {
			idx.stories[i] = uniqueIDs(ids, e.Stories, false)
		}
	}
	idx.storyTitle = ids.names
	idx.storyEvents = postings(idx.stories, len(ids.names))
}

// indexEntities gives each event its distinct entity ids and each entity its
// IDF (see idf). A story title linked in the text is an entity like any other;
// only with ignoreStories is an entity naming the event's own story dropped,
// as the inline form "[[Story]]: text" is a story header in disguise.
func (idx *index) indexEntities(ignoreStories bool) {
	ids := newInterner()
	idx.ents = make([][]int32, len(idx.events))
	for i, e := range idx.events {
		titles := make([]string, 0, len(e.Entities))
		for _, ent := range e.Entities {
			if !(ignoreStories && slices.Contains(e.Stories, ent.Title)) {
				titles = append(titles, ent.Title)
			}
		}
		idx.ents[i] = uniqueIDs(ids, titles, true)
	}
	idx.entTitle = ids.names
	idx.entEvents = postings(idx.ents, len(ids.names))
	idx.entIDF = make([]float64, len(ids.names))
	for id, evs := range idx.entEvents {
		idx.entIDF[id] = idf(len(idx.events), len(evs))
	}
}

// indexWords builds each headline's unit-length TF-IDF vector
// (tf × idf, normalised) and the word postings with those weights.
func (idx *index) indexWords(ignoreStories bool) {
	names, counts := idx.countWords(ignoreStories, runtime.GOMAXPROCS(0))
	df := make([]int, len(names))
	for _, c := range counts {
		for _, t := range c {
			df[t.id]++
		}
	}
	idx.wordName = names
	idx.wordWeak = make([]bool, len(names))
	for id, name := range names {
		idx.wordWeak[id] = weakWords[name]
	}
	idx.words = make([][]termWeight, len(idx.events))
	postLen := make([]int, len(df))
	for i, c := range counts {
		idx.words[i] = unitVector(c, df, len(idx.events))
		for _, t := range idx.words[i] {
			postLen[t.id]++
		}
	}
	idx.wordEvents = make([][]int32, len(df))
	idx.wordWeights = make([][]float32, len(df))
	for id, n := range postLen {
		idx.wordEvents[id] = make([]int32, 0, n)
		idx.wordWeights[id] = make([]float32, 0, n)
	}
	for i, vec := range idx.words {
		for _, t := range vec {
			idx.wordEvents[t.id] = append(idx.wordEvents[t.id], int32(i))
			idx.wordWeights[t.id] = append(idx.wordWeights[t.id], float32(t.w))
		}
	}
}

// countWords tokenizes every headline on workers goroutines and returns the
// words, numbered in order of first appearance over the events, and each
// headline's counts of them. Each worker numbers the words of its run of
// events; the runs' numbers are then mapped, in event order, to the
// archive's, which gives every word the number a single pass would.
func (idx *index) countWords(ignoreStories bool, workers int) ([]string, [][]termCount) {
	n := len(idx.events)
	chunk := max(1, (n+workers-1)/workers)
	type run struct {
		start, end int
		words      *interner
		ids        [][]int32 // per event of the run: its words' numbers in the run
	}
	var runs []*run
	for start := 0; start < n; start += chunk {
		runs = append(runs, &run{start: start, end: min(start+chunk, n), words: newInterner()})
	}
	var wg sync.WaitGroup
	for _, r := range runs {
		wg.Go(func() {
			r.ids = make([][]int32, r.end-r.start)
			for i := r.start; i < r.end; i++ {
				e := &idx.events[i]
				headline := e.Headline
				if ignoreStories {
					headline = trimStoryPrefix(headline, e.Stories)
				}
				tokens := Tokens(headline)
				ids := make([]int32, len(tokens))
				for k, tok := range tokens {
					ids[k] = r.words.id(tok)
				}
				r.ids[i-r.start] = ids
			}
		})
	}
	wg.Wait()
	archive := newInterner()
	counts := make([][]termCount, n)
	for _, r := range runs {
		global := make([]int32, len(r.words.names))
		for k, name := range r.words.names {
			global[k] = archive.id(name)
		}
		wg.Go(func() {
			for k, ids := range r.ids {
				for m, id := range ids {
					ids[m] = global[id]
				}
				counts[r.start+k] = countTerms(ids)
			}
		})
	}
	wg.Wait()
	return archive.names, counts
}

// termCount is a word of a headline with how often it occurs there.
type termCount struct {
	id, tf int32
}

// countTerms sorts a headline's word ids (in place) and counts each.
func countTerms(ids []int32) []termCount {
	slices.Sort(ids)
	var out []termCount
	for k, id := range ids {
		if k > 0 && id == ids[k-1] {
			out[len(out)-1].tf++
			continue
		}
		out = append(out, termCount{id, 1})
	}
	return out
}

// unitVector turns word counts (ascending id) into a TF-IDF vector of length
// 1, ascending id.
func unitVector(counts []termCount, df []int, n int) []termWeight {
	vec := make([]termWeight, 0, len(counts))
	for _, c := range counts {
		vec = append(vec, termWeight{c.id, float64(c.tf) * idf(n, df[c.id])})
	}
	var sum float64
	for _, t := range vec {
		sum += t.w * t.w
	}
	if sum == 0 {
		return nil // every word is in every headline: nothing to tell them apart
	}
	norm := math.Sqrt(sum)
	for k := range vec {
		vec[k].w /= norm
	}
	return vec
}

// trimStoryPrefix drops a leading "Story title:" that repeats one of the
// event's stories, the inline story form.
func trimStoryPrefix(headline string, stories []string) string {
	for _, s := range stories {
		if rest, ok := strings.CutPrefix(headline, s); ok && strings.HasPrefix(rest, ":") {
			return rest[1:]
		}
	}
	return headline
}

// idf is log((N+1)/df): the +1 keeps a term that every event holds (common
// in a small archive such as the demo's) worth a little rather than nothing;
// on the full archive it differs from log(N/df) by less than 0.0001.
func idf(n, df int) float64 {
	if df == 0 {
		return 0
	}
	return math.Log(float64(n+1) / float64(df))
}

// interner numbers distinct names in order of first appearance, which the
// canonical event order makes deterministic.
type interner struct {
	byName map[string]int32
	names  []string
}

func newInterner() *interner { return &interner{byName: make(map[string]int32)} }

func (in *interner) id(name string) int32 {
	if id, ok := in.byName[name]; ok {
		return id
	}
	id := int32(len(in.names))
	in.byName[name] = id
	in.names = append(in.names, name)
	return id
}

// uniqueIDs returns the ids of the distinct non-empty names, in name order,
// sorted ascending when sorted is set.
func uniqueIDs(in *interner, names []string, sorted bool) []int32 {
	var out []int32
	for _, name := range names {
		if name == "" {
			continue
		}
		if id := in.id(name); !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	if sorted {
		slices.Sort(out)
	}
	return out
}

// postings inverts per-event id lists into per-id event lists, ascending.
func postings(perEvent [][]int32, nIDs int) [][]int32 {
	out := make([][]int32, nIDs)
	for i, ids := range perEvent {
		for _, id := range ids {
			out[id] = append(out[id], int32(i))
		}
	}
	return out
}

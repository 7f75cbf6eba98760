package related

import (
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// limits bound candidate generation, so that the work per event stays bounded
// whatever the archive's size; docs/related.md says how they were chosen.
type limits struct {
	// wordShare: a word in more than this share of all headlines is
	// stopword-like ("killed", "president") and finds no candidates, though it
	// still counts in the exact cosine of candidates found otherwise.
	wordShare float64
	// wordCap, entityCap, storyCap: at most this many events are taken from
	// one word's, entity's or story's postings, those around the event in date.
	wordCap, entityCap, storyCap int
	// shortlist: this many candidates, by approximate score, are rescored
	// exactly before the final ranking (at least 4 × Options.Limit).
	shortlist int
}

var defaultLimits = limits{wordShare: 0.02, wordCap: 200, entityCap: 250, storyCap: 1000, shortlist: 20}

// shortlistLen is how many candidates a shortlist holds at most.
func (lim limits) shortlistLen(opts Options) int { return max(lim.shortlist, 4*opts.Limit) }

// minWordDF keeps every word a candidate source in a small archive, where
// walking all its postings costs nothing.
const minWordDF = 100

// maxWordDF is the highest document frequency of a word that finds
// candidates, in an archive of n events.
func (lim limits) maxWordDF(n int) int {
	return max(minWordDF, int(lim.wordShare*float64(n)))
}

// blockSize is how many consecutive events a worker takes at a time.
const blockSize = 128

// rankAll ranks the related events of every event, in canonical order, using
// one worker per core.
func (idx *index) rankAll(opts Options, lim limits) [][]Related {
	all := make([]int32, len(idx.events))
	for i := range all {
		all[i] = int32(i)
	}
	return idx.rankEach(all, opts, lim, idx.cappedMembers(lim.entityCap), 0, nil)
}

// rankEach ranks the related events of the given events, in their order, on
// workers goroutines (0: one per core; eachOnWorkers); members are the
// capped entities' event sets (cappedMembers), shared by the workers. When
// ahead is not nil, it holds the events' candidates, found by shortlistEach
// with the same options: they are rescored without being gathered again.
// Compute, ComputeFor and ComputeShortlisted all rank through it.
func (idx *index) rankEach(evs []int32, opts Options, lim limits, members []eventSet, workers int, ahead *shortlisted) [][]Related {
	out := make([][]Related, len(evs))
	idx.eachOnWorkers(len(evs), opts, lim, members, workers, func(w *worker, k int) {
		if ahead == nil {
			out[k] = w.rank(evs[k])
			return
		}
		w.candidates = w.candidates[:0]
		for _, j := range ahead.of(k) {
			w.candidates = append(w.candidates, candidate{ev: j}) // rescore scores them
		}
		out[k] = w.rescore(evs[k], w.candidates)
	})
	return out
}

// shortlistEach finds the candidates of the given events (the first half of
// rankEach's work), in their order, on workers goroutines as rankEach does.
func (idx *index) shortlistEach(evs []int32, opts Options, lim limits, members []eventSet, workers int) *shortlisted {
	size := lim.shortlistLen(opts)
	s := &shortlisted{size: size, n: make([]int32, len(evs)), evs: make([]int32, len(evs)*size)}
	idx.eachOnWorkers(len(evs), opts, lim, members, workers, func(w *worker, k int) {
		slot := s.evs[k*size : k*size : (k+1)*size]
		for _, c := range w.candidatesOf(evs[k]) {
			slot = append(slot, c.ev)
		}
		s.n[k] = int32(len(slot))
	})
	return s
}

// shortlisted holds the candidates of a run of events, each event's in a
// slot of size numbers of one array: a few objects however many events,
// with nothing in them for the collector to follow. The approximate scores
// are not kept: rescoring replaces them, and the ranking's order does not
// depend on the order it finds its candidates in (sortRanked breaks every
// tie).
type shortlisted struct {
	size int
	n    []int32 // how many candidates each event's slot holds
	evs  []int32
}

// of returns the candidates of the k-th event.
func (s *shortlisted) of(k int) []int32 {
	return s.evs[k*s.size : k*s.size+int(s.n[k])]
}

// eachOnWorkers calls fn for k in [0, n) on workers goroutines (0: one per
// core), each with its own worker, taking blockSize numbers at a time.
func (idx *index) eachOnWorkers(n int, opts Options, lim limits, members []eventSet, workers int, fn func(w *worker, k int)) {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, min(workers, n/blockSize+1)) {
		wg.Go(func() {
			w := newWorker(idx, opts, lim, members)
			defer idx.scratch.Put(w.scratch)
			for {
				start := int(next.Add(blockSize)) - blockSize
				if start >= n {
					return
				}
				for k := start; k < min(start+blockSize, n); k++ {
					fn(w, k)
				}
			}
		})
	}
	wg.Wait()
}

// worker holds one goroutine's scratch accumulators: dense arrays indexed by
// event, reset after each event through the list of touched entries.
type worker struct {
	*scratch
	idx          *index
	opts         Options
	lim          limits
	maxWordDF    int
	shortlistLen int
	touched      []int32
	candidates   []candidate
	// members holds, for each entity with more postings than the cap, the
	// set of its events (nil for the others), shared by all workers.
	members []eventSet
	// capped are the ranked event's entities whose postings were capped: an
	// event met through something else may share them outside the window, so
	// the shortlist adds them from the sets.
	capped []cappedEntity
}

// scratch are a worker's arrays indexed by event, entity and word, all
// zero between two events.
type scratch struct {
	acc []accumulator
	// entOf and wordOf hold the ranked event's entity IDFs and word weights
	// by id while its shortlist is rescored (spread), 0 elsewhere.
	entOf, wordOf []float64
}

// cappedEntity is an entity of the ranked event whose postings were walked
// only from event first to event last.
type cappedEntity struct {
	members     eventSet
	idf         float64
	first, last int32
}

// eventSet is a set of event numbers, one bit each.
type eventSet []uint64

func newEventSet(n int, events []int32) eventSet {
	s := make(eventSet, (n+63)/64)
	for _, e := range events {
		s[e/64] |= 1 << (e % 64)
	}
	return s
}

func (s eventSet) has(e int32) bool { return s[e/64]&(1<<(e%64)) != 0 }

// cappedMembers returns the event sets of the entities with more postings
// than limit.
func (idx *index) cappedMembers(limit int) []eventSet {
	out := make([]eventSet, len(idx.entEvents))
	for e, posts := range idx.entEvents {
		if len(posts) > limit {
			out[e] = newEventSet(len(idx.events), posts)
		}
	}
	return out
}

// accumulator is what one event collected as a candidate of the event being
// ranked; one struct, not three arrays, so that a visit touches one cache line.
type accumulator struct {
	entity      float64 // float64: entity-only scores tie often, and ties must stay ties
	cosine      float32
	seen, story bool
}

// candidate is an event found for the one being ranked, with its approximate score.
type candidate struct {
	ev    int32
	score float64
}

// newWorker returns a worker with the dense arrays of an earlier one of the
// index when there is one (idx.scratch; they are all zero between events), so
// that a pass starting workers for each block of events does not allocate
// them again for each.
func newWorker(idx *index, opts Options, lim limits, members []eventSet) *worker {
	n := len(idx.events)
	sc, _ := idx.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{acc: make([]accumulator, n), entOf: make([]float64, len(idx.entTitle)), wordOf: make([]float64, len(idx.wordName))}
	}
	return &worker{
		scratch:      sc,
		members:      members,
		idx:          idx,
		opts:         opts,
		lim:          lim,
		maxWordDF:    lim.maxWordDF(n),
		shortlistLen: lim.shortlistLen(opts),
	}
}

// rank returns the related events of event i, best first.
func (w *worker) rank(i int32) []Related {
	return w.rescore(i, w.candidatesOf(i))
}

// candidatesOf returns event i's shortlist: the events met through its
// entities, words and stories with the best approximate scores. It is the
// worker's until its next shortlist.
func (w *worker) candidatesOf(i int32) []candidate {
	w.gather(i)
	return w.shortlist(i)
}

// rescore returns the related events of event i, best first, from its
// shortlist, which it scores exactly and reorders in place.
func (w *worker) rescore(i int32, short []candidate) []Related {
	exact := short[:0]
	w.spread(i)
	for _, c := range short {
		if c.score = w.score(i, c.ev); c.score > 0 {
			exact = append(exact, c)
		}
	}
	w.unspread(i)
	w.idx.sortRanked(i, exact)
	out := make([]Related, 0, min(len(exact), w.opts.Limit))
	for _, c := range exact[:cap(out)] {
		out = append(out, w.idx.listed(i, c.ev, w.opts.Weights))
	}
	return out
}

// spread writes event i's entity IDFs and word weights into the dense
// arrays that score reads; unspread clears them.
func (w *worker) spread(i int32) {
	for _, e := range w.idx.ents[i] {
		w.entOf[e] = w.idx.entIDF[e]
	}
	for _, t := range w.idx.words[i] {
		w.wordOf[t.id] = t.w
	}
}

func (w *worker) unspread(i int32) {
	for _, e := range w.idx.ents[i] {
		w.entOf[e] = 0
	}
	for _, t := range w.idx.words[i] {
		w.wordOf[t.id] = 0
	}
}

// score is index.score for the spread event i: the same sums, in the same
// (id) order and of the same products, so equal to the bit, but walking
// only j's terms. A term of i weighing 0 adds nothing either way.
func (w *worker) score(i, j int32) float64 {
	idx := w.idx
	var entity, cosine, telling float64
	for _, e := range idx.ents[j] {
		if v := w.entOf[e]; v != 0 {
			entity += v
		}
	}
	for _, t := range idx.words[j] {
		if v := w.wordOf[t.id]; v != 0 {
			p := v * t.w
			cosine += p
			if !idx.wordWeak[t.id] {
				telling += p
			}
		}
	}
	_, bonus := idx.sharedStory(i, j)
	return scoreOf(w.opts, entity, cosine, telling, bonus)
}

// gather walks the postings of event i's entities, rare words and stories
// inside its scope's windows, noting every event it meets, with its
// approximate cosine and whether it shares a story.
func (w *worker) gather(i int32) {
	idx := w.idx
	allowed, excluded := idx.scopeOf(i, w.opts.Scope)
	w.capped = w.capped[:0]
	for _, e := range idx.ents[i] {
		posts := idx.entEvents[e]
		win := scopeWindow(posts, allowed, excluded, w.lim.entityCap)
		if win.capped {
			first, last := win.bounds(posts)
			w.capped = append(w.capped, cappedEntity{w.members[e], idx.entIDF[e], first, last})
		}
		idf := idx.entIDF[e]
		for _, part := range [2][]int32{posts[win.a:win.g0], posts[win.g1:win.b]} {
			for _, j := range part {
				w.touch(j).entity += idf
			}
		}
	}
	for _, t := range idx.words[i] {
		evs := idx.wordEvents[t.id]
		if len(evs) > w.maxWordDF {
			continue
		}
		weights := idx.wordWeights[t.id]
		win := scopeWindow(evs, allowed, excluded, w.lim.wordCap)
		wi := float32(t.w)
		for _, r := range [2][2]int{{win.a, win.g0}, {win.g1, win.b}} {
			for k := r[0]; k < r[1]; k++ {
				w.touch(evs[k]).cosine += wi * weights[k]
			}
		}
	}
	for _, s := range idx.stories[i] {
		posts := idx.storyEvents[s]
		win := scopeWindow(posts, allowed, excluded, w.lim.storyCap)
		for _, part := range [2][]int32{posts[win.a:win.g0], posts[win.g1:win.b]} {
			for _, j := range part {
				w.touch(j).story = true
			}
		}
	}
}

// touch returns j's accumulator, recording its first visit for the shortlist.
func (w *worker) touch(j int32) *accumulator {
	a := &w.acc[j]
	if !a.seen {
		a.seen = true
		w.touched = append(w.touched, j)
	}
	return a
}

// shortlist returns the touched events with the best approximate scores,
// clearing their accumulators as it reads them (one walk over them, not two).
func (w *worker) shortlist(i int32) []candidate {
	top := w.candidates[:0]
	// The capped entities add at most their weighted IDF sum: a candidate
	// below the full shortlist's last even with all of it added is out
	// before the sets are probed (the slack covers rounding of the sum).
	var cappedMax float64
	for _, ce := range w.capped {
		cappedMax += w.opts.Weights.Entity * ce.idf
	}
	cappedMax = cappedMax*(1+1e-9) + 1e-9
	for _, j := range w.touched {
		c := candidate{j, w.lowerBound(j)}
		w.acc[j] = accumulator{}
		if len(top) == w.shortlistLen && c.score+cappedMax < top[len(top)-1].score {
			continue
		}
		for _, ce := range w.capped {
			if (j < ce.first || j > ce.last) && ce.members.has(j) {
				c.score += w.opts.Weights.Entity * ce.idf
			}
		}
		top = w.keepBest(i, top, c)
	}
	w.touched = w.touched[:0]
	w.candidates = top
	return top
}

// lowerBound is the score accumulated for candidate j.
func (w *worker) lowerBound(j int32) float64 {
	wt, a := w.opts.Weights, &w.acc[j]
	s := wt.Entity*a.entity + wt.Cosine*float64(a.cosine)
	if a.story {
		s += wt.Story
	}
	return s
}

// keepBest inserts c into top, sorted best first and at most shortlistLen
// long; most candidates lose to its last entry at once.
func (w *worker) keepBest(i int32, top []candidate, c candidate) []candidate {
	if len(top) == w.shortlistLen {
		// Most candidates score below the last entry: a float comparison
		// settles them before the full ranking order is consulted.
		if last := top[len(top)-1]; c.score < last.score || !w.idx.nearlyBefore(i, c, last) {
			return top
		}
	}
	k := len(top)
	if k < w.shortlistLen {
		top = append(top, c)
	}
	for ; k > 0 && w.idx.nearlyBefore(i, c, top[k-1]); k-- {
		if k < len(top) {
			top[k] = top[k-1]
		}
	}
	top[k] = c
	return top
}

// nearlyBefore is the ranking order for the shortlist, with the event number (date,
// position, path order) standing in for the path: approximate scores tie often,
// and comparing numbers is cheaper than comparing paths.
func (idx *index) nearlyBefore(i int32, a, b candidate) bool {
	if c := idx.compareScoreAndDate(i, a, b); c != 0 {
		return c < 0
	}
	return a.ev < b.ev
}

// sortRanked orders candidates of event i best first: a higher score, then
// the nearer date, then the smaller path.
func (idx *index) sortRanked(i int32, cs []candidate) {
	slices.SortFunc(cs, func(a, b candidate) int {
		if c := idx.compareScoreAndDate(i, a, b); c != 0 {
			return c
		}
		return strings.Compare(idx.events[a.ev].Path, idx.events[b.ev].Path)
	})
}

// compareScoreAndDate orders two candidates of event i by the first two
// ranking rules, a higher score, then the nearer date: negative when a comes
// first, positive when b does, 0 on a tie.
func (idx *index) compareScoreAndDate(i int32, a, b candidate) int {
	if a.score != b.score {
		if a.score > b.score {
			return -1
		}
		return 1
	}
	return int(abs(idx.day[a.ev]-idx.day[i]) - abs(idx.day[b.ev]-idx.day[i]))
}

func abs(x int32) int32 {
	if x < 0 {
		return -x
	}
	return x
}

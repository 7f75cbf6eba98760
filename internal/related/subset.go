package related

import (
	"slices"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// Index is the archive prepared once for ranking, so that the related events
// of a few events can be brought up to date (ComputeFor) without ranking the
// whole archive again. Ranking needs only each event's path, date, position,
// headline, entities and stories.
type Index struct {
	idx     *index
	given   Options // as NewIndex was given them, for WithScope
	opts    Options
	lim     limits
	members []eventSet // the capped entities' event sets, shared by the workers
	byPath  map[string]int32
	workers int // goroutines ranking at once; 0: one per core
}

// NewIndex builds the inverted indexes of the events (see Compute for how
// duplicates and order are handled).
func NewIndex(events []event.Event, opts Options) *Index {
	x := &Index{idx: buildIndex(events, opts.IgnoreStories), given: opts, opts: opts.normalized(), lim: defaultLimits}
	x.members = x.idx.cappedMembers(x.lim.entityCap)
	x.byPath = make(map[string]int32, len(x.idx.events))
	for i, e := range x.idx.events {
		x.byPath[e.Path] = int32(i)
	}
	return x
}

// Paths returns the paths of every indexed event, in date and page order.
func (x *Index) Paths() []string {
	out := make([]string, len(x.idx.events))
	for i, e := range x.idx.events {
		out[i] = e.Path
	}
	return out
}

// SharingTerms returns, sorted, the paths of the events that may find one of
// the given events as a candidate: those sharing an entity, a story or a
// candidate word (one rare enough to find candidates) with it, close enough
// in its posting list for the capped candidate window of the index's scope.
// Paths not in the index are ignored; the given events themselves are
// included.
func (x *Index) SharingTerms(paths []string) []string {
	idx := x.idx
	maxWordDF := x.lim.maxWordDF(len(idx.events))
	seen := map[int32]bool{}
	for _, p := range paths {
		i, ok := x.byPath[p]
		if !ok {
			continue
		}
		seen[i] = true
		for _, e := range idx.ents[i] {
			idx.markReaching(seen, idx.entEvents[e], i, x.lim.entityCap, x.opts.Scope)
		}
		for _, s := range idx.stories[i] {
			idx.markReaching(seen, idx.storyEvents[s], i, x.lim.storyCap, x.opts.Scope)
		}
		for _, t := range idx.words[i] {
			evs := idx.wordEvents[t.id]
			if len(evs) > maxWordDF {
				continue
			}
			idx.markReaching(seen, evs, i, x.lim.wordCap, x.opts.Scope)
		}
	}
	out := make([]string, 0, len(seen))
	for i := range seen {
		out = append(out, idx.events[i].Path)
	}
	slices.Sort(out)
	return out
}

// markReaching marks the events of a posting list whose own candidate
// window under scope s (at most limit postings) can reach event i. Around
// reaches AroundDays either side, so every posting that near is marked.
// Otherwise a window takes postings next to its event's excluded run (day or
// year), so an event reaches i only when a posting of its run lies within
// limit postings of i's place: every event of those runs is marked.
func (idx *index) markReaching(seen map[int32]bool, posts []int32, i int32, limit int, s Scope) {
	n := len(posts)
	mark := func(r span) int {
		a, b := searchPostings(posts, 0, n, r.lo), searchPostings(posts, 0, n, r.hi)
		for _, j := range posts[a:b] {
			seen[j] = true
		}
		return b
	}
	if s == Around {
		mark(idx.daysAround(i))
		return
	}
	p := searchPostings(posts, 0, n, i)
	for k := max(0, p-limit-1); k < min(n, p+limit+1); {
		_, run := idx.scopeOf(posts[k], s)
		k = max(k+1, mark(run))
	}
}

// Explain returns event target as a related event of the event at path,
// scored and explained as the ranking does under the index's scope and
// weights, whether or not the ranking would list it; false when either path
// is not indexed. The stored lists keep no breakdowns: chronicle related
// explains each of a list's events with it.
func (x *Index) Explain(path, target string) (Related, bool) {
	i, ok := x.byPath[path]
	j, found := x.byPath[target]
	if !ok || !found {
		return Related{}, false
	}
	return x.idx.explain(i, j, x.opts.Weights), true
}

// WithScope returns the index ranking under scope s, with that scope's
// default weights unless NewIndex was given others, sharing x's indexes.
func (x *Index) WithScope(s Scope) *Index {
	y := *x
	y.given.Scope = s
	y.opts = y.given.normalized()
	return &y
}

// WithWorkers returns the index ranking on n goroutines at most (ComputeFor);
// with n < 1, one per core, as NewIndex's does.
func (x *Index) WithWorkers(n int) *Index {
	y := *x
	y.workers = max(0, n)
	return &y
}

// ComputeFor returns the related events of the events at paths, exactly as
// Compute over the indexed events would give them (both rank through
// rankEach); paths not in the index
// are left out, and so is an event with no related event. It uses every core.
func ComputeFor(x *Index, paths []string) map[string][]Related {
	todo := x.numbers(paths)
	return x.listsByPath(todo, x.idx.rankEach(todo, x.opts, x.lim, x.members, x.workers, nil))
}

// Shortlists are the candidates of some events under one scope, found ahead
// of their ranking (Shortlist): the first half of ComputeFor's work, held in
// a few numbers an event, so that a pass can do it while it would otherwise
// wait, and ComputeShortlisted the rest later.
type Shortlists struct {
	idx   *index
	opts  Options
	lim   limits
	paths []string
	todo  []int32 // the paths' event numbers in idx
	short *shortlisted
}

// Shortlist finds the candidates of the events at paths under x's scope, as
// ComputeFor(x, paths) would, on x's workers.
func Shortlist(x *Index, paths []string) *Shortlists {
	todo := x.numbers(paths)
	return &Shortlists{idx: x.idx, opts: x.opts, lim: x.lim, paths: paths, todo: todo,
		short: x.idx.shortlistEach(todo, x.opts, x.lim, x.members, x.workers)}
}

// ComputeShortlisted returns ComputeFor(x, paths) for the paths s was
// found for, ranking the candidates s holds. When s was found with another
// index or scope than x's, it ranks from the start, as ComputeFor does.
func ComputeShortlisted(x *Index, s *Shortlists) map[string][]Related {
	if s.idx != x.idx || s.opts != x.opts || s.lim != x.lim {
		return ComputeFor(x, s.paths)
	}
	return x.listsByPath(s.todo, x.idx.rankEach(s.todo, x.opts, x.lim, x.members, x.workers, s.short))
}

// numbers returns the event numbers of the paths in the index, in order.
func (x *Index) numbers(paths []string) []int32 {
	var todo []int32
	for _, p := range paths {
		if i, ok := x.byPath[p]; ok {
			todo = append(todo, i)
		}
	}
	return todo
}

// listsByPath maps the lists ranked for the events todo to their paths, leaving
// out the empty ones.
func (x *Index) listsByPath(todo []int32, lists [][]Related) map[string][]Related {
	out := make(map[string][]Related, len(todo))
	for k, i := range todo {
		if len(lists[k]) > 0 {
			out[x.idx.events[i].Path] = lists[k]
		}
	}
	return out
}

// BestScores returns, for each candidate, the highest score one of the seed
// events would get as its related event, as Score gives them: 0 when none
// would (none is in the candidate's scope), or when the candidate is not
// indexed.
func (x *Index) BestScores(candidates, seeds []string) []float64 {
	var seedIDs []int32
	for _, p := range seeds {
		if i, ok := x.byPath[p]; ok {
			seedIDs = append(seedIDs, i)
		}
	}
	out := make([]float64, len(candidates))
	for k, p := range candidates {
		j, ok := x.byPath[p]
		if !ok {
			continue
		}
		for _, i := range seedIDs {
			if x.idx.admits(j, i, x.opts.Scope) {
				out[k] = max(out[k], x.idx.score(j, i, x.opts))
			}
		}
	}
	return out
}

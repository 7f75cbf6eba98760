package derive

import (
	"cmp"
	"context"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/related"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// scopes are the related package's scopes behind each stored list.
var scopes = map[store.List]related.Scope{
	store.RelatedList: related.OtherYears,
	store.AroundList:  related.Around,
}

// ScopeOf returns the ranking scope behind a stored list.
func ScopeOf(l store.List) related.Scope { return scopes[l] }

// RelatedUpdate tells what UpdateRelated did.
type RelatedUpdate struct {
	// Computed counts the events whose list was computed; Changed those whose
	// list differed from the stored one.
	Computed, Changed int
	// Full is whether every event was computed.
	Full bool
}

// UpdateRelated brings the store's lists of related events (other years)
// and of events around each event (docs/related.md states the rules) up to
// date with its events. When none were ever computed, or with full, it
// computes every event's lists; otherwise only the lists the imports since
// the last update may have changed: those of the events of the changed days,
// of the events whose lists held an event of those days, and of the events
// that share a candidate term (entity, story, rare word) with the changed
// events. Each list that changed is stamped with the store's generation.
func UpdateRelated(ctx context.Context, st *store.Store, full bool) (RelatedUpdate, error) {
	return updateRelated(ctx, st, full, nil)
}

// updateRelated is UpdateRelated calling beforeWrite, unless nil, before it
// writes: the lists wait for another writer (see Update), and are not
// written when it returns an error.
func updateRelated(ctx context.Context, st *store.Store, full bool, beforeWrite func() error) (RelatedUpdate, error) {
	gen, err := st.Generation(ctx)
	if err != nil {
		return RelatedUpdate{}, err
	}
	done, err := st.RelatedGeneration(ctx)
	if err != nil {
		return RelatedUpdate{}, err
	}
	if done == gen && !full {
		return RelatedUpdate{}, nil
	}
	res := RelatedUpdate{Full: full || done < 0}
	// Finding what an import touched reads other tables than the index
	// does: both run at once.
	var touched *touchedDays
	var touchedErr error
	var wg sync.WaitGroup
	if !res.Full {
		wg.Go(func() { touched, touchedErr = findTouched(ctx, st, done) })
	}
	events, err := st.RankingEvents(ctx)
	var x *related.Index
	if err == nil {
		x = related.NewIndex(events, related.Options{})
	}
	wg.Wait()
	if err = cmp.Or(err, touchedErr); err != nil {
		return RelatedUpdate{}, err
	}
	if res.Full {
		paths := x.Paths()
		changed, err := saveEvery(ctx, st, gen, x, paths, beforeWrite)
		res.Computed, res.Changed = len(paths), len(changed)
		return res, err
	}
	paths, computed, err := updateAffected(ctx, st, x, events, touched)
	if err != nil {
		return RelatedUpdate{}, err
	}
	lists := map[store.List]map[string][]store.RelatedEntry{}
	for list, byPath := range computed {
		lists[list] = storedForm(byPath)
	}
	if err := waitFor(beforeWrite); err != nil {
		return RelatedUpdate{}, err
	}
	changed, err := st.SaveRelated(ctx, gen, paths, lists)
	if err != nil {
		return RelatedUpdate{}, err
	}
	res.Computed, res.Changed = len(paths), len(changed)
	return res, nil
}

// wholeArchiveGC is the GOGC of a whole-archive pass (see saveEvery): 50
// since the lists are built and packed at their size (a third less
// allocated), which keeps the corpus's import at 450–470 MB and saved 2–3
// CPU-seconds of collection over 30 (docs/performance-log.md, "Import").
const wholeArchiveGC = 50

// saveBlock is how many events' lists a whole-archive update computes and
// saves at a time: the lists of a few blocks, not of the archive, are in
// memory.
var saveBlock = 4096 // a variable for tests

// saveAhead is how many computed blocks may wait for the writer.
const saveAhead = 1

// waitAhead is how many more may wait before the writer begins, while
// Update's search index is written: the ranking goes on meanwhile.
var waitAhead = 3 // a variable for tests

// blockLists are the computed lists of one block of events.
type blockLists struct {
	paths []string
	lists map[store.List]map[string][]store.RelatedEntry
}

// waitFor calls beforeWrite unless it is nil.
func waitFor(beforeWrite func() error) error {
	if beforeWrite == nil {
		return nil
	}
	return beforeWrite()
}

// saveEvery computes and saves the lists of every event, a block at a time
// in one transaction, and returns the paths whose lists changed. A goroutine
// computes the blocks (on every core) while the writer saves the ones
// before (on one), so both run at once. The writer begins once beforeWrite
// (unless nil) returns, and not at all when it returns an error; until
// then the other writer has a core of its own, the ranking the others, and
// the blocks computed meanwhile wait, saveAhead+waitAhead of them; then
// saveAhead. While a computed block waits, the ranking finds the
// candidates of the blocks after it (blockRanker).
func saveEvery(ctx context.Context, st *store.Store, gen int64, x *related.Index, paths []string, beforeWrite func() error) ([]string, error) {
	// The pass allocates far more than it keeps (each block's lists are
	// written and dropped): collecting sooner than the default keeps the
	// whole archive's pass near its live heap, under 500 MB, for a few
	// CPU-seconds.
	defer debug.SetGCPercent(debug.SetGCPercent(wholeArchiveGC))
	stop := make(chan struct{})
	// Until the writer begins, the other writer (Update's search index)
	// has a core of its own: sharing both cores with the ranking, it took a
	// second longer, while the ranking waited for the writer with its queue
	// full (docs/performance-log.md, "A core for the search index").
	var writing atomic.Bool
	writing.Store(beforeWrite == nil)
	// A block is sent with a place taken from room; the writer gives the
	// places back as it saves, but for the first waitAhead.
	room := make(chan struct{}, saveAhead+waitAhead)
	for range cap(room) {
		room <- struct{}{}
	}
	blocks := make(chan blockLists, cap(room))
	r := &blockRanker{x: x, writing: &writing, blocks: slices.Collect(slices.Chunk(paths, saveBlock)),
		ahead: map[int]map[store.List]*related.Shortlists{}}
	go func() {
		defer close(blocks)
		for b := range r.blocks {
			if !r.send(blockLists{r.blocks[b], r.rank(b)}, room, blocks, stop) {
				return
			}
		}
	}()
	defer func() {
		close(stop)
		for range blocks { // the computing goroutine ends before x is dropped
		}
	}()
	err := waitFor(beforeWrite)
	writing.Store(true)
	if err != nil {
		return nil, err
	}
	// The connections that wrote before (Update's search index) and read
	// the events leave their page caches idle: not beside the lists (the
	// import's peak of memory, docs/performance-log.md).
	st.Trim()
	w, err := st.NewRelatedWriter(ctx, gen, true)
	if err != nil {
		return nil, err
	}
	defer w.Rollback()
	kept := waitAhead
	for b := range blocks {
		if err := w.Save(ctx, b.paths, b.lists); err != nil {
			return nil, err
		}
		if kept > 0 {
			kept--
		} else {
			room <- struct{}{}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return w.Commit(ctx)
}

// shortlistAhead is how many blocks after the one waiting to be sent the
// ranking may shortlist (related.Shortlist) while the queue is full: under
// a megabyte a block, but a ranking that never waits keeps more lists in
// flight (six ahead took the import over 500 MB; docs/performance-log.md).
var shortlistAhead = 3 // a variable for tests

// blockRanker ranks the blocks of a whole-archive pass in order. While a
// computed block waits for a place in the queue (Update's search index is
// being written, or the lists' writer is behind), it finds the candidates
// of the blocks after it (related.Shortlist), the first half of their
// ranking, so that the core it would leave idle does part of what is left
// (docs/performance-log.md, "Candidates found while the queue is full").
type blockRanker struct {
	x       *related.Index
	writing *atomic.Bool // whether the lists' writer has begun
	blocks  [][]string
	// ahead holds the shortlists of the blocks not ranked yet, by block and
	// list; next is the first block after them, with none.
	ahead map[int]map[store.List]*related.Shortlists
	next  int
}

// ranking is the index to rank with now: until the lists' writer begins,
// on one core fewer, which Update's search index has to itself.
func (r *blockRanker) ranking() *related.Index {
	if r.writing.Load() {
		return r.x
	}
	return r.x.WithWorkers(runtime.GOMAXPROCS(0) - 1)
}

// rank computes the lists of block b, from its shortlists when it has them.
func (r *blockRanker) rank(b int) map[store.List]map[string][]store.RelatedEntry {
	ranking := r.ranking()
	lists := map[store.List]map[string][]store.RelatedEntry{}
	for list, scope := range scopes {
		var computed map[string][]related.Related
		if s := r.ahead[b][list]; s != nil {
			computed = related.ComputeShortlisted(ranking.WithScope(scope), s)
		} else {
			computed = related.ComputeFor(ranking.WithScope(scope), r.blocks[b])
		}
		lists[list] = storedForm(computed)
	}
	delete(r.ahead, b)
	r.next = max(r.next, b+1)
	return lists
}

// send queues a computed block once room has a place, shortlisting the
// blocks after it while it waits; it reports false when stop closes first.
// This goroutine alone takes places from room, so one seen there stays.
func (r *blockRanker) send(block blockLists, room <-chan struct{}, blocks chan<- blockLists, stop <-chan struct{}) bool {
	for len(room) == 0 && !closed(stop) && len(r.ahead) < shortlistAhead && r.next < len(r.blocks) {
		r.shortlistNext()
	}
	select {
	case <-room:
		blocks <- block
		return true
	case <-stop:
		return false
	}
}

// closed reports whether c is closed, without waiting.
func closed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// shortlistNext finds the shortlists of the next block without them.
func (r *blockRanker) shortlistNext() {
	ranking := r.ranking()
	byList := map[store.List]*related.Shortlists{}
	for list, scope := range scopes {
		byList[list] = related.Shortlist(ranking.WithScope(scope), r.blocks[r.next])
	}
	r.ahead[r.next] = byList
	if onShortlist != nil {
		onShortlist(r.next)
	}
	r.next++
}

// onShortlist, when set (by tests), is called with each block shortlisted ahead.
var onShortlist func(block int)

// touchedDays are the days the imports after some generation changed, and
// the events whose stored list holds an event of one of them.
type touchedDays struct {
	days     map[event.Date]bool
	relating []string // sorted
}

// findTouched reads the days changed after generation since and the events
// whose stored list holds an event of one of them.
func findTouched(ctx context.Context, st *store.Store, since int64) (*touchedDays, error) {
	changes, err := st.ChangedDays(ctx, since)
	if err != nil {
		return nil, err
	}
	t := &touchedDays{days: map[event.Date]bool{}}
	days := make([]event.Date, len(changes))
	for i, c := range changes {
		days[i] = c.Date
		t.days[c.Date] = true
	}
	if t.relating, err = st.EventsRelatingTo(ctx, days); err != nil {
		return nil, err
	}
	return t, nil
}

// updateAffected computes the lists the imports may have changed, and
// returns the paths whose lists are to be saved with the lists. The events
// of the changed days, and those whose stored lists hold an event of those
// days, always take their new lists. An event that only shares a term with
// a changed event takes its new lists only when one of the changed events
// entered one of them: otherwise its old lists stand, as the only difference
// is the drift of the IDF (the rule's one approximation, which keeps an
// import from rewriting thousands of pages for it).
func updateAffected(ctx context.Context, st *store.Store, x *related.Index, events []event.Event,
	touched *touchedDays) ([]string, map[store.List]map[string][]related.Related, error) {
	var seed []string
	for _, e := range events {
		if touched.days[e.Date] {
			seed = append(seed, e.Path)
		}
	}
	core := append(slices.Clone(touched.relating), seed...)
	slices.Sort(core)
	core = slices.Compact(core)
	all := slices.Clone(core)
	for list, scope := range scopes {
		entering, err := mayEnter(ctx, st, list, x.WithScope(scope), seed, core)
		if err != nil {
			return nil, nil, err
		}
		all = append(all, entering...)
	}
	slices.Sort(all)
	all = slices.Compact(all)
	lists := map[store.List]map[string][]related.Related{}
	for list, scope := range scopes {
		lists[list] = related.ComputeFor(x.WithScope(scope), all)
	}
	var keep []string
	for _, p := range all {
		_, inCore := slices.BinarySearch(core, p)
		if inCore || holdsDayOf(lists[store.RelatedList][p], touched.days) || holdsDayOf(lists[store.AroundList][p], touched.days) {
			keep = append(keep, p)
		}
	}
	return keep, lists, nil
}

// mayEnter returns the events outside core that share a candidate term with
// a seed event and whose stored list of the kind a seed event would now
// enter: its score beats the list's lowest (or the list is not full, or was
// never saved). The stored floors are read while the scores are computed.
func mayEnter(ctx context.Context, st *store.Store, list store.List, x *related.Index, seed, core []string) ([]string, error) {
	var sharing []string
	for _, p := range x.SharingTerms(seed) {
		if _, inCore := slices.BinarySearch(core, p); !inCore {
			sharing = append(sharing, p)
		}
	}
	var best []float64
	var wg sync.WaitGroup
	wg.Go(func() { best = x.BestScores(sharing, seed) })
	floors, err := st.RelatedFloors(ctx, list, sharing, related.DefaultLimit)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	var out []string
	for k, j := range sharing {
		if floor, saved := floors[j]; best[k] > 0 && (!saved || best[k] >= floor) {
			out = append(out, j)
		}
	}
	return out, nil
}

func holdsDayOf(list []related.Related, days map[event.Date]bool) bool {
	for _, r := range list {
		if days[r.Date] {
			return true
		}
	}
	return false
}

// storedForm converts computed lists to the store's entries. The ranking
// gives no score breakdowns and the store keeps none (chronicle related
// explains a list when asked).
func storedForm(lists map[string][]related.Related) map[string][]store.RelatedEntry {
	out := make(map[string][]store.RelatedEntry, len(lists))
	for path, list := range lists {
		out[path] = entries(list)
	}
	return out
}

func entries(list []related.Related) []store.RelatedEntry {
	out := make([]store.RelatedEntry, len(list))
	for i, r := range list {
		out[i] = store.RelatedEntry{Path: r.Path, Headline: r.Headline, Date: r.Date, Context: r.Context, Score: r.Score}
	}
	return out
}

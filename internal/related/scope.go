package related

// span is a run of events [lo, hi) in canonical order.
type span struct{ lo, hi int32 }

// scopeOf returns, for event i under scope s, the events its candidates may
// come from (allowed) and the run inside them they may not (excluded): the
// event's own day, or its own year for OtherYears.
func (idx *index) scopeOf(i int32, s Scope) (allowed, excluded span) {
	allowed = span{0, int32(len(idx.events))}
	excluded = span{idx.dayStart[i], idx.dayEnd[i]}
	switch s {
	case OtherYears:
		excluded = span{idx.yearStart[i], idx.yearEnd[i]}
	case Around:
		allowed = idx.daysAround(i)
	}
	return allowed, excluded
}

// daysAround returns the events within AroundDays of event i's day.
func (idx *index) daysAround(i int32) span {
	d := idx.day[i]
	return span{idx.firstOnOrAfter(d - AroundDays), idx.firstOnOrAfter(d + AroundDays + 1)}
}

// firstOnOrAfter returns the first event whose day is d or later.
func (idx *index) firstOnOrAfter(d int32) int32 {
	lo, hi := 0, len(idx.day)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if idx.day[mid] < d {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return int32(lo)
}

// admits reports whether event j may be a related event of event i under s.
func (idx *index) admits(i, j int32, s Scope) bool {
	allowed, excluded := idx.scopeOf(i, s)
	return j >= allowed.lo && j < allowed.hi && (j < excluded.lo || j >= excluded.hi)
}

// window is the part of a posting list one event's candidate walk takes:
// the postings [a, g0) before its excluded run and [g1, b) after it.
type window struct {
	a, g0, g1, b int
	// capped is whether the window leaves out allowed postings.
	capped bool
}

// scopeWindow returns the window of a posting list (ascending by event, so
// by date) holding at most limit allowed postings nearest the excluded run:
// limit/2 either side of it, more on one side when the other runs out.
// Counting postings rather than days costs O(log n) instead of O(limit), and
// keeps the window around the event all the same. It takes the events
// themselves, not an accessor: the walk runs it for every term of every
// event, and a call through a closure per probe cost a third of it.
func scopeWindow(posts []int32, allowed, excluded span, limit int) window {
	n := len(posts)
	lo, hi := 0, n
	if allowed.lo > 0 {
		lo = searchPostings(posts, 0, n, allowed.lo)
	}
	if n > 0 && posts[n-1] >= allowed.hi {
		hi = searchPostings(posts, lo, n, allowed.hi)
	}
	g0 := searchPostings(posts, lo, hi, excluded.lo)
	g1 := searchPostings(posts, g0, hi, excluded.hi)
	before, after := g0-lo, hi-g1
	if before+after <= limit {
		return window{a: lo, g0: g0, g1: g1, b: hi}
	}
	nb := min(before, limit/2)
	na := min(after, limit-nb)
	nb = min(before, limit-na)
	return window{a: g0 - nb, g0: g0, g1: g1, b: g1 + na, capped: true}
}

// bounds returns the first and last event a capped window walked.
func (w window) bounds(posts []int32) (first, last int32) {
	if w.a < w.g0 {
		first = posts[w.a]
	} else {
		first = posts[w.g1]
	}
	if w.b > w.g1 {
		last = posts[w.b-1]
	} else {
		last = posts[w.g0-1]
	}
	return first, last
}

// searchPostings returns the first posting index in [lo, hi) whose event is
// ≥ i, hi when none is.
func searchPostings(posts []int32, lo, hi int, i int32) int {
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if posts[mid] < i {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

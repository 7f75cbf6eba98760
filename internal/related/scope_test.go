package related

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// yearsArchive is an archive of four years where a few entities and words
// recur on many days, so that small caps cut their posting lists.
func yearsArchive() []event.Event {
	r := rand.New(rand.NewPCG(7, 11))
	topics := []string{"North Korea", "South Korea", "Red Cross", "Mars", "Olympics", "Brexit"}
	words := []string{"talks", "hotline", "rover", "games", "border", "vote", "summit", "launch"}
	var events []event.Event
	start := time.Date(2010, time.January, 1, 0, 0, 0, 0, time.UTC)
	for k := range 600 {
		d := event.NewDate(start.AddDate(0, 0, r.IntN(4*365)))
		a, b := topics[r.IntN(len(topics))], topics[r.IntN(len(topics))]
		h := fmt.Sprintf("%s %s %s %s event%d", a, words[r.IntN(len(words))], words[r.IntN(len(words))], b, k%40)
		e := event.Event{Path: fmt.Sprintf("%s/e%d", d.Dir(), k), Date: d, Position: k, Headline: h,
			Entities: []event.Entity{{Title: a}, {Title: b}}}
		if k%3 == 0 {
			e.Stories = []string{a + " story"}
		}
		events = append(events, e)
	}
	return events
}

// smallLimits cut posting lists early, so that the capped windows and their
// bit sets are exercised.
var smallLimits = limits{wordShare: 0.5, wordCap: 12, entityCap: 16, storyCap: 20, shortlist: 20}

var scopes = []Scope{OtherDays, OtherYears, Around}

// Every related event is in the scope: another day, another year, or
// another day within AroundDays.
func TestScopesKeepTheirEvents(t *testing.T) {
	events := yearsArchive()
	for _, s := range scopes {
		x := NewIndex(events, Options{Scope: s})
		x.setLimits(smallLimits)
		lists := ComputeFor(x, x.Paths())
		if len(lists) == 0 {
			t.Fatalf("%s: no lists", s)
		}
		for p, list := range lists {
			i := x.byPath[p]
			for _, r := range list {
				j := x.byPath[r.Path]
				if !x.idx.admits(i, j, s) {
					t.Errorf("%s: %s (%s) lists %s (%s)", s, p, x.idx.events[i].Date, r.Path, r.Date)
				}
				if s == OtherYears && r.Date.Year == x.idx.events[i].Date.Year {
					t.Errorf("other years: %s lists %s of its own year", p, r.Path)
				}
				if s == Around && abs(x.idx.day[i]-x.idx.day[j]) > AroundDays {
					t.Errorf("around: %s lists %s, %d days away", p, r.Path, abs(x.idx.day[i]-x.idx.day[j]))
				}
			}
		}
	}
}

// Without caps, the inverted indexes find exactly what scoring every
// admitted pair finds.
func TestScopesMatchScoringEveryPair(t *testing.T) {
	events := yearsArchive()
	for _, s := range scopes {
		x := NewIndex(events, Options{Scope: s})
		x.setLimits(limits{wordShare: 1, wordCap: 1 << 20, entityCap: 1 << 20, storyCap: 1 << 20, shortlist: 1 << 20})
		got := ComputeFor(x, x.Paths())
		idx := x.idx
		for i := range idx.events {
			var cs []candidate
			for j := range idx.events {
				if idx.admits(int32(i), int32(j), s) {
					if sc := idx.score(int32(i), int32(j), x.opts); sc > 0 {
						cs = append(cs, candidate{int32(j), sc})
					}
				}
			}
			idx.sortRanked(int32(i), cs)
			list := got[idx.events[i].Path]
			for k := range min(len(cs), DefaultLimit) {
				if k >= len(list) || list[k].Path != idx.events[cs[k].ev].Path {
					t.Fatalf("%s: event %s rank %d: got %v, want %s", s, idx.events[i].Path, k, paths(list), idx.events[cs[k].ev].Path)
				}
			}
		}
	}
}

// SharingTerms finds every event whose list holds one of the given events,
// under each scope and with capped windows.
func TestSharingTermsFindsEveryListerInEachScope(t *testing.T) {
	events := yearsArchive()
	for _, s := range scopes {
		x := NewIndex(events, Options{Scope: s})
		x.setLimits(smallLimits)
		all := ComputeFor(x, x.Paths())
		for _, target := range []string{events[5].Path, events[77].Path, events[300].Path} {
			sharing := map[string]bool{}
			for _, p := range x.SharingTerms([]string{target}) {
				sharing[p] = true
			}
			for path, list := range all {
				for _, r := range list {
					if r.Path == target && !sharing[path] {
						t.Errorf("%s: %s lists %s but SharingTerms misses it", s, path, target)
					}
				}
			}
		}
	}
}

// BestScores counts a seed only when the candidate's scope admits it.
func TestBestScoresRespectTheScope(t *testing.T) {
	events := yearsArchive()
	for _, s := range scopes {
		x := NewIndex(events, Options{}).WithScope(s)
		seeds := []string{events[3].Path, events[200].Path, events[401].Path}
		candidates := []string{events[0].Path, events[50].Path, events[333].Path, events[599].Path}
		best := x.BestScores(candidates, seeds)
		for k, c := range candidates {
			j := x.byPath[c]
			var want float64
			for _, p := range seeds {
				if i := x.byPath[p]; x.idx.admits(j, i, s) {
					want = max(want, x.idx.score(j, i, x.opts))
				}
			}
			if best[k] != want {
				t.Errorf("%s: BestScores(%s) = %v, want %v", s, c, best[k], want)
			}
		}
	}
}

// setLimits makes x rank with other limits.
func (x *Index) setLimits(lim limits) {
	x.lim = lim
	x.members = x.idx.cappedMembers(lim.entityCap)
}

// One common word is not a relation, years apart or within 90 days.
func TestOneSharedWordIsNotRelated(t *testing.T) {
	at := func(y int, m time.Month, d int, headline string) event.Event {
		date := event.Date{Year: y, Month: m, Day: d}
		return event.Event{Path: date.Dir() + "/" + event.Slug(headline), Date: date, Headline: headline}
	}
	for _, tt := range []struct {
		name  string
		other event.Event
		scope Scope
		want  int
	}{
		{"other years", at(2019, time.March, 2, "Flooding closes the state highway near the coast"), OtherYears, 0},
		{"around", at(2020, time.April, 2, "Flooding closes the state highway near the coast"), Around, 0},
	} {
		a := at(2020, time.March, 2, "The state governor signs the annual budget into law")
		got := Compute([]event.Event{a, tt.other}, Options{Scope: tt.scope})[a.Path]
		if len(got) != tt.want {
			t.Errorf("%s: %d related (%v), want %d", tt.name, len(got), paths(got), tt.want)
		}
	}
}

// The casualty formula's "injured" and the prepositions and connectives of
// place and cause ("near", "including") count in the headlines' cosine, but
// never relate two events alone: a pair must share an entity, a story or
// words that tell what it is about.
func TestWeakWordsAloneDoNotRelate(t *testing.T) {
	at := func(d int, headline string, entities ...string) event.Event {
		date := event.Date{Year: 2020, Month: time.March, Day: d}
		e := event.Event{Path: date.Dir() + "/" + event.Slug(headline), Date: date, Headline: headline}
		for _, title := range entities {
			e.Entities = append(e.Entities, event.Entity{Title: title})
		}
		return e
	}
	a := at(2, "Ten are injured near Goma in a landslide, including two children")
	for _, tt := range []struct {
		name  string
		other event.Event
		want  int
	}{
		{"weak words alone", at(9, "Three are injured near the stadium in a stampede, including a guard"), 0},
		{"telling words beside them", at(9, "Three are injured near Goma in another landslide"), 1},
	} {
		for _, scope := range []Scope{Around, OtherDays} {
			want := tt.want
			if scope == OtherDays { // no floor: kept for the measurements
				want = 1
			}
			got := Compute([]event.Event{a, tt.other}, Options{Scope: scope})[a.Path]
			if len(got) != want {
				t.Errorf("%s, %s: %d related (%v), want %d", tt.name, scope, len(got), got, want)
			}
		}
	}
	// Beside an entity they still count.
	withEntity := func(headline string) float64 {
		b := at(9, headline, "Goma")
		got := Compute([]event.Event{at(2, a.Headline, "Goma"), b}, Options{Scope: Around})
		for _, list := range got {
			if len(list) == 1 {
				return list[0].Score
			}
		}
		t.Fatalf("%q: not related through its entity", headline)
		return 0
	}
	if weak, none := withEntity("Three are injured near the stadium"), withEntity("Three sing at the stadium"); weak <= none {
		t.Errorf("an entity and weak words score %g, not above the entity alone's %g", weak, none)
	}
}

// A pair that shares no entity and no story is related only when its
// headlines' cosine reaches the scope's floor: 0.2 years apart, 0.1 within
// 90 days; an entity or a story in common relates it whatever its words.
func TestWordOnlyFloors(t *testing.T) {
	for _, tt := range []struct {
		scope                 Scope
		entity, cosine, story float64
		related               bool
	}{
		{OtherYears, 0, 0.19, 0, false},
		{OtherYears, 0, 0.2, 0, true},
		{Around, 0, 0.09, 0, false},
		{Around, 0, 0.1, 0, true},
		{Around, 0, 0.15, 0, true},
		{Around, 1.5, 0.01, 0, true},
		{Around, 0, 0.01, 0.5, true},
		{OtherYears, 0, 0.01, 1, true},
		{OtherDays, 0, 0.01, 0, true},
	} {
		o := Options{Scope: tt.scope}.normalized()
		if got := scoreOf(o, tt.entity, tt.cosine, tt.cosine, tt.story) > 0; got != tt.related {
			t.Errorf("%s, entity %g, cosine %g, story %g: related %t, want %t", tt.scope, tt.entity, tt.cosine, tt.story, got, tt.related)
		}
	}
}

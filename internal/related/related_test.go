package related

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// ev makes an event of the given day (of June 2013) with entities and
// optionally a story path.
func ev(day int, headline string, entities []string, stories ...string) event.Event {
	d := event.Date{Year: 2013, Month: time.June, Day: day}
	e := event.Event{Date: d, Headline: headline, Text: headline, Stories: stories}
	e.Path = d.Dir() + "/" + event.Slug(headline)
	for _, t := range entities {
		e.Entities = append(e.Entities, event.Entity{Title: t})
	}
	return e
}

// filler makes n events on days far away that all mention entity, to make
// it common.
func filler(n int, entity string) []event.Event {
	var out []event.Event
	for k := range n {
		e := ev(1, fmt.Sprintf("Filler report number x%d", k), []string{entity})
		e.Date = event.Date{Year: 2001, Month: time.January, Day: 1 + k%28}
		e.Path = fmt.Sprintf("%s/filler-%d", e.Date.Dir(), k)
		e.Position = k
		out = append(out, e)
	}
	return out
}

func paths(rs []Related) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Path)
	}
	return out
}

// why is the breakdown of r's score as a related event of e, which the
// ranking's lists leave out: Index.Explain's.
func why(t *testing.T, events []event.Event, opts Options, e event.Event, r Related) Contribution {
	t.Helper()
	explained, ok := NewIndex(events, opts).Explain(e.Path, r.Path)
	if !ok {
		t.Fatalf("Explain(%s, %s): not indexed", e.Path, r.Path)
	}
	if explained.Score != r.Score {
		t.Errorf("Explain(%s, %s) scores %v, the ranking %v", e.Path, r.Path, explained.Score, r.Score)
	}
	return explained.Why
}

func TestSharedRareEntityBeatsSharedCommonEntity(t *testing.T) {
	query := ev(10, "Alpha", []string{"Red Cross", "United States"})
	rare := ev(11, "Beta", []string{"Red Cross"})
	common := ev(12, "Gamma", []string{"United States"})
	events := append([]event.Event{query, rare, common}, filler(30, "United States")...)
	got := Compute(events, Options{Weights: Weights{Entity: 1}})[query.Path]
	if len(got) < 2 || got[0].Path != rare.Path || got[1].Path != common.Path {
		t.Fatalf("got %v, want %s then %s first", paths(got), rare.Path, common.Path)
	}
	opts := Options{Weights: Weights{Entity: 1}}
	if r, c := why(t, events, opts, query, got[0]), why(t, events, opts, query, got[1]); r.EntityScore <= c.EntityScore {
		t.Errorf("rare entity score %.3f not above common %.3f", r.EntityScore, c.EntityScore)
	}
}

func TestSameDayEventsAreExcluded(t *testing.T) {
	a := ev(10, "Earthquake hits Chile", []string{"Chile"})
	sameDay := ev(10, "Earthquake aftershocks hit Chile", []string{"Chile"})
	otherDay := ev(14, "Chile rebuilds", []string{"Chile"})
	got := Compute([]event.Event{a, sameDay, otherDay}, Options{})
	if want := []string{otherDay.Path}; !slices.Equal(paths(got[a.Path]), want) {
		t.Errorf("related of %s = %v, want %v", a.Path, paths(got[a.Path]), want)
	}
}

func TestTiesGoToNearerDateThenPath(t *testing.T) {
	query := ev(10, "Query", []string{"Chile"})
	far := ev(20, "Far", []string{"Chile"})
	nearLater := ev(13, "Near later", []string{"Chile"})
	nearEarlierB := ev(8, "b near earlier", []string{"Chile"})
	nearEarlierA := ev(8, "a near earlier", []string{"Chile"})
	got := Compute([]event.Event{far, nearLater, query, nearEarlierB, nearEarlierA}, Options{Weights: Weights{Entity: 1}})
	want := []string{nearEarlierA.Path, nearEarlierB.Path, nearLater.Path, far.Path}
	if !slices.Equal(paths(got[query.Path]), want) {
		t.Errorf("got %v\nwant %v", paths(got[query.Path]), want)
	}
}

func TestContextIsSharedEntitiesAlphabetical(t *testing.T) {
	a := ev(6, "North Korea restores the Red Cross link with South Korea", []string{"North Korea", "Red Cross", "South Korea"})
	b := ev(12, "South Korea reopens Red Cross communications with North Korea", []string{"South Korea", "Red Cross", "North Korea"})
	got := Compute([]event.Event{a, b}, Options{})[a.Path]
	want := []string{"North Korea", "Red Cross", "South Korea"}
	if len(got) != 1 || !slices.Equal(got[0].Context, want) {
		t.Fatalf("got %+v, want context %v", got, want)
	}
	if w := why(t, []event.Event{a, b}, Options{}, a, got[0]); len(w.Entities) != 3 || w.Entities[0].Term != "North Korea" {
		t.Errorf("Why.Entities = %+v, want the three, alphabetical", w.Entities)
	}
}

func TestContextFallsBackToWordsAsWrittenThenStory(t *testing.T) {
	tests := []struct {
		name string
		a, b event.Event
		want []string
	}{
		{"shared story, no entity, no word",
			ev(6, "Rescuers reach trapped miners", nil, "Copiapó mining accident"),
			ev(9, "Drilling resumes at the mine", nil, "Copiapó mining accident"),
			[]string{"Copiapó mining accident"}},
		{"no entity: shared words as the related headline writes them, names together",
			ev(6, "Volcano erupts near Reykjavik airport", nil),
			ev(9, "Volcano ash closes Reykjavik Airport again", nil),
			[]string{"Reykjavik Airport", "Volcano"}},
		{"words win over a shared story",
			ev(6, "A Tupolev Tu-154 crashes in Siberia", nil, "Air crashes"),
			ev(9, "Russia grounds its Tupolev Tu-154 fleet.", nil, "Air crashes"),
			[]string{"Tupolev Tu-154"}},
		{"weak words alone: the shared story",
			ev(6, "Ten are injured near Kassala", nil, "War in Sudan"),
			ev(9, "Four are injured near a market in Omdurman", nil, "War in Sudan"),
			[]string{"War in Sudan"}},
		{"weak words left out beside telling ones",
			ev(6, "Ten are injured near the Kassala dam, including two engineers", nil),
			ev(9, "Three are injured near the Kassala dam", nil),
			[]string{"Kassala dam"}},
		{"a name joined across a short lowercase word",
			ev(6, "The Bank of England raises rates", nil),
			ev(9, "Protest outside the Bank of England", nil),
			[]string{"Bank of England"}},
		{"a related headline longer than the words' array on the stack",
			ev(6, "Glacier retreats in Patagonia", nil),
			ev(9, strings.Repeat("and so on ", 20)+"the Patagonia glacier retreats", nil),
			[]string{"Patagonia glacier retreats"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Compute([]event.Event{tt.a, tt.b}, Options{})[tt.a.Path]
			if len(got) != 1 {
				t.Fatalf("got %d related, want 1", len(got))
			}
			ctx := slices.Clone(got[0].Context)
			slices.Sort(ctx) // equal word weights: order among them is alphabetical anyway
			if !slices.Equal(ctx, tt.want) {
				t.Errorf("context %v, want %v", got[0].Context, tt.want)
			}
		})
	}
}

func TestStoryBonusInnermostBeatsOuter(t *testing.T) {
	query := ev(10, "Query", nil, "War", "Battle of X")
	inner := ev(11, "Inner", nil, "War", "Battle of X")
	outer := ev(12, "Outer", nil, "War", "Battle of Y")
	events, opts := []event.Event{query, outer, inner}, Options{Weights: Weights{Story: 1}}
	got := Compute(events, opts)[query.Path]
	if len(got) != 2 || got[0].Path != inner.Path || got[1].Path != outer.Path {
		t.Fatalf("got %+v, want inner then outer", got)
	}
	if w := why(t, events, opts, query, got[0]); w.StoryBonus != 1 {
		t.Errorf("inner's story bonus %v, want 1", w.StoryBonus)
	}
	if w := why(t, events, opts, query, got[1]); w.StoryBonus != 0.5 || w.Story != "War" {
		t.Errorf("outer's shared story %q, bonus %v; want War, 0.5", w.Story, w.StoryBonus)
	}
}

func TestIgnoreStoriesHidesStoryHeadersAndInlineStoryLinks(t *testing.T) {
	a := ev(6, "Copiapó mining accident: rescuers reach the miners", []string{"Copiapó mining accident"}, "Copiapó mining accident")
	b := ev(9, "Copiapó mining accident: drilling resumes", []string{"Copiapó mining accident"}, "Copiapó mining accident")
	if got := Compute([]event.Event{a, b}, Options{IgnoreStories: true})[a.Path]; len(got) != 0 {
		t.Errorf("with stories hidden, got %+v, want nothing in common", got)
	}
	if got := Compute([]event.Event{a, b}, Options{})[a.Path]; len(got) != 1 {
		t.Errorf("with stories, got %d related, want 1", len(got))
	}
}

func TestScoreIsTheWeightedSumOfWhy(t *testing.T) {
	a := ev(6, "Floods hit Bangladesh and India", []string{"Bangladesh", "India"}, "South Asian floods")
	b := ev(9, "Floods in Bangladesh kill hundreds", []string{"Bangladesh"}, "South Asian floods")
	wt := Weights{Entity: 2, Cosine: 3, Story: 5}
	events := []event.Event{a, b, ev(20, "India votes", []string{"India"})}
	got := Compute(events, Options{Weights: wt})[a.Path]
	if len(got) == 0 {
		t.Fatal("no related events")
	}
	w := why(t, events, Options{Weights: wt}, a, got[0])
	if want := wt.Entity*w.EntityScore + wt.Cosine*w.Cosine + wt.Story*w.StoryBonus; got[0].Score != want {
		t.Errorf("score %v, want %v from %+v", got[0].Score, want, w)
	}
}

func TestLimitIsRespected(t *testing.T) {
	events := filler(40, "Chile")
	for _, limit := range []int{1, 3, 5, 12} {
		got := Compute(events, Options{Limit: limit})
		for path, rs := range got {
			if len(rs) != limit {
				t.Errorf("limit %d: %s has %d related", limit, path, len(rs))
			}
		}
	}
	if got := Compute(events, Options{}); len(got[events[0].Path]) != DefaultLimit {
		t.Errorf("zero Limit gave %d related, want %d", len(got[events[0].Path]), DefaultLimit)
	}
}

func TestComputeIsDeterministicAndIndependentOfInputOrder(t *testing.T) {
	events := syntheticEvents(3000, 7)
	want := Compute(events, Options{})
	if !reflect.DeepEqual(Compute(events, Options{}), want) {
		t.Fatal("two runs on the same input differ")
	}
	shuffled := slices.Clone(events)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	if !reflect.DeepEqual(Compute(shuffled, Options{}), want) {
		t.Error("shuffling the input changed the result")
	}
	if len(want) < 2500 {
		t.Errorf("only %d of 3000 synthetic events got related events", len(want))
	}
}

func TestDuplicatePathKeepsTheFirstEvent(t *testing.T) {
	a := ev(6, "Chile votes", []string{"Chile"})
	dup := a
	dup.Position = 1
	dup.Entities = []event.Entity{{Title: "Peru"}}
	b := ev(9, "Chile counts", []string{"Chile"})
	c := ev(9, "Peru counts", []string{"Peru"})
	got := Compute([]event.Event{dup, c, b, a}, Options{})
	if want := []string{b.Path}; !slices.Equal(paths(got[a.Path]), want) {
		t.Errorf("related of the duplicated path %v, want %v (the position-0 event's)", paths(got[a.Path]), want)
	}
}

func TestCanonicalOrderSortsAndDropsRepeatedPaths(t *testing.T) {
	a, b, c := ev(6, "Chile votes", []string{"Chile"}), ev(9, "Chile counts", []string{"Chile"}), ev(9, "Peru counts", []string{"Peru"})
	c.Position = 1
	dup := b
	dup.Position = 2
	tests := []struct {
		name string
		in   []event.Event
		want []string
	}{
		{"in order", []event.Event{a, b, c}, []string{a.Path, b.Path, c.Path}},
		{"in order with a repeat", []event.Event{a, b, c, dup}, []string{a.Path, b.Path, c.Path}},
		{"shuffled with a repeat", []event.Event{dup, c, a, b}, []string{a.Path, b.Path, c.Path}},
	}
	for _, tt := range tests {
		in := slices.Clone(tt.in)
		got := canonicalOrder(in)
		var order []string
		for _, e := range got {
			order = append(order, e.Path)
		}
		if !slices.Equal(order, tt.want) {
			t.Errorf("%s: order %v, want %v", tt.name, order, tt.want)
		}
		if got[1].Position != 0 {
			t.Errorf("%s: kept the later event of a repeated path", tt.name)
		}
		if !reflect.DeepEqual(in, tt.in) {
			t.Errorf("%s: the input was changed", tt.name)
		}
	}
}

func TestBadWeightsCountAsZero(t *testing.T) {
	tests := []struct {
		name string
		in   Weights
		want Weights
	}{
		{"zero means default", Weights{}, DefaultWeights},
		{"negative and NaN zeroed", Weights{Entity: -1, Cosine: nan(), Story: 2}, Weights{Story: 2}},
		{"all bad means default", Weights{Entity: -1}, DefaultWeights},
	}
	for _, tt := range tests {
		if got := (Options{Weights: tt.in}).normalized().Weights; got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func nan() float64 { var zero float64; return zero / zero }

func TestEmptyInput(t *testing.T) {
	if got := Compute(nil, Options{}); len(got) != 0 {
		t.Errorf("got %v for no events", got)
	}
	lone := ev(6, "", nil)
	if got := Compute([]event.Event{lone}, Options{}); len(got) != 0 {
		t.Errorf("got %v for one empty event", got)
	}
}

func TestScopeWindowStaysNextToTheExcludedRun(t *testing.T) {
	posts := []int32{1, 3, 5, 7, 9, 11, 13}
	all := span{0, 100}
	tests := []struct {
		name              string
		allowed, excluded span
		limit             int
		want              window
	}{
		{"two before the run, two after", all, span{7, 8}, 4, window{1, 3, 4, 6, true}},
		{"at the start: all after", all, span{0, 1}, 4, window{0, 0, 0, 4, true}},
		{"past the end: all before", all, span{20, 21}, 4, window{3, 7, 7, 7, true}},
		{"short list: all of it but the run", all, span{7, 8}, 10, window{0, 3, 4, 7, false}},
		{"a long run is skipped whole", all, span{3, 12}, 2, window{0, 1, 6, 7, false}},
		{"allowed bounds the window", span{4, 10}, span{7, 8}, 10, window{2, 3, 4, 5, false}},
	}
	for _, tt := range tests {
		if got := scopeWindow(posts, tt.allowed, tt.excluded, tt.limit); got != tt.want {
			t.Errorf("%s: scopeWindow = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

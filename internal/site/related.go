package site

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/related"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// UpdateDerived brings what the store derives from its events up to date
// after an import: the counts of topics, stories and categories
// (store.UpdateTitleCounts) and the related lists (UpdateRelated). The
// import command runs it, so that show and serve see current pages and a
// build has only pages to render.
func UpdateDerived(ctx context.Context, st *store.Store) error {
	if err := st.UpdateTitleCounts(ctx); err != nil {
		return err
	}
	_, err := UpdateRelated(ctx, st, false)
	return err
}

// RelatedUpdate tells what UpdateRelated did.
type RelatedUpdate struct {
	// Computed counts the events whose list was computed; Changed those whose
	// list differed from the stored one.
	Computed, Changed int
	// Full is whether every event was computed.
	Full bool
}

// UpdateRelated brings the store's related lists up to date with its events
// (docs/related.md states the rule). When none were ever computed, or with
// full, it computes every event's list; otherwise only the lists the
// imports since the last update may have changed: those of the events of the
// changed days, of the events whose list held an event of those days, and of
// the events that share a candidate term (entity, story, rare word) with the
// changed events. Each list that changed is stamped with the store's
// generation.
func UpdateRelated(ctx context.Context, st *store.Store, full bool) (RelatedUpdate, error) {
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
	paths := x.Paths()
	var computed map[string][]related.Related
	if res.Full {
		computed = related.ComputeFor(x, paths)
	} else if paths, computed, err = updateAffected(ctx, st, x, events, touched); err != nil {
		return RelatedUpdate{}, err
	}
	lists, err := storedForm(computed)
	if err != nil {
		return RelatedUpdate{}, err
	}
	changed, err := st.SaveRelated(ctx, gen, paths, lists)
	if err != nil {
		return RelatedUpdate{}, err
	}
	res.Computed, res.Changed = len(paths), len(changed)
	return res, nil
}

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
// returns the paths whose list is to be saved with the lists. The events of
// the changed days, and those whose stored list holds an event of those
// days, always take their new list. An event that only shares a term with a
// changed event takes its new list only when one of the changed events
// entered it: otherwise its old list stands, as the only difference is the
// drift of the IDF (the rule's one approximation, which keeps an import from
// rewriting thousands of pages for it).
func updateAffected(ctx context.Context, st *store.Store, x *related.Index, events []event.Event,
	touched *touchedDays) ([]string, map[string][]related.Related, error) {
	var seed []string
	for _, e := range events {
		if touched.days[e.Date] {
			seed = append(seed, e.Path)
		}
	}
	core := append(slices.Clone(touched.relating), seed...)
	slices.Sort(core)
	core = slices.Compact(core)
	entering, err := mayEnter(ctx, st, x, seed, core)
	if err != nil {
		return nil, nil, err
	}
	all := append(entering, core...)
	slices.Sort(all)
	all = slices.Compact(all)
	lists := related.ComputeFor(x, all)
	var keep []string
	for _, p := range all {
		if _, inCore := slices.BinarySearch(core, p); inCore || holdsDayOf(lists[p], touched.days) {
			keep = append(keep, p)
		}
	}
	return keep, lists, nil
}

// mayEnter returns the events outside core that share a candidate term with
// a seed event and whose stored list a seed event would now enter: its
// score beats the list's lowest (or the list is not full, or was never
// saved). The stored floors are read while the scores are computed.
func mayEnter(ctx context.Context, st *store.Store, x *related.Index, seed, core []string) ([]string, error) {
	var sharing []string
	for _, p := range x.SharingTerms(seed) {
		if _, inCore := slices.BinarySearch(core, p); !inCore {
			sharing = append(sharing, p)
		}
	}
	var best []float64
	var wg sync.WaitGroup
	wg.Go(func() { best = x.BestScores(sharing, seed) })
	floors, err := st.RelatedFloors(ctx, sharing, related.DefaultLimit)
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

// storedForm converts computed lists to the store's entries, on every core:
// encoding the score breakdowns of a whole archive takes seconds on one.
func storedForm(lists map[string][]related.Related) (map[string][]store.RelatedEntry, error) {
	paths := make([]string, 0, len(lists))
	for p := range lists {
		paths = append(paths, p)
	}
	converted := make([][]store.RelatedEntry, len(paths))
	errs := make([]error, len(paths))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(paths); i = int(next.Add(1)) - 1 {
				converted[i], errs[i] = entries(paths[i], lists[paths[i]])
			}
		})
	}
	wg.Wait()
	out := make(map[string][]store.RelatedEntry, len(paths))
	for i, p := range paths {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out[p] = converted[i]
	}
	return out, nil
}

func entries(path string, list []related.Related) ([]store.RelatedEntry, error) {
	out := make([]store.RelatedEntry, len(list))
	for i, r := range list {
		why, err := encodeWhy(r.Why)
		if err != nil {
			return nil, fmt.Errorf("related of %s: %w", path, err)
		}
		out[i] = store.RelatedEntry{Path: r.Path, Headline: r.Headline, Date: r.Date,
			Context: r.Context, Score: r.Score, Why: why}
	}
	return out, nil
}

// whyRecord is the stored form of a related.Contribution: short names,
// four decimals and the strongest words only, as the archive holds over half
// a million of them.
type whyRecord struct {
	Entities    []termRecord `json:"e,omitempty"`
	EntityScore float64      `json:"es,omitempty"`
	Cosine      float64      `json:"c,omitempty"`
	Words       []termRecord `json:"w,omitempty"`
	Story       string       `json:"s,omitempty"`
	StoryBonus  float64      `json:"b,omitempty"`
}

type termRecord struct {
	Term   string  `json:"t"`
	Weight float64 `json:"w"`
}

// storedWords is how many of the strongest shared words a record keeps.
const storedWords = 5

func compact(c related.Contribution) whyRecord {
	terms := func(ts []related.WeightedTerm) []termRecord {
		out := make([]termRecord, len(ts))
		for i, t := range ts {
			out[i] = termRecord{t.Term, round4(t.Weight)}
		}
		return out
	}
	return whyRecord{Entities: terms(c.Entities), EntityScore: round4(c.EntityScore), Cosine: round4(c.Cosine),
		Words: terms(c.Words[:min(len(c.Words), storedWords)]), Story: c.Story, StoryBonus: c.StoryBonus}
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// encodeWhy writes compact(c) as JSON by hand, as encoding/json would with
// whyRecord's tags: reflection took seconds over a whole archive's half a
// million breakdowns.
func encodeWhy(c related.Contribution) (json.RawMessage, error) {
	w := compact(c)
	for _, f := range []float64{w.EntityScore, w.Cosine, w.StoryBonus} {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("score breakdown: unsupported value %v", f)
		}
	}
	b := make([]byte, 0, 160)
	sep := byte('{')
	field := func(name string) {
		b = append(b, sep, '"')
		b = append(b, name...)
		b = append(b, '"', ':')
		sep = ','
	}
	terms := func(name string, ts []termRecord) {
		if len(ts) == 0 {
			return
		}
		field(name)
		for k, t := range ts {
			b = append(b, "[,"[min(k, 1)])
			b = append(b, `{"t":`...)
			b = appendJSONString(b, t.Term)
			b = append(b, `,"w":`...)
			b = strconv.AppendFloat(b, t.Weight, 'f', -1, 64)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	number := func(name string, f float64) {
		if f != 0 {
			field(name)
			b = strconv.AppendFloat(b, f, 'f', -1, 64)
		}
	}
	terms("e", w.Entities)
	number("es", w.EntityScore)
	number("c", w.Cosine)
	terms("w", w.Words)
	if w.Story != "" {
		field("s")
		b = appendJSONString(b, w.Story)
	}
	number("b", w.StoryBonus)
	if sep == '{' {
		b = append(b, '{')
	}
	return append(b, '}'), nil
}

// appendJSONString appends s as a JSON string; invalid UTF-8 becomes U+FFFD,
// as encoding/json writes it.
func appendJSONString(b []byte, s string) []byte {
	s = strings.ToValidUTF8(s, "\uFFFD")
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// DecodeWhy reads the stored breakdown of a related event's score (the Why
// of a store.RelatedEntry) back into a related.Contribution; its values are
// rounded to four decimals and its words cut to the strongest five.
func DecodeWhy(raw []byte) (related.Contribution, error) {
	var w whyRecord
	if err := json.Unmarshal(raw, &w); err != nil {
		return related.Contribution{}, fmt.Errorf("stored score breakdown: %w", err)
	}
	terms := func(ts []termRecord) []related.WeightedTerm {
		out := make([]related.WeightedTerm, len(ts))
		for i, t := range ts {
			out[i] = related.WeightedTerm{Term: t.Term, Weight: t.Weight}
		}
		return out
	}
	return related.Contribution{Entities: terms(w.Entities), EntityScore: w.EntityScore, Cosine: w.Cosine,
		Words: terms(w.Words), Story: w.Story, StoryBonus: w.StoryBonus}, nil
}

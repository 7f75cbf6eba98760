package wikisync

import (
	"context"
	"fmt"
	"slices"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// titleResolver stores the days of a sync with their entity and story
// titles resolved through the API: each title the wiki redirects becomes
// the title of the article it leads to (the text of the mentions stays as
// written), so that the spellings of one article land on one topic or
// story page; a title the wiki does not have stays as written. Each title
// is asked once a sync, with the days that use it, and what the wiki said
// is kept in the store (aliases, Wikidata items).
type titleResolver struct {
	st   Store
	api  API
	opts Options
	// known are the resolutions of the titles asked in this sync.
	known map[string]store.TitleResolution
}

func newTitleResolver(st Store, api API, opts Options) *titleResolver {
	return &titleResolver{st: st, api: api, opts: opts, known: map[string]store.TitleResolution{}}
}

// ImportDays resolves the titles of the days' events, stores the
// resolutions, then the days.
func (r *titleResolver) ImportDays(ctx context.Context, days []store.Day) (store.ImportResult, error) {
	fresh, err := r.resolve(ctx, titlesOf(days))
	if err != nil {
		return store.ImportResult{}, err
	}
	if err := r.st.SaveResolutions(ctx, fresh, r.opts.Now()); err != nil {
		return store.ImportResult{}, err
	}
	for i := range days {
		for j := range days[i].Events {
			r.canonicalize(&days[i].Events[j])
		}
	}
	return r.st.ImportDays(ctx, days)
}

// titlesOf lists the distinct entity and story titles of the days' events.
func titlesOf(days []store.Day) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, d := range days {
		for _, e := range d.Events {
			for _, ent := range e.Entities {
				add(ent.Title)
			}
			for _, m := range e.Mentions {
				add(m.Title)
			}
			for _, s := range e.Stories {
				add(s)
			}
		}
	}
	return out
}

// resolve asks the API the titles not asked yet in this sync and returns
// their resolutions.
func (r *titleResolver) resolve(ctx context.Context, titles []string) ([]store.TitleResolution, error) {
	var ask []string
	for _, t := range titles {
		if _, ok := r.known[t]; !ok {
			ask = append(ask, t)
		}
	}
	if len(ask) == 0 {
		return nil, nil
	}
	answers, err := r.api.Resolve(ctx, ask)
	if err != nil {
		return nil, fmt.Errorf("resolve titles: %w", err)
	}
	out := make([]store.TitleResolution, 0, len(answers))
	for _, a := range answers {
		res := store.TitleResolution{Title: a.Requested, Canonical: a.Requested}
		if !a.Missing && a.Invalid == "" && a.Title != "" {
			res.Canonical, res.WikidataID = a.Title, a.WikidataID
		}
		r.known[a.Requested] = res
		out = append(out, res)
	}
	return out, nil
}

// canonicalize gives the event's links their canonical titles, each
// entity once.
func (r *titleResolver) canonicalize(e *event.Event) {
	canon := func(t string) string {
		if res, ok := r.known[t]; ok {
			return res.Canonical
		}
		return t
	}
	var entities []event.Entity
	for _, ent := range e.Entities {
		ent.Title = canon(ent.Title)
		if !slices.Contains(entities, ent) {
			entities = append(entities, ent)
		}
	}
	if e.Entities != nil {
		e.Entities = entities
	}
	for i := range e.Mentions {
		e.Mentions[i].Title = canon(e.Mentions[i].Title)
	}
	for i := range e.Stories {
		e.Stories[i] = canon(e.Stories[i])
	}
}

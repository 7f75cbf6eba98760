package search_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/demo"
	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/search"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// demoStore is the embedded demo archive, imported once for the package's
// tests (derive.Update builds its search index).
var demoStore *store.Store

func TestMain(m *testing.M) {
	a, err := demo.Open(context.Background(), nil)
	if err != nil {
		panic(err)
	}
	demoStore = a.Store
	code := m.Run()
	a.Close()
	closeCorpus()
	os.Exit(code)
}

// A reader's query finds the event meant first: a precise query its one
// event (by the start of its path), a broad one an event of its topic.
func TestRelevance(t *testing.T) {
	tests := []struct {
		query string
		path  string // the start of the meant event's path
		topic string // or: the first event links this topic
	}{
		// Broad queries, as typed, accents and case as they come.
		{query: "médecins sans frontières", topic: "Médecins Sans Frontières"},
		{query: "medecins sans frontieres", topic: "Médecins Sans Frontières"},
		{query: "JAXA tsukuyomi", topic: "Tsukuyomi (spacecraft)"},
		{query: "el fasher", topic: "El Fasher"},
		{query: "KENYA teachers strike", topic: "Kenya National Union of Teachers"},
		{query: "cyclone tsiory", topic: "Cyclone Tsiory"},
		{query: "lumenvault", topic: "Lumenvault fraud trial"},
		{query: "estonian election", topic: "2025 Estonian parliamentary election"},
		// Precise queries: one event.
		{query: "médecins sans frontières cholera", path: "/news/2025/03/13/the-first-two-deaths-from-cholera"},
		{query: "MEDECINS SANS FRONTIERES truce collapsed", path: "/news/2025/03/15/medecins-sans-frontieres-says"},
		{query: "JAXA tsukuyomi touches down", path: "/news/2025/03/15/the-tsukuyomi-lander-touches-down"},
		{query: "tsukuyomi rover", path: "/news/2025/03/16/the-tsukuyomi-lander-deploys-its-small-rover"},
		{query: "tsukuyomi lifts off, separates on course", path: "/news/2025/03/5/an-h3-rocket-carrying-the-tsukuyomi"},
		{query: "el fasher hospital drone", path: "/news/2025/03/6/rapid-support-forces-drones-strike-the-last-functioning-hospital"},
		{query: "El Fasher convoy UNICEF", path: "/news/2025/03/8/a-convoy-of-28-trucks"},
		{query: "KENYA teachers strike called off", path: "/news/2025/03/14/the-kenya-national-union-of-teachers-calls-off"},
		{query: "kenya court suspends strike", path: "/news/2025/03/12/the-employment-and-labour-relations-court"},
		{query: "cyclone tsiory landfall", path: "/news/2025/03/6/cyclone-tsiory-makes-landfall"},
		{query: `"flash appeal" mozambique`, path: "/news/2025/03/10/the-united-nations-launches-a-flash-appeal"},
		{query: "isamaa preliminary results", path: "/news/2025/03/9/preliminary-results-give-isamaa"},
		{query: "nickel prices london", path: "/news/2025/03/4/nickel-prices-rise"},
		{query: "tsukuyomi launch weather", path: "/news/2025/03/4/jaxa-confirms-the-launch"},
	}
	ctx := context.Background()
	for _, tt := range tests {
		res, err := search.Run(ctx, demoStore, search.Request{Query: tt.query, Limit: 3})
		if err != nil {
			t.Errorf("%s: %v", tt.query, err)
			continue
		}
		if len(res.Results) == 0 {
			t.Errorf("%s: nothing found", tt.query)
			continue
		}
		first := res.Results[0].Path
		if tt.path != "" && !strings.HasPrefix(first, tt.path) {
			t.Errorf("%s: first %s, want %s…", tt.query, first, tt.path)
		}
		if tt.topic != "" {
			e, err := demoStore.Event(ctx, first)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(e.Entities, event.Entity{Title: tt.topic}) && !slices.Contains(e.Stories, tt.topic) {
				t.Errorf("%s: first %s, which is not about %s", tt.query, first, tt.topic)
			}
		}
	}
}

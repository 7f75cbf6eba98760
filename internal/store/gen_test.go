package store

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// synthetic generates realistic days for benchmarks: a day holds eventsPerDay
// events, each with two entities drawn from a skewed pool (a few countries
// recur on most days), a story path for one event in three, and one source
// with a unique URL, as in the shared corpus.
type synthetic struct {
	rng          *rand.Rand
	eventsPerDay int
	entities     []string
	stories      []string
	sourceNames  []string
}

func newSynthetic(eventsPerDay int) *synthetic {
	g := &synthetic{rng: rand.New(rand.NewPCG(1, 2)), eventsPerDay: eventsPerDay}
	for i := range 5000 {
		g.entities = append(g.entities, fmt.Sprintf("Entity number %d", i))
	}
	for i := range 800 {
		g.stories = append(g.stories, fmt.Sprintf("Story of the year %d", i))
	}
	for _, n := range strings.Fields("Reuters BBC AP CNN Al_Jazeera NYT Guardian AFP DW NPR") {
		g.sourceNames = append(g.sourceNames, strings.ReplaceAll(n, "_", " "))
	}
	return g
}

// pick draws an index skewed towards the front of a pool of n.
func (g *synthetic) pick(n int) int {
	f := g.rng.Float64()
	return int(f * f * f * float64(n))
}

// days returns n consecutive days from 2002-01-01, revision 1 each.
func (g *synthetic) days(n int) []Day {
	start := time.Date(2002, time.January, 1, 0, 0, 0, 0, time.UTC)
	out := make([]Day, n)
	for i := range out {
		t := start.AddDate(0, 0, i)
		out[i] = g.day(event.NewDate(t), 1, t.Add(20*time.Hour))
	}
	return out
}

// day makes one day's revision.
func (g *synthetic) day(d event.Date, rev int64, ts time.Time) Day {
	headlines := make([]string, g.eventsPerDay)
	for i := range headlines {
		headlines[i] = fmt.Sprintf("%s and %s hold talks on item %d of revision %d, officials say.",
			g.entities[g.pick(len(g.entities))], g.entities[g.pick(len(g.entities))], i, rev)
	}
	paths := event.Paths(d, headlines)
	var wiki strings.Builder
	events := make([]event.Event, len(headlines))
	for i, h := range headlines {
		events[i] = g.event(d, i, paths[i], h)
		fmt.Fprintf(&wiki, "*%s [%s (%s)]\n", h, events[i].Sources[0].URL, events[i].Sources[0].Name)
	}
	return Day{Date: d, Title: "Portal:Current events/" + d.Time().Format("2006 January 2"),
		RevisionID: rev, Timestamp: ts, Wikitext: wiki.String(), Events: events}
}

func (g *synthetic) event(d event.Date, pos int, path, headline string) event.Event {
	a, b := g.entities[g.pick(len(g.entities))], g.entities[g.pick(len(g.entities))]
	if a == b {
		b += " (disambiguation)"
	}
	e := event.Event{
		Path: path, Date: d, Position: pos, Category: "Politics and elections",
		CategoryOriginal: "Politics and election", Headline: headline, Text: headline,
		Mentions: []event.Mention{{Start: 0, End: 5, Title: a}, {Start: 10, End: 15, Title: b}},
		Entities: []event.Entity{{Title: a}, {Title: b}},
		Stories:  []string{},
		Sources: []event.Source{{
			Name: g.sourceNames[g.rng.IntN(len(g.sourceNames))],
			URL:  fmt.Sprintf("https://source.example/%s/%d/%x", d, pos, g.rng.Uint64()),
		}},
	}
	if g.rng.IntN(3) == 0 {
		e.Stories = []string{g.stories[g.pick(len(g.stories))]}
	}
	return e
}

package site

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
)

// storyContext places the story self among the others from the story paths
// (outermost first) of its events: its parents are the chain of stories
// above it in most of the events that nest it under another (ties to the
// first in alphabetical order; none when none does), its sub-stories those
// right under it, most events first.
func storyContext(self string, paths [][]string) *render.StoryContext {
	chains := map[string]int{}
	subs := counter{}
	for _, path := range paths {
		i := slices.Index(path, self)
		if i < 0 {
			continue
		}
		if i > 0 {
			chains[strings.Join(path[:i], "\x00")]++
		}
		if i+1 < len(path) {
			subs[path[i+1]]++
		}
	}
	best, bestN := "", -1
	for chain, n := range chains {
		if n > bestN || n == bestN && chain < best {
			best, bestN = chain, n
		}
	}
	c := &render.StoryContext{SubStories: subs.top(len(subs))}
	if best != "" {
		c.Parents = strings.Split(best, "\x00")
	}
	return c
}

// monthTotals counts events per month, oldest first.
func monthTotals(events []*event.Event) []render.MonthTotal {
	counts := map[[2]int]int{}
	for _, e := range events {
		counts[[2]int{e.Date.Year, int(e.Date.Month)}]++
	}
	out := make([]render.MonthTotal, 0, len(counts))
	for k, n := range counts {
		out = append(out, render.MonthTotal{Year: k[0], Month: time.Month(k[1]), Count: n})
	}
	slices.SortFunc(out, func(a, b render.MonthTotal) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Month, b.Month))
	})
	return out
}

// dayCounts counts events, in date order, per day.
func dayCounts(events []event.Event) []render.DayCount {
	var out []render.DayCount
	for _, e := range events {
		if n := len(out); n == 0 || out[n-1].Date != e.Date {
			out = append(out, render.DayCount{Date: e.Date})
		}
		out[len(out)-1].Count++
	}
	return out
}

// addTimelines gives a topic page built from all its events (newest or
// oldest first) its events per month and, for a story, its place among the
// others.
func (t *titleInfo) addTimelines(events []*event.Event) {
	t.perMonth = monthTotals(events)
	if t.kind != event.KindStory {
		return
	}
	paths := make([][]string, len(events))
	for i, e := range events {
		paths[i] = e.Stories
	}
	t.story = storyContext(t.title, paths)
}

// loadTimelines gives a topic page its events per month and, for a story,
// its place among the others, from the store.
func (s *Site) loadTimelines(ctx context.Context, t *titleInfo) error {
	months, err := s.st.TopicMonths(ctx, t.kind, t.title)
	if err != nil {
		return err
	}
	t.perMonth = make([]render.MonthTotal, len(months))
	for i, m := range months {
		t.perMonth[i] = render.MonthTotal{Year: m.Year, Month: time.Month(m.Month), Count: m.Events}
	}
	if t.kind != event.KindStory {
		return nil
	}
	paths, err := s.st.StoryPaths(ctx, t.title)
	if err != nil {
		return err
	}
	t.story = storyContext(t.title, paths)
	return nil
}

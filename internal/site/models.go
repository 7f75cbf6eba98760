package site

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// The functions of this file turn events into page models. Page and Build
// both use them, so that the server and the static files agree.

// Sizes of the lists pages show.
const (
	// HomeDays is how many of the latest days the home page shows.
	HomeDays = 7
	// TopCount is how many top topics, top stories or co-topics a page lists.
	TopCount = 10
)

func indexEvents(events []event.Event) []render.IndexEvent {
	out := make([]render.IndexEvent, len(events))
	for i := range events {
		out[i] = render.IndexEventOf(&events[i])
	}
	return out
}

// eventEdits is what edits of its day's page left of an event: the paths
// it had (store.FormerPathsOf) and the headlines they replaced
// (store.EarlierTextsOf).
type eventEdits struct {
	former  []string
	earlier []store.EarlierText
}

// eventPage makes an event's page from the event, its related lists, what
// edits left of it, what enrichment added to it (the zero EventExtras when
// nothing) and the revision of its day's portal page.
func eventPage(e event.Event, rel, around []store.RelatedEntry, edits eventEdits, x store.EventExtras, day store.DayRevision) *render.EventPage {
	return &render.EventPage{Event: e, Related: renderRelated(rel), Around: renderRelated(around),
		FormerPaths: edits.former, EarlierTexts: earlierTexts(edits.earlier, day.Title),
		Summary: x.Summary, CoverImage: x.CoverImage, CoverWidth: x.CoverWidth, CoverHeight: x.CoverHeight,
		SourceDetails: sourceDetails(e.Sources, x.Sources), Portal: render.PortalRevision(day)}
}

// removedPage is the page of an event the portal no longer has: its last
// text, no related lists (it is in no ranking any more) and no enrichment
// (which went with the event). Its text is from a revision of its day's
// page before the current one, which the page names without its id.
func removedPage(r store.RemovedEvent, edits eventEdits, day store.DayRevision) *render.EventPage {
	return &render.EventPage{Event: r.Event, FormerPaths: edits.former, EarlierTexts: earlierTexts(edits.earlier, day.Title),
		Removed: r.Removed, Portal: render.PortalRevision{Title: day.Title}}
}

// earlierTexts are the texts edits replaced, each with its revision of the
// day's page, whose title is title.
func earlierTexts(list []store.EarlierText, title string) []render.EarlierText {
	if len(list) == 0 {
		return nil
	}
	out := make([]render.EarlierText, len(list))
	for i, t := range list {
		out[i] = render.EarlierText{Headline: t.Headline, Replaced: t.Replaced,
			Revision: render.PortalRevision{Title: title, ID: t.RevisionID, Timestamp: t.Timestamp}}
	}
	return out
}

// sourceDetails lines what enrichment learned of the sources up with the
// event's sources; a source whose URL differs (the extras of another
// revision of the event) gets no details. Nil when there are none at all.
func sourceDetails(sources []event.Source, extras []store.SourceExtras) []render.SourceDetail {
	var out []render.SourceDetail
	for i := range min(len(sources), len(extras)) {
		x := extras[i]
		if x.URL != sources[i].URL || x.Title == "" && x.SiteName == "" && x.Published.IsZero() && x.ArchivedURL == "" {
			continue
		}
		if out == nil {
			out = make([]render.SourceDetail, len(sources))
		}
		out[i] = render.SourceDetail{Title: x.Title, SiteName: x.SiteName, ArchivedURL: x.ArchivedURL}
		if !x.Published.IsZero() {
			out[i].Published = x.Published.UTC().Format(time.RFC3339)
		}
	}
	return out
}

func renderRelated(list []store.RelatedEntry) []render.Related {
	if len(list) == 0 {
		return nil
	}
	out := make([]render.Related, 0, len(list))
	for _, r := range list {
		out = append(out, render.Related{Path: r.Path, Headline: r.Headline, Date: r.Date, Context: r.Context, Score: r.Score})
	}
	return out
}

// dayEvents groups events, in date order, by day.
func dayEvents(events []event.Event) []render.DayEvents {
	var out []render.DayEvents
	for start := 0; start < len(events); {
		end := start + 1
		for end < len(events) && events[end].Date == events[start].Date {
			end++
		}
		out = append(out, render.DayEvents{Date: events[start].Date, Events: indexEvents(events[start:end])})
		start = end
	}
	return out
}

func monthRef(d event.Date) render.MonthRef {
	if d.IsZero() {
		return render.MonthRef{}
	}
	return render.MonthRef{Year: d.Year, Month: d.Month}
}

// yearPage counts the year's events (in date order) by month, topic and story.
func yearPage(year int, events []event.Event, prev, next int) *render.YearPage {
	p := &render.YearPage{Year: year, Prev: prev, Next: next}
	topics, stories := counter{}, counter{}
	for i, e := range events {
		if i == 0 || e.Date.Month != events[i-1].Date.Month {
			p.Months = append(p.Months, render.MonthCount{Month: e.Date.Month})
		}
		p.Months[len(p.Months)-1].Count++
		topics.addEntities(e, "")
		stories.addDistinct(e.Stories)
	}
	p.TopTopics = topics.top(TopCount)
	p.TopStories = stories.top(TopCount)
	p.PerDay = dayCounts(events)
	return p
}

// yearSummaryPage is yearPage from counts: the year's days with their
// events (in date order) and its top topics and stories.
func yearSummaryPage(year int, days []store.DayCount, topics, stories []store.TitleCount, prev, next int) *render.YearPage {
	p := &render.YearPage{Year: year, Prev: prev, Next: next,
		TopTopics: titleCounts(topics), TopStories: titleCounts(stories)}
	for i, d := range days {
		if i == 0 || d.Date.Month != days[i-1].Date.Month {
			p.Months = append(p.Months, render.MonthCount{Month: d.Date.Month})
		}
		p.Months[len(p.Months)-1].Count += d.Events
		p.PerDay = append(p.PerDay, render.DayCount{Date: d.Date, Count: d.Events})
	}
	return p
}

func titleCounts(in []store.TitleCount) []render.Count {
	out := make([]render.Count, len(in))
	for i, c := range in {
		out[i] = render.Count{Title: c.Title, Count: c.Events}
	}
	return out
}

// datesOfDays returns the dates of the days.
func datesOfDays(days []store.DayCount) []event.Date {
	out := make([]event.Date, len(days))
	for i, d := range days {
		out[i] = d.Date
	}
	return out
}

// topicStats counts events (all of a topic's) per year, oldest first, and
// the entities they link, other than self, at most once an event.
func topicStats(events []*event.Event, self string) ([]render.YearCount, []render.Count) {
	years := map[int]int{}
	co := counter{}
	for _, e := range events {
		years[e.Date.Year]++
		co.addEntities(*e, self)
	}
	return perYearOf(years), co.top(TopCount)
}

// perYearOf lists the counts of years by year, oldest first.
func perYearOf(years map[int]int) []render.YearCount {
	perYear := make([]render.YearCount, 0, len(years))
	for y, n := range years {
		perYear = append(perYear, render.YearCount{Year: y, Count: n})
	}
	slices.SortFunc(perYear, func(a, b render.YearCount) int { return cmp.Compare(a.Year, b.Year) })
	return perYear
}

func feed(title, pagePath string, newestFirst []event.Event) *render.Feed {
	return &render.Feed{Title: title, PagePath: pagePath,
		Events: indexEvents(newestFirst[:min(len(newestFirst), render.FeedSize)])}
}

// counter counts titles, each at most once per event.
type counter map[string]int

func (c counter) addEntities(e event.Event, skip string) {
	// e is passed by value: it is small next to a map lookup per entity.
	for i, ent := range e.Entities {
		if ent.Title != skip && !slices.ContainsFunc(e.Entities[:i], func(o event.Entity) bool { return o.Title == ent.Title }) {
			c[ent.Title]++
		}
	}
}

func (c counter) addDistinct(titles []string) {
	for i, t := range titles {
		if !slices.Contains(titles[:i], t) {
			c[t]++
		}
	}
}

// top returns the n most counted, most first, ties by title.
func (c counter) top(n int) []render.Count {
	out := make([]render.Count, 0, len(c))
	for t, k := range c {
		out = append(out, render.Count{Title: t, Count: k})
	}
	slices.SortFunc(out, func(a, b render.Count) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Title, b.Title))
	})
	return out[:min(n, len(out))]
}

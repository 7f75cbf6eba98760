package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// Content types of the files that are not one of the four page formats.
const (
	cssType    = "text/css; charset=utf-8"
	icoType    = "image/vnd.microsoft.icon"
	svgType    = "image/svg+xml"
	textType   = "text/plain; charset=utf-8"
	rssType    = "application/rss+xml; charset=utf-8"
	atomType   = "application/atom+xml; charset=utf-8"
	xmlType    = "application/xml; charset=utf-8"
	schemaType = "application/schema+json"
)

// Page renders the file at a URL path with its extension: an event or index
// page in one of the four formats (/news/2013/06/6/slug.json,
// /topics/x/index.html), a feed (/feed.xml, /topics/x/atom.xml), a sitemap,
// /robots.txt, /style.css, /404.html or a JSON Schema under /schema/. A path
// that names no page gives ErrNotFound (wrapped). It queries only what the
// page needs.
func (s *Site) Page(ctx context.Context, urlPath string) (Page, error) {
	if !strings.HasPrefix(urlPath, "/") || path.Clean(urlPath) != urlPath {
		return Page{}, notFound(urlPath)
	}
	cat, err := s.catalogue(ctx)
	if err != nil {
		return Page{}, fmt.Errorf("page %s: %w", urlPath, err)
	}
	p, err := s.file(ctx, cat, urlPath)
	if err != nil {
		return Page{}, fmt.Errorf("page %s: %w", urlPath, err)
	}
	return p, nil
}

func notFound(urlPath string) error { return fmt.Errorf("page %s: %w", urlPath, ErrNotFound) }

// file dispatches on the kind of file the path names.
func (s *Site) file(ctx context.Context, cat *catalogue, urlPath string) (Page, error) {
	r := cat.renderer
	switch {
	case urlPath == render.StylePath:
		return Page{Body: render.Stylesheet(), ContentType: cssType}, nil
	case urlPath == render.MendScriptPath && r.Has(render.HTML):
		return Page{Body: render.MendScript(), ContentType: jsType}, nil
	case urlPath == render.FaviconPath && r.Has(render.HTML):
		return Page{Body: render.FaviconICO(), ContentType: icoType}, nil
	case urlPath == render.FaviconSVGPath && r.Has(render.HTML):
		return Page{Body: render.FaviconSVG(), ContentType: svgType}, nil
	case isSearchFile(urlPath):
		return s.searchFile(ctx, cat, urlPath)
	case urlPath == render.RobotsPath:
		return s.sitewide(ctx, textType, func(b *bytes.Buffer) error { return r.Robots(b) })
	case strings.HasPrefix(urlPath, render.AboutPath+"."):
		return s.aboutFile(cat, urlPath)
	case urlPath == render.LLMsPath:
		return s.sitewide(ctx, textType, func(b *bytes.Buffer) error { return r.LLMsTxt(b) })
	case urlPath == render.OpenSearchPath && r.Has(render.HTML):
		return s.sitewide(ctx, render.OpenSearchType, func(b *bytes.Buffer) error { return r.OpenSearch(b) })
	case urlPath == render.NotFoundPath:
		return s.sitewide(ctx, render.HTML.ContentType(), func(b *bytes.Buffer) error { return r.NotFound(b, "", render.Likely{}) })
	case strings.HasPrefix(urlPath, "/schema/"):
		body, ok := render.Schema(strings.TrimPrefix(urlPath, "/schema/"))
		if !ok {
			return Page{}, ErrNotFound
		}
		return Page{Body: body, ContentType: schemaType}, nil
	}
	p, err := event.ParseSitePath(urlPath)
	if err != nil {
		return Page{}, ErrNotFound
	}
	switch p.Type {
	case event.PathSitemap, event.PathSitemapPart:
		return s.sitemapFile(ctx, cat, p)
	case event.PathRSS, event.PathAtom:
		return s.feedFile(ctx, cat, p)
	}
	f, err := render.ParseFormat(p.Ext)
	if err != nil {
		return Page{}, ErrNotFound
	}
	m, days, err := s.modelOf(ctx, p.Page())
	if err != nil {
		return Page{}, err
	}
	return s.rendered(ctx, f.ContentType(), days, func(b *bytes.Buffer) error { return r.Render(b, f, m) })
}

// aboutFile renders the about page in the format its path names, when the
// site has that format and the page has it.
func (s *Site) aboutFile(cat *catalogue, urlPath string) (Page, error) {
	f, err := render.ParseFormat(strings.TrimPrefix(urlPath, render.AboutPath))
	if err != nil || !slices.Contains(render.AboutFormats[:], f) || !cat.renderer.Has(f) {
		return Page{}, ErrNotFound
	}
	var b bytes.Buffer
	if err := cat.renderer.About(&b, f); err != nil {
		return Page{}, err
	}
	return Page{Body: b.Bytes(), ContentType: f.ContentType()}, nil
}

// sitewide renders a file whose inputs are the whole archive.
func (s *Site) sitewide(ctx context.Context, contentType string, write func(*bytes.Buffer) error) (Page, error) {
	return s.rendered(ctx, contentType, nil, write)
}

// rendered runs write and stamps the page with the newest revision of the
// days (of the whole store when days is nil).
func (s *Site) rendered(ctx context.Context, contentType string, days []event.Date, write func(*bytes.Buffer) error) (Page, error) {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return Page{}, err
	}
	mod, err := s.modified(ctx, days)
	if err != nil {
		return Page{}, err
	}
	return Page{Body: b.Bytes(), ContentType: contentType, Modified: mod}, nil
}

func (s *Site) modified(ctx context.Context, days []event.Date) (time.Time, error) {
	if days != nil && len(days) == 0 {
		return time.Time{}, nil
	}
	if days == nil {
		return s.archiveModified(ctx)
	}
	return s.st.LastModified(ctx, days...)
}

// model loads the page model at an extension-less page path and the days it shows.
func (s *Site) model(ctx context.Context, pagePath string) (render.Page, []event.Date, error) {
	p, err := event.ParseSitePath(pagePath)
	if err != nil || p.Ext != "" {
		return nil, nil, ErrNotFound
	}
	return s.modelOf(ctx, p)
}

// modelOf loads the page model of an extension-less page path.
func (s *Site) modelOf(ctx context.Context, p event.SitePath) (render.Page, []event.Date, error) {
	switch p.Type {
	case event.PathHome:
		return s.homeModel(ctx)
	case event.PathList:
		return s.listPageModel(ctx, p)
	case event.PathTitle:
		m, events, err := s.titlePageModel(ctx, p)
		if err != nil {
			return nil, nil, err
		}
		return m, datesOf(events), nil
	case event.PathOnThisDay:
		return s.onThisDayModel(ctx, p.Date)
	case event.PathNews:
		return s.archiveIndexModel(ctx, func(days []store.DayCount) render.Page { return newsPage(days) })
	case event.PathCalendar:
		return s.archiveIndexModel(ctx, func(days []store.DayCount) render.Page { return calendarPage(days) })
	case event.PathEdits:
		if p.Date.Year > 0 {
			return s.editsMonthModel(ctx, p.Date)
		}
		return s.editsModel(ctx)
	case event.PathYear:
		return s.yearModel(ctx, p.Date.Year)
	case event.PathMonth:
		return s.monthModel(ctx, p.Date.Year, p.Date.Month)
	case event.PathDay:
		return s.dayModel(ctx, p.Date)
	case event.PathEvent:
		return s.eventModel(ctx, p.String())
	}
	return nil, nil, ErrNotFound
}

func (s *Site) eventModel(ctx context.Context, pagePath string) (render.Page, []event.Date, error) {
	e, err := s.st.Event(ctx, pagePath)
	if errors.Is(err, store.ErrNotFound) {
		return s.removedModel(ctx, pagePath)
	}
	if err != nil {
		return nil, nil, err
	}
	edits, err := s.editsOfEach(ctx, []string{pagePath})
	if err != nil {
		return nil, nil, err
	}
	extras, err := s.st.Extras(ctx, []string{pagePath})
	if err != nil {
		return nil, nil, err
	}
	var lists [len(store.AllLists)][]store.RelatedEntry
	days := []event.Date{e.Date}
	for k, list := range store.AllLists {
		if lists[k], err = s.st.RelatedOf(ctx, list, pagePath); err != nil {
			return nil, nil, err
		}
		for _, r := range lists[k] {
			days = append(days, r.Date)
		}
	}
	day, err := s.st.DayRevisionOf(ctx, e.Date)
	if err != nil {
		return nil, nil, err
	}
	return eventPage(e, lists[store.RelatedList], lists[store.AroundList], edits[pagePath], extras[pagePath], day), days, nil
}

// removedModel is the page of an event the portal no longer has.
func (s *Site) removedModel(ctx context.Context, pagePath string) (render.Page, []event.Date, error) {
	r, err := s.st.Removed(ctx, pagePath)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	edits, err := s.editsOfEach(ctx, []string{pagePath})
	if err != nil {
		return nil, nil, err
	}
	day, err := s.st.DayRevisionOf(ctx, r.Event.Date)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, nil, err
	}
	return removedPage(r, edits[pagePath], day), []event.Date{r.Event.Date}, nil
}

func (s *Site) dayModel(ctx context.Context, d event.Date) (render.Page, []event.Date, error) {
	events, err := s.st.EventsOfDay(ctx, d)
	if err != nil {
		return nil, nil, err
	}
	if len(events) == 0 {
		return nil, nil, ErrNotFound
	}
	day, err := s.st.DayRevisionOf(ctx, d)
	if err != nil {
		return nil, nil, err
	}
	p := &render.DayPage{Date: d, Events: indexEvents(events), Portal: render.PortalRevision(day)}
	if p.Prev, p.Next, err = s.neighbours(ctx, d.String()); err != nil {
		return nil, nil, err
	}
	return p, []event.Date{d}, nil
}

// neighbours returns the nearest days with events before and after the
// period named by prefix (a day "2013-06-06", a month "2013-06" or a year
// "2013"); a zero Date where there is none.
func (s *Site) neighbours(ctx context.Context, prefix string) (prev, next event.Date, err error) {
	if prev, err = s.st.EventDayBefore(ctx, prefix); err != nil {
		return
	}
	next, err = s.st.EventDayAfter(ctx, prefix)
	return
}

func (s *Site) monthModel(ctx context.Context, year int, month time.Month) (render.Page, []event.Date, error) {
	first := event.Date{Year: year, Month: month, Day: 1}
	last := event.Date{Year: year, Month: month, Day: 31}
	events, err := s.eventsBetween(ctx, first, last)
	if err != nil || len(events) == 0 {
		return nil, nil, orNotFound(err)
	}
	prefix := first.String()[:7]
	prev, next, err := s.neighbours(ctx, prefix)
	if err != nil {
		return nil, nil, err
	}
	p := &render.MonthPage{Year: year, Month: month, Prev: monthRef(prev), Next: monthRef(next), Days: dayEvents(events)}
	return p, datesOf(events), nil
}

// yearModel counts the year's events by month (from the generation's day
// counts) and by topic and story (in SQL): reading the year's events in
// full, as the build does, took 165 ms for 2020.
func (s *Site) yearModel(ctx context.Context, year int) (render.Page, []event.Date, error) {
	all, err := s.dayCounts(ctx)
	if err != nil {
		return nil, nil, err
	}
	days := daysOfYear(all, year)
	if len(days) == 0 {
		return nil, nil, ErrNotFound
	}
	topics, stories, err := s.st.YearTops(ctx, year, TopCount)
	if err != nil {
		return nil, nil, err
	}
	prev, next, err := s.neighbours(ctx, strconv.Itoa(year))
	if err != nil {
		return nil, nil, err
	}
	return yearSummaryPage(year, days, topics, stories, prev.Year, next.Year), datesOfDays(days), nil
}

func (s *Site) homeModel(ctx context.Context) (render.Page, []event.Date, error) {
	latest, err := s.st.LatestDays(ctx, HomeDays)
	if err != nil {
		return nil, nil, err
	}
	counts, err := s.dayCounts(ctx)
	if err != nil {
		return nil, nil, err
	}
	p := &render.HomePage{Years: yearCounts(counts)}
	for _, y := range p.Years {
		p.Total += y.Count
	}
	if len(latest) > 0 {
		events, err := s.eventsBetween(ctx, latest[len(latest)-1], event.Date{})
		if err != nil {
			return nil, nil, err
		}
		p.Days = dayEvents(events)
		slices.Reverse(p.Days)
	}
	return p, nil, nil
}

// topicEvents loads the title and latest limit events, newest first, of a
// topic, story or category; ErrNotFound when it has no current event.
func (s *Site) topicEvents(ctx context.Context, kind event.Kind, slug string, limit int) (string, []event.Event, error) {
	title, err := s.st.TitleOfSlug(ctx, kind, slug)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil, ErrNotFound
	}
	if err != nil {
		return "", nil, err
	}
	events, err := s.st.TopicEvents(ctx, kind, title, limit)
	if err != nil || len(events) == 0 {
		return "", nil, orNotFound(err)
	}
	return title, events, nil
}

// feedFile serves /feed.xml, /atom.xml and the feeds of topics, stories and categories.
func (s *Site) feedFile(ctx context.Context, cat *catalogue, p event.SitePath) (Page, error) {
	f, days, err := s.feedModel(ctx, p.Kind, p.Slug)
	if err != nil {
		return Page{}, err
	}
	if p.Type == event.PathAtom {
		return s.rendered(ctx, atomType, days, func(b *bytes.Buffer) error { return cat.renderer.Atom(b, f) })
	}
	return s.rendered(ctx, rssType, days, func(b *bytes.Buffer) error { return cat.renderer.RSS(b, f) })
}

// feedModel loads the feed of the site (kind and slug empty), of the edits
// (kind empty, slug event.EditsSegment), or of a topic, story or category.
func (s *Site) feedModel(ctx context.Context, kind event.Kind, slug string) (*render.Feed, []event.Date, error) {
	switch {
	case kind == "" && slug == event.EditsSegment:
		latest, err := s.st.RecentEdits(ctx, render.EditsSize)
		if err != nil {
			return nil, nil, err
		}
		return editsFeed(editsPage(latest, nil)), nil, nil
	case kind == "":
		events, err := s.st.LatestEvents(ctx, render.FeedSize)
		if err != nil {
			return nil, nil, err
		}
		return feed("", render.HomePath, events), nil, nil
	}
	title, events, err := s.topicEvents(ctx, kind, slug, render.FeedSize)
	if err != nil {
		return nil, nil, err
	}
	f := feed(title, render.TitlePath(kind, slug), events)
	return f, datesOf(events[:len(f.Events)]), nil
}

func (s *Site) eventsBetween(ctx context.Context, from, to event.Date) ([]event.Event, error) {
	var events []event.Event
	err := s.st.EachEvent(ctx, from, to, func(e event.Event) error {
		events = append(events, e)
		return nil
	})
	return events, err
}

func orNotFound(err error) error {
	if err != nil {
		return err
	}
	return ErrNotFound
}

// datesOf returns the distinct days of the events, never nil.
func datesOf(events []event.Event) []event.Date {
	out := []event.Date{}
	seen := map[event.Date]bool{}
	for _, e := range events {
		if !seen[e.Date] {
			seen[e.Date] = true
			out = append(out, e.Date)
		}
	}
	return out
}

func yearCounts(days []store.DayCount) []render.YearCount {
	var out []render.YearCount
	for _, d := range days {
		if n := len(out); n == 0 || out[n-1].Year != d.Date.Year {
			out = append(out, render.YearCount{Year: d.Date.Year})
		}
		out[len(out)-1].Count += d.Events
	}
	return out
}

package site

import (
	"context"
	"slices"
	"strconv"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// sitemapFile serves /sitemap.xml and /sitemaps/<group>.xml: the index
// renders no group's files, a group's file only its own group's.
func (s *Site) sitemapFile(ctx context.Context, cat *catalogue, p event.SitePath) (Page, error) {
	only := func(g string) bool { return p.Type == event.PathSitemapPart && p.Slug == g }
	groups, err := s.sitemapGroups(ctx, only)
	if err != nil {
		return Page{}, err
	}
	files, err := cat.renderer.Sitemaps(groups, only)
	if err != nil {
		return Page{}, err
	}
	urlPath := p.String()
	for _, f := range files {
		if f.Path == urlPath {
			mod, err := s.modified(ctx, nil)
			return Page{Body: f.Body, ContentType: xmlType, Modified: mod}, err
		}
	}
	return Page{}, ErrNotFound
}

// sitemapGroups lists every page of the site in the format feeds link,
// grouped as sitemapGroupsOf does. When the site needs more than one sitemap file, only
// the years only accepts get their events' paths (nil: every year); the
// other years' events have their day alone, all the sitemap index needs.
func (s *Site) sitemapGroups(ctx context.Context, only func(group string) bool) ([]render.SitemapGroup, error) {
	days, err := s.dayCounts(ctx)
	if err != nil {
		return nil, err
	}
	var lists [3][]store.TitleCount
	for i, k := range event.Kinds {
		if lists[i], err = s.titleCounts(ctx, k); err != nil {
			return nil, err
		}
	}
	listPages, err := s.allListPages(ctx)
	if err != nil {
		return nil, err
	}
	listPaths := pathsOfListPages(listPages, true)
	// Every year's events by their day alone: enough to count the URLs.
	lean, err := s.leanSitemap(ctx, days, lists, listPaths)
	if err != nil {
		return nil, err
	}
	split := render.SitemapSplit(lean)
	if split && only != nil {
		return s.withYearPaths(ctx, lean, days, only)
	}
	paths := map[int][]store.PathDate{}
	for _, y := range yearCounts(days) {
		if !split || only == nil || only(strconv.Itoa(y.Year)) {
			if paths[y.Year], err = s.st.EventPathsOfYear(ctx, y.Year); err != nil {
				return nil, err
			}
		}
	}
	if len(paths) == 0 {
		return lean, nil
	}
	c, err := s.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	return sitemapGroupsOf(days, lists, listPaths, paths, c.renderer.LinkFormat(), s.pageSize()), nil
}

// sitemapPagesGroup names the sitemap group of the pages that are not of one
// year: home, the lists, every topic, story and category.
const sitemapPagesGroup = "pages"

// sitemapGroupsOf lists the site's pages in sitemap groups: first the home
// and about pages, the indexes of every year and of every calendar day, the pages of
// the lists (listPaths: listPagePaths of lists, with
// nonEmpty), the on-this-day pages and the numbered pages of every topic,
// story and category (lists holds them, size is the events of a page);
// then one group a year, named by the year, of its year, month and day
// indexes and its events, in date and page order: paths holds them by year.
// The events of a year paths lacks are listed by their day alone (an empty
// path), from the day counts. Each page is listed in format link, the
// format feeds link to.
func sitemapGroupsOf(days []store.DayCount, lists [3][]store.TitleCount, listPaths []string, paths map[int][]store.PathDate,
	link render.Format, size int) []render.SitemapGroup {
	var last event.Date
	if len(days) > 0 {
		last = days[len(days)-1].Date
	}
	html := func(p string, d event.Date) render.SitemapURL {
		return render.SitemapURL{Path: p + link.Ext(), LastMod: d}
	}
	pages := []render.SitemapURL{html(render.HomePath, last)}
	if slices.Contains(render.AboutFormats[:], link) {
		pages = append(pages, render.SitemapURL{Path: render.AboutPath + link.Ext()})
	}
	if len(days) > 0 {
		pages = append(pages, html(render.NewsPath, last), html(render.CalendarPath, last), html(render.EditsPath, last))
		for _, p := range listPaths {
			pages = append(pages, html(p, last))
		}
		// The on-this-day pages of the calendar days that have events,
		// each as new as its newest day.
		newest := map[event.Date]event.Date{}
		for _, d := range days {
			newest[event.Date{Month: d.Date.Month, Day: d.Date.Day}] = d.Date
		}
		for _, d := range calendarDays() {
			if n, ok := newest[event.Date{Month: d.Month, Day: d.Day}]; ok {
				pages = append(pages, html(render.OnThisDayPath(d), n))
			}
		}
	}
	for i, list := range lists {
		for _, c := range list {
			// A title's year pages are left out: their events are on its
			// numbered pages.
			first := event.TitlePage(event.Kinds[i], c.Slug)
			for _, p := range render.PagedPaths(first, render.PageCount(c.Events, size)) {
				pages = append(pages, html(p, c.Newest))
			}
		}
	}
	groups := []render.SitemapGroup{{Name: sitemapPagesGroup, URLs: pages}}
	for len(days) > 0 {
		year := days[0].Date.Year
		n := 1
		for n < len(days) && days[n].Date.Year == year {
			n++
		}
		yearDays := days[:n]
		days = days[n:]
		urls := []render.SitemapURL{html(render.YearPath(year), yearDays[n-1].Date)}
		for i, d := range yearDays {
			if i+1 == n || yearDays[i+1].Date.Month != d.Date.Month {
				urls = append(urls, html(render.MonthPath(year, d.Date.Month), d.Date))
			}
		}
		for _, d := range yearDays {
			urls = append(urls, html(render.DayPath(d.Date), d.Date))
		}
		if events, ok := paths[year]; ok {
			for _, e := range events {
				urls = append(urls, html(e.Path, e.Date))
			}
		} else {
			for _, d := range yearDays {
				for range d.Events {
					urls = append(urls, render.SitemapURL{LastMod: d.Date})
				}
			}
		}
		groups = append(groups, render.SitemapGroup{Name: strconv.Itoa(year), URLs: urls})
	}
	return groups
}

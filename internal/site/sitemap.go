package site

import (
	"context"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// sitemapFile serves /sitemap.xml and /sitemaps/sitemap-N.xml.
func (s *Site) sitemapFile(ctx context.Context, cat *catalogue, urlPath string) (Page, error) {
	urls, err := s.sitemapURLs(ctx)
	if err != nil {
		return Page{}, err
	}
	files, err := cat.renderer.Sitemaps(urls)
	if err != nil {
		return Page{}, err
	}
	for _, f := range files {
		if f.Path == urlPath {
			mod, err := s.modified(ctx, nil)
			return Page{Body: f.Body, ContentType: xmlType, Modified: mod}, err
		}
	}
	return Page{}, ErrNotFound
}

// sitemapURLs lists the HTML page of every page of the site, in a fixed order.
func (s *Site) sitemapURLs(ctx context.Context) ([]render.SitemapURL, error) {
	paths, err := s.st.EventPaths(ctx)
	if err != nil {
		return nil, err
	}
	days, err := s.st.DayCounts(ctx)
	if err != nil {
		return nil, err
	}
	var lists [3][]store.TitleCount
	for i, k := range []store.SlugKind{store.SlugTopic, store.SlugStory, store.SlugCategory} {
		if lists[i], err = s.titleCounts(ctx, k); err != nil {
			return nil, err
		}
	}
	return sitemapURLs(paths, days, lists), nil
}

// sitemapURLs lists the site's pages: home, the lists, every year, month and
// day, every topic, story and category, and every event. lists holds the
// topics, stories and categories.
func sitemapURLs(events []store.PathDate, days []store.DayCount, lists [3][]store.TitleCount) []render.SitemapURL {
	var last event.Date
	if len(days) > 0 {
		last = days[len(days)-1].Date
	}
	html := func(p string, d event.Date) render.SitemapURL {
		return render.SitemapURL{Path: p + render.HTML.Ext(), LastMod: d}
	}
	urls := []render.SitemapURL{html(render.HomePath, last), html(render.TopicsPath, last),
		html(render.StoriesPath, last), html(render.CategoriesPath, last)}
	for i, d := range days {
		if i+1 == len(days) || days[i+1].Date.Year != d.Date.Year {
			urls = append(urls, html(render.YearPath(d.Date.Year), d.Date))
		}
		if i+1 == len(days) || days[i+1].Date.Month != d.Date.Month || days[i+1].Date.Year != d.Date.Year {
			urls = append(urls, html(render.MonthPath(d.Date.Year, d.Date.Month), d.Date))
		}
		urls = append(urls, html(render.DayPath(d.Date), d.Date))
	}
	kinds := []render.Kind{render.KindTopic, render.KindStory, render.KindCategory}
	for i, list := range lists {
		for _, c := range list {
			urls = append(urls, html(sectionPath(kinds[i], c.Slug), c.Newest))
		}
	}
	for _, e := range events {
		urls = append(urls, html(e.Path, e.Date))
	}
	return urls
}

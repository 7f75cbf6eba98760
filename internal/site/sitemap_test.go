package site

import (
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

func TestSitemapGroupsAreThePagesThenOneAYear(t *testing.T) {
	day := func(y int, m time.Month, d int) event.Date { return event.Date{Year: y, Month: m, Day: d} }
	days := []store.DayCount{{Date: day(2024, time.December, 30), Events: 1}, {Date: day(2024, time.December, 31), Events: 1},
		{Date: day(2025, time.January, 1), Events: 1}, {Date: day(2025, time.February, 2), Events: 1}}
	events := []store.PathDate{{Path: "/news/2024/12/30/a", Date: days[0].Date}, {Path: "/news/2024/12/31/b", Date: days[1].Date},
		{Path: "/news/2025/01/1/c", Date: days[2].Date}, {Path: "/news/2025/02/2/d", Date: days[3].Date}}
	lists := [3][]store.TitleCount{{{Title: "Spain", Slug: "spain", Events: 2, Newest: days[3].Date}}, nil,
		{{Title: "Health", Slug: "health", Events: 2, Newest: days[1].Date}}}
	got := map[string]string{}
	var names []string
	paths := map[int][]store.PathDate{2024: events[:2], 2025: events[2:]}
	all := sitemapGroupsOf(days, lists, listPagePaths(lists, true), paths, render.HTML, 1) // one event a page: two pages a title
	listed := 0
	for _, g := range all {
		listed += len(g.URLs)
	}
	if listed != 31 {
		t.Errorf("sitemapGroupsOf lists %d URLs, want 31", listed)
	}
	for _, g := range all {
		names = append(names, g.Name)
		var urls []string
		for _, u := range g.URLs {
			urls = append(urls, u.Path+"@"+u.LastMod.String())
		}
		got[g.Name] = strings.Join(urls, " ")
	}
	want := map[string]string{
		"pages": "/index.html@2025-02-02 /about/index.html@0000-00-00 /news/index.html@2025-02-02 /on-this-day/index.html@2025-02-02 /edits/index.html@2025-02-02 /topics/index.html@2025-02-02 /topics/_/s/index.html@2025-02-02 /stories/index.html@2025-02-02 " +
			"/categories/index.html@2025-02-02 /categories/_/h/index.html@2025-02-02 " +
			"/on-this-day/01-01/index.html@2025-01-01 /on-this-day/02-02/index.html@2025-02-02 " +
			"/on-this-day/12-30/index.html@2024-12-30 /on-this-day/12-31/index.html@2024-12-31 " +
			"/topics/spain/index.html@2025-02-02 /topics/spain/page/2/index.html@2025-02-02 " +
			"/categories/health/index.html@2024-12-31 /categories/health/page/2/index.html@2024-12-31",
		"2024": "/news/2024/index.html@2024-12-31 /news/2024/12/index.html@2024-12-31 /news/2024/12/30/index.html@2024-12-30 " +
			"/news/2024/12/31/index.html@2024-12-31 /news/2024/12/30/a.html@2024-12-30 /news/2024/12/31/b.html@2024-12-31",
		"2025": "/news/2025/index.html@2025-02-02 /news/2025/01/index.html@2025-01-01 /news/2025/02/index.html@2025-02-02 " +
			"/news/2025/01/1/index.html@2025-01-01 /news/2025/02/2/index.html@2025-02-02 /news/2025/01/1/c.html@2025-01-01 " +
			"/news/2025/02/2/d.html@2025-02-02",
	}
	if strings.Join(names, " ") != "pages 2024 2025" {
		t.Errorf("groups = %v", names)
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("group %s:\n got %s\nwant %s", name, got[name], w)
		}
	}
	// Without its paths, a year lists its events by their day alone, which
	// is all the sitemap index reads.
	delete(paths, 2024)
	lean := sitemapGroupsOf(days, lists, listPagePaths(lists, true), paths, render.HTML, 1)
	if len(lean[1].URLs) != len(all[1].URLs) {
		t.Fatalf("2024 without paths has %d URLs, with them %d", len(lean[1].URLs), len(all[1].URLs))
	}
	for i, u := range lean[1].URLs {
		if want := all[1].URLs[i]; u.LastMod != want.LastMod || u.Path != want.Path && u.Path != "" {
			t.Errorf("2024 without paths: URL %d = %+v, with them %+v", i, u, want)
		}
	}
}

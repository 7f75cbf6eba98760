package server

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/chronicle-archive/chronicle/internal/demo"
	"github.com/chronicle-archive/chronicle/internal/render"
)

// navTitles are a topic of the demo and its category with the most events:
// with the demo's page size each fills several pages.
var navTitles = []string{"/topics/ukraine/", "/categories/disasters-and-accidents/"}

// serveDemoPaged serves the demo as `chronicle serve --demo` does, with
// its small pages (demo.PageSize), and returns the base URL.
func serveDemoPaged(t *testing.T) string {
	t.Helper()
	cfg := testRenderConfig
	cfg.PageSize = demo.PageSize
	return serveDemoWith(t, cfg)
}

// A reader pages through a category to its oldest event by the "Next"
// links, opens that event's day and, from there, the same day in other
// years.
func TestBrowserPagesThroughATopicAndOpensOnThisDay(t *testing.T) {
	ctx := newBrowser(t)
	base := serveDemoPaged(t)
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, navTopic := range navTitles {
		t.Run(strings.Trim(navTopic, "/"), func(t *testing.T) {
			pageThroughToOnThisDay(t, ctx, base, navTopic, "nav-"+strings.Split(navTopic, "/")[1])
		})
	}
}

// pageThroughToOnThisDay pages through the title at navTopic to its oldest
// event, opens its day and that day's on-this-day page, saving screenshots
// named after shot.
func pageThroughToOnThisDay(t *testing.T, ctx context.Context, base, navTopic, shot string) {
	do(t, ctx, "open "+navTopic, chromedp.Navigate(base+navTopic), chromedp.WaitVisible("main h1"))
	checkNoScript(t, ctx)
	for _, what := range []string{`head link[rel="next"]`, `head link[rel="alternate"][type="application/rss+xml"]`,
		`head link[rel="alternate"][type="application/atom+xml"]`, `main nav.pages a[rel="next"]`, `main table.years a[href*="/2025/"]`} {
		if count(t, ctx, what) == 0 {
			t.Errorf("the first page of %s has no %s", navTopic, what)
		}
	}
	lede := value(t, ctx, "read the lede", chromedp.Text("main p.lede", chromedp.NodeVisible))
	shoot(t, ctx, shot+"-first")
	seen := count(t, ctx, "main ol.events li")
	pages := 1
	for count(t, ctx, `main nav.pages a[rel="next"]`) > 0 {
		clickTo(t, ctx, `main nav.pages a[rel="next"]`, navTopic+"page/")
		seen += count(t, ctx, "main ol.events li")
		if pages++; pages > 50 {
			t.Fatal("the next links do not end")
		}
	}
	if pages < 2 {
		t.Fatalf("%s has one page; the demo should show pagination", navTopic)
	}
	if !strings.HasPrefix(lede, itoa(seen)+" events") {
		t.Errorf("the pages list %d events; the first page says %q", seen, lede)
	}
	if count(t, ctx, `head link[rel="prev"]`) == 0 || count(t, ctx, `main nav.pages a[rel="prev"]`) == 0 {
		t.Error("the last page does not link the one before it")
	}
	shoot(t, ctx, shot+"-last")
	oldest := value(t, ctx, "read the oldest date", chromedp.Evaluate[string](
		`[...document.querySelectorAll('main ol.events time')].map(e => e.getAttribute('datetime')).sort()[0]`))
	firstYear := value(t, ctx, "read the first year", chromedp.Text("main table.years th", chromedp.NodeVisible))
	if !strings.HasPrefix(oldest, firstYear) {
		t.Errorf("the last page's oldest event is of %s, the first year with events %s", oldest, firstYear)
	}
	clickTo(t, ctx, `main ol.events li:last-child a`, "/news/"+oldest[:4]+"/")
	location := value(t, ctx, "read the location", chromedp.Location())
	day := strings.TrimPrefix(location[:strings.LastIndexByte(location, '/')], base) + "/index.html"
	clickTo(t, ctx, `nav a[href="`+day+`"]`, day)
	clickTo(t, ctx, `main p.otd a`, "/on-this-day/"+oldest[5:])
	if n := count(t, ctx, "main section.day h2 a"); n == 0 {
		t.Error("the on-this-day page lists no year")
	}
	if count(t, ctx, `head link[rel="prev"]`) == 0 || count(t, ctx, `main nav.prevnext a[rel="next"]`) == 0 {
		t.Error("the on-this-day page does not link the days around it")
	}
	shoot(t, ctx, shot+"-on-this-day")
}

// The lists of topics, stories and categories lead by letter to every title.
func TestBrowserOpensALetterPage(t *testing.T) {
	ctx := newBrowser(t)
	base := serveDemoPaged(t)
	do(t, ctx, "open the topics", chromedp.Navigate(base+render.TopicsPath+".html"), chromedp.WaitVisible("main h1"))
	clickTo(t, ctx, `main nav.letters a[href="/topics/_/s/index.html"]`, "/topics/_/s/")
	if n := count(t, ctx, `main ul.counts a[href^="/topics/"]`); n == 0 {
		t.Error("the letter page lists no topic")
	}
	shoot(t, ctx, "nav-letter")
}

// shoot saves a screenshot of the whole page as name.png in screenshotDir.
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	shot := value(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(screenshotDir, name+".png"), shot, 0o644); err != nil {
		t.Error(err)
	}
}

// The lists of titles flow into columns on a wide screen; each column's
// first title starts on the same line as the first column's (a list item's
// margin is kept at the top of the first column and cut at a column break,
// which set the other columns a few pixels higher).
func TestBrowserListColumnsStartLevel(t *testing.T) {
	ctx := newBrowser(t)
	base := serveDemoPaged(t)
	do(t, ctx, "set the width", chromedp.EmulateViewport(1280, 900, chromedp.EmulatePortrait))
	do(t, ctx, "open the topics", chromedp.Navigate(base+render.TopicsPath+".html"), chromedp.WaitVisible("main h1"))
	type columns struct {
		Lists int     `json:"lists"` // lists in two columns or more
		Worst float64 `json:"worst"` // the most their columns' tops differ, in px
	}
	m := value(t, ctx, "measure the columns", chromedp.Evaluate[columns](`(() => {
		let lists = 0, worst = 0;
		for (const ul of document.querySelectorAll('main ul.counts')) {
			const tops = new Map();
			for (const li of ul.children) {
				const r = li.getBoundingClientRect(), x = Math.round(r.left);
				if (!tops.has(x) || r.top < tops.get(x)) tops.set(x, r.top);
			}
			if (tops.size < 2) continue;
			lists++;
			const t = [...tops.values()];
			worst = Math.max(worst, Math.max(...t) - Math.min(...t));
		}
		return {lists, worst};
	})()`))
	if m.Lists == 0 {
		t.Fatal("no list of topics flows into two columns at 1280px; the test measures nothing")
	}
	if m.Worst > 0.5 {
		t.Errorf("the columns of a list of topics start %.1fpx apart; they should start level", m.Worst)
	}
}

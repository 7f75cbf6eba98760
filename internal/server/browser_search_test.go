package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/chronicle-archive/chronicle/internal/htmlcheck"
	"github.com/chronicle-archive/chronicle/internal/site"
)

// The query typed in the browser tests, and the event it should find.
const (
	browserQuery  = "TSUKUYOMI rover"
	browserResult = "/news/2025/03/16/the-tsukuyomi-lander-deploys-its-small-rover"
)

// On `chronicle serve`, without script: type in the header's box, submit,
// read the results and open the first.
func TestBrowserSearchesFromTheHeader(t *testing.T) {
	ctx := newBrowser(t)
	base := serveDemo(t)

	do(t, ctx, "open the home page", chromedp.Navigate(base+"/"), chromedp.WaitVisible("main h1"))
	do(t, ctx, "type in the header's search box",
		chromedp.SendKeys(`header form.search input[name="q"]`, browserQuery, chromedp.NodeVisible),
		chromedp.Click(`header form.search button`, chromedp.NodeVisible),
		chromedp.WaitVisible("main .results li a"))
	location := value(t, ctx, "read the location", chromedp.Location())
	if !strings.Contains(location, "/search/?q=TSUKUYOMI+rover") {
		t.Errorf("the search box led to %s", location)
	}
	checkNoScript(t, ctx)
	if n := count(t, ctx, "main .results li mark"); n == 0 {
		t.Error("no matched word is marked")
	}
	status := value(t, ctx, "read the count", chromedp.Text("main .search-count", chromedp.NodeVisible))
	if !strings.HasPrefix(status, "Results 1–") {
		t.Errorf("the count reads %q", status)
	}
	screenshot(t, ctx, "search-serve", 1024)
	do(t, ctx, "set a phone's width", chromedp.EmulateViewport(390, 900, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch))
	if !value(t, ctx, "measure", chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`)) {
		t.Error("the search page is wider than a phone's screen")
	}
	shot := value(t, ctx, "screenshot", chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(screenshotDir, "search-serve-390.png"), shot, 0o644); err != nil {
		t.Error(err)
	}
	do(t, ctx, "set the width back", chromedp.EmulateViewport(1024, 900))
	clickTo(t, ctx, `main .results li:first-child a`, browserResult)
	checkNoScript(t, ctx)

	// The static site's search page, without script, says where to go.
	do(t, ctx, "open the static search page", chromedp.Navigate(base+"/search/index.html?q=jaxa"), chromedp.WaitVisible("#search-status"))
	if s := value(t, ctx, "read the status", chromedp.Text("#search-status", chromedp.NodeVisible)); !strings.Contains(s, "needs JavaScript") {
		t.Errorf("without script the static search page says %q", s)
	}
}

// On the static site, served by a plain file server with the site's CSP:
// the header's box leads to /search/, whose script finds the event in the
// prebuilt index; the result opens.
func TestBrowserStaticSiteSearch(t *testing.T) {
	ctx := newBrowser(t)
	enableScript(t, ctx)
	d, err := sharedDemo()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := site.New(d.Store, testRenderConfig).Build(context.Background(), dir, site.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", contentSecurityPolicy) // as docs/deploy.md recommends
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)

	do(t, ctx, "open the home page", chromedp.Navigate(srv.URL+"/index.html"), chromedp.WaitVisible("main h1"))
	checkNoScript(t, ctx)
	do(t, ctx, "search from the header",
		chromedp.SendKeys(`header form.search input[name="q"]`, browserQuery, chromedp.NodeVisible),
		chromedp.Click(`header form.search button`, chromedp.NodeVisible),
		chromedp.WaitVisible("#search-results li a"))
	if n := count(t, ctx, `script`); n != 1 || count(t, ctx, `script[src="/search.js"]`) != 1 {
		t.Errorf("the search page holds %d scripts; want the site's own /search.js alone", n)
	}
	status := value(t, ctx, "read the status", chromedp.Text("#search-status", chromedp.NodeVisible))
	if !strings.HasPrefix(status, "Results 1–") {
		t.Errorf("the status reads %q", status)
	}
	if n := count(t, ctx, "#search-results li mark"); n == 0 {
		t.Error("no matched word is marked")
	}
	screenshot(t, ctx, "search-static", 1024)
	if axe, err := htmlcheck.FindAxe(); err == nil {
		checkAxe(t, ctx, axe, "the static search page's results")
	} else {
		t.Logf("the results are not checked for accessibility: %v", err)
	}
	clickTo(t, ctx, `#search-results li:first-child a`, browserResult)

	// The static index holds words alone: a query carrying the server's
	// filters (a link from a served copy) runs on its words and says so.
	do(t, ctx, "open a static search with filters",
		chromedp.Navigate(srv.URL+"/search/index.html?q="+url.QueryEscape(browserQuery)+"&from=2025-03-10&category=health&topic="),
		chromedp.WaitVisible("#search-results li a"))
	note := value(t, ctx, "read the filters' note", chromedp.Text("#search-filters", chromedp.NodeVisible))
	if !strings.Contains(note, "(from, category) is left out") || !strings.Contains(note, "words alone") {
		t.Errorf("with filters the static search page says %q", note)
	}
	// Nor does it order by date.
	do(t, ctx, "open a static search with filters and an order",
		chromedp.Navigate(srv.URL+"/search/index.html?q="+url.QueryEscape(browserQuery)+"&story=x&order=newest"),
		chromedp.WaitVisible("#search-results li a"))
	note = value(t, ctx, "read the note", chromedp.Text("#search-filters", chromedp.NodeVisible))
	if !strings.Contains(note, "(story) and its order (newest first) are left out") || !strings.Contains(note, "the best match first") {
		t.Errorf("with a filter and an order the static search page says %q", note)
	}
}

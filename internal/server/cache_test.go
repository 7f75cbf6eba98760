package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// countingPages counts the renders of the pages it wraps; with a gate, each
// render announces itself on started and waits for the gate to open.
type countingPages struct {
	Pages
	renders atomic.Int64
	started chan string
	gate    chan struct{}
}

func (c *countingPages) Page(ctx context.Context, urlPath string) (site.Page, error) {
	c.renders.Add(1)
	if c.gate != nil {
		c.started <- urlPath
		<-c.gate
	}
	return c.Pages.Page(ctx, urlPath)
}

// fakeVersions is a data version the test moves by hand, as a write of
// this process would: NotedChanges moves with it.
type fakeVersions struct{ v atomic.Int64 }

func (f *fakeVersions) DataVersion(context.Context) (int64, error) { return f.v.Load(), nil }
func (f *fakeVersions) NotedChanges() uint64                       { return uint64(f.v.Load()) }

// externalVersions is a data version moved by another process: nothing
// notes it, only a read of the version sees it.
type externalVersions struct {
	v     atomic.Int64
	reads atomic.Int64
}

func (f *externalVersions) DataVersion(context.Context) (int64, error) {
	f.reads.Add(1)
	return f.v.Load(), nil
}

func cachedHandler(t *testing.T, pages Pages, versions Versions) http.Handler {
	t.Helper()
	h, err := NewHandler(Config{Pages: pages, Versions: versions, NotFound: fakeNotFound{}})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestCacheAnswersFromMemoryUntilTheDataChanges(t *testing.T) {
	site := fixturePages()
	pages := &countingPages{Pages: site}
	versions := &fakeVersions{}
	h := cachedHandler(t, pages, versions)
	path := "/news/2013/06/6/index.html"
	steps := []struct {
		name        string
		change      func()
		wantBody    string
		wantRenders int64
	}{
		{"first request renders", nil, "<h1>6 June 2013</h1>", 1},
		{"second comes from memory", nil, "<h1>6 June 2013</h1>", 1},
		{"a write that changes the version renders again", func() {
			site[path] = fixturePage("<h1>6 June 2013, edited</h1>")
			versions.v.Add(1)
		}, "<h1>6 June 2013, edited</h1>", 2},
		{"then from memory again", nil, "<h1>6 June 2013, edited</h1>", 2},
	}
	for _, s := range steps {
		if s.change != nil {
			s.change()
		}
		resp := get(t, h, "GET", path)
		if body := readBody(t, resp); resp.StatusCode != http.StatusOK || body != s.wantBody {
			t.Errorf("%s: status %d, body %q; want 200 %q", s.name, resp.StatusCode, body, s.wantBody)
		}
		if got := pages.renders.Load(); got != s.wantRenders {
			t.Errorf("%s: %d renders, want %d", s.name, got, s.wantRenders)
		}
	}
}

func fixturePage(body string) site.Page {
	return site.Page{Body: []byte(body), ContentType: "text/html; charset=utf-8", Modified: modified}
}

// Without a source of versions, nothing can tell when a page goes stale, so
// nothing is kept.
func TestNoVersionsNoCache(t *testing.T) {
	pages := &countingPages{Pages: fixturePages()}
	h := cachedHandler(t, pages, nil)
	for range 3 {
		get(t, h, "GET", "/index.html")
	}
	if got := pages.renders.Load(); got != 3 {
		t.Errorf("%d renders of 3 requests without versions, want 3", got)
	}
}

func TestConditionalRequestOfACachedPageIsNotRendered(t *testing.T) {
	pages := &countingPages{Pages: fixturePages()}
	h := cachedHandler(t, pages, &fakeVersions{})
	for _, enc := range []string{"identity", "gzip"} {
		first := get(t, h, "GET", eventPath+".html", "Accept-Encoding: "+enc)
		etag := first.Header.Get("ETag")
		before := pages.renders.Load()
		resp := get(t, h, "GET", eventPath+".html", "Accept-Encoding: "+enc, "If-None-Match: "+etag)
		if resp.StatusCode != http.StatusNotModified || resp.Header.Get("ETag") != etag {
			t.Errorf("%s: status %d, ETag %q; want 304 with %q", enc, resp.StatusCode, resp.Header.Get("ETag"), etag)
		}
		if got := pages.renders.Load(); got != before || got != 1 {
			t.Errorf("%s: %d renders after the conditional request, want 1", enc, got)
		}
	}
}

func TestConcurrentRequestsShareOneRender(t *testing.T) {
	const n = 16
	pages := &countingPages{Pages: fixturePages(), started: make(chan string, n), gate: make(chan struct{})}
	src := newPageSource(Config{Pages: pages, Versions: &fakeVersions{}, CacheBytes: DefaultCacheBytes,
		MaxRenders: 1, RenderWait: time.Minute, PageTimeout: time.Minute})
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			c, err := src.page(context.Background(), eventPath+".html")
			if err == nil && string(c.body) != string(bigBody) {
				err = fmt.Errorf("body of %d bytes, want the page's %d", len(c.body), len(bigBody))
			}
			errs <- err
		})
	}
	<-pages.started
	for src.waiting.Load() < n {
		runtime.Gosched() // until every request joined the render in progress
	}
	close(pages.gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if got := pages.renders.Load(); got != 1 {
		t.Errorf("%d concurrent requests made %d renders, want 1", n, got)
	}
}

func TestSaturatedServerAnswers503WithRetryAfter(t *testing.T) {
	pages := &countingPages{Pages: fixturePages(), started: make(chan string, 1), gate: make(chan struct{})}
	h, err := NewHandler(Config{Pages: pages, Versions: &fakeVersions{}, MaxRenders: 1, RenderWait: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	slow := make(chan *http.Response)
	go func() { slow <- get(t, h, "GET", "/index.html") }()
	<-pages.started // the one render slot is taken
	resp := get(t, h, "GET", "/feed.xml")
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("saturated: status %d, Retry-After %q; want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("a 503 has Cache-Control %q, want no-cache", cc)
	}
	close(pages.gate)
	if resp := <-slow; resp.StatusCode != http.StatusOK {
		t.Errorf("the render that held the slot: status %d, want 200", resp.StatusCode)
	}
	pages.gate, pages.started = nil, nil
	if resp := get(t, h, "GET", "/feed.xml"); resp.StatusCode != http.StatusOK {
		t.Errorf("once the slot is free: status %d, want 200", resp.StatusCode)
	}
}

// An import of a new revision is visible on the very next request: the
// store's data version moves with the import's commit.
func TestImportIsVisibleAtOnce(t *testing.T) {
	st := hostileStore(t)
	h, err := New(st, testRenderConfig, nil)
	if err != nil {
		t.Fatal(err)
	}
	day := "/news/2013/06/6/index.html"
	for range 2 {
		if body := readBody(t, get(t, h, "GET", day)); !strings.Contains(body, "Hackers post") {
			t.Fatalf("before the import, the day lacks its headline")
		}
	}
	importRevision(t, st, 3, "Springfield elects a new mayor.")
	body := readBody(t, get(t, h, "GET", day))
	if !strings.Contains(body, "Springfield elects a new mayor.") || strings.Contains(body, "Hackers post") {
		t.Errorf("after the import, the day still shows the old revision")
	}
}

// TestServingWhileImporting loads the server from several goroutines while
// revisions of a day are imported (under -race in scripts/test): every answer
// is a whole page of one revision or another, and the last import shows.
func TestServingWhileImporting(t *testing.T) {
	st := hostileStore(t)
	h, err := New(st, testRenderConfig, nil)
	if err != nil {
		t.Fatal(err)
	}
	const day = "/news/2013/06/6/index.html"
	paths := []string{day, "/news/2013/06/6/index.md", "/news/2013/06/6/index.json", "/", "/sitemap.xml"}
	done := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := g; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				path := paths[i%len(paths)]
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
				if rec.Code != http.StatusOK {
					t.Errorf("GET %s while importing: %d", path, rec.Code)
					return
				}
				if path == day && !strings.Contains(rec.Body.String(), "Hackers post") && !strings.Contains(rec.Body.String(), "Springfield elects mayor") {
					t.Errorf("GET %s while importing: no revision's headline in\n%s", path, rec.Body.String())
					return
				}
			}
		})
	}
	last := ""
	for rev := int64(3); rev < 15; rev++ {
		last = fmt.Sprintf("Springfield elects mayor %d.", rev)
		importRevision(t, st, rev, last)
	}
	close(done)
	wg.Wait()
	if body := readBody(t, get(t, h, "GET", day)); !strings.Contains(body, last) {
		t.Errorf("after the imports, the day lacks the last revision's %q", last)
	}
}

func importRevision(t *testing.T, st *store.Store, rev int64, headline string) {
	t.Helper()
	d := event.Date{Year: 2013, Month: time.June, Day: 6}
	e := event.Event{
		Path: event.Paths(d, []string{headline})[0], Date: d, Category: "Science and technology",
		CategoryOriginal: "Science and technology", Headline: headline, Text: headline,
	}
	day := store.Day{Date: d, Title: "Portal:Current events/2013 June 6", RevisionID: rev,
		Timestamp: time.Date(2013, time.June, 9, 0, 0, 0, 0, time.UTC), Wikitext: headline, Events: []event.Event{e}}
	if _, err := st.ImportDays(context.Background(), []store.Day{day}); err != nil {
		t.Fatal(err)
	}
}

func TestPageCacheStaysWithinItsBytes(t *testing.T) {
	page := func(n int) *cached { return &cached{body: make([]byte, n), contentType: "text/html"} }
	size := page(1000).size("/a")
	c := newPageCache(10 * size)
	c.get(1, "")
	for i := range 12 {
		c.put(1, fmt.Sprintf("/%c", 'a'+i), page(1000))
		if i == 5 {
			c.get(1, "/a") // recently used: stays
		}
	}
	if n, used := c.stats(); used > c.max || n != 10 {
		t.Errorf("%d pages in %d bytes, want 10 within %d", n, used, c.max)
	}
	if c.get(1, "/a") == nil || c.get(1, "/b") != nil {
		t.Errorf("the least recently used page was not the one dropped")
	}
	c.put(1, "/huge", page(int(c.max)))
	if c.get(1, "/huge") != nil {
		t.Errorf("a page bigger than an eighth of the cache was kept")
	}
	c.put(0, "/old", page(10))
	if c.get(0, "/old") != nil || c.get(1, "/old") != nil {
		t.Errorf("a page rendered at an older version was kept")
	}
	if c.get(2, "/a") != nil {
		t.Errorf("a newer version still finds the older version's pages")
	}
	if n, used := c.stats(); n != 0 || used != 0 {
		t.Errorf("after a newer version: %d pages in %d bytes, want none", n, used)
	}
}

// The warm-up runs in the background at the first request and again each
// time the data version moves, not at every request.
func TestWarmUpRunsWhenTheDataVersionMoves(t *testing.T) {
	warmed := make(chan struct{})
	var warms atomic.Int64
	versions := &fakeVersions{}
	src := newPageSource(Config{Pages: fixturePages(), Versions: versions, CacheBytes: DefaultCacheBytes,
		MaxRenders: 1, RenderWait: time.Minute, PageTimeout: time.Minute, Warm: func(context.Context) error {
			warms.Add(1)
			warmed <- struct{}{}
			return nil
		}})
	request := func() {
		t.Helper()
		if _, err := src.page(context.Background(), "/index.html"); err != nil {
			t.Fatal(err)
		}
	}
	finished := func() {
		<-warmed
		for src.warming.Load() {
			runtime.Gosched() // until the warm-up's goroutine is done
		}
	}
	request()
	finished()
	request()               // the same version: no warm-up
	if src.warming.Load() { // set before the request returns when it starts one
		t.Fatal("a request of the same version started a warm-up")
	}
	versions.v.Add(1)
	request()
	finished()
	if got := warms.Load(); got != 2 {
		t.Errorf("%d warm-ups for two versions, want 2", got)
	}
}

// A write of another process shows once the last read of the data version
// is older than the interval; until then requests reuse that read. A
// negative interval reads the version for every request.
func TestExternalWritesShowAfterTheVersionInterval(t *testing.T) {
	path := "/news/2013/06/6/index.html"
	for _, tc := range []struct {
		name      string
		interval  time.Duration
		wantBody  string
		wantReads int64
	}{
		{"within the interval: the read is reused", time.Hour, "<h1>6 June 2013</h1>", 1},
		{"every request reads", -1, "<h1>6 June 2013, edited</h1>", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := fixturePages()
			versions := &externalVersions{}
			h, err := NewHandler(Config{Pages: site, Versions: versions, VersionInterval: tc.interval})
			if err != nil {
				t.Fatal(err)
			}
			readBody(t, get(t, h, "GET", path))
			readBody(t, get(t, h, "GET", path))
			site[path] = fixturePage("<h1>6 June 2013, edited</h1>")
			versions.v.Add(1)
			if body := readBody(t, get(t, h, "GET", path)); body != tc.wantBody {
				t.Errorf("after the write: body %q, want %q", body, tc.wantBody)
			}
			if got := versions.reads.Load(); got != tc.wantReads {
				t.Errorf("%d reads of the data version for 3 requests, want %d", got, tc.wantReads)
			}
		})
	}
}

// Once the interval is over, the next request reads the version again and
// sees the other process's write.
func TestExternalWriteShowsOnceTheIntervalIsOver(t *testing.T) {
	path := "/news/2013/06/6/index.html"
	site := fixturePages()
	versions := &externalVersions{}
	const interval = 20 * time.Millisecond
	h, err := NewHandler(Config{Pages: site, Versions: versions, VersionInterval: interval})
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, get(t, h, "GET", path))
	site[path] = fixturePage("<h1>6 June 2013, edited</h1>")
	versions.v.Add(1)
	time.Sleep(interval)
	if body := readBody(t, get(t, h, "GET", path)); body != "<h1>6 June 2013, edited</h1>" {
		t.Errorf("after the interval: body %q, want the edited page", body)
	}
}

// A write through the served store shows at the next request however long
// the data version's reads are reused: the store notes its own commits.
func TestImportThroughTheServedStoreShowsWithinTheInterval(t *testing.T) {
	st := hostileStore(t)
	h, err := NewHandler(Config{Pages: site.New(st, testRenderConfig), Versions: st, VersionInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	day := "/news/2013/06/6/index.html"
	for range 2 {
		if body := readBody(t, get(t, h, "GET", day)); !strings.Contains(body, "Hackers post") {
			t.Fatalf("before the import, the day lacks its headline")
		}
	}
	importRevision(t, st, 3, "Springfield elects a new mayor.")
	if body := readBody(t, get(t, h, "GET", day)); !strings.Contains(body, "Springfield elects a new mayor.") {
		t.Errorf("after the import through the served store, the day still shows the old revision")
	}
}

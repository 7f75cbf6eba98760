package enrich

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/enrich/fetcher"
)

var day = time.Date(2013, 6, 6, 0, 0, 0, 0, time.UTC)

// testOptions are the options of the tests: the fake web, private
// addresses and any port allowed (the fake is on 127.0.0.1), politeness off.
func testOptions(w *fakeWeb) Options {
	return Options{
		Fetcher:       fetcher.Config{AllowPrivate: true, AllowAnyPort: true, Resolver: w.resolver(), Timeout: 500 * time.Millisecond, UserAgent: "Chronicle/test"},
		WaybackAPI:    w.url("archive.test", "/wayback/available"),
		MaxRetryAfter: 2 * time.Second,
	}
}

// jobsOf makes one job per list of URLs, event ids from 1, source ids
// numbered across all jobs.
func jobsOf(urls ...[]string) []Job {
	var jobs []Job
	id := int64(0)
	for i, list := range urls {
		j := Job{EventID: int64(i + 1), Date: day}
		for _, u := range list {
			id++
			j.Sources = append(j.Sources, Source{ID: id, URL: u})
		}
		jobs = append(jobs, j)
	}
	return jobs
}

// runAll runs jobs and returns their results by event id.
func runAll(t *testing.T, e *Engine, jobs []Job) (map[int64]Result, Progress) {
	t.Helper()
	got := map[int64]Result{}
	p, err := e.Run(context.Background(), jobs, func(r Result) error {
		if _, dup := got[r.EventID]; dup {
			t.Errorf("event %d reported twice", r.EventID)
		}
		got[r.EventID] = r
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(jobs) || p.Done != len(jobs) {
		t.Fatalf("%d results, progress %+v, for %d jobs", len(got), p, len(jobs))
	}
	return got, p
}

func TestEnrichFakeNewsSite(t *testing.T) {
	w := newFakeWeb(t)
	news := func(path string) string { return w.url("news.test", path) }
	archived := func(page string) string { return w.url("archive.test", "/web/"+snapshotStamp+"/"+page) }
	archivedImage := func(page string) string {
		return w.url("archive.test", "/web/"+snapshotStamp+"im_/"+page)
	}
	type want struct {
		kind             Kind
		status           int
		summary, cover   string
		archived, title  string
		finalURL, errHas string
		attempts         int
	}
	cases := []struct {
		name    string
		sources []string
		want    want
	}{
		{"complete Open Graph", []string{news("/opengraph")}, want{kind: OK, status: 200, attempts: 1,
			title:   "South Korea uses hotline to counterpropose talks",
			summary: "South Korea proposed on Thursday to hold government-level talks with North Korea in Seoul next week, using a hotline restored hours earlier.",
			cover:   "https://static.daily.example/img/hotline.jpg"}},
		{"JSON-LD only", []string{news("/jsonld")}, want{kind: OK, status: 200, attempts: 1,
			title:   "Storm hits the coast, thousands without power",
			summary: "A storm brought winds of 150 km/h to the coast on Wednesday & left 40,000 homes without power.",
			cover:   "https://wire.example/photos/storm-16x9.jpg"}},
		{"JSON-LD with @graph", []string{news("/graph")}, want{kind: OK, status: 200, attempts: 1,
			title:   "Le Japon lance un satellite",
			summary: "Le Japon a lancé mercredi un satellite d'observation depuis Tanegashima.",
			cover:   news("/media/satellite.png")}},
		{"only a meta description", []string{news("/meta")}, want{kind: OK, status: 200, attempts: 1,
			title:   "Rebels take the town of Qusair – Town Herald",
			summary: "Rebel fighters took the town of Qusair on Wednesday after a three-week siege, residents said."}},
		{"nothing but paragraphs", []string{news("/paragraphs")}, want{kind: OK, status: 200, attempts: 1,
			title: "Ferry sinks near Lagos",
			summary: "A ferry carrying more than two hundred passengers sank near Lagos on Monday evening, officials said, and rescue boats were still searching the lagoon for survivors late into the night. " +
				"The state emergency agency said at least eighty people had been pulled from the water alive."}},
		{"Windows-1252 without declaration", []string{news("/cp1252")}, want{kind: OK, status: 200, attempts: 1,
			title:   "Café opens “downtown”",
			summary: "The café on the quay – naïve but charming – costs €20 a meal."}},
		{"relative image URLs", []string{news("/relative")}, want{kind: OK, status: 200, attempts: 1,
			title: "Relative images", summary: "A page whose image URLs are relative.",
			cover: news("/news/img/cover.jpg?size=large")}},
		{"redirect chain", []string{news("/chain")}, want{kind: OK, status: 200, attempts: 1, finalURL: news("/opengraph"),
			title:   "South Korea uses hotline to counterpropose talks",
			summary: "South Korea proposed on Thursday to hold government-level talks with North Korea in Seoul next week, using a hotline restored hours earlier.",
			cover:   "https://static.daily.example/img/hotline.jpg"}},
		{"redirect loop", []string{news("/loop")}, want{kind: Failed, attempts: 1, errHas: "redirect loop"}},
		{"slow page", []string{news("/slow")}, want{kind: Failed, attempts: 1, errHas: "Timeout"}},
		{"50 MB page", []string{news("/huge")}, want{kind: OK, status: 200, attempts: 1, summary: "A very long page."}},
		{"robots.txt forbids the path", []string{news("/private/secret")}, want{kind: Blocked, attempts: 1, errHas: "robots.txt"}},
		{"404 with a snapshot", []string{news("/gone")}, want{kind: Dead, status: 404, attempts: 3, errHas: "HTTP 404",
			archived: archived(news("/gone")), title: "Archived: ministers meet",
			summary: "The ministers met on Thursday, as the archived copy shows.",
			cover:   archivedImage(news("/img/ministers.jpg"))}},
		{"410 without a snapshot", []string{news("/removed")}, want{kind: Dead, status: 410, attempts: 2, errHas: "HTTP 410"}},
		{"redirect to the home page", []string{news("/moved")}, want{kind: Dead, status: 200, attempts: 2, finalURL: news("/"), errHas: "home page"}},
		{"unknown host, archived", []string{w.url("nxgone.test", "/story")}, want{kind: Dead, attempts: 3, errHas: "no such host",
			archived: archived(w.url("nxgone.test", "/story")), title: "Archived: ministers meet",
			summary: "The ministers met on Thursday, as the archived copy shows.",
			cover:   archivedImage(w.url("nxgone.test", "/img/ministers.jpg"))}},
		{"429 with Retry-After", []string{news("/busy")}, want{kind: OK, status: 200, attempts: 2,
			title:   "Storm hits the coast, thousands without power",
			summary: "A storm brought winds of 150 km/h to the coast on Wednesday & left 40,000 homes without power.",
			cover:   "https://wire.example/photos/storm-16x9.jpg"}},
		{"not HTML", []string{news("/report.pdf")}, want{kind: OK, status: 200, attempts: 1, errHas: "not an HTML page (application/pdf)"}},
		{"server error", []string{news("/error")}, want{kind: Failed, status: 500, attempts: 1, errHas: "HTTP 500"}},
		{"not a web URL", []string{"ftp://news.test/file"}, want{kind: Blocked, errHas: "not an http(s) URL"}},
	}
	var lists [][]string
	for _, c := range cases {
		lists = append(lists, c.sources)
	}
	got, p := runAll(t, New(testOptions(w)), jobsOf(lists...))
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := got[int64(i+1)]
			if len(r.Sources) != 1 {
				t.Fatalf("%d source results, want 1: %+v", len(r.Sources), r)
			}
			s := r.Sources[0]
			if s.Kind != c.want.kind || s.Status != c.want.status || len(s.Attempts) != c.want.attempts {
				t.Errorf("kind %s, status %d, %d attempts; want %s, %d, %d (error %q, attempts %+v)",
					s.Kind, s.Status, len(s.Attempts), c.want.kind, c.want.status, c.want.attempts, s.Error, s.Attempts)
			}
			if r.Summary != c.want.summary || r.Cover != c.want.cover {
				t.Errorf("summary %q, cover %q\nwant %q, %q", r.Summary, r.Cover, c.want.summary, c.want.cover)
			}
			if s.ArchivedURL != c.want.archived || s.Meta.Title != c.want.title {
				t.Errorf("archived %q, title %q; want %q, %q", s.ArchivedURL, s.Meta.Title, c.want.archived, c.want.title)
			}
			if c.want.finalURL != "" && s.FinalURL != c.want.finalURL {
				t.Errorf("final URL %q, want %q", s.FinalURL, c.want.finalURL)
			}
			if !strings.Contains(s.Error, c.want.errHas) || c.want.errHas == "" && s.Error != "" {
				t.Errorf("error %q, want one with %q", s.Error, c.want.errHas)
			}
			if (r.Summary != "") != (r.SummarySource == s.ID) || (r.Cover != "") != (r.CoverSource == s.ID) {
				t.Errorf("summary source %d, cover source %d; the source is %d", r.SummarySource, r.CoverSource, s.ID)
			}
		})
	}
	if n := len(w.requests("news.test", "/private/secret")); n != 0 {
		t.Errorf("the path robots.txt forbids was fetched %d times", n)
	}
	if n := len(w.requests("news.test", "/robots.txt")); n != 1 {
		t.Errorf("robots.txt of news.test fetched %d times, want once", n)
	}
	if busy := w.requests("news.test", "/busy"); len(busy) != 2 || busy[1].Sub(busy[0]) < 950*time.Millisecond {
		t.Errorf("the 429 page was asked at %v: want a second request a second after the first", busy)
	}
	if p.Fetched != len(cases)-1 || p.Dead != 4 || p.Archived != 2 || p.Blocked != 2 || p.Failed != 3 {
		t.Errorf("progress %+v", p)
	}
}

// A dead source whose archive lookup failed (no answer, 5xx, an answer
// that is not the API's JSON, a snapshot that did not answer) is failed,
// so that a later run looks it up again; one the archive has no copy of is
// dead.
func TestArchiveLookupFailureLeavesTheSourceFailed(t *testing.T) {
	w := newFakeWeb(t)
	for _, c := range []struct {
		name, api, page string
		kind            Kind
		errHas          string
	}{
		{"no snapshot", "/wayback/available", "/removed", Dead, "HTTP 410"},
		{"API answers 500", "/wayback/error", "/gone", Failed, "HTTP 500"},
		{"API answers garbage", "/wayback/garbage", "/gone", Failed, "unexpected end of JSON"},
		{"API host unknown", "", "/gone", Failed, "no such host"},
		{"snapshot answers 503", "/wayback/available", "/flaky", Failed, "archived copy: HTTP 503"},
	} {
		t.Run(c.name, func(t *testing.T) {
			opts := testOptions(w)
			opts.WaybackAPI = w.url("archive.test", c.api)
			if c.api == "" {
				opts.WaybackAPI = w.url("nxarchive.test", "/wayback/available")
			}
			got, p := runAll(t, New(opts), jobsOf([]string{w.url("news.test", c.page)}))
			s := got[1].Sources[0]
			if s.Kind != c.kind || !strings.Contains(s.Error, c.errHas) || s.ArchivedURL != "" {
				t.Errorf("kind %s, error %q, archived %q; want %s, an error with %q", s.Kind, s.Error, s.ArchivedURL, c.kind, c.errHas)
			}
			if wantFailed := c.kind == Failed; (p.Failed == 1) != wantFailed || (p.Dead == 1) == wantFailed {
				t.Errorf("progress %+v", p)
			}
		})
	}
}

func TestFallbackSources(t *testing.T) {
	w := newFakeWeb(t)
	news := func(path string) string { return w.url("news.test", path) }
	jobs := jobsOf(
		[]string{news("/meta"), news("/opengraph"), news("/jsonld")},       // summary from the first, cover from the second; the third not visited
		[]string{news("/removed"), news("/jsonld")},                        // the first is dead: both from the second
		[]string{news("/opengraph"), news("/jsonld")},                      // complete from the first
		[]string{news("/report.pdf"), news("/error"), news("/paragraphs")}, // summary from the third, no cover
	)
	got, _ := runAll(t, New(testOptions(w)), jobs)
	for _, tc := range []struct {
		event                int64
		visited              int
		summarySrc, coverSrc int64
	}{{1, 2, 1, 2}, {2, 2, 5, 5}, {3, 1, 6, 6}, {4, 3, 10, 0}} {
		r := got[tc.event]
		if len(r.Sources) != tc.visited || r.SummarySource != tc.summarySrc || r.CoverSource != tc.coverSrc {
			t.Errorf("event %d: %d visited, summary from %d, cover from %d; want %d, %d, %d",
				tc.event, len(r.Sources), r.SummarySource, r.CoverSource, tc.visited, tc.summarySrc, tc.coverSrc)
		}
	}
	if n := len(w.requests("news.test", "/jsonld")); n != 1 {
		t.Errorf("/jsonld fetched %d times: want once, shared by the two events that reached it", n)
	}
}

func TestStoredSourcesAreNotFetchedAgain(t *testing.T) {
	w := newFakeWeb(t)
	jobs := jobsOf([]string{w.url("news.test", "/meta"), w.url("news.test", "/opengraph")})
	jobs[0].Sources[0].State = OK
	jobs[0].Sources[0].Description = "Stored summary."
	jobs[0].Sources[1].State = Failed
	jobs[0].Sources[1].Refetch = true
	jobs[0].Sources[1].ETag = `"v1"`
	got, _ := runAll(t, New(testOptions(w)), jobs)
	r := got[1]
	if r.Summary != "Stored summary." || r.Cover != "https://static.daily.example/img/hotline.jpg" || len(r.Sources) != 1 {
		t.Errorf("result %+v", r)
	}
	if n := len(w.requests("news.test", "/meta")); n != 0 {
		t.Errorf("a stored source was fetched %d times", n)
	}
}

func TestNothingPrivateWithoutAllowPrivate(t *testing.T) {
	w := newFakeWeb(t)
	opts := testOptions(w)
	opts.Fetcher.AllowPrivate = false
	var lists [][]string
	for _, p := range []string{"/opengraph", "/gone", "/chain", "/robots.txt"} {
		lists = append(lists, []string{w.url("news.test", p)})
	}
	lists = append(lists, []string{w.url("private.test", "/story")}, []string{w.srv.URL + "/opengraph"},
		[]string{w.url("localhost", "/")})
	got, _ := runAll(t, New(opts), jobsOf(lists...))
	for id, r := range got {
		// A dead source whose archive lookup was refused is failed: the
		// archive is asked again by a later run.
		if len(r.Sources) != 1 || r.Sources[0].Kind != Blocked && r.Sources[0].Kind != Dead &&
			!(r.Sources[0].Kind == Failed && strings.Contains(r.Sources[0].Error, "wayback lookup")) {
			t.Errorf("event %d: %+v", id, r.Sources)
		}
		if r.Sources[0].Kind == Blocked && !strings.Contains(r.Sources[0].Error, "not public") {
			t.Errorf("event %d: error %q", id, r.Sources[0].Error)
		}
	}
	if n := w.total(); n != 0 {
		t.Errorf("the fake web on 127.0.0.1 answered %d requests", n)
	}
}

func TestPerHostLimitHolds(t *testing.T) {
	w := newFakeWeb(t)
	opts := testOptions(w)
	opts.Interval = 60 * time.Millisecond
	opts.Hosts = 2
	var lists [][]string
	for i := range 6 {
		for _, h := range []string{"h1.test", "h2.test", "h3.test"} {
			lists = append(lists, []string{w.url(h, "/a"+string(rune('0'+i)))})
		}
	}
	var mu sync.Mutex
	var progress []Progress
	opts.Progress = func(p Progress) {
		mu.Lock()
		progress = append(progress, p)
		mu.Unlock()
	}
	runAll(t, New(opts), jobsOf(lists...))
	for _, h := range []string{"h1.test", "h2.test", "h3.test"} {
		var times []time.Time
		w.mu.Lock()
		for key, ts := range w.hits {
			if strings.HasPrefix(key, h+"/") {
				times = append(times, ts...)
			}
		}
		w.mu.Unlock()
		checkSpacing(t, h, times, opts.Interval)
	}
	if w.maxInFlight > opts.Hosts {
		t.Errorf("%d requests in flight at once; the limit is %d", w.maxInFlight, opts.Hosts)
	}
	last := progress[len(progress)-1]
	if len(progress) != len(lists) || last.Done != last.Total || last.Total != len(lists) || last.Rate <= 0 {
		t.Errorf("%d progress reports, last %+v", len(progress), last)
	}
}

// checkSpacing fails unless the requests to a host (robots.txt included)
// are at least interval apart, less a little for the jitter of the
// server's clock readings.
func checkSpacing(t testing.TB, host string, times []time.Time, interval time.Duration) {
	t.Helper()
	slicesSortTimes(times)
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < interval-interval/10 {
			t.Errorf("%s: requests %d and %d only %v apart (limit %v)", host, i-1, i, gap, interval)
		}
	}
}

func slicesSortTimes(ts []time.Time) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Before(ts[j-1]); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

func TestCancelLeavesJobsUnreported(t *testing.T) {
	w := newFakeWeb(t)
	ctx, cancel := context.WithCancel(context.Background())
	jobs := jobsOf([]string{w.url("news.test", "/slow")}, []string{w.url("news.test", "/opengraph")})
	opts := testOptions(w)
	opts.Fetcher.Timeout = 10 * time.Second
	reported := 0
	go func() { time.Sleep(200 * time.Millisecond); cancel() }()
	_, err := New(opts).Run(ctx, jobs, func(r Result) error {
		reported++
		if r.EventID == 1 {
			t.Errorf("the interrupted job was reported: %+v", r)
		}
		return nil
	})
	if err != context.Canceled {
		t.Errorf("Run = %v, want context.Canceled", err)
	}
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		requested, final string
		want             bool
	}{
		{"http://a.example/story/1", "http://a.example/", true},
		{"http://a.example/story/1", "https://a.example/index.html", true},
		{"http://a.example/story/1", "http://a.example/story/1/", false},
		{"http://a.example/", "http://a.example/", false},
		{"http://a.example/story", "http://a.example/?id=5", false},
	} {
		if got := redirectedHome(tc.requested, tc.final); got != tc.want {
			t.Errorf("redirectedHome(%s, %s) = %v", tc.requested, tc.final, got)
		}
	}
	if got := agentToken("Chronicle/1.0 (+https://x)"); got != "Chronicle" {
		t.Errorf("agentToken = %q", got)
	}
}

func TestSinkErrorStopsTheRun(t *testing.T) {
	w := newFakeWeb(t)
	var lists [][]string
	for i := range 20 {
		lists = append(lists, []string{w.url("news.test", "/opengraph?n="+string(rune('a'+i)))})
	}
	stop := errors.New("disk full")
	calls := 0
	_, err := New(testOptions(w)).Run(context.Background(), jobsOf(lists...), func(Result) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("Run = %v after %d calls of the sink; want the sink's error after one", err, calls)
	}
}

func TestCrawlDelayIsHonoured(t *testing.T) {
	w := newFakeWeb(t)
	var lists [][]string
	for i := range 4 {
		lists = append(lists, []string{w.url("delay.test", "/story/"+string(rune('a'+i)))})
	}
	got, _ := runAll(t, New(testOptions(w)), jobsOf(lists...))
	for id, r := range got {
		if r.Summary == "" {
			t.Errorf("event %d: %+v", id, r)
		}
	}
	var times []time.Time
	for i := range 4 {
		times = append(times, w.requests("delay.test", "/story/"+string(rune('a'+i)))...)
	}
	times = append(times, w.requests("delay.test", "/robots.txt")...)
	checkSpacing(t, "delay.test", times, 150*time.Millisecond)
}

func TestHangingHostIsGivenUp(t *testing.T) {
	w := newFakeWeb(t)
	opts := testOptions(w)
	opts.Fetcher.Timeout = 50 * time.Millisecond
	var lists [][]string
	for i := range 12 {
		lists = append(lists, []string{w.url("hang.test", "/story/"+string(rune('a'+i)))})
	}
	got, p := runAll(t, New(opts), jobsOf(lists...))
	for id, r := range got {
		if r.Sources[0].Kind != Failed {
			t.Errorf("event %d: %+v", id, r.Sources[0])
		}
	}
	asked := 0
	for i := range 12 {
		asked += len(w.requests("hang.test", "/story/"+string(rune('a'+i))))
	}
	if asked != maxHostFailures || p.Fetched != maxHostFailures || p.Failed != 12 {
		t.Errorf("%d requests, progress %+v; want %d requests, then the host given up", asked, p, maxHostFailures)
	}
}

package enrich

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/enrich/fetcher"
)

// fakeWeb is a local stand-in for the web: one httptest server on
// 127.0.0.1 answering for every made-up host name, told apart by the Host
// header. news.test is a news site with article pages of the shapes found
// in the wild; archive.test is the Wayback Machine (availability API and
// snapshots); h1.test…hN.test are plain article sites for benchmarks.
type fakeWeb struct {
	srv  *httptest.Server
	port string

	mu   sync.Mutex
	hits map[string][]time.Time // host+path → when it was asked
	// inFlight and maxInFlight count concurrent requests, robots.txt aside.
	inFlight, maxInFlight int
	busyAnswered          bool
	// quiet keeps no log of the requests, so that a long benchmark's heap
	// holds only what the engine keeps.
	quiet bool
}

// pageDelay is how long the slow page takes to answer.
const pageDelay = 3 * time.Second

func newFakeWeb(t testing.TB) *fakeWeb {
	t.Helper()
	w := &fakeWeb{hits: map[string][]time.Time{}}
	w.srv = httptest.NewServer(http.HandlerFunc(w.serve))
	t.Cleanup(w.srv.Close)
	_, w.port, _ = net.SplitHostPort(w.srv.Listener.Addr().String())
	return w
}

// url is the address of path on the made-up host.
func (w *fakeWeb) url(host, path string) string {
	return "http://" + host + ":" + w.port + path
}

// resolver maps the made-up names to the server: every .test name but
// those starting with "nx", which do not exist, and private.test, which
// resolves to a private address (never dialled: the tests that use it do
// not allow private addresses).
func (w *fakeWeb) resolver() fetcher.Resolver {
	return fetcher.ResolverFunc(func(host string) []netip.Addr {
		switch {
		case host == "private.test":
			return []netip.Addr{netip.MustParseAddr("10.20.30.40")}
		case strings.HasPrefix(host, "nx"), !strings.HasSuffix(host, ".test"):
			return nil
		}
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}
	})
}

// requests returns when host+path was asked.
func (w *fakeWeb) requests(host, path string) []time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Time(nil), w.hits[host+path]...)
}

// total counts every request the server answered.
func (w *fakeWeb) total() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, h := range w.hits {
		n += len(h)
	}
	return n
}

func (w *fakeWeb) serve(rw http.ResponseWriter, r *http.Request) {
	host, _, _ := net.SplitHostPort(r.Host)
	w.mu.Lock()
	if !w.quiet {
		w.hits[host+r.URL.Path] = append(w.hits[host+r.URL.Path], time.Now())
	}
	counted := r.URL.Path != "/robots.txt"
	if counted {
		w.inFlight++
		w.maxInFlight = max(w.maxInFlight, w.inFlight)
	}
	w.mu.Unlock()
	defer func() {
		if counted {
			w.mu.Lock()
			w.inFlight--
			w.mu.Unlock()
		}
	}()
	switch {
	case host == "archive.test":
		w.archive(rw, r)
	case host == "news.test":
		w.news(rw, r)
	case host == "delay.test" && r.URL.Path == "/robots.txt":
		fmt.Fprint(rw, "User-agent: Chronicle\nCrawl-delay: 0.15\nDisallow: /private/\n")
	case host == "delay.test":
		w.plain(rw, r, host)
	case host == "hang.test" && r.URL.Path != "/robots.txt":
		<-r.Context().Done() // never answers
	case strings.HasPrefix(host, "h") && strings.HasSuffix(host, ".test"):
		w.plain(rw, r, host)
	default:
		http.NotFound(rw, r)
	}
}

// fixtures are the article pages of news.test, by path: the extractor's
// test pages, named after the case.
var fixtures = map[string]string{
	"/opengraph":  "complete-opengraph.html",
	"/jsonld":     "jsonld-only.html",
	"/graph":      "jsonld-graph.html",
	"/meta":       "meta-description-only.html",
	"/paragraphs": "paragraphs-only.html",
	"/cp1252":     "windows-1252-undeclared.html",
	"/relative":   "relative-images.html",
}

func servePage(rw http.ResponseWriter, file, contentType string) {
	body, err := os.ReadFile(filepath.Join("extract", "testdata", file))
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", contentType)
	rw.Write(body)
}

func (w *fakeWeb) news(rw http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if f, ok := fixtures[p]; ok {
		ct := "text/html; charset=utf-8"
		if p == "/cp1252" {
			ct = "text/html" // no charset: the page must be detected as Windows-1252
		}
		servePage(rw, f, ct)
		return
	}
	switch p {
	case "/":
		fmt.Fprint(rw, "<html><title>News home</title></html>")
	case "/robots.txt":
		fmt.Fprint(rw, "User-agent: *\nDisallow: /private/\n\nUser-agent: OtherBot\nDisallow: /\n")
	case "/chain":
		http.Redirect(rw, r, "/chain/2", http.StatusMovedPermanently)
	case "/chain/2":
		http.Redirect(rw, r, "/chain/3", http.StatusFound)
	case "/chain/3":
		http.Redirect(rw, r, "/opengraph", http.StatusSeeOther)
	case "/loop":
		http.Redirect(rw, r, "/loop/2", http.StatusFound)
	case "/loop/2":
		http.Redirect(rw, r, "/loop", http.StatusFound)
	case "/moved":
		http.Redirect(rw, r, "/", http.StatusMovedPermanently)
	case "/slow":
		select {
		case <-time.After(pageDelay):
			servePage(rw, "complete-opengraph.html", "text/html")
		case <-r.Context().Done():
		}
	case "/huge":
		rw.Header().Set("Content-Type", "text/html")
		fmt.Fprint(rw, `<html><head><meta name="description" content="A very long page."></head><body>`)
		chunk := []byte("<p>" + strings.Repeat("filler ", 145) + "</p>\n")
		for written := 0; written < 50<<20; written += len(chunk) {
			if _, err := rw.Write(chunk); err != nil {
				return
			}
		}
	case "/private/secret":
		servePage(rw, "complete-opengraph.html", "text/html")
	case "/gone", "/removed", "/flaky":
		http.Error(rw, "gone", map[string]int{"/gone": http.StatusNotFound, "/removed": http.StatusGone, "/flaky": http.StatusNotFound}[p])
	case "/busy":
		w.mu.Lock()
		first := !w.busyAnswered
		w.busyAnswered = true
		w.mu.Unlock()
		if first {
			rw.Header().Set("Retry-After", "1")
			http.Error(rw, "slow down", http.StatusTooManyRequests)
			return
		}
		servePage(rw, "jsonld-only.html", "text/html")
	case "/report.pdf":
		rw.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(rw, "%PDF-1.4")
	case "/error":
		http.Error(rw, "oops", http.StatusInternalServerError)
	default:
		http.NotFound(rw, r)
	}
}

// snapshotStamp is when the fake archive took its copies.
const snapshotStamp = "20130606120000"

// flakyStamp is the time of the fake archive's snapshot of /flaky, which
// answers 503.
const flakyStamp = "20130606130000"

// archive answers the availability API, with a snapshot for /gone of
// news.test and for nx hosts, and serves the snapshots; /flaky of news.test
// has a snapshot that answers 503. Its broken APIs, /wayback/error and
// /wayback/garbage, answer 500 and a truncated JSON.
func (w *fakeWeb) archive(rw http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/wayback/error":
		http.Error(rw, "down for maintenance", http.StatusInternalServerError)
	case r.URL.Path == "/wayback/garbage":
		rw.Header().Set("Content-Type", "application/json")
		fmt.Fprint(rw, `{"archived_snapshots":`)
	case r.URL.Path == "/wayback/available" && strings.HasSuffix(r.URL.Query().Get("url"), "/flaky"):
		page := r.URL.Query().Get("url")
		rw.Header().Set("Content-Type", "application/json")
		json.NewEncoder(rw).Encode(map[string]any{"url": page, "archived_snapshots": map[string]any{"closest": map[string]any{
			"status": "200", "available": true, "timestamp": flakyStamp, "url": w.url("archive.test", "/web/"+flakyStamp+"/"+page)}}})
	case strings.HasPrefix(r.URL.Path, "/web/"+flakyStamp+"id_/"):
		http.Error(rw, "busy", http.StatusServiceUnavailable)
	case r.URL.Path == "/wayback/available":
		page := r.URL.Query().Get("url")
		u, err := url.Parse(page)
		var closest any
		if err == nil && (u.Path == "/gone" || strings.HasPrefix(u.Hostname(), "nx")) && r.URL.Query().Get("timestamp") != "" {
			closest = map[string]any{"status": "200", "available": true, "timestamp": snapshotStamp,
				"url": w.url("archive.test", "/web/"+snapshotStamp+"/"+page)}
		}
		rw.Header().Set("Content-Type", "application/json")
		json.NewEncoder(rw).Encode(map[string]any{"url": page, "archived_snapshots": map[string]any{"closest": closest}})
	case strings.HasPrefix(r.URL.Path, "/web/"+snapshotStamp+"id_/"):
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(rw, `<html><head><title>Archived: ministers meet</title>
<meta property="og:description" content="The ministers met on Thursday, as the archived copy shows.">
<meta property="og:image" content="/img/ministers.jpg">
</head><body></body></html>`)
	default:
		http.NotFound(rw, r)
	}
}

// plain serves the benchmark hosts: an article page at every path but
// robots.txt.
func (w *fakeWeb) plain(rw http.ResponseWriter, r *http.Request, host string) {
	if r.URL.Path == "/robots.txt" {
		http.NotFound(rw, r)
		return
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(rw, `<!DOCTYPE html><html lang="en"><head><title>%[1]s %[2]s</title>
<meta property="og:title" content="Article %[2]s of %[1]s">
<meta property="og:description" content="What happened at %[1]s, told in one sentence. And another sentence to cut.">
<meta property="og:image" content="/img%[2]s.jpg">
<meta property="og:site_name" content="%[1]s">
</head><body><p>Text.</p></body></html>`, host, r.URL.Path)
}

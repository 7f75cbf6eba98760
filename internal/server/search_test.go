package server

import (
	"compress/gzip"
	"encoding/xml"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func getSearch(t *testing.T, h http.Handler, query string) (*httptest.ResponseRecorder, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/search/?"+query, nil))
	return rec, rec.Body.String()
}

func TestSearchPage(t *testing.T) {
	h := demoHandler(t)
	tests := []struct {
		name, query string
		status      int
		want        []string
	}{
		{"results", "q=tsukuyomi+rover", http.StatusOK, []string{
			`<mark>Tsukuyomi</mark>`, `href="/news/2025/03/16/the-tsukuyomi-lander-deploys-its-small-rover`, `class="search-count"`,
			`value="tsukuyomi rover"`}},
		{"accents and case", "q=MEDECINS+sans+frontieres", http.StatusOK, []string{`<mark>Médecins</mark>`}},
		{"filters kept in the form", "q=el+fasher&from=2025-03-07&topic=El+Fasher", http.StatusOK, []string{
			`name="from" value="2025-03-07"`, `name="topic" value="El Fasher"`, `Results 1–`}},
		{"no results", "q=zzzqqq", http.StatusOK, []string{`class="search-none"`, `No events match <strong>zzzqqq</strong>`}},
		{"newest first", "q=truce&order=newest", http.StatusOK, []string{`events, newest first · Follow this search:`,
			`<option value="newest" selected>Newest first</option>`}},
		{"feeds of the search, filters kept, order left out", "q=truce&story=siege-of-el-fasher&order=oldest", http.StatusOK, []string{
			`, oldest first · Follow this search: <a href="/search/feed.xml?q=truce&amp;story=siege-of-el-fasher">RSS</a> · <a href="/search/atom.xml?q=truce&amp;story=siege-of-el-fasher">Atom</a>`,
			`<link rel="alternate" type="application/rss+xml" href="/search/feed.xml?q=truce&amp;story=siege-of-el-fasher">`,
			`<link rel="alternate" type="application/atom+xml" href="/search/atom.xml?q=truce&amp;story=siege-of-el-fasher">`}},
		{"best match by default", "q=truce", http.StatusOK, []string{`<option value="relevance" selected>Best match</option>`}},
		{"bad order", "q=truce&order=date", http.StatusBadRequest, []string{`the order &#34;date&#34; is none of relevance, newest and oldest`}},
		{"empty", "", http.StatusOK, []string{`<h1>Search</h1>`, `Every word is required`}},
		{"unclosed quote", "q=%22el+fasher", http.StatusBadRequest, []string{`class="search-error"`, `never closed`}},
		{"stray operator", "q=OR+korea", http.StatusBadRequest, []string{`OR needs a word`}},
		{"bad date", "q=korea&from=2025-13-01", http.StatusBadRequest, []string{`the from date &#34;2025-13-01&#34; is not a day`}},
		{"unknown topic", "q=korea&topic=Atlantis", http.StatusBadRequest, []string{`no topic`}},
		{"unknown story, the similar offered", "q=truce&story=Sudanese+civil+war", http.StatusBadRequest, []string{
			`no story &#34;Sudanese civil war&#34;. Did you mean <a href="/search/?q=truce&amp;story=Sudanese&#43;civil&#43;war&#43;%282023%E2%80%93present%29">Sudanese civil war (2023–present)</a>?</p>`}},
		{"unknown topic, three offered", "q=coalition&from=2025-03-01&topic=party", http.StatusBadRequest, []string{
			`Did you mean <a href="/search/?from=2025-03-01&amp;q=coalition&amp;topic=Estonian&#43;Centre&#43;Party">Estonian Centre Party</a>, ` +
				`<a href="/search/?from=2025-03-01&amp;q=coalition&amp;topic=Estonian&#43;Reform&#43;Party">Estonian Reform Party</a> or <a href=`}},
		{"bad cursor", "q=korea&cursor=xyz", http.StatusBadRequest, []string{`cursor`}},
		{"escaped", "q=%3Cscript%3Ealert(1)%3C/script%3E", http.StatusOK, []string{`&lt;script&gt;alert(1)&lt;/script&gt;`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, body := getSearch(t, h, tt.query)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if rec.Header().Get("Content-Security-Policy") == "" {
				t.Error("no Content-Security-Policy")
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("the page lacks %s", w)
				}
			}
			if strings.Contains(body, "<script") {
				t.Error("the server's search page holds a script")
			}
		})
	}
}

var nextLinkHTML = regexp.MustCompile(`<a rel="next" href="([^"]+)"`)

// Next and previous links page through the results with the same query
// and filters.
func TestSearchPagesLink(t *testing.T) {
	h := demoHandler(t)
	_, first := getSearch(t, h, "q=%22el+fasher%22+OR+tsukuyomi")
	m := nextLinkHTML.FindStringSubmatch(first)
	if m == nil {
		t.Fatal("the first page has no next link")
	}
	u, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil || u.Path != "/search/" || u.Query().Get("q") != `"el fasher" OR tsukuyomi` {
		t.Fatalf("next link %q", m[1])
	}
	rec, second := getSearch(t, h, u.RawQuery)
	if rec.Code != http.StatusOK || !strings.Contains(second, `Results 21–`) || !strings.Contains(second, `rel="prev"`) {
		t.Errorf("the second page: %d, count or prev link missing", rec.Code)
	}
}

// /search without the slash is the same page; every page's header has the
// search box.
func TestSearchBoxAndPaths(t *testing.T) {
	h := demoHandler(t)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/search?q=jaxa", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "<mark>JAXA</mark>") {
		t.Errorf("/search?q=jaxa: %d", rec.Code)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if !strings.Contains(rec.Body.String(), `<form class="search" role="search" aria-label="Site" method="get" action="/search/">`) {
		t.Error("the home page has no search box")
	}
	csp := rec.Header().Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "form-action 'self'", "connect-src 'self'", "default-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %s", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "script-src 'self' 'unsafe-inline'") {
		t.Errorf("CSP %q allows more script than the site's own", csp)
	}
}

// A search's feeds give its newest results, as RSS and Atom, under the
// same query and filters, and answer 304 while they are the same.
func TestSearchFeeds(t *testing.T) {
	h := demoHandler(t)
	for _, tt := range []struct{ path, root, contentType string }{
		{"/search/feed.xml", "rss", "application/rss+xml; charset=utf-8"},
		{"/search/atom.xml", "feed", "application/atom+xml; charset=utf-8"},
	} {
		resp := get(t, h, "GET", tt.path+"?q=truce+OR+ceasefire&from=2024-01-01")
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != tt.contentType {
			t.Fatalf("GET %s: status %d, Content-Type %q", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		var doc struct {
			XMLName xml.Name
			Dates   []string `xml:"channel>item>pubDate"`
			Updated []string `xml:"entry>updated"`
			Links   []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
		}
		if err := xml.Unmarshal([]byte(body), &doc); err != nil || doc.XMLName.Local != tt.root {
			t.Fatalf("GET %s: not a feed (%v):\n%s", tt.path, err, body)
		}
		var days []time.Time
		for _, d := range doc.Dates {
			day, err := time.Parse(time.RFC1123Z, d)
			if err != nil {
				t.Fatal(err)
			}
			days = append(days, day)
		}
		for _, d := range doc.Updated {
			day, err := time.Parse(time.RFC3339, d)
			if err != nil {
				t.Fatal(err)
			}
			days = append(days, day)
		}
		if len(days) < 3 || !slices.IsSortedFunc(days, func(a, b time.Time) int { return b.Compare(a) }) ||
			days[len(days)-1].Before(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("GET %s: items of %v, want the matches since 2024, newest first", tt.path, days)
		}
		if !strings.Contains(body, `href="https://chronicle.example/search/?from=2024-01-01&amp;q=truce+OR+ceasefire"`) &&
			!strings.Contains(body, `<link>https://chronicle.example/search/?from=2024-01-01&amp;q=truce+OR+ceasefire</link>`) {
			t.Errorf("GET %s: no link to the search page:\n%.600s", tt.path, body)
		}
		etag := resp.Header.Get("ETag")
		if again := get(t, h, "GET", tt.path+"?q=truce+OR+ceasefire&from=2024-01-01", "If-None-Match: "+etag); etag == "" || again.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s with If-None-Match %s: status %d, want 304", tt.path, etag, again.StatusCode)
		}
	}
	for _, tt := range []struct{ target, want string }{
		{"/search/feed.xml", "a search feed needs a query"},
		{"/search/atom.xml?q=%22truce", "never closed"},
		{"/search/feed.xml?q=truce&story=sudan+war", `no story "sudan war"; did you mean "Sudanese civil war (2023–present)"?`},
	} {
		resp := get(t, h, "GET", tt.target)
		if body := readBody(t, resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s: status %d, %q; want 400 saying %q", tt.target, resp.StatusCode, body, tt.want)
		}
	}
}

// The search page and its feeds, which no cache holds, are gzipped for a
// client that accepts it, each coding with its own ETag.
func TestSearchAnswersGzipped(t *testing.T) {
	h := demoHandler(t)
	for _, target := range []string{"/search/?q=truce", "/search/feed.xml?q=truce", "/search/atom.xml?q=truce"} {
		plain := get(t, h, "GET", target)
		plainBody := readBody(t, plain)
		zipped := get(t, h, "GET", target, "Accept-Encoding: gzip, br")
		if zipped.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(zipped.Header.Get("Vary"), "Accept-Encoding") ||
			!strings.Contains(plain.Header.Get("Vary"), "Accept-Encoding") || plain.Header.Get("Content-Encoding") != "" {
			t.Fatalf("GET %s: Content-Encoding %q and %q, Vary %q and %q", target, plain.Header.Get("Content-Encoding"),
				zipped.Header.Get("Content-Encoding"), plain.Header.Get("Vary"), zipped.Header.Get("Vary"))
		}
		zr, err := gzip.NewReader(zipped.Body)
		if err != nil {
			t.Fatal(err)
		}
		unzipped, err := io.ReadAll(zr)
		if err != nil || string(unzipped) != plainBody {
			t.Errorf("GET %s: the gzipped body is not the plain one (%v)", target, err)
		}
		if n, _ := strconv.Atoi(zipped.Header.Get("Content-Length")); n == 0 || n >= len(plainBody) {
			t.Errorf("GET %s: %d bytes gzipped of %d", target, n, len(plainBody))
		}
		if strings.HasPrefix(target, "/search/?") {
			continue
		}
		tag := zipped.Header.Get("ETag")
		if tag == "" || tag == plain.Header.Get("ETag") {
			t.Errorf("GET %s: ETags %q (gzip) and %q (plain), want two", target, tag, plain.Header.Get("ETag"))
		}
		if again := get(t, h, "GET", target, "Accept-Encoding: gzip", "If-None-Match: "+tag); again.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s with the gzip ETag: status %d, want 304", target, again.StatusCode)
		}
		if other := get(t, h, "GET", target, "If-None-Match: "+tag); other.StatusCode != http.StatusOK {
			t.Errorf("GET %s, plain, with the gzip ETag: status %d, want 200", target, other.StatusCode)
		}
	}
}

package server

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/demo"
	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

var testRenderConfig = render.Config{BaseURL: "https://chronicle.example"}

// sharedDemo is the demo archive, imported once for the tests that only read it.
var sharedDemo = sync.OnceValues(func() (*demo.Archive, error) { return demo.Open(context.Background(), nil) })

func demoHandler(t *testing.T) http.Handler {
	t.Helper()
	d, err := sharedDemo()
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(d.Store, testRenderConfig, nil)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// firstEventPath returns the first event path the home page links to.
func firstEventPath(t *testing.T, h http.Handler) string {
	t.Helper()
	day := regexp.MustCompile(`href="(/news/\d{4}/\d\d/\d+/index\.html)"`).FindStringSubmatch(readBody(t, get(t, h, "GET", "/")))
	if day == nil {
		t.Fatal("the home page links to no day")
	}
	ev := regexp.MustCompile(`href="(/news/\d{4}/\d\d/\d+/[a-z0-9-]+)\.html"`).FindAllStringSubmatch(readBody(t, get(t, h, "GET", day[1])), -1)
	for _, m := range ev {
		if !strings.HasSuffix(m[1], "/index") {
			return m[1]
		}
	}
	t.Fatalf("the day %s links to no event", day[1])
	return ""
}

func TestDemoServesEveryFormatOfAnEvent(t *testing.T) {
	h := demoHandler(t)
	path := firstEventPath(t, h)
	tests := []struct{ ext, contentType, holds string }{
		{".html", "text/html; charset=utf-8", "<h1"},
		{".md", "text/markdown; charset=utf-8", "Formats: [HTML](" + path + ".html)"},
		{".json", "application/json", `"path": "` + path + `"`},
		{".xml", "application/xml", "<event>"},
	}
	for _, tt := range tests {
		resp := get(t, h, "GET", path+tt.ext)
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), tt.contentType) {
			t.Errorf("GET %s%s: status %d, Content-Type %q", path, tt.ext, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if !strings.Contains(body, tt.holds) {
			t.Errorf("GET %s%s: body lacks %q", path, tt.ext, tt.holds)
		}
		if resp.Header.Get("ETag") == "" || resp.Header.Get("Last-Modified") == "" {
			t.Errorf("GET %s%s: ETag %q, Last-Modified %q", path, tt.ext, resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"))
		}
	}
}

func TestDemoServesSitewideFiles(t *testing.T) {
	h := demoHandler(t)
	tests := []struct{ path, contentType string }{
		{"/", "text/html"},
		{"/index.json", "application/json"},
		{"/style.css", "text/css"},
		{"/robots.txt", "text/plain"},
		{"/llms.txt", "text/plain"},
		{"/opensearch.xml", "application/opensearchdescription+xml"},
		{"/favicon.ico", "image/vnd.microsoft.icon"},
		{"/favicon.svg", "image/svg+xml"},
		{"/about/", "text/html"},
		{"/about/index.md", "text/markdown"},
		{"/feed.xml", "application/rss+xml"},
		{"/atom.xml", "application/atom+xml"},
		{"/sitemap.xml", "application/xml"},
		{"/topics/", "text/html"},
		{"/404.html", "text/html"},
	}
	for _, tt := range tests {
		resp := get(t, h, "GET", tt.path)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), tt.contentType) {
			t.Errorf("GET %s: status %d, Content-Type %q; want 200 and %s", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), tt.contentType)
		}
	}
}

// TestDemoAboutAndLLMsTxtNameTheAPI checks that the served site's about
// page and llms.txt lead to the query API's OpenAPI document, which answers.
func TestDemoAboutAndLLMsTxtNameTheAPI(t *testing.T) {
	h := demoHandler(t)
	for path, link := range map[string]string{
		"/about/":   `href="/api/openapi.json"`,
		"/llms.txt": "/api/openapi.json)",
	} {
		if body := readBody(t, get(t, h, "GET", path)); !strings.Contains(body, link) {
			t.Errorf("GET %s lacks %s:\n%s", path, link, body)
		}
	}
	if resp := get(t, h, "GET", "/api/openapi.json"); resp.StatusCode != http.StatusOK {
		t.Errorf("GET /api/openapi.json: %d", resp.StatusCode)
	}
}

func TestDemoAnswersUnknownPathsWithTheRendered404(t *testing.T) {
	h := demoHandler(t)
	for _, path := range []string{
		"/news/2025/03/5/no-such-event",
		"/news/2025/03/5/no-such-event.json",
		"/news/2025/13/45/index.html",
		"/news/0000/00/0/x.md",
		"/news/2025/03/99/",
		"/topics/no-such-topic/",
		"/topics/no-such-topic/feed.xml",
		"/sitemaps/sitemap-99.xml",
		"/schema/nothing.json",
		"/news/2025/03/5/index.xml.gz",
		"/" + strings.Repeat("a", 5000) + ".html",
	} {
		resp := get(t, h, "GET", path)
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %.60s: status %d, want 404", path, resp.StatusCode)
			continue
		}
		if !strings.Contains(body, `href="/index.html"`) {
			t.Errorf("GET %.60s: the 404 page does not link home", path)
		}
	}
	body := readBody(t, get(t, h, "GET", "/news/2025/03/5/no-such-event"))
	if !strings.Contains(body, `href="/news/2025/03/5/index.html"`) {
		t.Error("the 404 of a missing event does not link its day")
	}
}

func TestDemoFollowsEventLinksCutShortOrMangled(t *testing.T) {
	h := demoHandler(t)
	ev := firstEventPath(t, h)
	day, slug := ev[:strings.LastIndexByte(ev, '/')+1], ev[strings.LastIndexByte(ev, '/')+1:]
	if len(slug) < event.MinCutSlug+5 {
		t.Fatalf("the demo's first event %s has too short a slug for this test", ev)
	}
	tests := []struct {
		target, want string
		status       int
	}{
		{ev + ".html).", ev + ".html", http.StatusMovedPermanently},
		{strings.ToUpper(ev) + ".htm", ev + ".html", http.StatusMovedPermanently},
		{ev[:len(ev)-5], ev, http.StatusFound},
		{ev[:len(ev)-5] + ".json", ev + ".json", http.StatusFound},
	}
	for _, tt := range tests {
		resp := get(t, h, "GET", tt.target)
		if resp.StatusCode != tt.status || resp.Header.Get("Location") != tt.want {
			t.Errorf("GET %s: status %d, Location %q; want %d to %s", tt.target, resp.StatusCode, resp.Header.Get("Location"), tt.status, tt.want)
		}
	}
	resp := get(t, h, "GET", day+slug[:1])
	if body := readBody(t, resp); resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "cut short") ||
		!strings.Contains(body, `href="`+ev+`.html"`) {
		t.Errorf("GET %s: status %d; want the 404 page offering %s", day+slug[:1], resp.StatusCode, ev)
	}
}

// A topic, story or category page the archive lacks offers those whose
// slugs hold the words of its address.
func TestMissingTitlePageOffersSimilarTitles(t *testing.T) {
	h := demoHandler(t)
	tests := []struct {
		target, intro string
		links         []string
	}{
		{"/stories/sudan-war/", "No story has this address. These stories hold its words:",
			[]string{`<a href="/stories/sudanese-civil-war-2023-present/index.html">Sudanese civil war (2023–present)</a>`}},
		{"/topics/estonian-party/index.json", "No topic has this address. These topics hold its words:",
			[]string{`<a href="/topics/estonian-centre-party/index.html">Estonian Centre Party</a>`,
				`<a href="/topics/estonian-reform-party/index.html">Estonian Reform Party</a>`}},
		{"/topics/sudanese-armed-force/2025/", "No topic has this address.",
			[]string{`<a href="/topics/sudanese-armed-forces/index.html">Sudanese Armed Forces</a>`}},
		{"/categories/disaster", "No category has this address.",
			[]string{`<a href="/categories/disasters-and-accidents/index.html">Disasters and accidents</a>`}},
		{"/topics/atlantis/", "Perhaps one of these:", nil},
	}
	for _, tt := range tests {
		resp := get(t, h, "GET", tt.target)
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, tt.intro) {
			t.Errorf("GET %s: status %d; want 404 saying %q:\n%s", tt.target, resp.StatusCode, tt.intro, body)
		}
		for _, l := range tt.links {
			if !strings.Contains(body, l) {
				t.Errorf("GET %s: the 404 page lacks %s", tt.target, l)
			}
		}
	}
}

// hostileStore returns a store of one day whose first revision held an
// event that its second revision renamed, and whose headline holds markup.
func hostileStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir() + "/chronicle.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	d := event.Date{Year: 2013, Month: time.June, Day: 6}
	for rev, headline := range []string{"A quiet day in Springfield.", hostileHeadline} {
		e := event.Event{
			Path: event.Paths(d, []string{headline})[0], Date: d, Category: "Science and technology",
			CategoryOriginal: "Science and technology", Headline: headline, Text: headline,
			Sources: []event.Source{{Name: "BBC", URL: "https://bbc.example/a"}},
		}
		day := store.Day{Date: d, Title: "Portal:Current events/2013 June 6", RevisionID: int64(rev + 1),
			Timestamp: time.Date(2013, time.June, 7+rev, 0, 0, 0, 0, time.UTC), Wikitext: headline, Events: []event.Event{e}}
		if _, err := st.ImportDays(context.Background(), []store.Day{day}); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

const hostileHeadline = `Hackers post <script>alert(1)</script> and "]]> on a forum.`

func TestHostileHeadlineShowsAsText(t *testing.T) {
	var logs bytes.Buffer
	h, err := New(hostileStore(t), testRenderConfig, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	path := "/news/2013/06/6/hackers-post-script-alert-1-script-and-on-a-forum"
	html := readBody(t, get(t, h, "GET", path+".html"))
	if strings.Contains(html, "<script>alert") || !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the HTML does not show the headline's <script> as text; log: %s", logs.String())
	}
	var fromJSON struct{ Headline string }
	if err := json.Unmarshal([]byte(readBody(t, get(t, h, "GET", path+".json"))), &fromJSON); err != nil || fromJSON.Headline != hostileHeadline {
		t.Errorf("JSON headline %q (%v), want %q", fromJSON.Headline, err, hostileHeadline)
	}
	var fromXML struct {
		Headline string `xml:"headline"`
	}
	if err := xml.Unmarshal([]byte(readBody(t, get(t, h, "GET", path+".xml"))), &fromXML); err != nil || fromXML.Headline != hostileHeadline {
		t.Errorf("XML headline %q (%v), want %q", fromXML.Headline, err, hostileHeadline)
	}
}

func TestRetiredPathOfARealStoreRedirects(t *testing.T) {
	h, err := New(hostileStore(t), testRenderConfig, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The renamed event cites the same source: the same event, edited.
	renamed := "/news/2013/06/6/hackers-post-script-alert-1-script-and-on-a-forum.html"
	resp := get(t, h, "GET", "/news/2013/06/6/a-quiet-day-in-springfield.html")
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != renamed {
		t.Errorf("status %d, Location %q; want 301 to the renamed event", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp := get(t, h, "GET", renamed); resp.StatusCode != http.StatusOK {
		t.Errorf("the redirect's target: status %d", resp.StatusCode)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if d, err := sharedDemo(); err == nil {
		d.Close()
	}
	os.Exit(code)
}

// A date typed with a zero-padded day or an unpadded month answers 301 to
// the canonical address, event or day, in the format asked for.
func TestPaddedDatesRedirectToTheCanonicalPath(t *testing.T) {
	h := demoHandler(t)
	event := strings.TrimSuffix(firstEventPath(t, h), ".html")
	parts := strings.Split(event, "/") // "", news, YYYY, MM, D, slug
	day, _ := strconv.Atoi(parts[4])
	month, _ := strconv.Atoi(parts[3])
	padded := fmt.Sprintf("/news/%s/%d/%02d/%s", parts[2], month, day, parts[5])
	for _, tt := range []struct{ from, to string }{
		{padded + ".json", event + ".json"},
		{padded, event},
		{fmt.Sprintf("/news/%s/%d/%02d/", parts[2], month, day), fmt.Sprintf("/news/%s/%s/%d/", parts[2], parts[3], day)},
	} {
		resp := get(t, h, "GET", tt.from)
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != tt.to {
			t.Errorf("GET %s: status %d, Location %q; want 301 to %s", tt.from, resp.StatusCode, resp.Header.Get("Location"), tt.to)
		}
	}
}

// The demo's edits were saved in two months: the edits page links the page
// of each, whose edits it lists and which link each other; a month without
// edits has no page.
func TestDemoServesTheMonthsOfEdits(t *testing.T) {
	h := demoHandler(t)
	index := readBody(t, get(t, h, "GET", "/edits/"))
	for _, want := range []string{`<a href="/edits/2025/03/index.html">March 2025</a> <span class="n">2</span>`,
		`<a href="/edits/2024/11/index.html">November 2024</a> <span class="n">1</span>`} {
		if !strings.Contains(index, want) {
			t.Errorf("/edits/ lacks %q:\n%s", want, index)
		}
	}
	tests := []struct {
		target string
		want   []string
	}{
		{"/edits/2024/11/", []string{"<h1>Edits of November 2024</h1>", `<a rel="next" href="/edits/2025/03/index.html">March 2025 →</a>`,
			"injuring at least 20 people"}},
		{"/edits/2025/03/index.md", []string{"# Edits of March 2025\n", "Previous: [November 2024](/edits/2024/11/index.md)\n",
			"about 80 people", "A second boat"}},
		{"/edits/2025/03/index.json", []string{`"kind": "edits_month"`, `"path": "/edits/2024/11/index"`}},
	}
	for _, tt := range tests {
		resp := get(t, h, "GET", tt.target)
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", tt.target, resp.StatusCode)
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s lacks %q:\n%s", tt.target, w, body)
			}
		}
	}
	for _, target := range []string{"/edits/2024/12/index.html", "/edits/2025/04/", "/edits/2025/13/index.json"} {
		if resp := get(t, h, "GET", target); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", target, resp.StatusCode)
		}
	}
	if resp := get(t, h, "GET", "/edits/2025/03"); resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/edits/2025/03/" {
		t.Errorf("GET /edits/2025/03: %d to %q, want 301 to /edits/2025/03/", resp.StatusCode, resp.Header.Get("Location"))
	}
}

package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/demo"
	"github.com/chronicle-archive/chronicle/internal/derive"
	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// apiJSON gets target from h and decodes its JSON body into a map.
func apiJSON(t *testing.T, h http.Handler, target string) (*http.Response, map[string]any) {
	t.Helper()
	resp := get(t, h, "GET", target)
	var m map[string]any
	if err := json.Unmarshal([]byte(readBody(t, resp)), &m); err != nil {
		t.Fatalf("GET %s: status %d, body is not JSON: %v", target, resp.StatusCode, err)
	}
	return resp, m
}

// demoEvents are the demo's events in date and page order.
func demoEvents(t *testing.T) []event.Event {
	t.Helper()
	d, err := sharedDemo()
	if err != nil {
		t.Fatal(err)
	}
	var out []event.Event
	if err := d.Store.EachEvent(context.Background(), event.Date{}, event.Date{}, func(e event.Event) error {
		out = append(out, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(out) < 30 {
		t.Fatalf("the demo has %d events; the tests want more than one page", len(out))
	}
	return out
}

// demoTopic returns the slug of a topic with at least n events in the demo.
func demoTopic(t *testing.T, kind event.Kind, n int) string {
	t.Helper()
	d, err := sharedDemo()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	counts, err := d.Store.TitleCounts(ctx, kind)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range counts {
		if c.Events >= n {
			slug, err := d.Store.Slug(ctx, kind, c.Title)
			if err != nil {
				t.Fatal(err)
			}
			return slug
		}
	}
	t.Fatalf("no %s of the demo has %d events", kind, n)
	return ""
}

func TestAPIAnswersEachEndpoint(t *testing.T) {
	h := demoHandler(t)
	events := demoEvents(t)
	first := events[0].Path
	topic, story, category := demoTopic(t, event.KindTopic, 3), demoTopic(t, event.KindStory, 2), demoTopic(t, event.KindCategory, 3)
	tests := []struct {
		target string
		status int
		holds  string // in the body
	}{
		{"/api/", 200, `"openapi":"https://chronicle.example/api/openapi.json"`},
		{"/api", 200, `"endpoints"`},
		{"/api/openapi.json", 200, `"openapi": "3.1.0"`},
		{"/api/events" + first, 200, `"path":"` + first + `"`},
		{"/api/events" + first + ".json", 200, `"api_url":"https://chronicle.example/api/events` + first + `"`},
		{"/api/events?path=" + url.QueryEscape(first), 200, `"url":"https://chronicle.example` + first + `.html"`},
		{"/api/events?limit=3", 200, `"count":3`},
		{"/api/events?from=" + events[0].Date.String() + "&to=" + events[0].Date.String(), 200, `"from":"` + events[0].Date.String() + `"`},
		{"/api/events?order=desc&limit=1", 200, `"path":"` + events[len(events)-1].Path + `"`},
		{"/api/topics/" + topic + "?limit=2", 200, `"kind":"topic"`},
		{"/api/stories/" + story, 200, `"kind":"story"`},
		{"/api/categories/" + category, 200, `"kind":"category"`},
		{"/api/search?q=earthquake", 200, `"query":"earthquake"`},
		{"/api/search?q=earthquake&from=2025-01-01&category=" + category, 200, `"results":[`},
		{"/api/related" + first, 200, `"related":[`},
		{"/api/related?path=" + url.QueryEscape(first), 200, `"around":[`},
		{"/api/cite" + first, 200, `"bibtex":"@misc{`},
		{"/api/cite?path=" + url.QueryEscape(first), 200, `"ris":"TY  - ELEC\r\n`},
		{"/api/cite/news/1999/01/1/nothing-here", 404, `"error":"no event at /news/1999/01/1/nothing-here"`},
		{"/api/cite", 400, `"parameter":"path"`},
		{"/api/cite" + first + "?style=apa", 400, `"parameter":"style"`},
		{"/api/events/news/1999/01/1/nothing-here", 404, `"error":"no event at /news/1999/01/1/nothing-here"`},
		{"/api/related/news/1999/01/1/nothing-here", 404, `"error"`},
		{"/api/topics/no-such-topic-anywhere", 404, `no topic with the slug`},
		{"/api/events/not/an/event", 404, `"error"`},
		{"/api/nothing", 404, `no API endpoint`},
		{"/api/topics/a/b", 404, `no API endpoint`},
		{"/api/events?limit=0", 400, `"parameter":"limit"`},
		{"/api/events?limit=101", 400, `"parameter":"limit"`},
		{"/api/events?from=2013-6-1", 400, `"parameter":"from"`},
		{"/api/events?from=2013-06-31", 400, `"parameter":"from"`},
		{"/api/events?from=2013-06-02&to=2013-06-01", 400, `"parameter":"to"`},
		{"/api/events?order=newest", 400, `"parameter":"order"`},
		{"/api/events?cursor=xyz", 400, `"parameter":"cursor"`},
		{"/api/events?limit=1&limit=2", 400, `given 2 times`},
		{"/api/events?form=2013-01-01", 400, `"parameter":"form"`},
		{"/api/events?path=/news/2013/06/6", 400, `"parameter":"path"`},
		{"/api/events?path=" + url.QueryEscape(first) + "&limit=2", 400, `"parameter":"limit"`},
		{"/api/events" + first + "?limit=2", 400, `"parameter":"limit"`},
		{"/api/related", 400, `"parameter":"path"`},
		{"/api/search", 400, `"parameter":"q"`},
		{"/api/search?q=%22red+cross", 400, `"parameter":"q"`},
		{"/api/search?q=a+OR", 400, `"parameter":"q"`},
		{"/api/search?q=korea&topic=no-such-topic-anywhere", 400, `"parameter":"topic"`},
		{"/api/search?q=truce&story=Sudanese+civil+war", 400, `"parameter":"story","did_you_mean":["Sudanese civil war (2023–present)"]}`},
		{"/api/search?q=korea&cursor=AAAA", 400, `"parameter":"cursor"`},
		{"/api/search?q=korea&order=newest", 400, `"parameter":"order"`},
		{"/api/search?q=truce&order=desc", 200, `"order":"desc"`},
		{"/api/search?q=truce", 200, `"order":"relevance"`},
		{"/api/events?%zz", 400, `malformed`},
	}
	for _, tt := range tests {
		resp := get(t, h, "GET", tt.target)
		body := readBody(t, resp)
		if resp.StatusCode != tt.status || !strings.Contains(body, tt.holds) {
			t.Errorf("GET %s: status %d, body %.300s; want %d holding %s", tt.target, resp.StatusCode, body, tt.status, tt.holds)
		}
		if ct := resp.Header.Get("Content-Type"); ct != apiContentType {
			t.Errorf("GET %s: Content-Type %q", tt.target, ct)
		}
		if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("GET %s: no Access-Control-Allow-Origin: *", tt.target)
		}
		if !json.Valid([]byte(body)) {
			t.Errorf("GET %s: the body is not JSON: %.200s", tt.target, body)
		}
	}
}

// The event object of every answer is the event's .json page, the one
// schema documented for events.
func TestAPIEventObjectIsTheEventPage(t *testing.T) {
	h := demoHandler(t)
	_, list := apiJSON(t, h, "/api/events?limit=5")
	for _, it := range list["events"].([]any) {
		item := it.(map[string]any)
		path := item["path"].(string)
		page := readBody(t, get(t, h, "GET", path+".json"))
		var want bytes.Buffer
		if err := json.Compact(&want, []byte(page)); err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(item["event"])
		if err != nil {
			t.Fatal(err)
		}
		var page2 any
		json.Unmarshal(want.Bytes(), &page2) //nolint:errcheck // compacted just above
		want2, _ := json.Marshal(page2)
		if !bytes.Equal(got, want2) {
			t.Errorf("%s: the API's event object differs from its .json page:\n%s\n%s", path, got, want2)
		}
		_, single := apiJSON(t, h, "/api/events"+path)
		one, _ := json.Marshal(single["event"])
		if !bytes.Equal(one, want2) {
			t.Errorf("%s: /api/events%s differs from its .json page", path, path)
		}
	}
}

// pageThrough follows next from start to the last page and returns the
// paths listed, failing on a page that lacks a Link header matching next.
func pageThrough(t *testing.T, h http.Handler, start string) []string {
	t.Helper()
	return walkPages(t, h, start, "events", func(it map[string]any) string { return it["path"].(string) })
}

// walkPages follows next from start to the last page and returns what of
// names of each item of each page's list, failing on a page whose Link
// header does not match next.
func walkPages(t *testing.T, h http.Handler, start, list string, of func(map[string]any) string) []string {
	t.Helper()
	var out []string
	target := start
	for pages := 0; target != ""; pages++ {
		if pages > 1000 {
			t.Fatal("more than 1000 pages: the cursor does not advance")
		}
		resp, m := apiJSON(t, h, target)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: status %d: %v", target, resp.StatusCode, m)
		}
		for _, it := range m[list].([]any) {
			out = append(out, of(it.(map[string]any)))
		}
		next, _ := m["next"].(string)
		link := resp.Header.Get("Link")
		if next == "" && link != "" || next != "" && link != "<"+next+`>; rel="next"` {
			t.Fatalf("GET %s: next %q but Link %q", target, next, link)
		}
		target = strings.TrimPrefix(next, testRenderConfig.BaseURL)
	}
	return out
}

func TestAPICursorsWalkEveryEventOnce(t *testing.T) {
	h := demoHandler(t)
	events := demoEvents(t)
	var all []string
	for _, e := range events {
		all = append(all, e.Path)
	}
	reversed := slices.Clone(all)
	slices.Reverse(reversed)
	mid := events[len(events)/2].Date
	var fromMid []string
	for _, e := range events {
		if !e.Date.Before(mid) {
			fromMid = append(fromMid, e.Path)
		}
	}
	tests := []struct {
		start string
		want  []string
	}{
		{"/api/events?limit=7", all},
		{"/api/events?limit=100", all},
		{"/api/events?limit=1&order=desc", reversed},
		{"/api/events?limit=5&from=" + mid.String(), fromMid},
	}
	for _, tt := range tests {
		if got := pageThrough(t, h, tt.start); !slices.Equal(got, tt.want) {
			t.Errorf("%s: paged through %d events, want %d in order", tt.start, len(got), len(tt.want))
		}
	}
	// A topic's pages hold its events, each once, oldest first.
	slug := demoTopic(t, event.KindTopic, 3)
	got := pageThrough(t, h, "/api/topics/"+slug+"?limit=2")
	_, one := apiJSON(t, h, "/api/topics/"+slug+"?limit=100")
	var want []string
	for _, it := range one["events"].([]any) {
		want = append(want, it.(map[string]any)["path"].(string))
	}
	if !slices.Equal(got, want) || len(got) < 3 {
		t.Errorf("topic %s: pages of 2 give %v, one page %v", slug, got, want)
	}
}

// A search by date pages through every match, newest (or oldest) first.
func TestAPISearchByDate(t *testing.T) {
	h := demoHandler(t)
	_, best := apiJSON(t, h, "/api/search?q=truce+OR+ceasefire&limit=100")
	total := int(best["total"].(float64))
	for _, order := range []string{"desc", "asc"} {
		var dates []string
		target := "/api/search?q=truce+OR+ceasefire&limit=3&order=" + order
		for target != "" {
			resp, m := apiJSON(t, h, target)
			if resp.StatusCode != 200 || m["order"] != order {
				t.Fatalf("GET %s: status %d, order %v", target, resp.StatusCode, m["order"])
			}
			for _, it := range m["results"].([]any) {
				dates = append(dates, it.(map[string]any)["event"].(map[string]any)["date"].(string))
			}
			next, _ := m["next"].(string)
			target = strings.TrimPrefix(next, testRenderConfig.BaseURL)
		}
		sorted := slices.IsSorted(dates)
		if order == "desc" {
			sorted = slices.IsSortedFunc(dates, func(a, b string) int { return strings.Compare(b, a) })
		}
		if len(dates) != total || total < 5 || !sorted {
			t.Errorf("order=%s: %d results of %d, by date: %v (%v)", order, len(dates), total, sorted, dates)
		}
	}
}

func TestAPICursorRejectsTamperingAndOtherLists(t *testing.T) {
	h := demoHandler(t)
	_, m := apiJSON(t, h, "/api/events?limit=2")
	cursor := m["next_cursor"].(string)
	b := []byte(cursor)
	b[3] ^= 1 // one bit of the key
	tampered := string(b)
	for _, target := range []string{
		"/api/events?cursor=" + tampered,
		"/api/events?order=desc&cursor=" + cursor,
		"/api/events?from=2000-01-01&cursor=" + cursor,
		"/api/topics/" + demoTopic(t, event.KindTopic, 3) + "?cursor=" + cursor,
		"/api/events?cursor=" + cursor + "AA",
		"/api/events?cursor=" + strings.Repeat("A", len(cursor)),
	} {
		resp, body := apiJSON(t, h, target)
		if resp.StatusCode != 400 || body["parameter"] != "cursor" {
			t.Errorf("GET %s: status %d %v, want 400 naming the cursor", target, resp.StatusCode, body)
		}
	}
	// The limit may change from page to page.
	if resp, _ := apiJSON(t, h, "/api/events?limit=5&cursor="+cursor); resp.StatusCode != 200 {
		t.Errorf("a cursor with another limit: status %d", resp.StatusCode)
	}
}

// newDay is a day of two events to import into an archive.
func newDay(d event.Date, category string) store.Day {
	day := store.Day{Date: d, Title: "Portal:Current events/" + d.String(), Timestamp: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Wikitext: "imported by the test " + d.String()}
	for i, h := range []string{"A new event", "Another new event"} {
		day.Events = append(day.Events, event.Event{Path: event.Paths(d, []string{h})[0] + strings.Repeat("x", i),
			Date: d, Position: i, Category: category, Headline: h, Text: h + "."})
	}
	return day
}

// Pages already handed out stay valid when days are imported between two
// requests: the next page starts right after the last event shown, the
// events imported before it are not repeated or shifted in, and those
// imported after it are listed.
func TestAPICursorsAreStableUnderImports(t *testing.T) {
	ctx := context.Background()
	d, err := demo.Open(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	h, err := New(d.Store, testRenderConfig, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, first := apiJSON(t, h, "/api/events?limit=10")
	var shown []string
	for _, it := range first["events"].([]any) {
		shown = append(shown, it.(map[string]any)["path"].(string))
	}
	etag := get(t, h, "GET", "/api/events?limit=10").Header.Get("ETag")

	events := demoEvents(t)
	last := events[len(events)-1]
	before, after := newDay(event.Date{Year: 2001, Month: 1, Day: 1}, last.Category), newDay(event.NewDate(last.Date.Time().AddDate(0, 0, 1)), last.Category)
	if _, err := d.Store.ImportDays(ctx, []store.Day{before, after}); err != nil {
		t.Fatal(err)
	}
	if err := derive.Update(ctx, d.Store); err != nil {
		t.Fatal(err)
	}

	rest := pageThrough(t, h, strings.TrimPrefix(first["next"].(string), testRenderConfig.BaseURL))
	var want []string
	for _, e := range events {
		if !slices.Contains(shown, e.Path) {
			want = append(want, e.Path)
		}
	}
	want = append(want, after.Events[0].Path, after.Events[1].Path)
	if !slices.Equal(rest, want) {
		t.Errorf("after the imports the pages went on with %d events, want %d: the new day's last, none shown again", len(rest), len(want))
	}
	// The first page itself changed: its cached answer went with the old data.
	resp := get(t, h, "GET", "/api/events?limit=10", "If-None-Match: "+etag)
	body := readBody(t, resp)
	if resp.StatusCode != 200 || !strings.Contains(body, before.Events[0].Path) {
		t.Errorf("the first page after an import before it: status %d, want 200 listing the imported day first", resp.StatusCode)
	}
}

func TestAPIConditionalRequests(t *testing.T) {
	h := demoHandler(t)
	for _, target := range []string{"/api/events?limit=3", "/api/", "/api/openapi.json", "/api/search?q=earthquake"} {
		resp := get(t, h, "GET", target)
		etag := resp.Header.Get("ETag")
		if resp.StatusCode != 200 || etag == "" {
			t.Fatalf("GET %s: status %d, ETag %q", target, resp.StatusCode, etag)
		}
		again := get(t, h, "GET", target, "If-None-Match: "+etag)
		if again.StatusCode != http.StatusNotModified || again.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("GET %s with its ETag: status %d, want 304 with CORS", target, again.StatusCode)
		}
		head := get(t, h, "HEAD", target)
		if head.StatusCode != 200 || readBody(t, head) != "" || head.Header.Get("ETag") != etag {
			t.Errorf("HEAD %s: status %d, ETag %q (GET's %q)", target, head.StatusCode, head.Header.Get("ETag"), etag)
		}
	}
	// Spellings of one request share its answer.
	a := get(t, h, "GET", "/api/events?limit=20&order=asc").Header.Get("ETag")
	b := get(t, h, "GET", "/api/events").Header.Get("ETag")
	if a != b {
		t.Errorf("the default limit and order spelled out give ETag %s, left out %s", a, b)
	}
}

func TestAPICORS(t *testing.T) {
	h := demoHandler(t)
	resp := get(t, h, "OPTIONS", "/api/events?limit=2", "Origin: https://elsewhere.example",
		"Access-Control-Request-Method: GET", "Access-Control-Request-Headers: If-None-Match")
	hd := resp.Header
	if resp.StatusCode != http.StatusNoContent || hd.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(hd.Get("Access-Control-Allow-Methods"), "GET") ||
		hd.Get("Access-Control-Allow-Headers") != "If-None-Match" || hd.Get("Access-Control-Max-Age") == "" {
		t.Errorf("preflight: status %d, headers %v", resp.StatusCode, hd)
	}
	post := get(t, h, "POST", "/api/events")
	var e map[string]any
	if err := json.Unmarshal([]byte(readBody(t, post)), &e); err != nil || post.StatusCode != 405 || post.Header.Get("Allow") == "" {
		t.Errorf("POST: status %d, Allow %q, body error %v", post.StatusCode, post.Header.Get("Allow"), err)
	}
	got := get(t, h, "GET", "/api/events?limit=1").Header.Get("Access-Control-Expose-Headers")
	for _, want := range []string{"ETag", "Link"} {
		if !strings.Contains(got, want) {
			t.Errorf("Access-Control-Expose-Headers %q lacks %s", got, want)
		}
	}
	// The site's pages stay same-origin.
	if v := get(t, h, "GET", "/").Header.Get("Access-Control-Allow-Origin"); v != "" {
		t.Errorf("the home page allows origin %q", v)
	}
}

func TestAPIBusyAnswers503JSON(t *testing.T) {
	d, err := sharedDemo()
	if err != nil {
		t.Fatal(err)
	}
	api, err := newAPIPages(d.Store, site.New(d.Store, testRenderConfig), testRenderConfig)
	if err != nil {
		t.Fatal(err)
	}
	pages := &countingPages{Pages: fixturePages(), started: make(chan string, 1), gate: make(chan struct{})}
	h, err := NewHandler(Config{Pages: pages, API: api, Versions: &fakeVersions{}, MaxRenders: 1, RenderWait: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	slow := make(chan *http.Response)
	go func() { slow <- get(t, h, "GET", "/index.html") }()
	<-pages.started
	resp, body := apiJSON(t, h, "/api/events")
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || body["error"] == "" {
		t.Errorf("saturated: status %d, Retry-After %q, body %v", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	close(pages.gate)
	<-slow
}

// The cursor of a page is the key of its last event, bound to its list.
func TestCursorRoundTrip(t *testing.T) {
	for _, k := range []store.EventKey{
		{Date: event.Date{Year: 2013, Month: 6, Day: 6}, Position: 0},
		{Date: event.Date{Year: 1, Month: 1, Day: 1}, Position: 1<<31 - 1},
		{Date: event.Date{Year: 9999, Month: 12, Day: 31}, Position: 17},
	} {
		c := encodeCursor(k, "list")
		got, err := decodeCursor(c, "list")
		if err != nil || got != k {
			t.Errorf("%v: decoded %v, %v", k, got, err)
		}
		if _, err := decodeCursor(c, "another list"); err == nil {
			t.Errorf("%v: the cursor of one list is taken by another", k)
		}
	}
}

// The API's links are under the site's base URL, path and all.
func TestAPIURLsUnderBasePath(t *testing.T) {
	d, err := sharedDemo()
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(d.Store, render.Config{BaseURL: "https://example.org/archive/"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, m := apiJSON(t, h, "/api/events?limit=1")
	if n := m["next"].(string); !strings.HasPrefix(n, "https://example.org/archive/api/events?") {
		t.Errorf("next is %q", n)
	}
	it := m["events"].([]any)[0].(map[string]any)
	if u := it["url"].(string); !strings.HasPrefix(u, "https://example.org/archive/news/") {
		t.Errorf("url is %q", u)
	}
}

// An event whose path an edit changed answers 301 with its API address now,
// for the event and for its lists.
func TestAPIMovedEventRedirects(t *testing.T) {
	now := demoEvents(t)[0].Path
	old := now[:strings.LastIndex(now, "/")] + "/an-older-headline"
	h := demoAPIWithHistory(t, fakeHistory{old: {Path: old, MovedTo: now}})
	for _, target := range []string{"/api/events" + old, "/api/events?path=" + url.QueryEscape(old)} {
		resp := get(t, h, "GET", target)
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/api/events"+now {
			t.Errorf("GET %s: status %d, Location %q; want 301 to /api/events%s", target, resp.StatusCode, resp.Header.Get("Location"), now)
		}
	}
	for _, endpoint := range []string{"/api/related", "/api/cite"} {
		if resp := get(t, h, "GET", endpoint+old); resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != endpoint+now {
			t.Errorf("%s of a moved path: status %d, Location %q; want 301 to %s%s", endpoint, resp.StatusCode, resp.Header.Get("Location"), endpoint, now)
		}
	}
}

// An event's citations in the API are those of its page's "Cite this
// event" block and of chronicle cite, with RIS beside them, citing the
// page's address under the server's base URL.
func TestAPICitesAnEvent(t *testing.T) {
	h := demoHandler(t)
	d, err := sharedDemo()
	if err != nil {
		t.Fatal(err)
	}
	e := demoEvents(t)[0]
	_, got := apiJSON(t, h, "/api/cite"+e.Path)
	p, err := site.New(d.Store, testRenderConfig).EventPage(context.Background(), e.Path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := render.New(testRenderConfig)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"path": e.Path, "url": "https://chronicle.example" + e.Path + ".html",
		"api_url": "https://chronicle.example/api/cite" + e.Path,
		"apa":     r.Cite(p, render.CiteAPA), "mla": r.Cite(p, render.CiteMLA), "chicago": r.Cite(p, render.CiteChicago),
		"bibtex": r.Cite(p, render.CiteBibTeX), "ris": r.Cite(p, render.CiteRIS)}
	if !maps.Equal(got, want) {
		t.Errorf("GET /api/cite%s:\n%v\nwant\n%v", e.Path, got, want)
	}
	if apa, _ := got["apa"].(string); !strings.Contains(apa, " https://chronicle.example"+e.Path+".html") {
		t.Errorf("the APA reference cites no page under the base URL: %s", got["apa"])
	}
}

// The slug of an alias (another spelling of a topic's title) lists the
// events of its canonical topic.
func TestAPIAliasSlugListsItsTopic(t *testing.T) {
	ctx := context.Background()
	d, err := demo.Open(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	counts, err := d.Store.TitleCounts(ctx, event.KindTopic)
	if err != nil || len(counts) == 0 {
		t.Fatalf("%d topics, %v", len(counts), err)
	}
	canonical := counts[0].Title
	alias := "Another spelling of " + canonical
	aliasSlug := event.TopicSlug(alias)
	if err := d.Store.SaveResolutions(ctx, []store.TitleResolution{{Title: alias, Canonical: canonical}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := derive.Update(ctx, d.Store); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Store.AliasOf(ctx, event.KindTopic, aliasSlug); err != nil {
		t.Fatalf("the store has no alias at %s: %v", aliasSlug, err)
	}
	h, err := New(d.Store, testRenderConfig, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, m := apiJSON(t, h, "/api/topics/"+aliasSlug)
	topic, _ := m["topic"].(map[string]any)
	if resp.StatusCode != 200 || topic["title"] != canonical {
		t.Errorf("GET /api/topics/%s: status %d, topic %v; want %s's events", aliasSlug, resp.StatusCode, topic, canonical)
	}
}

// An event's address that arrived mangled or cut short is read as the site
// reads it (docs/api.md, "Addresses that arrived mangled"): 301 to the
// event's API address when mended, 302 when cut short and only one event of
// the day starts so, else a 404 naming the day's events that do.
func TestAPIMendsAnEventsAddress(t *testing.T) {
	h := demoHandler(t)
	events := demoEvents(t)
	var ev event.Event // an event whose slug's first 12 letters no other event of its day shares
	for _, e := range events {
		cut := e.Path[:strings.LastIndex(e.Path, "/")+13]
		n := 0
		for _, o := range events {
			if strings.HasPrefix(o.Path, cut) {
				n++
			}
		}
		if n == 1 && len(e.Path) > len(cut)+5 {
			ev = e
			break
		}
	}
	if ev.Path == "" {
		t.Fatal("no demo event has a slug no other of its day starts like")
	}
	p := ev.Path
	dayDir := p[:strings.LastIndex(p, "/")+1]
	cut := p[:len(dayDir)+20]
	var shared string // the start of two slugs of one day, at least 3 letters long
	for i, e := range events {
		for _, o := range events[i+1:] {
			dir := e.Path[:strings.LastIndex(e.Path, "/")+1]
			n := len(dir)
			for n < len(e.Path) && n < len(o.Path) && e.Path[n] == o.Path[n] {
				n++
			}
			if e.Date == o.Date && n >= len(dir)+3 && shared == "" {
				shared = e.Path[:n]
			}
		}
	}
	if shared == "" {
		t.Fatal("no two demo events of one day start their slugs alike")
	}
	var sharing []string
	for _, e := range events {
		if strings.HasPrefix(e.Path, shared) {
			sharing = append(sharing, e.Path)
		}
	}
	slices.Sort(sharing)
	short := p[:len(dayDir)+5]
	var startShort []string
	for _, e := range events {
		if strings.HasPrefix(e.Path, short) {
			startShort = append(startShort, e.Path)
		}
	}
	slices.Sort(startShort)
	unpadded := strings.Replace(p, fmt.Sprintf("/%02d/", int(ev.Date.Month)), fmt.Sprintf("/%d/", int(ev.Date.Month)), 1)
	tests := []struct {
		name, target   string
		status         int
		location       string
		didYouMean     []string
		errorSubstring string
	}{
		{"a full stop and a parenthesis taken along", "/api/events" + p + ").", 301, "/api/events" + p, nil, ""},
		{"the site's HTML address", "/api/events" + p + ".html", 301, "/api/events" + p, nil, ""},
		{"capitals", "/api/events" + strings.ToUpper(p), 301, "/api/events" + p, nil, ""},
		{"a month without its zero", "/api/events" + unpadded, 301, "/api/events" + p, nil, ""},
		{"mangled in ?path=", "/api/events?path=" + url.QueryEscape(p+")."), 301, "/api/events" + p, nil, ""},
		{"related, mangled", "/api/related" + p + ".", 301, "/api/related" + p, nil, ""},
		{"cut short", "/api/events" + cut, 302, "/api/events" + p, nil, ""},
		{"cut short, with .json", "/api/events" + cut + ".json", 302, "/api/events" + p, nil, ""},
		{"related, cut short", "/api/related" + cut, 302, "/api/related" + p, nil, ""},
		{"cite, mangled", "/api/cite" + p + ".html", 301, "/api/cite" + p, nil, ""},
		{"cite, cut short in ?path=", "/api/cite?path=" + url.QueryEscape(cut), 302, "/api/cite" + p, nil, ""},
		{"cut short in ?path=", "/api/related?path=" + url.QueryEscape(cut), 302, "/api/related" + p, nil, ""},
		{"cut short and mangled", "/api/events" + cut + ")", 302, "/api/events" + p, nil, ""},
		{"too short to take", "/api/events" + short, 404, "", startShort, "no event at " + short + ";"},
		{"several events start so", "/api/events" + shared, 404, "", sharing, "no event at " + shared + ";"},
		{"several events start so, in ?path=", "/api/related?path=" + url.QueryEscape(shared), 404, "", sharing, "no event at " + shared + ";"},
		{"nothing starts so", "/api/events" + dayDir + "zzz-nothing", 404, "", nil, "no event at " + dayDir + "zzz-nothing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := get(t, h, "GET", tt.target)
			body := readBody(t, resp)
			if resp.StatusCode != tt.status {
				t.Fatalf("GET %s: status %d, want %d\n%s", tt.target, resp.StatusCode, tt.status, body)
			}
			if got := resp.Header.Get("Location"); got != tt.location {
				t.Errorf("Location %q, want %q", got, tt.location)
			}
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "*" {
				t.Errorf("Access-Control-Allow-Origin %q, want *", got)
			}
			if tt.status != 404 {
				return
			}
			var e apiErrorBody
			if err := json.Unmarshal([]byte(body), &e); err != nil {
				t.Fatalf("body is not an API error: %v\n%s", err, body)
			}
			if !strings.Contains(e.Error, tt.errorSubstring) {
				t.Errorf("error %q, want it to hold %q", e.Error, tt.errorSubstring)
			}
			if !slices.Equal(e.DidYouMean, tt.didYouMean) {
				t.Errorf("did_you_mean %q, want %q", e.DidYouMean, tt.didYouMean)
			}
		})
	}
}

// A removed event's own address, and an address cut short that only a
// removed event's started so, stay 404: never a redirect to no event.
func TestAPIRemovedEventIsNoRedirect(t *testing.T) {
	removed := "/news/2025/03/16/a-headline-an-edit-removed-from-the-day"
	h := demoAPIWithHistory(t, fakeHistory{removed: {Path: removed}})
	for _, target := range []string{"/api/events" + removed, "/api/events" + removed[:len(removed)-8], "/api/related" + removed + ")."} {
		resp := get(t, h, "GET", target)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d (Location %q), want 404", target, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}

// demoAPIWithHistory is the demo's site and API answered with the paths of
// history as the only ones events ever had but their own.
func demoAPIWithHistory(t *testing.T, history fakeHistory) http.Handler {
	t.Helper()
	d, err := sharedDemo()
	if err != nil {
		t.Fatal(err)
	}
	s := site.New(d.Store, testRenderConfig)
	api, err := newAPIPages(d.Store, s, testRenderConfig)
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewHandler(Config{Pages: s, API: api, Versions: d.Store, History: history, Prefixes: history})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// A topic, story or category slug that names none answers 404 with the
// slugs of that kind holding its words in did_you_mean, each one a list the
// API answers, as the site's 404 page offers their pages.
func TestAPIOffersSlugsForAMissingTitle(t *testing.T) {
	h := demoHandler(t)
	tests := []struct {
		target, kind, word string
		offers             bool
	}{
		{"/api/topics/united", "topics", "united", true},
		{"/api/topics/Forces-Armed", "topics", "forces", true},
		{"/api/categories/conflicts", "categories", "conflicts", true},
		{"/api/topics/no-such-topic-anywhere", "topics", "", false},
	}
	for _, tt := range tests {
		resp, m := apiJSON(t, h, tt.target)
		if resp.StatusCode != http.StatusNotFound {
			t.Fatalf("GET %s: status %d, want 404", tt.target, resp.StatusCode)
		}
		raw, _ := m["did_you_mean"].([]any)
		if tt.offers != (len(raw) > 0) {
			t.Fatalf("GET %s: did_you_mean %v, want some: %v", tt.target, raw, tt.offers)
		}
		for _, s := range raw {
			slug := s.(string)
			if !strings.Contains(slug, tt.word) {
				t.Errorf("GET %s offers %q, which lacks %q", tt.target, slug, tt.word)
			}
			if resp := get(t, h, "GET", "/api/"+tt.kind+"/"+slug); resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s offers %q, whose list answers %d", tt.target, slug, resp.StatusCode)
			}
		}
	}
}

package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// fakeSite serves a fixed set of pages; "/panic.html" panics and
// "/broken.html" fails, to test the server's own error handling.
type fakeSite map[string]site.Page

func (f fakeSite) Page(_ context.Context, urlPath string) (site.Page, error) {
	switch urlPath {
	case "/panic.html":
		panic("a bug in the renderer")
	case "/broken.html":
		return site.Page{}, errors.New("database is locked")
	}
	p, ok := f[urlPath]
	if !ok {
		return site.Page{}, fmt.Errorf("%s: %w", urlPath, site.ErrNotFound)
	}
	return p, nil
}

// fakeHistory remembers paths as a store's path_history would.
type fakeHistory map[string]store.PathRecord

func (f fakeHistory) PathHistory(_ context.Context, path string) (store.PathRecord, error) {
	rec, ok := f[path]
	if !ok {
		return store.PathRecord{}, fmt.Errorf("path %s: %w", path, store.ErrNotFound)
	}
	return rec, nil
}

// fakeAliases knows one alias: the topic "DPRK" of North Korea.
type fakeAliases struct{}

func (fakeAliases) AliasOf(_ context.Context, kind event.Kind, slug string) (store.Alias, error) {
	if kind != event.KindTopic || slug != "dprk" {
		return store.Alias{}, fmt.Errorf("alias %s: %w", slug, store.ErrNotFound)
	}
	return store.Alias{Kind: kind, Title: "DPRK", Canonical: "North Korea", Slug: "dprk", TargetSlug: "north-korea"}, nil
}

// PathsStartingWith lists the paths of f that start with prefix as the
// store does: the current ones first, with their headlines.
func (f fakeHistory) PathsStartingWith(_ context.Context, prefix string, limit int) ([]store.PathMatch, error) {
	var current, retired []store.PathMatch
	for p, rec := range f {
		switch {
		case !strings.HasPrefix(p, prefix):
		case rec.Current:
			current = append(current, store.PathMatch{Path: p, Headline: fixtureHeadlines[p]})
		default:
			retired = append(retired, store.PathMatch{Path: p})
		}
	}
	byPath := func(a, b store.PathMatch) int { return strings.Compare(a.Path, b.Path) }
	slices.SortFunc(current, byPath)
	slices.SortFunc(retired, byPath)
	all := append(current, retired...)
	return all[:min(limit, len(all))], nil
}

// fakeNotFound renders a 404 page naming the requested path and linking
// the likely events.
type fakeNotFound struct{}

func (fakeNotFound) NotFound(w io.Writer, requested string, likely render.Likely) error {
	_, err := fmt.Fprintf(w, "<h1>Page not found</h1><p>%s</p><a href=\"/index.html\">Home</a>", html.EscapeString(requested))
	for _, e := range likely.Events {
		fmt.Fprintf(w, "<li><a href=\"%s.html\">%s</a></li>", e.Path, html.EscapeString(e.Headline))
	}
	return err
}

var (
	modified = time.Date(2013, time.June, 7, 10, 30, 0, 0, time.UTC)
	bigBody  = []byte("<p>" + strings.Repeat("North Korea restores the Red Cross link. ", 100) + "</p>")
)

const eventPath = "/news/2013/06/6/north-korea-restores-the-red-cross-link"

// fixturePages is a small site: one event in four formats, a day index, a
// topic, the home page, the stylesheet, robots.txt and a feed.
func fixturePages() fakeSite {
	page := func(body, contentType string) site.Page {
		return site.Page{Body: []byte(body), ContentType: contentType, Modified: modified}
	}
	return fakeSite{
		eventPath + ".html":                    {Body: bigBody, ContentType: "text/html; charset=utf-8", Modified: modified},
		eventPath + ".md":                      page("# North Korea restores the Red Cross link \n", "text/markdown; charset=utf-8"),
		eventPath + ".json":                    page(`{"id":"`+eventPath+`"}`+"\n", "application/json"),
		eventPath + ".xml":                     page("<event></event>\n", "application/xml"),
		"/news/2013/06/6/index.html":           page("<h1>6 June 2013</h1>", "text/html; charset=utf-8"),
		"/news/2013/06/6/index.md":             page("# 6 June 2013\n", "text/markdown; charset=utf-8"),
		"/topics/north-korea/index.html":       page("<h1>North Korea</h1>", "text/html; charset=utf-8"),
		"/topics/north-korea/index.json":       page(`{"kind":"topic"}`, "application/json"),
		"/index.html":                          page("<h1>Chronicle</h1>", "text/html; charset=utf-8"),
		"/index.xml":                           page("<home></home>", "application/xml"),
		"/style.css":                           page("body{margin:0}", "text/css; charset=utf-8"),
		"/robots.txt":                          page("User-agent: *\n", "text/plain; charset=utf-8"),
		"/feed.xml":                            page("<rss></rss>", "application/rss+xml; charset=utf-8"),
		"/atom.xml":                            page("<feed></feed>", "application/atom+xml; charset=utf-8"),
		"/news/2013/06/6/no-content-type.json": {Body: []byte("{}"), Modified: modified},
	}
}

// retiredPath is an event path an edit of its day retired.
const retiredPath = "/news/2013/06/6/north-korea-restores-a-red-cross-link"

// movedPath is the path an event had before an edit changed it to eventPath.
const movedPath = "/news/2013/06/6/north-korea-restores-the-link"

// proposesPath and ferryPath are two more events of the day, for links cut short.
const (
	proposesPath = "/news/2013/06/6/north-korea-proposes-talks"
	ferryPath    = "/news/2013/06/6/a-ferry-sinks"
)

// fixtureHeadlines are the headlines of the fixture's current events.
var fixtureHeadlines = map[string]string{
	eventPath:    "North Korea restores the Red Cross link.",
	proposesPath: "North Korea proposes talks.",
	ferryPath:    "A ferry sinks.",
}

func fixtureHistory() fakeHistory {
	june6 := event.Date{Year: 2013, Month: time.June, Day: 6}
	return fakeHistory{
		retiredPath:  {Path: retiredPath, Date: june6, Current: false},
		eventPath:    {Path: eventPath, Date: june6, Current: true},
		movedPath:    {Path: movedPath, Date: june6, MovedTo: eventPath},
		proposesPath: {Path: proposesPath, Date: june6, Current: true},
		ferryPath:    {Path: ferryPath, Date: june6, Current: true},
	}
}

// newTestHandler returns the handler of the fixture site and the buffer its
// logs go to.
func newTestHandler(t *testing.T) (http.Handler, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	h, err := NewHandler(Config{
		Pages:    fixturePages(),
		History:  fixtureHistory(),
		Prefixes: fixtureHistory(),
		Aliases:  fakeAliases{},
		NotFound: fakeNotFound{},
		Logger:   slog.New(slog.NewTextHandler(&logs, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return h, &logs
}

// get sends a request with the headers, given as "Name: value" lines.
func get(t *testing.T, h http.Handler, method, target string, headers ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for _, line := range headers {
		name, value, _ := strings.Cut(line, ":")
		req.Header.Add(name, strings.TrimSpace(value))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

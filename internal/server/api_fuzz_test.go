package server

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/store"
)

// FuzzParseAPI: any path and query under /api/ parse into a request or a
// 400/404 naming what was wrong, never a panic; a request's canonical key
// parses back into the same request; and what an event's address, mangled,
// is mended into is an event's canonical path, or nothing.
func FuzzParseAPI(f *testing.F) {
	for _, seed := range [][2]string{
		{"/api/", ""},
		{"/api", "x=1"},
		{"/api/events", "from=2013-06-01&to=2013-06-30&limit=5&order=desc"},
		{"/api/events", "cursor=AQfnAhUAAAABZg4IgVafQw4&limit=2"},
		{"/api/events", "path=/news/2013/06/6/some-headline"},
		{"/api/events/news/2013/06/6/some-headline.json", ""},
		{"/api/related/news/2013/06/6/x", ""},
		{"/api/topics/north-korea", "from=2013-01-01&limit=100"},
		{"/api/stories/a", "order=asc&cursor=%00"},
		{"/api/categories/", ""},
		{"/api/search", "q=%22red+cross%22+korea*&topic=Korea&from=2013-01-01"},
		{"/api/search", "q=a+OR+OR&limit=1e3"},
		{"/api/events", "from=2013-02-30&to=0000-00-00"},
		{"/api/events", "limit=-1&limit=2"},
		{"/api/events", "%zz=%"},
		{"/api/topics/a?b", "limit=3"},
		{"/api/stories/café %", ""},
		{"/api/events/NEWS/2013/6/06/Some-Headline.htm).", ""},
		{"/api/related", "path=/news/2013/06/6/some-head%20/"},
		{"/api/events/news/0000/1/1/ /", ""},
		{"/api/edits", "from=2025-03-16&order=desc&limit=1"},
		{"/api/edits", "cursor=AAAA&limit=2"},
	} {
		f.Add(seed[0], seed[1])
	}
	edits := apiRequest{endpoint: apiEdits}
	for _, k := range []store.EditKey{
		{At: time.Date(2025, 3, 16, 23, 0, 0, 0, time.UTC), Path: "/news/2025/03/16/a-ferry"},
		{At: time.Unix(0, -1), Path: "%\x00é&=", Removed: true},
	} {
		f.Add("/api/edits", "limit=1&cursor="+encodeEditCursor(k, edits.identity()))
	}
	f.Fuzz(func(t *testing.T, p, rawQuery string) {
		if _, addr, ok := apiEventAddress(&url.URL{Path: p, RawQuery: rawQuery}); ok {
			if m := mendedEventPath(addr); m != "" {
				if _, err := eventPagePath(m, ""); err != nil {
					t.Fatalf("the address %q is mended into %q, no event's path: %v", addr, m, err)
				}
			}
		}
		req, err := parseAPI(p, rawQuery)
		if err != nil {
			var ae *apiError
			if !errors.As(err, &ae) || ae.status != 400 && ae.status != 404 || ae.msg == "" {
				t.Fatalf("parseAPI(%q, %q): %v, want a 400 or 404 with a message", p, rawQuery, err)
			}
			return
		}
		key := req.key()
		_, kq, _ := strings.Cut(key, "?")
		again, err := parseKey(key)
		if err != nil {
			t.Fatalf("the key %q of (%q, %q) does not parse: %v", key, p, rawQuery, err)
		}
		if again.key() != key {
			t.Fatalf("the key %q parses into another request, %q", key, again.key())
		}
		if _, err := url.ParseQuery(kq); err != nil {
			t.Fatalf("the key %q has a malformed query: %v", key, err)
		}
	})
}

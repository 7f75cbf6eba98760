package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/demo"
)

// The server answers the navigation pages in every format, by their
// directory too, and 404 past a title's last page.
func TestServesThePagesOfNavigation(t *testing.T) {
	d, err := sharedDemo()
	if err != nil {
		t.Fatal(err)
	}
	cfg := testRenderConfig
	cfg.PageSize = demo.PageSize
	h, err := New(d.Store, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/categories/disasters-and-accidents/page/2/index.html", http.StatusOK, `rel="prev"`},
		{"/categories/disasters-and-accidents/page/2/", http.StatusOK, `aria-current="page">2<`},
		{"/categories/disasters-and-accidents/page/2/index.json", http.StatusOK, `"page": 2`},
		{"/categories/disasters-and-accidents/2025/index.xml", http.StatusOK, `<year>2025</year>`},
		{"/categories/disasters-and-accidents/2025/page/2/index.md", http.StatusOK, "Page 2 of"},
		{"/categories/disasters-and-accidents/page/99/index.html", http.StatusNotFound, ""},
		{"/categories/disasters-and-accidents/1999/index.html", http.StatusNotFound, ""},
		{"/stories/cyclone-tsiory/feed.xml", http.StatusOK, "<rss"},
		{"/topics/_/s/index.html", http.StatusOK, "Topics: S"},
		{"/topics/_/x/index.json", http.StatusOK, `"title": "Topics: X"`},
		{"/topics/_/x/page/2/index.html", http.StatusNotFound, ""},
		{"/on-this-day/03-15/", http.StatusOK, "On this day: 15 March"},
		{"/on-this-day/02-29/index.json", http.StatusOK, `"kind": "on_this_day"`},
		{"/on-this-day/02-30/index.html", http.StatusNotFound, ""},
		{"/news/", http.StatusOK, `<a href="/news/2025/03/index.html">March 2025</a>`},
		{"/news/index.json", http.StatusOK, `"kind": "news"`},
		{"/on-this-day/", http.StatusOK, `<a href="/on-this-day/03-15/index.html">15 March</a>`},
		{"/on-this-day/index.md", http.StatusOK, "\n## March ("},
	}
	for _, tt := range tests {
		resp := get(t, h, "GET", tt.path)
		body := readBody(t, resp)
		if resp.StatusCode != tt.status || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s: %d, want %d with %q", tt.path, resp.StatusCode, tt.status, tt.want)
		}
	}
}

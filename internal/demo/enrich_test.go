package demo

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/site"
)

// citedSources returns the dates of the days citing each source URL.
func citedSources(t *testing.T) map[string][]time.Time {
	t.Helper()
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`\[(https?://\S+) [^\]]*\]`)
	cited := map[string][]time.Time{}
	for _, f := range files {
		for _, m := range link.FindAllStringSubmatch(f.Wikitext, -1) {
			cited[m[1]] = append(cited[m[1]], f.Date.Time())
		}
	}
	return cited
}

// Every entry of enrichment.json describes a source the sample cites,
// published on a day that cites it or the day before, with every field a
// page shows; every image is embedded, and every embedded image is used.
func TestEnrichmentDescribesCitedSources(t *testing.T) {
	pages, sizes, err := sourcePages()
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 40 {
		t.Errorf("enrichment.json describes %d sources, want at least 40", len(pages))
	}
	cited := citedSources(t)
	used := map[string]bool{}
	for url, p := range pages {
		days, ok := cited[url]
		if !ok {
			t.Errorf("%s: no demo event cites it", url)
		}
		near := false
		for _, d := range days {
			near = near || !p.Published.Before(d.AddDate(0, 0, -1)) && p.Published.Before(d.AddDate(0, 0, 1))
		}
		if ok && !near {
			t.Errorf("%s: published %s, not the day before or the day of %v", url, p.Published, days)
		}
		if p.Title == "" || p.SiteName == "" || p.Description == "" || p.Image == "" {
			t.Errorf("%s: a field is empty: %+v", url, p)
		}
		if s := sizes[p.Image]; s.Width != 320 || s.Height != 180 {
			t.Errorf("%s: image %s is %dx%d", url, p.Image, s.Width, s.Height)
		}
		used[p.Image] = true
	}
	images, err := fs.Glob(Media, mediaDir+"/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(images) < 12 {
		t.Errorf("%d images, want a dozen", len(images))
	}
	for _, name := range images {
		if !used[path.Base(name)] {
			t.Errorf("%s is used by no source", name)
		}
		if info, err := fs.Stat(Media, name); err != nil || info.Size() > 4<<10 {
			t.Errorf("%s: %v, %d bytes; want a tiny file", name, err, info.Size())
		}
	}
}

// The opened demo shows summaries and cover images, from the embedded
// files, on many event pages, in every format.
func TestOpenEnrichesManyEvents(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	stats, err := d.Store.Stats(ctx)
	if err != nil || stats.EventsWithSummary < 40 || stats.EventsWithImage < 40 {
		t.Errorf("%d events with a summary, %d with an image (%v); want at least 40 each",
			stats.EventsWithSummary, stats.EventsWithImage, err)
	}
	if again, err := Enrich(ctx, d.Store); err != nil || again != 0 {
		t.Errorf("a second Enrich enriched %d events (%v), want none", again, err)
	}
	s := site.New(d.Store, render.Config{BaseURL: "https://chronicle.example"})
	day, err := s.Page(ctx, "/news/2025/03/15/index.html")
	if err != nil {
		t.Fatal(err)
	}
	landing := regexp.MustCompile(`href="(/news/2025/03/15/the-tsukuyomi-lander-touches-down[^"]*)\.html"`).FindSubmatch(day.Body)
	if landing == nil {
		t.Fatal("15 March lists no Tsukuyomi landing")
	}
	want := map[string][]string{
		".html": {`<p class="summary">The lander touched down on a plateau close to the pole`,
			`<figure class="cover"><img src="/media/demo/lander.png" alt="`, `" width="320" height="180" loading="lazy"`,
			`<meta property="og:image" content="https://chronicle.example/media/demo/lander.png">`},
		".md":   {"\n\nThe lander touched down on a plateau close to the pole", "\n1. [Cover Image](/media/demo/lander.png)\n"},
		".json": {`"cover_image": "/media/demo/lander.png"`, `"site_name": "Space.com"`, `"published": "2025-03-15T01:05:00Z"`},
	}
	for ext, holds := range want {
		p, err := s.Page(ctx, string(landing[1])+ext)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range holds {
			if !bytes.Contains(p.Body, []byte(h)) {
				t.Errorf("%s%s lacks %q:\n%s", landing[1], ext, h, p.Body)
			}
		}
	}
}

func TestWithMediaServesTheEmbeddedImages(t *testing.T) {
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("next")) })
	h := WithMedia(next)
	lander, err := fs.ReadFile(Media, "media/lander.png")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path   string
		status int
		body   []byte
	}{
		{"/media/demo/lander.png", http.StatusOK, lander},
		{"/media/demo/", http.StatusNotFound, nil},
		{"/media/demo/missing.png", http.StatusNotFound, nil},
		{"/media/demo/../demo.go", http.StatusNotFound, nil},
		{"/media/demo/sub/lander.png", http.StatusNotFound, nil},
		{"/media/other.png", http.StatusOK, []byte("next")},
		{"/index.html", http.StatusOK, []byte("next")},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = tt.path
		h.ServeHTTP(rec, req)
		if rec.Code != tt.status || tt.body != nil && !bytes.Equal(rec.Body.Bytes(), tt.body) {
			t.Errorf("GET %s: %d %.20q, want %d", tt.path, rec.Code, rec.Body.Bytes(), tt.status)
		}
		if tt.path == "/media/demo/lander.png" && rec.Header().Get("Content-Type") != "image/png" {
			t.Errorf("GET %s: Content-Type %q", tt.path, rec.Header().Get("Content-Type"))
		}
	}
	if !bytes.HasPrefix(lander, []byte("\x89PNG\r\n")) {
		t.Error("lander.png is not a PNG file")
	}
}

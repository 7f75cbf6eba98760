package site

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestPageServesEveryKindOfFile(t *testing.T) {
	st := demoStore(t)
	s := New(st, testConfig)
	ctx := context.Background()
	home, err := s.Page(ctx, "/index.html")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", home.Body[:min(len(home.Body), 3000)])
	tests := []struct{ path, contentType string }{
		{"/index.md", "text/markdown"},
		{"/topics/index.json", "application/json"},
		{"/stories/index.xml", "application/xml"},
		{"/categories/index.html", "text/html"},
		{"/feed.xml", "application/rss+xml"},
		{"/atom.xml", "application/atom+xml"},
		{"/edits/index.json", "application/json"},
		{"/edits/feed.xml", "application/rss+xml"},
		{"/edits/atom.xml", "application/atom+xml"},
		{"/sitemap.xml", "application/xml"},
		{"/robots.txt", "text/plain"},
		{"/style.css", "text/css"},
		{"/404.html", "text/html"},
		{"/schema/event.schema.json", "application/schema+json"},
		{"/news/2025/index.html", "text/html"},
		{"/news/2025/03/index.json", "application/json"},
		{"/news/2025/03/5/index.md", "text/markdown"},
	}
	for _, tt := range tests {
		p, err := s.Page(ctx, tt.path)
		if err != nil {
			t.Errorf("Page(%s): %v", tt.path, err)
			continue
		}
		if !strings.HasPrefix(p.ContentType, tt.contentType) || len(p.Body) == 0 {
			t.Errorf("Page(%s): %q, %d bytes", tt.path, p.ContentType, len(p.Body))
		}
	}
}

func TestPageUnknownPathIsNotFound(t *testing.T) {
	s := New(demoStore(t), testConfig)
	for _, p := range []string{"", "/", "/nope.html", "/news/2025/03/05/index.html", "/news/2025/3/index.html",
		"/news/1999/index.html", "/topics/no-such-topic/index.html", "/news/2025/03/5/no-such-event.json",
		"/news/../etc/passwd", "/index.txt", "/index", "/stories/x/feed.xml", "/schema/x.json", "/edits/index", "/edits/x/index.html", "/sitemaps/sitemap-9.xml"} {
		if _, err := s.Page(context.Background(), p); !errors.Is(err, ErrNotFound) {
			t.Errorf("Page(%q) = %v, want ErrNotFound", p, err)
		}
	}
}

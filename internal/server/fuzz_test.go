package server

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/render"
)

// FuzzNegotiate feeds Accept headers to negotiate: it must never panic,
// must pick one of the four formats or refuse with notAcceptable, must
// refuse only when some range was well formed, give qualities within 0…1,
// and answer the same header the same way.
func FuzzNegotiate(f *testing.F) {
	for _, seed := range []string{
		"", "*/*", "text/html", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
		"application/json;q=1e-400", "text/markdown;q=0.5, application/json;q=0.5", "image/png",
		"text/html;q=0, */*;q=0", "application/json;q=NaN", "text/*;q=0.3, */*;q=0.1", ";;;,,,/",
		"application/json;charset=utf-8;q=0.7", "TEXT/HTML;Q=0.001", "a/b;q=1.000, c/d;q=0.",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, accept string) {
		format, err := negotiate([]string{accept})
		ranges := parseAccept([]string{accept})
		var na notAcceptable
		switch {
		case err != nil && !errors.As(err, &na):
			t.Fatalf("negotiate(%q): unexpected error %v", accept, err)
		case err != nil && len(ranges) == 0:
			t.Fatalf("negotiate(%q): refused without a well-formed range", accept)
		case err == nil && format != render.HTML && format != render.Markdown && format != render.JSON && format != render.XML:
			t.Fatalf("negotiate(%q) = %v, not a format", accept, format)
		}
		for _, r := range ranges {
			if !(r.q >= 0 && r.q <= 1) {
				t.Fatalf("parseAccept(%q) gave quality %v", accept, r.q)
			}
		}
		again, err2 := negotiate([]string{accept})
		if again != format || (err == nil) != (err2 == nil) {
			t.Fatalf("negotiate(%q) is not deterministic", accept)
		}
	})
}

// FuzzResolve feeds request paths and Accept headers to resolve: it must
// never panic, and a path it accepts must be a clean site path — rooted, no
// ".." segment ("..0" is a name), no NUL (the server reads no files: a backslash is only a name that
// no page has) — with the extension it names.
func FuzzResolve(f *testing.F) {
	for _, seed := range []string{
		"/", "/news/2013/06/6/x", "/news/2013/06/06/x.json", "/topics/united-states/", "/../etc/passwd",
		"/news/%2e%2e/x", "//x", "/news/2013/06/6/index.md", "/a\\b", "/x\x00y", "/sitemaps/2020.xml",
		"/stories/a/feed.xml", "/" + strings.Repeat("a/", 300), "/on-this-day/02-29/", "/topics/x/2013/page/2/",
		"/stories/_/other/index.json",
	} {
		f.Add(seed, "text/html")
	}
	f.Fuzz(func(t *testing.T, path, accept string) {
		u, err := url.Parse("http://127.0.0.1" + path)
		if err != nil {
			return
		}
		r := &http.Request{Method: http.MethodGet, URL: u, Header: http.Header{"Accept": {accept}}}
		req, err := resolve(r)
		if err != nil {
			return
		}
		for _, p := range []string{req.path, req.eventPath(), req.dir, req.dirFallback} {
			if p == "" {
				continue
			}
			if !strings.HasPrefix(p, "/") || slices.Contains(strings.Split(p, "/"), "..") || strings.ContainsRune(p, 0) {
				t.Fatalf("resolve(%q) accepted the unsafe site path %q", path, p)
			}
		}
		if req.ext != "" && !strings.HasSuffix(req.path, req.ext) {
			t.Fatalf("resolve(%q): path %q does not end in the extension %q", path, req.path, req.ext)
		}
	})
}

package server

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestMendedPath(t *testing.T) {
	const ev = "/news/2013/06/6/north-korea-restores-the-red-cross-link"
	tests := []struct{ path, want string }{
		// What a linkifier or a sentence took along.
		{ev + ".html)", ev + ".html"},
		{ev + ".html.", ev + ".html"},
		{ev + ".html),", ev + ".html"},
		{ev + ".html ", ev + ".html"},
		{ev + ".html\u00a0", ev + ".html"},
		{ev + ".html”", ev + ".html"},
		{ev + ".html>", ev + ".html"},
		{ev + "…", ev},
		{ev + "-", ev},
		// Extensions typed in capitals, shortened or cut.
		{ev + ".htm", ev + ".html"},
		{ev + ".HTML", ev + ".html"},
		{ev + ".ht", ev + ".html"},
		{ev + ".js", ev + ".json"},
		{ev + ".jso", ev + ".json"},
		{ev + ".m", ev + ".md"},
		{ev + ".xm", ev + ".xml"},
		// Capitals, a page written as a directory, dates as people write them.
		{"/News/2013/06/6/North-Korea-Restores-The-Red-Cross-Link.html", ev + ".html"},
		{ev + "/", ev},
		{ev + ".html/", ev + ".html"},
		{"/news/2013/6/06/north-korea-restores-the-red-cross-link.html)", ev + ".html"},
		{"/news/2013/6/06/north-korea-restores-the-red-cross-link/", ev},
		{"/topics/north-korea/).", "/topics/north-korea/"},
		// Nothing to mend.
		{ev + ".html", ""},
		{ev, ""},
		{"/topics/north-korea/", ""},
		{"/news/2013/06/6/", ""},
		{"/index.html.bak", ""},
		{"/index.php", ""},
		{"/.env", ""},
		{"/", ""},
	}
	for _, tt := range tests {
		if got := mendedPath(tt.path); got != tt.want {
			t.Errorf("mendedPath(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestMangledLinksRedirectToThePage(t *testing.T) {
	h, _ := newTestHandler(t)
	tests := []struct{ target, want string }{
		{eventPath + ".html)", eventPath + ".html"},
		{eventPath + ".html.", eventPath + ".html"},
		{eventPath + ".html%20", eventPath + ".html"},
		{eventPath + ".html%E2%80%9D", eventPath + ".html"}, // ”
		{eventPath + ".htm", eventPath + ".html"},
		{eventPath + ".JSON", eventPath + ".json"},
		{eventPath + ".m", eventPath + ".md"},
		{strings.ToUpper(eventPath) + ".html", eventPath + ".html"},
		{eventPath + "/", eventPath},
		{eventPath + ")", eventPath},
		{eventPath + ".html)?utm_source=mail", eventPath + ".html?utm_source=mail"},
		{"/news/2013/6/06/north-korea-restores-the-red-cross-link.html)", eventPath + ".html"},
		{movedPath + ".html)", movedPath + ".html"}, // which leads on to the event
		{retiredPath + ".", retiredPath},            // which leads on to its day
		{"/topics/dprk/)", "/topics/dprk/"},         // an alias's address, which leads on to its title
		{"/topics/north-korea/index.html)", "/topics/north-korea/index.html"},
	}
	assertRedirects(t, h, tests)

	// What mends to no page stays a 404.
	for _, target := range []string{"/news/2013/06/6/no-such-event.html)", "/index.html.bak", "/topics/nobody/)"} {
		if resp := get(t, h, "GET", target); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, resp.StatusCode)
		}
	}
}

func TestLinksCutShortFindTheirEvent(t *testing.T) {
	h, _ := newTestHandler(t)
	follow := []struct{ target, want string }{
		{"/news/2013/06/6/north-korea-restores-the-red", eventPath},
		{"/news/2013/06/6/north-korea-restores-the-red.html", eventPath + ".html"},
		{"/news/2013/06/6/north-korea-restores-the-red-cro.json", eventPath + ".json"},
		{"/news/2013/06/6/north-korea-restores-the-red%E2%80%A6", eventPath}, // …
		{"/news/2013/06/6/North-Korea-Restores-The-", eventPath},
		{"/news/2013/06/6/north-korea-restores", eventPath}, // the only current event: not the retired paths
		{"/news/2013/06/6/north-korea-restores-a", retiredPath},
		{"/news/2013/06/6/north-korea-p", proposesPath},
	}
	for _, tt := range follow {
		resp := get(t, h, "GET", tt.target)
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != tt.want {
			t.Errorf("GET %s: status %d, Location %q; want 302 to %s", tt.target, resp.StatusCode, resp.Header.Get("Location"), tt.want)
		}
	}

	offer := []struct {
		target string
		likely []string
	}{
		{"/news/2013/06/6/north-korea-", []string{eventPath, proposesPath}}, // two events start so
		{"/news/2013/06/6/north-kor.html", []string{eventPath, proposesPath}},
		{"/news/2013/06/6/a-fer", []string{ferryPath}}, // the only one, but too short to follow
		{"/news/2013/06/6/no-such-event", nil},
		{"/news/2013/06/7/north-korea-restores-the-red", nil}, // another day
		{"/topics/north-korea-restores-the-red", nil},
	}
	for _, tt := range offer {
		resp := get(t, h, "GET", tt.target)
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", tt.target, resp.StatusCode)
		}
		if got := strings.Count(body, "<li>"); got != len(tt.likely) {
			t.Errorf("GET %s: %d likely events on the 404 page, want %d: %s", tt.target, got, len(tt.likely), body)
		}
		for _, p := range tt.likely {
			if !strings.Contains(body, `href="`+p+`.html">`+fixtureHeadlines[p]) {
				t.Errorf("GET %s: the 404 page does not offer %s: %s", tt.target, p, body)
			}
		}
	}
}

// FuzzMendedPath feeds clean paths, as a 404 has them, to mendedPath: it
// must never panic, and a path it mends must be clean and rooted, with no
// ".." segment, and need no more mending.
func FuzzMendedPath(f *testing.F) {
	for _, seed := range []string{
		"/news/2013/06/6/x.html)", "/News/2013/6/06/X.HTM", "/a/...", "/a/..-", "/x.html/", "/news/2013/06/6/x/",
		"/topics/a/).", "/”", "/x.j", "/index.html.bak", "/news/2013/06/6/x.html\u00a0", "/a/b.c.d",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if !strings.HasPrefix(p, "/") || cleanPath(p) != p {
			return
		}
		m := mendedPath(p)
		if m == "" {
			return
		}
		if !strings.HasPrefix(m, "/") || cleanPath(m) != m || slices.Contains(strings.Split(m, "/"), "..") {
			t.Fatalf("mendedPath(%q) = %q: not a clean rooted path", p, m)
		}
		if again := mendedPath(m); again != "" {
			t.Fatalf("mendedPath(%q) = %q, which mends again to %q", p, m, again)
		}
	})
}

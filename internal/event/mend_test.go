package event

import (
	"path"
	"slices"
	"strings"
	"testing"
)

func TestMendPath(t *testing.T) {
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
		// A step that lays bare what another mends: the slash of a page
		// written as a directory, then the space before it (found by
		// FuzzMendPath, from "/news/0000/1/1/ /", a seed below).
		{"/news/2013/6/06/north-korea-restores-the-red-cross-link /", ev},
		{ev + " /", ev},
		{ev + ".html) /", ev + ".html"},
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
		if got := MendPath(tt.path); got != tt.want {
			t.Errorf("MendPath(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

// FuzzMendPath feeds clean paths, as a server's 404 has them, to MendPath: it
// must never panic, and a path it mends must be clean and rooted, with no
// ".." segment, and need no more mending.
func FuzzMendPath(f *testing.F) {
	for _, seed := range []string{
		"/news/2013/06/6/x.html)", "/News/2013/6/06/X.HTM", "/a/...", "/a/..-", "/x.html/", "/news/2013/06/6/x/",
		"/topics/a/).", "/”", "/x.j", "/index.html.bak", "/news/2013/06/6/x.html\u00a0", "/a/b.c.d",
		"/news/0000/1/1/ /",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if !strings.HasPrefix(p, "/") || cleanPath(p) != p {
			return
		}
		m := MendPath(p)
		if m == "" {
			return
		}
		if !strings.HasPrefix(m, "/") || cleanPath(m) != m || slices.Contains(strings.Split(m, "/"), "..") {
			t.Fatalf("MendPath(%q) = %q: not a clean rooted path", p, m)
		}
		if again := MendPath(m); again != "" {
			t.Fatalf("MendPath(%q) = %q, which mends again to %q", p, m, again)
		}
	})
}

// cleanPath is path.Clean keeping a trailing slash, as the server cleans
// the paths it is asked for.
func cleanPath(p string) string {
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	return clean
}

func TestCutEventPath(t *testing.T) {
	tests := []struct {
		path, prefix, ext, slug string
		ok                      bool
	}{
		{"/news/2013/06/6/north-korea-rest", "/news/2013/06/6/north-korea-rest", "", "north-korea-rest", true},
		{"/news/2013/06/6/north-korea-rest.json", "/news/2013/06/6/north-korea-rest", ".json", "north-korea-rest", true},
		{"/news/2013/06/6/n", "/news/2013/06/6/n", "", "n", true},
		{"/news/2013/06/6/north-korea-rest.php", "", "", "", false},
		{"/news/2013/06/6/index", "", "", "", false},
		{"/news/2013/06/6/", "", "", "", false},
		{"/news/2013/6/06/north-korea", "", "", "", false}, // MendPath first
		{"/topics/north-korea-rest", "", "", "", false},
	}
	for _, tt := range tests {
		prefix, ext, slug, ok := CutEventPath(tt.path)
		if prefix != tt.prefix || ext != tt.ext || slug != tt.slug || ok != tt.ok {
			t.Errorf("CutEventPath(%q) = %q, %q, %q, %v; want %q, %q, %q, %v", tt.path, prefix, ext, slug, ok, tt.prefix, tt.ext, tt.slug, tt.ok)
		}
	}
}

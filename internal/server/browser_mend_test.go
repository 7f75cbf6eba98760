package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/site"
)

// mendEvent is a demo event with a long slug, for links mangled or cut short.
const mendEvent = "/news/2025/03/16/the-tsukuyomi-lander-deploys-its-small-rover-and-jaxa-releases-the-first-colour-panorama-of-the-landing-site-near-the-south-pole-of-the-moo"

// On the static site, served as S3's website endpoint serves it (a file,
// a directory's index.html, else 404.html with 404), at the root and under
// a sub-path: the 404 page's script opens what a mangled link meant, and
// offers the events an address cut short may have meant.
func TestBrowserStaticSiteMendsLinks(t *testing.T) {
	ctx := newBrowser(t)
	enableScript(t, ctx)
	d, err := sharedDemo()
	if err != nil {
		t.Fatal(err)
	}
	for _, prefix := range []string{"", "/archive"} {
		dir := filepath.Join(t.TempDir(), "site")
		cfg := render.Config{BaseURL: "https://chronicle.example" + prefix + "/"}
		if _, err := site.New(d.Store, cfg).Build(context.Background(), dir, site.BuildOptions{}); err != nil {
			t.Fatal(err)
		}
		base := serveLikeS3(t, dir, prefix) + prefix
		for _, tt := range []struct{ target, want string }{
			{mendEvent + ".html).", mendEvent + ".html"},
			{strings.ToUpper(mendEvent) + ".htm", mendEvent + ".html"},
			{mendEvent, mendEvent + ".html"}, // no extension: a static host has no negotiation
			{mendEvent + "/", mendEvent + ".html"},
			{mendEvent + "%20/", mendEvent + ".html"}, // the slash, then the space (event.MendPath's rounds)
			{mendEvent[:len(mendEvent)-40], mendEvent + ".html"},
			{mendEvent[:len(mendEvent)-40] + ".md", mendEvent + ".md"},
		} {
			do(t, ctx, "open "+tt.target, chromedp.Navigate(base+tt.target))
			if got := settledLocation(ctx); got != base+tt.want {
				t.Errorf("%s: %s led to %s, want %s", prefix, tt.target, got, base+tt.want)
			}
		}

		cut := "/news/2025/03/16/the-"
		do(t, ctx, "open "+cut, chromedp.Navigate(base+cut), chromedp.WaitVisible("#likely li a"))
		offered := count(t, ctx, `#likely li a[href^="`+prefix+`/news/2025/03/16/the-"]`)
		if offered != 4 || count(t, ctx, `#likely a[href="`+prefix+mendEvent+`.html"]`) != 1 {
			t.Errorf("%s: the 404 page of %s offers %d events, want the day's 4 whose address starts so", prefix, cut, offered)
		}
		// Whatever the address, the day, month and year it names come first.
		if got := value(t, ctx, "read the suggestions", chromedp.Evaluate[[]string](
			`[...document.querySelectorAll("main > ul.suggest a")].slice(0, 3).map((a) => a.getAttribute("href") + " " + a.textContent)`)); strings.Join(got, "|") !=
			prefix+"/news/2025/03/16/index.html The events of 16 March 2025|"+prefix+"/news/2025/03/index.html March 2025|"+prefix+"/news/2025/index.html The year 2025" {
			t.Errorf("%s: the 404 page of %s suggests first %q", prefix, cut, got)
		}
		do(t, ctx, "open a month's missing page", chromedp.Navigate(base+"/news/2025/02/no-such-page.html"), chromedp.WaitVisible("main h1"))
		if got := value(t, ctx, "read the suggestions", chromedp.Evaluate[string](`document.querySelector("main > ul.suggest a").textContent`)); got != "February 2025" {
			t.Errorf("%s: the 404 page of a month's missing page suggests first %q, want February 2025", prefix, got)
		}
		if n := count(t, ctx, "script"); n != 1 || count(t, ctx, `script[src="`+prefix+`/mend.js"]`) != 1 {
			t.Errorf("%s: the 404 page holds %d scripts; want its own /mend.js alone", prefix, n)
		}
		screenshot(t, ctx, "404-cut-short"+strings.ReplaceAll(prefix, "/", "-"), 1024)
	}
}

// settledLocation returns the page's location once it has left the 404
// page (the page with the box #likely) for the page its script opened, or
// after 10 s; a read that the navigation interrupts is tried again.
func settledLocation(ctx context.Context) string {
	var loc string
	for start := time.Now(); time.Since(start) < 10*time.Second; time.Sleep(50 * time.Millisecond) {
		left, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === "complete" && !document.getElementById("likely")`))
		if err != nil {
			continue
		}
		if loc, err = chromedp.Run(ctx, chromedp.Location()); err == nil && left {
			break
		}
	}
	return loc
}

// serveLikeS3 serves the built site in dir under prefix on 127.0.0.1 as a
// bucket's website endpoint does, with the site's CSP, until the test ends,
// and returns its base URL.
func serveLikeS3(t *testing.T, dir, prefix string) string {
	t.Helper()
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", contentSecurityPolicy) // as docs/deploy.md recommends
		rel, ok := strings.CutPrefix(r.URL.Path, prefix+"/")
		if ok && r.URL.Path != prefix+"/404.html" {
			name := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+rel)))
			if st, err := os.Stat(name); err == nil && (!st.IsDir() || fileExists(filepath.Join(name, "index.html"))) {
				r.URL.Path = "/" + rel
				files.ServeHTTP(w, r)
				return
			}
		}
		body, err := os.ReadFile(filepath.Join(dir, "404.html"))
		if err != nil {
			t.Error(err)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

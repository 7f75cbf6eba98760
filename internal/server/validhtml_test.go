package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/htmlcheck"
)

// TestServedOnlyPagesAreValidHTML has the Nu HTML Checker read the pages
// only the server writes (a static build's are checked in internal/site):
// search results, with hits, paged, filtered, without hits and for a bad
// query, and the answers to an unknown path and to an event's address cut
// short.
func TestServedOnlyPagesAreValidHTML(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the Nu HTML Checker")
	}
	h := demoHandler(t)
	dir := t.TempDir()
	for i, target := range []string{
		"/search",
		"/search?q=election",
		"/search?q=the&page=2",
		"/search?q=sudan&from=2025-03-01&to=2025-03-31",
		"/search?q=sudan&order=newest", // the order chosen, the feeds linked
		"/search?q=zzzqqq",
		"/search?q=%22unclosed",
		"/no/such/page.html",
		"/news/2025/03/16/the-",           // cut short: the day's events that start so
		"/topics/estonian-party/",         // a missing topic: those that hold its words
		"/search?q=truce&story=sudan+war", // a missing story: the similar offered
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Fatalf("GET %s: Content-Type %q, want HTML", target, ct)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.html", i)), rec.Body.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	htmlcheck.Check(t, dir)
}

package site

import (
	"encoding/json"
	"encoding/xml"
	"html"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/render"
)

// TestRedirectBodyMatchesTheStandardEncoders holds the redirect files, written
// with the escape package, to what html, encoding/json and encoding/xml
// wrote for them before.
func TestRedirectBodyMatchesTheStandardEncoders(t *testing.T) {
	const base = "https://chronicle.example"
	for _, target := range []string{"/news/2013/06/6/index", "/topics/index", "/index"} {
		for _, f := range render.Formats {
			to := target + f.Ext()
			var want string
			switch f {
			case render.HTML:
				h := html.EscapeString(to)
				want = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Moved</title>
<meta http-equiv="refresh" content="0; url=` + h + `">
<link rel="canonical" href="` + html.EscapeString(base+to) + `">
<meta name="robots" content="noindex"></head>
<body><p>This page is no longer in the archive at this address: see <a href="` + h + `">` + h + `</a>.</p></body></html>
`
			case render.Markdown:
				want = "\nThis page is no longer in the archive at this address: see [" + to + "](" + to + ").\n"
			case render.JSON:
				b, err := json.MarshalIndent(map[string]string{"redirect": to}, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				want = string(b) + "\n"
			case render.XML:
				var b strings.Builder
				b.WriteString(xml.Header + "<redirect><location>")
				if err := xml.EscapeText(&b, []byte(to)); err != nil {
					t.Fatal(err)
				}
				want = b.String() + "</location></redirect>\n"
			}
			if got := string(redirectBody(base, f, target)); got != want {
				t.Errorf("%s in %s:\n got %s\nwant %s", target, f, got, want)
			}
		}
	}
}

func TestRedirectTarget(t *testing.T) {
	for from, want := range map[string]string{
		"/news/2013/06/6/floods-hit-europe": "/news/2013/06/6/index",
		"/news/2013/06/6/index":             "/news/2013/06/index",
		"/news/2013/06/index":               "/news/2013/index",
		"/news/2013/index":                  "/index",
		"/topics/north-korea/index":         "/topics/index",
		"/stories/syrian-civil-war/index":   "/stories/index",
		"/categories/sports/index":          "/categories/index",
		"/topics/north-korea/page/3/index":  "/topics/north-korea/index",
		"/topics/north-korea/2013/index":    "/topics/north-korea/index",
		"/stories/_/s/page/2/index":         "/stories/index",
		"/on-this-day/06-06/index":          "/index",
		"/no/such/page":                     "/index",
	} {
		if got := redirectTarget(from); got != want {
			t.Errorf("redirectTarget(%q) = %q, want %q", from, got, want)
		}
	}
}

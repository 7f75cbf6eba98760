package render

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func newRendererWith(t testing.TB, cfg Config) *Renderer {
	t.Helper()
	if cfg.BaseURL == "" {
		cfg.BaseURL = baseURL
	}
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

var (
	htmlLink = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
	mdLink   = regexp.MustCompile(`\]\(([^)]*)\)`)
)

// links returns the links of an HTML page (hrefs and srcs) or of a
// Markdown page (link destinations), in order.
func links(t *testing.T, f Format, body string) []string {
	t.Helper()
	var out []string
	switch f {
	case HTML:
		for _, m := range htmlLink.FindAllStringSubmatch(body, -1) {
			out = append(out, m[1])
		}
	case Markdown:
		for _, m := range mdLink.FindAllStringSubmatch(body, -1) {
			out = append(out, m[1])
		}
	}
	return out
}

// TestSubPathPrefixesEveryLink renders every golden page at a site's root
// and under /archive/, and wants the same links, each root-relative one
// under /archive and each absolute one under the sub-path's base URL.
func TestSubPathPrefixesEveryLink(t *testing.T) {
	root := newRendererWith(t, Config{BaseURL: "https://example.org"})
	sub := newRendererWith(t, Config{BaseURL: "https://example.org/archive/"})
	moved := func(link string) string {
		switch {
		case strings.HasPrefix(link, "data:"): // a file to download, the addresses in it percent-encoded
			return strings.ReplaceAll(link, "https%3a%2f%2fexample.org%2f", "https%3a%2f%2fexample.org%2farchive%2f")
		case strings.HasPrefix(link, "https://example.org/"):
			return "https://example.org/archive/" + strings.TrimPrefix(link, "https://example.org/")
		case strings.HasPrefix(link, "/"):
			return "/archive" + link
		}
		return link
	}
	checked := 0
	for name, p := range goldenPages() {
		for _, f := range []Format{HTML, Markdown} {
			want := links(t, f, renderString(t, root, f, p))
			got := links(t, f, renderString(t, sub, f, p))
			for i := range want {
				want[i] = moved(want[i])
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s%s under /archive/ links\n%q\nwant\n%q", name, f.Ext(), got, want)
			}
			checked += len(got)
		}
	}
	var rootNF, subNF bytes.Buffer
	if err := root.NotFound(&rootNF, "", Likely{}); err != nil {
		t.Fatal(err)
	}
	if err := sub.NotFound(&subNF, "", Likely{}); err != nil {
		t.Fatal(err)
	}
	want := links(t, HTML, rootNF.String())
	for i := range want {
		want[i] = moved(want[i])
	}
	if got := links(t, HTML, subNF.String()); !slices.Equal(got, want) {
		t.Errorf("404 page under /archive/ links %q, want %q", got, want)
	}
	if checked < 100 {
		t.Errorf("only %d links compared", checked)
	}
}

// TestSubPathKeepsPathsAsIdentifiers: in JSON and XML, id, path and every
// other path field stay the archive's path; formats and feeds are URLs on
// the host, under the sub-path.
func TestSubPathKeepsPathsAsIdentifiers(t *testing.T) {
	sub := newRendererWith(t, Config{BaseURL: "https://example.org/archive"})
	var doc struct {
		ID      string            `json:"id"`
		Path    string            `json:"path"`
		Formats map[string]string `json:"formats"`
		Topic   struct{ Path string }
		Related []struct{ Path string }
	}
	body := renderString(t, sub, JSON, seedEventPage())
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	path := seedEventPage().PagePath()
	if doc.ID != path || doc.Path != path || !strings.HasPrefix(doc.Topic.Path, "/topics/") ||
		len(doc.Related) == 0 || !strings.HasPrefix(doc.Related[0].Path, "/news/") {
		t.Errorf("id %q, path %q, topic %q, related %v: want the archive's paths", doc.ID, doc.Path, doc.Topic.Path, doc.Related)
	}
	if doc.Formats["md"] != "/archive"+path+".md" || len(doc.Formats) != 4 {
		t.Errorf("formats %v: want the four URLs under /archive", doc.Formats)
	}
	var home struct{ Feeds map[string]string }
	if err := json.Unmarshal([]byte(renderString(t, sub, JSON, sampleHomePage())), &home); err != nil {
		t.Fatal(err)
	}
	if home.Feeds["rss"] != "/archive/feed.xml" || home.Feeds["atom"] != "/archive/atom.xml" {
		t.Errorf("home feeds %v: want them under /archive", home.Feeds)
	}
	xml := renderString(t, sub, XML, seedEventPage())
	if !strings.Contains(xml, "<path>"+path+"</path>") || !strings.Contains(xml, "<json>/archive"+path+".json</json>") {
		t.Errorf("event XML under /archive keeps neither the path nor the prefixed formats:\n%s", xml)
	}
}

// TestOnlyBuiltFormatsAreLinked renders pages of sites built in some of
// the formats: no page links a format the site lacks, and the JSON still
// validates.
func TestOnlyBuiltFormatsAreLinked(t *testing.T) {
	tests := []struct {
		formats []Format
		lacks   []string // extensions no page may link
		feedExt string
	}{
		{[]Format{HTML, JSON}, []string{".md", ".xml"}, ".html"},
		{[]Format{JSON, Markdown}, []string{".html", ".xml"}, ".md"},
		{[]Format{XML}, []string{".html", ".md", ".json"}, ".xml"},
		{[]Format{HTML}, []string{".md", ".json", ".xml"}, ".html"},
	}
	eventSchema, indexSchema := compileSchema(t, "event.schema.json"), compileSchema(t, "index.schema.json")
	for _, tt := range tests {
		r := newRendererWith(t, Config{Formats: tt.formats})
		if got := r.Formats(); len(got) != len(tt.formats) || r.LinkFormat().Ext() != tt.feedExt {
			t.Errorf("%v: Formats() = %v, LinkFormat() = %v", tt.formats, got, r.LinkFormat())
		}
		for name, p := range goldenPages() {
			for _, f := range tt.formats {
				body := renderString(t, r, f, p)
				for _, ext := range tt.lacks {
					if lacking := pageLinkWithExt(body, ext); lacking != "" {
						t.Errorf("%v: %s%s links %s, a format the site lacks", tt.formats, name, f.Ext(), lacking)
					}
				}
				if f == JSON {
					schema := indexSchema
					if name == "event" {
						schema = eventSchema
					}
					v, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
					if err == nil {
						err = schema.Validate(v)
					}
					if err != nil {
						t.Errorf("%v: %s.json: %v", tt.formats, name, err)
					}
				}
			}
		}
		var rss bytes.Buffer
		feed := &Feed{PagePath: HomePath, Events: sampleTopicPage("topic").Events}
		if err := r.RSS(&rss, feed); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(rss.String(), "<link>"+baseURL+"/index"+tt.feedExt+"</link>") {
			t.Errorf("%v: the feed does not link the %s pages:\n%s", tt.formats, tt.feedExt, rss.String())
		}
	}
}

// pageLinkWithExt returns a link in body to a page of the site (not a feed
// or sitemap) with the extension ext, or "".
func pageLinkWithExt(body, ext string) string {
	re := regexp.MustCompile(`["(>](/(?:news|topics|stories|categories|index)[^"()<\s]*` + regexp.QuoteMeta(ext) + `)["<)]`)
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		if !strings.HasSuffix(m[1], "/feed.xml") && !strings.HasSuffix(m[1], "/atom.xml") {
			return m[1]
		}
	}
	return ""
}

func TestMarkdownOnlySiteHasNoFormatsLine(t *testing.T) {
	r := newRendererWith(t, Config{Formats: []Format{Markdown}})
	if body := renderString(t, r, Markdown, seedEventPage()); strings.Contains(body, "Formats:") {
		t.Errorf("a Markdown-only site's page has a formats line:\n%s", body)
	}
	r = newRendererWith(t, Config{Formats: []Format{HTML}})
	if body := renderString(t, r, HTML, seedEventPage()); strings.Contains(body, "Also as") || strings.Contains(body, `rel="alternate" type="text/markdown"`) {
		t.Errorf("an HTML-only site's page links other formats:\n%s", body)
	}
}

func TestParseFormats(t *testing.T) {
	tests := []struct {
		in      string
		want    []Format
		wantErr string
	}{
		{"html,json", []Format{HTML, JSON}, ""},
		{"xml", []Format{XML}, ""},
		{"md, html", []Format{Markdown, HTML}, ""},
		{".json", []Format{JSON}, ""},
		{"html,md,json,xml", Formats, ""},
		{"", nil, `format ""`},
		{"html,pdf", nil, `format "pdf"`},
		{"html,,json", nil, `format ""`},
		{"json,json", nil, "json given twice"},
	}
	for _, tt := range tests {
		got, err := ParseFormats(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseFormats(%q) = %v, %v; want an error with %q", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ParseFormats(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestNewRejectsBaseURLWithQueryOrBadFormat(t *testing.T) {
	for _, u := range []string{"https://example.org/archive?x=1", "https://example.org/#top", "https://example.org/?"} {
		if _, err := New(Config{BaseURL: u}); err == nil {
			t.Errorf("New accepted base URL %q", u)
		}
	}
	if _, err := New(Config{BaseURL: baseURL, Formats: []Format{HTML, Format(7)}}); err == nil {
		t.Error("New accepted an unknown format")
	}
}

func TestCheckBaseURL(t *testing.T) {
	for _, tt := range []struct {
		url, errHas string // errHas "": accepted
	}{
		{"https://chronicle.example", ""},
		{"https://example.org/archive/", ""},
		{"http://localhost:8080", ""},
		{"http://127.0.0.1:1", ""},
		{"http://[::1]:65535/", ""},
		{"https://bücher.example", ""},
		{"https://example.com.", ""},
		{"", "want an absolute http(s) URL"},
		{"chronicle.example", "want an absolute http(s) URL"},
		{"ftp://chronicle.example", "want an absolute http(s) URL"},
		{"https://user:pass@example.com", "must not contain a user name or password"},
		{"https://user@example.com", "must not contain a user name or password"},
		{"http://exam<ple.com/", `host "exam<ple.com" is not a valid host name`},
		{"http://exam ple.com/", `invalid character " " in host name`}, // url.Parse's own error
		{"http://example..com/", `host "example..com" is not a valid host name`},
		{"http://under_score.example/", "is not a valid host name"},
		{"http://example.com:99999", `port 99999: want 1 to 65535`},
		{"http://example.com:0", `port 0: want 1 to 65535`},
		{"http://example.com:", `empty port`},
		{"https://example.org/archive?x=1", "want no query or fragment"},
		{"https://example.org/#top", "want no query or fragment"},
	} {
		err := CheckBaseURL(tt.url)
		if tt.errHas == "" && err != nil || tt.errHas != "" && (err == nil || !strings.Contains(err.Error(), tt.errHas)) {
			t.Errorf("CheckBaseURL(%q) = %v; want an error with %q", tt.url, err, tt.errHas)
		}
	}
}

package render

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

func TestAboutPage(t *testing.T) {
	tests := []struct {
		name       string
		cfg        Config
		f          Format
		holds, not []string
	}{
		{"HTML under a sub-path links its pages there, in HTML", Config{BaseURL: "https://example.org/archive/"}, HTML,
			[]string{`<h1>About Chronicle</h1>`, `<a href="/archive/topics/index.html">topics</a>`, `<a href="/archive/llms.txt">llms.txt</a>`,
				`<link rel="canonical" href="https://example.org/archive/about/index.html">`, `<a href="/archive/about/index.md">Markdown</a>`},
			[]string{`href="/topics/`, "index.md\">topics"}},
		{"Markdown links Markdown", Config{BaseURL: "https://example.org"}, Markdown,
			[]string{"# About Chronicle\n", "[topics](/topics/index.md)", "[one for events](/schema/event.schema.json)"}, []string{"index.html"}},
		{"an HTML site names its one format and no schema", Config{BaseURL: "https://example.org", Formats: []Format{HTML}}, HTML,
			[]string{"a file in HTML (<code>.html</code>) at its address"}, []string{"/schema/", "Also as"}},
		{"the site's name is text in both", Config{BaseURL: "https://example.org", SiteName: "News *of* <b>days</b> [x](javascript:alert(1))"}, HTML,
			[]string{"<h1>About News *of* &lt;b&gt;days&lt;/b&gt; [x](javascript:alert(1))</h1>"}, []string{"<b>", "<em>", `href="javascript`}},
		{"the site's name is text in Markdown", Config{BaseURL: "https://example.org", SiteName: "News *of* <b>days</b>"}, Markdown,
			[]string{`# About News \*of\* \<b\>days\</b\>`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sitewideFile(t, tt.cfg, func(r *Renderer, w io.Writer) error { return r.About(w, tt.f) })
			for _, h := range tt.holds {
				if !strings.Contains(got, h) {
					t.Errorf("lacks %s in\n%s", h, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("holds %s", n)
				}
			}
		})
	}
}

func TestAboutPageOnlyInHTMLAndMarkdownTheSiteHas(t *testing.T) {
	r, err := New(Config{BaseURL: "https://example.org", Formats: []Format{HTML, JSON}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []Format{Markdown, JSON, XML} {
		if err := r.About(&bytes.Buffer{}, f); err == nil {
			t.Errorf("About in %s: no error", formatInfo[f].label)
		}
	}
	if !r.HasAbout() {
		t.Error("a site with HTML has no about page")
	}
	if r, _ := New(Config{BaseURL: "https://example.org", Formats: []Format{JSON, XML}}); r.HasAbout() {
		t.Error("a site of JSON and XML has an about page")
	}
}

// TestServedSiteNamesItsAPI checks that the about page and llms.txt of a
// served site (APIPath set) name the query API and its OpenAPI document,
// and the about page the search's order and feeds, and that a static
// site's do not.
func TestServedSiteNamesItsAPI(t *testing.T) {
	for _, api := range []string{"/api/", ""} {
		cfg := Config{BaseURL: "https://example.org/archive/", APIPath: api}
		about := sitewideFile(t, cfg, func(r *Renderer, w io.Writer) error { return r.About(w, HTML) })
		llms := sitewideFile(t, cfg, (*Renderer).LLMsTxt)
		for what, want := range map[string]struct{ body, link string }{
			"about page":   {about, `<a href="/archive/api/openapi.json">its OpenAPI document</a>`},
			"search feeds": {about, "any search followed by an RSS or\nAtom feed of its own"},
			"llms.txt":     {llms, "[OpenAPI document](https://example.org/archive/api/openapi.json)"},
		} {
			if has := strings.Contains(want.body, want.link); has != (api != "") {
				t.Errorf("APIPath %q: the %s links the OpenAPI document: %v", api, what, has)
			}
		}
	}
}

// sitewideFile renders one of the site-wide files of a site configured so.
func sitewideFile(t *testing.T, cfg Config, write func(*Renderer, io.Writer) error) string {
	t.Helper()
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := write(r, &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

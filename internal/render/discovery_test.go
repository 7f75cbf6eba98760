package render

import (
	"encoding/xml"
	"regexp"
	"strings"
	"testing"
)

func TestOpenSearchDescription(t *testing.T) {
	tests := []struct {
		name                string
		cfg                 Config
		shortName, template string
	}{
		{"at the root", Config{BaseURL: "https://news.example"}, "Chronicle", "https://news.example/search/?q={searchTerms}"},
		{"under a sub-path", Config{BaseURL: "https://example.org/archive/"}, "Chronicle", "https://example.org/archive/search/?q={searchTerms}"},
		{"a long name is cut to 16 characters", Config{BaseURL: "https://news.example", SiteName: "Chronique des événements & du monde"},
			"Chronique des év", "https://news.example/search/?q={searchTerms}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sitewideFile(t, tt.cfg, (*Renderer).OpenSearch)
			var d struct {
				XMLName   xml.Name `xml:"http://a9.com/-/spec/opensearch/1.1/ OpenSearchDescription"`
				ShortName string
				URLs      []struct {
					Type     string `xml:"type,attr"`
					Rel      string `xml:"rel,attr"`
					Template string `xml:"template,attr"`
				} `xml:"Url"`
			}
			if err := xml.Unmarshal([]byte(got), &d); err != nil {
				t.Fatalf("%v\n%s", err, got)
			}
			if d.ShortName != tt.shortName {
				t.Errorf("ShortName = %q, want %q", d.ShortName, tt.shortName)
			}
			if len(d.URLs) != 2 || d.URLs[0].Type != "text/html" || d.URLs[0].Template != tt.template {
				t.Errorf("Urls = %+v, want text/html at %s first", d.URLs, tt.template)
			}
			if self := strings.TrimSuffix(tt.template, SearchPath+"?q={searchTerms}") + OpenSearchPath; d.URLs[1].Rel != "self" || d.URLs[1].Template != self {
				t.Errorf("the self Url = %+v, want %s", d.URLs[1], self)
			}
		})
	}
}

func TestEveryHTMLPageLinksTheOpenSearchDescription(t *testing.T) {
	r, err := New(Config{BaseURL: "https://example.org/archive/", SiteName: `A "B" & C`})
	if err != nil {
		t.Fatal(err)
	}
	want := `<link rel="search" type="application/opensearchdescription+xml" title="A &#34;B&#34; &amp; C" href="/archive/opensearch.xml">`
	for name, p := range goldenPages() {
		if got := renderString(t, r, HTML, p); !strings.Contains(got, want) {
			t.Errorf("%s.html lacks %s", name, want)
		}
	}
}

var markdownLink = regexp.MustCompile(`\]\(([^)]*)\)`)

func TestLLMsTxtLinksTheFormatsTheSiteHas(t *testing.T) {
	tests := []struct {
		name    string
		formats []Format
		ext     string // of the index pages it links
		schemas bool
		lists   string
		about   string // the about page it links, "" for none
	}{
		{"every format: Markdown", nil, ".md", true, "HTML (`.html`), Markdown (`.md`), JSON (`.json`) and XML (`.xml`)", "/about/index.md"},
		{"no Markdown: JSON", []Format{HTML, JSON}, ".json", true, "HTML (`.html`) and JSON (`.json`)", "/about/index.html"},
		{"HTML alone", []Format{HTML}, ".html", false, "a file in HTML (`.html`) at", "/about/index.html"},
		{"XML alone", []Format{XML}, ".xml", false, "a file in XML (`.xml`) at", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sitewideFile(t, Config{BaseURL: "https://example.org/archive/", Formats: tt.formats}, (*Renderer).LLMsTxt)
			if !strings.HasPrefix(got, "# Chronicle\n\n> ") || !strings.Contains(got, tt.lists) {
				t.Errorf("llms.txt does not start with its title and summary, or lacks %q:\n%s", tt.lists, got)
			}
			if has := strings.Contains(got, "/schema/event.schema.json"); has != tt.schemas {
				t.Errorf("links the JSON Schemas: %v, want %v", has, tt.schemas)
			}
			indexes, about := 0, ""
			for _, m := range markdownLink.FindAllStringSubmatch(got, -1) {
				u := m[1]
				if u == portalURL {
					continue
				}
				if a, ok := strings.CutPrefix(u, "https://example.org/archive/about/"); ok {
					about = "/about/" + a
					continue
				}
				if !strings.HasPrefix(u, "https://example.org/archive/") {
					t.Errorf("links %s, outside the site", u)
				}
				if strings.HasSuffix(u, "/index"+tt.ext) {
					indexes++
				}
			}
			if about != tt.about {
				t.Errorf("links the about page %q, want %q", about, tt.about)
			}
			if indexes != 7 {
				t.Errorf("links %d indexes in %s, want 7:\n%s", indexes, tt.ext, got)
			}
		})
	}
}

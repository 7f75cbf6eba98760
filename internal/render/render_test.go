package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/net/html"

	"github.com/chronicle-archive/chronicle/internal/event"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden and docs/schema")

const baseURL = "https://chronicle.example"

func newRenderer(t testing.TB) *Renderer {
	t.Helper()
	r, err := New(Config{BaseURL: baseURL})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func renderString(t testing.TB, r *Renderer, f Format, p Page) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.Render(&b, f, p); err != nil {
		t.Fatalf("render %s%s: %v", p.PagePath(), f.Ext(), err)
	}
	return b.String()
}

// goldenPages are the pages whose every format has a golden file.
func goldenPages() map[string]Page {
	return map[string]Page{
		"event": seedEventPage(), "day": seedDayPage(), "month": sampleMonthPage(), "year": sampleYearPage(),
		"home": sampleHomePage(), "topic": sampleTopicPage(event.KindTopic), "story": sampleTopicPage(event.KindStory),
		"category": sampleTopicPage(event.KindCategory), "topics": sampleListPage(),
		"topic-page-2": sampleTopicPageTwo(), "topic-year": sampleTopicYearPage(),
		"topics-letters": sampleLettersPage(), "topics-letter-a": sampleLetterPage(), "on-this-day": sampleOnThisDayPage(),
		"news": sampleNewsPage(), "calendar": sampleCalendarPage(), "edits": sampleEditsPage(),
		"edits-month": sampleEditsMonthPage(),
	}
}

// allOutputs renders every golden page in every format, plus feeds, robots,
// sitemap, 404, the OpenSearch description, llms.txt and the about page, keyed by golden
// file name.
func allOutputs(t *testing.T) map[string]string {
	r := newRenderer(t)
	out := map[string]string{}
	for name, p := range goldenPages() {
		for _, f := range Formats {
			out[name+f.Ext()] = renderString(t, r, f, p)
		}
	}
	feed := &Feed{Title: "North Korea", PagePath: TitlePath(event.KindTopic, "north-korea"), Events: sampleTopicPage(event.KindTopic).Events}
	var rss, atom, robots, notFound, cutShort, titles, openSearch, llms, aboutHTML, aboutMD bytes.Buffer
	likely := []LikelyEvent{
		{Path: "/news/2013/06/6/north-korea-restores-the-red-cross-link-with-south-korea", Headline: "North Korea restores the Red Cross link with South Korea."},
		{Path: "/news/2013/06/6/north-korea-proposes-talks", Headline: "North Korea proposes talks <on> the Kaesong industrial region."},
	}
	for _, err := range []error{r.RSS(&rss, feed), r.Atom(&atom, feed), r.Robots(&robots), r.NotFound(&notFound, "/news/2013/06/6/no-such-event", Likely{}),
		r.NotFound(&cutShort, "/news/2013/06/6/north-korea-", Likely{Events: likely}),
		r.NotFound(&titles, "/topics/korea/", Likely{Kind: event.KindTopic, Titles: []LikelyTitle{{"North Korea", "north-korea"}, {"South <Korea>", "south-korea"}}}), r.OpenSearch(&openSearch), r.LLMsTxt(&llms),
		r.About(&aboutHTML, HTML), r.About(&aboutMD, Markdown)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	out["feed.rss.xml"], out["feed.atom.xml"], out["robots.txt"], out["404.html"] = rss.String(), atom.String(), robots.String(), notFound.String()
	out["404-cut-short.html"], out["404-titles.html"] = cutShort.String(), titles.String()
	out["opensearch.xml"], out["llms.txt"] = openSearch.String(), llms.String()
	out["about.html"], out["about.md"] = aboutHTML.String(), aboutMD.String()
	files, err := r.Sitemaps([]SitemapGroup{{Name: "pages", URLs: []SitemapURL{{Path: "/index.html"}}},
		{Name: "2013", URLs: []SitemapURL{{Path: seedEventPage().PagePath() + ".html", LastMod: seedDayPage().Date}}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out["sitemap.xml"] = string(files[0].Body)
	var table bytes.Buffer
	w := NewCSVWriter(&table)
	if err := errors.Join(w.Write(seedEventPage()), w.Flush()); err != nil {
		t.Fatal(err)
	}
	out["event.csv"] = table.String()
	for name, styles := range map[string][]CiteStyle{"cite.txt": nil, "cite.bib": {CiteBibTeX}} {
		var b bytes.Buffer
		if err := r.NewCiteWriter(&b, styles...).Write(seedEventPage()); err != nil {
			t.Fatal(err)
		}
		out[name] = b.String()
	}
	return out
}

func TestGoldenFiles(t *testing.T) {
	for name, got := range allOutputs(t) {
		path := filepath.Join("testdata", "golden", name)
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from its golden file; run go test -update and review the diff", name)
		}
	}
}

func TestEventMarkdownMatchesSeedPageLineForLine(t *testing.T) {
	seed, err := os.ReadFile("../../../shared/reference/seed-event-page.md")
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("shared reference seed page is absent")
	}
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(renderString(t, newRenderer(t), Markdown, seedEventPage()), "\n")
	want := strings.Split(string(seed), "\n")
	for i := range max(len(got), len(want)) {
		g, w := lineAt(got, i), lineAt(want, i)
		if g != w {
			t.Errorf("line %d:\n got %q\nwant %q", i+1, g, w)
		}
	}
}

func lineAt(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "<no line>"
}

func TestSchemaFilesMatchDocs(t *testing.T) {
	for _, name := range SchemaNames {
		embedded, ok := Schema(name)
		if !ok {
			t.Fatalf("schema %s is not embedded", name)
		}
		docs := filepath.Join("..", "..", "docs", "schema", name)
		if *update {
			if err := os.WriteFile(docs, embedded, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		onDisk, err := os.ReadFile(docs)
		if err != nil || !bytes.Equal(onDisk, embedded) {
			t.Errorf("%s differs from the embedded schema (run go test -update): %v", docs, err)
		}
	}
}

func compileSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	raw, _ := Schema(name)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	return s
}

func TestJSONOutputsValidateAgainstSchemas(t *testing.T) {
	event, index := compileSchema(t, "event.schema.json"), compileSchema(t, "index.schema.json")
	outputs := allOutputs(t)
	outputs["hostile.json"] = renderString(t, newRenderer(t), JSON, hostileEventPage())
	for name, body := range outputs {
		if !strings.HasSuffix(name, ".json") {
			continue
		}
		schema := index
		if name == "event.json" || name == "hostile.json" {
			schema = event
		}
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := schema.Validate(v); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestXMLOutputsAreWellFormed(t *testing.T) {
	for name, body := range allOutputs(t) {
		if strings.HasSuffix(name, ".xml") {
			if err := wellFormed(body); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
}

func wellFormed(doc string) error {
	d := xml.NewDecoder(strings.NewReader(doc))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func TestHTMLOutputsParseWithOneH1AndNoScript(t *testing.T) {
	for name, body := range allOutputs(t) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		doc, err := html.Parse(strings.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		counts := map[string]int{}
		walk(doc, func(n *html.Node) {
			counts[n.Data]++
			if n.Data == "script" && attr(n, "type") != "application/ld+json" {
				t.Errorf("%s: a script element that is not JSON-LD", name)
			}
		})
		if counts["h1"] != 1 || counts["main"] != 1 || counts["footer"] != 1 {
			t.Errorf("%s: h1=%d main=%d footer=%d, want one each", name, counts["h1"], counts["main"], counts["footer"])
		}
	}
}

func walk(n *html.Node, visit func(*html.Node)) {
	if n.Type == html.ElementNode {
		visit(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, visit)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func TestStylesheetIsSmall(t *testing.T) {
	if n := len(Stylesheet()); n == 0 || n >= 8<<10 {
		t.Errorf("style.css is %d bytes, want 1..8 KB", n)
	}
}

func TestRenderRejectsBadInput(t *testing.T) {
	r := newRenderer(t)
	tests := []struct {
		name   string
		format Format
		page   Page
	}{
		{"unknown format", Format(9), seedEventPage()},
		{"nil page", HTML, nil},
		{"topic page of unknown kind", HTML, &TopicPage{Kind: "person", Title: "X"}},
		{"list page of unknown kind", JSON, &ListPage{Kind: ""}},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := r.Render(&b, tt.format, tt.page); err == nil || b.Len() > 0 {
			t.Errorf("%s: err=%v, wrote %d bytes; want an error and nothing written", tt.name, err, b.Len())
		}
	}
}

// RenderFormats makes a page's model once for all its formats: each format
// must come out as Render writes it alone, whatever the order, so that no
// format's writer changes the model another reads.
func TestRenderFormatsWritesWhatRenderWrites(t *testing.T) {
	r := newRenderer(t)
	reversed := slices.Clone(Formats)
	slices.Reverse(reversed)
	for name, p := range goldenPages() {
		for _, order := range [][]Format{Formats, reversed} {
			var got []Format
			err := r.RenderFormats(p, order, func(f Format, body []byte) error {
				got = append(got, f)
				if want := renderString(t, r, f, p); string(body) != want {
					t.Errorf("%s%s: RenderFormats wrote %d bytes unlike Render's %d", name, f.Ext(), len(body), len(want))
				}
				return nil
			})
			if err != nil || !slices.Equal(got, order) {
				t.Errorf("%s: RenderFormats(%v) gave %v, %v", name, order, got, err)
			}
		}
	}
}

func TestRenderFormatsRejectsBadInput(t *testing.T) {
	r := newRenderer(t)
	tests := []struct {
		name    string
		formats []Format
		page    Page
	}{
		{"unknown format after a good one", []Format{HTML, Format(9)}, seedEventPage()},
		{"nil page", Formats, nil},
		{"topic page of unknown kind", Formats, &TopicPage{Kind: "person", Title: "X"}},
	}
	for _, tt := range tests {
		emitted := 0
		err := r.RenderFormats(tt.page, tt.formats, func(Format, []byte) error { emitted++; return nil })
		if err == nil || emitted > 0 {
			t.Errorf("%s: err=%v, emitted %d; want an error and nothing emitted", tt.name, err, emitted)
		}
	}
}

func TestNewRejectsBaseURLThatIsNotHTTP(t *testing.T) {
	for _, u := range []string{"", "chronicle.example", "javascript:alert(1)", "/news"} {
		if _, err := New(Config{BaseURL: u}); err == nil {
			t.Errorf("New accepted base URL %q", u)
		}
	}
}

func BenchmarkRenderEvent(b *testing.B) {
	r := newRenderer(b)
	p := seedEventPage()
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range Formats {
			if err := r.Render(io.Discard, f, p); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// jsonField decodes one string field of a JSON object.
func jsonField(t *testing.T, doc, field string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		t.Fatal(err)
	}
	s, _ := m[field].(string)
	return s
}

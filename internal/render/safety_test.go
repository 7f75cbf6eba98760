package render

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

const hostileHeadline = "<script>alert(1)</script> \"]]> [x](javascript:alert(1)) \x00\x1b bad\xff\xfe \xed\xa0\x80 end"

func hostileEventPage() *EventPage {
	d := event.Date{Year: 2020, Month: time.March, Day: 1}
	return &EventPage{
		Event: event.Event{
			Path: event.Paths(d, []string{hostileHeadline})[0], Date: d,
			Category: "<b>Bold</b>", CategoryOriginal: "<b>Bold</b>",
			Stories:  []string{"Story ]]> <i>"},
			Headline: hostileHeadline, Text: hostileHeadline,
			Mentions: []event.Mention{{Start: 0, End: 8, Title: "<script>"}, {Start: 3, End: 99, Title: "Overlapping"}, {Start: 9, End: 500, Title: "Out of range"}},
			Entities: []event.Entity{{Title: "<script>"}},
			Sources: []event.Source{
				{Name: "Evil <img src=x onerror=alert(1)>", URL: "javascript:alert(1)"},
				{Name: "Data", URL: "data:text/html,<script>alert(1)</script>"},
				{Name: "Good", URL: "https://news.example/a?b=1&c=2"},
			},
		},
		Summary:    "1. ]]> <script>x</script>",
		CoverImage: "JavaScript:alert(1)",
		Related:    []Related{{Path: "/news/2020/03/2/x", Headline: "<script>y</script>", Date: d, Context: []string{"_a_", "<b>"}}},
	}
}

func TestHostileTextShowsAsTextInEveryFormat(t *testing.T) {
	r := newRenderer(t)
	p := hostileEventPage()
	out := map[Format]string{}
	for _, f := range Formats {
		out[f] = renderString(t, r, f, p)
		lower := strings.ToLower(out[f])
		for _, link := range []string{`href="javascript:`, `"url": "javascript:`, "<url>javascript:", `"cover_image": "javascript`, "(javascript:alert(1)\n", "(data:"} {
			if strings.Contains(lower, link) {
				t.Errorf("%s: holds the link %q", f, link)
			}
		}
		if strings.ContainsAny(out[f], "\x00\x1b\uFFFE") || !isValidUTF8(out[f]) {
			t.Errorf("%s: holds characters illegal in XML or invalid UTF-8", f)
		}
	}
	for _, bad := range []string{"<script>alert", "<img", "<b>", "<i>"} {
		if strings.Contains(out[HTML], bad) || strings.Contains(out[XML], bad) {
			t.Errorf("HTML or XML holds raw %q", bad)
		}
	}
	if strings.Count(out[Markdown], "](javascript:") != strings.Count(out[Markdown], `\](javascript:`) || strings.Contains(out[Markdown], "<script>") || strings.Contains(out[Markdown], "(data:") {
		t.Errorf("Markdown makes a link or HTML of hostile text:\n%s", out[Markdown])
	}
	if err := wellFormed(out[XML]); err != nil {
		t.Fatalf("XML of hostile text does not parse: %v", err)
	}
	var doc struct {
		Headline string `xml:"headline"`
	}
	if err := xml.Unmarshal([]byte(out[XML]), &doc); err != nil {
		t.Fatal(err)
	}
	if want := Clean(hostileHeadline); doc.Headline != want || !strings.Contains(want, `<script>alert(1)</script> "]]>`) {
		t.Errorf("XML headline = %q, want the cleaned text %q", doc.Headline, want)
	}
	if got := jsonField(t, out[JSON], "headline"); got != Clean(hostileHeadline) {
		t.Errorf("JSON headline = %q", got)
	}
	if got := jsonField(t, out[JSON], "cover_image"); got != "" {
		t.Errorf("JSON cover_image = %q, want a non-http(s) URL dropped", got)
	}
}

func isValidUTF8(s string) bool { return strings.ToValidUTF8(s, "\x00") == s }

func TestUnsafeSourceURLIsPlainTextInMarkdown(t *testing.T) {
	md := renderString(t, newRenderer(t), Markdown, hostileEventPage())
	for _, want := range []string{
		"1. Evil \\<img src=x onerror=alert(1)\\>\n",
		"1. Data\n",
		"1. [Good](https://news.example/a?b=1&c=2)\n",
		"# \\<script\\>alert(1)\\</script\\> \"\\]\\]\\> \\[x\\](javascript:alert(1)) ",
		"\n1\\. \\]\\]\\> \\<script\\>x\\</script\\>\n",
		"_Context: \\_a\\_, \\<b\\>_",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "Cover Image") {
		t.Error("Markdown links a javascript: cover image")
	}
}

func TestCleanStripsCharactersIllegalInXML(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"tab\tnew\nline\rok", "tab\tnew\nline\rok"},
		{"nul\x00 esc\x1b bell\x07", "nul esc bell"},
		{"bad\xffbyte", "badbyte"},
		{"lone surrogate \xed\xa0\x80!", "lone surrogate !"},
		{"nonchars \uFFFE\uFFFF kept é 東京 🙂", "nonchars  kept é 東京 🙂"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMarkdownEscapesSyntaxButKeepsPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"U.S. President Donald Trump visits (DMZ) South Korea's", "U.S. President Donald Trump visits (DMZ) South Korea's"},
		{"[a](b)", `\[a\](b)`},
		{"<script>", `\<script\>`},
		{"*bold* _em_ `code` ~s~ a|b #tag", "\\*bold\\* \\_em\\_ \\`code\\` \\~s\\~ a\\|b \\#tag"},
		{"AT&T &amp; &#60;", `AT&T \&amp; &\#60;`},
		{`back\slash`, `back\\slash`},
		{"two\nlines", "two lines"},
	}
	for _, tt := range tests {
		if got := mdText(tt.in); got != tt.want {
			t.Errorf("mdText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMarkdownParagraphCannotStartABlock(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1. First", `1\. First`},
		{"2013) Year", `2013\) Year`},
		{"- item", `\- item`},
		{"> quote", `\> quote`},
		{"   indented", "indented"},
		{"2013 was a year.", "2013 was a year."},
	}
	for _, tt := range tests {
		if got := mdParagraph(tt.in); got != tt.want {
			t.Errorf("mdParagraph(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOnlyHTTPURLsAreSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://a.example/x?y=1", "https://a.example/x?y=1"},
		{"HTTP://A.example/", "HTTP://A.example/"},
		{" http://a.example/ ", "http://a.example/"},
		{"javascript:alert(1)", ""},
		{"JaVaScRiPt:alert(1)", ""},
		{"data:text/html,x", ""},
		{"//a.example/x", ""},
		{"/news/x", ""},
		{"http://user:pw@a.example/", ""},
		{"http://", ""},
	}
	for _, tt := range tests {
		if got := safeURL(tt.in); got != tt.want {
			t.Errorf("safeURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWikipediaURLEscapesLikeWikipedia(t *testing.T) {
	tests := []struct{ in, want string }{
		{"North Korea", "https://en.wikipedia.org/wiki/North_Korea"},
		{"Côte d'Ivoire", "https://en.wikipedia.org/wiki/C%C3%B4te_d'Ivoire"},
		{"AC/DC", "https://en.wikipedia.org/wiki/AC/DC"},
		{"Bosnia (region)", "https://en.wikipedia.org/wiki/Bosnia_(region)"},
		{"AT&T", "https://en.wikipedia.org/wiki/AT%26T"},
		{"C++ ?#%\"<>", "https://en.wikipedia.org/wiki/C%2B%2B_%3F%23%25%22%3C%3E"},
	}
	for _, tt := range tests {
		if got := WikipediaURL(tt.in); got != tt.want {
			t.Errorf("WikipediaURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A cover image may be an http(s) URL or a path of the site itself (the
// demo serves its covers from /media/demo/); anything else is dropped.
// Open Graph and JSON-LD get the site path made absolute.
func TestCoverImageIsAnHTTPURLOrASitePath(t *testing.T) {
	tests := []struct {
		cover, want, og string
	}{
		{"https://img.example/a.jpg", "https://img.example/a.jpg", "https://img.example/a.jpg"},
		{" /media/demo/ferry.png ", "/media/demo/ferry.png", "https://chronicle.example/media/demo/ferry.png"},
		{"//evil.example/a.png", "", ""},
		{"/\\evil.example/a.png", "", ""},
		{"media/demo/ferry.png", "", ""},
		{"javascript:alert(1)", "", ""},
		{"data:image/png;base64,AAAA", "", ""},
		{"/media/a b.png", "", ""},
	}
	r := newRenderer(t)
	for _, tt := range tests {
		p := seedEventPage()
		p.CoverImage = tt.cover
		if got := jsonField(t, renderString(t, r, JSON, p), "cover_image"); got != tt.want {
			t.Errorf("cover %q: JSON cover_image = %q, want %q", tt.cover, got, tt.want)
		}
		html := renderString(t, r, HTML, p)
		if got := strings.Contains(html, `<figure class="cover"><img src="`+tt.want+`"`); got != (tt.want != "") {
			t.Errorf("cover %q: HTML figure present = %v", tt.cover, got)
		}
		if got := strings.Contains(html, `<meta property="og:image" content="`+tt.og+`">`); got != (tt.og != "") {
			t.Errorf("cover %q: og:image %q present = %v:\n%s", tt.cover, tt.og, got, html)
		}
		md := renderString(t, r, Markdown, p)
		if got := strings.Contains(md, "1. [Cover Image]("+tt.want+")\n"); got != (tt.want != "") {
			t.Errorf("cover %q: Markdown cover line present = %v", tt.cover, got)
		}
	}
}

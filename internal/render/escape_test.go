package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html/template"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// The hand-written writers must say exactly what the standard library's
// encoders said before them; these tests compare both on hostile strings.

var hostilePieces = []string{
	"a", "Z", "09", " ", "<", ">", "&", "&amp;", "'", `"`, "+", "%", "%41", "%zz", "%4", ":", "/", "?", "#",
	"[", "]", "(", ")", "*", "_", "`", "~", "|", `\`, "\x00", "\x01", "\b", "\f", "\t", "\n", "\r", "\x7f",
	"é", "東京", "😀", "\u2028", "\u2029", "\uFFFE", "\uFFFD", "\xff", "\xed\xa0\x80", "]]>", "<script>",
	"javascript:", "JavaScript:", "mailto:", "http://x.example/a b?c=1&d=+", "https:", "1.", "-",
}

// hostileStrings returns fixed edge cases and n random mixes of hostilePieces.
func hostileStrings(n int) []string {
	out := append([]string{""}, hostilePieces...)
	r := rand.New(rand.NewPCG(7, 11))
	for range n {
		var b strings.Builder
		for range 1 + r.IntN(12) {
			b.WriteString(hostilePieces[r.IntN(len(hostilePieces))])
		}
		out = append(out, b.String())
	}
	return out
}

func TestHTMLEscapingMatchesHTMLTemplate(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(
		`<p title="{{.}}">{{.}}</p><a href="{{.}}">x</a><a href="/a/{{.}}.html">y</a><a href="#letter-{{.}}">z</a>`))
	for _, s := range hostileStrings(3000) {
		var want bytes.Buffer
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		w := htmlWriter{Buffer: &got}
		got.WriteString(`<p title="`)
		w.text(s)
		got.WriteString(`">`)
		w.text(s)
		got.WriteString(`</p><a href="`)
		w.url(s)
		got.WriteString(`">x</a><a href="`)
		w.page("/a/" + s)
		got.WriteString(`">y</a><a href="#letter-`)
		writeHTMLURLPart(&got, s)
		got.WriteString(`">z</a>`)
		if got.String() != want.String() {
			t.Fatalf("%q:\n got %s\nwant %s", s, got.String(), want.String())
		}
	}
}

func TestXMLEscapingMatchesEncodingXML(t *testing.T) {
	type doc struct {
		S string `xml:"s"`
	}
	for _, s := range hostileStrings(3000) {
		want, err := xml.Marshal(doc{s})
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		got.WriteString("<doc>")
		(&xmlWriter{b: &got}).text("s", s)
		got.WriteString("</doc>")
		if got.String() != string(want) {
			t.Fatalf("%q:\n got %s\nwant %s", s, got.String(), want)
		}
	}
}

func TestNumbersMatchEncodingJSONAndXML(t *testing.T) {
	type doc struct {
		F float64 `xml:"f"`
	}
	for _, f := range []float64{0, 1, -1, 9.5, 6.25, 0.1, 1e-6, 9.99e-7, 1.5e-9, 1e20, 1e21, 123456789012345678901234.0, -2.5e-8, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		want, _ := json.Marshal(f)
		var got bytes.Buffer
		(&jsonWriter{b: &got}).float(f)
		if got.String() != string(want) {
			t.Errorf("JSON %v: got %s, want %s", f, got.String(), want)
		}
		wantXML, _ := xml.Marshal(doc{f})
		got.Reset()
		got.WriteString("<doc>")
		(&xmlWriter{b: &got}).float("f", f)
		got.WriteString("</doc>")
		if got.String() != string(wantXML) {
			t.Errorf("XML %v: got %s, want %s", f, got.String(), wantXML)
		}
	}
}

func TestJSONRefusesNaNAndInfinityLikeEncodingJSON(t *testing.T) {
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		p := seedEventPage()
		p.Related[0].Score = f
		var b bytes.Buffer
		if err := newRenderer(t).Render(&b, JSON, p); err == nil || b.Len() > 0 {
			t.Errorf("score %v: err=%v, wrote %d bytes; want an error and nothing written", f, err, b.Len())
		}
	}
}

func TestIndentedJSONAndXMLMatchTheEncoders(t *testing.T) {
	type item struct {
		A string   `json:"a" xml:"a"`
		L []string `json:"l" xml:"l>x"`
	}
	type doc struct {
		XMLName xml.Name `json:"-" xml:"doc"`
		Items   []item   `json:"items" xml:"items>item"`
		Empty   []string `json:"empty" xml:"empty>x"`
	}
	v := doc{Items: []item{{"<1>", []string{"&", "b"}}, {"2", []string{}}}, Empty: []string{}}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	err := writeJSONDoc(&got, func(w *jsonWriter) {
		w.open('{')
		w.key("items")
		w.open('[')
		for _, it := range v.Items {
			w.next()
			w.open('{')
			w.stringField("a", it.A)
			w.key("l")
			w.strings(it.L)
			w.close('}')
		}
		w.close(']')
		w.key("empty")
		w.strings(v.Empty)
		w.close('}')
	})
	if err != nil || got.String() != want.String() {
		t.Errorf("JSON (err %v):\n got %s\nwant %s", err, got.String(), want.String())
	}
	want.Reset()
	if err := writeXML(&want, v); err != nil {
		t.Fatal(err)
	}
	got.Reset()
	writeXMLDoc(&got, func(w *xmlWriter) {
		w.open("doc")
		w.open("items")
		for _, it := range v.Items {
			w.open("item")
			w.text("a", it.A)
			w.strings("l", "x", it.L)
			w.close("item")
		}
		w.close("items")
		w.strings("empty", "x", v.Empty)
		w.close("doc")
	})
	if got.String() != want.String() {
		t.Errorf("XML:\n got %s\nwant %s", got.String(), want.String())
	}
}

func TestDatesAndPathsMatchFmt(t *testing.T) {
	for _, d := range []event.Date{{}, {Year: 2013, Month: 6, Day: 6}, {Year: 999, Month: 12, Day: 31}, {Year: 12345, Month: 1, Day: 1}, {Year: -5, Month: 1, Day: 2}} {
		if got, want := DayPath(d), d.Dir()+"/index"; got != want {
			t.Errorf("DayPath(%v) = %q, want %q", d, got, want)
		}
	}
	if got := MonthPath(7, 3); got != "/news/0007/03/index" {
		t.Errorf("MonthPath(7, 3) = %q", got)
	}
	if got := YearPath(987); got != "/news/0987/index" {
		t.Errorf("YearPath(987) = %q", got)
	}
}

func TestTopicSlugFastPathMatchesEventTopicSlug(t *testing.T) {
	for _, s := range append(hostileStrings(2000), "North Korea", "AC/DC", "--", "2013 Moore tornado", "Côte d'Ivoire") {
		if got, want := topicSlug(s), event.TopicSlug(s); got != want {
			t.Errorf("topicSlug(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestFeedPathsOfAPathWithoutIndexDoNotPanic(t *testing.T) {
	tests := []struct{ page, rss, atom string }{
		{HomePath, FeedPath, AtomPath},
		{"/topics/north-korea/index", "/topics/north-korea/feed.xml", "/topics/north-korea/atom.xml"},
		{"/x/", "/x/feed.xml", "/x/atom.xml"},
		{"", "feed.xml", "atom.xml"},
	}
	for _, tt := range tests {
		if rss, atom := FeedPaths(tt.page); rss != tt.rss || atom != tt.atom {
			t.Errorf("FeedPaths(%q) = %q, %q; want %q, %q", tt.page, rss, atom, tt.rss, tt.atom)
		}
	}
}

func TestPrintableASCIIIsEveryByteIn0x20To0x7f(t *testing.T) {
	naive := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] < 0x20 || s[i] >= 0x80 {
				return false
			}
		}
		return true
	}
	tests := append(hostileStrings(2000), "", "a", "abcdefgh", "abcdefghi", "North Korea fires a missile.")
	// Every byte value at every position of strings of up to 17 bytes,
	// around printable neighbours, for the eight-byte steps and the tail.
	for n := 1; n <= 17; n++ {
		for at := range n {
			for c := range 256 {
				b := []byte("                 ")[:n]
				if at > 0 {
					b[at-1] = 0x7f
				}
				b[at] = byte(c)
				tests = append(tests, string(b))
			}
		}
	}
	for _, s := range tests {
		if got, want := printableASCII(s), naive(s); got != want {
			t.Errorf("printableASCII(%q) = %v, want %v", s, got, want)
		}
	}
}

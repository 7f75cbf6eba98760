package escape

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html/template"
	"testing"
)

// seeds are strings each escaper must get right: every byte the formats
// escape, control characters, invalid UTF-8, surrogates and line separators.
var seeds = []string{
	"", "plain", "<script>alert('x')</script>", `"quoted" & 'single'`, "a+b", "tab\tnew\nline\rcr",
	"\x00nul", "\x01\x1f\x7f", "\b\f", `back\slash`, "é東京😀", "\u2028\u2029", "\uFFFE\uFFFD",
	"\xff", "\xed\xa0\x80", "]]>", "AT&T &amp; co",
}

func FuzzJSONMatchesEncodingJSON(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(checkJSON)
}

func FuzzXMLMatchesEncodingXML(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(checkXML)
}

func FuzzHTMLMatchesHTMLTemplate(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(checkHTML)
}

// TestWordBoundaries puts each byte the escapers look at into a plain text
// at every offset around the eight-byte words they skip, and holds each
// escaper to its standard library reference there.
func TestWordBoundaries(t *testing.T) {
	specials := []string{"\x00", "\x01", "\t", "\n", "\r", "\x1f", " ", "\x7f", `"`, "&", "'", "+", "<", ">", `\`,
		"é", "\u2028", "\uFFFE", "\xff", "\xed\xa0\x80", "😀"}
	const plain = "abcdefghijklmnopqrstuvwxyz0123456789"
	for _, sp := range specials {
		for n := 0; n <= 20; n++ {
			for at := 0; at <= n; at++ {
				s := plain[:at] + sp + plain[at:n]
				checkJSON(t, s)
				checkXML(t, s)
				checkHTML(t, s)
			}
		}
	}
}

// checkJSON holds AppendJSON to encoding/json: json.Marshal, and an Encoder
// with SetEscapeHTML(false).
func checkJSON(t *testing.T, s string) {
	t.Helper()
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := AppendJSON(nil, s, true); string(got) != string(want) {
		t.Errorf("%q escaping HTML:\n got %s\nwant %s", s, got, want)
	}
	var plain bytes.Buffer
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	if got := AppendJSON([]byte("x"), s, false); string(got)+"\n" != "x"+plain.String() {
		t.Errorf("%q:\n got %s\nwant %s", s, got, plain.String())
	}
}

// checkXML holds XML to encoding/xml's EscapeText.
func checkXML(t *testing.T, s string) {
	t.Helper()
	var want, got bytes.Buffer
	if err := xml.EscapeText(&want, []byte(s)); err != nil {
		t.Fatal(err)
	}
	XML(&got, s)
	if got.String() != want.String() {
		t.Errorf("%q:\n got %s\nwant %s", s, got.String(), want.String())
	}
}

var htmlText = template.Must(template.New("").Parse(`<p title="{{.}}">{{.}}</p>`))

// checkHTML holds HTML to html/template, in an attribute and in text.
func checkHTML(t *testing.T, s string) {
	t.Helper()
	var want, got bytes.Buffer
	if err := htmlText.Execute(&want, s); err != nil {
		t.Fatal(err)
	}
	got.WriteString(`<p title="`)
	HTML(&got, s)
	got.WriteString(`">`)
	HTML(&got, s)
	got.WriteString(`</p>`)
	if got.String() != want.String() {
		t.Errorf("%q:\n got %s\nwant %s", s, got.String(), want.String())
	}
}

// headline is a typical event's text: plain ASCII with a few quotes.
const headline = `At least 40 people are killed and dozens injured after a bus collides with a truck on the Trans-Canada Highway near Swift Current, Saskatchewan, the Royal Canadian Mounted Police say. The driver's "error" is blamed.`

func BenchmarkEscapers(b *testing.B) {
	for _, esc := range []struct {
		name  string
		write func(*bytes.Buffer, string)
	}{
		{"XML", XML},
		{"HTML", HTML},
		{"JSON", func(buf *bytes.Buffer, s string) { buf.Write(AppendJSON(buf.AvailableBuffer(), s, true)) }},
	} {
		b.Run(esc.name, func(b *testing.B) {
			var buf bytes.Buffer
			b.SetBytes(int64(len(headline)))
			for b.Loop() {
				buf.Reset()
				esc.write(&buf, headline)
			}
		})
	}
}

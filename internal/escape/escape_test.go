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
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendJSON(nil, s, true); string(got) != string(want) {
			t.Fatalf("%q escaping HTML:\n got %s\nwant %s", s, got, want)
		}
		var plain bytes.Buffer
		enc := json.NewEncoder(&plain)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := AppendJSON([]byte("x"), s, false); string(got)+"\n" != "x"+plain.String() {
			t.Fatalf("%q:\n got %s\nwant %s", s, got, plain.String())
		}
	})
}

func FuzzXMLMatchesEncodingXML(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want, got bytes.Buffer
		if err := xml.EscapeText(&want, []byte(s)); err != nil {
			t.Fatal(err)
		}
		XML(&got, s)
		if got.String() != want.String() {
			t.Fatalf("%q:\n got %s\nwant %s", s, got.String(), want.String())
		}
	})
}

var htmlText = template.Must(template.New("").Parse(`<p title="{{.}}">{{.}}</p>`))

func FuzzHTMLMatchesHTMLTemplate(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
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
			t.Fatalf("%q:\n got %s\nwant %s", s, got.String(), want.String())
		}
	})
}

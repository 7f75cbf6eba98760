package render

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/escape"
	"github.com/chronicle-archive/chronicle/internal/event"
)

// The writers below produce, byte for byte, what html/template, encoding/json
// and encoding/xml produced for the same values when the pages used them; the
// tests in escape_test.go hold them to that. Writing by hand avoids their
// reflection, which dominated rendering time.

// writeHTMLURL writes a URL that fills a whole href attribute as html/template
// does: a scheme other than http, https or mailto becomes "#ZgotmplZ"; bytes a
// URL cannot hold are percent-encoded (valid escapes kept); & and + become entities.
func writeHTMLURL(b *bytes.Buffer, u string) {
	if !htmlTemplateSafeURL(u) {
		u = "#ZgotmplZ"
	}
	writePercentEncoded(b, u, true)
}

// writeHTMLURLPart writes text placed after a URL's "#" or "?" as html/template
// does: everything but letters, digits and -._~ is percent-encoded.
func writeHTMLURLPart(b *bytes.Buffer, s string) { writePercentEncoded(b, s, false) }

// htmlTemplateSafeURL reports whether html/template lets u through: relative, or
// with an http, https or mailto scheme.
func htmlTemplateSafeURL(u string) bool {
	protocol, _, ok := strings.Cut(u, ":")
	if !ok || strings.Contains(protocol, "/") {
		return true
	}
	return strings.EqualFold(protocol, "http") || strings.EqualFold(protocol, "https") || strings.EqualFold(protocol, "mailto")
}

// writePercentEncoded is html/template's URL normalizer (keepReserved) or URL
// escaper, followed by its attribute escaping of the & and + it keeps.
func writePercentEncoded(b *bytes.Buffer, s string, keepReserved bool) {
	const hex = "0123456789abcdef"
	keep := &urlUnreserved
	if keepReserved {
		keep = &urlUnreservedOrReserved
	}
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if keep[c] {
			continue
		}
		b.WriteString(s[last:i])
		last = i + 1
		switch {
		case keepReserved && c == '&':
			b.WriteString("&amp;")
		case keepReserved && c == '+':
			b.WriteString("&#43;")
		case keepReserved && c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	b.WriteString(s[last:])
}

// urlUnreserved are the bytes html/template's URL escaper keeps; its
// normalizer also keeps the reserved ones (& and + are escaped for HTML apart).
var urlUnreserved, urlUnreservedOrReserved = byteSets(
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~",
	"!#$*,/:;=?@[]")

func byteSets(unreserved, reserved string) (u, ur [256]bool) {
	for i := range len(unreserved) {
		u[unreserved[i]] = true
		ur[unreserved[i]] = true
	}
	for i := range len(reserved) {
		ur[reserved[i]] = true
	}
	return u, ur
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// xmlWriter writes elements indented by two spaces exactly as an
// encoding/xml Encoder with Indent("", "  "): an element holding only text
// stays on one line, and an empty one is written <a></a>.
type xmlWriter struct {
	b          *bytes.Buffer
	depth      int
	indentedIn bool // nothing but text since the last start tag
	started    bool
}

func (w *xmlWriter) newline() {
	if w.started {
		w.b.WriteByte('\n')
	}
	w.started = true
	writeIndent(w.b, w.depth)
}

// writeIndent writes two spaces per level.
func writeIndent(b *bytes.Buffer, depth int) {
	const spaces = "                                "
	for n := 2 * depth; n > 0; n -= len(spaces) {
		b.WriteString(spaces[:min(n, len(spaces))])
	}
}

// open writes a start tag, with the attributes given as name and value pairs.
func (w *xmlWriter) open(name string, attrs ...string) {
	w.newline()
	w.b.WriteByte('<')
	w.b.WriteString(name)
	for i := 0; i+1 < len(attrs); i += 2 {
		w.b.WriteByte(' ')
		w.b.WriteString(attrs[i])
		w.b.WriteString(`="`)
		escape.XML(w.b, attrs[i+1])
		w.b.WriteByte('"')
	}
	w.b.WriteByte('>')
	w.depth++
	w.indentedIn = true
}

// empty writes an element of attributes only: <a k="v"></a>.
func (w *xmlWriter) empty(name string, attrs ...string) {
	w.open(name, attrs...)
	w.close(name)
}

// textWith writes an element holding escaped text, with attributes.
func (w *xmlWriter) textWith(name, s string, attrs ...string) {
	w.open(name, attrs...)
	escape.XML(w.b, s)
	w.close(name)
}

// instantText writes an element holding t in a time layout.
func (w *xmlWriter) instantText(name string, t time.Time, layout string) {
	w.open(name)
	w.b.Write(t.AppendFormat(w.b.AvailableBuffer(), layout))
	w.close(name)
}

// close writes an end tag, on its own line when the element holds elements.
func (w *xmlWriter) close(name string) {
	w.depth--
	if !w.indentedIn {
		w.newline()
	}
	w.indentedIn = false
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteByte('>')
}

// text writes an element holding escaped text.
func (w *xmlWriter) text(name, s string) {
	w.open(name)
	escape.XML(w.b, s)
	w.close(name)
}

func (w *xmlWriter) int(name string, n int) {
	w.open(name)
	w.b.Write(strconv.AppendInt(w.b.AvailableBuffer(), int64(n), 10))
	w.close(name)
}

// float writes a number as encoding/xml does, strconv's shortest 'g' form.
func (w *xmlWriter) float(name string, f float64) {
	w.open(name)
	w.b.Write(strconv.AppendFloat(w.b.AvailableBuffer(), f, 'g', -1, 64))
	w.close(name)
}

func (w *xmlWriter) date(name string, d event.Date) {
	w.open(name)
	w.b.Write(d.AppendISO(w.b.AvailableBuffer()))
	w.close(name)
}

// strings writes a wrapper element with one element per string.
func (w *xmlWriter) strings(wrapper, name string, ss []string) {
	w.open(wrapper)
	for _, s := range ss {
		w.text(name, s)
	}
	w.close(wrapper)
}

// jsonWriter writes JSON as encoding/json does: compact (json.Marshal) or
// indented by two spaces (Encoder.SetIndent("", "  ")), with <, > and &
// escaped or not (SetEscapeHTML). Keys are the writer's own constants.
type jsonWriter struct {
	b          *bytes.Buffer
	indent     bool
	escapeHTML bool
	depth      int
	empty      bool // the innermost object or array has no member yet
	err        error
}

// open starts an object ('{') or array ('[').
func (w *jsonWriter) open(c byte) {
	w.b.WriteByte(c)
	w.depth++
	w.empty = true
}

// close ends an object ('}') or array (']'); an empty one stays on its line.
func (w *jsonWriter) close(c byte) {
	w.depth--
	if !w.empty && w.indent {
		w.newline()
	}
	w.empty = false
	w.b.WriteByte(c)
}

func (w *jsonWriter) newline() {
	w.b.WriteByte('\n')
	writeIndent(w.b, w.depth)
}

// next starts a member of an object or an element of an array.
func (w *jsonWriter) next() {
	if !w.empty {
		w.b.WriteByte(',')
	}
	w.empty = false
	if w.indent {
		w.newline()
	}
}

// key starts an object member.
func (w *jsonWriter) key(k string) {
	w.next()
	w.b.WriteByte('"')
	w.b.WriteString(k)
	w.b.WriteString(`":`)
	if w.indent {
		w.b.WriteByte(' ')
	}
}

func (w *jsonWriter) str(s string) {
	w.b.Write(escape.AppendJSON(w.b.AvailableBuffer(), s, w.escapeHTML))
}

func (w *jsonWriter) int(n int) { w.b.Write(strconv.AppendInt(w.b.AvailableBuffer(), int64(n), 10)) }

func (w *jsonWriter) date(d event.Date) {
	w.b.WriteByte('"')
	w.b.Write(d.AppendISO(w.b.AvailableBuffer()))
	w.b.WriteByte('"')
}

// float writes a number as encoding/json does (ES6 number form); NaN and the
// infinities, which JSON cannot hold, record an error.
func (w *jsonWriter) float(f float64) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		w.fail(fmt.Errorf("json: unsupported value: %v", f))
		w.b.WriteByte('0')
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b := strconv.AppendFloat(w.b.AvailableBuffer(), f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1] // e-07 → e-7
		b = b[:n-1]
	}
	w.b.Write(b)
}

func (w *jsonWriter) null() { w.b.WriteString("null") }

func (w *jsonWriter) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// stringField writes "k": "s".
func (w *jsonWriter) stringField(k, s string) {
	w.key(k)
	w.str(s)
}

// stringFieldOmitEmpty writes "k": "s" unless s is empty (json's omitempty).
func (w *jsonWriter) stringFieldOmitEmpty(k, s string) {
	if s != "" {
		w.stringField(k, s)
	}
}

func (w *jsonWriter) strings(ss []string) {
	w.open('[')
	for _, s := range ss {
		w.next()
		w.str(s)
	}
	w.close(']')
}

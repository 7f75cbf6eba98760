// Package escape holds Chronicle's one escaper per format: text in HTML, text
// in XML and strings in JSON, each written byte for byte as the standard
// library's encoder for the format writes it (html/template, encoding/xml,
// encoding/json), without their reflection. render writes every page with
// them, and site its redirect files.
package escape

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// HTML writes s escaped as html/template escapes text, RCDATA and
// quoted attribute values: " & ' + < > become entities, NUL becomes U+FFFD.
func HTML(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		for i+8 <= len(s) && plain8(&htmlPlain, s, i) {
			i += 8
		}
		if i == len(s) {
			break
		}
		esc := htmlEscapes[s[i]]
		if esc == "" {
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(s[last:])
}

var htmlEscapes = [256]string{0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;"}

// htmlPlain are the bytes HTML text holds as they are.
var htmlPlain = func() (set [256]bool) {
	for c := range set {
		set[c] = htmlEscapes[c] == ""
	}
	return set
}()

// XML writes s escaped as encoding/xml escapes character data:
// " ' & < > tab, newline and carriage return become references, and characters
// outside XML's range (or invalid UTF-8) become U+FFFD.
func XML(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) && plain8(&xmlPlainASCII, s, i) {
			i += 8
			continue
		}
		if xmlPlainASCII[s[i]] {
			i++
			continue
		}
		r, width := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			if xmlCharacter(r) && (r != utf8.RuneError || width > 1) {
				i += width
				continue
			}
			esc = "\uFFFD"
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		i += width
		last = i
	}
	b.WriteString(s[last:])
}

// xmlPlainASCII are the ASCII bytes that XML text holds as they are.
var xmlPlainASCII = func() (set [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		set[c] = !strings.ContainsRune(`"'&<>`, rune(c))
	}
	return set
}()

// xmlCharacter reports whether XML 1.0 allows r in a document.
func xmlCharacter(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// AppendJSON appends s as a JSON string, escaped as encoding/json does:
// with <, > and & as \u003c, \u003e and \u0026 when escapeHTML is set (as
// json.Marshal), as they are otherwise (as an Encoder with SetEscapeHTML(false)).
func AppendJSON(dst []byte, s string, escapeHTML bool) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) && plain8(&jsonPlainASCII, s, i) {
			i += 8
			continue
		}
		if c := s[i]; c < utf8.RuneSelf {
			if jsonPlainASCII[c] || !escapeHTML && (c == '<' || c == '>' || c == '&') {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// jsonPlainASCII are the ASCII bytes a JSON string holds as they are, even
// when escaping for HTML.
var jsonPlainASCII = func() (set [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		set[c] = !strings.ContainsRune(`"\<>&`, rune(c))
	}
	return set
}()

// plain8 reports whether the eight bytes of s from i are all in set: the
// escapers skip text a word at a time while no byte of it needs a look of its
// own. Every text of every page goes through them, and a byte at a time they
// were a tenth of a build's rendering (docs/performance-log.md, "Build").
func plain8(set *[256]bool, s string, i int) bool {
	w := s[i : i+8]
	return set[w[0]] && set[w[1]] && set[w[2]] && set[w[3]] &&
		set[w[4]] && set[w[5]] && set[w[6]] && set[w[7]]
}

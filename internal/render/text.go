package render

import (
	"bytes"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// Clean returns s without the characters XML 1.0 forbids: control characters
// other than tab, newline and carriage return, U+FFFE, U+FFFF, and bytes that are
// not valid UTF-8 (which includes encoded lone surrogates). Every format applies it
// to every text, so all four say the same thing.
func Clean(s string) string {
	i := firstIllegal(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if legalRune(r, n) {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// firstIllegal returns the byte offset of s's first illegal character, or -1.
func firstIllegal(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !legalRune(r, n) {
			return i
		}
		i += n
	}
	return -1
}

func legalRune(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return false
	case r < 0x20:
		return r == '\t' || r == '\n' || r == '\r'
	case r == 0xFFFE || r == 0xFFFF:
		return false
	}
	return true
}

// oneLine cleans s and turns its line breaks and tabs into spaces.
func oneLine(s string) string {
	if printableASCII(s) {
		return s // the common case, with nothing to clean or replace
	}
	s = Clean(s)
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return ' '
			}
			return r
		}, s)
	}
	return s
}

// printableASCII reports whether every byte of s is in 0x20..0x7f. It
// looks at eight bytes at a time: every text of every page goes through
// oneLine, and the loop a byte at a time was 3% of a build's CPU time
// (docs/performance-log.md, "Build").
func printableASCII(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// A byte of 0x80 or more has its high bit set in x; one under 0x20
		// sets it in x - 0x20 per byte (a borrow crosses into the next
		// byte only from a byte under 0x20, already caught).
		if (x|(x-0x20*ones))&highs != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isHTTPURL reports whether u is an absolute http or https URL with a host.
func isHTTPURL(u string) bool {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" || p.User != nil {
		return false
	}
	s := strings.ToLower(p.Scheme)
	return s == "http" || s == "https"
}

// safeURL returns u cleaned when it is an http(s) URL, else "": other schemes
// (javascript:, data:, relative paths) are never emitted.
func safeURL(u string) string {
	u = strings.TrimSpace(oneLine(u))
	if !isHTTPURL(u) {
		return ""
	}
	return u
}

// safeImageURL returns u cleaned when it is an http(s) URL or a path of the
// site itself (one leading "/", as the demo's /media/demo/<name>.png), else
// "": an image may be served by the site, but never from another scheme.
func safeImageURL(u string) string {
	u = strings.TrimSpace(oneLine(u))
	if isSitePath(u) {
		return u
	}
	return safeURL(u)
}

// isSitePath reports whether u is a root-relative path: a single leading
// "/" (not "//", a host), no backslash (which browsers read as "/"), and
// nothing a URL parser takes for a scheme or host.
func isSitePath(u string) bool {
	if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") || strings.ContainsAny(u, "\\ ") {
		return false
	}
	p, err := url.Parse(u)
	return err == nil && p.Scheme == "" && p.Host == "" && p.User == nil && p.Opaque == ""
}

// absURL returns an image or link URL absolute: a path of the site gets
// the base URL, as Open Graph and JSON-LD want; "" stays "".
func (r *Renderer) absURL(u string) string {
	if isSitePath(u) {
		return r.abs(u)
	}
	return u
}

// WikipediaURL returns the English Wikipedia address of an article title:
// spaces become "_", and the characters a URL path cannot hold are percent-encoded.
func WikipediaURL(title string) string {
	title = strings.ReplaceAll(strings.TrimSpace(oneLine(title)), " ", "_")
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len("https://en.wikipedia.org/wiki/") + len(title)*3/2)
	b.WriteString("https://en.wikipedia.org/wiki/")
	for i := 0; i < len(title); i++ {
		c := title[i]
		if wikiKeeps(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// wikiKeeps reports whether a title byte stays as is in a Wikipedia URL, as
// Wikipedia itself writes its addresses (AC/DC, Côte_d'Ivoire → C%C3%B4te_d'Ivoire).
func wikiKeeps(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("-_.~!$'()*,/:;@", c) >= 0
}

// writeMDText writes s as one line of Markdown text that renders exactly as s:
// a backslash before each character that would make Markdown syntax (links,
// HTML, emphasis, code, headings), and before an "&" only where it would start
// a named entity (&amp;, &lt;), so that "AT&T" stays readable. Numeric entities
// cannot form: their "#" is escaped.
func writeMDText(b *bytes.Buffer, s string) {
	s = oneLine(s)
	last := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; mdSyntax[c] || c == '&' && startsEntity(s[i+1:]) {
			b.WriteString(s[last:i])
			b.WriteByte('\\')
			last = i
		}
	}
	b.WriteString(s[last:])
}

var mdSyntax = func() (set [256]bool) {
	for _, c := range []byte("\\[]<>*_`#~|") {
		set[c] = true
	}
	return set
}()

// mdText returns s as writeMDText writes it.
func mdText(s string) string {
	var b bytes.Buffer
	writeMDText(&b, s)
	return b.String()
}

// startsEntity reports whether s begins with letters or digits and a ";".
func startsEntity(s string) bool {
	n := 0
	for n < len(s) && (s[n] >= 'a' && s[n] <= 'z' || s[n] >= 'A' && s[n] <= 'Z' || s[n] >= '0' && s[n] <= '9') {
		n++
	}
	return n > 0 && n < len(s) && s[n] == ';'
}

// mdParagraph returns s as a Markdown paragraph: mdText, and a first character
// that would start a list, quote or heading is escaped.
func mdParagraph(s string) string {
	s = strings.TrimLeft(mdText(s), " ")
	if s == "" {
		return s
	}
	if strings.IndexByte("-+=>", s[0]) >= 0 {
		return `\` + s
	}
	digits := 0
	for digits < len(s) && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits > 0 && digits < len(s) && (s[digits] == '.' || s[digits] == ')') {
		return s[:digits] + `\` + s[digits:]
	}
	return s
}

// writeMDURL writes u safe inside a Markdown link destination "( )".
func writeMDURL(b *bytes.Buffer, u string) {
	last := 0
	for i := 0; i < len(u); i++ {
		if esc := mdURLEscapes[u[i]]; esc != "" {
			b.WriteString(u[last:i])
			b.WriteString(esc)
			last = i + 1
		}
	}
	b.WriteString(u[last:])
}

var mdURLEscapes = [256]string{' ': "%20", '(': "%28", ')': "%29", '<': "%3C", '>': "%3E", '\\': "%5C"}

// longDate returns a day as "6 June 2013".
func longDate(d event.Date) string {
	return itoa(d.Day) + " " + d.Month.String() + " " + itoa(d.Year)
}

// seedDate returns a day as the seed page writes it: 2013-06-6, day not padded.
func seedDate(d event.Date) string {
	s := d.String()
	return s[:8] + itoa(d.Day)
}

// excerpt returns s cut to at most n runes at a word boundary, with "…" when cut.
func excerpt(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := runeOffset(s, n)
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > cut/2 {
		cut = sp
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}

func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

func mdURL(u string) string {
	var b bytes.Buffer
	writeMDURL(&b, u)
	return b.String()
}

package extract

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// MaxSummary is the longest summary kept, in characters; a longer text is
// cut at its last sentence end before the limit.
const MaxSummary = 300

// maxField bounds the other text fields (titles, names).
const maxField = 300

// maxURL bounds the URLs kept.
const maxURL = 2048

// PlainText turns a text that may hold markup or entities into plain text:
// tags dropped, entities decoded, control characters removed, whitespace
// collapsed. What is left never opens a tag.
func PlainText(s string) string {
	// Markup escaped twice comes out of the first pass as markup again, and
	// markup split by a control character ("<\x00b>", or "<&#1;b>" once
	// decoded) is markup once the character is gone: the characters go
	// before each pass.
	for i := 0; i < 3 && strings.ContainsAny(s, "<&"); i++ {
		s = stripMarkup(strings.Map(dropInvisible, s))
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case dropInvisible(r) < 0:
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return withoutTagOpenings(b.String())
}

// dropInvisible is a strings.Map mapping that drops what a reader cannot
// see and a page must not carry: control characters other than white
// space, format characters but the zero-width joiner (emoji sequences need
// it), and invalid UTF-8.
func dropInvisible(r rune) rune {
	switch {
	case r == utf8.RuneError:
		return -1
	case unicode.IsSpace(r):
		return r
	case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) && r != '\u200d':
		return -1
	}
	return r
}

// withoutTagOpenings drops each "<" that would open a tag or a comment
// ("<b", "</", "<!", "<?"), with the "<"s just before it, which would
// otherwise open it in its place ("<<b"): what markup nested deeper than the
// passes of PlainText leaves. A "<" before anything else ("<5%", "<3") is text.
func withoutTagOpenings(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			b.WriteByte(s[i])
			continue
		}
		end := i + 1 // the end of this run of "<"
		for end < len(s) && s[end] == '<' {
			end++
		}
		if end == len(s) || !opensTag(s[end]) {
			b.WriteString(s[i:end])
		}
		i = end - 1
	}
	return b.String()
}

func opensTag(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '/' || c == '!' || c == '?'
}

// stripMarkup keeps the text of s read as an HTML fragment, entities decoded.
func stripMarkup(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0 // inside script or style
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if tag == "script" || tag == "style" {
				if tt := z.Token().Type; tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			}
			b.WriteByte(' ')
		}
	}
}

// Summary makes s a summary: plain text no longer than MaxSummary
// characters, cut at a sentence end when one falls in the second half of
// the limit, else at a word with an ellipsis.
func Summary(s string) string { return cut(PlainText(s), MaxSummary) }

// field makes s a short plain-text field.
func field(s string) string { return cut(PlainText(s), maxField) }

func cut(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	runes := []rune(s)[:limit]
	for i := len(runes) - 1; i >= limit/2; i-- {
		if isSentenceEnd(runes, i) {
			return strings.TrimSpace(string(runes[:i+1]))
		}
	}
	head := string(runes[:limit-1])
	if sp := strings.LastIndexByte(head, ' '); sp > len(head)/2 {
		head = head[:sp]
	}
	return strings.TrimRight(head, " ,;:-–—") + "…"
}

// isSentenceEnd reports whether runes[i] ends a sentence: a full stop,
// question or exclamation mark (possibly closed by a quote) followed by a
// space, or an ideographic full stop.
func isSentenceEnd(runes []rune, i int) bool {
	r := runes[i]
	if r == '。' || r == '！' || r == '？' {
		return true
	}
	if r == '"' || r == '”' || r == '’' || r == ')' {
		if i == 0 {
			return false
		}
		r = runes[i-1]
	}
	if r != '.' && r != '!' && r != '?' {
		return false
	}
	return i+1 < len(runes) && runes[i+1] == ' '
}

// imageURL resolves ref against base and keeps it only when it is an http
// or https URL with a host.
func imageURL(base *url.URL, ref string) string {
	return httpURL(base, ref)
}

func httpURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || len(ref) > maxURL {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return ""
	}
	u.Fragment = ""
	s := u.String()
	if len(s) > maxURL {
		return ""
	}
	return s
}

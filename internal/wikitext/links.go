package wikitext

import (
	"bytes"
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// wikiLink renders the [[…]] at src[i] and returns where to go on.
func (p *Parser) wikiLink(i, end int) int {
	c := p.closer(i)
	if c < 0 || c+2 > end {
		p.problem("unclosed [[")
		return i + 2
	}
	src := p.src
	inner := src[i+2 : c]
	pipe := strings.IndexByte(inner, '|')
	target := inner
	if pipe >= 0 {
		target = inner[:pipe]
	}
	target = strings.TrimSpace(target)
	if !validTarget(target) {
		// Not a link. MediaWiki shows its source; a reader wants its label,
		// the text after the last "|", when there is one, and never what a
		// tag in the target ([[<script>…</script>|label]]) held.
		from := i + 2
		if last := strings.LastIndexByte(inner, '|'); last >= 0 && strings.TrimSpace(inner[last+1:]) != "" {
			from += last + 1
		}
		p.render(from, c)
		return c + 2
	}
	kind, title := classifyTarget(target)
	if kind == linkHidden {
		p.removed = true
		return c + 2
	}
	next := c + 2
	for next < end && 'a' <= src[next] && src[next] <= 'z' {
		next++
	}
	start := len(p.out)
	p.quiet++
	if pipe < 0 {
		at := i + 2 + strings.Index(inner, target)
		from, to := at, at+len(target)
		if target[0] == ':' {
			from++
		}
		if strings.IndexByte(src[from:to], '_') < 0 {
			p.render(from, to)
		} else {
			p.emitText(strings.ReplaceAll(src[from:to], "_", " ")) // shown as the title reads
		}
	} else if label := i + 2 + pipe + 1; strings.TrimSpace(src[label:c]) == "" {
		p.emitText(pipeTrick(target))
	} else {
		p.render(label, c)
	}
	p.quiet--
	labelEnd := len(p.out)
	if next > c+2 && labelEnd > start {
		p.emitRun(src[c+2 : next])
	} else {
		next = c + 2
	}
	if kind == linkEntity {
		p.addMention(start, labelEnd, len(p.out), title)
	}
	return next
}

// validTarget reports whether target can be a page title: not empty, and
// without the characters MediaWiki forbids in titles.
func validTarget(target string) bool {
	t := strings.TrimSpace(strings.TrimPrefix(target, ":"))
	if t == "" || len(target) > 512 {
		return false
	}
	for i := 0; i < len(target); i++ {
		if notInTitle[target[i]] {
			return false
		}
	}
	return true
}

// notInTitle marks the bytes that no link target may hold.
var notInTitle = [256]bool{'[': true, ']': true, '{': true, '}': true, '<': true, '>': true, '\n': true}

// externalLink renders the [url label] at src[i]; ok is false when src[i] does
// not start an external link.
func (p *Parser) externalLink(i, end int) (next int, ok bool) {
	src := p.src
	u := i + 1
	if !isURLStart(src[u:end]) {
		return i, false
	}
	k := u
	for k < end && isURLByte(src[k]) {
		k++
	}
	switch {
	case k < end && src[k] == ']':
		p.closedLink(src[u:k], k+1, k+1, end)
		return k + 1, true
	case k < end && isSpaceByte(src[k]):
		if close := p.index("]", k); close >= 0 && close < end && !opensLink(src[k:close]) {
			p.closedLink(src[u:k], k+1, close, end)
			return close + 1, true
		}
	}
	// Never closed: a bare URL, running to the next white space.
	for k < end && !isSpaceByte(src[k]) {
		k++
	}
	url := trimURLTail(src[u:k])
	if hostName(url) == "" {
		return i, false
	}
	p.addSource(url, nil)
	p.removed = true
	return u + len(url), true
}

// opensLink reports whether s holds the start of another external link.
func opensLink(s string) bool {
	for {
		i := strings.IndexByte(s, '[')
		if i < 0 {
			return false
		}
		if isURLStart(s[i+1:]) {
			return true
		}
		s = s[i+1:]
	}
}

// closedLink renders the label src[from:to] of an external link to url, closed
// by the "]" at to, and records the source.
func (p *Parser) closedLink(url string, from, to, end int) {
	pending := p.pendingSpace
	p.quiet++
	start := p.renderApart(from, to)
	p.quiet--
	label := bytes.TrimSpace(p.out[start:])
	if p.quiet == 0 {
		p.addSource(url, label)
	}
	if len(label) > 0 && isProse(label, p.src[min(to+1, end):end]) {
		if pending && start > 0 {
			p.out = slices.Insert(p.out, start, ' ')
		}
		return
	}
	p.out = p.out[:start]
	p.pendingSpace, p.removed = pending, true
}

// isProse reports whether an external link's label reads as part of the
// sentence rather than a source's name: not in parentheses, and starting with a
// lower-case letter or followed by a word.
func isProse(label []byte, after string) bool {
	if label[0] == '(' && label[len(label)-1] == ')' {
		return false
	}
	if r, _ := utf8.DecodeRune(label); unicode.IsLower(r) {
		return true
	}
	after = strings.TrimLeft(after, " \t\n\r")
	r, _ := utf8.DecodeRuneInString(after)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// bareURL handles the ":" at src[i] when it belongs to an http(s) URL written
// as plain text: the URL becomes a source and leaves the text.
func (p *Parser) bareURL(i, end int) (next int, ok bool) {
	src := p.src
	if p.runEnd != i || !strings.HasPrefix(src[i:end], "://") {
		return i, false
	}
	var s int
	switch {
	case i >= 5 && strings.EqualFold(src[i-5:i], "https"):
		s = i - 5
	case i >= 4 && strings.EqualFold(src[i-4:i], "http"):
		s = i - 4
	default:
		return i, false
	}
	if s > 0 && isWordByte(src[s-1]) {
		return i, false
	}
	scheme := src[s:i]
	if len(p.out) < len(scheme) || string(p.out[len(p.out)-len(scheme):]) != scheme || len(p.out)-len(scheme) < p.kept() {
		return i, false
	}
	k := i + 3
	for k < end && isURLByte(src[k]) {
		k++
	}
	url := trimURLTail(src[s:k])
	if hostName(url) == "" {
		return i, false
	}
	p.out = p.out[:len(p.out)-len(scheme)]
	if n := len(p.out); n > 0 && p.out[n-1] == ' ' && n > p.kept() {
		p.out = p.out[:n-1]
		p.pendingSpace = true
	}
	if p.quiet == 0 {
		p.addSource(url, nil)
	}
	p.removed = true
	return s + len(url), true
}

func isWordByte(c byte) bool {
	return c >= 0x80 || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// isURLStart reports whether s starts with an http(s) or protocol-relative URL.
func isURLStart(s string) bool {
	switch {
	case len(s) > 7 && strings.EqualFold(s[:7], "http://"):
		s = s[7:]
	case len(s) > 8 && strings.EqualFold(s[:8], "https://"):
		s = s[8:]
	case len(s) > 2 && s[:2] == "//":
		s = s[2:]
	default:
		return false
	}
	return isURLByte(s[0]) && s[0] != '/'
}

// isURLByte reports whether c can be part of a URL in wikitext.
func isURLByte(c byte) bool { return urlBytes[c] }

// urlBytes marks the bytes a URL in wikitext can hold.
var urlBytes = func() (t [256]bool) {
	for c := range t {
		t[c] = c > ' ' && c != '[' && c != ']' && c != '<' && c != '>' && c != '"' && c != 0x7f
	}
	return t
}()

// trimURLTail drops the punctuation that ends a sentence rather than a URL,
// as MediaWiki does for free links.
func trimURLTail(url string) string {
	for len(url) > 0 {
		c := url[len(url)-1]
		switch {
		case strings.IndexByte(".,;:!?'\"]}", c) >= 0:
		case c == ')' && strings.IndexByte(url, '(') < 0:
		default:
			return url
		}
		url = url[:len(url)-1]
	}
	return url
}

// addSource records an external link as a source named name, or by its host.
func (p *Parser) addSource(url string, name []byte) {
	if p.quiet > 0 {
		return
	}
	var s source
	s.nameStart = len(p.extra)
	p.extra = append(p.extra, cleanSourceName(name)...)
	if len(p.extra) == s.nameStart {
		p.extra = append(p.extra, hostName(url)...)
	}
	s.nameEnd, s.urlStart = len(p.extra), len(p.extra)
	if strings.HasPrefix(url, "//") {
		p.extra = append(p.extra, "https:"...)
	}
	if strings.IndexByte(url, '&') >= 0 {
		url = html.UnescapeString(url)
	}
	p.extra = append(p.extra, url...)
	s.urlEnd = len(p.extra)
	p.sources = append(p.sources, s)
}

// cleanSourceName turns a link label into a source's name: "(Reuters)" and
// "“Reuters”" give "Reuters".
func cleanSourceName(s []byte) []byte {
	for {
		s = bytes.TrimSpace(s)
		if len(s) == 0 || !quoteStart[s[0]] {
			return s
		}
		t := s
		for _, q := range sourceQuotes {
			if len(t) >= len(q[0])+len(q[1]) && bytes.HasPrefix(t, q[0]) && bytes.HasSuffix(t, q[1]) {
				t = t[len(q[0]) : len(t)-len(q[1])]
				break
			}
		}
		if len(t) == len(s) {
			return s
		}
		s = t
	}
}

// quoteStart marks the first bytes of the opening quotes of sourceQuotes.
var quoteStart = func() (t [256]bool) {
	for _, q := range sourceQuotes {
		t[q[0][0]] = true
	}
	return t
}()

var sourceQuotes = [...][2][]byte{
	{[]byte("("), []byte(")")}, {[]byte("\""), []byte("\"")}, {[]byte("“"), []byte("”")},
	{[]byte("'"), []byte("'")}, {[]byte("‘"), []byte("’")}, {[]byte("«"), []byte("»")},
}

// hostName returns the host of url without "www.".
func hostName(url string) string {
	_, rest, _ := strings.Cut(url, "//")
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	if i := strings.LastIndexByte(rest, ':'); i >= 0 && !strings.Contains(rest[i:], "]") {
		rest = rest[:i]
	}
	if len(rest) > 4 && strings.EqualFold(rest[:4], "www.") {
		rest = rest[4:]
	}
	return rest
}

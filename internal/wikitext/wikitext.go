// Package wikitext renders one line of MediaWiki wikitext, such as a bullet of the
// Current Events Portal, to what a reader sees: plain text, the spans of that text
// which link to Wikipedia articles (mentions), and the external links that cite
// news reports (sources).
//
// The renderer is a hand-written scanner over the line in the style of
// text/template/parse/lex.go: one loop over byte positions, no regular
// expressions, output into a reused buffer. It never panics and its work and
// output are linear in the input, whatever the markup: searches for closing
// markup are memoised, nested brackets are paired once per line, and nesting
// is capped at MaxDepth.
//
// Rules, in short:
//   - [[Target]], [[Target|label]], [[Target#Section|label]] show their label and
//     mention NormalizeTitle(Target); a link trail ([[Israel]]i) joins the label and
//     the mention; [[Target (x)|]] shows "Target". File:, Image:, Media:, Category:
//     and interlanguage links ([[fr:Paris]]) leave nothing; other namespaces,
//     sister projects ([[wikt:word|word]]), [[#Section]] and ":"-escaped links show
//     their label without a mention. A target with characters no title can have
//     ([]{}<>) is not a link: its label (after the last "|") is shown, or its
//     text when it has none; never the content of a tag in the target.
//   - [url (Source)], [url Source], [url] and bare http(s) URLs are sources, in
//     order: the name loses its parentheses, quotes and markup, and a link without
//     a name is named after its host ("www." dropped). A source leaves the text,
//     and the spacing it leaves is tidied ("text [url (AP)]." gives "text.").
//     A label that is prose stays in the text as well as being a source: it is
//     not in parentheses and either starts with a lower-case letter ("said in
//     [url a statement]") or is followed by a letter or digit ("the [url UN
//     report] says"). A "[url" never closed (or closed only after another link
//     starts) is a bare URL running to the next white space.
//   - Templates with a text render it ({{convert|5|km|mi}} → "5 km", {{lang|fr|x}}
//     → "x", {{USD|5}} → "US$5", {{ill|Target|fr}} → a mention of Target, see
//     templates.go); {{cite web|url=…}} gives a source; any other template leaves
//     nothing.
//   - HTML comments, <ref>…</ref>, <ref/> and the content of <math>, <gallery>…
//     are dropped; other known tags are dropped keeping their text; <br> is a
//     space; <nowiki> text is kept as is. The apostrophes of italics and bold
//     are dropped, and so is a run of more than five: markers with nothing
//     between them. HTML entities are decoded. White space is collapsed and
//     trimmed.
//   - The text never contains "[[", "]]", "{{" or "}}": markup that is not closed
//     is dropped and reported in Line.Problems.
//   - Invalid UTF-8 is replaced by U+FFFD.
package wikitext

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// MaxDepth caps the nesting of links, templates and tags; deeper markup is dropped.
const MaxDepth = 20

// maxProblems caps how many problems one line reports.
const maxProblems = 8

// Line is one line of wikitext rendered to plain text.
type Line struct {
	// Text is the plain text, white space collapsed and trimmed.
	Text string
	// Mentions are the spans of Text that link to an article, in order.
	Mentions []event.Mention
	// Sources are the external links of the line, in order.
	Sources []event.Source
	// Problems name markup that was not closed or nested too deep, e.g. "unclosed [[".
	Problems []string
}

// ParseLine renders one line of wikitext. For many lines, a Parser reuses its
// buffers between calls.
func ParseLine(s string) Line {
	var p Parser
	return p.ParseLine(s)
}

// Parser renders lines of wikitext, reusing its buffers from one line to the
// next. The zero value is ready to use; a Parser must not be used by two
// goroutines at once, nor copied once used. The strings and slices of the
// Lines it returns are cut from blocks shared by many lines, each slice
// capped at its length, so that appending to one copies it.
type Parser struct {
	src      string
	out      []byte // the text
	extra    []byte // source names and URLs, titles unlike their text
	mentions []mention
	sources  []source
	problems []string
	parts    []part
	braces   pairs // {{ … }}
	brackets pairs // [[ … ]]
	memos    []memo
	arena    arena // the blocks results are cut from

	pendingSpace bool // a space is due before the next text
	removed      bool // markup was removed since the last text was written
	depth        int  // nesting of render calls
	quiet        int  // > 0 inside a link label: no mentions, no sources
	inRef        int  // > 0 inside a footnote: sources but no mentions
	runEnd       int  // src position just after the last plain run written
	mentionEnd   int  // out position the last mention ends at
	floor        int  // tidying never cuts out below this position
}

// mention is a mention in the making; its title is out[start:titleEnd], or
// extra[titleStart:titleEnd] when inExtra.
type mention struct {
	start, end           int
	titleStart, titleEnd int
	inExtra              bool
}

// source is a source in the making: its name and URL are spans of extra.
type source struct{ nameStart, nameEnd, urlStart, urlEnd int }

// ParseLine renders one line of wikitext (a bullet without its leading "*"s, or
// any other inline text; newlines are white space).
func (p *Parser) ParseLine(s string) Line {
	if len(s) > math.MaxInt32 {
		s = s[:math.MaxInt32]
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	p.reset(s)
	p.render(0, len(s))
	p.tidyEnd()
	return p.result()
}

func (p *Parser) reset(s string) {
	p.src = s
	p.out = p.out[:0]
	p.extra = p.extra[:0]
	p.mentions = p.mentions[:0]
	p.sources = p.sources[:0]
	p.problems = p.problems[:0]
	p.parts = p.parts[:0]
	p.memos = p.memos[:0]
	p.pendingSpace, p.removed = false, false
	p.depth, p.quiet, p.inRef, p.runEnd, p.mentionEnd, p.floor = 0, 0, 0, -1, 0, 0
	p.braces.built, p.brackets.built = false, false
}

// result copies the rendered line out of the parser's buffers: the text, the
// titles and the sources into one string, the mentions and sources into
// slices of the arena.
func (p *Parser) result() Line {
	n := len(p.out)
	all := p.arena.join(p.out, p.extra)
	l := Line{Text: all[:n]}
	if len(p.mentions) > 0 {
		l.Mentions = take(&p.arena.mentions, len(p.mentions), mentionBlock)
		for i, m := range p.mentions {
			title := all[m.titleStart:m.titleEnd]
			if m.inExtra {
				title = all[n+m.titleStart : n+m.titleEnd]
			}
			l.Mentions[i] = event.Mention{Start: m.start, End: m.end, Title: title}
		}
	}
	if len(p.sources) > 0 {
		l.Sources = take(&p.arena.sources, len(p.sources), sourceBlock)
		for i, s := range p.sources {
			l.Sources[i] = event.Source{Name: all[n+s.nameStart : n+s.nameEnd], URL: all[n+s.urlStart : n+s.urlEnd]}
		}
	}
	if len(p.problems) > 0 {
		l.Problems = slices.Clone(p.problems)
	}
	return l
}

// special marks the bytes that may start markup, or white space.
var special = [256]bool{
	'[': true, ']': true, '{': true, '}': true, '<': true, '&': true, '\'': true, ':': true,
	' ': true, '\t': true, '\n': true, '\r': true, '\v': true, '\f': true,
}

// plainAt reports whether the special byte at src[j] is plain text after
// all: a space alone, an apostrophe alone, a colon not starting "://".
func plainAt(src string, j, end int) bool {
	switch src[j] {
	case ' ':
		return j+1 < end && src[j+1] != ' ' && !special[src[j+1]]
	case '\'':
		return j+1 >= end || src[j+1] != '\''
	case ':':
		return j+2 >= end || src[j+1] != '/' || src[j+2] != '/'
	}
	return false
}

// plainEnd returns where the plain text that goes on at src[j] ends: at the
// first special byte that is not plain after all (see plainAt).
//
// Words and the single spaces between them alternate unpredictably, so the
// loop does not branch on them: stopBits lets a space through unless a
// special byte follows it, by arithmetic rather than a branch, and only the
// rarer bytes reach plainAt. Each byte is loaded once, as the next byte of
// one step and the byte of the following one.
func plainEnd(src string, j, end int) int {
	s := src[:end]
	if j >= len(s) {
		return j
	}
	c := s[j]
	for ; j+1 < len(s); j++ {
		next := s[j+1]
		if stopBits[c]&(2|specialBits[next]) != 0 && !plainAt(src, j, end) {
			return j
		}
		c = next
	}
	if !special[c] || plainAt(src, j, end) {
		j++
	}
	return j
}

// specialBits is special as 1 or 0. stopBits is 2 for a special byte that
// ends plain text by itself, 1 for a space, which ends it only before another
// special byte, and 0 for the others.
var specialBits, stopBits = func() (s, stop [256]uint8) {
	for c := range s {
		switch {
		case c == ' ':
			s[c], stop[c] = 1, 1
		case special[c]:
			s[c], stop[c] = 1, 2
		}
	}
	return s, stop
}()

// render writes the text of src[start:end].
func (p *Parser) render(start, end int) {
	if p.depth >= MaxDepth {
		p.problem("markup nested too deep")
		p.removed = true
		return
	}
	p.depth++
	src := p.src
	for i := start; i < end; {
		c := src[i]
		if !special[c] || plainAt(src, i, end) {
			j := plainEnd(src, i+1, end)
			p.emitRun(src[i:j])
			p.runEnd = j
			i = j
			continue
		}
		i = p.markup(i, end)
	}
	p.depth-- // not deferred, as render runs for every link; reset clears it anyway
}

// markup handles the special byte at src[i] and returns where to go on.
func (p *Parser) markup(i, end int) int {
	src := p.src
	switch c := src[i]; c {
	case ' ', '\t', '\n', '\r', '\v', '\f':
		p.pendingSpace = true
		return i + 1
	case '[':
		if i+1 < end && src[i+1] == '[' {
			return p.wikiLink(i, end)
		}
		if next, ok := p.externalLink(i, end); ok {
			return next
		}
	case ']', '}':
		if i+1 < end && src[i+1] == c {
			p.problem("stray " + src[i:i+2])
			return i + 2
		}
	case '{':
		if i+1 < end && src[i+1] == '{' {
			return p.template(i, end)
		}
	case '<':
		if next, ok := p.tag(i, end); ok {
			return next
		}
	case '&':
		if next, ok := p.entity(i, end); ok {
			return next
		}
	case '\'':
		return p.apostrophes(i, end)
	case ':':
		if next, ok := p.bareURL(i, end); ok {
			return next
		}
	}
	p.emitLiteral(src[i : i+1])
	return i + 1
}

// apostrophes drops the double and triple apostrophes of italics and bold,
// keeping those MediaWiki shows: one alone, the first of four. A run of more
// than five is markers with nothing between them (bold closed as soon as
// opened), which vanish: MediaWiki would show all but five, and a run of
// 30,000 would become a headline of apostrophes.
func (p *Parser) apostrophes(i, end int) int {
	j := i
	for j < end && p.src[j] == '\'' {
		j++
	}
	switch n := j - i; {
	case n == 1:
		p.emitRun("'")
	case n == 4:
		p.emitRun("'")
	case n > 5:
		p.removed = true
	}
	return j
}

// emitRun writes a run of text that holds no markup and no double space.
func (p *Parser) emitRun(s string) {
	if s[0] == ' ' {
		s = s[1:]
		p.pendingSpace = true
	}
	p.emitWord(s)
}

// emitWord writes text without markup or leading space.
func (p *Parser) emitWord(s string) {
	if s == "" {
		return
	}
	if p.removed {
		s = p.tidyAfterRemoval(s)
		if s == "" {
			return
		}
	}
	if p.pendingSpace {
		// A text rendered apart starts at the floor: no space leads it.
		if len(p.out) > p.floor {
			p.out = append(p.out, ' ')
		}
		p.pendingSpace = false
	}
	p.out = append(p.out, s...)
	p.removed = false
}

// emitLiteral writes one byte of text that could have been markup. A bracket or
// brace right after the same one is dropped, so that no "[[", "]]", "{{" or "}}"
// is ever written.
func (p *Parser) emitLiteral(s string) {
	if n := len(p.out); n > 0 && !p.pendingSpace && isBracket(s[0]) && p.out[n-1] == s[0] {
		return
	}
	p.emitRun(s)
}

func isBracket(c byte) bool { return c == '[' || c == ']' || c == '{' || c == '}' }

// emitText writes text made by the parser (a template's output, a decoded
// entity, <nowiki> content): white space collapses, brackets are guarded.
func (p *Parser) emitText(s string) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isSpaceByte(c):
			p.pendingSpace = true
			i++
		case isBracket(c):
			p.emitLiteral(s[i : i+1])
			i++
		default:
			j := i + 1
			for j < len(s) && !isSpaceByte(s[j]) && !isBracket(s[j]) {
				j++
			}
			if r, _ := utf8.DecodeRuneInString(s[i:j]); r == '\u00a0' && j == i+2 {
				p.pendingSpace = true
			} else {
				p.emitRun(s[i:j])
			}
			i = j
		}
	}
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// tidyAfterRemoval cleans what removed markup leaves before the next text: an
// empty "()" and a space before closing punctuation.
func (p *Parser) tidyAfterRemoval(s string) string {
	if s[0] == ')' && p.endsWithOpenParen() {
		p.out = p.out[:len(p.out)-1]
		if n := len(p.out); n > 0 && p.out[n-1] == ' ' && n > p.kept() {
			p.out = p.out[:n-1]
		}
		p.pendingSpace = len(p.out) > 0
		// The space before the "(" went with it and pendingSpace stands for
		// it, so one after the ")" is the same space.
		s = strings.TrimPrefix(s[1:], " ")
		if s == "" {
			return ""
		}
	}
	if p.pendingSpace && strings.IndexByte(".,;:!?)", s[0]) >= 0 {
		p.pendingSpace = false
	}
	return s
}

func (p *Parser) endsWithOpenParen() bool {
	n := len(p.out)
	return n > 0 && p.out[n-1] == '(' && n-1 >= p.kept()
}

// kept returns the length of out that tidying must leave alone: the text up to
// the last mention, and what came before a nested rendering.
func (p *Parser) kept() int { return max(p.mentionEnd, p.floor) }

// renderApart renders src[from:to] as a text of its own at the end of out, that
// tidying does not join with what comes before; it returns where that text starts.
func (p *Parser) renderApart(from, to int) int {
	start, floor := len(p.out), p.floor
	p.pendingSpace, p.removed, p.floor = false, false, start
	p.render(from, to)
	p.floor = floor
	return start
}

// tidyEnd drops the separators a removed source leaves at the end of a line
// ("text, [url A], [url B]" gives "text").
func (p *Parser) tidyEnd() {
	if !p.removed {
		return
	}
	n := len(p.out)
	for n > p.kept() && strings.IndexByte(" ,;:(", p.out[n-1]) >= 0 {
		n--
	}
	p.out = p.out[:n]
}

// problem records a problem of the line, once.
func (p *Parser) problem(s string) {
	if len(p.problems) < maxProblems && !slices.Contains(p.problems, s) {
		p.problems = append(p.problems, s)
	}
}

// addMention records that out[start:end] mentions title; the text up to
// labelEnd is the link's label, the rest its trail.
func (p *Parser) addMention(start, labelEnd, end int, title string) {
	for start < labelEnd && p.out[start] == ' ' {
		start++
	}
	if start >= labelEnd || p.quiet > 0 || p.inRef > 0 {
		return
	}
	m := mention{start: start, end: end, titleStart: start, titleEnd: labelEnd}
	if string(p.out[start:labelEnd]) != title {
		m.titleStart, m.inExtra = len(p.extra), true
		p.extra = append(p.extra, title...)
		m.titleEnd = len(p.extra)
	}
	p.mentions = append(p.mentions, m)
	p.mentionEnd = end
}

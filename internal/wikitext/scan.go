package wikitext

import (
	"sort"
	"strings"
)

// pairs holds the matching of double brackets ("[[" with "]]", or "{{" with
// "}}") of one line, found in one pass with a stack. It is built only for a
// line that nests them: see Parser.closer.
type pairs struct {
	built bool
	open  []int32 // positions of the openers, ascending
	close []int32 // position of each opener's closer, or -1
	stack []int32 // indexes into open of the openers not yet closed
}

// build pairs the openers o+o with the closers c+c of s, scanning left to
// right as MediaWiki does: "]]]" closes at its first two brackets. Line
// positions fit in int32: ParseLine refuses lines of 2 GB and more.
func (ps *pairs) build(s string, o, c byte) {
	ps.built = true
	ps.open, ps.close, ps.stack = ps.open[:0], ps.close[:0], ps.stack[:0]
	opener, closer := string([]byte{o, o}), string([]byte{c, c})
	nextOpen, nextClose := indexFrom(s, opener, 0), indexFrom(s, closer, 0)
	for nextOpen >= 0 || nextClose >= 0 {
		if nextOpen >= 0 && (nextClose < 0 || nextOpen < nextClose) {
			ps.stack = append(ps.stack, int32(len(ps.open)))
			ps.open = append(ps.open, int32(nextOpen))
			ps.close = append(ps.close, -1)
			nextOpen = indexFrom(s, opener, nextOpen+2)
			continue
		}
		if n := len(ps.stack); n > 0 {
			ps.close[ps.stack[n-1]] = int32(nextClose)
			ps.stack = ps.stack[:n-1]
		}
		nextClose = indexFrom(s, closer, nextClose+2)
	}
}

// closer returns the position of the "]]" (or "}}") closing the "[[" (or
// "{{") at src[i], or -1. The first closer after i is the one unless another
// opener comes before it; only then are the pairs of the line built.
func (p *Parser) closer(i int) int {
	open, close, ps := "[[", "]]", &p.brackets
	if p.src[i] == '{' {
		open, close, ps = "{{", "}}", &p.braces
	}
	c := p.index(close, i+2)
	if c < 0 || !strings.Contains(p.src[i+2:c], open) {
		return c
	}
	if !ps.built {
		ps.build(p.src, open[0], close[0])
	}
	return ps.match(i)
}

// match returns the position of the closer of the opener at i, or -1.
func (ps *pairs) match(i int) int {
	k := sort.Search(len(ps.open), func(k int) bool { return int(ps.open[k]) >= i })
	if k < len(ps.open) && int(ps.open[k]) == i {
		return int(ps.close[k])
	}
	return -1
}

// memo remembers where needle was last found, so that the searches for the
// closing markup of a line cost linear time in all: the first needle at or
// after from is at at (-1: none).
type memo struct {
	needle   string
	from, at int
}

// index returns the position of the first needle in src at or after from, or
// -1. It scans only the stretch between from and the last search.
func (p *Parser) index(needle string, from int) int {
	var m *memo
	for k := range p.memos {
		if p.memos[k].needle == needle {
			m = &p.memos[k]
			break
		}
	}
	if m == nil {
		p.memos = append(p.memos, memo{needle: needle, from: len(p.src) + 1, at: -1})
		m = &p.memos[len(p.memos)-1]
	}
	switch {
	case from >= m.from && (m.at < 0 || m.at >= from):
	case from >= m.from:
		m.at = indexFrom(p.src, needle, from)
	default:
		// Only src[from:m.from] is unknown; a needle may straddle m.from.
		stop := min(len(p.src), m.from+len(needle)-1)
		if k := indexFrom(p.src[:stop], needle, from); k >= 0 {
			m.at = k
		}
	}
	m.from = from
	return m.at
}

// indexFrom finds needle in s at or after from; a needle starting with "</"
// (a closing tag) is matched without regard to case.
func indexFrom(s, needle string, from int) int {
	if from > len(s) {
		return -1
	}
	if !strings.HasPrefix(needle, "</") {
		if i := strings.Index(s[from:], needle); i >= 0 {
			return from + i
		}
		return -1
	}
	for i := from; ; {
		k := strings.Index(s[i:], "</")
		if k < 0 {
			return -1
		}
		i += k
		if len(s)-i >= len(needle) && strings.EqualFold(s[i:i+len(needle)], needle) {
			return i
		}
		i += 2
	}
}

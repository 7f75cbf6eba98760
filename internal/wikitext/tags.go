package wikitext

import (
	"html"
	"strings"
)

// tagKind says what to do with an HTML or extension tag.
type tagKind int

const (
	tagInline tagKind = iota + 1 // dropped, its content kept
	tagBlock                     // dropped, its content kept, separated by spaces
	tagDrop                      // dropped with its content
	tagRef                       // a footnote: dropped with its content
	tagNowiki                    // its content kept as text, markup and all
)

var tags = map[string]tagKind{
	"small": tagInline, "big": tagInline, "span": tagInline, "sup": tagInline, "sub": tagInline,
	"b": tagInline, "i": tagInline, "u": tagInline, "s": tagInline, "del": tagInline, "ins": tagInline,
	"em": tagInline, "strong": tagInline, "abbr": tagInline, "font": tagInline, "code": tagInline,
	"tt": tagInline, "cite": tagInline, "q": tagInline, "mark": tagInline, "var": tagInline,
	"kbd": tagInline, "samp": tagInline, "time": tagInline, "bdi": tagInline, "bdo": tagInline,
	"dfn": tagInline, "strike": tagInline, "ruby": tagInline, "rb": tagInline, "rt": tagInline,
	"rp": tagInline, "a": tagInline, "data": tagInline, "wbr": tagInline, "poem": tagInline,
	"br": tagBlock, "div": tagBlock, "p": tagBlock, "center": tagBlock, "blockquote": tagBlock,
	"li": tagBlock, "ul": tagBlock, "ol": tagBlock, "dl": tagBlock, "dt": tagBlock, "dd": tagBlock,
	"table": tagBlock, "tr": tagBlock, "td": tagBlock, "th": tagBlock, "caption": tagBlock,
	"hr": tagBlock, "h1": tagBlock, "h2": tagBlock, "h3": tagBlock, "h4": tagBlock, "h5": tagBlock,
	"h6": tagBlock, "section": tagBlock, "onlyinclude": tagInline, "includeonly": tagDrop,
	"noinclude": tagInline, "pre": tagBlock,
	"math": tagDrop, "chem": tagDrop, "ce": tagDrop, "gallery": tagDrop, "timeline": tagDrop,
	"score": tagDrop, "syntaxhighlight": tagDrop, "source": tagDrop, "templatestyles": tagDrop,
	"references": tagDrop, "imagemap": tagDrop, "graph": tagDrop, "mapframe": tagDrop,
	"maplink": tagDrop, "hiero": tagDrop, "inputbox": tagDrop, "categorytree": tagDrop,
	"style": tagDrop, "script": tagDrop,
	"ref": tagRef, "nowiki": tagNowiki,
}

// tag handles the "<" at src[i]: a comment or a known tag. ok is false when it
// is a plain "<".
func (p *Parser) tag(i, end int) (next int, ok bool) {
	src := p.src
	if strings.HasPrefix(src[i:end], "<!--") {
		return p.comment(i, end), true
	}
	j := i + 1
	closing := j < end && src[j] == '/'
	if closing {
		j++
	}
	var buf [16]byte
	name := buf[:0]
	for ; j < end && len(name) < len(buf) && isAlnum(src[j]); j++ {
		c := src[j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		name = append(name, c)
	}
	kind := tags[string(name)]
	if kind == 0 || j < end && src[j] != '>' && src[j] != '/' && !isSpaceByte(src[j]) {
		return i, false
	}
	gt := p.index(">", j)
	if gt < 0 || gt >= end {
		return i, false
	}
	selfClosing := src[gt-1] == '/'
	next = gt + 1
	if kind == tagBlock {
		p.pendingSpace = true
	}
	if closing || selfClosing || kind == tagInline || kind == tagBlock {
		if kind == tagRef || kind == tagDrop {
			p.removed = true
		}
		return next, true
	}
	closer := "</" + string(name)
	stop := p.index(closer, next)
	if stop < 0 || stop >= end {
		if kind == tagRef {
			p.problem("unclosed <ref>")
			p.removed = true
			return end, true
		}
		return next, true
	}
	after := stop + len(closer)
	if gt := p.index(">", after); gt >= 0 && gt < end {
		after = gt + 1
	}
	switch kind {
	case tagNowiki:
		p.emitText(src[next:stop])
	case tagRef:
		p.refSources(next, stop)
	default:
		p.removed = true
	}
	return after, true
}

// refSources records the sources cited in the footnote src[from:to] ({{cite
// web}}, external links); its text is not shown.
func (p *Parser) refSources(from, to int) {
	pending := p.pendingSpace
	p.inRef++
	start := p.renderApart(from, to)
	p.inRef--
	p.out = p.out[:start]
	p.pendingSpace, p.removed = pending, true
}

// comment drops the HTML comment at src[i]; one never closed hides the rest.
func (p *Parser) comment(i, end int) int {
	p.removed = true
	c := p.index("-->", i+4)
	if c < 0 || c+3 > end {
		p.problem("unclosed <!--")
		return end
	}
	return c + 3
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// entity decodes the HTML entity at src[i]; ok is false for a plain "&".
func (p *Parser) entity(i, end int) (next int, ok bool) {
	src := p.src
	j := i + 1
	for j < end && j-i < 40 && (isAlnum(src[j]) || src[j] == '#') {
		j++
	}
	if j >= end || src[j] != ';' || j == i+1 {
		return i, false
	}
	ref := src[i : j+1]
	var text string
	switch ref {
	case "&nbsp;", "&#160;", "&ensp;", "&emsp;", "&thinsp;", "&#32;", "&#x20;":
		p.pendingSpace = true
		return j + 1, true
	case "&amp;":
		text = "&"
	case "&ndash;":
		text = "–"
	case "&mdash;":
		text = "—"
	case "&quot;":
		text = "\""
	case "&#39;", "&apos;":
		text = "'"
	default:
		text = html.UnescapeString(ref)
		if text == ref {
			return i, false
		}
	}
	p.emitText(text)
	return j + 1, true
}

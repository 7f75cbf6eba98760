package wikitext

import (
	"strconv"
	"strings"
	"time"
)

// templateKind says how a template renders.
type templateKind int

const (
	tplFirst   templateKind = iota + 1 // its first positional argument
	tplSecond                          // its second positional argument ({{lang|fr|texte}})
	tplLast                            // its last positional argument
	tplJoin                            // its positional arguments, joined ({{sic|acc|omodate}})
	tplText                            // a fixed text ({{ndash}})
	tplPrefix                          // a fixed text before its first argument ({{USD|5}})
	tplConvert                         // a quantity and its unit
	tplLink                            // a link to its first argument ({{ill}}, {{w}})
	tplAsOf                            // "As of May 2020"
	tplCite                            // no text; a source when it has a url
)

type templateRule struct {
	kind templateKind
	text string
}

// templates are the templates that render to text; all others render nothing.
var templates = map[string]templateRule{
	"nowrap": {kind: tplFirst}, "nobr": {kind: tplFirst}, "nobreak": {kind: tplFirst},
	"avoid wrap": {kind: tplFirst}, "small": {kind: tplFirst}, "smaller": {kind: tplFirst},
	"big": {kind: tplFirst}, "larger": {kind: tplFirst}, "em": {kind: tplFirst},
	"strong": {kind: tplFirst}, "nobold": {kind: tplFirst}, "noitalic": {kind: tplFirst},
	"abbr": {kind: tplFirst}, "tooltip": {kind: tplFirst}, "flag": {kind: tplFirst},
	"flagcountry": {kind: tplFirst}, "flagu": {kind: tplFirst}, "nihongo": {kind: tplFirst},
	"proper name": {kind: tplFirst}, "not a typo": {kind: tplFirst}, "notatypo": {kind: tplFirst},
	"var": {kind: tplFirst}, "mvar": {kind: tplFirst}, "keep together": {kind: tplFirst},
	"lang": {kind: tplSecond}, "langx": {kind: tplSecond}, "script": {kind: tplSecond},
	"transl": {kind: tplLast}, "transliteration": {kind: tplLast},
	"sic":  {kind: tplJoin},
	"nbsp": {tplText, " "}, "space": {tplText, " "}, "thinsp": {tplText, " "}, "nnbsp": {tplText, " "},
	"ndash": {tplText, "–"}, "en dash": {tplText, "–"}, "endash": {tplText, "–"},
	"mdash": {tplText, "—"}, "em dash": {tplText, "—"}, "emdash": {tplText, "—"},
	"snd": {tplText, " – "}, "spnd": {tplText, " – "}, "sndash": {tplText, " – "},
	"spaced ndash": {tplText, " – "}, "spaced en dash": {tplText, " – "},
	"'": {tplText, "'"}, "'s": {tplText, "'s"}, "\"": {tplText, "\""}, "!": {tplText, "|"},
	"=": {tplText, "="}, "bull": {tplText, " • "}, "dot": {tplText, " · "}, "middot": {tplText, "·"},
	"minus": {tplText, "−"}, "circa": {tplPrefix, "c. "}, "c.": {tplPrefix, "c. "},
	"usd": {tplPrefix, "US$"}, "us$": {tplPrefix, "US$"}, "gbp": {tplPrefix, "£"}, "£": {tplPrefix, "£"},
	"eur": {tplPrefix, "€"}, "€": {tplPrefix, "€"}, "jpy": {tplPrefix, "¥"}, "¥": {tplPrefix, "¥"},
	"inr": {tplPrefix, "₹"}, "₹": {tplPrefix, "₹"}, "aud": {tplPrefix, "A$"}, "a$": {tplPrefix, "A$"},
	"cad": {tplPrefix, "CA$"}, "ca$": {tplPrefix, "CA$"},
	"convert": {kind: tplConvert}, "cvt": {kind: tplConvert},
	"ill": {kind: tplLink}, "interlanguage link": {kind: tplLink}, "w": {kind: tplLink},
	"as of":    {kind: tplAsOf},
	"cite web": {kind: tplCite}, "cite news": {kind: tplCite}, "cite press release": {kind: tplCite},
	"cite journal": {kind: tplCite}, "cite magazine": {kind: tplCite}, "cite report": {kind: tplCite},
	"citation": {kind: tplCite},
}

// part is one "|"-separated part of a template: src[start:end], with the name
// of a named argument before eq (eq < 0: positional).
type part struct{ start, eq, end int }

// template renders the {{…}} at src[i] and returns where to go on.
func (p *Parser) template(i, end int) int {
	c := p.closer(i)
	if c < 0 || c+2 > end {
		p.problem("unclosed {{")
		return i + 2
	}
	base := len(p.parts)
	p.split(i+2, c)
	parts := p.parts[base:]
	rule := templates[p.templateName(parts[0])]
	args := parts[1:]
	switch rule.kind {
	case tplFirst:
		p.renderArg(positional(args, 1))
	case tplSecond:
		p.renderArg(positional(args, 2))
	case tplLast:
		p.renderArg(positional(args, countPositional(args)))
	case tplJoin:
		for n := 1; n <= countPositional(args); n++ {
			p.renderArg(positional(args, n))
		}
	case tplText:
		p.emitText(rule.text)
	case tplPrefix:
		if a := positional(args, 1); a.end > a.start {
			p.emitText(rule.text)
			p.renderArg(a)
		}
	case tplConvert:
		p.convert(args)
	case tplLink:
		p.templateLink(args)
	case tplAsOf:
		p.asOf(args)
	case tplCite:
		p.cite(args)
	default:
		if name := p.templateName(parts[0]); strings.HasPrefix(name, "lang-") {
			p.renderArg(positional(args, 1))
		} else {
			p.removed = true
		}
	}
	p.parts = p.parts[:base]
	return c + 2
}

// split appends the parts of the template body src[from:to] to p.parts. An
// argument is named when a "=" comes before any link or template in it.
func (p *Parser) split(from, to int) {
	src := p.src
	start, eq, first, markup := from, -1, true, false
	for j := from; j < to; j++ {
		switch src[j] {
		case '|':
			p.parts = append(p.parts, part{start, eq, j})
			start, eq, first, markup = j+1, -1, false, false
		case '=':
			if eq < 0 && !first && !markup {
				eq = j
			}
		case '{', '[':
			if j+1 >= to || src[j+1] != src[j] {
				continue
			}
			if c := p.closer(j); c > j && c+2 <= to {
				markup = true
				j = c + 1
			}
		}
	}
	p.parts = append(p.parts, part{start, eq, to})
}

// templateName returns the normalised name of a template (lower case, "_" as
// space, no "Template:" or "subst:"), or "" when it is too long to be known.
func (p *Parser) templateName(pt part) string {
	raw := strings.TrimSpace(p.src[pt.start:pt.end])
	var buf [32]byte
	if len(raw) > len(buf) {
		return ""
	}
	name := buf[:0]
	space := false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c == '_' || isSpaceByte(c) {
			space = true
			continue
		}
		if space {
			name = append(name, ' ')
			space = false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		name = append(name, c)
	}
	s := string(name)
	for _, prefix := range [...]string{"template:", "subst:", "safesubst:"} {
		s = strings.TrimPrefix(s, prefix)
	}
	return s
}

// positional returns the n-th positional argument (1-based), or an empty part.
func positional(args []part, n int) part {
	for _, a := range args {
		if a.eq < 0 {
			n--
			if n == 0 {
				return a
			}
		}
	}
	return part{}
}

func countPositional(args []part) int {
	n := 0
	for _, a := range args {
		if a.eq < 0 {
			n++
		}
	}
	return n
}

// named returns the value of the argument called name, or an empty part.
func (p *Parser) named(args []part, name string) part {
	for _, a := range args {
		if a.eq >= 0 && strings.TrimSpace(p.src[a.start:a.eq]) == name {
			return part{start: a.eq + 1, eq: -1, end: a.end}
		}
	}
	return part{}
}

func (p *Parser) renderArg(a part) {
	if a.end > a.start {
		p.render(a.start, a.end)
	}
}

func (p *Parser) argText(a part) string { return strings.TrimSpace(p.src[a.start:a.end]) }

// convert renders {{convert|5|km|mi}} as "5 km" and {{convert|5|to|10|km}} as
// "5 to 10 km": the quantity as written, in its first unit.
func (p *Parser) convert(args []part) {
	value, unit := positional(args, 1), positional(args, 2)
	p.renderArg(value)
	if rangeWords[p.argText(unit)] {
		p.pendingSpace = true
		p.renderArg(unit)
		p.pendingSpace = true
		p.renderArg(positional(args, 3))
		unit = positional(args, 4)
	}
	u := p.argText(unit)
	if u == "" {
		return
	}
	if s, ok := unitNames[u]; ok {
		u = s
	}
	p.pendingSpace = true
	p.emitText(u)
}

var rangeWords = map[string]bool{
	"-": true, "–": true, "to": true, "and": true, "or": true, "x": true, "×": true,
	"by": true, "+": true, "±": true, "to(-)": true, "and(-)": true, "&": true,
}

var unitNames = map[string]string{
	"km2": "km²", "m2": "m²", "sqkm": "km²", "mi2": "sq mi", "sqmi": "sq mi", "ft2": "sq ft",
	"sqft": "sq ft", "C": "°C", "F": "°F", "acre": "acres", "ha": "ha", "kmh": "km/h",
	"km/h": "km/h", "mph": "mph", "kn": "knots",
}

// templateLink renders {{ill|Target|fr|…}} and {{w|Target|label}} as a link to
// Target, labelled with lt= (or, for {{w}}, its second argument).
func (p *Parser) templateLink(args []part) {
	target := positional(args, 1)
	raw := p.argText(target)
	label := p.named(args, "lt")
	if label.end <= label.start {
		label = target
	}
	if raw == "" || !validTarget(raw) {
		p.renderArg(label)
		return
	}
	kind, title := classifyTarget(raw)
	start := len(p.out)
	p.quiet++
	p.renderArg(label)
	p.quiet--
	if kind == linkEntity {
		p.addMention(start, len(p.out), len(p.out), title)
	}
}

// asOf renders {{as of|2020|5|12}} as "As of 12 May 2020" ("as of" with lc=y,
// "May 12, 2020" with df=US).
func (p *Parser) asOf(args []part) {
	year, month, day := p.argText(positional(args, 1)), p.argText(positional(args, 2)), p.argText(positional(args, 3))
	words := "As of"
	if lc := p.argText(p.named(args, "lc")); lc != "" && lc != "n" && lc != "no" {
		words = "as of"
	}
	date := year
	if m, err := strconv.Atoi(month); err == nil && m >= 1 && m <= 12 {
		name := time.Month(m).String()
		switch d, err := strconv.Atoi(day); {
		case err != nil || d < 1 || d > 31:
			date = name + " " + year
		case strings.EqualFold(p.argText(p.named(args, "df")), "us"):
			date = name + " " + strconv.Itoa(d) + ", " + year
		default:
			date = strconv.Itoa(d) + " " + name + " " + year
		}
	}
	p.emitText(words)
	p.pendingSpace = true
	p.emitText(date)
}

// cite records the source of a {{cite web|url=…|publisher=…}}; it shows nothing.
func (p *Parser) cite(args []part) {
	p.removed = true
	url := p.argText(p.named(args, "url"))
	if !isURLStart(url) || p.quiet > 0 {
		return
	}
	var name []byte
	for _, key := range [...]string{"publisher", "work", "website", "newspaper", "agency", "magazine"} {
		if a := p.named(args, key); a.end > a.start {
			if name = []byte(p.plainText(a)); len(name) > 0 {
				break
			}
		}
	}
	p.addSource(trimURLTail(url), name)
}

// plainText renders an argument on its own and returns its text, leaving the
// output as it was.
func (p *Parser) plainText(a part) string {
	pending, removed := p.pendingSpace, p.removed
	p.quiet++
	start := p.renderApart(a.start, a.end)
	p.quiet--
	s := string(p.out[start:])
	p.out = p.out[:start]
	p.pendingSpace, p.removed = pending, removed
	return strings.TrimSpace(s)
}

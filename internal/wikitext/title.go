package wikitext

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NormalizeTitle returns the canonical form of a wikilink target, as MediaWiki
// resolves it: the "#Section" part cut off, "_" and runs of white space turned
// into one space, trimmed, HTML entities decoded, and the first letter upper case.
// "new_York#History" gives "New York". A title already in canonical form comes
// back unchanged, without allocating.
func NormalizeTitle(s string) string {
	if isNormalTitle(s) {
		return s
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == '_' || unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if b.Len() == 0 {
			r = unicode.ToUpper(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isNormalTitle reports whether NormalizeTitle would return s unchanged.
func isNormalTitle(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(s); unicode.ToUpper(r) != r || r == utf8.RuneError {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case !titleCheck[c]:
		case c == ' ':
			if s[i+1] == ' ' {
				return false
			}
		case c < utf8.RuneSelf:
			return false
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError || unicode.IsSpace(r) {
				return false
			}
			i += n - 1
		}
	}
	return true
}

// titleCheck marks the bytes isNormalTitle must look at: those a normal title
// cannot hold ("_", "#", "&", white space but a single space), a space, and
// the bytes of non-ASCII runes.
var titleCheck = func() (t [256]bool) {
	for _, c := range []byte("_#&\t\n\r\v\f ") {
		t[c] = true
	}
	for c := utf8.RuneSelf; c < len(t); c++ {
		t[c] = true
	}
	return t
}()

// linkKind says what a wikilink target points to.
type linkKind int

const (
	// linkEntity is an article of the main namespace: a mention.
	linkEntity linkKind = iota
	// linkLabel is shown as its label but names no article (other namespaces,
	// sister projects, sections of the same page, ":"-escaped files and categories).
	linkLabel
	// linkHidden leaves no text: files, images, categories and interlanguage links.
	linkHidden
)

// classifyTarget says what a (trimmed, valid) link target points to and, for an
// entity, its normalised title.
func classifyTarget(target string) (linkKind, string) {
	escaped := target[0] == ':'
	if escaped {
		target = strings.TrimSpace(target[1:])
		if target == "" {
			return linkLabel, ""
		}
	}
	if target[0] == '#' {
		return linkLabel, ""
	}
	if i := strings.IndexByte(target, ':'); i > 0 {
		prefix := strings.TrimSpace(target[:i])
		switch kind := prefixKind(prefix); {
		case kind == prefixMedia || kind == prefixLanguage:
			if escaped {
				return linkLabel, ""
			}
			return linkHidden, ""
		case kind == prefixOther:
			return linkLabel, ""
		}
	}
	title := NormalizeTitle(target)
	if title == "" {
		return linkLabel, ""
	}
	return linkEntity, title
}

type prefixClass int

const (
	prefixNone prefixClass = iota
	prefixMedia
	prefixLanguage
	prefixOther
)

// prefixKind classifies the part of a target before its first colon.
func prefixKind(prefix string) prefixClass {
	var buf [24]byte
	if len(prefix) == 0 || len(prefix) > len(buf) {
		return prefixNone
	}
	lower := buf[:0]
	for i := 0; i < len(prefix); i++ {
		c := prefix[i]
		if c == '_' {
			c = ' '
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower = append(lower, c)
	}
	if k, ok := namespacePrefixes[string(lower)]; ok {
		return k
	}
	if strings.HasSuffix(string(lower), " talk") {
		return prefixOther
	}
	if isLanguageCode(prefix) {
		return prefixLanguage
	}
	return prefixNone
}

// isLanguageCode reports whether prefix, as typed, looks like a Wikipedia
// language code: two or three lower-case letters, or such a code followed by
// "-" parts (zh-yue, be-tarask). Upper-case prefixes are left to the title:
// "[[CNN: The Story]]" is an article, "[[fr:Paris]]" an interlanguage link.
func isLanguageCode(prefix string) bool {
	head, rest, _ := strings.Cut(prefix, "-")
	if len(head) < 2 || len(head) > 3 || !isLowerASCII(head) {
		return false
	}
	for rest != "" {
		var part string
		part, rest, _ = strings.Cut(rest, "-")
		if part == "" || len(part) > 8 || !isLowerASCII(part) {
			return false
		}
	}
	return true
}

func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// namespacePrefixes are the link prefixes that leave the main namespace.
var namespacePrefixes = map[string]prefixClass{
	"file": prefixMedia, "image": prefixMedia, "media": prefixMedia, "category": prefixMedia,
	"talk": prefixOther, "user": prefixOther, "wikipedia": prefixOther, "wp": prefixOther,
	"project": prefixOther, "mediawiki": prefixOther, "template": prefixOther, "help": prefixOther,
	"portal": prefixOther, "draft": prefixOther, "module": prefixOther, "special": prefixOther,
	"timedtext": prefixOther, "book": prefixOther, "mos": prefixOther, "h": prefixOther, "t": prefixOther,
	"wikt": prefixOther, "wiktionary": prefixOther, "wikinews": prefixOther, "n": prefixOther,
	"wikiquote": prefixOther, "q": prefixOther, "wikisource": prefixOther, "s": prefixOther,
	"wikibooks": prefixOther, "b": prefixOther, "wikiversity": prefixOther, "v": prefixOther,
	"wikivoyage": prefixOther, "voy": prefixOther, "commons": prefixOther, "c": prefixOther,
	"meta": prefixOther, "m": prefixOther, "wikidata": prefixOther, "d": prefixOther,
	"species": prefixOther, "wikispecies": prefixOther, "mw": prefixOther, "foundation": prefixOther,
	"wmf": prefixOther, "phab": prefixOther, "w": prefixOther, "wikipedia talk": prefixOther,
	"simple": prefixLanguage,
}

// pipeTrick returns the label MediaWiki gives [[target|]]: the target without
// its namespace, then without a final "(…)", or else without what follows its
// first comma. "Paris, Texas" gives "Paris", "Mercury (planet)" gives "Mercury".
func pipeTrick(target string) string {
	target = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(target), ":"))
	if i := strings.IndexByte(target, ':'); i > 0 && prefixKind(strings.TrimSpace(target[:i])) != prefixNone {
		target = strings.TrimSpace(target[i+1:])
	}
	if strings.HasSuffix(target, ")") {
		if i := strings.LastIndex(target, " ("); i > 0 {
			return strings.TrimSpace(target[:i])
		}
	}
	if i := strings.IndexByte(target, ','); i > 0 {
		return strings.TrimSpace(target[:i])
	}
	return target
}

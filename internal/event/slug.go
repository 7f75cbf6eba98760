package event

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxSlugLen is how many characters of the headline a slug is made from.
const MaxSlugLen = 140

// Slug turns a headline into the last segment of an event's path: the first 140
// characters of the headline, lowercased, accents folded to ASCII (é→e), every
// run of other characters turned into one "-", trimmed of "-".
// A headline with nothing left gives "event".
func Slug(headline string) string {
	if n := runeIndex(headline, MaxSlugLen); n >= 0 {
		headline = headline[:n]
	}
	return slugify(headline, "event")
}

// TopicSlug makes the slug of a topic, story or category name: the same rule as
// Slug, without the length cut, so that distinct long titles stay distinct.
func TopicSlug(name string) string { return slugify(name, "topic") }

// slugify folds s to lowercase ASCII and joins its runs of letters and digits
// with "-"; it returns empty when nothing is left.
func slugify(s, empty string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for _, r := range foldASCII(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return empty
	}
	return b.String()
}

// Paths assigns the paths of one day's events from their headlines, in page
// order: two events with the same slug get "-2", "-3"… after the first.
func Paths(d Date, headlines []string) []string {
	seen := make(map[string]int, len(headlines))
	used := make(map[string]bool, len(headlines))
	out := make([]string, len(headlines))
	for i, h := range headlines {
		s := Slug(h)
		slug := s
		for n := seen[s]; used[slug]; {
			n++
			seen[s] = n
			slug = s + "-" + strconv.Itoa(n+1)
		}
		used[slug] = true
		out[i] = d.Dir() + "/" + slug
	}
	return out
}

// runeIndex returns the byte offset of the n-th rune of s, or -1 when s is shorter.
func runeIndex(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return -1
}

// foldASCII lowercases s and folds letters with diacritics to their ASCII base
// (é→e, Ø→o, ß→ss); other characters come back unchanged.
func foldASCII(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf {
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		if f, ok := specialFolds[r]; ok {
			b.WriteString(f)
			continue
		}
		n := b.Len()
		for _, d := range norm.NFD.String(string(r)) {
			if d < utf8.RuneSelf {
				b.WriteRune(unicode.ToLower(d))
			}
		}
		if b.Len() == n {
			b.WriteByte(' ') // a separator, not a letter: it breaks the run
		}
	}
	return b.String()
}

// specialFolds covers letters that have no decomposition to an ASCII base.
var specialFolds = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
	'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d",
	'þ': "th", 'Þ': "th", 'ł': "l", 'Ł': "l", 'ı': "i", 'ħ': "h", 'Ħ': "h",
}

package event

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
	return string(appendSlug(make([]byte, 0, min(len(headline), 2*MaxSlugLen)), headline))
}

// TopicSlug makes the slug of a topic, story or category name: the same rule as
// Slug, without the length cut, so that distinct long titles stay distinct.
func TopicSlug(name string) string {
	b := appendSlugified(make([]byte, 0, len(name)), name, len(name))
	if len(b) == 0 {
		return "topic"
	}
	return string(b)
}

// SlugWords returns the words of s as a slug spells them: lowercased,
// accents folded to ASCII, split at every other character ("São Paulo's
// mayor" gives sao, paulo, s, mayor). None when nothing of s can be spelled.
func SlugWords(s string) []string {
	b := appendSlugified(nil, s, len(s))
	if len(b) == 0 {
		return nil
	}
	return strings.Split(string(b), "-")
}

// appendSlug appends Slug(headline) to dst.
func appendSlug(dst []byte, headline string) []byte {
	if b := appendSlugified(dst, headline, MaxSlugLen); len(b) > len(dst) {
		return b
	}
	return append(dst, "event"...)
}

// appendSlugified folds the first limit runes of s to lowercase ASCII and
// appends their runs of letters and digits to dst, joined with "-". It works
// in one pass: a stretch of ASCII at a time, and each other rune through its
// fold (see runeFold).
func appendSlugified(dst []byte, s string, limit int) []byte {
	start := len(dst)
	for {
		var n int
		dst, n = appendASCIISlug(dst, start, s[:min(len(s), limit)])
		s, limit = s[n:], limit-n
		if s == "" || limit == 0 {
			break
		}
		r, size := utf8.DecodeRuneInString(s) // s[0] is not ASCII
		dst, _ = appendASCIISlug(dst, start, runeFold(r))
		s, limit = s[size:], limit-1
	}
	if len(dst) > start && dst[len(dst)-1] == '-' {
		dst = dst[:len(dst)-1]
	}
	return dst
}

// appendASCIISlug appends the slug of the ASCII bytes that s starts with to
// the slug that starts at dst[start], which may end with a "-" to be dropped
// if no letter follows. It returns how many bytes of s it took: up to its
// first non-ASCII byte.
//
// Letters and separators alternate unpredictably in text, so the loop does
// not branch on them: it always writes the byte's slugBytes, and keeps it or
// not by how far it moves w: a "-" is not kept at the start of the slug nor
// after another "-".
func appendASCIISlug(dst []byte, start int, s string) ([]byte, int) {
	w := len(dst)
	dst = slices.Grow(dst, len(s))[:w+len(s)] // the slug of s is no longer than s
	dashed := 1                               // 1 when a "-" may not come next
	if w > start && dst[w-1] != '-' {
		dashed = 0
	}
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			break
		}
		b := slugBytes[c]
		dash := b2i(b == '-')
		dst[w] = b
		w += 1 - dash&dashed
		dashed = dash
	}
	return dst[:w], i
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// slugBytes maps an ASCII byte to what it puts in a slug: a digit or a lower
// case letter, or "-" for a separator.
var slugBytes = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			t[c] = byte(c)
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c) + 'a' - 'A'
		default:
			t[c] = '-'
		}
	}
	return t
}()

// Paths assigns the paths of one day's events from their headlines, in page
// order: two events with the same slug get "-2", "-3"… after the first.
// The paths are cut from one string, so that a day costs a few allocations,
// not a few per event.
func Paths(d Date, headlines []string) []string {
	dir := d.Dir() + "/"
	paths := dayPaths(dir, headlines)
	if hasRepeats(paths) {
		numberRepeats(paths, dir)
	}
	return paths
}

// dayPaths returns dir followed by the slug of each headline, all cut from
// one strings.Builder's buffer, which strings share without a copy.
func dayPaths(dir string, headlines []string) []string {
	size := 0
	for _, h := range headlines {
		size += len(dir) + min(len(h), MaxSlugLen)
	}
	var b strings.Builder
	b.Grow(size)
	var scratch [2 * MaxSlugLen]byte
	paths := make([]string, len(headlines))
	for i, h := range headlines {
		from := b.Len()
		b.WriteString(dir)
		b.Write(appendSlug(scratch[:0], h))
		paths[i] = b.String()[from:]
	}
	return paths
}

// hasRepeats reports whether two of s are equal: by comparing each pair when
// there are few, as on most days, else through a set.
func hasRepeats(s []string) bool {
	if len(s) > 64 {
		set := make(map[string]struct{}, len(s))
		for _, x := range s {
			if _, ok := set[x]; ok {
				return true
			}
			set[x] = struct{}{}
		}
		return false
	}
	for i := range s {
		if slices.Contains(s[:i], s[i]) {
			return true
		}
	}
	return false
}

// numberRepeats numbers the repeats of a slug among paths (each dir and a
// slug), in place: the second "fire" becomes "fire-2", unless that is taken too.
func numberRepeats(paths []string, dir string) {
	used := make(map[string]bool, len(paths))
	seen := make(map[string]int) // the last number given to a slug
	for i, path := range paths {
		s := path[len(dir):]
		slug := s
		for n := seen[s]; used[slug]; {
			n++
			seen[s] = n
			slug = s + "-" + strconv.Itoa(n+1)
		}
		used[slug] = true
		if len(slug) != len(s) {
			paths[i] = dir + slug
		}
	}
}

// runeFold returns what a non-ASCII rune folds to: its ASCII letters in lower
// case (é→"e", Ø→"o", ß→"ss"), or " " for a rune with none, a separator.
// Folds made through NFD are remembered: they are the same few runes over and
// over, and NFD allocates.
func runeFold(r rune) string {
	if f, ok := specialFolds[r]; ok {
		return f
	}
	if f, ok := foldCache.Load(r); ok {
		return f.(string)
	}
	f := decomposedFold(r)
	if foldCacheSize.Add(1) <= maxFoldCache {
		foldCache.Store(r, f)
	}
	return f
}

// maxFoldCache bounds the folds remembered, whatever text comes in.
const maxFoldCache = 4096

var (
	foldCache     sync.Map // rune → string; safe for the concurrent parses of days
	foldCacheSize atomic.Int64
)

// decomposedFold folds r through its canonical decomposition (NFD).
func decomposedFold(r rune) string {
	var b strings.Builder
	for _, d := range norm.NFD.String(string(r)) {
		if d < utf8.RuneSelf {
			b.WriteRune(unicode.ToLower(d))
		}
	}
	if b.Len() == 0 {
		return " "
	}
	return b.String()
}

// specialFolds covers letters that have no decomposition to an ASCII base.
var specialFolds = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
	'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d",
	'þ': "th", 'Þ': "th", 'ł': "l", 'Ł': "l", 'ı': "i", 'ħ': "h", 'Ħ': "h",
}

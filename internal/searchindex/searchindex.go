// Package searchindex builds the static site's search index
// (docs/search.md): the events' indexed text split into small JSON files,
// so that the site's search script (render.SearchScript) loads, for one
// query, the manifest, the files of the query's words and the display data
// of the results it shows, and nothing else.
//
// Layout under /search/index/:
//
//	manifest.json  {"version":2,"docs":N,"docsPerShard":16,"shards":["a","ab",…]}
//	t/<hex>.json   {"term":[df, id, weight, id, weight, …], …}: the terms
//	               that start with the shard's key (hex of its UTF-8), each
//	               with its events, ids delta-coded, and the term's BM25
//	               weight in each (×10, without the IDF)
//	d/<n>.json     [[path, headline] or null, …]: the events of ids n·16
//	               to n·16+15
//
// Terms are folded as the server's index folds them (lower case, accents
// removed, split at anything but letters and digits) but not stemmed.
//
// A query scores an event by the sum over its words of IDF (from df and N)
// times the stored weight. The ids are the store's event ids and the
// weights depend on the event's own text alone (BM25 with fixed average
// field lengths), so that an import changes only the files of the words
// and ids of the events it changed (and the manifest): an incremental
// build rewrites those, from the Model the build before it saved (every
// event's display data and every term's uncapped list), updated with the
// changed events, without reading the others.
package searchindex

import (
	"bytes"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Dir is the site directory of the index.
const Dir = "/search/index/"

// Tuning of the index's size.
const (
	// DocsPerShard is how many events' display data one d/ file holds.
	DocsPerShard = 16
	// PageSize is how many results the search script shows at once (and
	// loads the display data of).
	PageSize = 10
	// MaxPostings caps a term's list: a term in more events keeps its
	// best-scoring MaxPostings (a word as common as "the" says little).
	MaxPostings = 3000
	// ShardBytes is the size above which a term shard is split by the
	// next letter of its terms.
	ShardBytes = 24 << 10
)

// Fields of a document, with the weights of the server's BM25 ranking
// (store.searchWeights), and their average lengths in words on the corpus,
// fixed so that one event's weights do not depend on the others.
var (
	weights    = [5]float64{10, 2, 6, 4, 1}
	avgLengths = [5]float64{32, 40, 5, 3, 2}
)

// Doc is one event as the index sees it.
type Doc struct {
	// ID is the event's id in the store, stable while the event is.
	ID int64
	// Path is the event's extension-less site path.
	Path string
	// Fields are the texts the server's index holds: headline, summary,
	// entities, stories, sources.
	Fields [5]string
}

// File is one file of the index: its site path and content.
type File struct {
	Path string
	Body []byte
}

// posting is one event of a term's list.
type posting struct {
	doc   int64
	score int
}

// Build returns the files of the index of docs, whose ids must differ and
// not be negative.
func Build(docs []Doc) ([]File, error) {
	m, err := NewModel(docs)
	if err != nil {
		return nil, err
	}
	return m.Files()
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// shardTerms groups the terms, sorted, with the bytes of their lists, into
// shards by a common start, each under ShardBytes unless one term alone is
// larger: a group too large is split by the next letter, its terms as long
// as the key staying in it. A group is a run of the sorted terms (they are
// valid UTF-8: Words makes them so), so the split walks ranges.
func shardTerms(names []string, sizes []int) map[string][]string {
	out := map[string][]string{}
	var split func(key string, keyLen, lo, hi int)
	// splitRange splits names[lo:hi], which share their first keyLen
	// runes, by their next one; a term of keyLen runes stays in key.
	splitRange := func(key string, keyLen, lo, hi int) {
		for i := lo; i < hi; {
			k, ok := runePrefix(names[i], keyLen+1)
			if !ok {
				out[key] = append(out[key], names[i])
				i++
				continue
			}
			j := i + 1
			for j < hi && strings.HasPrefix(names[j], k) {
				j++
			}
			split(k, keyLen+1, i, j)
			i = j
		}
	}
	split = func(key string, keyLen, lo, hi int) {
		size := 0
		for _, n := range sizes[lo:hi] {
			size += n
		}
		if size <= ShardBytes || hi-lo == 1 {
			out[key] = names[lo:hi:hi]
			return
		}
		splitRange(key, keyLen, lo, hi)
	}
	splitRange("", 0, 0, len(names))
	return out
}

// runePrefix returns the first n runes of w; false when it has fewer.
func runePrefix(w string, n int) (string, bool) {
	i := 0
	for range n {
		if i >= len(w) {
			return "", false
		}
		_, size := utf8.DecodeRuneInString(w[i:])
		i += size
	}
	return w[:i], true
}

// shardBody writes a shard: each term's df and its events (capped),
// delta-coded.
func shardBody(names []string, terms map[string]*term) ([]byte, error) {
	size := 2
	for _, w := range names {
		size += listBytes(w, terms[w].df)
	}
	b := append(make([]byte, 0, size), '{')
	for i, w := range names {
		if i > 0 {
			b = append(b, ',')
		}
		key, err := json.Marshal(w)
		if err != nil {
			return nil, fmt.Errorf("search index: term %q: %w", w, err)
		}
		b = append(append(b, key...), ":["...)
		t := terms[w]
		b = strconv.AppendInt(b, int64(t.df), 10)
		prev := int64(0)
		for _, p := range capped(t.postings()) {
			// Appended in place: a shard holds up to 3,000 numbers a term,
			// and an update of the corpus rewrites hundreds of shards.
			b = strconv.AppendInt(append(b, ','), p.doc-prev, 10)
			b = strconv.AppendInt(append(b, ','), int64(p.score), 10)
			prev = p.doc
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

// Fold lowers the case of s and removes its accents, as the search
// script's fold does (NFD, marks dropped).
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.M, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Words splits s, folded, into its words: runs of letters and digits.
func Words(s string) []string {
	return slices.Collect(words(s))
}

// words yields the words of s, folded, as Words returns them, without
// making their slice: a build weighs every word of every event.
func words(s string) iter.Seq[string] {
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }
	if isASCII(s) { // most of the text: no accents to fold
		s = strings.ToLower(s)
		isWord = func(r rune) bool { return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' }
	} else {
		s = Fold(s)
	}
	return func(yield func(string) bool) {
		start := -1
		for i, r := range s {
			switch word := isWord(r); {
			case word && start < 0:
				start = i
			case !word && start >= 0:
				if !yield(s[start:i]) {
					return
				}
				start = -1
			}
		}
		if start >= 0 {
			yield(s[start:])
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

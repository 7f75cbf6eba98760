package searchindex

import (
	"cmp"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Index reads a built index's files the way the site's search script
// does, file by file, remembering which it loaded: the Go twin of
// render's search.js, for tests and for measuring the bytes a query loads.
type Index struct {
	files  map[string][]byte
	loaded map[string]bool
	man    *manifest
}

type manifest struct {
	Docs         int      `json:"docs"`
	DocsPerShard int      `json:"docsPerShard"`
	Shards       []string `json:"shards"`
}

// Open reads an index from its files (site paths under Dir).
func Open(files []File) *Index {
	ix := &Index{files: map[string][]byte{}, loaded: map[string]bool{}}
	for _, f := range files {
		ix.files[f.Path] = f.Body
	}
	return ix
}

// Loaded returns the files loaded since the last Reset and their bytes.
func (ix *Index) Loaded() (files, bytes int) {
	for p := range ix.loaded {
		files++
		bytes += len(ix.files[p])
	}
	return files, bytes
}

// LoadedBytes returns the bytes of the loaded files whose path under Dir
// starts with under ("t/", "d/", "manifest.json").
func (ix *Index) LoadedBytes(under string) int {
	n := 0
	for p := range ix.loaded {
		if strings.HasPrefix(p, Dir+under) {
			n += len(ix.files[p])
		}
	}
	return n
}

// LoadedPaths returns the site paths of the loaded files.
func (ix *Index) LoadedPaths() []string {
	out := make([]string, 0, len(ix.loaded))
	for p := range ix.loaded {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// Reset forgets the loaded files, as a new page of the browser would.
func (ix *Index) Reset() { ix.loaded, ix.man = map[string]bool{}, nil }

func (ix *Index) load(name string, v any) error {
	p := Dir + name
	body, ok := ix.files[p]
	if !ok {
		return fmt.Errorf("search index: no file %s", p)
	}
	ix.loaded[p] = true
	return json.Unmarshal(body, v)
}

type alt struct {
	words  []string
	prefix bool
}

type clause struct {
	alts    []alt
	exclude bool
}

var tokenRE = regexp.MustCompile(`-?"[^"]*"\*?|\S+`)

// parse reads the query as search.js does.
func parse(q string) []clause {
	var out []clause
	or, not := false, false
	for _, t := range tokenRE.FindAllString(q, -1) {
		switch t {
		case "OR":
			or = len(out) > 0
			continue
		case "AND":
			continue
		case "NOT":
			not = true
			continue
		}
		exclude := not
		not = false
		if len(t) > 1 && t[0] == '-' {
			exclude, t = true, t[1:]
		}
		star := strings.HasSuffix(t, "*")
		ws := Words(strings.TrimSuffix(t, "*"))
		if len(ws) == 0 {
			continue
		}
		a := alt{words: ws, prefix: star && len([]rune(ws[len(ws)-1])) >= 2}
		if n := len(out); or && !exclude && n > 0 && !out[n-1].exclude {
			out[n-1].alts = append(out[n-1].alts, a)
		} else {
			out = append(out, clause{alts: []alt{a}, exclude: exclude})
		}
		or = false
	}
	return out
}

// Hit is one event found: its id and its score.
type Hit struct {
	Doc   int
	Score float64
}

// Search runs a query as the search script does and returns every event
// found, best first, and the paths of the first limit.
func (ix *Index) Search(q string, limit int) ([]Hit, []string, error) {
	clauses := parse(q)
	var include []clause
	for _, c := range clauses {
		if !c.exclude {
			include = append(include, c)
		}
	}
	if len(include) == 0 {
		return nil, nil, fmt.Errorf("type a word to search for")
	}
	if ix.man == nil {
		ix.man = new(manifest)
		if err := ix.load("manifest.json", ix.man); err != nil {
			return nil, nil, err
		}
	}
	var maps []map[int]float64
	for _, c := range include {
		m, err := ix.clauseDocs(c)
		if err != nil {
			return nil, nil, err
		}
		maps = append(maps, m)
	}
	found := intersect(maps)
	for _, c := range clauses {
		if c.exclude {
			m, err := ix.clauseDocs(c)
			if err != nil {
				return nil, nil, err
			}
			for d := range m {
				delete(found, d)
			}
		}
	}
	hits := make([]Hit, 0, len(found))
	for d, s := range found {
		hits = append(hits, Hit{d, s})
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return b.Doc - a.Doc // the newer first
	})
	paths, err := ix.paths(hits[:min(limit, len(hits))])
	return hits, paths, err
}

func (ix *Index) paths(hits []Hit) ([]string, error) {
	per := ix.man.DocsPerShard
	out := make([]string, len(hits))
	shards := map[int][][2]string{}
	for i, h := range hits {
		n := h.Doc / per
		if shards[n] == nil {
			var rows [][2]string
			if err := ix.load("d/"+strconv.Itoa(n)+".json", &rows); err != nil {
				return nil, err
			}
			shards[n] = rows
		}
		if h.Doc%per >= len(shards[n]) || shards[n][h.Doc%per][0] == "" {
			return nil, fmt.Errorf("search index: no event %d", h.Doc)
		}
		out[i] = shards[n][h.Doc%per][0]
	}
	return out, nil
}

func (ix *Index) clauseDocs(c clause) (map[int]float64, error) {
	out := map[int]float64{}
	for _, a := range c.alts {
		var maps []map[int]float64
		for i, w := range a.words {
			m, err := ix.postings(w, a.prefix && i == len(a.words)-1)
			if err != nil {
				return nil, err
			}
			maps = append(maps, m)
		}
		for d, s := range intersect(maps) {
			if s > out[d] {
				out[d] = s
			}
		}
	}
	return out, nil
}

// shardsFor lists the shards that may hold the word (see search.js).
func (ix *Index) shardsFor(word string, prefix bool) []string {
	best := ""
	var out []string
	for _, k := range ix.man.Shards {
		if strings.HasPrefix(word, k) {
			if len(k) > len(best) {
				best = k
			}
		} else if prefix && strings.HasPrefix(k, word) {
			out = append(out, k)
		}
	}
	if best != "" {
		out = append(out, best)
	}
	return out
}

func (ix *Index) postings(word string, prefix bool) (map[int]float64, error) {
	out := map[int]float64{}
	for _, k := range ix.shardsFor(word, prefix) {
		var shard map[string][]int
		if err := ix.load("t/"+hex.EncodeToString([]byte(k))+".json", &shard); err != nil {
			return nil, err
		}
		for term, l := range shard {
			if len(l) == 0 || term != word && !(prefix && strings.HasPrefix(term, word)) {
				continue
			}
			df, n := float64(l[0]), float64(ix.man.Docs)
			idf := math.Log(1 + (n-df+0.5)/(df+0.5))
			doc := 0
			for i := 1; i+1 < len(l); i += 2 {
				doc += l[i]
				if s := idf * float64(l[i+1]); s > out[doc] {
					out[doc] = s
				}
			}
		}
	}
	return out, nil
}

func intersect(maps []map[int]float64) map[int]float64 {
	slices.SortFunc(maps, func(a, b map[int]float64) int { return len(a) - len(b) })
	out := map[int]float64{}
next:
	for d, s := range maps[0] {
		for _, m := range maps[1:] {
			v, ok := m[d]
			if !ok {
				continue next
			}
			s += v
		}
		out[d] = s
	}
	return out
}

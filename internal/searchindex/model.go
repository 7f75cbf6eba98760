package searchindex

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Model is the content of an index that an update needs: every event's
// id and directory (its path up to the last slash: the day, for an event)
// and every term's events, uncapped (the files keep a capped term's best
// MaxPostings only, and an update needs the rest). The events' display
// data (path and headline) it knows only for the events given to it; an
// update reads the others' from the d/ files it rewrites. A build keeps it
// beside the index (Save, LoadModel) so that the next one updates it with
// the changed events (Update) and rewrites only the files that changed,
// byte for byte what Build writes for the same events.
type Model struct {
	// Stamps are numbers the caller keeps with the model (the site: the
	// store's generation of the build that wrote it, and the search
	// generation the model is current with).
	Stamps [2]int64

	docs  docIndex         // event ids and the index of each one's dir
	dirs  []string         // of events, each once
	dirOf map[string]int32 // index of a dir in dirs
	shown map[int64]docRow // display data of the events given (NewModel, Update)
	terms map[string]*term
	names []string // of terms, sorted
	// ordered are the terms of names, in its order: the whole-model
	// passes of an update (layout, Save) walk it rather than look each of
	// 76,000 terms up by name.
	ordered []*term
	size    int // of the saved model, as a hint
}

// docRow is what a d/ file shows of an event.
type docRow struct{ path, headline string }

// term is one term's events, sorted by id: decoded, or still as saved.
type term struct {
	df   int       // events holding the term: len(list) once decoded
	kept bool      // in Model.names (and ordered); a term an update adds is not
	last int64     // the greatest id of the list, while it is not decoded
	raw  []byte    // saved postings (uvarint id delta, uvarint score)
	list []posting // nil until decoded
}

// postings returns the term's events, sorted by id, decoding them once.
func (t *term) postings() []posting {
	if t.list == nil && t.df > 0 {
		t.list = make([]posting, 0, t.df)
		var doc int64
		for b := t.raw; len(b) > 0; {
			delta, n := binary.Uvarint(b)
			score, k := binary.Uvarint(b[n:])
			b = b[n+k:]
			doc += int64(delta)
			t.list = append(t.list, posting{doc: doc, score: int(score)})
		}
		t.raw = nil
	}
	return t.list
}

// eachOf calls fn with each event of ids, whose least and greatest are
// lo and hi, that the term has, and its score, without decoding its list.
func (t *term) eachOf(ids map[int64]bool, lo, hi int64, fn func(id int64, score int)) {
	if t.list != nil {
		for _, p := range t.list {
			if ids[p.doc] {
				fn(p.doc, p.score)
			}
		}
		return
	}
	if t.last < lo {
		return
	}
	var doc int64
	for b := t.raw; len(b) > 0; {
		delta, n := binary.Uvarint(b)
		b = b[n:]
		score, n := binary.Uvarint(b)
		b = b[n:]
		doc += int64(delta)
		if doc > hi {
			return
		}
		if doc >= lo && ids[doc] {
			fn(doc, int(score))
		}
	}
}

// NewModel indexes docs, whose ids must differ and not be negative.
func NewModel(docs []Doc) (*Model, error) {
	if err := checkIDs(docs); err != nil {
		return nil, err
	}
	m := &Model{docs: newDocIndex(len(docs)), dirOf: map[string]int32{},
		shown: make(map[int64]docRow, len(docs)), terms: map[string]*term{}}
	m.add(docs, nil, nil)
	for w, t := range m.terms {
		slices.SortFunc(t.list, byDoc)
		m.names = append(m.names, w)
	}
	slices.Sort(m.names)
	m.ordered = make([]*term, len(m.names))
	for i, w := range m.names {
		m.ordered[i] = m.terms[w]
		m.ordered[i].kept = true
	}
	return m, nil
}

func byDoc(a, b posting) int { return cmp.Compare(a.doc, b.doc) }

func checkIDs(docs []Doc) error {
	seen := make(map[int64]bool, len(docs))
	for _, d := range docs {
		if d.ID < 0 || seen[d.ID] {
			return fmt.Errorf("search index: event id %d of %s is negative or not unique", d.ID, d.Path)
		}
		seen[d.ID] = true
	}
	return nil
}

// add indexes docs, whose ids the model must not hold, with their terms
// (weighed here, by a scorer, when terms is nil), appending to the terms'
// lists (unsorted) and noting the terms in changed when not nil.
func (m *Model) add(docs []Doc, terms []map[string]int, changed map[string]bool) {
	var s scorer
	for i, d := range docs {
		dir := eventDir(d.Path)
		k, ok := m.dirOf[dir]
		if !ok {
			k = int32(len(m.dirs))
			m.dirs = append(m.dirs, dir)
			m.dirOf[dir] = k
		}
		m.docs.put(d.ID, k)
		m.shown[d.ID] = docRow{d.Path, d.Fields[0]}
		post := func(w string, score int) {
			t := m.terms[w]
			if t == nil {
				t = &term{}
				m.terms[w] = t
			}
			t.list = append(t.postings(), posting{doc: d.ID, score: score})
			t.df++
			if changed != nil {
				changed[w] = true
			}
		}
		if terms == nil {
			s.each(d, post)
			continue
		}
		for w, score := range terms[i] {
			post(w, score)
		}
	}
}

// eventDir is an event path's directory: up to its last slash.
func eventDir(path string) string { return path[:strings.LastIndexByte(path, '/')+1] }

// scorer weighs the terms of documents one after another with BM25 (k1
// 1.2, b 0.75, per field, weighted, the IDF left to the query) as the
// server's ranking does, keeping its tables from one document to the next:
// a build weighs every event.
type scorer struct {
	at     map[string]int // a word's place in words and counts
	words  []string
	counts [][len(weights)]int // of each word, per field
}

// terms returns every term of d with its weight.
func (s *scorer) terms(d Doc) map[string]int {
	out := map[string]int{}
	s.each(d, func(w string, score int) { out[w] = score })
	return out
}

// each calls f with every term of d and its weight, each term once.
func (s *scorer) each(d Doc, f func(w string, score int)) {
	if s.at == nil {
		s.at = map[string]int{}
	}
	clear(s.at)
	s.words, s.counts = s.words[:0], s.counts[:0]
	var lens [len(weights)]int
	for field, text := range d.Fields {
		for w := range words(text) {
			k, ok := s.at[w]
			if !ok {
				k = len(s.words)
				s.at[w] = k
				s.words = append(s.words, w)
				s.counts = append(s.counts, [len(weights)]int{})
			}
			s.counts[k][field]++
			lens[field]++
		}
	}
	for k, w := range s.words {
		f(w, bm25(&s.counts[k], &lens))
	}
}

// bm25 is a term's weight from its counts and the fields' lengths, ×10,
// rounded, at least 1.
func bm25(counts, lens *[len(weights)]int) int {
	const k1, b = 1.2, 0.75
	s := 0.0
	for f, k := range counts {
		if k > 0 {
			s += weights[f] * float64(k) * (k1 + 1) / (float64(k) + k1*(1-b+b*float64(lens[f])/avgLengths[f]))
		}
	}
	return max(1, int(math.Round(10*s)))
}

// capped returns a term's list as its shard holds it: when longer than
// MaxPostings, its best-scoring MaxPostings (of equal scores, the later
// events), still sorted by id. The threshold is found by counting scores
// rather than by sorting: a common term's list is long.
func capped(list []posting) []posting {
	if len(list) <= MaxPostings {
		return list
	}
	above, threshold := cappedThreshold(list)
	ties := MaxPostings - above
	keep := make([]bool, len(list))
	for i := len(list) - 1; i >= 0; i-- {
		switch s := list[i].score; {
		case s > threshold:
			keep[i] = true
		case s == threshold && ties > 0:
			keep[i] = true
			ties--
		}
	}
	out := make([]posting, 0, MaxPostings)
	for i, p := range list {
		if keep[i] {
			out = append(out, p)
		}
	}
	return out
}

// cappedThreshold returns the score of the last postings capped keeps of
// a list longer than MaxPostings, and how many score above it: every
// posting above the threshold is kept, and the last ties (the greatest
// ids) at it. Scores are small numbers (bm25), counted in a slice;
// a model spoilt with huge ones is counted in a map.
func cappedThreshold(list []posting) (above, threshold int) {
	top := 0
	for _, p := range list {
		top = max(top, p.score)
	}
	var scores []int // distinct, descending
	var countOf func(score int) int
	if top < maxDenseScore {
		counts := make([]int, top+1)
		for _, p := range list {
			counts[max(p.score, 0)]++
		}
		for s := top; s >= 0; s-- {
			if counts[s] > 0 {
				scores = append(scores, s)
			}
		}
		countOf = func(s int) int { return counts[s] }
	} else {
		counts := map[int]int{}
		for _, p := range list {
			counts[p.score]++
		}
		for s := range counts {
			scores = append(scores, s)
		}
		slices.Sort(scores)
		slices.Reverse(scores)
		countOf = func(s int) int { return counts[s] }
	}
	for _, s := range scores {
		threshold = s
		if above+countOf(s) >= MaxPostings {
			break
		}
		above += countOf(s)
	}
	return above, threshold
}

// maxDenseScore bounds the scores cappedThreshold counts in a slice.
const maxDenseScore = 1 << 16

// listBytes estimates the bytes of a term's list of n events in a shard.
func listBytes(w string, n int) int {
	return len(w) + 8 + 6*min(n, MaxPostings)
}

// layout returns the shards of the model's terms.
func (m *Model) layout() map[string][]string {
	sizes := make([]int, len(m.names))
	for i, w := range m.names {
		sizes[i] = listBytes(w, m.ordered[i].df)
	}
	return shardTerms(m.names, sizes)
}

// sortNames brings the sorted list of terms up to date after an update:
// the terms it added (new, not kept) and those it removed (left with no
// event: remove drops them from terms, and a term added again under the
// same word is a new one).
func (m *Model) sortNames(changed map[string]bool) {
	var added []string
	for w := range changed {
		if t := m.terms[w]; t != nil && !t.kept {
			added = append(added, w)
		}
	}
	slices.Sort(added)
	names := make([]string, 0, len(m.names)+len(added))
	ordered := make([]*term, 0, cap(names))
	take := func(w string, t *term) {
		t.kept = true
		names, ordered = append(names, w), append(ordered, t)
	}
	for i, w := range m.names {
		for len(added) > 0 && added[0] < w {
			take(added[0], m.terms[added[0]])
			added = added[1:]
		}
		if t := m.ordered[i]; t.df > 0 {
			take(w, t)
		}
	}
	for _, w := range added {
		take(w, m.terms[w])
	}
	m.names, m.ordered = names, ordered
}

// Files returns every file of the index.
func (m *Model) Files() ([]File, error) {
	var files []File
	shards := m.layout()
	keys := make([]string, 0, len(shards))
	for key, names := range shards {
		keys = append(keys, key)
		f, err := m.shardFile(key, names)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	slices.Sort(keys)
	parts := map[int64]bool{}
	for _, id := range m.docs.ids {
		parts[id/DocsPerShard] = true
	}
	for n := range parts {
		f, err := m.docFile(n, nil)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	manifest, err := m.manifest(keys)
	if err != nil {
		return nil, err
	}
	files = append(files, manifest)
	slices.SortFunc(files, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	return files, nil
}

func shardPath(key string) string { return Dir + "t/" + hex.EncodeToString([]byte(key)) + ".json" }

func docPath(n int64) string { return Dir + "d/" + strconv.FormatInt(n, 10) + ".json" }

func (m *Model) shardFile(key string, names []string) (File, error) {
	body, err := shardBody(names, m.terms)
	return File{Path: shardPath(key), Body: body}, err
}

// ErrStale reports that Update could not read the display data of an
// event it keeps from the index's d/ file (missing, or not what this
// package writes): the index is to be built whole.
var ErrStale = errors.New("search index: a d/ file to update is missing or not this index's")

// docFile is the d/ file of the events of ids n·16 to n·16+15: the rows
// of the events the model was given, and the others' from the file as
// read returns it (nil: the model was given every event).
func (m *Model) docFile(n int64, read func(path string) ([]byte, error)) (File, error) {
	rows := make([]*[2]string, DocsPerShard)
	var old []*[2]string
	for i := range rows {
		id := n*DocsPerShard + int64(i)
		if _, ok := m.docs.get(id); !ok {
			continue
		}
		if d, ok := m.shown[id]; ok {
			rows[i] = &[2]string{d.path, d.headline}
			continue
		}
		if old == nil {
			var err error
			if old, err = readDocFile(read, docPath(n)); err != nil {
				return File{}, err
			}
		}
		if old[i] == nil {
			return File{}, ErrStale
		}
		rows[i] = old[i]
	}
	body, err := marshal(rows)
	return File{Path: docPath(n), Body: body}, err
}

// readDocFile decodes the d/ file at path as read returns it. One with
// the escape that marshal writes for invalid UTF-8 is refused: decoded,
// it would be written again as another text.
func readDocFile(read func(path string) ([]byte, error), path string) ([]*[2]string, error) {
	if read == nil {
		return nil, ErrStale
	}
	b, err := read(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrStale, err)
	}
	var rows []*[2]string
	if bytes.Contains(b, []byte(`\ufffd`)) || json.Unmarshal(b, &rows) != nil || len(rows) != DocsPerShard {
		return nil, ErrStale
	}
	return rows, nil
}

func (m *Model) manifest(keys []string) (File, error) {
	body, err := marshal(struct {
		Version      int      `json:"version"`
		Docs         int      `json:"docs"`
		DocsPerShard int      `json:"docsPerShard"`
		Shards       []string `json:"shards"`
	}{2, m.docs.len(), DocsPerShard, keys})
	return File{Path: Dir + "manifest.json", Body: body}, err
}

// Update removes from the model the events drop selects (by id and
// directory) and those of the ids of docs, then indexes docs (whose ids
// must differ and not be negative), and returns what changed in the
// index's files: the files to write (some may hold the bytes they had) and
// the paths of those it no longer has. Written over the files of the model
// before, they make the files Build writes for its events now. read
// returns the current body of a d/ file of the index, whose other events'
// display data a rewritten d/ file keeps; when it cannot, Update fails
// with ErrStale (and the model is spent).
//
// A doc that the model holds under its id, in the same directory and with
// the same terms and scores, keeps its postings: only its d/ file is
// written again. A re-imported day whose one event was edited then
// rewrites the shards of that event's terms, not of all the day's.
func (m *Model) Update(drop func(id int64, dir string) bool, docs []Doc, read func(path string) ([]byte, error)) (write []File, gone []string, err error) {
	if err := checkIDs(docs); err != nil {
		return nil, nil, err
	}
	before := m.layout()
	ids := map[int64]bool{}
	for i, id := range m.docs.ids {
		if drop(id, m.dirs[m.docs.dirs[i]]) {
			ids[id] = true
		}
	}
	for _, d := range docs {
		if _, ok := m.docs.get(d.ID); ok {
			ids[d.ID] = true
		}
	}
	parts := map[int64]bool{}
	for id := range ids {
		parts[id/DocsPerShard] = true
	}
	terms := make([]map[string]int, len(docs))
	var s scorer
	for i, d := range docs {
		parts[d.ID/DocsPerShard] = true
		terms[i] = s.terms(d)
	}
	held := m.termsOf(ids)
	docs, terms = m.keepUnchanged(ids, held, docs, terms)
	changed := m.remove(ids, held)
	m.add(docs, terms, changed)
	for w := range changed {
		if t := m.terms[w]; t != nil {
			slices.SortFunc(t.list, byDoc)
		}
	}
	m.sortNames(changed)
	return m.changedFiles(before, changed, parts, read)
}

// heldTerm is a term of an event in the model, with the event's score.
type heldTerm struct {
	word  string
	score int
}

// termsOf returns the terms of the model's events of ids, with their
// scores, in one walk over every term's list (the model keeps no list of
// an event's terms).
func (m *Model) termsOf(ids map[int64]bool) map[int64][]heldTerm {
	held := map[int64][]heldTerm{}
	if len(ids) == 0 {
		return held
	}
	lo, hi := int64(math.MaxInt64), int64(-1)
	for id := range ids {
		lo, hi = min(lo, id), max(hi, id)
	}
	for i, w := range m.names {
		m.ordered[i].eachOf(ids, lo, hi, func(id int64, score int) {
			held[id] = append(held[id], heldTerm{w, score})
		})
	}
	return held
}

// keepUnchanged finds the docs the model holds as they are (same
// directory, same terms, same scores): it takes them out of ids, so that
// their postings stay, updates their display data, and returns the other
// docs with their terms.
func (m *Model) keepUnchanged(ids map[int64]bool, held map[int64][]heldTerm, docs []Doc, terms []map[string]int) ([]Doc, []map[string]int) {
	var otherDocs []Doc
	var otherTerms []map[string]int
	for i, d := range docs {
		if k, ok := m.docs.get(d.ID); ok && ids[d.ID] && m.dirs[k] == eventDir(d.Path) && sameTerms(held[d.ID], terms[i]) {
			delete(ids, d.ID)
			m.shown[d.ID] = docRow{d.Path, d.Fields[0]}
			continue
		}
		otherDocs, otherTerms = append(otherDocs, d), append(otherTerms, terms[i])
	}
	return otherDocs, otherTerms
}

func sameTerms(held []heldTerm, terms map[string]int) bool {
	if len(held) != len(terms) {
		return false
	}
	for _, h := range held {
		if score, ok := terms[h.word]; !ok || score != h.score {
			return false
		}
	}
	return true
}

// remove drops the events of ids from the model, whose terms are held
// (termsOf), and returns the terms whose lists changed.
func (m *Model) remove(ids map[int64]bool, held map[int64][]heldTerm) map[string]bool {
	changed := map[string]bool{}
	m.docs.removeAll(ids)
	for id := range ids {
		delete(m.shown, id)
		for _, h := range held[id] {
			changed[h.word] = true
		}
	}
	for w := range changed {
		t := m.terms[w]
		t.list = slices.DeleteFunc(t.postings(), func(p posting) bool { return ids[p.doc] })
		t.df = len(t.list)
		if t.df == 0 {
			delete(m.terms, w)
		}
	}
	return changed
}

// changedFiles returns the files an update changed: the shards of changed
// terms or of another set of terms than before, the d/ files of parts and
// the manifest; and the paths of the shards and d/ files that are gone.
func (m *Model) changedFiles(before map[string][]string, changed map[string]bool, parts map[int64]bool, read func(string) ([]byte, error)) (write []File, gone []string, err error) {
	after := m.layout()
	keys := make([]string, 0, len(after))
	for key, names := range after {
		keys = append(keys, key)
		if slices.Equal(names, before[key]) && !slices.ContainsFunc(names, func(w string) bool { return changed[w] }) {
			continue
		}
		f, err := m.shardFile(key, names)
		if err != nil {
			return nil, nil, err
		}
		write = append(write, f)
	}
	for key := range before {
		if after[key] == nil {
			gone = append(gone, shardPath(key))
		}
	}
	for n := range parts {
		if !m.holdsPart(n) {
			gone = append(gone, docPath(n))
			continue
		}
		f, err := m.docFile(n, read)
		if err != nil {
			return nil, nil, err
		}
		write = append(write, f)
	}
	slices.Sort(keys)
	manifest, err := m.manifest(keys)
	if err != nil {
		return nil, nil, err
	}
	write = append(write, manifest)
	slices.SortFunc(write, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	slices.Sort(gone)
	return write, gone, nil
}

// holdsPart reports whether the model has an event of ids n·16 to n·16+15.
func (m *Model) holdsPart(n int64) bool {
	return m.docs.has(n*DocsPerShard, n*DocsPerShard+DocsPerShard-1)
}

// modelMagic starts a saved model, with the format's version (1 held
// each event's path and headline; 2 its directory, and each term's
// greatest id).
const modelMagic = "chronicle search model 2\n"

// Save encodes the model: its stamps, its directories, its events by id
// (id delta, index of the directory) and its terms in order, each with
// its greatest id and its events (id delta, score), all numbers as
// varints.
func (m *Model) Save() []byte {
	b := make([]byte, 0, m.size+m.size/8)
	b = binary.AppendVarint(append(b, modelMagic...), m.Stamps[0])
	b = binary.AppendVarint(b, m.Stamps[1])
	m.docs.sort()
	used := make([]int32, len(m.dirs)) // index of each dir saved, plus one
	var dirs []string
	for _, k := range m.docs.dirs {
		if used[k] == 0 {
			dirs = append(dirs, m.dirs[k])
			used[k] = int32(len(dirs))
		}
	}
	b = binary.AppendUvarint(b, uint64(len(dirs)))
	for _, dir := range dirs {
		b = appendString(b, dir)
	}
	b = binary.AppendUvarint(b, uint64(m.docs.len()))
	prev := int64(0)
	for i, id := range m.docs.ids {
		b = binary.AppendUvarint(b, uint64(id-prev))
		b = binary.AppendUvarint(b, uint64(used[m.docs.dirs[i]]-1))
		prev = id
	}
	b = binary.AppendUvarint(b, uint64(len(m.names)))
	var list []byte
	for i, w := range m.names {
		t := m.ordered[i]
		raw, last := t.raw, t.last
		if t.list != nil {
			list = list[:0]
			prev := int64(0)
			for _, p := range t.list {
				list = binary.AppendUvarint(binary.AppendUvarint(list, uint64(p.doc-prev)), uint64(p.score))
				prev = p.doc
			}
			raw, last = list, prev
		}
		b = appendString(b, w)
		b = binary.AppendUvarint(b, uint64(t.df))
		b = binary.AppendUvarint(b, uint64(last))
		b = append(binary.AppendUvarint(b, uint64(len(raw))), raw...)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// errModel reports a saved model that does not decode.
var errModel = errors.New("search index: not a saved model of this version")

// LoadModel decodes a model Save encoded. The terms' lists stay encoded
// (in b, which must not change) until an update needs them.
func LoadModel(b []byte) (*Model, error) {
	if !bytes.HasPrefix(b, []byte(modelMagic)) {
		return nil, errModel
	}
	r := reader{b: b[len(modelMagic):]}
	m := &Model{Stamps: [2]int64{r.varint(), r.varint()}, size: len(b), shown: map[int64]docRow{}}
	n := r.uvarint()
	if n > uint64(len(b)) {
		return nil, errModel
	}
	m.dirs = make([]string, n)
	m.dirOf = make(map[string]int32, n)
	for i := range m.dirs {
		m.dirs[i] = r.string()
		m.dirOf[m.dirs[i]] = int32(i)
	}
	n = r.uvarint()
	if n > uint64(len(b)) {
		return nil, errModel
	}
	m.docs = newDocIndex(int(n))
	id := int64(-1)
	for range n {
		delta := r.uvarint()
		k := r.uvarint()
		if k >= uint64(len(m.dirs)) || delta == 0 && id >= 0 {
			return nil, errModel
		}
		id = max(id, 0) + int64(delta)
		m.docs.put(id, int32(k))
	}
	n = r.uvarint()
	if n > uint64(len(b)) {
		return nil, errModel
	}
	m.terms = make(map[string]*term, n)
	m.names = make([]string, 0, n)
	m.ordered = make([]*term, 0, n)
	terms := make([]term, n) // one allocation for all
	for i := range n {
		w := r.string()
		if k := len(m.names); k > 0 && m.names[k-1] >= w {
			return nil, errModel
		}
		df := r.uvarint()
		last := r.uvarint()
		t := &terms[i]
		*t = term{df: int(df), last: int64(last), raw: r.bytes(), kept: true}
		m.terms[w] = t
		m.names = append(m.names, w)
		m.ordered = append(m.ordered, t)
	}
	if r.bad || len(r.b) > 0 || len(m.dirOf) != len(m.dirs) {
		return nil, errModel
	}
	return m, nil
}

// reader decodes a saved model; bad tells it ran past the end.
type reader struct {
	b   []byte
	bad bool
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) bytes() []byte {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.bad, r.b = true, nil
		return nil
	}
	s := r.b[:n:n]
	r.b = r.b[n:]
	return s
}

func (r *reader) string() string { return string(r.bytes()) }

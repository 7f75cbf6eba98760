package searchindex_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/searchindex"
)

// corpus makes n events of a small vocabulary: some words in every event
// (their lists capped), some in a few, and enough text for shards to
// split.
func corpus(first, n int64, salt string) []searchindex.Doc {
	var docs []searchindex.Doc
	for id := first; id < first+n; id++ {
		words := []string{"the", "strike", "alpha" + fmt.Sprint(id%7), fmt.Sprintf("w%d", id%1500), salt}
		if id%3 == 0 {
			words = append(words, "the", "Kenya", "Médecins")
		}
		docs = append(docs, searchindex.Doc{ID: id, Path: fmt.Sprintf("/news/2025/03/%d/e%d%s", id%28+1, id, salt),
			Fields: [5]string{strings.Join(words, " "), "", fmt.Sprintf("Entity %d", id%40), "", "Reuters"}})
	}
	return docs
}

// reimported returns the docs of base in the directory dir, each after
// edit (given its place among them).
func reimported(base []searchindex.Doc, dir string, edit func(k int, d *searchindex.Doc)) []searchindex.Doc {
	var out []searchindex.Doc
	for _, d := range base {
		if strings.HasPrefix(d.Path, dir) && !strings.Contains(d.Path[len(dir):], "/") {
			edit(len(out), &d)
			out = append(out, d)
		}
	}
	return out
}

func filesOf(t *testing.T, docs []searchindex.Doc) map[string][]byte {
	t.Helper()
	files, err := searchindex.Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		out[f.Path] = f.Body
	}
	return out
}

// An updated model's changed files, written over the files of the model
// before, make what Build writes for the events after: for edits in place,
// a day's events replaced by new ids, removals (of a capped term's best
// events, of every event of a d/ file, of a term's last event) and
// additions that split shards; through a saved and loaded model.
func TestUpdateIsBuild(t *testing.T) {
	base := corpus(0, 4000, "")
	dirOf := func(p string) string { return p[:strings.LastIndexByte(p, '/')+1] }
	dropIDs := func(ids ...int64) func(int64, string) bool {
		return func(id int64, _ string) bool { return slices.Contains(ids, id) }
	}
	none := func(int64, string) bool { return false }
	edited := slices.Clone(base[10:20])
	for i := range edited {
		edited[i].Fields[0] = "Reportedly, " + edited[i].Fields[0]
	}
	tests := []struct {
		name string
		drop func(int64, string) bool
		docs []searchindex.Doc
	}{
		{"nothing", none, nil},
		{"edited in place", none, edited},
		{"a day replaced by new ids", func(_ int64, dir string) bool { return dir == "/news/2025/03/5/" },
			corpus(4000, 150, "again")},
		{"removed", dropIDs(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 3999, 2999), nil},
		{"every best event of a capped term removed", func(id int64, _ string) bool { return id%3 == 0 }, nil},
		{"a term's last event removed", dropIDs(1499, 2999), nil},
		{"a term's last event replaced by a new id", dropIDs(1499), func() []searchindex.Doc {
			d := base[1499]
			d.ID = 7000
			return []searchindex.Doc{d}
		}()},
		{"many new words split shards", none, corpus(5000, 3000, "split")},
		{"added, a new d/ file", none, corpus(9000, 3, "new")},
		// A re-imported day: its events given again under their ids, one
		// edited, one renamed (same words), one moved to another day.
		{"a day re-imported under its ids, one edited", func(_ int64, dir string) bool { return dir == "/news/2025/03/5/" },
			reimported(base, "/news/2025/03/5/", func(k int, d *searchindex.Doc) {
				switch k {
				case 0:
					d.Fields[0] = "Reportedly, " + d.Fields[0]
				case 1:
					d.Path += "-renamed"
				case 2:
					d.Path = "/news/2025/03/6/" + d.Path[len("/news/2025/03/5/"):]
				}
			})},
		{"a day re-imported as it was", func(_ int64, dir string) bool { return dir == "/news/2025/03/5/" },
			reimported(base, "/news/2025/03/5/", func(int, *searchindex.Doc) {})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := searchindex.NewModel(base)
			if err != nil {
				t.Fatal(err)
			}
			m.Stamps = [2]int64{7, -1}
			got := filesOf(t, base)
			m, err = searchindex.LoadModel(m.Save())
			if err != nil || m.Stamps != [2]int64{7, -1} {
				t.Fatalf("load: %v, stamps %v", err, m.Stamps)
			}
			// The d/ files the update rewrites are read from the index.
			read := func(p string) ([]byte, error) {
				if b, ok := got[p]; ok {
					return b, nil
				}
				return nil, fmt.Errorf("%s: no such file", p)
			}
			write, gone, err := m.Update(tt.drop, tt.docs, read)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range gone {
				if _, ok := got[p]; !ok {
					t.Errorf("%s: removed, but the index had no such file", p)
				}
				delete(got, p)
			}
			for _, f := range write {
				got[f.Path] = f.Body
			}
			var after []searchindex.Doc
			for _, d := range base {
				if !tt.drop(d.ID, dirOf(d.Path)) && !slices.ContainsFunc(tt.docs, func(n searchindex.Doc) bool { return n.ID == d.ID }) {
					after = append(after, d)
				}
			}
			after = append(after, tt.docs...)
			want := filesOf(t, after)
			for _, p := range slices.Sorted(maps.Keys(want)) {
				if !bytes.Equal(got[p], want[p]) {
					t.Errorf("%s: %.80q, want %.80q", p, got[p], want[p])
				}
			}
			for p := range got {
				if want[p] == nil {
					t.Errorf("%s: left, but Build has no such file", p)
				}
			}
			// The saved model after the update is the model of the events.
			fresh, err := searchindex.NewModel(after)
			if err != nil {
				t.Fatal(err)
			}
			fresh.Stamps = [2]int64{7, -1}
			if !bytes.Equal(m.Save(), fresh.Save()) {
				t.Error("the updated model saves other bytes than a new one")
			}
		})
	}
}

// A re-imported day whose events are given again as they were rewrites
// their d/ files and no shard: their postings stay. One edited event's
// terms alone are rewritten.
func TestUpdateKeepsUnchangedPostings(t *testing.T) {
	base := corpus(0, 4000, "")
	day := func(_ int64, dir string) bool { return dir == "/news/2025/03/5/" }
	tests := []struct {
		name   string
		edit   func(k int, d *searchindex.Doc)
		shards int // at most, t/ files written
	}{
		{"as it was", func(int, *searchindex.Doc) {}, 0},
		{"one headline edited", func(k int, d *searchindex.Doc) {
			if k == 0 {
				d.Fields[0] = "Reportedly, " + d.Fields[0]
			}
		}, termCount(reimported(base, "/news/2025/03/5/", func(int, *searchindex.Doc) {})[0]) + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := searchindex.NewModel(base)
			if err != nil {
				t.Fatal(err)
			}
			files := filesOf(t, base)
			read := func(p string) ([]byte, error) { return files[p], nil }
			write, gone, err := m.Update(day, reimported(base, "/news/2025/03/5/", tt.edit), read)
			if err != nil || len(gone) > 0 {
				t.Fatalf("gone %v, err %v", gone, err)
			}
			var shards, docFiles int
			for _, f := range write {
				switch {
				case strings.HasPrefix(f.Path, searchindex.Dir+"t/"):
					shards++
				case strings.HasPrefix(f.Path, searchindex.Dir+"d/"):
					docFiles++
				}
			}
			if shards > tt.shards || docFiles == 0 {
				t.Errorf("wrote %d shards and %d d/ files, want at most %d shards (the edited event's terms) and the day's d/ files", shards, docFiles, tt.shards)
			}
		})
	}
}

// termCount is the number of distinct terms of d.
func termCount(d searchindex.Doc) int {
	terms := map[string]bool{}
	for _, f := range d.Fields {
		for _, w := range searchindex.Words(f) {
			terms[w] = true
		}
	}
	return len(terms)
}

func TestLoadModelRefusesOtherBytes(t *testing.T) {
	m, err := searchindex.NewModel(corpus(0, 50, ""))
	if err != nil {
		t.Fatal(err)
	}
	b := m.Save()
	// Stamps 0 and 0, one directory, two events both of id 5, no term;
	// and the same with ids 5 and 6, which loads.
	twice := append([]byte("chronicle search model 2\n"), 0, 0, 1, 3, '/', 'd', '/', 2, 5, 0, 0, 0, 0)
	once := slices.Clone(twice)
	once[len(once)-3] = 1
	if _, err := searchindex.LoadModel(once); err != nil {
		t.Fatalf("a model of two events: %v", err)
	}
	for _, bad := range [][]byte{nil, []byte("chronicle search model 0\n"), []byte("chronicle search model 1\n"), b[:len(b)-1],
		append(slices.Clone(b), 0), twice} {
		if _, err := searchindex.LoadModel(bad); err == nil {
			t.Errorf("%.40q: loaded", bad)
		}
	}
}

// An update whose d/ files are missing, spoilt or hold the escape of
// invalid UTF-8 fails with ErrStale.
func TestUpdateRefusesStaleDocFiles(t *testing.T) {
	base := corpus(0, 100, "")
	edited := slices.Clone(base[20:21])
	edited[0].Fields[0] = "Reportedly, " + edited[0].Fields[0]
	good := filesOf(t, base)
	const part = searchindex.Dir + "d/1.json" // of ids 16 to 31
	tests := []struct {
		name string
		body []byte // of the part; nil: missing
	}{
		{"missing", nil},
		{"spoilt", []byte("spoilt")},
		{"too short", []byte(`[null]`)},
		{"an event of the model without its row", withoutRow(t, good[part], 1)},
		{"invalid UTF-8 escaped", bytes.Replace(good[part], []byte("Kenya"), []byte(`Ken\ufffdya`), 1)},
		{"every row, as written", good[part]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := searchindex.NewModel(base)
			if err != nil {
				t.Fatal(err)
			}
			if m, err = searchindex.LoadModel(m.Save()); err != nil {
				t.Fatal(err)
			}
			read := func(p string) ([]byte, error) {
				if p == part && tt.body == nil {
					return nil, fmt.Errorf("%s: no such file", p)
				}
				if p == part {
					return tt.body, nil
				}
				return good[p], nil
			}
			_, _, err = m.Update(func(int64, string) bool { return false }, edited, read)
			if wantOK := tt.name == "every row, as written"; wantOK && err != nil || !wantOK && !errors.Is(err, searchindex.ErrStale) {
				t.Errorf("Update: %v", err)
			}
		})
	}
}

// withoutRow is a d/ file with its row i null.
func withoutRow(t *testing.T, body []byte, i int) []byte {
	t.Helper()
	var rows []*[2]string
	if err := json.Unmarshal(body, &rows); err != nil || rows[i] == nil {
		t.Fatalf("%s: %v", body, err)
	}
	rows[i] = nil
	b, err := json.Marshal(rows)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// BenchmarkModelLoadSave is what every incremental build does with the
// model besides the update: load it and save it again.
func BenchmarkModelLoadSave(b *testing.B) {
	m, err := searchindex.NewModel(corpus(0, 50000, ""))
	if err != nil {
		b.Fatal(err)
	}
	saved := m.Save()
	b.SetBytes(int64(len(saved)))
	for b.Loop() {
		m, err := searchindex.LoadModel(saved)
		if err != nil {
			b.Fatal(err)
		}
		m.Save()
	}
}

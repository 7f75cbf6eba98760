package searchindex_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/demo"
	"github.com/chronicle-archive/chronicle/internal/searchindex"
)

func TestWordsFoldAsTheServer(t *testing.T) {
	for in, want := range map[string]string{
		"Médecins Sans Frontières": "medecins sans frontieres",
		"al-Assad's U.S. visit":    "al assad s u s visit",
		"KENYA, 2025—COVID-19":     "kenya 2025 covid 19",
		"São Paulo · Zürich":       "sao paulo zurich",
		"":                         "",
		" -- ":                     "",
		"word":                     "word",
		"(leading and trailing)":   "leading and trailing",
		"Ⅻ 東京 ２０２５":                "ⅻ 東京 ２０２５",
		"bad\xffbyte Ünïcode":      "bad byte unicode",
	} {
		if got := strings.Join(searchindex.Words(in), " "); got != want {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
}

func docs() []searchindex.Doc {
	return []searchindex.Doc{
		{ID: 4, Path: "/news/2025/03/15/a", Fields: [5]string{"Médecins Sans Frontières says the truce collapsed", "", "Médecins Sans Frontières", "", "Reuters"}},
		{ID: 3, Path: "/news/2025/03/14/b", Fields: [5]string{"Kenya teachers strike called off", "", "Kenya", "", ""}},
		{ID: 2, Path: "/news/2025/03/13/c", Fields: [5]string{"A strike in Kenya's ports", "", "Kenya", "", ""}},
		{ID: 1, Path: "/news/2025/03/12/d", Fields: [5]string{"Teachers protest in Nairobi", "", "Nairobi", "", ""}},
	}
}

func TestSearch(t *testing.T) {
	files, err := searchindex.Build(docs())
	if err != nil {
		t.Fatal(err)
	}
	ix := searchindex.Open(files)
	tests := []struct {
		query string
		want  []string // paths, best first
	}{
		{"medecins", []string{"/news/2025/03/15/a"}},
		{"MÉDECINS sans", []string{"/news/2025/03/15/a"}},
		{"kenya strike", []string{"/news/2025/03/14/b", "/news/2025/03/13/c"}},
		{"kenya teachers", []string{"/news/2025/03/14/b"}},
		{"teach*", []string{"/news/2025/03/12/d", "/news/2025/03/14/b"}}, // the shorter first
		{"kenya -ports", []string{"/news/2025/03/14/b"}},
		{"nairobi OR medecins", []string{"/news/2025/03/15/a", "/news/2025/03/12/d"}},
		{`"called off" kenya`, []string{"/news/2025/03/14/b"}},
		{"teacher", nil}, // no stemming: teacher* finds teachers
		{"zzz", nil},
	}
	for _, tt := range tests {
		_, paths, err := ix.Search(tt.query, 10)
		if err != nil {
			t.Errorf("%s: %v", tt.query, err)
			continue
		}
		if !slices.Equal(paths, tt.want) && !(len(tt.want) == 2 && slices.Equal(paths, []string{tt.want[1], tt.want[0]}) && strings.Contains(tt.query, " OR ")) {
			t.Errorf("%s: %v, want %v", tt.query, paths, tt.want)
		}
	}
	if _, _, err := ix.Search("-kenya", 10); err == nil {
		t.Error("a query of exclusions alone ran")
	}
	if _, err := searchindex.Build(append(docs(), searchindex.Doc{ID: 4, Path: "/x"})); err == nil {
		t.Error("two events of one id were indexed")
	}
}

// Shards are split until small, and every term is found through the
// manifest.
func TestShardsStaySmall(t *testing.T) {
	var many []searchindex.Doc
	for i := range 12000 {
		w := []string{"alpha", "alps", "altitude", "always", "alto"}[i%5]
		many = append(many, searchindex.Doc{ID: int64(i), Path: "/news/2025/03/1/e" + strings.Repeat("x", i%7),
			Fields: [5]string{w + " beta gamma", "", "", "", ""}})
	}
	files, err := searchindex.Build(many)
	if err != nil {
		t.Fatal(err)
	}
	var man struct{ Shards []string }
	for _, f := range files {
		if f.Path == searchindex.Dir+"manifest.json" {
			if err := json.Unmarshal(f.Body, &man); err != nil {
				t.Fatal(err)
			}
		}
	}
	split := 0
	for _, k := range man.Shards {
		if strings.HasPrefix(k, "al") && len(k) > 2 {
			split++
		}
	}
	if split < 3 || slices.Contains(man.Shards, "a") {
		t.Errorf("shards %v: want the a… terms split (alp…, alt…, alw…)", man.Shards)
	}
	ix := searchindex.Open(files)
	for _, q := range []string{"alpha", "always", "al*", "gamma beta"} {
		ix.Reset()
		hits, _, err := ix.Search(q, 10)
		if err != nil || len(hits) == 0 {
			t.Errorf("%s: %d hits, %v", q, len(hits), err)
		}
	}
	ix.Reset()
	ix.Search("alpha", 10)
	if _, b := ix.Loaded(); b > 3*searchindex.ShardBytes {
		t.Errorf("one word loaded %d bytes", b)
	}
}

// The static search finds the meant event first on the demo, as the
// server's does (internal/search TestRelevance), accents and case as typed.
func TestRelevanceOnTheDemo(t *testing.T) {
	a, err := demo.Open(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	stored, err := a.Store.SearchDocuments(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	d := make([]searchindex.Doc, len(stored))
	for i, s := range stored {
		d[i] = searchindex.Doc{ID: s.ID, Path: s.Path, Fields: s.Fields}
	}
	files, err := searchindex.Build(d)
	if err != nil {
		t.Fatal(err)
	}
	ix := searchindex.Open(files)
	for _, tt := range []struct{ query, path string }{
		{"MEDECINS SANS FRONTIERES truce collapsed", "/news/2025/03/15/medecins-sans-frontieres-says"},
		{"médecins sans frontières cholera", "/news/2025/03/13/the-first-two-deaths-from-cholera"},
		{"JAXA tsukuyomi touches down", "/news/2025/03/15/the-tsukuyomi-lander-touches-down"},
		{"tsukuyomi rover", "/news/2025/03/16/the-tsukuyomi-lander-deploys-its-small-rover"},
		{"el fasher hospital drone*", "/news/2025/03/6/rapid-support-forces-drones-strike-the-last-functioning-hospital"},
		{"KENYA teachers strike calls off", "/news/2025/03/14/the-kenya-national-union-of-teachers-calls-off"},
		{"cyclone tsiory landfall", "/news/2025/03/6/cyclone-tsiory-makes-landfall"},
		{`"flash appeal" mozambique`, "/news/2025/03/10/the-united-nations-launches-a-flash-appeal"},
		{"isamaa preliminary results", "/news/2025/03/9/preliminary-results-give-isamaa"},
	} {
		_, paths, err := ix.Search(tt.query, 3)
		if err != nil || len(paths) == 0 {
			t.Errorf("%s: %v, %v", tt.query, paths, err)
			continue
		}
		if !strings.HasPrefix(paths[0], tt.path) {
			t.Errorf("%s: first %s, want %s…", tt.query, paths[0], tt.path)
		}
	}
}

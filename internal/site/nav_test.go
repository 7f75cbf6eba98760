package site

import (
	"bytes"
	"cmp"
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// pagedConfig is testConfig with pages of two events, so that the demo's
// topics, stories and categories have several pages and year pages.
func pagedConfig() render.Config {
	cfg := testConfig
	cfg.PageSize = 2
	return cfg
}

// With small pages, the server's pages and the static build still agree
// on every file, every internal link resolves, and the numbered pages of a
// title hold each of its events once.
func TestPagedSiteIsServedAndLinked(t *testing.T) {
	st := demoStore(t)
	s := New(st, pagedConfig())
	dir := filepath.Join(t.TempDir(), "site")
	buildSite(t, s, dir)
	files := siteFiles(t, dir)
	for name, body := range files {
		p, err := s.Page(context.Background(), name)
		if err != nil {
			t.Errorf("Page(%s): %v", name, err)
			continue
		}
		if !bytes.Equal(p.Body, body) {
			t.Errorf("Page(%s) differs from the built file", name)
		}
	}
	checkInternalLinks(t, files, "")
	counts, err := st.TitleCounts(context.Background(), event.KindCategory)
	if err != nil {
		t.Fatal(err)
	}
	paged := 0
	for _, c := range counts {
		if c.Events <= 2 {
			continue
		}
		paged++
		assertPagesHoldEveryEvent(t, st, files, c)
	}
	if paged == 0 {
		t.Fatal("no demo category has more than one page of two events")
	}
	for _, want := range []string{"/on-this-day/02-29/index.html", "/on-this-day/06-06/index.json", "/topics/_/a/index.md"} {
		if _, ok := files[want]; !ok {
			t.Errorf("the build has no %s", want)
		}
	}
}

var eventLink = regexp.MustCompile(`<li><time datetime="[^"]*">[^<]*</time> <a href="([^"]*)\.html">`)

// assertPagesHoldEveryEvent follows the numbered pages of a category from
// its first, and its year pages, and checks that each holds its share of
// the events once, newest first.
func assertPagesHoldEveryEvent(t *testing.T, st *store.Store, files map[string][]byte, c store.TitleCount) {
	t.Helper()
	all, err := st.TopicEvents(context.Background(), event.KindCategory, c.Title, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	var want, got, fromYears []string
	for _, e := range all {
		want = append(want, e.Path)
	}
	for n := 1; ; n++ {
		body, ok := files[event.TitlePage(event.KindCategory, c.Slug).PageN(n).WithExt(".html").String()]
		if !ok {
			break
		}
		for _, m := range eventLink.FindAllSubmatch(body, -1) {
			got = append(got, string(m[1]))
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: the numbered pages list %v, want %v", c.Title, got, want)
	}
	for y := all[0].Date.Year; y >= all[len(all)-1].Date.Year; y-- {
		for n := 1; ; n++ {
			p := event.TitleYearPage(event.KindCategory, c.Slug, y).PageN(n).WithExt(".html").String()
			body, ok := files[p]
			if !ok {
				break
			}
			if n == 1 && !bytes.Contains(files[event.TitlePage(event.KindCategory, c.Slug).WithExt(".html").String()], []byte(strings.TrimSuffix(p, ".html"))) {
				t.Errorf("%s: the first page does not link %s", c.Title, p)
			}
			for _, m := range eventLink.FindAllSubmatch(body, -1) {
				fromYears = append(fromYears, string(m[1]))
			}
		}
	}
	if !slices.Equal(fromYears, want) {
		t.Errorf("%s: the year pages list %v, want %v", c.Title, fromYears, want)
	}
}

// An incremental build with small pages gives the files a fresh build
// gives: every page of the titles the edit touched is rendered again.
func TestPagedIncrementalBuildMatchesAFreshOne(t *testing.T) {
	st := demoStore(t)
	s := New(st, pagedConfig())
	dir := filepath.Join(t.TempDir(), "site")
	buildSite(t, s, dir)
	importEditedDay(t, st)
	if rep := buildSite(t, s, dir); !rep.Incremental {
		t.Fatalf("second build: %+v", rep)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	buildSite(t, s, fresh)
	after, want := siteFiles(t, dir), siteFiles(t, fresh)
	for name := range after {
		if _, ok := want[name]; !ok && isRedirect(after[name]) {
			delete(after, name) // a page the edit retired, which a fresh build never had
		}
	}
	assertSameTree(t, after, want)
}

func TestSortTitlesIgnoresCase(t *testing.T) {
	in := []store.TitleCount{{Title: "eBay"}, {Title: "Ebola"}, {Title: "EU"}, {Title: "Écija"}, {Title: "apple"}, {Title: "Zambia"}, {Title: "2013 floods"}}
	var got []string
	for _, c := range sortTitles(in) {
		got = append(got, c.Title)
	}
	want := []string{"2013 floods", "apple", "eBay", "Ebola", "Écija", "EU", "Zambia"}
	if !slices.Equal(got, want) {
		t.Errorf("sortTitles = %v, want %v", got, want)
	}
}

// TestSortTitlesIsTheKeyedOrder holds sortTitles to its order as first
// written: keys looked up in a map at each comparison, stable.
func TestSortTitlesIsTheKeyedOrder(t *testing.T) {
	reference := func(counts []store.TitleCount) []store.TitleCount {
		keys := map[string]string{}
		for _, c := range counts {
			keys[c.Title] = titleSortKey(c.Title)
		}
		out := slices.Clone(counts)
		slices.SortStableFunc(out, func(a, b store.TitleCount) int {
			return cmp.Or(strings.Compare(keys[a.Title], keys[b.Title]), strings.Compare(a.Title, b.Title))
		})
		return out
	}
	for _, tc := range []struct {
		name   string
		titles []string
	}{
		{"none", nil},
		{"one", []string{"Spain"}},
		{"case and accents", []string{"eBay", "Ebola", "EU", "Écija", "ébola", "Ebola", "apple", "Zambia", "2013 floods"}},
		{"same key, other bytes", []string{"US", "us", "Us", "uS", "Ús", "ús"}},
		{"beyond Latin", []string{"Ωmega", "Ålesund", "Aalesund", "Łódź", "Lodz", "東京", "Æsir", "aesir", "İstanbul", "istanbul"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var in []store.TitleCount
			for i, title := range tc.titles {
				in = append(in, store.TitleCount{Title: title, Slug: itoa3(i), Events: i})
			}
			if got, want := sortTitles(in), reference(in); !slices.Equal(got, want) {
				t.Errorf("sortTitles = %v, want %v", got, want)
			}
		})
	}
}

func TestListPagesSplitByLetter(t *testing.T) {
	var counts []store.TitleCount
	for i := range render.ListPageSize + 3 {
		counts = append(counts, store.TitleCount{Title: "S" + strings.Repeat("a", i%7) + string(rune('a'+i%26)) + itoa3(i), Events: 1})
	}
	counts = append(counts, store.TitleCount{Title: "Åland", Events: 2}, store.TitleCount{Title: "1999 storm", Events: 1})
	var got []string
	for _, p := range listPages(event.KindStory, counts) {
		if len(p.Items) > 0 || p.Letter == "" || p.Letter == "b" {
			got = append(got, p.PagePath()+":"+itoa3(len(p.Items)))
		}
	}
	want := []string{"/stories/index:000", "/stories/_/a/index:001", "/stories/_/b/index:000", "/stories/_/s/index:1000",
		"/stories/_/s/page/2/index:003", "/stories/_/other/index:001"}
	if n := len(listPages(event.KindStory, counts)); n != 1+27+1 {
		t.Errorf("%d list pages, want the first, one a letter and a second of S", n)
	}
	if !slices.Equal(got, want) {
		t.Errorf("list pages = %v, want %v", got, want)
	}
}

func itoa3(n int) string {
	return strings.TrimLeft(string([]byte{byte('0' + n/1000%10)}), "0") + string([]byte{byte('0' + n/100%10), byte('0' + n/10%10), byte('0' + n%10)})
}

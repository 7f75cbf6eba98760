package render

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

func TestDayGroupsByCategoryThenStoryInPageOrder(t *testing.T) {
	d := newRenderer(t).dayView(seedDayPage())
	var got []string
	for _, c := range d.Categories {
		for _, s := range c.Sections {
			story := "-"
			if s.Story != nil {
				story = s.Story.Title
			}
			got = append(got, c.Title+"/"+story+"/"+itoa(len(s.Events)))
		}
	}
	want := "Armed conflicts and attacks/Syrian civil war/2 Armed conflicts and attacks/-/1 International relations/-/1 Uncategorized/-/1"
	if strings.Join(got, " ") != want {
		t.Errorf("groups = %v\nwant %s", got, want)
	}
}

func TestListGroupsByFoldedFirstLetter(t *testing.T) {
	d := newRenderer(t).listView(sampleListPage())
	var got []string
	for _, g := range d.letters {
		got = append(got, g.Letter+itoa(len(g.Items)))
	}
	if strings.Join(got, " ") != "A2 B1 E1 #1" {
		t.Errorf("letters = %v", got)
	}
}

func TestSitemapSplitsIntoAnIndexPast50000URLs(t *testing.T) {
	r := newRenderer(t)
	big := make([]SitemapURL, SitemapMaxURLs+1)
	for i := range big {
		big[i] = SitemapURL{Path: "/news/x" + itoa(i) + ".html"}
	}
	big[SitemapMaxURLs] = SitemapURL{Path: "/last.html", LastMod: event.Date{Year: 2024, Month: time.May, Day: 2}}
	groups := []SitemapGroup{{Name: "pages", URLs: []SitemapURL{{Path: "/index.html"}}}, {Name: "2024", URLs: big}}
	files, err := r.Sitemaps(groups, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{SitemapPath, "/sitemaps/pages.xml", "/sitemaps/2024.xml", "/sitemaps/2024-2.xml"}
	if got := filePaths(files); !slices.Equal(got, want) {
		t.Fatalf("files = %v, want %v", got, want)
	}
	index := string(files[0].Body)
	for _, want := range []string{"<sitemapindex", "<loc>https://chronicle.example/sitemaps/pages.xml</loc>",
		"<loc>https://chronicle.example/sitemaps/2024-2.xml</loc>\n    <lastmod>2024-05-02</lastmod>"} {
		if !strings.Contains(index, want) {
			t.Errorf("sitemap index lacks %q:\n%s", want, index)
		}
	}
	if n := strings.Count(string(files[2].Body), "<url>"); n != SitemapMaxURLs {
		t.Errorf("first sitemap of 2024 holds %d URLs", n)
	}
	// Rendering only one group gives the same index and that group's files.
	some, err := r.Sitemaps(groups, func(g string) bool { return g == "pages" })
	if err != nil {
		t.Fatal(err)
	}
	if got := filePaths(some); !slices.Equal(got, want[:2]) || !bytes.Equal(some[0].Body, files[0].Body) ||
		!bytes.Equal(some[1].Body, files[1].Body) {
		t.Errorf("only pages: files = %v, or their bodies differ from the whole set's", got)
	}
	if _, err := r.Sitemaps([]SitemapGroup{{Name: "pages", URLs: []SitemapURL{{Path: "relative.html"}}}}, nil); err == nil {
		t.Error("Sitemaps accepted a relative path")
	}
}

func TestSitemapOfASmallSiteIsOneFileInGroupOrder(t *testing.T) {
	r := newRenderer(t)
	groups := []SitemapGroup{{Name: "pages", URLs: []SitemapURL{{Path: "/index.html"}}},
		{Name: "2024", URLs: []SitemapURL{{Path: "/news/2024/index.html"}}}}
	files, err := r.Sitemaps(groups, func(string) bool { return false })
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Path != SitemapPath {
		t.Fatalf("files = %v", filePaths(files))
	}
	body := string(files[0].Body)
	if i, j := strings.Index(body, "/index.html<"), strings.Index(body, "/news/2024/index.html<"); i < 0 || j < i {
		t.Errorf("sitemap does not list the groups in order:\n%s", body)
	}
}

func filePaths(fs []File) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Path)
	}
	return out
}

func TestNotFoundSuggestsTheDatePagesOfTheRequestedPath(t *testing.T) {
	tests := []struct {
		path string
		want []string
	}{
		{"/news/2013/06/6/gone", []string{"/news/2013/06/6/index.html", "/news/2013/06/index.html", "/news/2013/index.html"}},
		{"/news/2013/06/31/gone", []string{"/news/2013/06/index.html", "/news/2013/index.html"}},
		{"/news/2013/13", []string{"/news/2013/index.html"}},
		{"/news/../../etc/passwd", nil},
		{"/topics/nothing/", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, c := range dateSuggestions(tt.path) {
			got = append(got, c.Href)
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("dateSuggestions(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

func TestFeedsAreDeterministicAndCapped(t *testing.T) {
	r := newRenderer(t)
	events := make([]IndexEvent, FeedSize+10)
	for i := range events {
		events[i] = indexEvent(2013, 6, 6, "Politics", nil, "Event "+itoa(i))
	}
	var rss, atom strings.Builder
	if err := r.RSS(&rss, &Feed{PagePath: HomePath, Events: events}); err != nil {
		t.Fatal(err)
	}
	if err := r.Atom(&atom, &Feed{PagePath: HomePath, Events: events}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(rss.String(), "<item>"); n != FeedSize {
		t.Errorf("RSS holds %d items, want %d", n, FeedSize)
	}
	if n := strings.Count(atom.String(), "<entry>"); n != FeedSize {
		t.Errorf("Atom holds %d entries, want %d", n, FeedSize)
	}
	for _, want := range []string{"<lastBuildDate>Thu, 06 Jun 2013 00:00:00 +0000</lastBuildDate>", `<guid isPermaLink="true">`, `href="https://chronicle.example/feed.xml"`} {
		if !strings.Contains(rss.String(), want) {
			t.Errorf("RSS lacks %q", want)
		}
	}
	if !strings.Contains(atom.String(), "<updated>2013-06-06T00:00:00Z</updated>") || !strings.Contains(atom.String(), `href="https://chronicle.example/atom.xml"`) {
		t.Errorf("Atom lacks its updated time or self link")
	}
}

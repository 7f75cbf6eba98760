package event

import (
	"strings"
	"testing"
	"time"
)

func TestSitePathRoundTrip(t *testing.T) {
	day := Date{2013, time.June, 6}
	tests := []struct {
		path string
		want SitePath
	}{
		{"/news/2013/06/6/floods-hit-europe", SitePath{Type: PathEvent, Date: day, Slug: "floods-hit-europe"}},
		{"/news/2013/06/6/floods-hit-europe-2.json", SitePath{Type: PathEvent, Date: day, Slug: "floods-hit-europe-2", Ext: ".json"}},
		{"/news/2013/06/6/index", DayIndex(day)},
		{"/news/2013/06/30/index.md", DayIndex(Date{2013, time.June, 30}).WithExt(".md")},
		{"/news/2013/06/index", MonthIndex(2013, time.June)},
		{"/news/2013/12/index.xml", MonthIndex(2013, time.December).WithExt(".xml")},
		{"/news/2013/index.html", YearIndex(2013).WithExt(".html")},
		{"/news/0999/index", YearIndex(999)},
		{"/index", SitePath{Type: PathHome}},
		{"/index.html", SitePath{Type: PathHome, Ext: ".html"}},
		{"/topics/index", ListPage(KindTopic)},
		{"/stories/index.json", ListPage(KindStory).WithExt(".json")},
		{"/categories/index.md", ListPage(KindCategory).WithExt(".md")},
		{"/topics/north-korea/index", TitlePage(KindTopic, "north-korea")},
		{"/topics/index/index", TitlePage(KindTopic, "index")},
		{"/stories/syrian-civil-war/index.html", TitlePage(KindStory, "syrian-civil-war").WithExt(".html")},
		{"/categories/disasters-and-accidents/index.xml", TitlePage(KindCategory, "disasters-and-accidents").WithExt(".xml")},
		{"/feed.xml", SitePath{Type: PathRSS}},
		{"/atom.xml", SitePath{Type: PathAtom}},
		{"/topics/north-korea/feed.xml", SitePath{Type: PathRSS, Kind: KindTopic, Slug: "north-korea"}},
		{"/categories/sports/atom.xml", SitePath{Type: PathAtom, Kind: KindCategory, Slug: "sports"}},
		{"/sitemap.xml", SitePath{Type: PathSitemap}},
		{"/sitemaps/pages.xml", SitePath{Type: PathSitemapPart, Slug: "pages", Part: 1}},
		{"/sitemaps/2013-2.xml", SitePath{Type: PathSitemapPart, Slug: "2013", Part: 2}},
		{"/topics/north-korea/page/2/index.html", TitlePage(KindTopic, "north-korea").PageN(2).WithExt(".html")},
		{"/topics/north-korea/2013/index", TitleYearPage(KindTopic, "north-korea", 2013)},
		{"/categories/sports/2013/page/12/index.json", TitleYearPage(KindCategory, "sports", 2013).PageN(12).WithExt(".json")},
		{"/topics/page/page/2/index", TitlePage(KindTopic, "page").PageN(2)},
		{"/topics/page/index", TitlePage(KindTopic, "page")},
		{"/stories/2013/2013/index.md", TitleYearPage(KindStory, "2013", 2013).WithExt(".md")},
		{"/topics/_/a/index", LetterPage(KindTopic, "a")},
		{"/stories/_/s/page/3/index.xml", LetterPage(KindStory, "s").PageN(3).WithExt(".xml")},
		{"/categories/_/other/index.html", LetterPage(KindCategory, OtherLetter).WithExt(".html")},
		{"/on-this-day/06-06/index", OnThisDay(day)},
		{"/on-this-day/02-29/index.json", OnThisDay(Date{2012, time.February, 29}).WithExt(".json")},
		{"/news/index", NewsIndex()},
		{"/news/index.md", NewsIndex().WithExt(".md")},
		{"/on-this-day/index", CalendarIndex()},
		{"/on-this-day/index.xml", CalendarIndex().WithExt(".xml")},
		{"/edits/index", EditsIndex()},
		{"/edits/index.json", EditsIndex().WithExt(".json")},
		{"/edits/feed.xml", SitePath{Type: PathRSS, Slug: EditsSegment}},
		{"/edits/atom.xml", SitePath{Type: PathAtom, Slug: EditsSegment}},
		{"/edits/2025/03/index", EditsMonth(2025, time.March)},
		{"/edits/2013/12/index.xml", EditsMonth(2013, time.December).WithExt(".xml")},
	}
	for _, tt := range tests {
		got, err := ParseSitePath(tt.path)
		if err != nil || got != tt.want {
			t.Errorf("ParseSitePath(%q) = %+v, %v; want %+v", tt.path, got, err, tt.want)
		}
		if s := tt.want.String(); s != tt.path {
			t.Errorf("%+v.String() = %q, want %q", tt.want, s, tt.path)
		}
	}
}

func TestParseSitePathRejects(t *testing.T) {
	tests := []struct{ path, problem string }{
		{"", "does not start with /"},
		{"news/2013/index", "does not start with /"},
		{"/", "names no page"},
		{"//index", "empty segment"},
		{"/about", "names no page"},
		{"/index.htm", "unknown extension"},
		{"/news/2013/06/6/slug.txt", "unknown extension"},
		{"/news/x", "want /news/YYYY"},
		{"/news/13/index", "want /news/YYYY"},
		{"/news/2013/6/index", "want /news/YYYY"},
		{"/news/2013/06/06/index", "want /news/YYYY"},
		{"/news/+013/index", "is not a number"},
		{"/news/-013/index", "is not a number"},
		{"/news/-000/01/1/0", "is not a number"},
		{"/news/2013/-6/1/x", "is not a number"},
		{"/news/2013/00/index", "is not a date"},
		{"/news/2013/13/index", "is not a date"},
		{"/news/2013/02/30/index", "is not a date"},
		{"/news/2013/02/0/index", "is not a date"},
		{"/news/2013/06/x", "only index pages"},
		{"/news/2013/06/6/a/b", "want /news/YYYY"},
		{"/pages/index", "unknown section"},
		{"/topics/north-korea", "…/<slug>/index"},
		{"/topics//index", "a title's page is /topics/<slug>/index"},
		{"/topics/a/b/index", "a title's page is"},
		{"/news/feed.xml", "a feed is"},
		{"/topics/feed.xml", "a feed is"},
		{"/sitemaps/pages", "a sitemap file is"},
		{"/sitemaps/pages-1.xml", "a sitemap file is"},
		{"/sitemaps/pages-02.xml", "a sitemap file is"},
		{"/sitemaps/a-b-3.xml", "a sitemap file is"},
		{"/sitemaps/.xml", "a sitemap file is"},
		{"/topics/x/page/1/index", "want a number from 2"},
		{"/topics/x/page/02/index", "want a number from 2"},
		{"/topics/x/page/index", "a title's page is"},
		{"/topics/x/page/2/3/index", "a title's page is"},
		{"/topics/x/13/index", "a title's page is"},
		{"/topics/x/0000/index", "a title's page is"},
		{"/topics/x/+013/index", "a title's page is"},
		{"/topics/x/2013/page/0/index", "want a number from 2"},
		{"/topics/_/index", "a letter page is"},
		{"/topics/_/ab/index", "a letter page is"},
		{"/topics/_/A/index", "a letter page is"},
		{"/topics/_/a/2/index", "a letter page is"},
		{"/on-this-day/x", "an on-this-day page is"},
		{"/on-this-day/6-06/index", "an on-this-day page is"},
		{"/on-this-day/06-6/index", "an on-this-day page is"},
		{"/on-this-day/+6-06/index", "an on-this-day page is"},
		{"/on-this-day/06-06/x", "an on-this-day page is"},
		{"/on-this-day/02-30/index", "not a day of the year"},
		{"/on-this-day/13-01/index", "not a day of the year"},
		{"/on-this-day/00-01/index", "not a day of the year"},
		{"/edits/2013/index", "the edits pages are /edits/index and /edits/YYYY/MM/index"},
		{"/edits/x", "the edits pages are"},
		{"/edits/2013/6/index", "the edits pages are"},
		{"/edits/2013/13/index", "not a month"},
		{"/edits/2013/00/index", "not a month"},
		{"/edits/0000/01/index", "not a month"},
		{"/edits/2013/06/6/index", "the edits pages are"},
		{"/edits/2013/06/x", "the edits pages are"},
		{"/edits/+013/06/index", "the edits pages are"},
		{"/news/x/feed.xml", "a feed is"},
	}
	for _, tt := range tests {
		p, err := ParseSitePath(tt.path)
		if err == nil || !strings.Contains(err.Error(), tt.problem) {
			t.Errorf("ParseSitePath(%q) = %+v, %v; want an error saying %q", tt.path, p, err, tt.problem)
		}
	}
}

func TestSitePathFeeds(t *testing.T) {
	rss, atom := TitlePage(KindTopic, "north-korea").WithExt(".html").Feeds()
	if rss.String() != "/topics/north-korea/feed.xml" || atom.String() != "/topics/north-korea/atom.xml" {
		t.Errorf("feeds of a topic: %s, %s", rss, atom)
	}
	rss, atom = TitleYearPage(KindStory, "x", 2013).PageN(2).Feeds()
	if rss.String() != "/stories/x/feed.xml" || atom.String() != "/stories/x/atom.xml" {
		t.Errorf("feeds of a story's year page: %s, %s", rss, atom)
	}
	rss, atom = SitePath{Type: PathHome}.Feeds()
	if rss.String() != "/feed.xml" || atom.String() != "/atom.xml" {
		t.Errorf("feeds of the home page: %s, %s", rss, atom)
	}
	rss, atom = EditsMonth(2025, time.March).Feeds()
	if rss.String() != "/edits/feed.xml" || atom.String() != "/edits/atom.xml" {
		t.Errorf("feeds of an edits month page: %s, %s", rss, atom)
	}
	rss, atom = EditsIndex().WithExt(".md").Feeds()
	if rss.String() != "/edits/feed.xml" || atom.String() != "/edits/atom.xml" {
		t.Errorf("feeds of the edits page: %s, %s", rss, atom)
	}
}

// FuzzParseSitePath holds ParseSitePath to String on any input: what it
// accepts is exactly what String writes back, and it never panics.
func FuzzParseSitePath(f *testing.F) {
	for _, s := range []string{"/news/2013/06/6/floods", "/news/2013/06/6/index.html", "/news/2013/06/index.md",
		"/news/2013/index.json", "/index.xml", "/topics/index", "/stories/x/index.html", "/categories/x/feed.xml",
		"/atom.xml", "/sitemap.xml", "/sitemaps/2013-3.xml", "/news/2013/02/29/index", "//", "/news/9999/12/31/é",
		"/topics/x/2013/page/2/index.md", "/stories/_/other/page/9/index", "/on-this-day/02-29/index.html", "/edits/index.md", "/edits/atom.xml", "/edits/2025/03/index.json"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseSitePath(s)
		if err != nil {
			return
		}
		if p.String() != s {
			t.Fatalf("ParseSitePath(%q) = %+v, which writes %q", s, p, p.String())
		}
		if again, err := ParseSitePath(p.String()); err != nil || again != p {
			t.Fatalf("ParseSitePath(String(%+v)) = %+v, %v", p, again, err)
		}
	})
}

func TestCanonicalDatePath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/news/2013/06/06/x", "/news/2013/06/6/x"},
		{"/news/2013/6/6/x.json", "/news/2013/06/6/x.json"},
		{"/news/2013/6/06/", "/news/2013/06/6/"},
		{"/news/2013/06/6/x", ""},    // canonical already
		{"/news/2013/06/6/", ""},     // canonical already
		{"/news/2013/13/06/x", ""},   // no such month
		{"/news/2013/06/32/x", ""},   // no such day
		{"/news/2013/+6/06/x", ""},   // not digits
		{"/news/2013/006/6/x", ""},   // too long
		{"/topics/2013/06/06/x", ""}, // not a date path
		{"/news/2013/06", ""},        // a month index
		{"/news/2013/06/06/index.md", "/news/2013/06/6/index.md"},
	}
	for _, tt := range tests {
		if got := CanonicalDatePath(tt.in); got != tt.want {
			t.Errorf("CanonicalDatePath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

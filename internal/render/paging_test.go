package render

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// sampleTopicPageTwo is the second of three pages of a topic's events.
func sampleTopicPageTwo() *TopicPage {
	p := sampleTopicPage(event.KindTopic)
	p.Path = TitlePath(event.KindTopic, "north-korea")
	p.Events = p.Events[1:]
	p.YearPages = true
	p.Paging = NewPaging(event.TitlePage(event.KindTopic, "north-korea"), 2, 3)
	return p
}

// sampleTopicYearPage is a topic's events of 2013, on one page.
func sampleTopicYearPage() *TopicPage {
	p := sampleTopicPage(event.KindTopic)
	p.Path = TitlePath(event.KindTopic, "north-korea")
	p.Events = p.Events[:1]
	p.Year = 2013
	p.YearPages = true
	return p
}

func sampleLettersPage() *ListPage {
	return &ListPage{Kind: event.KindTopic, Total: 1042,
		Letters: []LetterCount{{"a", 900}, {"b", 120}, {"e", 12}, {event.OtherLetter, 10}}}
}

// sampleLetterPage is the first of two pages of the topics under A.
func sampleLetterPage() *ListPage {
	return &ListPage{Kind: event.KindTopic, Letter: "a", Total: 900,
		Items:   []Count{{"Afghanistan", 900}, {"Åland", 2}},
		Letters: sampleLettersPage().Letters,
		Paging:  NewPaging(event.LetterPage(event.KindTopic, "a"), 1, 2)}
}

func sampleOnThisDayPage() *OnThisDayPage {
	day := seedDayPage()
	return &OnThisDayPage{Month: time.June, Day: 6, Years: []DayEvents{
		{event.Date{Year: 2011, Month: time.June, Day: 6}, []IndexEvent{indexEvent(2011, 6, 6, "Sports", nil, "A match is played.")}},
		{day.Date, day.Events[:2]},
	}}
}

func TestPageCount(t *testing.T) {
	tests := []struct{ n, size, want int }{
		{0, 500, 1}, {1, 500, 1}, {500, 500, 1}, {501, 500, 2}, {1070, 500, 3}, {6353, 500, 13}, {7, 0, 1},
	}
	for _, tt := range tests {
		if got := PageCount(tt.n, tt.size); got != tt.want {
			t.Errorf("PageCount(%d, %d) = %d, want %d", tt.n, tt.size, got, tt.want)
		}
	}
}

func TestPaging(t *testing.T) {
	first := event.TitleYearPage(event.KindCategory, "sports", 2013)
	tests := []struct {
		number, count int
		path          string
		prev, next    string
	}{
		{1, 1, "", "", ""},
		{1, 3, "/categories/sports/2013/index", "", "/categories/sports/2013/page/2/index"},
		{2, 3, "/categories/sports/2013/page/2/index", "/categories/sports/2013/index", "/categories/sports/2013/page/3/index"},
		{3, 3, "/categories/sports/2013/page/3/index", "/categories/sports/2013/page/2/index", ""},
		{4, 3, "", "", ""},
	}
	for _, tt := range tests {
		p := NewPaging(first, tt.number, tt.count)
		prev, next := p.links()
		if p.path() != tt.path || pathOfLink(prev) != tt.prev || pathOfLink(next) != tt.next {
			t.Errorf("page %d of %d: path %q, prev %q, next %q; want %q, %q, %q",
				tt.number, tt.count, p.path(), pathOfLink(prev), pathOfLink(next), tt.path, tt.prev, tt.next)
		}
	}
}

func pathOfLink(l *linkDoc) string {
	if l == nil {
		return ""
	}
	return l.Path
}

func TestLetterOf(t *testing.T) {
	tests := []struct{ title, want string }{
		{"Afghanistan", "a"}, {"afghanistan", "a"}, {"Åland", "a"}, {"Édouard Philippe", "e"},
		{"2013 Moore tornado", event.OtherLetter}, {"\"Quoted\"", event.OtherLetter}, {"Москва", event.OtherLetter}, {"", event.OtherLetter},
	}
	for _, tt := range tests {
		if got := LetterOf(tt.title); got != tt.want {
			t.Errorf("LetterOf(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

func TestPaginatedHTMLLinksItsNeighbours(t *testing.T) {
	r := newRenderer(t)
	html := renderString(t, r, HTML, sampleTopicPageTwo())
	for _, want := range []string{
		`<link rel="prev" href="https://chronicle.example/topics/north-korea/index.html">`,
		`<link rel="next" href="https://chronicle.example/topics/north-korea/page/3/index.html">`,
		`<a rel="prev" href="/topics/north-korea/index.html">`,
		`<a rel="next" href="/topics/north-korea/page/3/index.html">`,
		`<span aria-current="page">2</span>`,
		`<link rel="canonical" href="https://chronicle.example/topics/north-korea/page/2/index.html">`,
		`<a href="/topics/north-korea/2013/index.html">2013</a>`,
		`<link rel="alternate" type="application/rss+xml" href="/topics/north-korea/feed.xml">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page 2 of a topic lacks %s", want)
		}
	}
	for _, kind := range []event.Kind{event.KindTopic, event.KindStory, event.KindCategory} {
		html := renderString(t, r, HTML, sampleTopicPage(kind))
		if !strings.Contains(html, `type="application/atom+xml"`) || !strings.Contains(html, `type="application/rss+xml"`) {
			t.Errorf("the %s page does not link its feeds", kind)
		}
	}
}

func TestOnThisDayWrapsTheYear(t *testing.T) {
	r := newRenderer(t)
	tests := []struct {
		month      time.Month
		day        int
		prev, next string
	}{
		{time.January, 1, "/on-this-day/12-31/index", "/on-this-day/01-02/index"},
		{time.February, 29, "/on-this-day/02-28/index", "/on-this-day/03-01/index"},
		{time.December, 31, "/on-this-day/12-30/index", "/on-this-day/01-01/index"},
	}
	for _, tt := range tests {
		d := r.onThisDayView(&OnThisDayPage{Month: tt.month, Day: tt.day})
		if d.Prev.Path != tt.prev || d.Next.Path != tt.next {
			t.Errorf("%s %d: prev %s, next %s; want %s, %s", tt.month, tt.day, d.Prev.Path, d.Next.Path, tt.prev, tt.next)
		}
	}
	if err := r.Render(new(strings.Builder), HTML, &OnThisDayPage{Month: time.February, Day: 30}); err == nil {
		t.Error("30 February rendered")
	}
}

func TestPagedPaths(t *testing.T) {
	got := PagedPaths(event.LetterPage(event.KindStory, "s"), 3)
	want := []string{"/stories/_/s/index", "/stories/_/s/page/2/index", "/stories/_/s/page/3/index"}
	if !slices.Equal(got, want) {
		t.Errorf("PagedPaths = %v, want %v", got, want)
	}
}

func TestMonthPageLeavesABusyDayToItsPage(t *testing.T) {
	day := seedDayPage()
	var events []IndexEvent
	for i := range MonthDayEvents + 3 {
		events = append(events, indexEvent(2013, 6, 6, "Sports", nil, "Match "+itoa(i)+" is played."))
	}
	p := &MonthPage{Year: 2013, Month: time.June, Days: []DayEvents{{day.Date, events}}}
	r := newRenderer(t)
	d := r.monthView(p)
	if got := d.Days[0]; len(got.Events) != MonthDayEvents || got.More != 3 {
		t.Errorf("the busy day lists %d events and %d more, want %d and 3", len(got.Events), got.More, MonthDayEvents)
	}
	for f, want := range map[Format]string{HTML: `<a href="/news/2013/06/6/index.html">and 3 more events of this day</a>`,
		Markdown: `[and 3 more events of this day](/news/2013/06/6/index.md)`, JSON: `"more": 3`, XML: `<more>3</more>`} {
		if got := renderString(t, r, f, p); !strings.Contains(got, want) {
			t.Errorf("%s lacks %s", f, want)
		}
	}
}

// Each page of a title has a <title> of its own, as a reader's tabs,
// bookmarks and history, and a screen reader announcing the page, tell
// them apart by it.
func TestPagesOfATitleHaveTitlesOfTheirOwn(t *testing.T) {
	r := newRenderer(t)
	letterTwo := sampleLetterPage()
	letterTwo.Paging = NewPaging(event.LetterPage(event.KindTopic, "a"), 2, 2)
	tests := []struct {
		name string
		page Page
		want string
	}{
		{"first page", sampleTopicPage(event.KindTopic), "<title>North Korea – Chronicle</title>"},
		{"page 2", sampleTopicPageTwo(), "<title>North Korea, page 2 of 3 – Chronicle</title>"},
		{"a year", sampleTopicYearPage(), "<title>North Korea in 2013 – Chronicle</title>"},
		{"a letter's page 2", letterTwo, ", page 2 of 2 – Chronicle</title>"},
	}
	for _, tt := range tests {
		if html := renderString(t, r, HTML, tt.page); !strings.Contains(html, tt.want) {
			t.Errorf("%s: no %s in\n%.400s", tt.name, tt.want, html)
		}
	}
}

// The sections of a list come in the order of its letter bar: a to z, then
// "#" for titles that start with anything else.
func TestListSectionsFollowTheLetterBar(t *testing.T) {
	items := []countDoc{{Title: "2013 Moore tornado"}, {Title: "\"Quoted\""}, {Title: "Afghanistan"}, {Title: "Zambia"}}
	var got []string
	for _, g := range byFirstLetter(items) {
		got = append(got, g.Letter)
	}
	if want := []string{"A", "Z", "#"}; !slices.Equal(got, want) {
		t.Errorf("sections %v, want %v", got, want)
	}
}

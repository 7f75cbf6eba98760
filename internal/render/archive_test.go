package render

import (
	"strings"
	"testing"
	"time"
)

func sampleNewsPage() *NewsPage {
	return &NewsPage{Years: []YearMonths{
		{Year: 2012, Months: []MonthCount{{time.December, 4}}},
		{Year: 2013, Months: []MonthCount{{time.January, 12}, {time.June, 31}}},
	}}
}

// sampleCalendarPage holds a few days of the year; a site's has all 366.
func sampleCalendarPage() *CalendarPage {
	return &CalendarPage{Days: []DayOfYearCount{
		{time.January, 1, 7}, {time.January, 2, 0}, {time.February, 29, 3}, {time.June, 6, 42},
	}}
}

// The indexes of the whole archive give their totals, group their pages
// under their year or month, and link every page in every format.
func TestArchiveIndexesGroupAndLinkTheirPages(t *testing.T) {
	r := newRenderer(t)
	tests := []struct {
		name string
		page Page
		want map[Format][]string
	}{
		{"news", sampleNewsPage(), map[Format][]string{
			HTML: {"<title>All years", "47 events in 2 years, month by month.",
				`<h2><a href="/news/2013/index.html">2013</a> <span class="n">43</span></h2>`,
				`<a href="/news/2013/06/index.html">June 2013</a> <span class="n">31</span>`},
			Markdown: {"# All years\n\n47 events\n", "## [2012](/news/2012/index.md) (4)\n\n- [December 2012](/news/2012/12/index.md) (4)\n"},
			JSON:     {`"kind": "news"`, `"total": 47`, `"title": "June 2013"`, `"path": "/news/2013/index"`},
			XML:      {`<kind>news</kind>`, `<total>47</total>`},
		}},
		{"calendar", sampleCalendarPage(), map[Format][]string{
			HTML: {"<title>On this day", "52 events in all.", `<h2>February <span class="n">3</span></h2>`,
				`<a href="/on-this-day/02-29/index.html">29 February</a> <span class="n">3</span>`},
			Markdown: {"## January (7)\n\n- [1 January](/on-this-day/01-01/index.md) (7)\n- [2 January](/on-this-day/01-02/index.md) (0)\n"},
			JSON:     {`"kind": "calendar"`, `"title": "6 June"`, `"path": "/on-this-day/06-06/index"`, `"count": 42`},
			XML:      {`<kind>calendar</kind>`},
		}},
	}
	for _, tt := range tests {
		for f, wants := range tt.want {
			got := renderString(t, r, f, tt.page)
			for _, want := range wants {
				if !strings.Contains(got, want) {
					t.Errorf("%s%s lacks %q:\n%s", tt.name, f.Ext(), want, got)
				}
			}
		}
	}
}

// Every HTML page's header links both indexes, and an on-this-day page
// leads back to the calendar.
func TestHeaderAndOnThisDayLinkTheArchiveIndexes(t *testing.T) {
	r := newRenderer(t)
	for name, p := range goldenPages() {
		got := renderString(t, r, HTML, p)
		for _, want := range []string{`<a href="/news/index.html">Years</a>`, `<a href="/on-this-day/index.html">On this day</a>`} {
			if !strings.Contains(got, want) {
				t.Errorf("%s.html lacks %s", name, want)
			}
		}
	}
	if got := renderString(t, r, HTML, sampleOnThisDayPage()); !strings.Contains(got, `href="/on-this-day/index.html">On this day</a></li>`) {
		t.Errorf("the on-this-day page's breadcrumbs do not lead to the calendar:\n%s", got)
	}
	home := renderString(t, r, Markdown, sampleHomePage())
	if !strings.Contains(home, "[All years, month by month](/news/index.md) · [On this day, every day of the year](/on-this-day/index.md)") {
		t.Errorf("the home page's Markdown does not link the archive's indexes:\n%s", home)
	}
}

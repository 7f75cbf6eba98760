package render

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// sampleEditsPage holds an edit of an event's text, with the revision that
// had it, and a removal, saved on two days.
func sampleEditsPage() *EditsPage {
	d := event.Date{Year: 2013, Month: time.June, Day: 6}
	was := time.Date(2013, time.June, 6, 22, 15, 0, 0, time.UTC)
	edited := time.Date(2013, time.June, 7, 9, 30, 0, 0, time.UTC)
	return &EditsPage{Edits: []Edit{
		{Path: "/news/2013/06/6/a-ferry-sinks-in-the-han-river", Date: d, Headline: "A ferry sinks in the Han River; 12 <people> are missing.",
			Removed: event.Date{Year: 2013, Month: time.June, Day: 8}, At: time.Date(2013, time.June, 8, 7, 0, 0, 0, time.UTC)},
		{Path: seedEventPage().PagePath(), Date: d, Headline: seedHeadline, At: edited,
			Earlier: &EarlierText{Headline: "North Korea restores the Red Cross hotline.", Replaced: edited,
				Revision: PortalRevision{Title: "Portal:Current events/2013 June 6", ID: 558912345, Timestamp: was}}},
	}, Months: []MonthTotal{{2013, time.June, 2}, {2013, time.May, 14}, {2012, time.December, 1}}}
}

// sampleEditsMonthPage is the page of the edits of June 2013, between
// those of May 2013 and of July 2013.
func sampleEditsMonthPage() *EditsPage {
	p := sampleEditsPage()
	p.Month, p.Months = MonthRef{2013, time.June}, nil
	p.Prev, p.Next = MonthRef{2013, time.May}, MonthRef{2013, time.July}
	return p
}

// The edits page links the pages of each month's edits, newest first; a
// month's page lists its edits as the edits page does, between the months
// before and after it, under the edits page, without feeds of its own.
func TestEditsMonthPagesInEveryFormat(t *testing.T) {
	r := newRenderer(t)
	index := map[Format][]string{
		HTML: {`(<a href="#months">Edits by month</a>, below)`, `<section id="months"><h2>Edits by month</h2>`, `<li><a href="/edits/2013/06/index.html">June 2013</a> <span class="n">2</span></li>` +
			"\n" + `<li><a href="/edits/2013/05/index.html">May 2013</a>`},
		Markdown: {"## Edits by month\n\n- [June 2013](/edits/2013/06/index.md) (2)\n- [May 2013](/edits/2013/05/index.md) (14)\n"},
		JSON:     {`"months": [`, `"path": "/edits/2012/12/index"`},
		XML:      {"<months>", "<path>/edits/2013/05/index</path>"},
	}
	assertRenders(t, r, sampleEditsPage(), index)
	month := map[Format][]string{
		HTML: {"<title>Edits of June 2013", `<link rel="canonical" href="https://chronicle.example/edits/2013/06/index.html">`,
			`<a href="/edits/index.html">Recent edits</a>`, `<a rel="prev" href="/edits/2013/05/index.html">← May 2013</a>`,
			`<a rel="next" href="/edits/2013/07/index.html">July 2013 →</a>`,
			"2 edits of the portal saved in June 2013 changed an event&#39;s text or removed an event",
			"it said before: <q>North Korea restores the Red Cross hotline.</q>"},
		Markdown: {"# Edits of June 2013\n", "Previous: [May 2013](/edits/2013/05/index.md) · Next: [July 2013](/edits/2013/07/index.md)",
			"## 8 June 2013\n\n- [A ferry sinks"},
		JSON: {`"kind": "edits_month"`, `"path": "/edits/2013/06/index"`, `"prev": {`, `"order": "newest_first"`, `"kind": "removed"`},
		XML:  {"<kind>edits_month</kind>", "<edit>"},
	}
	assertRenders(t, r, sampleEditsMonthPage(), month)
	for _, f := range Formats {
		got := renderString(t, r, f, sampleEditsMonthPage())
		for _, unwanted := range []string{"feed.xml", "Edits by month", "<month>", `"months"`} {
			if strings.Contains(got, unwanted) {
				t.Errorf("month's edits page, %s: has %q:\n%s", f, unwanted, got)
			}
		}
	}
}

// assertRenders renders p in each format of want and checks that it holds
// each of that format's strings.
func assertRenders(t *testing.T, r *Renderer, p Page, want map[Format][]string) {
	t.Helper()
	for f, strs := range want {
		got := renderString(t, r, f, p)
		for _, w := range strs {
			if !strings.Contains(got, w) {
				t.Errorf("%s, %s: missing %q in\n%s", p.PagePath(), f, w, got)
			}
		}
	}
}

// The edits page groups the edits by the day they were saved, links each
// event's page under its text now and says what the edit did, in every
// format; with no edit, it says so.
func TestEditsPageInEveryFormat(t *testing.T) {
	r := newRenderer(t)
	seed := seedEventPage().PagePath()
	tests := map[Format][]string{
		HTML: {"<title>Recent edits", `<link rel="alternate" type="application/rss+xml"`, `href="/edits/feed.xml"`,
			`<h2><time datetime="2013-06-08">8 June 2013</time></h2>`,
			`<a href="/news/2013/06/6/a-ferry-sinks-in-the-han-river.html">A ferry sinks in the Han River; 12 &lt;people&gt; are missing.</a>`,
			"Removed from the portal; its page keeps its last text.",
			`<a href="` + seed + `.html">`, "it said before: <q>North Korea restores the Red Cross hotline.</q>"},
		Markdown: {"# Recent edits\n", "[RSS](/edits/feed.xml)", "## 8 June 2013\n\n- [A ferry sinks",
			"## 7 June 2013\n\n- [" + seedHeadline + "](" + seed + ".md) (event of 6 June 2013)  \n  _Edited; it said before:_ North Korea restores the Red Cross hotline.\n"},
		JSON: {`"kind": "edits"`, `"order": "newest_first"`, `"kind": "removed"`, `"at": "2013-06-08T07:00:00Z"`, `"kind": "edited"`,
			`"earlier": {`, `"revision": 558912345`, `oldid=558912345`, `"replaced": "2013-06-07T09:30:00Z"`},
		XML: {"<edits>", "<edit>", "<kind>removed</kind>", "<earlier>", "<headline>North Korea restores the Red Cross hotline.</headline>"},
	}
	assertRenders(t, r, sampleEditsPage(), tests)
	for _, f := range Formats {
		got := renderString(t, r, f, &EditsPage{})
		if f == HTML || f == Markdown {
			if !strings.Contains(got, "No edit has changed or removed an event") {
				t.Errorf("%s of no edits does not say there are none:\n%s", f, got)
			}
		}
		if strings.Contains(got, "<edit>") || strings.Contains(got, `"edits": [`) {
			t.Errorf("%s of no edits has an edits list:\n%s", f, got)
		}
	}
}

// The edits' feeds carry each edit as an item of its own, dated when it was
// saved, with an id no other edit of the event shares.
func TestEditsFeeds(t *testing.T) {
	r := newRenderer(t)
	edits := sampleEditsPage().Edits
	edits = append(edits, edits[1])
	edits[2].At = edits[2].At.Add(-time.Hour)
	f := &Feed{Title: "Recent edits", PagePath: EditsPath, Edits: edits}
	var rss, atom bytes.Buffer
	if err := r.RSS(&rss, f); err != nil {
		t.Fatal(err)
	}
	if err := r.Atom(&atom, f); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<link>" + baseURL + "/edits/index.html</link>", `href="` + baseURL + `/edits/feed.xml"`,
		"<lastBuildDate>Sat, 08 Jun 2013 07:00:00 +0000</lastBuildDate>", "<category>Removed</category>",
		`<guid isPermaLink="false">` + baseURL + "/news/2013/06/6/a-ferry-sinks-in-the-han-river.html#removed-20130608T070000Z</guid>",
		"<pubDate>Fri, 07 Jun 2013 09:30:00 +0000</pubDate>",
		"<description>Edited on the portal on 7 June 2013 at 09:30 UTC; it said before: North Korea restores the Red Cross hotline.</description>"} {
		if !strings.Contains(rss.String(), want) {
			t.Errorf("RSS: missing %q in\n%s", want, rss.String())
		}
	}
	for _, want := range []string{"<updated>2013-06-08T07:00:00Z</updated>", "#edited-20130607T093000Z</id>", "#edited-20130607T083000Z</id>",
		`<category term="Edited"></category>`} {
		if !strings.Contains(atom.String(), want) {
			t.Errorf("Atom: missing %q in\n%s", want, atom.String())
		}
	}
	empty := &Feed{Title: "Recent edits", PagePath: EditsPath, Edits: []Edit{}}
	atom.Reset()
	if err := r.Atom(&atom, empty); err != nil || !strings.Contains(atom.String(), "<updated>1970-01-01T00:00:00Z</updated>") {
		t.Errorf("Atom of no edits: %v\n%s", err, atom.String())
	}
}

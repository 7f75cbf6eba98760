package render

import (
	"bytes"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// indexHTML renders any index page in the layout, with the main part of its kind.
func (r *Renderer) indexHTML(buf *bytes.Buffer, d *indexDoc) error {
	title := pageTitle(d)
	p := r.newHTMLPage(title, d.Path, &d.Formats, nil)
	p.Feeds = d.Feeds
	if d.Page > 0 || d.Kind == "on_this_day" {
		p.Prev, p.Next = d.Prev, d.Next
	}
	p.Description = indexDescription(d)
	p.OG = &openGraph{Type: "website", Title: title, URL: p.Canonical, Description: p.Description}
	switch d.Kind {
	case "day":
		p.Crumbs = dateCrumbs(*d.Date)
		p.Main = d.writeDayHTML
	case "month":
		p.Crumbs = dateCrumbs(d.month)[:3]
		p.Main = d.writeMonthHTML
	case "year":
		p.Crumbs = []crumb{{"Home", HomePath + ".html"}, {d.Title, d.Path + HTML.Ext()}}
		p.Main = d.writeYearHTML
	case "home":
		p.Main = d.writeHomeHTML
	case "story":
		p.Crumbs = storyCrumbs(d)
		if d.section != nil {
			p.Crumbs = append(p.Crumbs, crumb{d.section.Title, d.section.Path + ".html"})
		}
		p.Main = d.writeTopicHTML
	case "topic", "category":
		p.Crumbs = []crumb{{"Home", HomePath + ".html"}, {listTitle(event.Kind(d.Kind)), listPathOf(event.Kind(d.Kind)) + ".html"}}
		if d.section != nil {
			p.Crumbs = append(p.Crumbs, crumb{d.section.Title, d.section.Path + ".html"})
		}
		p.Main = d.writeTopicHTML
	case "on_this_day":
		p.Crumbs = []crumb{{"Home", HomePath + ".html"}, {"On this day", CalendarPath + ".html"}}
		p.Main = d.writeOnThisDayHTML
	case "news":
		p.Crumbs = []crumb{{"Home", HomePath + ".html"}}
		p.Main = d.writeNewsHTML
	case "calendar":
		p.Crumbs = []crumb{{"Home", HomePath + ".html"}}
		p.Main = d.writeCalendarIndexHTML
	case "edits":
		p.Crumbs = []crumb{{"Home", HomePath + ".html"}}
		p.Main = d.writeEditsHTML
	case "edits_month":
		p.Crumbs = []crumb{{"Home", HomePath + ".html"}, {EditsTitle, EditsPath + ".html"},
			{monthTitle(d.month.Year, d.month.Month), d.Path + HTML.Ext()}}
		p.Main = d.writeEditsHTML
	default: // topics, stories, categories
		p.Crumbs = []crumb{{"Home", HomePath + ".html"}}
		if d.section != nil {
			p.Crumbs = append(p.Crumbs, crumb{d.section.Title, d.section.Path + ".html"})
		}
		p.Main = d.writeListHTML
	}
	r.writePage(buf, p)
	return nil
}

// pageTitle is the page's own title, for the browser's tab and bookmarks:
// the index's title, with the year of a title's year page and the number of
// a numbered page, so that no two pages of a title share one.
func pageTitle(d *indexDoc) string {
	t := d.Title
	if d.Year > 0 && (d.Kind == "topic" || d.Kind == "story" || d.Kind == "category") {
		t += " in " + itoa(d.Year)
	}
	if d.Page > 1 {
		t += ", page " + itoa(d.Page) + " of " + itoa(d.PageCount)
	}
	return t
}

func indexDescription(d *indexDoc) string {
	switch d.Kind {
	case "home":
		return "An archive of world news, day by day, from Wikipedia's Current Events Portal."
	case "topic", "story", "category":
		return d.Title + ": " + itoa(d.Total) + " events in the news archive, newest first."
	case "on_this_day":
		return "News events of " + strings.TrimPrefix(d.Title, "On this day: ") + " in every year of the archive."
	case "news":
		return "Every year and month of the news archive, with how many events each holds."
	case "calendar":
		return "Every day of the year, each leading to its news events in every year of the archive."
	case "edits":
		return "The latest edits of Wikipedia's Current Events Portal that changed or removed a news event of the archive."
	case "edits_month":
		return "The edits of Wikipedia's Current Events Portal saved in " + monthTitle(d.month.Year, d.month.Month) +
			" that changed or removed a news event of the archive."
	}
	return "News events of " + d.Title + ", from Wikipedia's Current Events Portal."
}

func writeH1(w htmlWriter, title string) {
	w.WriteString("<h1>")
	w.text(title)
	w.WriteString("</h1>\n")
}

// writeDayHTML writes a day's events by category, then story.
func (d *indexDoc) writeDayHTML(w htmlWriter) {
	w.WriteString(`<h1><time datetime="`)
	w.isoDate(*d.Date)
	w.WriteString(`">`)
	w.text(d.Title)
	w.WriteString("</time></h1>\n")
	d.writePrevNextHTML(w)
	if d.OnThisDay != "" {
		w.WriteString(`<p class="otd"><a href="`)
		w.page(d.OnThisDay)
		w.WriteString(`">On this day in other years</a></p>`)
	}
	for _, c := range d.Categories {
		w.WriteString("\n<section class=\"category\">\n<h2>")
		w.link(c.Path, c.Title)
		w.WriteString("</h2>")
		for _, s := range c.Sections {
			if s.Story != nil {
				w.WriteString("\n<h3>")
				w.link(s.Story.Path, s.Story.Title)
				w.WriteString("</h3>")
			}
			w.WriteByte('\n')
			writeEventListHTML(w, s.Events)
		}
		w.WriteString("\n</section>")
	}
	if len(d.Categories) == 0 {
		w.WriteString("\n<p>No events were recorded on this day.</p>")
	}
	writeProvenanceHTML(w, d.Portal)
	w.WriteByte('\n')
}

func (d *indexDoc) writeMonthHTML(w htmlWriter) {
	writeH1(w, d.Title)
	d.writePrevNextHTML(w)
	writeDaysHTML(w, d.Days)
	w.WriteByte('\n')
}

func (d *indexDoc) writeYearHTML(w htmlWriter) {
	writeH1(w, d.Title)
	d.writePrevNextHTML(w)
	w.WriteString("\n<p>")
	w.int(d.Total)
	w.WriteString(" events.</p>")
	d.writeCalendarHTML(w)
	w.WriteByte('\n')
	writeCountsSectionHTML(w, "Months", d.Months)
	if len(d.TopTopics) > 0 {
		w.WriteByte('\n')
		writeCountsSectionHTML(w, "Top topics", d.TopTopics)
	}
	if len(d.TopStories) > 0 {
		w.WriteByte('\n')
		writeCountsSectionHTML(w, "Top stories", d.TopStories)
	}
	w.WriteByte('\n')
}

func (d *indexDoc) writeHomeHTML(w htmlWriter) {
	writeH1(w, d.Title)
	w.WriteString(`<p class="lede">`)
	w.int(d.Total)
	w.WriteString(` news events, day by day, from Wikipedia's Current Events Portal. `)
	writeFeedLinksHTML(w, d.Feeds)
	w.WriteString("</p>\n<h2 class=\"sub\">Latest days</h2>")
	writeDaysHTML(w, d.Days)
	w.WriteByte('\n')
	writeCountsSectionHTML(w, "Years", d.Years)
	w.WriteString("\n<p class=\"otd\"><a href=\"")
	w.page(NewsPath)
	w.WriteString("\">All years, month by month</a> · <a href=\"")
	w.page(CalendarPath)
	w.WriteString("\">On this day, every day of the year</a> · <a href=\"")
	w.page(EditsPath)
	w.WriteString("\">Recent edits of the portal</a></p>\n")
}

// writeFeedLinksHTML links a page's RSS and Atom feeds.
func writeFeedLinksHTML(w htmlWriter, f *feedsDoc) {
	w.WriteString(`<a href="`)
	w.url(f.RSS)
	w.WriteString(`">RSS</a> · <a href="`)
	w.url(f.Atom)
	w.WriteString(`">Atom</a>`)
}

// writeTopicHTML writes a topic, story or category page: its links, events per
// year as bars, its events newest first and the topics it appears with most.
func (d *indexDoc) writeTopicHTML(w htmlWriter) {
	if d.Year > 0 {
		writeH1(w, d.Title+" in "+itoa(d.Year))
	} else {
		writeH1(w, d.Title)
	}
	w.WriteString(`<p class="lede">`)
	w.int(d.Total)
	w.WriteString(" events")
	if d.section != nil {
		w.WriteString(` · <a href="`)
		w.page(d.section.Path)
		if d.Year > 0 {
			w.WriteString(`">All years, newest first</a>`)
		} else {
			w.WriteString(`">Newest events</a>`)
		}
	}
	if d.WikipediaURL != "" {
		w.WriteString(` · <a href="`)
		w.url(d.WikipediaURL)
		w.WriteString(`">Wikipedia article</a>`)
	}
	if d.Feeds != nil {
		w.WriteString(" · ")
		writeFeedLinksHTML(w, d.Feeds)
	}
	w.WriteString("</p>")
	d.writeTitleHeadHTML(w)
	if d.Kind == string(event.KindStory) {
		d.writeTimelineHTML(w)
	} else {
		d.writeNewestFirstHTML(w)
	}
	if len(d.CoTopics) > 0 {
		w.WriteByte('\n')
		writeCountsSectionHTML(w, d.coTopicsHeading(), d.CoTopics)
	}
	w.WriteByte('\n')
}

// writeNewestFirstHTML writes the page's events as one list, newest first,
// between the links to the other pages.
func (d *indexDoc) writeNewestFirstHTML(w htmlWriter) {
	w.WriteString("\n<section id=\"events\"><h2>")
	if d.Year > 0 {
		w.WriteString("Events of ")
		w.int(d.Year)
		w.WriteString(", newest first")
	} else {
		w.WriteString("Events, newest first")
	}
	w.WriteString("</h2>")
	d.writePagesHTML(w)
	w.WriteString("\n<ol class=\"events dated\">")
	for _, e := range d.Events {
		w.WriteString("\n<li><time datetime=\"")
		w.isoDate(e.Date)
		w.WriteString(`">`)
		w.isoDate(e.Date)
		w.WriteString("</time> ")
		w.link(e.Path, e.Headline)
		w.WriteString("</li>")
	}
	w.WriteString("\n</ol>")
	d.writePagesHTML(w)
	w.WriteString("\n</section>")
}

// percent is n as a percentage of of, at least 1 so that every bar shows.
func percent(n, of int) int {
	if of <= 0 {
		return 0
	}
	return max(1, n*100/of)
}

// writeListHTML writes every topic, story or category grouped by first letter.
func (d *indexDoc) writeListHTML(w htmlWriter) {
	writeH1(w, d.Title)
	w.WriteString(`<p class="lede">`)
	w.int(d.Total)
	w.WriteString(" in all.</p>")
	if len(d.LetterPages) > 0 {
		w.WriteString("\n<nav class=\"letters\" aria-label=\"Letter pages\">")
		for _, l := range d.LetterPages {
			if l.Count == 0 { // its page exists, and says it is empty
				w.WriteString(`<span class="n">`)
				w.text(l.Title)
				w.WriteString("</span> ")
				continue
			}
			w.WriteString(`<a href="`)
			w.page(l.Path)
			w.WriteString(`">`)
			w.text(l.Title)
			w.WriteString(` <span class="n">`)
			w.int(l.Count)
			w.WriteString("</span></a> ")
		}
		w.WriteString("</nav>")
	}
	d.writePagesHTML(w)
	if len(d.letters) > 0 && len(d.LetterPages) > 0 {
		for _, g := range d.letters {
			w.WriteString("\n<section><h2>")
			w.text(g.Letter)
			w.WriteString("</h2>")
			writeCountsHTML(w, g.Items)
			w.WriteString("</section>")
		}
	} else if len(d.letters) > 0 {
		w.WriteString("\n<nav class=\"letters\" aria-label=\"Letters\">")
		for _, g := range d.letters {
			w.WriteString(`<a href="#letter-`)
			writeHTMLURLPart(w.Buffer, g.Letter)
			w.WriteString(`">`)
			w.text(g.Letter)
			w.WriteString("</a> ")
		}
		w.WriteString("</nav>")
		for _, g := range d.letters {
			w.WriteString("\n<section id=\"letter-")
			w.text(g.Letter)
			w.WriteString(`"><h2>`)
			w.text(g.Letter)
			w.WriteString("</h2>")
			writeCountsHTML(w, g.Items)
			w.WriteString("</section>")
		}
	}
	w.WriteByte('\n')
}

// writeOnThisDayHTML writes a calendar day's events, year by year.
func (d *indexDoc) writeOnThisDayHTML(w htmlWriter) {
	writeH1(w, d.Title)
	d.writePrevNextHTML(w)
	writeEventsInYearsHTML(w, d.Total, len(d.Days), ".")
	for _, day := range d.Days {
		w.WriteString("\n<section class=\"day\">\n<h2><a href=\"")
		w.page(day.Path)
		w.WriteString(`">`)
		w.int(day.Date.Year)
		w.WriteString("</a></h2>\n")
		writeEventListHTML(w, day.Events)
		w.WriteString("\n</section>")
	}
	if len(d.Days) == 0 {
		w.WriteString("\n<p>No events were recorded on this day in any year.</p>")
	}
	w.WriteByte('\n')
}

// writePagesHTML writes the links to the other pages of a paginated list:
// previous, every page by number, next.
func (d *indexDoc) writePagesHTML(w htmlWriter) {
	if len(d.pages) < 2 {
		return
	}
	w.WriteString("\n<nav class=\"pages\" aria-label=\"Pages\">")
	if d.Prev != nil {
		w.WriteString(`<a rel="prev" href="`)
		w.page(d.Prev.Path)
		w.WriteString(`">← Previous</a> `)
	}
	for i, p := range d.pages {
		if i+1 == d.Page {
			w.WriteString(`<span aria-current="page">`)
			w.int(i + 1)
			w.WriteString("</span> ")
			continue
		}
		w.WriteString(`<a href="`)
		w.page(p)
		w.WriteString(`">`)
		w.int(i + 1)
		w.WriteString("</a> ")
	}
	if d.Next != nil {
		w.WriteString(`<a rel="next" href="`)
		w.page(d.Next.Path)
		w.WriteString(`">Next →</a>`)
	}
	w.WriteString("</nav>")
}

func (d *indexDoc) writePrevNextHTML(w htmlWriter) {
	if d.Prev == nil && d.Next == nil {
		return
	}
	w.WriteString(`<nav class="prevnext" aria-label="Previous and next">`)
	if d.Prev != nil {
		w.WriteString(`<a rel="prev" href="`)
		w.page(d.Prev.Path)
		w.WriteString(`">← `)
		w.text(d.Prev.Title)
		w.WriteString("</a>")
	}
	if d.Next != nil {
		w.WriteString(`<a rel="next" href="`)
		w.page(d.Next.Path)
		w.WriteString(`">`)
		w.text(d.Next.Title)
		w.WriteString(" →</a>")
	}
	w.WriteString("</nav>")
}

func writeDaysHTML(w htmlWriter, days []dayDoc) {
	for _, day := range days {
		w.WriteString("\n<section class=\"day\">\n<h2><a href=\"")
		w.page(day.Path)
		w.WriteString(`">`)
		w.time(day.Date)
		w.WriteString("</a></h2>\n")
		writeEventListHTML(w, day.Events)
		if day.More > 0 {
			w.WriteString("\n<p class=\"more\"><a href=\"")
			w.page(day.Path)
			w.WriteString(`">and `)
			w.int(day.More)
			w.WriteString(" more events of this day</a></p>")
		}
		w.WriteString("\n</section>")
	}
}

func writeEventListHTML(w htmlWriter, events []eventRefDoc) {
	w.WriteString(`<ul class="events">`)
	for _, e := range events {
		w.WriteString("\n<li>")
		w.link(e.Path, e.Headline)
		w.WriteString("</li>")
	}
	w.WriteString("\n</ul>")
}

func writeCountsSectionHTML(w htmlWriter, heading string, counts []countDoc) {
	w.WriteString("<section><h2>")
	w.text(heading)
	w.WriteString("</h2>")
	writeCountsHTML(w, counts)
	w.WriteString("</section>")
}

func writeCountsHTML(w htmlWriter, counts []countDoc) {
	w.WriteString(`<ul class="counts">`)
	for _, c := range counts {
		w.WriteString("\n<li>")
		w.link(c.Path, c.Title)
		w.WriteString(` <span class="n">`)
		w.int(c.Count)
		w.WriteString("</span></li>")
	}
	w.WriteString("\n</ul>")
}

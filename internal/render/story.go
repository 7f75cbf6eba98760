package render

import (
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// StoryContext is where a story stands among the others: the stories it
// is nested under and those nested under it.
type StoryContext struct {
	// Parents are the chain of stories the story is nested under,
	// outermost first; none for a story of the top level.
	Parents []string
	// SubStories are the stories nested right under this one, most events first.
	SubStories []Count
}

// MonthTotal is how many events of a topic fall in one month.
type MonthTotal struct {
	Year  int
	Month time.Month
	Count int
}

// DayCount is how many events a day holds.
type DayCount struct {
	Date  event.Date
	Count int
}

// perMonth returns a title page's events per month, for JSON and XML.
func (d *indexDoc) perMonth() []countDoc {
	if d.title == nil {
		return nil
	}
	return d.title.perMonth()
}

// calendarView adds a year's events per day to its page's document.
func calendarView(d *indexDoc, p *YearPage) {
	d.days = p.PerDay
	for _, c := range p.PerDay {
		d.PerDay = append(d.PerDay, countDoc{c.Date.String(), DayPath(c.Date), c.Count})
	}
}

// storyCrumbs are a story page's breadcrumbs: Home › Stories › its parents.
func storyCrumbs(d *indexDoc) []crumb {
	c := []crumb{{"Home", HomePath + ".html"}, {listTitle(event.KindStory), listPathOf(event.KindStory) + ".html"}}
	for _, p := range d.Parents {
		c = append(c, crumb{p.Title, p.Path + HTML.Ext()})
	}
	return c
}

// writeStoryHeadHTML writes, on a story page, the story it is part of and
// its sub-stories.
func (d *indexDoc) writeStoryHeadHTML(w htmlWriter) {
	if n := len(d.Parents); n > 0 {
		w.WriteString("\n<p class=\"partof\">Part of ")
		w.link(d.Parents[n-1].Path, d.Parents[n-1].Title)
		w.WriteString("</p>")
	}
	if len(d.SubStories) > 0 {
		w.WriteString("\n<section class=\"substories\"><h2>Sub-stories</h2>")
		writeCountsHTML(w, d.SubStories)
		w.WriteString("</section>")
	}
}

// writeTimelineHTML writes a story's events, in the order given, as a
// timeline: a section per year, a heading per month, a list per month.
func (d *indexDoc) writeTimelineHTML(w htmlWriter) {
	w.WriteString("\n<section class=\"timeline\" id=\"events\" aria-label=\"Timeline\"><h2>Timeline</h2>")
	d.writePagesHTML(w)
	for i, e := range d.Events {
		newYear := i == 0 || e.Date.Year != d.Events[i-1].Date.Year
		newMonth := newYear || e.Date.Month != d.Events[i-1].Date.Month
		if newMonth && i > 0 {
			w.WriteString("\n</ol>")
		}
		if newYear {
			if i > 0 {
				w.WriteString("\n</section>")
			}
			w.WriteString("\n<section class=\"year\" id=\"y")
			w.int(e.Date.Year)
			w.WriteString("\"><h2>")
			w.int(e.Date.Year)
			w.WriteString("</h2>")
		}
		if newMonth {
			w.WriteString("\n<h3>")
			w.text(monthTitle(e.Date.Year, e.Date.Month))
			w.WriteString("</h3>\n<ol class=\"events dated\">")
		}
		w.WriteString("\n<li><time datetime=\"")
		w.isoDate(e.Date)
		w.WriteString(`">`)
		w.int(e.Date.Day)
		w.WriteString(" ")
		w.text(e.Date.Month.String()[:3])
		w.WriteString("</time> ")
		w.link(e.Path, e.Headline)
		w.WriteString("</li>")
	}
	if len(d.Events) > 0 {
		w.WriteString("\n</ol>\n</section>")
	}
	d.writePagesHTML(w)
	w.WriteString("\n</section>")
}

// coTopicsHeading is the heading of the topics a page's events link most.
func (d *indexDoc) coTopicsHeading() string {
	if d.Kind == string(event.KindStory) {
		return "Topics involved most"
	}
	return "Appears most with"
}

// writeStoryHeadMarkdown writes a story's chain of parents and its sub-stories.
func writeStoryHeadMarkdown(b mdWriter, d *indexDoc) {
	if len(d.Parents) > 0 {
		b.WriteString("\nPart of: ")
		for i, p := range d.Parents {
			if i > 0 {
				b.WriteString(" › ")
			}
			writePageLink(b, p.Title, p.Path)
		}
		b.WriteString("\n")
	}
	writeCountsMarkdown(b, "Sub-stories", d.SubStories)
}

// writeTimelineMarkdown writes events under a heading per year and month.
func writeTimelineMarkdown(b mdWriter, events []eventRefDoc) {
	for start := 0; start < len(events); {
		end := start + 1
		for end < len(events) && events[end].Date.Year == events[start].Date.Year && events[end].Date.Month == events[start].Date.Month {
			end++
		}
		d := events[start].Date
		if start == 0 || events[start-1].Date.Year != d.Year {
			b.WriteString("\n## ")
			b.WriteString(itoa(d.Year))
			b.WriteString("\n")
		}
		b.WriteString("\n### ")
		b.WriteString(monthTitle(d.Year, d.Month))
		b.WriteString("\n\n")
		writeEventListMarkdown(b, events[start:end], true)
		start = end
	}
}

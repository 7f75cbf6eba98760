package render

import (
	"bytes"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// EditsTitle names the edits page and its feeds.
const EditsTitle = "Recent edits"

// EditsSize is how many of the portal's latest edits the edits page lists;
// its feeds hold the first FeedSize.
const EditsSize = 100

// EditsPage is /edits/index: the latest edits of the portal that changed
// an event's text or removed an event, newest first, and the months that
// have any; or /edits/2025/03/index, every such edit saved in one month.
type EditsPage struct {
	// Month is a month page's month; zero for /edits/index.
	Month MonthRef
	Edits []Edit
	// Months are, on /edits/index, the months with edits, newest first,
	// with how many each holds.
	Months []MonthTotal
	// Prev and Next are a month page's nearest months with edits; zero
	// when there is none.
	Prev, Next MonthRef
}

// PagePath returns /edits/index, or /edits/YYYY/MM/index for a month.
func (p *EditsPage) PagePath() string {
	if p.Month.isZero() {
		return EditsPath
	}
	return EditsMonthPath(p.Month.Year, p.Month.Month)
}

// EditsMonthPath returns the extension-less path of the page of the edits
// saved in a month.
func EditsMonthPath(year int, m time.Month) string { return event.EditsMonth(year, m).String() }

func editsMonthLink(m MonthRef) *linkDoc {
	if m.isZero() {
		return nil
	}
	return &linkDoc{Title: monthTitle(m.Year, m.Month), Path: EditsMonthPath(m.Year, m.Month)}
}

// Edit is what one edit of the portal did to an event: it replaced its
// text (Earlier) or removed it (Removed).
type Edit struct {
	// Path is the event's page, which still answers, and Date its day.
	Path string
	Date event.Date
	// Headline is the event's text now, or its last text when removed.
	Headline string
	// Earlier is the text the edit replaced; nil for a removal.
	Earlier *EarlierText
	// Removed is the day the event left the portal; zero for a text edit.
	Removed event.Date
	// At is when the edit's revision was saved.
	At time.Time
}

// The kinds of editDoc.
const (
	editEdited  = "edited"
	editRemoved = "removed"
)

// editDoc is an Edit as the pages write it.
type editDoc struct {
	Kind     string
	Path     string
	Date     event.Date
	Headline string
	At       string
	at       time.Time
	Earlier  *earlierDoc
}

// editGroup is the edits saved on one day, for HTML and Markdown.
type editGroup struct {
	day   event.Date
	edits []editDoc
}

func (r *Renderer) editsView(p *EditsPage) *indexDoc {
	var d *indexDoc
	if p.Month.isZero() {
		d = r.newIndexDoc("edits", EditsPath, EditsTitle)
		rss, atom := FeedPaths(EditsPath)
		d.Feeds = &feedsDoc{r.prefix + rss, r.prefix + atom}
		for _, m := range p.Months {
			d.Months = append(d.Months, countDoc{monthTitle(m.Year, m.Month), EditsMonthPath(m.Year, m.Month), m.Count})
		}
	} else {
		d = r.newIndexDoc("edits_month", p.PagePath(), "Edits of "+monthTitle(p.Month.Year, p.Month.Month))
		d.month = event.Date{Year: p.Month.Year, Month: p.Month.Month, Day: 1}
		d.Prev, d.Next = editsMonthLink(p.Prev), editsMonthLink(p.Next)
	}
	d.Order = "newest_first"
	d.Edits = editDocs(p.Edits)
	for _, e := range d.Edits {
		day := event.NewDate(e.at)
		if n := len(d.editGroups); n == 0 || d.editGroups[n-1].day != day {
			d.editGroups = append(d.editGroups, editGroup{day: day})
		}
		g := &d.editGroups[len(d.editGroups)-1]
		g.edits = append(g.edits, e)
	}
	return d
}

// EditJSON writes one edit as the edits page's JSON lists it: the object
// the query API gives for it, so that the two cannot drift apart.
func (r *Renderer) EditJSON(e Edit) ([]byte, error) {
	var b bytes.Buffer
	d := editDocs([]Edit{e})[0]
	err := writeJSONDoc(&b, func(j *jsonWriter) { writeDoc(docWriter{j: j}, "edit", editFields, &d) })
	return b.Bytes(), err
}

func editDocs(edits []Edit) []editDoc {
	out := make([]editDoc, len(edits))
	for i, e := range edits {
		d := editDoc{Kind: editRemoved, Path: e.Path, Date: e.Date, Headline: oneLine(e.Headline), at: e.At.UTC()}
		d.At = d.at.Format(time.RFC3339)
		if e.Earlier != nil {
			d.Kind = editEdited
			d.Earlier = &earlierDocs([]EarlierText{*e.Earlier})[0]
		}
		out[i] = d
	}
	return out
}

// editsMonthsHeading heads the list of the months with edits.
const editsMonthsHeading = "Edits by month"

// editsMonthLede says what a month's edits page lists.
func editsMonthLede(d *indexDoc) string {
	month := monthTitle(d.month.Year, d.month.Month)
	if len(d.Edits) == 1 {
		return "One edit of the portal saved in " + month + " changed an event's text or removed an event."
	}
	return itoa(len(d.Edits)) + " edits of the portal saved in " + month +
		" changed an event's text or removed an event; here they are, newest first."
}

// editsMonthsNote follows editsLede when the page lists the months with
// edits, naming their list by what is written in place of its heading.
func (d *indexDoc) editsMonthsNote(heading string) string {
	if len(d.Months) == 0 {
		return ""
	}
	return " Every edit stays on the page of the month it was saved in (" + heading + ", below)."
}

// editsMonthsID is the HTML id of the list of the months with edits.
const editsMonthsID = "months"

// editsLede says what the edits page lists.
const editsLede = "Wikipedia's editors keep correcting the portal after the day. When an edit changes an event's text, " +
	"the event's page shows what it said before, and its old address leads to it; when an edit removes an event, " +
	"its page stays, with its last text. These are the latest edits of either kind, newest first."

// writeEditsHTML writes /edits/index: the edits by the day they were
// saved, each event linked under its text now, with what the edit did.
func (d *indexDoc) writeEditsHTML(w htmlWriter) {
	writeH1(w, d.Title)
	if d.Kind == "edits_month" {
		d.writePrevNextHTML(w)
		w.WriteString(`<p class="lede">`)
		w.text(editsMonthLede(d))
		w.WriteString(`</p>`)
	} else {
		w.WriteString(`<p class="lede">` + editsLede + d.editsMonthsNote(`<a href="#`+editsMonthsID+`">`+editsMonthsHeading+`</a>`) + ` `)
		writeFeedLinksHTML(w, d.Feeds)
		w.WriteString(`</p>`)
	}
	for _, g := range d.editGroups {
		w.WriteString("\n<section><h2>")
		w.time(g.day)
		w.WriteString("</h2>\n<ul class=\"edits\">")
		for i := range g.edits {
			writeEditHTML(w, &g.edits[i])
		}
		w.WriteString("\n</ul></section>")
	}
	if len(d.editGroups) == 0 {
		w.WriteString("\n<p>No edit has changed or removed an event since the archive was imported.</p>")
	}
	if len(d.Months) > 0 {
		w.WriteString("\n<section id=\"" + editsMonthsID + "\"><h2>" + editsMonthsHeading + "</h2>")
		writeCountsHTML(w, d.Months)
		w.WriteString("</section>")
	}
	w.WriteByte('\n')
}

func writeEditHTML(w htmlWriter, e *editDoc) {
	w.WriteString("\n<li>")
	w.link(e.Path, e.Headline)
	w.WriteString(` <span class="n">event of `)
	w.time(e.Date)
	w.WriteString("</span>")
	if e.Earlier == nil {
		w.WriteString(`<span class="was">Removed from the portal; its page keeps its last text.</span></li>`)
		return
	}
	w.WriteString(`<span class="was">Edited; it said before: <q>`)
	w.text(e.Earlier.Headline)
	w.WriteString("</q></span></li>")
}

// writeEditsMarkdown writes the edits as writeEditsHTML does.
func writeEditsMarkdown(b mdWriter, d *indexDoc) {
	if d.Kind == "edits_month" {
		b.WriteString("\n")
		writeMDText(b.Buffer, editsMonthLede(d))
		b.WriteString("\n")
	} else {
		b.WriteString("\n" + editsLede + d.editsMonthsNote(editsMonthsHeading) + "\n")
	}
	for _, g := range d.editGroups {
		b.WriteString("\n## " + longDate(g.day) + "\n\n")
		for _, e := range g.edits {
			b.WriteString("- ")
			writePageLink(b, e.Headline, e.Path)
			b.WriteString(" (event of " + longDate(e.Date) + ")  \n  ")
			if e.Earlier == nil {
				b.WriteString("_Removed from the portal; its page keeps its last text._\n")
				continue
			}
			b.WriteString("_Edited; it said before:_ ")
			writeMDText(b.Buffer, e.Earlier.Headline)
			b.WriteString("\n")
		}
	}
	if len(d.editGroups) == 0 {
		b.WriteString("\nNo edit has changed or removed an event since the archive was imported.\n")
	}
	writeCountsMarkdown(b, editsMonthsHeading, d.Months)
}

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
// an event's text or removed an event, newest first.
type EditsPage struct {
	Edits []Edit
}

// PagePath returns /edits/index.
func (p *EditsPage) PagePath() string { return EditsPath }

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
	d := r.newIndexDoc("edits", EditsPath, EditsTitle)
	rss, atom := FeedPaths(EditsPath)
	d.Feeds = &feedsDoc{r.prefix + rss, r.prefix + atom}
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

// editsLede says what the edits page lists.
const editsLede = "Wikipedia's editors keep correcting the portal after the day. When an edit changes an event's text, " +
	"the event's page shows what it said before, and its old address leads to it; when an edit removes an event, " +
	"its page stays, with its last text. These are the latest edits of either kind, newest first."

// writeEditsHTML writes /edits/index: the edits by the day they were
// saved, each event linked under its text now, with what the edit did.
func (d *indexDoc) writeEditsHTML(w htmlWriter) {
	writeH1(w, d.Title)
	w.WriteString(`<p class="lede">` + editsLede + ` `)
	writeFeedLinksHTML(w, d.Feeds)
	w.WriteString(`</p>`)
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
	b.WriteString("\n" + editsLede + "\n")
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
}

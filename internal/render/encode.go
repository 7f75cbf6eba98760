package render

import (
	"bytes"
	"encoding/xml"
)

// The JSON and XML of event and index pages, written field by field in the
// order of docs/formats.md and the schemas under schema/.

// pageWriters are the ways one page is written, one per format.
type pageWriters struct {
	markdown func(*bytes.Buffer)
	json     func(*jsonWriter)
	xml      func(*xmlWriter)
	html     func(*bytes.Buffer) error
}

// writeFormat writes the page in format f; HTML is the default.
func writeFormat(buf *bytes.Buffer, f Format, w pageWriters) error {
	switch f {
	case Markdown:
		w.markdown(buf)
		return nil
	case JSON:
		return writeJSONDoc(buf, w.json)
	case XML:
		writeXMLDoc(buf, w.xml)
		return nil
	}
	return w.html(buf)
}

// writeJSONDoc writes a page as indented JSON with a trailing newline.
func writeJSONDoc(buf *bytes.Buffer, write func(*jsonWriter)) error {
	w := &jsonWriter{b: buf, indent: true}
	write(w)
	buf.WriteByte('\n')
	return w.err
}

// writeXMLDoc writes a page as an indented XML document with a trailing newline.
func writeXMLDoc(buf *bytes.Buffer, write func(*xmlWriter)) {
	buf.WriteString(xml.Header)
	write(&xmlWriter{b: buf})
	buf.WriteByte('\n')
}

func (d *eventDoc) writeJSON(w *jsonWriter) {
	w.open('{')
	w.stringField("id", d.ID)
	w.stringField("path", d.Path)
	w.key("formats")
	d.Formats.writeJSON(w)
	w.key("date")
	w.date(d.Date)
	w.key("position")
	w.int(d.Position)
	w.stringField("category", d.Category)
	w.stringField("category_original", d.CategoryOriginal)
	w.key("stories")
	w.strings(d.Stories)
	w.key("topic")
	d.Topic.writeJSON(w)
	w.stringField("headline", d.Headline)
	w.stringField("text", d.Text)
	w.stringField("summary", d.Summary)
	w.key("mentions")
	w.open('[')
	for _, m := range d.Mentions {
		w.next()
		w.open('{')
		w.key("start")
		w.int(m.Start)
		w.key("end")
		w.int(m.End)
		w.stringField("title", m.Title)
		w.close('}')
	}
	w.close(']')
	w.key("entities")
	w.open('[')
	for _, e := range d.Entities {
		w.next()
		w.open('{')
		w.stringField("title", e.Title)
		w.stringField("wikipedia_url", e.WikipediaURL)
		w.stringField("topic_path", e.TopicPath)
		w.close('}')
	}
	w.close(']')
	w.key("sources")
	w.open('[')
	for _, s := range d.Sources {
		w.next()
		w.open('{')
		w.stringField("name", s.Name)
		w.stringField("url", s.URL)
		w.close('}')
	}
	w.close(']')
	w.stringField("cover_image", d.CoverImage)
	w.key("related")
	w.open('[')
	for _, r := range d.Related {
		w.next()
		w.open('{')
		w.stringField("path", r.Path)
		w.stringField("headline", r.Headline)
		w.key("date")
		w.date(r.Date)
		w.key("context")
		w.strings(r.Context)
		w.key("score")
		w.float(r.Score)
		w.close('}')
	}
	w.close(']')
	w.close('}')
}

func (d *eventDoc) writeXML(w *xmlWriter) {
	w.open("event")
	w.text("id", d.ID)
	w.text("path", d.Path)
	d.Formats.writeXML(w)
	w.date("date", d.Date)
	w.int("position", d.Position)
	w.text("category", d.Category)
	w.text("category_original", d.CategoryOriginal)
	w.strings("stories", "story", d.Stories)
	d.Topic.writeXML(w, "topic")
	w.text("headline", d.Headline)
	w.text("text", d.Text)
	w.text("summary", d.Summary)
	w.open("mentions")
	for _, m := range d.Mentions {
		w.open("mention")
		w.int("start", m.Start)
		w.int("end", m.End)
		w.text("title", m.Title)
		w.close("mention")
	}
	w.close("mentions")
	w.open("entities")
	for _, e := range d.Entities {
		w.open("entity")
		w.text("title", e.Title)
		w.text("wikipedia_url", e.WikipediaURL)
		w.text("topic_path", e.TopicPath)
		w.close("entity")
	}
	w.close("entities")
	w.open("sources")
	for _, s := range d.Sources {
		w.open("source")
		w.text("name", s.Name)
		w.text("url", s.URL)
		w.close("source")
	}
	w.close("sources")
	w.text("cover_image", d.CoverImage)
	w.open("related")
	for _, r := range d.Related {
		w.open("item")
		w.text("path", r.Path)
		w.text("headline", r.Headline)
		w.date("date", r.Date)
		w.strings("context", "name", r.Context)
		w.float("score", r.Score)
		w.close("item")
	}
	w.close("related")
	w.close("event")
}

func (p formatPaths) writeJSON(w *jsonWriter) {
	w.open('{')
	w.stringField("html", p.HTML)
	w.stringField("md", p.Markdown)
	w.stringField("json", p.JSON)
	w.stringField("xml", p.XML)
	w.close('}')
}

func (p formatPaths) writeXML(w *xmlWriter) {
	w.open("formats")
	w.text("html", p.HTML)
	w.text("md", p.Markdown)
	w.text("json", p.JSON)
	w.text("xml", p.XML)
	w.close("formats")
}

// writeJSON writes the link; its kind only when set.
func (l *linkDoc) writeJSON(w *jsonWriter) {
	w.open('{')
	w.stringField("title", l.Title)
	w.stringFieldOmitEmpty("kind", string(l.Kind))
	w.stringField("path", l.Path)
	w.close('}')
}

func (l *linkDoc) writeXML(w *xmlWriter, name string) {
	w.open(name)
	w.text("title", l.Title)
	if l.Kind != "" {
		w.text("kind", string(l.Kind))
	}
	w.text("path", l.Path)
	w.close(name)
}

// writeJSON writes an index page; the fields after formats only when not
// empty, like encoding/json's omitempty.
func (d *indexDoc) writeJSON(w *jsonWriter) {
	w.open('{')
	w.stringField("id", d.ID)
	w.stringField("kind", d.Kind)
	w.stringField("path", d.Path)
	w.stringField("title", d.Title)
	w.key("formats")
	d.Formats.writeJSON(w)
	if d.Date != nil {
		w.key("date")
		w.date(*d.Date)
	}
	w.stringFieldOmitEmpty("wikipedia_url", d.WikipediaURL)
	if d.Feeds != nil {
		w.key("feeds")
		w.open('{')
		w.stringField("rss", d.Feeds.RSS)
		w.stringField("atom", d.Feeds.Atom)
		w.close('}')
	}
	for _, l := range []struct {
		key  string
		link *linkDoc
	}{{"prev", d.Prev}, {"next", d.Next}} {
		if l.link != nil {
			w.key(l.key)
			l.link.writeJSON(w)
		}
	}
	if d.Total != 0 {
		w.key("total")
		w.int(d.Total)
	}
	w.stringFieldOmitEmpty("order", d.Order)
	if len(d.Categories) > 0 {
		w.key("categories")
		writeCategoriesJSON(w, d.Categories)
	}
	if len(d.Days) > 0 {
		w.key("days")
		w.open('[')
		for _, day := range d.Days {
			w.next()
			w.open('{')
			w.key("date")
			w.date(day.Date)
			w.stringField("path", day.Path)
			w.key("events")
			writeEventRefsJSON(w, day.Events)
			w.close('}')
		}
		w.close(']')
	}
	writeCountsJSON(w, "months", d.Months)
	writeCountsJSON(w, "years", d.Years)
	if len(d.Events) > 0 {
		w.key("events")
		writeEventRefsJSON(w, d.Events)
	}
	writeCountsJSON(w, "per_year", d.PerYear)
	writeCountsJSON(w, "top_topics", d.TopTopics)
	writeCountsJSON(w, "top_stories", d.TopStories)
	writeCountsJSON(w, "co_topics", d.CoTopics)
	writeCountsJSON(w, "items", d.Items)
	w.close('}')
}

func writeCategoriesJSON(w *jsonWriter, cats []categoryDoc) {
	w.open('[')
	for _, c := range cats {
		w.next()
		w.open('{')
		w.stringField("title", c.Title)
		w.stringField("path", c.Path)
		w.key("sections")
		w.open('[')
		for _, s := range c.Sections {
			w.next()
			w.open('{')
			w.key("story")
			if s.Story != nil {
				s.Story.writeJSON(w)
			} else {
				w.null()
			}
			w.key("events")
			writeEventRefsJSON(w, s.Events)
			w.close('}')
		}
		w.close(']')
		w.close('}')
	}
	w.close(']')
}

func writeEventRefsJSON(w *jsonWriter, events []eventRefDoc) {
	w.open('[')
	for _, e := range events {
		w.next()
		w.open('{')
		w.stringField("path", e.Path)
		w.key("date")
		w.date(e.Date)
		w.stringField("headline", e.Headline)
		w.close('}')
	}
	w.close(']')
}

// writeCountsJSON writes a list of counts under key, nothing when it is empty.
func writeCountsJSON(w *jsonWriter, key string, counts []countDoc) {
	if len(counts) == 0 {
		return
	}
	w.key(key)
	w.open('[')
	for _, c := range counts {
		w.next()
		w.open('{')
		w.stringField("title", c.Title)
		w.stringField("path", c.Path)
		w.key("count")
		w.int(c.Count)
		w.close('}')
	}
	w.close(']')
}

// writeXML writes an index page, its root named after its kind; the elements
// after formats only when not empty, except the list wrappers, which
// encoding/xml always wrote (<days></days>) and the published pages keep.
func (d *indexDoc) writeXML(w *xmlWriter) {
	w.open(d.Kind)
	w.text("id", d.ID)
	w.text("kind", d.Kind)
	w.text("path", d.Path)
	w.text("title", d.Title)
	d.Formats.writeXML(w)
	if d.Date != nil {
		w.date("date", *d.Date)
	}
	if d.WikipediaURL != "" {
		w.text("wikipedia_url", d.WikipediaURL)
	}
	if d.Feeds != nil {
		w.open("feeds")
		w.text("rss", d.Feeds.RSS)
		w.text("atom", d.Feeds.Atom)
		w.close("feeds")
	}
	if d.Prev != nil {
		d.Prev.writeXML(w, "prev")
	}
	if d.Next != nil {
		d.Next.writeXML(w, "next")
	}
	if d.Total != 0 {
		w.int("total", d.Total)
	}
	if d.Order != "" {
		w.text("order", d.Order)
	}
	writeCategoriesXML(w, d.Categories)
	w.open("days")
	for _, day := range d.Days {
		w.open("day")
		w.date("date", day.Date)
		w.text("path", day.Path)
		writeEventRefsXML(w, day.Events)
		w.close("day")
	}
	w.close("days")
	writeCountsXML(w, "months", "month", d.Months)
	writeCountsXML(w, "years", "year", d.Years)
	writeEventRefsXML(w, d.Events)
	writeCountsXML(w, "per_year", "year", d.PerYear)
	writeCountsXML(w, "top_topics", "topic", d.TopTopics)
	writeCountsXML(w, "top_stories", "story", d.TopStories)
	writeCountsXML(w, "co_topics", "topic", d.CoTopics)
	writeCountsXML(w, "items", "item", d.Items)
	w.close(d.Kind)
}

func writeCategoriesXML(w *xmlWriter, cats []categoryDoc) {
	w.open("categories")
	for _, c := range cats {
		w.open("category")
		w.text("title", c.Title)
		w.text("path", c.Path)
		w.open("sections")
		for _, s := range c.Sections {
			w.open("section")
			if s.Story != nil {
				s.Story.writeXML(w, "story")
			}
			writeEventRefsXML(w, s.Events)
			w.close("section")
		}
		w.close("sections")
		w.close("category")
	}
	w.close("categories")
}

func writeEventRefsXML(w *xmlWriter, events []eventRefDoc) {
	w.open("events")
	for _, e := range events {
		w.open("event")
		w.text("path", e.Path)
		w.date("date", e.Date)
		w.text("headline", e.Headline)
		w.close("event")
	}
	w.close("events")
}

// writeCountsXML writes a wrapped list of counts.
func writeCountsXML(w *xmlWriter, wrapper, name string, counts []countDoc) {
	w.open(wrapper)
	for _, c := range counts {
		w.open(name)
		w.text("title", c.Title)
		w.text("path", c.Path)
		w.int("count", c.Count)
		w.close(name)
	}
	w.close(wrapper)
}

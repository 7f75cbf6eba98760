package render

import (
	"github.com/chronicle-archive/chronicle/internal/event"
)

// The JSON and XML of event and index pages come from one declared list of
// fields per document (eventFields, indexFields and the lists they nest),
// walked by one writer, docWriter, that speaks either format. The lists are
// the order of docs/formats.md and of the schemas under schema/, which
// TestSchemasFollowTheFieldLists holds to them.
//
// Writing through the lists costs what the hand-written JSON and XML writers
// they replaced cost: BenchmarkRenderEventByFormat, BenchmarkRenderDayIndex
// and BenchmarkRenderTopicPage, json and xml, allocate the same (35, 120 and
// 76 allocs/op) and run in the same time within this shared machine's noise
// (fastest of 10 interleaved runs, ns/op, before → after: event json
// 18475 → 20403, xml 17954 → 13805; day json 54838 → 44246, xml 53310 →
// 48675; topic json 556227 → 538484, xml 482242 → 523005). The writer is a
// plain struct, not an interface, so that the calls stay direct.

// A field is one member of a document of type T: its name, the name of each
// element when it is a list (XML names them, JSON does not), whether it is
// left out when empty, and how its value is written.
type field[T any] struct {
	name string
	item string
	// omitEmpty leaves out an empty value, as encoding/json's omitempty did.
	// For a list, only in JSON: the XML keeps the empty wrapper element
	// (<days></days>) that encoding/xml wrote and the published pages keep.
	omitEmpty bool
	write     func(w docWriter, f *field[T], d *T)
	// nested is the field list of an object or of a list's elements, for
	// the schema test.
	nested func() []fieldInfo
}

// fieldInfo is what the schema test reads of a field.
type fieldInfo struct {
	name      string
	omitEmpty bool
	nested    []fieldInfo
}

// infoOf describes a field list.
func infoOf[T any](fields []field[T]) []fieldInfo {
	out := make([]fieldInfo, len(fields))
	for i, f := range fields {
		out[i] = fieldInfo{name: f.name, omitEmpty: f.omitEmpty}
		if f.nested != nil {
			out[i].nested = f.nested()
		}
	}
	return out
}

// writeFields writes the fields of d in order.
func writeFields[T any](w docWriter, fields []field[T], d *T) {
	for i := range fields {
		f := &fields[i]
		f.write(w, f, d)
	}
}

// writeDoc writes a whole document: an object in JSON, the element root in XML.
func writeDoc[T any](w docWriter, root string, fields []field[T], d *T) {
	w.openObject(root, false)
	writeFields(w, fields, d)
	w.closeObject(root)
}

func textField[T any](name string, get func(*T) string) field[T] {
	return field[T]{name: name, write: func(w docWriter, f *field[T], d *T) {
		if s := get(d); s != "" || !f.omitEmpty {
			w.text(f.name, s)
		}
	}}
}

func intField[T any](name string, get func(*T) int) field[T] {
	return field[T]{name: name, write: func(w docWriter, f *field[T], d *T) {
		if n := get(d); n != 0 || !f.omitEmpty {
			w.int(f.name, n)
		}
	}}
}

func floatField[T any](name string, get func(*T) float64) field[T] {
	return field[T]{name: name, write: func(w docWriter, f *field[T], d *T) { w.float(f.name, get(d)) }}
}

// date is a day; a nil one is left out.
func dateField[T any](name string, get func(*T) *event.Date) field[T] {
	return field[T]{name: name, write: func(w docWriter, f *field[T], d *T) {
		if v := get(d); v != nil {
			w.date(f.name, *v)
		}
	}}
}

func textsField[T any](name, item string, get func(*T) []string) field[T] {
	return field[T]{name: name, item: item, write: func(w docWriter, f *field[T], d *T) {
		w.texts(f.name, f.item, get(d))
	}}
}

// object is a nested object; a nil one is left out when omitEmpty, else
// written as JSON's null and left out of the XML.
func objectField[T, E any](name string, get func(*T) *E, fields []field[E]) field[T] {
	return field[T]{name: name, write: func(w docWriter, f *field[T], d *T) {
		v := get(d)
		switch {
		case v != nil:
			w.openObject(f.name, false)
			writeFields(w, fields, v)
			w.closeObject(f.name)
		case !f.omitEmpty:
			w.null(f.name)
		}
	}, nested: func() []fieldInfo { return infoOf(fields) }}
}

// objects is a list of objects, each an element named item in XML.
func objectsField[T, E any](name, item string, get func(*T) []E, fields []field[E]) field[T] {
	return field[T]{name: name, item: item, write: func(w docWriter, f *field[T], d *T) {
		list := get(d)
		if !w.openList(f.name, len(list), f.omitEmpty) {
			return
		}
		for i := range list {
			w.openObject(f.item, true)
			writeFields(w, fields, &list[i])
			w.closeObject(f.item)
		}
		w.closeList(f.name)
	}, nested: func() []fieldInfo { return infoOf(fields) }}
}

// absentWhenEmpty is a list field left out when empty in XML as well: a
// list added after the pages whose empty wrapper the XML keeps were
// published, so that pages without it stay as they were.
func absentWhenEmpty[T, E any](name, item string, get func(*T) []E, fields []field[E]) field[T] {
	f := omitEmpty(objectsField(name, item, get, fields))
	write := f.write
	f.write = func(w docWriter, f *field[T], d *T) {
		if len(get(d)) > 0 {
			write(w, f, d)
		}
	}
	return f
}

// omitEmpty returns the field, left out when empty.
func omitEmpty[T any](f field[T]) field[T] {
	f.omitEmpty = true
	return f
}

// docWriter writes a document's fields as JSON (j set) or XML (x set).
type docWriter struct {
	j *jsonWriter
	x *xmlWriter
}

func (w docWriter) text(name, s string) {
	if w.j != nil {
		w.j.stringField(name, s)
		return
	}
	w.x.text(name, s)
}

func (w docWriter) int(name string, n int) {
	if w.j != nil {
		w.j.key(name)
		w.j.int(n)
		return
	}
	w.x.int(name, n)
}

func (w docWriter) float(name string, f float64) {
	if w.j != nil {
		w.j.key(name)
		w.j.float(f)
		return
	}
	w.x.float(name, f)
}

func (w docWriter) date(name string, d event.Date) {
	if w.j != nil {
		w.j.key(name)
		w.j.date(d)
		return
	}
	w.x.date(name, d)
}

func (w docWriter) texts(name, item string, ss []string) {
	if w.j != nil {
		w.j.key(name)
		w.j.strings(ss)
		return
	}
	w.x.strings(name, item, ss)
}

func (w docWriter) null(name string) {
	if w.j != nil {
		w.j.key(name)
		w.j.null()
	}
}

// openObject starts an object: a member named name, an element of a list
// (inList), or the document itself (name is the XML root).
func (w docWriter) openObject(name string, inList bool) {
	if w.j == nil {
		w.x.open(name)
		return
	}
	switch {
	case inList:
		w.j.next()
	case w.j.depth > 0:
		w.j.key(name)
	}
	w.j.open('{')
}

func (w docWriter) closeObject(name string) {
	if w.j != nil {
		w.j.close('}')
		return
	}
	w.x.close(name)
}

// openList starts a list of n elements, and reports whether it did: JSON
// leaves out an empty list when omitEmpty.
func (w docWriter) openList(name string, n int, omitEmpty bool) bool {
	if w.j == nil {
		w.x.open(name)
		return true
	}
	if n == 0 && omitEmpty {
		return false
	}
	w.j.key(name)
	w.j.open('[')
	return true
}

func (w docWriter) closeList(name string) {
	if w.j != nil {
		w.j.close(']')
		return
	}
	w.x.close(name)
}

// The field lists of every document.

// formatFields are the URLs of a page's formats: only those the site has.
var formatFields = []field[formatPaths]{
	omitEmpty(textField("html", func(p *formatPaths) string { return p.HTML })),
	omitEmpty(textField("md", func(p *formatPaths) string { return p.Markdown })),
	omitEmpty(textField("json", func(p *formatPaths) string { return p.JSON })),
	omitEmpty(textField("xml", func(p *formatPaths) string { return p.XML })),
}

// linkFields are a titled link to a page; its kind only when set.
var linkFields = []field[linkDoc]{
	textField("title", func(l *linkDoc) string { return l.Title }),
	omitEmpty(textField("kind", func(l *linkDoc) string { return string(l.Kind) })),
	textField("path", func(l *linkDoc) string { return l.Path }),
}

var eventFields = []field[eventDoc]{
	textField("id", func(d *eventDoc) string { return d.ID }),
	textField("path", func(d *eventDoc) string { return d.Path }),
	objectField("formats", func(d *eventDoc) *formatPaths { return &d.Formats }, formatFields),
	dateField("date", func(d *eventDoc) *event.Date { return &d.Date }),
	intField("position", func(d *eventDoc) int { return d.Position }),
	textField("category", func(d *eventDoc) string { return d.Category }),
	textField("category_original", func(d *eventDoc) string { return d.CategoryOriginal }),
	textsField("stories", "story", func(d *eventDoc) []string { return d.Stories }),
	objectField("topic", func(d *eventDoc) *linkDoc { return &d.Topic }, linkFields),
	textField("headline", func(d *eventDoc) string { return d.Headline }),
	textField("text", func(d *eventDoc) string { return d.Text }),
	textField("summary", func(d *eventDoc) string { return d.Summary }),
	objectsField("mentions", "mention", func(d *eventDoc) []mentionDoc { return d.Mentions }, []field[mentionDoc]{
		intField("start", func(m *mentionDoc) int { return m.Start }),
		intField("end", func(m *mentionDoc) int { return m.End }),
		textField("title", func(m *mentionDoc) string { return m.Title }),
	}),
	objectsField("entities", "entity", func(d *eventDoc) []entityDoc { return d.Entities }, []field[entityDoc]{
		textField("title", func(e *entityDoc) string { return e.Title }),
		textField("wikipedia_url", func(e *entityDoc) string { return e.WikipediaURL }),
		textField("wikidata_id", func(e *entityDoc) string { return e.WikidataID }),
		textField("topic_path", func(e *entityDoc) string { return e.TopicPath }),
	}),
	objectsField("sources", "source", func(d *eventDoc) []sourceDoc { return d.Sources }, []field[sourceDoc]{
		textField("name", func(s *sourceDoc) string { return s.Name }),
		textField("url", func(s *sourceDoc) string { return s.URL }),
		textField("title", func(s *sourceDoc) string { return s.Title }),
		textField("site_name", func(s *sourceDoc) string { return s.SiteName }),
		textField("published", func(s *sourceDoc) string { return s.Published }),
		textField("archived_url", func(s *sourceDoc) string { return s.ArchivedURL }),
	}),
	textField("cover_image", func(d *eventDoc) string { return d.CoverImage }),
	objectsField("related", "item", func(d *eventDoc) []relatedDoc { return d.Related }, relatedFields),
	objectsField("around", "item", func(d *eventDoc) []relatedDoc { return d.Around }, relatedFields),
	textsField("former_paths", "path", func(d *eventDoc) []string { return d.FormerPaths }),
	objectsField("earlier_texts", "earlier_text", func(d *eventDoc) []earlierDoc { return d.EarlierTexts }, earlierFields),
	textField("removed", func(d *eventDoc) string { return d.Removed }),
	objectField("portal", func(d *eventDoc) *portalDoc { return &d.Portal }, portalFields),
}

// earlierFields are a text an edit replaced.
var earlierFields = []field[earlierDoc]{
	textField("headline", func(e *earlierDoc) string { return e.Headline }),
	intField("revision", func(e *earlierDoc) int { return e.Portal.Revision }),
	textField("timestamp", func(e *earlierDoc) string { return e.Portal.Timestamp }),
	textField("url", func(e *earlierDoc) string { return e.Portal.URL }),
	textField("replaced", func(e *earlierDoc) string { return e.Replaced }),
}

// editFields are an item of the edits page.
var editFields = []field[editDoc]{
	textField("kind", func(e *editDoc) string { return e.Kind }),
	textField("path", func(e *editDoc) string { return e.Path }),
	dateField("date", func(e *editDoc) *event.Date { return &e.Date }),
	textField("headline", func(e *editDoc) string { return e.Headline }),
	textField("at", func(e *editDoc) string { return e.At }),
	omitEmpty(objectField("earlier", func(e *editDoc) *earlierDoc { return e.Earlier }, earlierFields)),
}

// portalFields are the revision of a portal page that a page's text comes from.
var portalFields = []field[portalDoc]{
	textField("title", func(p *portalDoc) string { return p.Title }),
	intField("revision", func(p *portalDoc) int { return p.Revision }),
	textField("timestamp", func(p *portalDoc) string { return p.Timestamp }),
	textField("url", func(p *portalDoc) string { return p.URL }),
}

// relatedFields are an item of the related and around lists.
var relatedFields = []field[relatedDoc]{
	textField("path", func(r *relatedDoc) string { return r.Path }),
	textField("headline", func(r *relatedDoc) string { return r.Headline }),
	dateField("date", func(r *relatedDoc) *event.Date { return &r.Date }),
	textsField("context", "name", func(r *relatedDoc) []string { return r.Context }),
	floatField("score", func(r *relatedDoc) float64 { return r.Score }),
}

var eventRefFields = []field[eventRefDoc]{
	textField("path", func(e *eventRefDoc) string { return e.Path }),
	dateField("date", func(e *eventRefDoc) *event.Date { return &e.Date }),
	textField("headline", func(e *eventRefDoc) string { return e.Headline }),
}

func eventRefsField[T any](get func(*T) []eventRefDoc) field[T] {
	return objectsField("events", "event", get, eventRefFields)
}

var countFields = []field[countDoc]{
	textField("title", func(c *countDoc) string { return c.Title }),
	textField("path", func(c *countDoc) string { return c.Path }),
	intField("count", func(c *countDoc) int { return c.Count }),
}

func countsField(name, item string, get func(*indexDoc) []countDoc) field[indexDoc] {
	return omitEmpty(objectsField(name, item, get, countFields))
}

var categoryFields = []field[categoryDoc]{
	textField("title", func(c *categoryDoc) string { return c.Title }),
	textField("path", func(c *categoryDoc) string { return c.Path }),
	objectsField("sections", "section", func(c *categoryDoc) []sectionDoc { return c.Sections }, []field[sectionDoc]{
		objectField("story", func(s *sectionDoc) *linkDoc { return s.Story }, linkFields),
		eventRefsField(func(s *sectionDoc) []eventRefDoc { return s.Events }),
	}),
}

// indexFields are every index page's; the fields after formats are left
// out when empty.
var indexFields = []field[indexDoc]{
	textField("id", func(d *indexDoc) string { return d.ID }),
	textField("kind", func(d *indexDoc) string { return d.Kind }),
	textField("path", func(d *indexDoc) string { return d.Path }),
	textField("title", func(d *indexDoc) string { return d.Title }),
	objectField("formats", func(d *indexDoc) *formatPaths { return &d.Formats }, formatFields),
	omitEmpty(dateField("date", func(d *indexDoc) *event.Date { return d.Date })),
	omitEmpty(textField("wikipedia_url", func(d *indexDoc) string { return d.WikipediaURL })),
	omitEmpty(textField("wikidata_id", func(d *indexDoc) string { return d.WikidataID })),
	omitEmpty(objectField("feeds", func(d *indexDoc) *feedsDoc { return d.Feeds }, []field[feedsDoc]{
		textField("rss", func(f *feedsDoc) string { return f.RSS }),
		textField("atom", func(f *feedsDoc) string { return f.Atom }),
	})),
	omitEmpty(objectField("prev", func(d *indexDoc) *linkDoc { return d.Prev }, linkFields)),
	omitEmpty(objectField("next", func(d *indexDoc) *linkDoc { return d.Next }, linkFields)),
	omitEmpty(intField("year", func(d *indexDoc) int { return d.Year })),
	omitEmpty(intField("page", func(d *indexDoc) int { return d.Page })),
	omitEmpty(intField("page_count", func(d *indexDoc) int { return d.PageCount })),
	omitEmpty(textField("on_this_day", func(d *indexDoc) string { return d.OnThisDay })),
	omitEmpty(objectField("portal", func(d *indexDoc) *portalDoc { return d.Portal }, portalFields)),
	omitEmpty(intField("total", func(d *indexDoc) int { return d.Total })),
	omitEmpty(textField("order", func(d *indexDoc) string { return d.Order })),
	omitEmpty(objectsField("categories", "category", func(d *indexDoc) []categoryDoc { return d.Categories }, categoryFields)),
	omitEmpty(objectsField("days", "day", func(d *indexDoc) []dayDoc { return d.Days }, []field[dayDoc]{
		dateField("date", func(d *dayDoc) *event.Date { return &d.Date }),
		textField("path", func(d *dayDoc) string { return d.Path }),
		eventRefsField(func(d *dayDoc) []eventRefDoc { return d.Events }),
		omitEmpty(intField("more", func(d *dayDoc) int { return d.More })),
	})),
	countsField("months", "month", func(d *indexDoc) []countDoc { return d.Months }),
	countsField("years", "year", func(d *indexDoc) []countDoc { return d.Years }),
	omitEmpty(eventRefsField(func(d *indexDoc) []eventRefDoc { return d.Events })),
	countsField("per_year", "year", func(d *indexDoc) []countDoc { return d.PerYear }),
	countsField("top_topics", "topic", func(d *indexDoc) []countDoc { return d.TopTopics }),
	countsField("top_stories", "story", func(d *indexDoc) []countDoc { return d.TopStories }),
	countsField("co_topics", "topic", func(d *indexDoc) []countDoc { return d.CoTopics }),
	countsField("letters", "letter", func(d *indexDoc) []countDoc { return d.LetterPages }),
	countsField("items", "item", func(d *indexDoc) []countDoc { return d.Items }),
	omitEmpty(objectsField("parents", "story", func(d *indexDoc) []linkDoc { return d.Parents }, linkFields)),
	countsField("sub_stories", "story", func(d *indexDoc) []countDoc { return d.SubStories }),
	countsField("per_month", "month", (*indexDoc).perMonth),
	countsField("per_day", "day", func(d *indexDoc) []countDoc { return d.PerDay }),
	absentWhenEmpty("edits", "edit", func(d *indexDoc) []editDoc { return d.Edits }, editFields),
}

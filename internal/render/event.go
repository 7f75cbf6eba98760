package render

import (
	"bytes"
	"time"
	"unicode/utf8"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// eventDoc is an event page as JSON and XML: the fields of `chronicle show` plus
// id, formats, topic, summary, cover_image, related and around (docs/formats.md).
type eventDoc struct {
	ID               string
	Path             string
	Formats          formatPaths
	Date             event.Date
	Position         int
	Category         string
	CategoryOriginal string
	Stories          []string
	Topic            linkDoc
	Headline         string
	Text             string
	Summary          string
	Mentions         []mentionDoc
	Entities         []entityDoc
	Sources          []sourceDoc
	CoverImage       string
	coverWidth       int
	coverHeight      int
	Related          []relatedDoc
	Around           []relatedDoc
	FormerPaths      []string
	EarlierTexts     []earlierDoc
	Removed          string // "" while on the portal
	removedDate      event.Date
	Portal           portalDoc
	segments         []textSegment // Text split at mentions, for HTML
	categoryPath     string
	storyLinks       []linkDoc
}

// linkDoc is a titled link to a page; Kind is set for topics (story, topic, category).
type linkDoc struct {
	Title string
	Kind  event.Kind
	Path  string
}

type mentionDoc struct {
	Start int
	End   int
	Title string
}

type entityDoc struct {
	Title        string
	WikipediaURL string
	WikidataID   string
	TopicPath    string
}

type sourceDoc struct {
	Name        string
	URL         string // "" when the source's URL is not http(s)
	Title       string
	SiteName    string
	Published   string
	ArchivedURL string // "" when none or not http(s)
}

// portalDoc is the revision of the portal's day page an event's text
// comes from (PortalRevision): Revision 0 and Timestamp "" when unknown.
type portalDoc struct {
	Title     string
	Revision  int
	Timestamp string
	URL       string
	timestamp time.Time
}

// savedOn is when the revision was saved, as pages write it.
func (p *portalDoc) savedOn() string { return p.timestamp.Format(savedLayout) }

// savedLayout is how pages write a revision's time.
const savedLayout = "2 January 2006 at 15:04 UTC"

func portalDocOf(p PortalRevision) portalDoc {
	d := portalDoc{Title: oneLine(p.Title), URL: p.URL()}
	if p.ID > 0 {
		d.Revision = int(p.ID)
		if !p.Timestamp.IsZero() {
			d.timestamp = p.Timestamp.UTC()
			d.Timestamp = d.timestamp.Format(time.RFC3339)
		}
	}
	return d
}

// earlierDoc is a text an edit replaced (EarlierText): its revision as the
// portal's is written, and when it was replaced.
type earlierDoc struct {
	Headline string
	Portal   portalDoc
	Replaced string
	replaced time.Time
}

// replacedOn is when the text was replaced, as pages write it.
func (e *earlierDoc) replacedOn() string { return e.replaced.Format(savedLayout) }

func earlierDocs(ts []EarlierText) []earlierDoc {
	out := make([]earlierDoc, len(ts))
	for i, t := range ts {
		out[i] = earlierDoc{Headline: oneLine(t.Headline), Portal: portalDocOf(t.Revision), replaced: t.Replaced.UTC()}
		out[i].Replaced = out[i].replaced.Format(time.RFC3339)
	}
	return out
}

type relatedDoc struct {
	Path     string
	Headline string
	Date     event.Date
	Context  []string
	Score    float64
}

// textSegment is a run of an event's text: plain, or a mention of an entity.
type textSegment struct {
	Text   string
	Entity *entityDoc
}

func (r *Renderer) eventDoc(p *EventPage) *eventDoc {
	e := &p.Event
	d := &eventDoc{
		ID: e.Path, Path: e.Path, Formats: r.pathsOf(e.Path), Date: e.Date, Position: e.Position,
		Category: oneLine(e.Category), CategoryOriginal: oneLine(e.CategoryOriginal),
		Stories: cleanAll(e.Stories), Headline: oneLine(e.Headline), Summary: oneLine(p.Summary),
		CoverImage: safeImageURL(p.CoverImage), coverWidth: max(p.CoverWidth, 0), coverHeight: max(p.CoverHeight, 0),
	}
	if d.Category == "" {
		d.Category = event.Uncategorized
	}
	d.categoryPath = r.pathOf(event.KindCategory, d.Category)
	for _, s := range d.Stories {
		d.storyLinks = append(d.storyLinks, linkDoc{Title: s, Kind: event.KindStory, Path: r.pathOf(event.KindStory, s)})
	}
	d.Entities = r.entityDocs(e.Entities)
	d.Topic = r.eventTopic(d)
	d.Text, d.Mentions, d.segments = r.splitMentions(e.Text, e.Mentions, d.Entities)
	d.Sources = sourceDocs(e.Sources, p.SourceDetails)
	d.Related = relatedDocs(p.Related)
	d.Around = relatedDocs(p.Around)
	d.FormerPaths = nonNilStrings(p.FormerPaths)
	d.EarlierTexts = earlierDocs(p.EarlierTexts)
	if !p.Removed.IsZero() {
		d.Removed, d.removedDate = p.Removed.String(), p.Removed
	}
	d.Portal = portalDocOf(p.Portal)
	return d
}

// eventTopic applies the topic rule: the innermost story when the event is under
// one, else its first entity, else its category.
func (r *Renderer) eventTopic(d *eventDoc) linkDoc {
	if n := len(d.Stories); n > 0 && d.Stories[n-1] != "" {
		t := d.Stories[n-1]
		return linkDoc{t, event.KindStory, r.pathOf(event.KindStory, t)}
	}
	if len(d.Entities) > 0 {
		return linkDoc{d.Entities[0].Title, event.KindTopic, d.Entities[0].TopicPath}
	}
	return linkDoc{d.Category, event.KindCategory, r.pathOf(event.KindCategory, d.Category)}
}

func (r *Renderer) entityDocs(es []event.Entity) []entityDoc {
	out := make([]entityDoc, 0, len(es))
	for _, e := range es {
		t := oneLine(e.Title)
		if t == "" {
			continue
		}
		out = append(out, r.entityDoc(t))
	}
	return out
}

func sourceDocs(ss []event.Source, details []SourceDetail) []sourceDoc {
	out := make([]sourceDoc, len(ss))
	for i, s := range ss {
		out[i] = sourceDoc{Name: oneLine(s.Name), URL: safeURL(s.URL)}
		if i < len(details) {
			d := details[i]
			out[i].Title, out[i].SiteName, out[i].Published = oneLine(d.Title), oneLine(d.SiteName), oneLine(d.Published)
			out[i].ArchivedURL = safeURL(d.ArchivedURL)
		}
	}
	return out
}

func relatedDocs(rs []Related) []relatedDoc {
	out := make([]relatedDoc, len(rs))
	for i, rel := range rs {
		out[i] = relatedDoc{rel.Path, oneLine(rel.Headline), rel.Date, cleanAll(rel.Context), rel.Score}
	}
	return out
}

// nonNilStrings returns ss, or an empty list for nil, written as [].
func nonNilStrings(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

func cleanAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = oneLine(s)
	}
	return out
}

// splitMentions cleans text piece by piece and returns it with its mentions'
// offsets moved to the cleaned text, and its segments for HTML. Mentions that
// overlap, run out of the text or cut a character are dropped rather than trusted.
func (r *Renderer) splitMentions(text string, ms []event.Mention, entities []entityDoc) (string, []mentionDoc, []textSegment) {
	var out bytes.Buffer
	mentions := make([]mentionDoc, 0, len(ms))
	segs := make([]textSegment, 0, 2*len(ms)+1)
	at := 0
	for _, m := range ms {
		if m.Start < at || m.End <= m.Start || m.End > len(text) || !runeBoundary(text, m.Start) || !runeBoundary(text, m.End) {
			continue
		}
		piece, title := oneLine(text[m.Start:m.End]), oneLine(m.Title)
		if title == "" || piece == "" {
			continue
		}
		segs = appendPlain(segs, &out, text[at:m.Start])
		mentions = append(mentions, mentionDoc{out.Len(), out.Len() + len(piece), title})
		out.WriteString(piece)
		segs = append(segs, textSegment{piece, r.findEntity(entities, title)})
		at = m.End
	}
	segs = appendPlain(segs, &out, text[at:])
	return out.String(), mentions, segs
}

func appendPlain(segs []textSegment, out *bytes.Buffer, s string) []textSegment {
	s = oneLine(s)
	if s == "" {
		return segs
	}
	out.WriteString(s)
	return append(segs, textSegment{Text: s})
}

func runeBoundary(s string, i int) bool { return i == len(s) || utf8.RuneStart(s[i]) }

// findEntity returns the entity of a mention's title, or a new one when the
// event's entity list lacks it.
func (r *Renderer) findEntity(entities []entityDoc, title string) *entityDoc {
	for i := range entities {
		if entities[i].Title == title {
			return &entities[i]
		}
	}
	e := r.entityDoc(title)
	return &e
}

// entityDoc is the entity of a linked title.
func (r *Renderer) entityDoc(title string) entityDoc {
	return entityDoc{title, WikipediaURL(title), r.cfg.Wikidata[title], r.pathOf(event.KindTopic, title)}
}

// eventWriters are the writers of an event page's formats.
func (r *Renderer) eventWriters(d *eventDoc) pageWriters {
	return pageWriters{
		markdown: func(b *bytes.Buffer) { writeEventMarkdown(mdWriter{b, r.prefix}, d) },
		doc:      func(w docWriter) { writeDoc(w, "event", eventFields, d) },
		html:     func(b *bytes.Buffer) error { return r.eventHTML(b, d) },
	}
}

// Segments returns the text split at its mentions (for templates).
func (d *eventDoc) Segments() []textSegment { return d.segments }

// HeadlineIsText reports whether the headline and the text say the same, so the
// page shows the linked text as its heading instead of twice.
func (d *eventDoc) HeadlineIsText() bool { return d.Headline == d.Text }

// CategoryPath returns the category page's path (for templates).
func (d *eventDoc) CategoryPath() string { return d.categoryPath }

// StoryLinks returns the event's stories, outermost first, with their pages (for templates).
func (d *eventDoc) StoryLinks() []linkDoc { return d.storyLinks }

package render

import (
	"bytes"
	"strings"
)

// writeEventMarkdown writes an event in the seed page's layout, line for line
// (docs/formats.md): the formats line, the date heading, the topic, the headline
// with its trailing space, the summary, sources with the cover image last, and
// related events with their context.
func writeEventMarkdown(b mdWriter, d *eventDoc) {
	writeFormatsLine(b.Buffer, d.Formats, Markdown)
	b.WriteString("### [")
	b.WriteString(seedDate(d.Date))
	b.WriteString("](")
	b.page(DayPath(d.Date))
	b.WriteString(")\n\n##### ")
	writeMDText(b.Buffer, d.Topic.Title)
	b.WriteString("\n# ")
	writeMDText(b.Buffer, d.Headline)
	b.WriteString(" \n")
	if d.Removed != "" {
		b.WriteString("\n*Removed from the portal on ")
		b.WriteString(d.Removed)
		b.WriteString("; this is its last text.*\n")
	}
	if d.Summary != "" {
		b.WriteString("\n")
		b.WriteString(mdParagraph(d.Summary))
		b.WriteString("\n\n")
	}
	writeSourcesMarkdown(b.Buffer, d.Sources, d.CoverImage)
	writeRelatedMarkdown(b, d.Related)
	writeEarlierMarkdown(b, d.EarlierTexts)
}

// writeEarlierMarkdown writes the texts edits replaced, as
// writeEarlierHTML does; after the seed page's sections, which it leaves
// as they are.
func writeEarlierMarkdown(b mdWriter, texts []earlierDoc) {
	if len(texts) == 0 {
		return
	}
	b.WriteString("\n### Earlier text:\n\n")
	for i := range texts {
		e := &texts[i]
		b.WriteString(itoa(i + 1))
		b.WriteString(". ")
		writeMDText(b.Buffer, e.Headline)
		b.WriteString(" _")
		if p := &e.Portal; p.Revision != 0 {
			b.WriteString("in [revision " + itoa(p.Revision) + "](")
			writeMDURL(b.Buffer, p.URL)
			b.WriteString(")")
			if !p.timestamp.IsZero() {
				b.WriteString(" of " + p.savedOn())
			}
			b.WriteString(", ")
		}
		b.WriteString("until " + e.replacedOn() + "_\n")
	}
}

// mdWriter writes Markdown; prefix (Renderer.prefix) starts every link to
// a page of the site.
type mdWriter struct {
	*bytes.Buffer
	prefix string
}

// local writes the link destination of a site path.
func (b mdWriter) local(path string) { writeMDURL(b.Buffer, b.prefix+path) }

// page writes the link to a page's Markdown format, path + ".md", as
// local(path + ".md") does without making that string.
func (b mdWriter) page(path string) {
	b.local(path)
	b.WriteString(".md")
}

// writeFormatsLine writes the seed's first two lines: an empty one, then links to
// the formats other than self, each followed by two spaces; then a blank line.
// Only the formats the site has are linked; with none, the lines are left out.
func writeFormatsLine(b *bytes.Buffer, p formatPaths, self Format) {
	if !p.hasOther(self) {
		return
	}
	b.WriteString("\nFormats:")
	for _, f := range Formats {
		if f == self || p.of(f) == "" {
			continue
		}
		b.WriteString(" [")
		b.WriteString(formatInfo[f].label)
		b.WriteString("](")
		writeMDURL(b, p.of(f))
		b.WriteString(") ")
	}
	b.WriteString(" \n\n")
}

func (p formatPaths) of(f Format) string { return *p.at(f) }

// hasOther reports whether the site has a format besides self.
func (p formatPaths) hasOther(self Format) bool {
	for _, f := range Formats {
		if f != self && p.of(f) != "" {
			return true
		}
	}
	return false
}

func writeSourcesMarkdown(b *bytes.Buffer, sources []sourceDoc, cover string) {
	if len(sources) == 0 && cover == "" {
		return
	}
	b.WriteString("\n### Sources:\n\n")
	for _, s := range sources {
		b.WriteString("1. ")
		writeMarkdownLink(b, sourceName(s), s.URL)
		if s.ArchivedURL != "" {
			b.WriteString(" (")
			writeMarkdownLink(b, "archived copy", s.ArchivedURL)
			b.WriteByte(')')
		}
		b.WriteByte('\n')
	}
	if cover != "" {
		b.WriteString("1. ")
		writeMarkdownLink(b, "Cover Image", cover)
		b.WriteByte('\n')
	}
}

// sourceName is the name a source shows: its name, else its URL's host.
func sourceName(s sourceDoc) string {
	if s.Name != "" {
		return s.Name
	}
	if i := strings.Index(s.URL, "://"); i >= 0 {
		host, _, _ := strings.Cut(s.URL[i+3:], "/")
		return host
	}
	return "Source"
}

// writeMarkdownLink writes [text](url), or just the text when url is empty
// (an unsafe URL is never a link).
func writeMarkdownLink(b *bytes.Buffer, text, url string) {
	if url == "" {
		writeMDText(b, text)
		return
	}
	b.WriteByte('[')
	writeMDText(b, text)
	b.WriteString("](")
	writeMDURL(b, url)
	b.WriteByte(')')
}

// writePageLink writes [text](path.md), a link to a page's Markdown.
func writePageLink(b mdWriter, text, path string) {
	b.WriteByte('[')
	writeMDText(b.Buffer, text)
	b.WriteString("](")
	b.page(path)
	b.WriteString(")")
}

func writeRelatedMarkdown(b mdWriter, related []relatedDoc) {
	if len(related) == 0 {
		return
	}
	b.WriteString("\n### Related:\n\n")
	for i, rel := range related {
		b.WriteString(itoa(i + 1))
		b.WriteString(". [")
		writeMDText(b.Buffer, rel.Headline)
		b.WriteString(" ](")
		b.page(rel.Path)
		b.WriteString(")")
		if len(rel.Context) > 0 {
			b.WriteString(" _Context: ")
			for j, c := range rel.Context {
				if j > 0 {
					b.WriteString(", ")
				}
				writeMDText(b.Buffer, c)
			}
			b.WriteByte('_')
		}
		b.WriteByte('\n')
	}
}

// writeIndexMarkdown writes an index page: the formats line, the title, the
// previous/next links, then the kind's own lists, every link to a .md page.
func (r *Renderer) writeIndexMarkdown(buf *bytes.Buffer, d *indexDoc) {
	b := mdWriter{buf, r.prefix}
	writeFormatsLine(buf, d.Formats, Markdown)
	b.WriteString("# ")
	writeMDText(buf, d.Title)
	b.WriteString("\n")
	writeIntroMarkdown(buf, d)
	writePrevNextMarkdown(b, d.Prev, d.Next)
	writeStoryHeadMarkdown(b, d)
	writeNavMarkdown(b, d)
	if len(d.groups) > 0 {
		writeGroupsMarkdown(b, d.groups)
		return
	}
	if d.Kind == "edits" || d.Kind == "edits_month" {
		writeEditsMarkdown(b, d)
		return
	}
	for _, c := range d.Categories {
		writeCategoryMarkdown(b, c)
	}
	writeProvenanceMarkdown(b, d.Portal)
	for _, day := range d.Days {
		b.WriteString("\n## ")
		writePageLink(b, longDate(day.Date), day.Path)
		b.WriteString("\n\n")
		writeEventListMarkdown(b, day.Events, false)
		if day.More > 0 {
			b.WriteString("- ")
			writePageLink(b, "and "+itoa(day.More)+" more events of this day", day.Path)
			b.WriteString("\n")
		}
	}
	writeCountsMarkdown(b, "Months", d.Months)
	writeCountsMarkdown(b, "Years", d.Years)
	if d.Kind == "home" {
		writeArchiveLinksMarkdown(b)
	}
	if len(d.Events) > 0 && d.Kind == "story" {
		writeTimelineMarkdown(b, d.Events)
	} else if len(d.Events) > 0 {
		b.WriteString("\n## Events, newest first\n\n")
		writeEventListMarkdown(b, d.Events, true)
	}
	d.writePerYearMarkdown(b)
	writeCountsMarkdown(b, "Top topics", d.TopTopics)
	writeCountsMarkdown(b, "Top stories", d.TopStories)
	writeCountsMarkdown(b, d.coTopicsHeading(), d.CoTopics)
	writeCountsMarkdown(b, "Letters", d.LetterPages)
	writeCountsMarkdown(b, "All "+strings.ToLower(d.Title), d.Items)
}

// writeNavMarkdown writes where a page sits: its page number, the title's
// first page, a day's on-this-day page.
func writeNavMarkdown(b mdWriter, d *indexDoc) {
	var parts []string
	if d.Year > 0 {
		parts = append(parts, "Events of "+itoa(d.Year))
	}
	if d.Page > 0 {
		parts = append(parts, "Page "+itoa(d.Page)+" of "+itoa(d.PageCount))
	}
	if len(parts) > 0 || d.section != nil {
		b.WriteString("\n")
		b.WriteString(strings.Join(parts, " · "))
		if d.section != nil {
			if len(parts) > 0 {
				b.WriteString(" · ")
			}
			writePageLink(b, d.section.Title, d.section.Path)
		}
		b.WriteString("\n")
	}
	if d.OnThisDay != "" {
		b.WriteString("\n")
		writePageLink(b, "On this day in other years", d.OnThisDay)
		b.WriteString("\n")
	}
}

func writeIntroMarkdown(b *bytes.Buffer, d *indexDoc) {
	var parts []string
	if d.WikipediaURL != "" {
		parts = append(parts, "[Wikipedia]("+mdURL(d.WikipediaURL)+")")
	}
	if d.Total > 0 {
		parts = append(parts, itoa(d.Total)+" events")
	}
	if d.Feeds != nil {
		parts = append(parts, "[RSS]("+mdURL(d.Feeds.RSS)+")", "[Atom]("+mdURL(d.Feeds.Atom)+")")
	}
	if len(parts) == 0 {
		return
	}
	b.WriteString("\n")
	b.WriteString(strings.Join(parts, " · "))
	b.WriteString("\n")
}

func writePrevNextMarkdown(b mdWriter, prev, next *linkDoc) {
	if prev == nil && next == nil {
		return
	}
	b.WriteString("\n")
	if prev != nil {
		b.WriteString("Previous: ")
		writePageLink(b, prev.Title, prev.Path)
	}
	if prev != nil && next != nil {
		b.WriteString(" · ")
	}
	if next != nil {
		b.WriteString("Next: ")
		writePageLink(b, next.Title, next.Path)
	}
	b.WriteString("\n")
}

func writeCategoryMarkdown(b mdWriter, c categoryDoc) {
	b.WriteString("\n## ")
	writePageLink(b, c.Title, c.Path)
	b.WriteString("\n")
	for _, s := range c.Sections {
		b.WriteString("\n")
		if s.Story != nil {
			b.WriteString("### ")
			writePageLink(b, s.Story.Title, s.Story.Path)
			b.WriteString("\n\n")
		}
		writeEventListMarkdown(b, s.Events, false)
	}
}

func writeEventListMarkdown(b mdWriter, events []eventRefDoc, withDate bool) {
	for _, e := range events {
		b.WriteString("- ")
		if withDate {
			b.Write(e.Date.AppendISO(b.AvailableBuffer()))
			b.WriteString(": ")
		}
		writePageLink(b, e.Headline, e.Path)
		b.WriteByte('\n')
	}
}

func writeCountsMarkdown(b mdWriter, heading string, counts []countDoc) {
	if len(counts) == 0 {
		return
	}
	b.WriteString("\n## ")
	writeMDText(b.Buffer, heading)
	b.WriteString("\n\n")
	for _, c := range counts {
		b.WriteString("- ")
		writePageLink(b, c.Title, c.Path)
		b.WriteString(" (")
		b.WriteString(itoa(c.Count))
		b.WriteString(")\n")
	}
}

// writeProvenanceMarkdown writes where a day's text comes from, as
// writeProvenanceHTML does. (An event's Markdown follows the reference
// page line for line, so only its JSON, XML and HTML say it.)
func writeProvenanceMarkdown(b mdWriter, p *portalDoc) {
	if p == nil || p.Title == "" {
		return
	}
	b.WriteString("\nText from [")
	writeMDText(b.Buffer, p.Title)
	b.WriteString("](")
	writeMDURL(b.Buffer, p.URL)
	b.WriteString(")")
	if p.Revision != 0 {
		b.WriteString(" as revised")
		if !p.timestamp.IsZero() {
			b.WriteString(" on " + p.savedOn())
		}
		b.WriteString(" (revision " + itoa(p.Revision) + ")")
	}
	b.WriteString(", by Wikipedia contributors.\n")
}

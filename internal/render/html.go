package render

import (
	"bytes"
	_ "embed"
	"io"
	"strconv"

	"github.com/chronicle-archive/chronicle/internal/escape"
	"github.com/chronicle-archive/chronicle/internal/event"
)

//go:embed style.css
var stylesheet []byte

// Stylesheet returns the site's one stylesheet, served at /style.css.
func Stylesheet() []byte { return bytes.Clone(stylesheet) }

// htmlWriter writes HTML, escaping every value as html/template did when the
// pages were templates: text and attributes with escape.HTML, hrefs with
// writeHTMLURL. prefix (Renderer.prefix) starts every link to a page of the site.
type htmlWriter struct {
	*bytes.Buffer
	prefix string
}

// text writes escaped text or attribute value.
func (w htmlWriter) text(s string) { escape.HTML(w.Buffer, s) }

// url writes the value of an href.
func (w htmlWriter) url(u string) { writeHTMLURL(w.Buffer, u) }

// page writes the href of a page's HTML format, path + ".html".
func (w htmlWriter) page(path string) {
	if !htmlTemplateSafeURL(path) {
		w.url(path) // the whole href becomes html/template's "#ZgotmplZ"
		return
	}
	writeHTMLURL(w.Buffer, w.prefix+path)
	w.WriteString(".html")
}

// local writes the href of a site path, e.g. /style.css.
func (w htmlWriter) local(path string) { writeHTMLURL(w.Buffer, w.prefix+path) }

// link writes <a href="page">text</a>.
func (w htmlWriter) link(path, text string) {
	w.WriteString(`<a href="`)
	w.page(path)
	w.WriteString(`">`)
	w.text(text)
	w.WriteString("</a>")
}

func (w htmlWriter) int(n int) { w.Write(strconv.AppendInt(w.AvailableBuffer(), int64(n), 10)) }

func (w htmlWriter) isoDate(d event.Date) { w.Write(d.AppendISO(w.AvailableBuffer())) }

// longDate writes a day as "6 June 2013".
func (w htmlWriter) longDate(d event.Date) {
	w.int(d.Day)
	w.WriteByte(' ')
	w.text(d.Month.String())
	w.WriteByte(' ')
	w.int(d.Year)
}

// time writes <time datetime="2013-06-06">6 June 2013</time>.
func (w htmlWriter) time(d event.Date) {
	w.WriteString(`<time datetime="`)
	w.isoDate(d)
	w.WriteString(`">`)
	w.longDate(d)
	w.WriteString("</time>")
}

// instant writes a moment: its RFC 3339 form for machines, text for people.
func (w htmlWriter) instant(iso, text string) {
	w.WriteString(`<time datetime="`)
	w.text(iso)
	w.WriteString(`">`)
	w.text(text)
	w.WriteString("</time>")
}

// htmlPage is what the layout shows around a page's main part.
type htmlPage struct {
	Title       string
	Description string
	Canonical   string
	Formats     *formatPaths // the other formats the site has, linked from head and footer
	OG          *openGraph
	JSONLD      func(*jsonWriter) // writes schema.org JSON-LD, when set
	Crumbs      []crumb
	Feeds       *feedsDoc
	// Script is the site path of the page's one script, when it has one
	// (only the static site's search and 404 pages: SearchScriptPath,
	// MendScriptPath).
	Script string
	// Prev and Next are the neighbouring pages of a paginated list, linked
	// with rel=prev and rel=next from the head.
	Prev, Next *linkDoc
	Main       func(htmlWriter)
}

type openGraph struct {
	Type, Title, URL, Description, Image, Published string
}

// crumb is a link to a page of the site; Href is its site path.
type crumb struct{ Label, Href string }

// alternates are the formats an HTML page links besides itself.
var alternates = [...]Format{Markdown, JSON, XML}

func (r *Renderer) newHTMLPage(title, path string, formats *formatPaths, main func(htmlWriter)) *htmlPage {
	p := &htmlPage{Title: title, Main: main}
	if path != "" {
		p.Canonical = r.abs(path + HTML.Ext())
		p.Formats = formats
	}
	return p
}

// writePageTo writes the HTML page p to w in one write, through a pooled buffer.
func (r *Renderer) writePageTo(w io.Writer, p *htmlPage) error {
	buf := bufferPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufferPool.Put(buf)
	r.writePage(buf, p)
	_, err := w.Write(buf.Bytes())
	return err
}

// writePage writes the layout: head, site header, breadcrumbs, the page's
// main part and the footer.
func (r *Renderer) writePage(b *bytes.Buffer, p *htmlPage) {
	w := htmlWriter{b, r.prefix}
	w.WriteString("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	w.text(p.Title)
	if p.Title != r.cfg.SiteName {
		w.WriteString(" – ")
		w.text(r.cfg.SiteName)
	}
	w.WriteString("</title>")
	r.writeHead(w, p)
	w.WriteString(r.siteHeader)
	writeCrumbs(w, p.Crumbs)
	w.WriteString("\n<main id=\"main\">\n")
	p.Main(w)
	w.WriteString("\n</main>\n<footer class=\"site\">")
	if p.Formats != nil && p.Formats.hasOther(HTML) {
		w.WriteString("\n<p class=\"formats\">Also as")
		for _, a := range alternates {
			if p.Formats.of(a) == "" {
				continue
			}
			w.WriteString(` <a href="`)
			w.url(p.Formats.of(a))
			w.WriteString(`">`)
			w.WriteString(formatInfo[a].label)
			w.WriteString("</a>")
		}
		w.WriteString("</p>")
	}
	w.WriteString("\n<p><a href=\"")
	w.page(AboutPath)
	w.WriteString("\">About ")
	w.text(r.cfg.SiteName)
	w.WriteString("</a>: its addresses, citing and reusing its events, its formats.</p>")
	w.WriteString("\n<p>Event text from Wikipedia's <a href=\"" + portalURL + "\">Current Events Portal</a>, " +
		"by Wikipedia contributors, under <a href=\"" + licenseURL + "\">CC BY-SA 4.0</a>.</p>\n" +
		"</footer>\n</body>\n</html>\n")
}

// writeSiteHeader writes what every page has between its head and its
// breadcrumbs: the end of the head, the link that lets a keyboard skip to
// the main part, and the site's header. New writes it
// once into siteHeader, which every page copies.
func (r *Renderer) writeSiteHeader(w htmlWriter) {
	w.WriteString("\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"site\">\n<a class=\"brand\" href=\"")
	w.page(HomePath)
	w.WriteString(`">`)
	w.text(r.cfg.SiteName)
	w.WriteString("</a>\n<nav aria-label=\"Sections\"><a href=\"")
	w.page(NewsPath)
	w.WriteString("\">Years</a> <a href=\"")
	w.page(CalendarPath)
	w.WriteString("\">On this day</a> <a href=\"")
	w.page(TopicsPath)
	w.WriteString("\">Topics</a> <a href=\"")
	w.page(StoriesPath)
	w.WriteString("\">Stories</a> <a href=\"")
	w.page(CategoriesPath)
	w.WriteString("\">Categories</a></nav>")
	writeSearchBox(w)
	w.WriteString("\n</header>")
}

// writeHead writes the head after the title: description, canonical and
// alternate links, the stylesheet, Open Graph and JSON-LD.
func (r *Renderer) writeHead(w htmlWriter, p *htmlPage) {
	meta(w, `<meta name="description" content="`, p.Description)
	if p.Canonical != "" {
		w.WriteString("\n<link rel=\"canonical\" href=\"")
		w.url(p.Canonical)
		w.WriteString(`">`)
	}
	if p.Formats != nil {
		for _, a := range alternates {
			if p.Formats.of(a) == "" {
				continue
			}
			w.WriteString("\n<link rel=\"alternate\" type=\"")
			w.WriteString(alternateTypes[a])
			w.WriteString(`" href="`)
			w.url(p.Formats.of(a))
			w.WriteString(`">`)
		}
	}
	if p.Feeds != nil {
		w.WriteString("\n<link rel=\"alternate\" type=\"application/rss+xml\" href=\"")
		w.url(p.Feeds.RSS)
		w.WriteString("\">\n<link rel=\"alternate\" type=\"application/atom+xml\" href=\"")
		w.url(p.Feeds.Atom)
		w.WriteString(`">`)
	}
	for _, l := range [...]struct {
		rel  string
		link *linkDoc
	}{{"prev", p.Prev}, {"next", p.Next}} {
		if l.link != nil {
			w.WriteString("\n<link rel=\"" + l.rel + "\" href=\"")
			w.url(r.abs(l.link.Path + HTML.Ext()))
			w.WriteString(`">`)
		}
	}
	r.writeOpenSearchLink(w)
	r.writeIconLinks(w)
	w.WriteString("\n<link rel=\"stylesheet\" href=\"")
	w.local(StylePath)
	w.WriteString(`">`)
	if p.Script != "" {
		w.WriteString("\n<script src=\"")
		w.local(p.Script)
		w.WriteString(`" defer></script>`)
	}
	if og := p.OG; og != nil {
		w.WriteString("\n<meta property=\"og:site_name\" content=\"")
		w.text(r.cfg.SiteName)
		w.WriteString("\">\n<meta property=\"og:type\" content=\"")
		w.text(og.Type)
		w.WriteString("\">\n<meta property=\"og:title\" content=\"")
		w.text(og.Title)
		w.WriteString("\">\n<meta property=\"og:url\" content=\"")
		w.text(og.URL)
		w.WriteString(`">`)
		meta(w, `<meta property="og:description" content="`, og.Description)
		meta(w, `<meta property="og:image" content="`, og.Image)
		meta(w, `<meta property="article:published_time" content="`, og.Published)
	}
	if p.JSONLD != nil {
		w.WriteString("\n<script type=\"application/ld+json\">")
		p.JSONLD(&jsonWriter{b: w.Buffer, escapeHTML: true})
		w.WriteString("</script>")
	}
}

// meta writes a meta element on its own line when its content is not empty.
func meta(w htmlWriter, start, content string) {
	if content == "" {
		return
	}
	w.WriteByte('\n')
	w.WriteString(start)
	w.text(content)
	w.WriteString(`">`)
}

func writeCrumbs(w htmlWriter, crumbs []crumb) {
	if len(crumbs) == 0 {
		return
	}
	w.WriteString("\n<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><ol>")
	for _, c := range crumbs {
		w.WriteString(`<li><a href="`)
		w.local(c.Href)
		w.WriteString(`">`)
		w.text(c.Label)
		w.WriteString("</a></li>")
	}
	w.WriteString("</ol></nav>")
}

// dateCrumbs returns Home › Year › Month › Day for a day, each a link.
func dateCrumbs(d event.Date) []crumb {
	return []crumb{
		{"Home", HomePath + ".html"},
		{itoa(d.Year), YearPath(d.Year) + ".html"},
		{d.Month.String(), MonthPath(d.Year, d.Month) + ".html"},
		{itoa(d.Day), DayPath(d) + ".html"},
	}
}

func (r *Renderer) eventHTML(buf *bytes.Buffer, d *eventDoc) error {
	p := r.newHTMLPage(d.Headline, d.Path, &d.Formats, nil)
	c := r.newCitation(d.Path, d.Headline, d.Date, &d.Portal)
	p.Main = func(w htmlWriter) { d.writeHTML(w, c) }
	p.Description = d.Summary
	if p.Description == "" {
		p.Description = excerpt(d.Text, 200)
	}
	p.OG = &openGraph{"article", d.Headline, p.Canonical, p.Description, r.absURL(d.CoverImage), d.Date.String()}
	p.Crumbs = dateCrumbs(d.Date)
	p.JSONLD = func(w *jsonWriter) { r.writeNewsArticle(w, d, p.Description) }
	r.writePage(buf, p)
	return nil
}

// writeHTML writes the event's article, ending with the block that cites it.
func (d *eventDoc) writeHTML(w htmlWriter, c *citation) {
	w.WriteString("<article class=\"event\">\n<header>\n<p class=\"topic\">")
	w.link(d.Topic.Path, d.Topic.Title)
	w.WriteString("</p>\n<h1>")
	if d.HeadlineIsText() {
		writeSegments(w, d.segments)
	} else {
		w.text(d.Headline)
	}
	w.WriteString("</h1>\n<p class=\"meta\">")
	w.time(d.Date)
	w.WriteString(" · ")
	w.link(d.categoryPath, d.Category)
	for _, s := range d.storyLinks {
		w.WriteString(" · ")
		w.link(s.Path, s.Title)
	}
	w.WriteString("</p>")
	if d.Removed != "" {
		w.WriteString("\n<p class=\"removed\">Removed from the portal on ")
		w.time(d.removedDate)
		w.WriteString("; this is its last text.</p>")
	}
	if n := len(d.EarlierTexts); n > 0 {
		w.WriteString("\n<p class=\"edited\">Its text was edited on the portal on ")
		w.time(event.NewDate(d.EarlierTexts[n-1].replaced))
		w.WriteString(": <a href=\"#earlier\">what it said before</a>.</p>")
	}
	w.WriteString("\n</header>")
	if !d.HeadlineIsText() {
		w.WriteString("\n<p class=\"text\">")
		writeSegments(w, d.segments)
		w.WriteString("</p>")
	}
	if d.Summary != "" {
		w.WriteString("\n<p class=\"summary\">")
		w.text(d.Summary)
		w.WriteString("</p>")
	}
	d.writeCoverHTML(w)
	d.writeSourcesHTML(w)
	writeRelatedHTML(w, "related", "Related", d.Related)
	writeRelatedHTML(w, "related around", "Around this event", d.Around)
	d.writeEntitiesHTML(w)
	d.writeEarlierHTML(w)
	writeProvenanceHTML(w, &d.Portal)
	writeCiteHTML(w, c)
	w.WriteString("\n</article>")
}

// writeProvenanceHTML writes where a page's text comes from: the revision
// of the portal's day page, at its permanent address, so that a reader can
// check the text against it and cite it. Nothing for a zero portalDoc.
func writeProvenanceHTML(w htmlWriter, p *portalDoc) {
	if p == nil || p.Title == "" {
		return
	}
	w.WriteString("\n<p class=\"provenance\">Text from <a href=\"")
	w.url(p.URL)
	w.WriteString("\">")
	w.text(p.Title)
	w.WriteString("</a>")
	if p.Revision != 0 {
		w.WriteString(" as revised")
		if !p.timestamp.IsZero() {
			w.WriteString(" on ")
			w.instant(p.Timestamp, p.savedOn())
		}
		w.WriteString(" (revision " + strconv.Itoa(p.Revision) + ")")
	}
	w.WriteString(", by Wikipedia contributors.</p>")
}

// writeEarlierHTML writes the texts edits replaced, oldest first, each with
// the revision that had it when known. Nothing for an event never edited.
func (d *eventDoc) writeEarlierHTML(w htmlWriter) {
	if len(d.EarlierTexts) == 0 {
		return
	}
	w.WriteString("\n<section class=\"earlier\" id=\"earlier\">\n<h2>Earlier text</h2>\n<ol>")
	for i := range d.EarlierTexts {
		e := &d.EarlierTexts[i]
		w.WriteString("\n<li><q>")
		w.text(e.Headline)
		w.WriteString("</q> <span class=\"when\">")
		if p := &e.Portal; p.Revision != 0 {
			w.WriteString("in <a href=\"")
			w.url(p.URL)
			w.WriteString("\">revision " + strconv.Itoa(p.Revision) + "</a>")
			if !p.timestamp.IsZero() {
				w.WriteString(" of ")
				w.instant(p.Timestamp, p.savedOn())
			}
			w.WriteString(", ")
		}
		w.WriteString("until ")
		w.instant(e.Replaced, e.replacedOn())
		w.WriteString("</span></li>")
	}
	w.WriteString("\n</ol>\n</section>")
}

// writeSegments writes the text with each mention linked to its topic page and
// followed by a superscript link to its Wikipedia article.
func writeSegments(w htmlWriter, segs []textSegment) {
	for _, s := range segs {
		e := s.Entity
		if e == nil {
			w.text(s.Text)
			continue
		}
		w.link(e.TopicPath, s.Text)
		w.WriteString(`<sup><a class="w" href="`)
		w.url(e.WikipediaURL)
		w.WriteString(`" title="`)
		w.text(e.Title)
		w.WriteString(` on Wikipedia">W</a></sup>`)
	}
}

func (d *eventDoc) writeSourcesHTML(w htmlWriter) {
	if len(d.Sources) == 0 && d.CoverImage == "" {
		return
	}
	w.WriteString("\n<section class=\"sources\">\n<h2>Sources</h2>\n<ol>")
	for _, s := range d.Sources {
		w.WriteString("\n<li>")
		if s.URL != "" {
			externalLink(w, s.URL, s.Name)
		} else {
			w.text(s.Name)
		}
		if s.Title != "" {
			w.WriteString(": <cite>")
			w.text(s.Title)
			w.WriteString("</cite>")
		}
		if s.ArchivedURL != "" {
			w.WriteString(" (")
			externalLink(w, s.ArchivedURL, "archived copy")
			w.WriteString(")")
		}
		w.WriteString("</li>")
	}
	if d.CoverImage != "" {
		w.WriteString("\n<li>")
		externalLink(w, d.CoverImage, "Cover image")
		w.WriteString("</li>")
	}
	w.WriteString("\n</ol>\n</section>")
}

// writeCoverHTML writes the cover image as a lazily loaded figure, sized
// when its size is known, with the first source's title (or the headline)
// as its text alternative.
func (d *eventDoc) writeCoverHTML(w htmlWriter) {
	if d.CoverImage == "" {
		return
	}
	alt := d.Headline
	if len(d.Sources) > 0 && d.Sources[0].Title != "" {
		alt = d.Sources[0].Title
	}
	w.WriteString("\n<figure class=\"cover\"><img src=\"")
	w.url(d.CoverImage)
	w.WriteString(`" alt="`)
	w.text(alt)
	w.WriteByte('"')
	if d.coverWidth > 0 && d.coverHeight > 0 {
		w.WriteString(` width="` + strconv.Itoa(d.coverWidth) + `" height="` + strconv.Itoa(d.coverHeight) + `"`)
	}
	w.WriteString(` loading="lazy" decoding="async" referrerpolicy="no-referrer"></figure>`)
}

func externalLink(w htmlWriter, url, text string) {
	w.WriteString(`<a href="`)
	w.url(url)
	w.WriteString(`" rel="nofollow noopener">`)
	w.text(text)
	w.WriteString("</a>")
}

// writeRelatedHTML writes a list of related events as a section of the
// class, under the heading.
func writeRelatedHTML(w htmlWriter, class, heading string, list []relatedDoc) {
	if len(list) == 0 {
		return
	}
	w.WriteString("\n<section class=\"" + class + "\">\n<h2>" + heading + "</h2>\n<ol>")
	for _, rel := range list {
		w.WriteString("\n<li>")
		w.link(rel.Path, rel.Headline)
		w.WriteByte(' ')
		w.time(rel.Date)
		if len(rel.Context) > 0 {
			w.WriteString(` <span class="context">Context: `)
			for i, c := range rel.Context {
				if i > 0 {
					w.WriteString(", ")
				}
				w.text(c)
			}
			w.WriteString("</span>")
		}
		w.WriteString("</li>")
	}
	w.WriteString("\n</ol>\n</section>")
}

func (d *eventDoc) writeEntitiesHTML(w htmlWriter) {
	if len(d.Entities) == 0 {
		return
	}
	w.WriteString("\n<section class=\"entities\">\n<h2>In this event</h2>\n<ul>")
	for _, e := range d.Entities {
		w.WriteString("\n<li>")
		w.link(e.TopicPath, e.Title)
		w.WriteString(` <a class="w" href="`)
		w.url(e.WikipediaURL)
		w.WriteString(`">Wikipedia</a></li>`)
	}
	w.WriteString("\n</ul>\n</section>")
}

// writeNewsArticle writes the event's schema.org NewsArticle as JSON-LD. The
// writer escapes <, > and & as json.Marshal does, so the text can never close
// the script element it is embedded in.
func (r *Renderer) writeNewsArticle(w *jsonWriter, d *eventDoc, description string) {
	url := r.abs(d.Path + HTML.Ext())
	w.open('{')
	w.stringField("@context", "https://schema.org")
	w.stringField("@type", "NewsArticle")
	w.stringField("headline", d.Headline)
	w.stringFieldOmitEmpty("description", description)
	w.stringField("datePublished", d.Date.String())
	if n := len(d.EarlierTexts); n > 0 {
		w.stringField("dateModified", d.EarlierTexts[n-1].Replaced) // when its text last changed
	}
	w.stringField("url", url)
	w.stringField("mainEntityOfPage", url)
	w.stringField("articleSection", d.Category)
	w.stringFieldOmitEmpty("image", r.absURL(d.CoverImage))
	w.stringFieldOmitEmpty("isBasedOn", d.Portal.URL)
	w.key("author")
	w.open('{')
	w.stringField("@type", "Organization")
	w.stringField("name", citationAuthor)
	w.stringField("url", portalURL)
	w.close('}')
	w.stringField("license", licenseURL)
	w.key("about")
	sameAs := ""
	if d.Topic.Kind != event.KindCategory {
		sameAs = WikipediaURL(d.Topic.Title)
	}
	r.writeThing(w, d.Topic.Title, d.Topic.Path, sameAs)
	if len(d.Entities) > 0 {
		w.key("mentions")
		w.open('[')
		for _, e := range d.Entities {
			w.next()
			r.writeThing(w, e.Title, e.TopicPath, e.WikipediaURL)
		}
		w.close(']')
	}
	if len(d.Sources) > 0 {
		w.key("citation")
		w.open('[')
		for _, s := range d.Sources {
			w.next()
			w.open('{')
			w.stringField("@type", "NewsArticle")
			w.stringField("name", s.Name)
			w.stringFieldOmitEmpty("url", s.URL)
			w.close('}')
		}
		w.close(']')
	}
	w.key("isPartOf")
	w.open('{')
	w.stringField("@type", "WebSite")
	w.stringField("name", r.cfg.SiteName)
	w.stringField("url", r.abs(HomePath+".html"))
	w.close('}')
	w.close('}')
}

// writeThing writes a schema.org Thing with its page on this site.
func (r *Renderer) writeThing(w *jsonWriter, name, path, sameAs string) {
	w.open('{')
	w.stringField("@type", "Thing")
	w.stringField("name", name)
	w.stringField("url", r.abs(path+".html"))
	w.stringFieldOmitEmpty("sameAs", sameAs)
	w.close('}')
}

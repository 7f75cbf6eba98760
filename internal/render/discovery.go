package render

import (
	"bytes"
	"io"
	"unicode/utf8"

	"github.com/chronicle-archive/chronicle/internal/escape"
)

// Paths of the files that tell browsers and language models what the site
// is and how to use it.
const (
	// OpenSearchPath is the site's OpenSearch description, which lets a
	// browser add the archive's search to its address bar; every HTML page
	// links it.
	OpenSearchPath = "/opensearch.xml"
	// LLMsPath is the site's llms.txt (https://llmstxt.org/): what the
	// archive is, in Markdown, with the addresses of its indexes and
	// formats, for language models and the programs that feed them.
	LLMsPath = "/llms.txt"
)

// OpenSearchType is the media type of OpenSearchPath.
const OpenSearchType = "application/opensearchdescription+xml"

// openSearchShortName is OpenSearch's limit on a ShortName, in characters.
const openSearchShortName = 16

// OpenSearch writes the site's OpenSearch 1.1 description: its name and a
// search URL template, the address every page's search box sends its query
// to, which the server answers and the static site's search page reads.
func (r *Renderer) OpenSearch(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
		"<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n<ShortName>")
	escape.XML(&b, shortName(r.cfg.SiteName, openSearchShortName))
	b.WriteString("</ShortName>\n<Description>")
	escape.XML(&b, "Search the events of Wikipedia's Current Events Portal in "+r.cfg.SiteName)
	b.WriteString("</Description>\n<InputEncoding>UTF-8</InputEncoding>\n<Url type=\"text/html\" method=\"get\" template=\"")
	escape.XML(&b, r.abs(SearchPath)+"?q={searchTerms}")
	b.WriteString("\"/>\n<Url type=\"")
	b.WriteString(OpenSearchType)
	b.WriteString("\" rel=\"self\" template=\"")
	escape.XML(&b, r.abs(OpenSearchPath))
	b.WriteString("\"/>\n</OpenSearchDescription>\n")
	_, err := w.Write(b.Bytes())
	return err
}

// shortName cuts a name to at most n characters.
func shortName(name string, n int) string {
	if utf8.RuneCountInString(name) <= n {
		return name
	}
	for i := range name {
		if n == 0 {
			return name[:i]
		}
		n--
	}
	return name
}

// writeOpenSearchLink writes the head's link to the OpenSearch description.
func (r *Renderer) writeOpenSearchLink(w htmlWriter) {
	w.WriteString("\n<link rel=\"search\" type=\"" + OpenSearchType + "\" title=\"")
	w.text(r.cfg.SiteName)
	w.WriteString("\" href=\"")
	w.local(OpenSearchPath)
	w.WriteString(`">`)
}

// llmsFormats are the formats llms.txt links pages in, the first the site
// has: Markdown, written for reading, first.
var llmsFormats = [...]Format{Markdown, JSON, XML, HTML}

// LLMsTxt writes the site's llms.txt: a Markdown file naming what the site
// holds, where its indexes are (in the first of Markdown, JSON, XML and HTML
// the site has), how an event's address is made and which formats each page
// has, and where the text comes from and under which licence.
func (r *Renderer) LLMsTxt(w io.Writer) error {
	f := r.cfg.Formats[0]
	for _, l := range llmsFormats {
		if r.built[l] {
			f = l
			break
		}
	}
	var b bytes.Buffer
	b.WriteString("# ")
	writeMDText(&b, r.cfg.SiteName)
	b.WriteString("\n\n> An archive of Wikipedia's Current Events Portal, the crowd-written log of world news, " +
		"one page a day since 2002: every event, a sentence or two with its links to the people, places " +
		"and stories it concerns and to the news reports behind it, at a permanent address, with indexes " +
		"by day, month, year, topic, story and category.\n\n")
	b.WriteString("An event's address is `/news/YYYY/MM/D/<slug>` (the month zero-padded, the day not). Every page is a file in ")
	b.WriteString(r.formatList())
	b.WriteString(" at its address with that extension. The events' text is Wikipedia's, by Wikipedia " +
		"contributors, under CC BY-SA 4.0: reusing it needs attribution and the same licence. Each event " +
		"names the revision of the portal's day page its text comes from.\n\n## Indexes\n\n")
	for _, l := range [...]struct{ title, path, what string }{
		{"Home", HomePath, "the latest days"},
		{"Years", NewsPath, "every year and month, each with its days"},
		{"On this day", CalendarPath, "each day of the calendar, with its events in every year"},
		{"Topics", TopicsPath, "the people, places and things events link, by letter, each with its events"},
		{"Stories", StoriesPath, "the ongoing stories, each a timeline of its events"},
		{"Categories", CategoriesPath, "the portal's categories, each with its events"},
		{"Recent edits", EditsPath, "the latest edits of the portal that changed an event's text (with what it said before) or removed an event, and the pages of every month's edits"},
	} {
		r.llmsItem(&b, l.title, l.path+f.Ext(), l.what)
	}
	b.WriteString("\n## Formats\n\n")
	if r.built[JSON] {
		r.llmsItem(&b, "Event JSON Schema", "/schema/"+SchemaNames[0], "every field of an event's `.json`")
		r.llmsItem(&b, "Index JSON Schema", "/schema/"+SchemaNames[1], "the fields of the days', months', years', topics', stories' and categories' `.json`")
	}
	if r.cfg.APIPath != "" {
		r.llmsItem(&b, "Query API", r.cfg.APIPath, "this server's JSON API: events by path, date range, topic, story and category, full-text search, an event's related events and its citations (APA, MLA, Chicago, BibTeX, RIS); its endpoints at this address")
		r.llmsItem(&b, "OpenAPI document", r.cfg.APIPath+"openapi.json", "the query API as OpenAPI 3.1")
	}
	r.llmsItem(&b, "RSS feed", FeedPath, "the latest events; each topic, story and category has its own `feed.xml` and `atom.xml` beside its page")
	r.llmsItem(&b, "Atom feed", AtomPath, "the same, as Atom")
	rss, _ := FeedPaths(EditsPath)
	r.llmsItem(&b, "Edits feed", rss, "the latest edits of the portal's events; `atom.xml` beside it as Atom")
	b.WriteString("\n## Optional\n\n")
	if r.HasAbout() {
		about := Markdown
		if !r.built[about] {
			about = HTML
		}
		r.llmsItem(&b, "About", AboutPath+about.Ext(), "what the archive is, how its addresses last, how to cite and reuse its events")
	}
	r.llmsItem(&b, "Sitemap", SitemapPath, "the address of every page")
	b.WriteString("- [Portal:Current events](" + portalURL + "): where the events are written, on Wikipedia\n")
	_, err := w.Write(b.Bytes())
	return err
}

// llmsItem writes one item of llms.txt's lists: a link to the site's path
// and what it holds.
func (r *Renderer) llmsItem(b *bytes.Buffer, title, path, what string) {
	b.WriteString("- ")
	writeMarkdownLink(b, title, r.abs(path))
	b.WriteString(": " + what + "\n")
}

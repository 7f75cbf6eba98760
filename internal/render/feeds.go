package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// FeedSize is how many of the latest events a feed holds.
const FeedSize = 50

// Feed is the model of one RSS and one Atom feed: the latest events of the site,
// of a topic or of a category.
type Feed struct {
	// Title names what the feed follows, e.g. "North Korea"; the site's name
	// alone when empty.
	Title string
	// PagePath is the page the feed belongs to: HomePath, or a topic or category
	// page's path; the feed's own paths come from FeedPaths.
	PagePath string
	// Events are the latest first; only the first FeedSize are used.
	Events []IndexEvent
	// Query, when set, makes it the feed of a search (SearchFeed): its
	// page is the search page with this query string, and its own
	// addresses the search feeds' with it.
	Query string
	// Edits, when not nil, are the feed's items in place of Events: the
	// feed of the edits page (PagePath EditsPath), newest first.
	Edits []Edit
}

// feedLinks returns the absolute URLs of the page the feed belongs to, in the
// format feeds link, and of the feed itself as RSS and as Atom.
func (r *Renderer) feedLinks(f *Feed) (page, rss, atom string) {
	if f.Query != "" {
		q := "?" + f.Query
		return r.abs(SearchPath + q), r.abs(SearchFeedPath + q), r.abs(SearchAtomPath + q)
	}
	rss, atom = FeedPaths(f.PagePath)
	return r.abs(f.PagePath + r.LinkFormat().Ext()), r.abs(rss), r.abs(atom)
}

// The feeds are written by hand through xmlWriter, byte for byte what
// encoding/xml wrote from structs (the reference in feeds_test.go, which
// TestFeedsMatchEncodingXML holds them to): a build writes two feeds per
// topic, story and category, and encoding/xml's reflection and buffers
// were a tenth of the build's allocations (docs/performance-log.md, "Build").

// atomNS is the namespace of Atom's elements.
const atomNS = "http://www.w3.org/2005/Atom"

// RSS writes the feed as RSS 2.0. Dates are the events' days at midnight UTC
// (an edit's time for the edits' feed), and lastBuildDate is the newest
// item's, so the same events give the same bytes.
func (r *Renderer) RSS(w io.Writer, f *Feed) error {
	page, rssURL, _ := r.feedLinks(f)
	entries := r.feedEntries(f)
	title := r.feedTitle(f)
	return writeXMLDocTo(w, func(x *xmlWriter) {
		x.open("rss", "version", "2.0")
		x.open("channel")
		x.text("title", title)
		x.text("link", page)
		x.text("description", r.feedDescription(f, title))
		x.text("language", "en")
		if len(entries) > 0 {
			x.instantText("lastBuildDate", entries[0].at, time.RFC1123Z)
		}
		x.empty("link", "xmlns", atomNS, "rel", "self", "type", "application/rss+xml", "href", rssURL)
		for i := range entries {
			e := &entries[i]
			x.open("item")
			x.text("title", e.title)
			x.text("link", e.link)
			x.textWith("guid", e.id, "isPermaLink", strconv.FormatBool(e.id == e.link))
			x.instantText("pubDate", e.at, time.RFC1123Z)
			x.text("description", e.summary)
			if e.category != "" {
				x.text("category", e.category)
			}
			x.close("item")
		}
		x.close("channel")
		x.close("rss")
	})
}

func (r *Renderer) feedDescription(f *Feed, title string) string {
	switch {
	case f.Query != "":
		return "The newest news events this search of " + r.cfg.SiteName + " finds, from Wikipedia's Current Events Portal."
	case f.Edits != nil:
		return "The latest edits of Wikipedia's Current Events Portal that changed or removed a news event of " + r.cfg.SiteName + "."
	}
	return "The latest news events of " + title + ", from Wikipedia's Current Events Portal."
}

// author credits the writers of the portal's text.
const author = "Wikipedia contributors"

// Atom writes the feed as Atom 1.0. Its updated time is the newest item's
// (the Unix epoch for a feed with none), so the same events give the same bytes.
func (r *Renderer) Atom(w io.Writer, f *Feed) error {
	page, _, atomURL := r.feedLinks(f)
	entries := r.feedEntries(f)
	linkType := alternateTypes[r.LinkFormat()]
	pageType := linkType
	if f.Query != "" {
		pageType = alternateTypes[HTML] // the search page has no other format
	}
	return writeXMLDocTo(w, func(x *xmlWriter) {
		x.open("feed", "xmlns", atomNS)
		x.text("id", page)
		x.text("title", r.feedTitle(f))
		updated := time.Unix(0, 0).UTC()
		if len(entries) > 0 {
			updated = entries[0].at
		}
		x.instantText("updated", updated, time.RFC3339)
		x.empty("link", "rel", "self", "type", "application/atom+xml", "href", atomURL)
		x.empty("link", "rel", "alternate", "type", pageType, "href", page)
		for i := range entries {
			e := &entries[i]
			x.open("entry")
			x.text("id", e.id)
			x.text("title", e.title)
			x.instantText("updated", e.at, time.RFC3339)
			x.empty("link", "rel", "alternate", "type", linkType, "href", e.link)
			x.text("summary", e.summary)
			x.open("author")
			x.text("name", author)
			x.close("author")
			if e.category != "" {
				x.empty("category", "term", e.category)
			}
			x.close("entry")
		}
		x.close("feed")
	})
}

// feedEntry is one item of a feed: an event, or an edit of one. Its id is
// its link, unless several items of the feed may share the link (an
// event's edits).
type feedEntry struct {
	link, id, title, summary, category string
	at                                 time.Time
}

// feedEntries are the items of the feed, newest first.
func (r *Renderer) feedEntries(f *Feed) []feedEntry {
	if f.Edits != nil {
		return r.editEntries(f.Edits[:min(len(f.Edits), FeedSize)])
	}
	items := latest(f.Events)
	out := make([]feedEntry, len(items))
	for i := range items {
		e := &items[i]
		link := r.abs(e.Path + r.LinkFormat().Ext())
		out[i] = feedEntry{link: link, id: link, title: oneLine(e.Headline), summary: oneLine(e.Text),
			category: oneLine(e.Category), at: e.Date.Time()}
	}
	return out
}

// editEntries are the items of the edits' feed: each event's text now,
// linked to its page, with what the edit did as summary.
func (r *Renderer) editEntries(edits []Edit) []feedEntry {
	out := make([]feedEntry, len(edits))
	for i, d := range editDocs(edits) {
		link := r.abs(d.Path + r.LinkFormat().Ext())
		e := feedEntry{link: link, id: link + "#" + d.Kind + "-" + d.at.Format("20060102T150405Z"),
			title: d.Headline, at: d.at}
		when := d.at.Format(savedLayout)
		if d.Earlier == nil {
			e.category = "Removed"
			e.summary = "Removed from the portal on " + when + "; its page keeps its last text."
		} else {
			e.category = "Edited"
			e.summary = "Edited on the portal on " + when + "; it said before: " + d.Earlier.Headline
		}
		out[i] = e
	}
	return out
}

// alternateTypes are the media types of the formats in feeds' and pages'
// alternate links.
var alternateTypes = [...]string{HTML: "text/html", Markdown: "text/markdown", JSON: "application/json", XML: "application/xml"}

func (r *Renderer) feedTitle(f *Feed) string {
	if t := oneLine(f.Title); t != "" {
		return t + " – " + r.cfg.SiteName
	}
	return r.cfg.SiteName
}

func latest(events []IndexEvent) []IndexEvent {
	return events[:min(len(events), FeedSize)]
}

func writeXML(buf *bytes.Buffer, v any) error {
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return nil
}

// SitemapMaxURLs is how many URLs one sitemap file may hold (sitemaps.org);
// a variable for tests, which split small sites' sitemaps.
var SitemapMaxURLs = 50000

// SitemapURL is one page of the sitemap.
type SitemapURL struct {
	// Path is the page's root-relative path with its extension, e.g. the .html page.
	Path string
	// LastMod is the day of the page's newest content; omitted when zero.
	LastMod event.Date
}

// File is one generated file of the site.
type File struct {
	Path string
	Body []byte
}

type urlSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapLoc `xml:"url"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapLoc `xml:"sitemap"`
}

type sitemapLoc struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// SitemapGroup is a part of the site's URLs that keeps sitemap files of its
// own once the site needs more than one file: the URLs of one year, say, so
// that an edit of a day changes its year's files and the index only.
type SitemapGroup struct {
	// Name names the group's files: /sitemaps/<Name>.xml, then
	// /sitemaps/<Name>-2.xml… past SitemapMaxURLs.
	Name string
	URLs []SitemapURL
}

// Sitemaps returns the sitemap files of the groups' URLs: /sitemap.xml alone
// when they fit in one file (SitemapSplit is false), in the groups' order;
// else /sitemap.xml as a sitemap index of each group's files. When only is
// not nil and the site needs more than one file, only the index and the
// files of the groups only accepts are rendered.
func (r *Renderer) Sitemaps(groups []SitemapGroup, only func(group string) bool) ([]File, error) {
	if !SitemapSplit(groups) {
		var all []SitemapURL
		for _, g := range groups {
			all = append(all, g.URLs...)
		}
		body, err := r.sitemap(all)
		return []File{{SitemapPath, body}}, err
	}
	var files []File
	var index sitemapIndex
	for _, g := range groups {
		for n, chunk := range sitemapChunks(g) {
			index.Sitemaps = append(index.Sitemaps, sitemapLoc{r.abs(sitemapChunkPath(g.Name, n)), lastMod(newest(chunk))})
		}
		if only != nil && !only(g.Name) {
			continue
		}
		groupFiles, err := r.SitemapGroupFiles(g)
		if err != nil {
			return nil, err
		}
		files = append(files, groupFiles...)
	}
	var buf bytes.Buffer
	if err := writeXML(&buf, index); err != nil {
		return nil, fmt.Errorf("sitemap index: %w", err)
	}
	return append([]File{{SitemapPath, buf.Bytes()}}, files...), nil
}

// SitemapSplit reports whether the groups' URLs need more than one
// sitemap file: an index and each group's files.
func SitemapSplit(groups []SitemapGroup) bool {
	total := 0
	for _, g := range groups {
		total += len(g.URLs)
	}
	return total > SitemapMaxURLs
}

// SitemapGroupFiles returns the files of one group of a site whose
// sitemaps are split (SitemapSplit), without the index: what an update
// that knows the index stands renders of a changed group.
func (r *Renderer) SitemapGroupFiles(g SitemapGroup) ([]File, error) {
	var files []File
	for n, chunk := range sitemapChunks(g) {
		body, err := r.sitemap(chunk)
		if err != nil {
			return nil, err
		}
		files = append(files, File{sitemapChunkPath(g.Name, n), body})
	}
	return files, nil
}

// sitemapChunks yields the group's URLs in files of SitemapMaxURLs at
// most, numbered from 1.
func sitemapChunks(g SitemapGroup) iter.Seq2[int, []SitemapURL] {
	return func(yield func(int, []SitemapURL) bool) {
		rest := g.URLs
		for n := 1; len(rest) > 0; n++ {
			chunk := rest[:min(len(rest), SitemapMaxURLs)]
			rest = rest[len(chunk):]
			if !yield(n, chunk) {
				return
			}
		}
	}
}

// sitemapChunkPath is the path of the nth file of a sitemap group.
func sitemapChunkPath(group string, n int) string {
	return event.SitePath{Type: event.PathSitemapPart, Slug: group, Part: n}.String()
}

func (r *Renderer) sitemap(urls []SitemapURL) ([]byte, error) {
	set := urlSet{URLs: make([]sitemapLoc, len(urls))}
	for i, u := range urls {
		if !strings.HasPrefix(u.Path, "/") {
			return nil, fmt.Errorf("sitemap: path %q is not root-relative", u.Path)
		}
		set.URLs[i] = sitemapLoc{r.abs(oneLine(u.Path)), lastMod(u.LastMod)}
	}
	var buf bytes.Buffer
	buf.Grow(len(urls) * 120)
	writeURLSet(&buf, set)
	return buf.Bytes(), nil
}

func lastMod(d event.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func newest(urls []SitemapURL) event.Date {
	var d event.Date
	for _, u := range urls {
		if d.Before(u.LastMod) {
			d = u.LastMod
		}
	}
	return d
}

// Robots writes robots.txt: every crawler may fetch everything, and the sitemap's
// absolute address.
func (r *Renderer) Robots(w io.Writer) error {
	_, err := io.WriteString(w, "User-agent: *\nAllow: /\n\nSitemap: "+r.abs(SitemapPath)+"\n")
	return err
}

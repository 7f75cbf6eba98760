package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
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
}

type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Self          atomLink  `xml:"http://www.w3.org/2005/Atom link"`
	Items         []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string  `xml:"title"`
	Link        string  `xml:"link"`
	GUID        rssGUID `xml:"guid"`
	PubDate     string  `xml:"pubDate"`
	Description string  `xml:"description"`
	Category    string  `xml:"category,omitempty"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

// RSS writes the feed as RSS 2.0. Dates are the events' days at midnight UTC,
// and lastBuildDate is the newest event's day, so the same events give the same bytes.
func (r *Renderer) RSS(w io.Writer, f *Feed) error {
	rssPath, _ := FeedPaths(f.PagePath)
	items := latest(f.Events)
	c := rssChannel{
		Title: r.feedTitle(f), Link: r.abs(f.PagePath + r.LinkFormat().Ext()), Language: "en",
		Description: "The latest news events of " + r.feedTitle(f) + ", from Wikipedia's Current Events Portal.",
		Self:        atomLink{Rel: "self", Type: "application/rss+xml", Href: r.abs(rssPath)},
	}
	if len(items) > 0 {
		c.LastBuildDate = items[0].Date.Time().Format(time.RFC1123Z)
	}
	for _, e := range items {
		link := r.abs(e.Path + r.LinkFormat().Ext())
		c.Items = append(c.Items, rssItem{
			Title: oneLine(e.Headline), Link: link, GUID: rssGUID{true, link},
			PubDate: e.Date.Time().Format(time.RFC1123Z), Description: oneLine(e.Text), Category: oneLine(e.Category),
		})
	}
	return writeXMLTo(w, rssDoc{Version: "2.0", Channel: c})
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomEntry struct {
	ID       string        `xml:"id"`
	Title    string        `xml:"title"`
	Updated  string        `xml:"updated"`
	Link     atomLink      `xml:"link"`
	Summary  string        `xml:"summary"`
	Author   atomAuthor    `xml:"author"`
	Category *atomCategory `xml:"category,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

// author credits the writers of the portal's text.
const author = "Wikipedia contributors"

// Atom writes the feed as Atom 1.0. Its updated time is the newest event's day
// (the Unix epoch for a feed with no events), so the same events give the same bytes.
func (r *Renderer) Atom(w io.Writer, f *Feed) error {
	_, atomPath := FeedPaths(f.PagePath)
	items := latest(f.Events)
	page := r.abs(f.PagePath + r.LinkFormat().Ext())
	linkType := alternateTypes[r.LinkFormat()]
	a := atomFeed{
		ID: page, Title: r.feedTitle(f), Updated: time.Unix(0, 0).UTC().Format(time.RFC3339),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: r.abs(atomPath)}, {Rel: "alternate", Type: linkType, Href: page}},
	}
	if len(items) > 0 {
		a.Updated = items[0].Date.Time().Format(time.RFC3339)
	}
	for _, e := range items {
		link := r.abs(e.Path + r.LinkFormat().Ext())
		entry := atomEntry{
			ID: link, Title: oneLine(e.Headline), Updated: e.Date.Time().Format(time.RFC3339),
			Link: atomLink{Rel: "alternate", Type: linkType, Href: link}, Summary: oneLine(e.Text), Author: atomAuthor{author},
		}
		if c := oneLine(e.Category); c != "" {
			entry.Category = &atomCategory{c}
		}
		a.Entries = append(a.Entries, entry)
	}
	return writeXMLTo(w, a)
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

// writeXMLTo renders v as an XML document into a pooled buffer, then writes it
// whole, so that a failure writes nothing.
func writeXMLTo(w io.Writer, v any) error {
	buf := bufferPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufferPool.Put(buf)
	if err := writeXML(buf, v); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// SitemapMaxURLs is how many URLs one sitemap file may hold (sitemaps.org).
const SitemapMaxURLs = 50000

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
// when they fit in one file, in the groups' order; else /sitemap.xml as a
// sitemap index of each group's files. When only is not nil and the site
// needs more than one file, only the index and the files of the groups only
// accepts are rendered.
func (r *Renderer) Sitemaps(groups []SitemapGroup, only func(group string) bool) ([]File, error) {
	total := 0
	for _, g := range groups {
		total += len(g.URLs)
	}
	if total <= SitemapMaxURLs {
		all := make([]SitemapURL, 0, total)
		for _, g := range groups {
			all = append(all, g.URLs...)
		}
		body, err := r.sitemap(all)
		return []File{{SitemapPath, body}}, err
	}
	var files []File
	var index sitemapIndex
	for _, g := range groups {
		rest := g.URLs
		for n := 1; len(rest) > 0; n++ {
			chunk := rest[:min(len(rest), SitemapMaxURLs)]
			rest = rest[len(chunk):]
			path := sitemapChunkPath(g.Name, n)
			index.Sitemaps = append(index.Sitemaps, sitemapLoc{r.abs(path), lastMod(newest(chunk))})
			if only != nil && !only(g.Name) {
				continue
			}
			body, err := r.sitemap(chunk)
			if err != nil {
				return nil, err
			}
			files = append(files, File{path, body})
		}
	}
	var buf bytes.Buffer
	if err := writeXML(&buf, index); err != nil {
		return nil, fmt.Errorf("sitemap index: %w", err)
	}
	return append([]File{{SitemapPath, buf.Bytes()}}, files...), nil
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

package render

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// Format is one of the four renderings of every page.
type Format int

// The four formats, in the order pages list them.
const (
	HTML Format = iota
	Markdown
	JSON
	XML
)

// Formats lists every format.
var Formats = []Format{HTML, Markdown, JSON, XML}

// formatInfo describes each format; its extension is event.PageExts's.
var formatInfo = [...]struct{ label, contentType string }{
	HTML:     {"HTML", "text/html; charset=utf-8"},
	Markdown: {"Markdown", "text/markdown; charset=utf-8"},
	JSON:     {"JSON", "application/json"},
	XML:      {"XML", "application/xml; charset=utf-8"},
}

func (f Format) valid() bool { return f >= HTML && f <= XML }

// String returns the format's short name, which is also its extension without
// the dot: html, md, json, xml.
func (f Format) String() string {
	if !f.valid() {
		return "format(" + strconv.Itoa(int(f)) + ")"
	}
	return event.PageExts[f][1:]
}

// Ext returns the file extension with its dot, e.g. ".html".
func (f Format) Ext() string {
	if !f.valid() {
		return ""
	}
	return event.PageExts[f]
}

// ContentType returns the HTTP Content-Type of the format.
func (f Format) ContentType() string {
	if !f.valid() {
		return "application/octet-stream"
	}
	return formatInfo[f].contentType
}

// ParseFormat returns the format of an extension, with or without its dot.
func ParseFormat(ext string) (Format, error) {
	for _, f := range Formats {
		if ext == f.Ext() || ext == f.String() {
			return f, nil
		}
	}
	return 0, fmt.Errorf("format %q: want html, md, json or xml", ext)
}

// ParseFormats reads a comma-separated list of formats, such as "html,json":
// any of html, md, json and xml, each once at most.
func ParseFormats(list string) ([]Format, error) {
	var out []Format
	for name := range strings.SplitSeq(list, ",") {
		f, err := ParseFormat(strings.TrimSpace(name))
		if err != nil {
			return nil, fmt.Errorf("formats %q: %w", list, err)
		}
		if slices.Contains(out, f) {
			return nil, fmt.Errorf("formats %q: %s given twice", list, f)
		}
		out = append(out, f)
	}
	return out, nil
}

// Extension-less paths of the site-wide pages, and the site's other files.
var (
	HomePath       = event.SitePath{Type: event.PathHome}.String()
	NewsPath       = event.NewsIndex().String()
	CalendarPath   = event.CalendarIndex().String()
	EditsPath      = event.EditsIndex().String()
	TopicsPath     = listPathOf(event.KindTopic)
	StoriesPath    = listPathOf(event.KindStory)
	CategoriesPath = listPathOf(event.KindCategory)
	SitemapPath    = event.SitePath{Type: event.PathSitemap}.String()
	FeedPath       = event.SitePath{Type: event.PathRSS}.String()
	AtomPath       = event.SitePath{Type: event.PathAtom}.String()
)

// Paths of the files that are not pages, feeds or sitemaps.
const (
	StylePath    = "/style.css"
	NotFoundPath = "/404.html"
	RobotsPath   = "/robots.txt"
)

// DayPath returns a day index's path, /news/2013/06/6/index.
func DayPath(d event.Date) string { return event.DayIndex(d).String() }

// MonthPath returns a month index's path, /news/2013/06/index.
func MonthPath(year int, month time.Month) string { return event.MonthIndex(year, month).String() }

// YearPath returns a year index's path, /news/2013/index.
func YearPath(year int) string { return event.YearIndex(year).String() }

// TitlePath returns a topic's, story's or category's page path from its
// slug, /topics/<slug>/index.
func TitlePath(k event.Kind, slug string) string { return event.TitlePage(k, slug).String() }

// FeedPaths returns the RSS and Atom paths that belong to an index page path:
// /feed.xml and /atom.xml for the home page, <dir>/feed.xml and <dir>/atom.xml
// for a topic or category page. A path outside the site's scheme (a Linker's
// own) gets them in its directory.
func FeedPaths(pagePath string) (rss, atom string) {
	if p, err := event.ParseSitePath(pagePath); err == nil && (p.Type == event.PathHome || p.Type == event.PathTitle || p.Type == event.PathEdits) {
		r, a := p.Feeds()
		return r.String(), a.String()
	}
	dir := strings.TrimSuffix(pagePath, "index")
	return dir + "feed.xml", dir + "atom.xml"
}

// formatPaths are the root-relative URLs of one page in each format the
// site has; "" for the others.
type formatPaths struct {
	HTML     string
	Markdown string
	JSON     string
	XML      string
}

// pathsOf returns the URLs of a page path in the site's formats.
func (r *Renderer) pathsOf(page string) formatPaths {
	var p formatPaths
	for _, f := range r.cfg.Formats {
		*p.at(f) = r.prefix + page + f.Ext()
	}
	return p
}

func (p *formatPaths) at(f Format) *string {
	switch f {
	case Markdown:
		return &p.Markdown
	case JSON:
		return &p.JSON
	case XML:
		return &p.XML
	}
	return &p.HTML
}

// pathOf resolves the page path of a title of the kind.
func (r *Renderer) pathOf(k event.Kind, title string) string {
	return r.cfg.Links.PathOf(k, title)
}

// listPathOf returns the path of the list of all pages of the kind.
func listPathOf(k event.Kind) string { return event.ListPage(k).String() }

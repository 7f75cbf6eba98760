package render

import (
	"fmt"
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

var formatInfo = [...]struct{ name, ext, label, contentType string }{
	HTML:     {"html", ".html", "HTML", "text/html; charset=utf-8"},
	Markdown: {"md", ".md", "Markdown", "text/markdown; charset=utf-8"},
	JSON:     {"json", ".json", "JSON", "application/json"},
	XML:      {"xml", ".xml", "XML", "application/xml; charset=utf-8"},
}

func (f Format) valid() bool { return f >= HTML && f <= XML }

// String returns the format's short name, which is also its extension without
// the dot: html, md, json, xml.
func (f Format) String() string {
	if !f.valid() {
		return "format(" + strconv.Itoa(int(f)) + ")"
	}
	return formatInfo[f].name
}

// Ext returns the file extension with its dot, e.g. ".html".
func (f Format) Ext() string {
	if !f.valid() {
		return ""
	}
	return formatInfo[f].ext
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

// Extension-less paths of the site-wide pages.
const (
	HomePath       = "/index"
	TopicsPath     = "/topics/index"
	StoriesPath    = "/stories/index"
	CategoriesPath = "/categories/index"
	StylePath      = "/style.css"
	NotFoundPath   = "/404.html"
	RobotsPath     = "/robots.txt"
	SitemapPath    = "/sitemap.xml"
	FeedPath       = "/feed.xml"
	AtomPath       = "/atom.xml"
)

// DayPath returns a day index's path, /news/2013/06/6/index.
func DayPath(d event.Date) string {
	if d.Year < 0 || d.Month < 0 || d.Day < 0 {
		return d.Dir() + "/index"
	}
	b := make([]byte, 0, len("/news/2013/06/30/index"))
	b = appendPadded(append(b, "/news/"...), d.Year, 4)
	b = appendPadded(append(b, '/'), int(d.Month), 2)
	b = strconv.AppendInt(append(b, '/'), int64(d.Day), 10)
	return string(append(b, "/index"...))
}

// MonthPath returns a month index's path, /news/2013/06/index.
func MonthPath(year int, month time.Month) string {
	if year < 0 || month < 0 {
		return fmt.Sprintf("/news/%04d/%02d/index", year, int(month))
	}
	b := make([]byte, 0, len("/news/2013/06/index"))
	b = appendPadded(append(b, "/news/"...), year, 4)
	b = appendPadded(append(b, '/'), int(month), 2)
	return string(append(b, "/index"...))
}

// YearPath returns a year index's path, /news/2013/index.
func YearPath(year int) string {
	if year < 0 {
		return fmt.Sprintf("/news/%04d/index", year)
	}
	b := make([]byte, 0, len("/news/2013/index"))
	b = appendPadded(append(b, "/news/"...), year, 4)
	return string(append(b, "/index"...))
}

// TopicPath returns a topic page's path from its slug, /topics/<slug>/index.
func TopicPath(slug string) string { return "/topics/" + slug + "/index" }

// StoryPath returns a story page's path from its slug, /stories/<slug>/index.
func StoryPath(slug string) string { return "/stories/" + slug + "/index" }

// CategoryPath returns a category page's path from its slug, /categories/<slug>/index.
func CategoryPath(slug string) string { return "/categories/" + slug + "/index" }

// FeedPaths returns the RSS and Atom paths that belong to an index page path:
// /feed.xml and /atom.xml for the home page, <dir>/feed.xml and <dir>/atom.xml
// for a topic or category page (a path not ending in "index" gets them appended).
func FeedPaths(pagePath string) (rss, atom string) {
	if pagePath == HomePath {
		return FeedPath, AtomPath
	}
	dir := strings.TrimSuffix(pagePath, "index")
	return dir + "feed.xml", dir + "atom.xml"
}

// formatPaths are the paths of one page in every format.
type formatPaths struct {
	HTML     string
	Markdown string
	JSON     string
	XML      string
}

func pathsOf(page string) formatPaths {
	return formatPaths{page + ".html", page + ".md", page + ".json", page + ".xml"}
}

// pathOf resolves the page path of a title of the kind.
func (r *Renderer) pathOf(k event.Kind, title string) string {
	return pathByKind(r.cfg.Links, k, title)
}

// listPathOf returns the path of the list of all pages of the kind.
func listPathOf(k event.Kind) string { return "/" + k.Plural() + "/index" }

// Package render turns Chronicle's pages — one event, a day, month or year index,
// the home page, topic, story and category pages and their lists — into HTML,
// Markdown, JSON and XML, plus the site's feeds, sitemaps, robots.txt, stylesheet
// and 404 page.
//
// The page models are plain structs filled by the static build (internal/site)
// and the server (internal/server); this package only turns them into bytes.
// Every text goes through the same safety rules whatever the format: characters
// illegal in XML 1.0 are stripped, Markdown and HTML syntax in text is escaped,
// and only http(s) URLs become links (see docs/formats.md).
package render

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// Config holds what every page of one site shares.
type Config struct {
	// BaseURL is the site's absolute address, e.g. https://chronicle.example
	// or https://example.org/archive/; it prefixes canonical links, Open
	// Graph, feeds, sitemaps and JSON-LD. Links inside pages are
	// root-relative, under its path when it has one (/archive/news/…).
	BaseURL string
	// SiteName is shown in titles and headers; "Chronicle" when empty.
	SiteName string
	// Links gives the page paths of topics, stories and categories by title;
	// SlugLinker when nil.
	Links Linker
	// Formats are the formats the site has; every format when empty. Pages
	// link only to these, and feeds link to the first of them (HTML when it
	// is one).
	Formats []Format
	// PageSize is how many events one page of a topic, story or category
	// lists; DefaultPageSize when 0 (see EventsPerPage). The static build
	// and the server both read it, so that their pages agree.
	PageSize int
	// APIPath is where the site's query API answers (/api/, docs/api.md)
	// when a server serves it: the about page and llms.txt then name the
	// API and its OpenAPI document. Empty for a static site, which has none.
	APIPath string
	// Wikidata maps the title of a topic or story to its Wikidata item
	// ("Q884"), as the wiki's API gave it; a title it lacks has none known.
	Wikidata map[string]string
}

// Linker gives the extension-less page path of a topic (linked entity), story or
// category from its title. The static build resolves slug collisions in it.
type Linker interface {
	PathOf(k event.Kind, title string) string
}

// SlugLinker is the Linker that makes every slug with event.TopicSlug and does
// not resolve collisions.
type SlugLinker struct{}

// PathOf returns /topics/<slug>/index, /stories/<slug>/index or /categories/<slug>/index.
func (SlugLinker) PathOf(k event.Kind, title string) string { return TitlePath(k, topicSlug(title)) }

// topicSlug is event.TopicSlug, with a quicker path for the common ASCII title,
// which has no accents to fold: lowercase letters and digits, runs joined by "-".
func topicSlug(title string) string {
	if !printableASCII(title) {
		return event.TopicSlug(title)
	}
	b := make([]byte, 0, len(title))
	dash := false
	for i := 0; i < len(title); i++ {
		c := title[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && len(b) > 0 {
				b = append(b, '-')
			}
			dash = false
			b = append(b, c)
			continue
		}
		dash = true
	}
	if len(b) == 0 {
		return "topic"
	}
	return string(b)
}

// Page is one page model that Render knows: *EventPage, *DayPage, *MonthPage,
// *YearPage, *HomePage, *NewsPage, *TopicPage, *ListPage, *OnThisDayPage or
// *CalendarPage.
type Page interface {
	// PagePath is the page's extension-less path, e.g. /news/2013/06/6/index.
	PagePath() string
}

// Renderer renders pages of one site. It is safe for concurrent use.
type Renderer struct {
	cfg Config
	// prefix is the base URL's path without its trailing slash (/archive),
	// "" for a site at the root of its host; every link inside a page starts
	// with it.
	prefix string
	built  [len(event.PageExts)]bool // built[f]: the site has format f
	// siteHeader is the site's header, the same on every HTML page, made
	// once (writeSiteHeader).
	siteHeader string
}

// New prepares a Renderer after checking the configuration.
func New(cfg Config) (*Renderer, error) {
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if err := CheckBaseURL(cfg.BaseURL); err != nil {
		return nil, fmt.Errorf("render: base URL %w", err)
	}
	u, _ := url.Parse(cfg.BaseURL)
	if cfg.SiteName == "" {
		cfg.SiteName = "Chronicle"
	}
	if cfg.Links == nil {
		cfg.Links = SlugLinker{}
	}
	r := &Renderer{cfg: cfg, prefix: u.EscapedPath()}
	if len(cfg.Formats) == 0 {
		cfg.Formats = Formats
	}
	for _, f := range cfg.Formats {
		if !f.valid() {
			return nil, fmt.Errorf("render: unknown format %d", int(f))
		}
		r.built[f] = true
	}
	r.cfg.Formats = nil
	for _, f := range Formats {
		if r.built[f] {
			r.cfg.Formats = append(r.cfg.Formats, f)
		}
	}
	var header bytes.Buffer
	r.writeSiteHeader(htmlWriter{&header, r.prefix})
	r.siteHeader = header.String()
	return r, nil
}

// Formats returns the formats the site has, in the order of Formats.
func (r *Renderer) Formats() []Format { return slices.Clone(r.cfg.Formats) }

// Has reports whether the site has format f.
func (r *Renderer) Has(f Format) bool { return f.valid() && r.built[f] }

// LinkFormat is the format that feeds and sitemaps link to: HTML when the
// site has it, else the first it has.
func (r *Renderer) LinkFormat() Format { return r.cfg.Formats[0] }

// Local returns the root-relative URL of a site path on the site's host:
// the path under the base URL's path, /archive/news/… for a site at
// https://example.org/archive/, the path itself for a site at the root.
func (r *Renderer) Local(path string) string { return r.prefix + path }

// Abs returns the absolute URL of a site path.
func (r *Renderer) Abs(path string) string { return r.abs(path) }

var bufferPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Render writes page p in format f to w. Nothing is written when rendering fails.
func (r *Renderer) Render(w io.Writer, f Format, p Page) error {
	buf := bufferPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufferPool.Put(buf)
	if err := r.render(buf, f, p); err != nil {
		return fmt.Errorf("render %s%s: %w", pagePathOf(p), f.Ext(), err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func pagePathOf(p Page) string {
	if p == nil {
		return "<nil page>"
	}
	return p.PagePath()
}

// RenderFormats renders page p in each of the formats fs, in order, and
// hands each to emit; the page's model (its links, cleaned texts and
// lists) is made once for all of them, as the static build writes every
// page in every format. emit must not keep the bytes. Nothing is emitted
// when the page cannot be rendered.
func (r *Renderer) RenderFormats(p Page, fs []Format, emit func(f Format, body []byte) error) error {
	for _, f := range fs {
		if !f.valid() {
			return fmt.Errorf("render %s%s: unknown format %d", pagePathOf(p), f.Ext(), int(f))
		}
	}
	w, err := r.prepare(p)
	if err != nil {
		if len(fs) == 0 {
			return err
		}
		return fmt.Errorf("render %s%s: %w", pagePathOf(p), fs[0].Ext(), err)
	}
	buf := bufferPool.Get().(*bytes.Buffer)
	defer bufferPool.Put(buf)
	for _, f := range fs {
		buf.Reset()
		if err := writeFormat(buf, f, w); err != nil {
			return fmt.Errorf("render %s%s: %w", pagePathOf(p), f.Ext(), err)
		}
		if err := emit(f, buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

func (r *Renderer) render(buf *bytes.Buffer, f Format, p Page) error {
	if !f.valid() {
		return fmt.Errorf("unknown format %d", int(f))
	}
	w, err := r.prepare(p)
	if err != nil {
		return err
	}
	return writeFormat(buf, f, w)
}

// prepare makes the model of page p and returns the writers of its formats.
func (r *Renderer) prepare(p Page) (pageWriters, error) {
	switch p := p.(type) {
	case *EventPage:
		return r.eventWriters(r.eventDoc(p)), nil
	case *DayPage:
		return r.indexWriters(r.dayView(p)), nil
	case *MonthPage:
		return r.indexWriters(r.monthView(p)), nil
	case *YearPage:
		return r.indexWriters(r.yearView(p)), nil
	case *HomePage:
		return r.indexWriters(r.homeView(p)), nil
	case *NewsPage:
		return r.indexWriters(r.newsView(p)), nil
	case *CalendarPage:
		return r.indexWriters(r.calendarView(p)), nil
	case *EditsPage:
		return r.indexWriters(r.editsView(p)), nil
	case *TopicPage:
		if !p.Kind.Valid() {
			return pageWriters{}, fmt.Errorf("topic page %q: unknown kind %q", p.Title, p.Kind)
		}
		return r.indexWriters(r.topicView(p)), nil
	case *ListPage:
		if !p.Kind.Valid() {
			return pageWriters{}, fmt.Errorf("list page: unknown kind %q", p.Kind)
		}
		return r.indexWriters(r.listView(p)), nil
	case *OnThisDayPage:
		if calendarDay(p.Month, p.Day).Time().Day() != p.Day {
			return pageWriters{}, fmt.Errorf("on-this-day page: no day %d in %s", p.Day, p.Month)
		}
		return r.indexWriters(r.onThisDayView(p)), nil
	case nil:
		return pageWriters{}, fmt.Errorf("no page given")
	default:
		return pageWriters{}, fmt.Errorf("unknown page type %T", p)
	}
}

// abs returns the absolute URL of a root-relative path.
func (r *Renderer) abs(path string) string { return r.cfg.BaseURL + path }

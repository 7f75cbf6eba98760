package render

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed style.css
var stylesheet []byte

// Stylesheet returns the site's one stylesheet, served at /style.css.
func Stylesheet() []byte { return bytes.Clone(stylesheet) }

// pageTemplates holds one compiled template per page kind, each the layout with
// its own "main" block.
type pageTemplates struct {
	byName map[string]*template.Template
}

var templateFuncs = template.FuncMap{
	"page":     func(path string) string { return path + ".html" },
	"longdate": longDate,
	"isodate":  func(d event.Date) string { return d.String() },
	"pct": func(n, of int) int {
		if of <= 0 {
			return 0
		}
		return max(1, n*100/of)
	},
}

var pageNames = []string{"event", "day", "month", "year", "home", "topic", "list", "notfound"}

func parseTemplates() (*pageTemplates, error) {
	base, err := template.New("layout.html").Funcs(templateFuncs).ParseFS(templateFS, "templates/layout.html", "templates/parts.html")
	if err != nil {
		return nil, fmt.Errorf("render: parse layout: %w", err)
	}
	t := &pageTemplates{byName: map[string]*template.Template{}}
	for _, name := range pageNames {
		c, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("render: parse %s template: %w", name, err)
		}
		t.byName[name] = c
	}
	return t, nil
}

// htmlPage is what the layout shows around a page's main block.
type htmlPage struct {
	Site        string
	Title       string
	Description string
	Canonical   string
	Alternates  []alternate
	OG          *openGraph
	JSONLD      template.JS
	Crumbs      []crumb
	Feeds       *feedsDoc
	Main        any
}

type alternate struct{ Type, Href, Label string }

type openGraph struct {
	Type, Title, URL, Description, Image, Published string
}

type crumb struct{ Label, Href string }

func (r *Renderer) newHTMLPage(title, path string, formats formatPaths, main any) *htmlPage {
	p := &htmlPage{Site: r.cfg.SiteName, Title: title, Main: main}
	if path != "" {
		p.Canonical = r.abs(formats.HTML)
		for _, f := range Formats[1:] {
			p.Alternates = append(p.Alternates, alternate{strings.TrimSuffix(f.ContentType(), "; charset=utf-8"), formats.of(f), formatInfo[f].label})
		}
	}
	return p
}

func (r *Renderer) execute(buf *bytes.Buffer, name string, p *htmlPage) error {
	if p.Title != r.cfg.SiteName {
		p.Title += " – " + r.cfg.SiteName
	}
	return r.pages.byName[name].Execute(buf, p)
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
	p := r.newHTMLPage(d.Headline, d.Path, d.Formats, d)
	p.Description = d.Summary
	if p.Description == "" {
		p.Description = excerpt(d.Text, 200)
	}
	p.OG = &openGraph{"article", d.Headline, p.Canonical, p.Description, d.CoverImage, d.Date.String()}
	p.Crumbs = dateCrumbs(d.Date)
	ld, err := r.newsArticle(d, p.Description)
	if err != nil {
		return err
	}
	p.JSONLD = ld
	return r.execute(buf, "event", p)
}

// newsArticle is schema.org's NewsArticle as JSON-LD.
type newsArticle struct {
	Context          string         `json:"@context"`
	Type             string         `json:"@type"`
	Headline         string         `json:"headline"`
	Description      string         `json:"description,omitempty"`
	DatePublished    string         `json:"datePublished"`
	URL              string         `json:"url"`
	MainEntityOfPage string         `json:"mainEntityOfPage"`
	ArticleSection   string         `json:"articleSection"`
	Image            string         `json:"image,omitempty"`
	About            *thing         `json:"about,omitempty"`
	Mentions         []thing        `json:"mentions,omitempty"`
	Citation         []creativeWork `json:"citation,omitempty"`
	IsPartOf         thing          `json:"isPartOf"`
}

type thing struct {
	Type   string `json:"@type"`
	Name   string `json:"name"`
	URL    string `json:"url,omitempty"`
	SameAs string `json:"sameAs,omitempty"`
}

type creativeWork struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// newsArticle returns the event's JSON-LD. encoding/json escapes <, > and &, so
// the text can never close the script element it is embedded in.
func (r *Renderer) newsArticle(d *eventDoc, description string) (template.JS, error) {
	url := r.abs(d.Formats.HTML)
	a := newsArticle{
		Context: "https://schema.org", Type: "NewsArticle", Headline: d.Headline, Description: description,
		DatePublished: d.Date.String(), URL: url, MainEntityOfPage: url, ArticleSection: d.Category,
		Image:    d.CoverImage,
		IsPartOf: thing{Type: "WebSite", Name: r.cfg.SiteName, URL: r.abs(HomePath + ".html")},
	}
	a.About = &thing{Type: "Thing", Name: d.Topic.Title, URL: r.abs(d.Topic.Path + ".html")}
	if d.Topic.Kind != KindCategory {
		a.About.SameAs = WikipediaURL(d.Topic.Title)
	}
	for _, e := range d.Entities {
		a.Mentions = append(a.Mentions, thing{"Thing", e.Title, r.abs(e.TopicPath + ".html"), e.WikipediaURL})
	}
	for _, s := range d.Sources {
		a.Citation = append(a.Citation, creativeWork{"NewsArticle", s.Name, s.URL})
	}
	b, err := json.Marshal(a)
	if err != nil {
		return "", fmt.Errorf("json-ld: %w", err)
	}
	return template.JS(b), nil
}

// indexHTML renders any index page with the template of its kind.
func (r *Renderer) indexHTML(buf *bytes.Buffer, d *indexDoc) error {
	p := r.newHTMLPage(d.Title, d.Path, d.Formats, d)
	p.Feeds = d.Feeds
	p.Description = indexDescription(d)
	p.OG = &openGraph{Type: "website", Title: d.Title, URL: p.Canonical, Description: p.Description}
	name := d.Kind
	switch d.Kind {
	case "day":
		p.Crumbs = dateCrumbs(*d.Date)
	case "month":
		p.Crumbs = dateCrumbs(d.month)[:3]
	case "year":
		p.Crumbs = []crumb{{"Home", HomePath + ".html"}, {d.Title, d.Formats.HTML}}
	case "topic", "story", "category":
		name = "topic"
		p.Crumbs = []crumb{{"Home", HomePath + ".html"}, {listTitle(Kind(d.Kind)), Kind(d.Kind).listPath() + ".html"}}
	case "topics", "stories", "categories":
		name = "list"
		p.Crumbs = []crumb{{"Home", HomePath + ".html"}}
	}
	return r.execute(buf, name, p)
}

func indexDescription(d *indexDoc) string {
	switch d.Kind {
	case "home":
		return "An archive of world news, day by day, from Wikipedia's Current Events Portal."
	case "topic", "story", "category":
		return d.Title + ": " + itoa(d.Total) + " events in the news archive, newest first."
	}
	return "News events of " + d.Title + ", from Wikipedia's Current Events Portal."
}

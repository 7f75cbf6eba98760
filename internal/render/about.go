package render

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/template"

	"github.com/yuin/goldmark"
)

// AboutPath is the page that says what the site is, how its addresses
// last, how to cite and reuse its events and what it offers programs, in
// HTML and Markdown (those of the two the site has); every HTML page's
// footer links it.
const AboutPath = "/about/index"

// AboutFormats are the formats the about page is written in: it is prose,
// with no fields for JSON or XML.
var AboutFormats = [...]Format{HTML, Markdown}

//go:embed about.md
var aboutSource string

// aboutTemplate is the about page in Markdown, with the site's name,
// prefix, formats and link extension to fill in.
var aboutTemplate = template.Must(template.New("about.md").Funcs(template.FuncMap{
	"page": func(string) string { return "" },
	"file": func(string) string { return "" },
}).Parse(aboutSource))

// aboutData is what the about page's template reads.
type aboutData struct {
	Site, Formats, PortalURL, LicenseURL string
	JSON                                 bool
	API                                  string // the query API's path, "" for a static site
}

// HasAbout reports whether the site has the about page: when it has HTML or
// Markdown.
func (r *Renderer) HasAbout() bool { return r.built[HTML] || r.built[Markdown] }

// About writes the about page in f, HTML or Markdown; its links lead to
// pages in f.
func (r *Renderer) About(w io.Writer, f Format) error {
	if !slices.Contains(AboutFormats[:], f) || !r.built[f] {
		return fmt.Errorf("render: the about page has no %s", formatInfo[f].label)
	}
	md, err := r.aboutMarkdown(f)
	if err != nil {
		return err
	}
	if f == Markdown {
		_, err := w.Write(md)
		return err
	}
	var body bytes.Buffer
	if err := goldmark.Convert(md, &body); err != nil {
		return fmt.Errorf("render: the about page: %w", err)
	}
	// The Markdown's title becomes the page's h1, its path the canonical link.
	paths := r.pathsOf(AboutPath)
	paths.JSON, paths.XML = "", ""
	p := r.newHTMLPage("About", AboutPath, &paths, func(w htmlWriter) {
		w.WriteString("<article class=\"about\">\n")
		w.Write(body.Bytes())
		w.WriteString("</article>")
	})
	p.Description = "What " + r.cfg.SiteName + " is, how its addresses last, how to cite and reuse its events, and what it offers programs."
	p.Crumbs = []crumb{{"Home", HomePath + ".html"}, {"About", AboutPath + ".html"}}
	return r.writePageTo(w, p)
}

// aboutMarkdown fills the template in for a page in f: links to the site's
// pages lead to their f, the site's name is escaped as Markdown text.
func (r *Renderer) aboutMarkdown(f Format) ([]byte, error) {
	data := aboutData{
		Site: mdText(r.cfg.SiteName), Formats: r.formatList(),
		PortalURL: portalURL, LicenseURL: licenseURL, JSON: r.built[JSON], API: r.cfg.APIPath,
	}
	t, err := aboutTemplate.Clone()
	if err != nil {
		return nil, err
	}
	t.Funcs(template.FuncMap{
		"page": func(path string) string { return r.prefix + path + f.Ext() },
		"file": func(path string) string { return r.prefix + path },
	})
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("render: the about page: %w", err)
	}
	return b.Bytes(), nil
}

// formatList names the site's formats with their extensions, as a sentence
// lists them: "HTML (`.html`), Markdown (`.md`) and JSON (`.json`)".
func (r *Renderer) formatList() string {
	var formats []string
	for _, l := range r.cfg.Formats {
		formats = append(formats, formatInfo[l].label+" (`"+l.Ext()+"`)")
	}
	return joinWithAnd(formats)
}

// joinWithAnd joins items as a sentence lists them: "a", "a and b", "a, b
// and c".
func joinWithAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

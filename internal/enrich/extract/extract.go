// Package extract reads what describes a news report from its HTML page:
// title, summary, cover image, site name, author, publication time,
// language and canonical URL, from Open Graph and Twitter card tags,
// schema.org JSON-LD, <meta name="description">, <link rel="canonical">,
// and, when none of these gives a summary, the article's first paragraphs
// as a readability parser finds them. Everything it returns is sanitised:
// plain text, and only http and https URLs.
package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/itlightning/dateparse"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// Metadata is what a page says of itself. Empty fields are unknown.
type Metadata struct {
	Title       string
	Description string // the summary: plain text, at most MaxSummary characters
	Image       string // absolute http(s) URL of the cover image
	ImageWidth  int
	ImageHeight int
	ImageAlt    string
	SiteName    string
	Author      string
	Published   time.Time // zero when unknown
	Language    string    // BCP 47, "en-GB"
	Canonical   string    // absolute http(s) URL
	// DescriptionFrom names where Description came from: "opengraph",
	// "twitter", "jsonld", "meta" or "readability".
	DescriptionFrom string
}

// Extract reads the metadata of an HTML page: body as fetched, with the
// Content-Type header it came with (for its charset), from the final URL
// pageURL (to resolve relative URLs against).
func Extract(body []byte, contentType string, pageURL *url.URL) (Metadata, error) {
	r := transform.NewReader(bytes.NewReader(body), decoder(body, contentType).NewDecoder())
	doc, err := html.Parse(r)
	if err != nil {
		return Metadata{}, fmt.Errorf("parse HTML: %w", err)
	}
	p := scan(doc)
	base := pageURL
	if p.base != "" && pageURL != nil {
		if b, err := pageURL.Parse(p.base); err == nil && (b.Scheme == "http" || b.Scheme == "https") {
			base = b
		}
	}
	m := p.metadata(base)
	if m.Description == "" {
		m.Description = Summary(firstParagraphs(doc, pageURL))
		if m.Description != "" {
			m.DescriptionFrom = "readability"
		}
	}
	return m, nil
}

// decoder chooses the page's character encoding: a byte order mark, the
// Content-Type charset or a <meta> declaration when present; otherwise
// UTF-8 if the whole body is valid UTF-8, else Windows-1252, which is what
// browsers assume of undeclared pages.
func decoder(body []byte, contentType string) encoding.Encoding {
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	if certain || (name != "utf-8" && name != "windows-1252") {
		return enc
	}
	if utf8.Valid(body) {
		return encoding.Nop
	}
	return charmap.Windows1252
}

// page is what one walk over the document collected.
type page struct {
	meta      map[string]string // first content of each meta property or name, lower-cased key
	title     string
	lang      string
	canonical string
	imageSrc  string
	base      string
	jsonld    []string
}

func scan(doc *html.Node) *page {
	p := &page{meta: map[string]string{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			p.element(n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return p
}

func (p *page) element(n *html.Node) {
	switch n.DataAtom {
	case atom.Html:
		p.lang = attr(n, "lang")
	case atom.Title:
		if p.title == "" {
			p.title = textOf(n)
		}
	case atom.Base:
		if p.base == "" {
			p.base = attr(n, "href")
		}
	case atom.Meta:
		key := strings.ToLower(strings.TrimSpace(attr(n, "property")))
		if key == "" {
			key = strings.ToLower(strings.TrimSpace(attr(n, "name")))
		}
		if key == "" {
			key = "http-equiv:" + strings.ToLower(attr(n, "http-equiv"))
		}
		if content := strings.TrimSpace(attr(n, "content")); content != "" {
			if _, seen := p.meta[key]; !seen {
				p.meta[key] = content
			}
		}
	case atom.Link:
		for _, rel := range strings.Fields(strings.ToLower(attr(n, "rel"))) {
			switch {
			case rel == "canonical" && p.canonical == "":
				p.canonical = attr(n, "href")
			case rel == "image_src" && p.imageSrc == "":
				p.imageSrc = attr(n, "href")
			}
		}
	case atom.Script:
		if strings.EqualFold(strings.TrimSpace(strings.Split(attr(n, "type"), ";")[0]), "application/ld+json") {
			p.jsonld = append(p.jsonld, textOf(n))
		}
	}
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == name {
			return a.Val
		}
	}
	return ""
}

// textOf is the text inside n.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// first returns the first non-empty value.
func first(values ...string) string {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// metadata picks each field from the sources in order of trust: Open Graph,
// Twitter cards, JSON-LD, then plain HTML.
func (p *page) metadata(base *url.URL) Metadata {
	ld := readJSONLD(p.jsonld)
	mt := p.meta
	var m Metadata
	m.Title = field(first(mt["og:title"], mt["twitter:title"], ld.headline, p.title))
	m.Description, m.DescriptionFrom = p.description(ld)
	m.Image = firstURL(base, imageURL, mt["og:image:secure_url"], mt["og:image:url"], mt["og:image"],
		mt["twitter:image"], mt["twitter:image:src"], ld.image, p.imageSrc)
	if m.Image != "" && (m.Image == imageURL(base, mt["og:image:secure_url"]) ||
		m.Image == imageURL(base, mt["og:image:url"]) || m.Image == imageURL(base, mt["og:image"])) {
		m.ImageWidth, m.ImageHeight = dimension(mt["og:image:width"]), dimension(mt["og:image:height"])
		m.ImageAlt = field(mt["og:image:alt"])
	} else if m.Image != "" {
		m.ImageAlt = field(mt["twitter:image:alt"])
	}
	m.SiteName = field(first(mt["og:site_name"], ld.publisher, mt["application-name"]))
	m.Author = field(first(ld.author, notURL(mt["author"]), notURL(mt["article:author"]), notURL(mt["dc.creator"])))
	m.Published = parseTime(first(mt["article:published_time"], ld.published, mt["og:published_time"],
		mt["datepublished"], mt["pubdate"], mt["publishdate"], mt["dc.date.issued"], mt["dc.date"], mt["date"]))
	m.Language = language(first(p.lang, mt["og:locale"], ld.language, mt["http-equiv:content-language"], mt["language"]))
	m.Canonical = firstURL(base, httpURL, p.canonical, mt["og:url"], ld.url)
	return m
}

func (p *page) description(ld jsonLD) (string, string) {
	for _, c := range []struct{ from, text string }{
		{"opengraph", p.meta["og:description"]},
		{"twitter", p.meta["twitter:description"]},
		{"jsonld", ld.description},
		{"meta", p.meta["description"]},
	} {
		if s := Summary(c.text); s != "" {
			return s, c.from
		}
	}
	return "", ""
}

// firstURL returns the first candidate that clean accepts.
func firstURL(base *url.URL, clean func(*url.URL, string) string, candidates ...string) string {
	for _, c := range candidates {
		if u := clean(base, c); u != "" {
			return u
		}
	}
	return ""
}

// notURL drops author "names" that are profile links.
func notURL(s string) string {
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return ""
	}
	return s
}

func dimension(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n <= 0 || n > 100000 {
		return 0
	}
	return n
}

// parseTime reads a publication time in any of the forms pages use; a time
// without a zone is taken as UTC.
func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := dateparse.ParseIn(s, time.UTC)
	if err != nil || t.Year() < 1990 || t.Year() > 2200 {
		return time.Time{}
	}
	return t.UTC()
}

// language normalises a language tag: "en_US" and "EN-us" become "en-US".
func language(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(strings.Split(s, ",")[0]), "_", "-")
	parts := strings.Split(s, "-")
	if len(parts) == 0 || len(parts[0]) < 2 || len(parts[0]) > 3 || len(s) > 35 {
		return ""
	}
	for _, part := range parts {
		for _, r := range part {
			if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
				return ""
			}
		}
	}
	parts[0] = strings.ToLower(parts[0])
	for i := 1; i < len(parts); i++ {
		if len(parts[i]) == 2 {
			parts[i] = strings.ToUpper(parts[i])
		}
	}
	return strings.Join(parts, "-")
}

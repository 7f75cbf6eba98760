// Command hugosite lays out Chronicle's events as a Hugo site, to time Hugo
// on the same events as `chronicle build`: it reads the NDJSON of `chronicle
// export` on standard input and writes one content page per event at the
// event's own path, with its entities as tags and its category as a
// category, year, month and day sections, the four outputs Chronicle writes
// (HTML, Markdown, JSON, XML) for every page and list, and Hugo's related
// content on each event page.
//
//	chronicle export --from 2024-01-01 | go run ./bench/hugosite --out DIR
//	hugo --source DIR --destination PUBLIC
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
)

func main() {
	if err := run(os.Args[1:], os.Stdin); err != nil {
		fmt.Fprintln(os.Stderr, "hugosite:", err)
		os.Exit(1)
	}
}

func run(args []string, in io.Reader) error {
	fs := flag.NewFlagSet("hugosite", flag.ContinueOnError)
	out := fs.String("out", "", "the `DIR` of the Hugo site to write (created)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("usage: chronicle export | hugosite --out DIR")
	}
	if err := writeSkeleton(*out); err != nil {
		return err
	}
	sections := map[string]string{}
	n := 0
	dec := json.NewDecoder(bufio.NewReaderSize(in, 1<<20))
	for {
		var e event.Event
		err := dec.Decode(&e)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("event %d of the export: %w", n+1, err)
		}
		if err := writeEvent(*out, e, sections); err != nil {
			return err
		}
		n++
	}
	for dir, title := range sections {
		if err := writeFile(filepath.Join(*out, "content", dir, "_index.md"), frontMatter(map[string]any{"title": title}, "")); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "hugosite: %d events, %d sections in %s\n", n, len(sections), *out)
	return nil
}

// writeEvent writes the content page of an event and notes its year, month
// and day sections.
func writeEvent(root string, e event.Event, sections map[string]string) error {
	rel := strings.TrimPrefix(e.Path, "/")
	dir := filepath.Dir(rel)
	for d := dir; d != "news" && d != "."; d = filepath.Dir(d) {
		sections[d] = strings.TrimPrefix(d, "news/")
	}
	sections["news"] = "News"
	tags := make([]string, 0, len(e.Entities))
	for _, ent := range e.Entities {
		tags = append(tags, ent.Title)
	}
	fm := map[string]any{
		"title":      e.Headline,
		"date":       e.Date.String() + "T12:00:00Z",
		"slug":       filepath.Base(rel),
		"tags":       tags,
		"categories": []string{e.Category},
		"weight":     e.Position + 1,
	}
	var body strings.Builder
	body.WriteString(e.Text)
	body.WriteString("\n")
	for _, s := range e.Sources {
		fmt.Fprintf(&body, "\n- [%s](%s)", strings.ReplaceAll(s.Name, "]", ""), s.URL)
	}
	return writeFile(filepath.Join(root, "content", rel+".md"), frontMatter(fm, body.String()))
}

// frontMatter is a content file with JSON front matter, which needs no
// escaping beyond JSON's.
func frontMatter(fm map[string]any, body string) string {
	b, _ := json.MarshalIndent(fm, "", "  ") // maps of strings and numbers always marshal
	return string(b) + "\n\n" + body
}

func writeFile(name, text string) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, []byte(text), 0o644)
}

// writeSkeleton writes the configuration and the layouts.
func writeSkeleton(root string) error {
	for name, text := range skeleton {
		if err := writeFile(filepath.Join(root, name), text); err != nil {
			return err
		}
	}
	return nil
}

// skeleton is the site's configuration and layouts: every kind of page in
// the four formats; event pages list their related content by tags.
var skeleton = map[string]string{
	"config.toml": `baseURL = "https://chronicle.example/"
title = "Chronicle on Hugo"
uglyURLs = true
disableKinds = ["RSS"]
enableGitInfo = false

[taxonomies]
  tag = "tags"
  category = "categories"

[mediaTypes."text/markdown"]
  suffixes = ["md"]

[outputFormats.MD]
  mediaType = "text/markdown"
  isPlainText = true
  baseName = "index"
[outputFormats.XMLPage]
  mediaType = "application/xml"
  isPlainText = true
  baseName = "index"

[outputs]
  home = ["HTML", "MD", "JSON", "XMLPage"]
  page = ["HTML", "MD", "JSON", "XMLPage"]
  section = ["HTML", "MD", "JSON", "XMLPage"]
  taxonomy = ["HTML", "MD", "JSON", "XMLPage"]
  term = ["HTML", "MD", "JSON", "XMLPage"]

[related]
  includeNewer = true
  threshold = 80
  toLower = false
  [[related.indices]]
    name = "tags"
    weight = 100
  [[related.indices]]
    name = "date"
    weight = 10
`,
	"layouts/_default/baseof.html": `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header><a href="/">Chronicle</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>
`,
	"layouts/_default/single.html": `{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ with .Params.categories }}· {{ range . }}<a href="{{ "categories" | relURL }}/{{ . | urlize }}.html">{{ . }}</a>{{ end }}{{ end }}</p>
{{ .Content }}
{{ with .Params.tags }}<ul class="tags">{{ range . }}<li><a href="/tags/{{ . | urlize }}.html">{{ . }}</a></li>{{ end }}</ul>{{ end }}
{{ $related := .Site.RegularPages.Related . | first 10 }}
{{ with $related }}<h2>Related</h2><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}
</article>{{ end }}
`,
	"layouts/_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range first 50 .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
`,
	"layouts/_default/single.md": `# {{ .Title }}

{{ .Date.Format "2 January 2006" }}{{ range .Params.categories }} · {{ . }}{{ end }}

{{ .RawContent }}
{{ range .Params.tags }}
- [{{ . }}](/tags/{{ . | urlize }}.md){{ end }}
{{ $related := .Site.RegularPages.Related . | first 10 }}{{ with $related }}
## Related
{{ range . }}
- [{{ .Title }}]({{ .RelPermalink }}) {{ .Date.Format "2006-01-02" }}{{ end }}{{ end }}
`,
	"layouts/_default/list.md": `# {{ .Title }}
{{ range first 50 .Pages }}
- [{{ .Title }}]({{ .RelPermalink }}){{ end }}
`,
	"layouts/_default/single.json": `{{ $related := slice }}{{ range .Site.RegularPages.Related . | first 10 }}{{ $related = $related | append (dict "title" .Title "path" .RelPermalink) }}{{ end }}{{ dict "title" .Title "date" (.Date.Format "2006-01-02") "tags" .Params.tags "categories" .Params.categories "text" .RawContent "related" $related | jsonify }}
`,
	"layouts/_default/list.json": `{{ $pages := slice }}{{ range first 50 .Pages }}{{ $pages = $pages | append (dict "title" .Title "path" .RelPermalink) }}{{ end }}{{ dict "title" .Title "pages" $pages | jsonify }}
`,
	"layouts/_default/single.xml": `<?xml version="1.0" encoding="UTF-8"?>
<event><headline>{{ .Title | htmlEscape }}</headline><date>{{ .Date.Format "2006-01-02" }}</date>{{ range .Params.tags }}
<tag>{{ . | htmlEscape }}</tag>{{ end }}
<text>{{ .RawContent | htmlEscape }}</text>{{ range .Site.RegularPages.Related . | first 10 }}
<related path="{{ .RelPermalink }}">{{ .Title | htmlEscape }}</related>{{ end }}
</event>
`,
	"layouts/_default/list.xml": `<?xml version="1.0" encoding="UTF-8"?>
<list><title>{{ .Title | htmlEscape }}</title>{{ range first 50 .Pages }}
<page path="{{ .RelPermalink }}">{{ .Title | htmlEscape }}</page>{{ end }}
</list>
`,
}

package site

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"

	"github.com/chronicle-archive/chronicle/internal/escape"
	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// A page that no longer exists (an event an edit removed, a day left with no
// event) is not deleted from a built site but replaced by a small page that
// says where to go, so that no published link ever dies.

// redirectBody is the body of a moved page's file in format f, pointing at
// the page path target.
func redirectBody(baseURL string, f render.Format, target string) []byte {
	return redirectTo(f, target+f.Ext(), baseURL+target+f.Ext())
}

// redirectTo is the body of a moved file in format f, pointing at the URL
// to (root-relative, with its extension) whose absolute URL is canonical.
func redirectTo(f render.Format, to, canonical string) []byte {
	var b bytes.Buffer
	switch f {
	case render.HTML:
		var h bytes.Buffer
		escape.HTML(&h, to)
		b.WriteString(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Moved</title>
<meta http-equiv="refresh" content="0; url=` + h.String() + `">
<link rel="canonical" href="`)
		escape.HTML(&b, canonical)
		b.WriteString(`">
<meta name="robots" content="noindex"></head>
<body><p>This page is no longer in the archive at this address: see <a href="` + h.String() + `">` + h.String() + `</a>.</p></body></html>
`)
	case render.Markdown:
		fmt.Fprintf(&b, "\nThis page is no longer in the archive at this address: see [%s](%s).\n", to, to)
	case render.JSON:
		b.WriteString("{\n  \"redirect\": ")
		b.Write(escape.AppendJSON(nil, to, true))
		b.WriteString("\n}\n")
	default:
		b.WriteString(xml.Header + "<redirect><location>")
		escape.XML(&b, to)
		b.WriteString("</location></redirect>\n")
	}
	return b.Bytes()
}

// redirectTarget is where a vanished page path sends its readers: an event
// or day to its day's index, a month to its year, a year to the home page,
// a topic, story or category to the list of its kind.
func redirectTarget(pagePath string) string {
	p, err := event.ParseSitePath(pagePath)
	if err != nil {
		return render.HomePath
	}
	switch p.Type {
	case event.PathEvent:
		return event.DayIndex(p.Date).String()
	case event.PathDay:
		return event.MonthIndex(p.Date.Year, p.Date.Month).String()
	case event.PathMonth:
		return event.YearIndex(p.Date.Year).String()
	case event.PathTitle:
		if p.Date.Year != 0 || p.PageNum != 0 { // a title's other page: its first
			return event.TitlePage(p.Kind, p.Slug).String()
		}
		return event.ListPage(p.Kind).String()
	case event.PathList:
		return event.ListPage(p.Kind).String()
	case event.PathEdits:
		return render.EditsPath
	}
	return render.HomePath
}

// aliasPage is the page path of an alias's address, and target that of
// the canonical title's page it leads to.
func aliasPage(a store.Alias) (page, target string) {
	return render.TitlePath(a.Kind, a.Slug), render.TitlePath(a.Kind, a.TargetSlug)
}

// aliasTasks write, in every format, the redirects of the aliases'
// addresses to their canonical pages (see store.Aliases). Both full and
// incremental builds write them all: they are few, and a file that would
// not change is not written again.
func aliasTasks(aliases []store.Alias) []task {
	tasks := make([]task, len(aliases))
	for i, a := range aliases {
		page, target := aliasPage(a)
		tasks[i] = func(_ context.Context, w *pageWriter) error { return w.redirect(page, target, false) }
	}
	return tasks
}

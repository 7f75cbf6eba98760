package render

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

type notFoundView struct {
	Path   string
	Likely []crumb
	// Kind is the kind of the likely pages when they are titles', "" when
	// they are events.
	Kind        event.Kind
	Suggestions []crumb
	// Static is the static site's /404.html, whose script (MendScriptPath)
	// finds the likely events in the browser.
	Static bool
}

// LikelyEvent is an event a link cut short may have meant: its page's path,
// without extension, and its headline.
type LikelyEvent struct {
	Path, Headline string
}

// Likely is what a missing address may have meant, as the server finds it.
type Likely struct {
	// Events are the events of the day whose addresses start as a link
	// cut short does.
	Events []LikelyEvent
	// Titles are the topics, stories or categories (of Kind) whose slugs
	// hold the words of the missing title page's slug.
	Kind   event.Kind
	Titles []LikelyTitle
}

// LikelyTitle is a topic, story or category the address of a missing
// title page may have meant: its title and its slug.
type LikelyTitle struct {
	Title, Slug string
}

// NotFound writes the helpful 404 page for a requested path: the likely
// pages first (the events of the day whose address starts as the requested
// one does, when a link was cut short; else the topics, stories or
// categories whose slugs hold the words of a missing one's), then links to the day, month and year
// the path names when it looks like a /news/ date path, and to the home page
// and the topic, story and category lists. An empty path gives the static
// /404.html, whose script does in the browser what the server does before
// a 404: it opens the page a mangled link meant, or offers the events an
// address cut short may have meant.
func (r *Renderer) NotFound(w io.Writer, requested string, likely Likely) error {
	v := &notFoundView{Path: excerpt(oneLine(requested), 300), Suggestions: dateSuggestions(requested), Static: requested == ""}
	for _, e := range likely.Events {
		v.Likely = append(v.Likely, crumb{e.Headline, e.Path + ".html"})
	}
	if len(v.Likely) == 0 && likely.Kind.Valid() {
		for _, t := range likely.Titles {
			v.Likely = append(v.Likely, crumb{t.Title, TitlePath(likely.Kind, t.Slug) + ".html"})
		}
		v.Kind = likely.Kind
	}
	v.Suggestions = append(v.Suggestions,
		crumb{"Home: the latest days", HomePath + ".html"},
		crumb{"All topics", TopicsPath + ".html"},
		crumb{"All stories", StoriesPath + ".html"},
		crumb{"All categories", CategoriesPath + ".html"})
	p := &htmlPage{Title: "Page not found", Main: v.writeHTML}
	if v.Static {
		p.Script = MendScriptPath
	}
	return r.writePageTo(w, p)
}

func (v *notFoundView) writeHTML(w htmlWriter) {
	w.WriteString("<h1>Page not found</h1>\n")
	if v.Path != "" {
		w.WriteString("<p>There is no page at <code>")
		w.text(v.Path)
		w.WriteString("</code>. It may have moved, or the address may be mistyped.</p>")
	} else {
		w.WriteString("<p>There is no page at this address. It may have moved, or it may be mistyped.</p>")
	}
	if v.Static {
		w.WriteString("\n<div id=\"likely\" data-prefix=\"")
		w.text(w.prefix)
		w.WriteString("\" hidden></div>")
	}
	switch {
	case len(v.Likely) > 0 && v.Kind != "":
		w.WriteString("\n<p>No ")
		w.WriteString(string(v.Kind))
		w.WriteString(" has this address. These ")
		w.WriteString(v.Kind.Plural())
		w.WriteString(" hold its words:</p>")
		writeSuggestions(w, v.Likely)
		w.WriteString("\n<p>Or one of these:</p>")
	case len(v.Likely) > 0:
		w.WriteString("\n<p>The address may have been cut short. These events of the day start the same way:</p>")
		writeSuggestions(w, v.Likely)
		w.WriteString("\n<p>Or one of these:</p>")
	default:
		w.WriteString("\n<p>Perhaps one of these:</p>")
	}
	writeSuggestions(w, v.Suggestions)
	w.WriteString("\n")
}

// writeSuggestions writes links as the 404 page's list.
func writeSuggestions(w htmlWriter, links []crumb) {
	w.WriteString("\n<ul class=\"suggest\">")
	for _, s := range links {
		w.WriteString("\n<li><a href=\"")
		w.local(s.Href)
		w.WriteString(`">`)
		w.text(s.Label)
		w.WriteString("</a></li>")
	}
	w.WriteString("\n</ul>")
}

// dateSuggestions reads /news/YYYY[/MM[/D]]/… and returns links to the day,
// month and year it names, most precise first; none when it is not a real date.
func dateSuggestions(path string) []crumb {
	rest, ok := strings.CutPrefix(path, "/news/")
	if !ok {
		return nil
	}
	parts := strings.SplitN(rest, "/", 4)
	year, ok := number(parts[0], 1, 9999)
	if !ok {
		return nil
	}
	out := []crumb{{"The year " + itoa(year), YearPath(year) + ".html"}}
	if len(parts) < 2 {
		return out
	}
	month, ok := number(parts[1], 1, 12)
	if !ok {
		return out
	}
	out = append([]crumb{{monthTitle(year, time.Month(month)), MonthPath(year, time.Month(month)) + ".html"}}, out...)
	if len(parts) < 3 {
		return out
	}
	day, ok := number(strings.TrimSuffix(parts[2], ".html"), 1, 31)
	d := event.Date{Year: year, Month: time.Month(month), Day: day}
	if !ok || d.Time().Day() != day {
		return out
	}
	return append([]crumb{{"The events of " + longDate(d), DayPath(d) + ".html"}}, out...)
}

func number(s string, lo, hi int) (int, bool) {
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= lo && n <= hi
}

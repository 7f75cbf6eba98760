package render

import (
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/search"
)

// Site paths of search (docs/search.md).
const (
	// SearchPath is where every page's search box sends its query (?q=):
	// the server's search page, or the static site's /search/index.html.
	SearchPath = "/search/"
	// StaticSearchPath is the static site's search page, which runs the
	// query in the browser with SearchScriptPath over the index under
	// /search/index/.
	StaticSearchPath = "/search/index.html"
	// SearchScriptPath is the static site's search script.
	SearchScriptPath = "/search.js"
	// SearchFeedPath and SearchAtomPath are the server's feeds of a
	// search (RSS and Atom), its newest results first, under the search
	// page's query and filters.
	SearchFeedPath = "/search/feed.xml"
	SearchAtomPath = "/search/atom.xml"
)

// writeSearchBox writes the header's search form: a plain GET form, which
// needs no script. Its label tells it from the search page's own form, the
// other search landmark there.
func writeSearchBox(w htmlWriter) {
	w.WriteString("\n<form class=\"search\" role=\"search\" aria-label=\"Site\" method=\"get\" action=\"")
	w.local(SearchPath)
	w.WriteString("\"><input type=\"search\" name=\"q\" aria-label=\"Search the archive\" placeholder=\"Search events\" required>" +
		"<button type=\"submit\">Search</button></form>")
}

// SearchView is the server's search page: the query and filters as the
// reader gave them, and the results or the reason there are none.
type SearchView struct {
	// Query is the query as typed; "" shows the form alone.
	Query string
	// From, To (YYYY-MM-DD), Category, Topic and Story are the filters as
	// typed.
	From, To, Category, Topic, Story string
	// Order is the results' order as the page's order parameter names it
	// (search.OrderNames); "" is by relevance.
	Order string
	// Results are the page's results; nil when no search was run.
	Results *search.Results
	// Error says why the query could not be run (a *search.Error's
	// message); the page is then answered with 400.
	Error string
	// Filter is the filter ("topic", "story" or "category") that named
	// nothing, when that is the error; Similar are the titles the reader
	// may have meant, each offered as the same search with it instead.
	Filter  string
	Similar []string
}

// values are the view's query, filters and order as URL parameters.
func (v *SearchView) values() url.Values {
	q := v.filters()
	if v.Order != "" && v.Order != search.OrderNames[search.Relevance] {
		q.Set("order", v.Order)
	}
	return q
}

// filters are the view's query and filters as URL parameters.
func (v *SearchView) filters() url.Values {
	q := url.Values{}
	q.Set("q", v.Query)
	for _, f := range []struct{ name, value string }{
		{"from", v.From}, {"to", v.To}, {"category", v.Category}, {"topic", v.Topic}, {"story", v.Story},
	} {
		if f.value != "" {
			q.Set(f.name, f.value)
		}
	}
	return q
}

// FeedQuery is the query string of the search's feeds: its query and
// filters, without order or page (a feed is always the newest first).
func (v *SearchView) FeedQuery() string { return v.filters().Encode() }

// SearchFeed is the feed of the view's search: its results, newest
// first, for a reader to follow what the search will find.
func SearchFeed(v *SearchView, events []IndexEvent) *Feed {
	return &Feed{Title: "Search: " + excerpt(oneLine(v.Query), 80), PagePath: SearchPath, Query: v.FeedQuery(), Events: events}
}

// SearchPage writes the server's search page in HTML: the form with its
// filters, the count, the results with their matched words marked, and
// links to the previous and next pages.
func (r *Renderer) SearchPage(w io.Writer, v *SearchView) error {
	title := "Search"
	if v.Query != "" {
		title = "Search: " + excerpt(oneLine(v.Query), 80)
	}
	p := &htmlPage{Title: title, Main: func(w htmlWriter) { v.writeHTML(w) },
		Crumbs: []crumb{{"Home", HomePath + ".html"}}}
	if v.followable() {
		q := "?" + v.FeedQuery()
		p.Feeds = &feedsDoc{r.prefix + SearchFeedPath + q, r.prefix + SearchAtomPath + q}
	}
	return r.writePageTo(w, p)
}

func (v *SearchView) writeHTML(w htmlWriter) {
	w.WriteString("<h1>Search</h1>\n")
	v.writeForm(w)
	switch {
	case v.Error != "":
		w.WriteString("\n<p class=\"search-error\" role=\"alert\">This query cannot be run: ")
		w.text(v.Error)
		w.WriteString(".")
		v.writeSimilar(w)
		w.WriteString("</p>\n")
		writeSearchHelp(w)
	case v.Results == nil:
		writeSearchHelp(w)
	case len(v.Results.Results) == 0 && v.Results.Offset == 0:
		w.WriteString("\n<p class=\"search-none\" role=\"status\">No events match <strong>")
		w.text(v.Query)
		w.WriteString("</strong>")
		if v.From != "" || v.To != "" || v.Category != "" || v.Topic != "" || v.Story != "" {
			w.WriteString(" with these filters")
		}
		w.WriteString(". Try fewer or other words, or a word's start followed by *.</p>\n")
		writeSearchHelp(w)
	default:
		v.writeResults(w)
	}
}

// followable reports whether the page has feeds: a search that ran.
func (v *SearchView) followable() bool { return v.Query != "" && v.Error == "" && v.Results != nil }

func (v *SearchView) writeForm(w htmlWriter) {
	w.WriteString("<form class=\"search-page\" role=\"search\" aria-label=\"Search and filters\" method=\"get\" action=\"")
	w.local(SearchPath)
	w.WriteString("\">\n<p><label for=\"search-q\">Words</label> <input type=\"search\" id=\"search-q\" name=\"q\" value=\"")
	w.text(v.Query)
	w.WriteString("\"> <button type=\"submit\">Search</button></p>\n<fieldset><legend>Filters</legend>\n")
	field := func(id, label, kind, value string) {
		w.WriteString("<label>")
		w.WriteString(label)
		w.WriteString(" <input type=\"")
		w.WriteString(kind)
		w.WriteString("\" name=\"")
		w.WriteString(id)
		w.WriteString("\" value=\"")
		w.text(value)
		w.WriteString("\"></label>\n")
	}
	field("from", "From", "date", v.From)
	field("to", "To", "date", v.To)
	field("category", "Category", "text", v.Category)
	field("topic", "Topic", "text", v.Topic)
	field("story", "Story", "text", v.Story)
	w.WriteString("<label>Order <select name=\"order\">")
	for _, o := range [...]struct{ value, label string }{
		{"relevance", "Best match"}, {"newest", "Newest first"}, {"oldest", "Oldest first"},
	} {
		w.WriteString("<option value=\"")
		w.WriteString(o.value)
		w.WriteString("\"")
		if o.value == v.Order || o.value == "relevance" && v.Order == "" {
			w.WriteString(" selected")
		}
		w.WriteString(">")
		w.WriteString(o.label)
		w.WriteString("</option>")
	}
	w.WriteString("</select></label>\n</fieldset>\n</form>")
}

func writeSearchHelp(w htmlWriter) {
	w.WriteString("\n<p class=\"meta\">Every word is required; \"quoted words\" form a phrase; word* matches words that start with it; " +
		"OR between two words accepts either; -word leaves out events with it. Case and accents do not matter.</p>\n")
}

func (v *SearchView) writeResults(w htmlWriter) {
	res := v.Results
	first, last := res.Offset+1, res.Offset+len(res.Results)
	w.WriteString("\n<p class=\"search-count\" role=\"status\">")
	if len(res.Results) == 0 {
		w.WriteString("No more results")
	} else {
		w.WriteString("Results ")
		w.WriteString(thousandsText(first))
		w.WriteString("–")
		w.WriteString(thousandsText(last))
		w.WriteString(" of ")
		w.WriteString(thousandsText(res.Total))
		if res.Total == 1 {
			w.WriteString(" event")
		} else {
			w.WriteString(" events")
		}
		switch v.Order {
		case "newest":
			w.WriteString(", newest first")
		case "oldest":
			w.WriteString(", oldest first")
		}
	}
	q := "?" + v.FeedQuery()
	w.WriteString(" · Follow this search: <a href=\"")
	w.url(w.prefix + SearchFeedPath + q)
	w.WriteString("\">RSS</a> · <a href=\"")
	w.url(w.prefix + SearchAtomPath + q)
	w.WriteString("\">Atom</a></p>\n<ol class=\"results\" start=\"")
	w.int(first)
	w.WriteString("\">")
	for _, r := range res.Results {
		w.WriteString("\n<li><a href=\"")
		w.page(r.Path)
		w.WriteString("\">")
		writeMarked(w, r.Highlight)
		w.WriteString("</a> <span class=\"meta\">")
		w.time(r.Date)
		if r.Category != "" {
			w.WriteString(" · ")
			w.text(r.Category)
		}
		w.WriteString("</span>")
		if plain := plainText(r.Snippet); r.Snippet != "" && plain != r.Headline && !containsTrimmed(r.Headline, plain) {
			w.WriteString("\n<p class=\"snippet\">")
			writeMarked(w, r.Snippet)
			w.WriteString("</p>")
		}
		w.WriteString("</li>")
	}
	w.WriteString("\n</ol>\n")
	if res.Prev == "" && res.Next == "" {
		return
	}
	w.WriteString("<nav class=\"prevnext\" aria-label=\"Result pages\">")
	if res.Prev != "" {
		w.WriteString("<a rel=\"prev\" href=\"")
		w.url(v.pageURL(w, res.Prev))
		w.WriteString("\">← Previous results</a>")
	}
	if res.Next != "" {
		w.WriteString("<a rel=\"next\" href=\"")
		w.url(v.pageURL(w, res.Next))
		w.WriteString("\">Next results →</a>")
	}
	w.WriteString("</nav>\n")
}

// writeSimilar offers the titles the unknown filter may have meant, each
// a link to the same search with that title as the filter.
func (v *SearchView) writeSimilar(w htmlWriter) {
	if v.Filter == "" || len(v.Similar) == 0 {
		return
	}
	w.WriteString(" Did you mean ")
	for i, title := range v.Similar {
		switch {
		case i > 0 && i == len(v.Similar)-1:
			w.WriteString(" or ")
		case i > 0:
			w.WriteString(", ")
		}
		q := v.values()
		q.Set(v.Filter, title)
		w.WriteString("<a href=\"")
		w.url(w.prefix + SearchPath + "?" + q.Encode())
		w.WriteString("\">")
		w.text(title)
		w.WriteString("</a>")
	}
	w.WriteString("?")
}

// pageURL is the address of the page the cursor opens, with the same query
// and filters.
func (v *SearchView) pageURL(w htmlWriter, cursor string) string {
	q := v.values()
	q.Set("cursor", cursor)
	return w.prefix + SearchPath + "?" + q.Encode()
}

// writeMarked writes a highlighted text, each matched word in <mark>.
func writeMarked(w htmlWriter, marked string) {
	for _, f := range search.Fragments(marked) {
		if f.Match {
			w.WriteString("<mark>")
			w.text(f.Text)
			w.WriteString("</mark>")
		} else {
			w.text(f.Text)
		}
	}
}

// plainText is a highlighted text without its markers.
func plainText(marked string) string {
	var b []byte
	for _, f := range search.Fragments(marked) {
		b = append(b, f.Text...)
	}
	return string(b)
}

// containsTrimmed tells whether a snippet (its elisions trimmed) is a part
// of the headline, which is shown already.
func containsTrimmed(headline, snippet string) bool {
	s := strings.Trim(snippet, "…")
	return s != "" && strings.Contains(headline, s)
}

// thousandsText writes n with thin separators: 11,554.
func thousandsText(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// StaticSearchPage writes the static site's search page: the form, a
// status line that says, until the script replaces it, that searching
// needs JavaScript and where to browse instead, and the list the script
// fills.
func (r *Renderer) StaticSearchPage(w io.Writer) error {
	p := &htmlPage{Title: "Search", Script: SearchScriptPath, Crumbs: []crumb{{"Home", HomePath + ".html"}},
		Main: func(w htmlWriter) {
			w.WriteString("<h1>Search</h1>\n<form class=\"search-page\" role=\"search\" aria-label=\"Search this copy\" method=\"get\" action=\"")
			w.local(SearchPath)
			w.WriteString("\">\n<p><label for=\"search-q\">Words</label> <input type=\"search\" id=\"search-q\" name=\"q\"> " +
				"<button type=\"submit\">Search</button></p>\n</form>\n<p id=\"search-filters\" class=\"search-note\" hidden></p>\n<p id=\"search-status\" class=\"search-none\" role=\"status\" data-index=\"")
			w.local("/search/index/")
			w.WriteString("\" data-prefix=\"")
			w.text(w.prefix)
			w.WriteString("\">Search on this copy of the archive runs in your browser and needs JavaScript. Without it, browse the <a href=\"")
			w.page(TopicsPath)
			w.WriteString("\">topics</a>, <a href=\"")
			w.page(StoriesPath)
			w.WriteString("\">stories</a> and <a href=\"")
			w.page(CategoriesPath)
			w.WriteString("\">categories</a>, or the days from the <a href=\"")
			w.page(HomePath)
			w.WriteString("\">home page</a>.</p>\n<ol id=\"search-results\" class=\"results\"></ol>\n" +
				"<p><button type=\"button\" id=\"search-more\" hidden>More results</button></p>\n")
			writeSearchHelp(w)
		}}
	return r.writePageTo(w, p)
}

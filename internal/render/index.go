package render

import (
	"bytes"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// indexDoc is any index page as JSON and XML. The fields after formats are
// present only for the kinds that have them (docs/formats.md).
type indexDoc struct {
	ID           string
	Kind         string
	Path         string
	Title        string
	Formats      formatPaths
	Date         *event.Date
	WikipediaURL string
	WikidataID   string
	Feeds        *feedsDoc
	Prev         *linkDoc
	Next         *linkDoc
	Year         int
	Page         int
	PageCount    int
	OnThisDay    string
	Portal       *portalDoc // a day's
	Total        int
	Order        string
	Categories   []categoryDoc
	Days         []dayDoc
	Months       []countDoc
	Years        []countDoc
	Events       []eventRefDoc
	PerYear      []countDoc
	TopTopics    []countDoc
	TopStories   []countDoc
	CoTopics     []countDoc
	LetterPages  []countDoc
	Items        []countDoc
	Parents      []linkDoc
	SubStories   []countDoc
	PerDay       []countDoc
	Edits        []editDoc
	months       []MonthTotal  // PerMonth, for the chart
	days         []DayCount    // PerDay, for the calendar
	letters      []letterGroup // Items by first letter, for HTML
	groups       []countGroup  // a news or calendar index's years or months, for HTML and Markdown
	editGroups   []editGroup   // the edits page's edits by day, for HTML and Markdown
	pages        []string      // the paths of every page of a paginated list
	section      *linkDoc      // a title's first page, from its other pages
	maxPerYear   int
	month        event.Date // the first day of a month page's (or a month's edits page's) month
	title        *titleView // a title page's title-wide parts
}

// feedsDoc are the root-relative URLs of a page's feeds.
type feedsDoc struct {
	RSS  string
	Atom string
}

// categoryDoc is one category of a day, with its events grouped by story.
type categoryDoc struct {
	Title    string
	Path     string
	Sections []sectionDoc
}

// sectionDoc is the events of one story (or of none) within a category.
type sectionDoc struct {
	Story  *linkDoc
	Events []eventRefDoc
}

type eventRefDoc struct {
	Path     string
	Date     event.Date
	Headline string
}

type dayDoc struct {
	Date   event.Date
	Path   string
	Events []eventRefDoc
	More   int // events of the day a month page leaves to the day's page
}

// countDoc is a titled page with a number of events: a month, year or topic.
type countDoc struct {
	Title string
	Path  string
	Count int
}

type letterGroup struct {
	Letter string
	Items  []countDoc
}

func (r *Renderer) newIndexDoc(kind, path, title string) *indexDoc {
	return &indexDoc{ID: path, Kind: kind, Path: path, Title: oneLine(title), Formats: r.pathsOf(path)}
}

func (r *Renderer) dayView(p *DayPage) *indexDoc {
	d := r.newIndexDoc("day", p.PagePath(), longDate(p.Date))
	d.Date = &p.Date
	d.Prev, d.Next = dayLink(p.Prev), dayLink(p.Next)
	d.OnThisDay = OnThisDayPath(p.Date)
	if portal := portalDocOf(p.Portal); portal.Title != "" {
		d.Portal = &portal
	}
	d.Categories = r.groupDay(p.Events)
	return d
}

func dayLink(d event.Date) *linkDoc {
	if d.IsZero() {
		return nil
	}
	return &linkDoc{Title: longDate(d), Path: DayPath(d)}
}

// groupDay groups events by category, then by innermost story, each group in
// order of its first event.
func (r *Renderer) groupDay(events []IndexEvent) []categoryDoc {
	var cats []categoryDoc
	catAt := map[string]int{}
	storyAt := map[[2]string]int{}
	for _, e := range events {
		cat := oneLine(e.Category)
		if cat == "" {
			cat = event.Uncategorized
		}
		ci, ok := catAt[cat]
		if !ok {
			ci = len(cats)
			catAt[cat] = ci
			cats = append(cats, categoryDoc{Title: cat, Path: r.pathOf(event.KindCategory, cat)})
		}
		story := innermost(e.Stories)
		si, ok := storyAt[[2]string{cat, story}]
		if !ok {
			si = len(cats[ci].Sections)
			storyAt[[2]string{cat, story}] = si
			cats[ci].Sections = append(cats[ci].Sections, sectionDoc{Story: r.storyLink(story)})
		}
		cats[ci].Sections[si].Events = append(cats[ci].Sections[si].Events, eventRef(e))
	}
	return cats
}

func innermost(stories []string) string {
	if len(stories) == 0 {
		return ""
	}
	return oneLine(stories[len(stories)-1])
}

func (r *Renderer) storyLink(title string) *linkDoc {
	if title == "" {
		return nil
	}
	return &linkDoc{Title: title, Path: r.pathOf(event.KindStory, title)}
}

func eventRef(e IndexEvent) eventRefDoc {
	return eventRefDoc{e.Path, e.Date, oneLine(e.Headline)}
}

func eventRefs(es []IndexEvent) []eventRefDoc {
	out := make([]eventRefDoc, len(es))
	for i, e := range es {
		out[i] = eventRef(e)
	}
	return out
}

func dayDocs(days []DayEvents) []dayDoc {
	out := make([]dayDoc, len(days))
	for i, d := range days {
		out[i] = dayDoc{Date: d.Date, Path: DayPath(d.Date), Events: eventRefs(d.Events)}
	}
	return out
}

func monthTitle(year int, m time.Month) string { return m.String() + " " + itoa(year) }

func (r *Renderer) monthView(p *MonthPage) *indexDoc {
	d := r.newIndexDoc("month", p.PagePath(), monthTitle(p.Year, p.Month))
	d.month = event.Date{Year: p.Year, Month: p.Month, Day: 1}
	d.Prev, d.Next = monthLink(p.Prev), monthLink(p.Next)
	d.Days = dayDocs(p.Days)
	for i := range d.Days {
		if n := len(d.Days[i].Events); n > MonthDayEvents {
			d.Days[i].Events, d.Days[i].More = d.Days[i].Events[:MonthDayEvents], n-MonthDayEvents
		}
	}
	return d
}

func monthLink(m MonthRef) *linkDoc {
	if m.isZero() {
		return nil
	}
	return &linkDoc{Title: monthTitle(m.Year, m.Month), Path: MonthPath(m.Year, m.Month)}
}

func (r *Renderer) yearView(p *YearPage) *indexDoc {
	d := r.newIndexDoc("year", p.PagePath(), itoa(p.Year))
	d.Prev, d.Next = yearLink(p.Prev), yearLink(p.Next)
	for _, m := range p.Months {
		d.Months = append(d.Months, countDoc{monthTitle(p.Year, m.Month), MonthPath(p.Year, m.Month), m.Count})
		d.Total += m.Count
	}
	d.TopTopics = r.countDocs(event.KindTopic, p.TopTopics)
	d.TopStories = r.countDocs(event.KindStory, p.TopStories)
	calendarView(d, p)
	return d
}

func yearLink(y int) *linkDoc {
	if y == 0 {
		return nil
	}
	return &linkDoc{Title: itoa(y), Path: YearPath(y)}
}

func (r *Renderer) countDocs(k event.Kind, cs []Count) []countDoc {
	out := make([]countDoc, 0, len(cs))
	for _, c := range cs {
		t := oneLine(c.Title)
		out = append(out, countDoc{t, r.pathOf(k, t), c.Count})
	}
	return out
}

func yearDocs(ys []YearCount) []countDoc {
	out := make([]countDoc, len(ys))
	for i, y := range ys {
		out[i] = countDoc{itoa(y.Year), YearPath(y.Year), y.Count}
	}
	return out
}

func (r *Renderer) homeView(p *HomePage) *indexDoc {
	d := r.newIndexDoc("home", HomePath, r.cfg.SiteName)
	d.Feeds = &feedsDoc{r.prefix + FeedPath, r.prefix + AtomPath}
	d.Total = p.Total
	d.Order = "newest_first"
	d.Days = dayDocs(p.Days)
	d.Years = yearDocs(p.Years)
	return d
}

func (r *Renderer) topicView(p *TopicPage) *indexDoc {
	title := oneLine(p.Title)
	path := p.Path
	if path == "" {
		path = r.pathOf(p.Kind, title)
	}
	d := r.newIndexDoc(string(p.Kind), path, title)
	if self := p.PagePath(); self != path {
		d.section = &linkDoc{Title: title, Path: path}
		d.ID, d.Path, d.Formats = self, self, r.pathsOf(self)
	}
	d.Year = p.Year
	d.setPaging(p.Paging)
	if p.Kind != event.KindCategory {
		d.WikipediaURL = WikipediaURL(title)
		d.WikidataID = r.cfg.Wikidata[title]
	}
	rss, atom := FeedPaths(path)
	d.Feeds = &feedsDoc{r.prefix + rss, r.prefix + atom}
	d.Total = max(p.Total, len(p.Events))
	d.Order = "newest_first"
	d.Events = eventRefs(p.Events)
	v := r.titleViewOf(p, path)
	d.title = v
	d.PerYear, d.maxPerYear, d.CoTopics = v.perYear, v.maxPerYear, v.coTopics
	d.Parents, d.SubStories, d.months = v.parents, v.subStories, v.months
	return d
}

func (r *Renderer) listView(p *ListPage) *indexDoc {
	title := listTitle(p.Kind)
	if p.Letter != "" {
		title += ": " + letterLabel(p.Letter)
	}
	d := r.newIndexDoc(p.Kind.Plural(), p.PagePath(), title)
	if p.Letter != "" {
		d.section = &linkDoc{Title: listTitle(p.Kind), Path: listPathOf(p.Kind)}
	}
	d.setPaging(p.Paging)
	d.Items = r.countDocs(p.Kind, p.Items)
	d.Total = max(p.Total, len(d.Items))
	d.letters = byFirstLetter(d.Items)
	for _, l := range p.Letters {
		d.LetterPages = append(d.LetterPages, countDoc{letterLabel(l.Letter), event.LetterPage(p.Kind, l.Letter).String(), l.Count})
	}
	return d
}

func listTitle(k event.Kind) string {
	p := k.Plural()
	return strings.ToUpper(p[:1]) + p[1:]
}

// byFirstLetter groups items by the upper-cased first letter of their title,
// "#" for titles that start with something else, in the items' order but
// "#" last, where the letter bar has it.
func byFirstLetter(items []countDoc) []letterGroup {
	var groups []letterGroup
	at := map[string]int{}
	for _, it := range items {
		l := firstLetter(it.Title)
		i, ok := at[l]
		if !ok {
			i = len(groups)
			at[l] = i
			groups = append(groups, letterGroup{Letter: l})
		}
		groups[i].Items = append(groups[i].Items, it)
	}
	if i, ok := at["#"]; ok {
		other := groups[i]
		groups = append(slices.Delete(groups, i, i+1), other)
	}
	return groups
}

func firstLetter(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(r) {
		return "#"
	}
	// Fold an accented letter to its ASCII base so that "Élysée" files under E.
	if folded := event.TopicSlug(string(r)); r >= utf8.RuneSelf && folded != "topic" {
		r = rune(folded[0])
	}
	return string(unicode.ToUpper(r))
}

// indexWriters are the writers of an index page's formats.
func (r *Renderer) indexWriters(d *indexDoc) pageWriters {
	return pageWriters{
		markdown: func(b *bytes.Buffer) { r.writeIndexMarkdown(b, d) },
		doc:      func(w docWriter) { writeDoc(w, d.Kind, indexFields, d) },
		html:     func(b *bytes.Buffer) error { return r.indexHTML(b, d) },
	}
}

// Letters returns the list's items grouped by first letter (for templates).
func (d *indexDoc) Letters() []letterGroup { return d.letters }

// MaxPerYear returns the largest yearly count, which sets the bars' scale.
func (d *indexDoc) MaxPerYear() int { return d.maxPerYear }

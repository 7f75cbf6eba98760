package render

import (
	"strconv"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// EventPage is one event's page.
type EventPage struct {
	Event event.Event
	// Summary is the first source's summary, when enrichment found one.
	Summary string
	// CoverImage is the URL of the first source's image, when known;
	// CoverWidth and CoverHeight its size in pixels, 0 when unknown.
	CoverImage              string
	CoverWidth, CoverHeight int
	// SourceDetails are what enrichment found of each of the event's
	// sources, in their order; it may be shorter than the sources.
	SourceDetails []SourceDetail
	// Related are up to 5 events of other years, best first.
	Related []Related
	// Around are up to 5 events of other days within 90 days, best first.
	Around []Related
	// FormerPaths are the paths the event had before edits changed them,
	// each of which leads to it.
	FormerPaths []string
	// EarlierTexts are the headlines edits of its day's page replaced,
	// oldest first.
	EarlierTexts []EarlierText
	// Removed is the day the event left the portal, whose last text the
	// page shows; zero while it is on the portal.
	Removed event.Date
	// Portal is the revision of the portal's day page the event's text
	// was read from.
	Portal PortalRevision
}

// EarlierText is a headline an event had before an edit of its day's page
// changed it.
type EarlierText struct {
	Headline string
	// Revision is the revision of the day's page that had it (its ID 0
	// when not known).
	Revision PortalRevision
	// Replaced is when the revision that changed it was saved.
	Replaced time.Time
}

// PortalRevision is a revision of the portal's page of a day, where an
// event's text comes from: the page's title, the revision's id and when it
// was saved. ID is 0 when the source gave none (a .wiki file) or, for a
// removed event, when its text is from an earlier revision than the day's
// current one; Timestamp is then not told.
type PortalRevision struct {
	Title     string
	ID        int64
	Timestamp time.Time
}

// URL is the revision's permanent address on Wikipedia, or the page's
// when the revision is not known.
func (p PortalRevision) URL() string {
	if p.ID == 0 {
		return WikipediaURL(p.Title)
	}
	// The title as WikipediaURL writes it: what it leaves unescaped is
	// safe in a query too ("&", "=", "+", "?" and "#" are escaped).
	title := strings.TrimPrefix(WikipediaURL(p.Title), "https://en.wikipedia.org/wiki/")
	return "https://en.wikipedia.org/w/index.php?title=" + title + "&oldid=" + strconv.FormatInt(p.ID, 10)
}

// SourceDetail is what enrichment found of one source: its article's
// title, the site's name, when it was published (RFC 3339, or a date), and
// the URL of an archived copy when the source is gone.
type SourceDetail struct {
	Title, SiteName, Published, ArchivedURL string
}

// PagePath returns the event's path.
func (p *EventPage) PagePath() string { return p.Event.Path }

// Related is one related event as an event page lists it.
type Related struct {
	Path     string
	Headline string
	Date     event.Date
	// Context names what the two events share: shared entities in alphabetical
	// order, else the shared story or strongest shared words.
	Context []string
	Score   float64
}

// IndexEvent is an event as index pages and feeds list it.
type IndexEvent struct {
	Path     string
	Date     event.Date
	Headline string
	// Category is the canonical category; Stories the story path, outermost first.
	Category string
	Stories  []string
	// Text is the event's full text; only feeds show it (as the item description).
	Text string
}

// IndexEventOf returns the index entry of an event.
func IndexEventOf(e *event.Event) IndexEvent {
	return IndexEvent{Path: e.Path, Date: e.Date, Headline: e.Headline, Category: e.Category, Stories: e.Stories, Text: e.Text}
}

// DayPage is a day's index: its events in page order, which the page groups by
// category and story.
type DayPage struct {
	Date event.Date
	// Prev and Next are the nearest days with events; zero when there is none.
	Prev, Next event.Date
	Events     []IndexEvent
	// Portal is the revision of the portal's page of the day the events
	// were read from; the zero PortalRevision names none.
	Portal PortalRevision
}

// PagePath returns /news/YYYY/MM/D/index.
func (p *DayPage) PagePath() string { return DayPath(p.Date) }

// DayEvents is one day and its events, as month and home pages list them.
type DayEvents struct {
	Date   event.Date
	Events []IndexEvent
}

// MonthRef names a month; the zero MonthRef is none.
type MonthRef struct {
	Year  int
	Month time.Month
}

func (m MonthRef) isZero() bool { return m == MonthRef{} }

// MonthPage is a month's index: its days with their events, oldest first.
type MonthPage struct {
	Year  int
	Month time.Month
	// Prev and Next are the nearest months with events; zero when there is none.
	Prev, Next MonthRef
	Days       []DayEvents
}

// PagePath returns /news/YYYY/MM/index.
func (p *MonthPage) PagePath() string { return MonthPath(p.Year, p.Month) }

// MonthCount is how many events a month holds.
type MonthCount struct {
	Month time.Month
	Count int
}

// YearCount is how many events a year holds.
type YearCount struct {
	Year  int
	Count int
}

// Count is a topic, story or category title with a number of events.
type Count struct {
	Title string
	Count int
}

// YearPage is a year's index: its months with counts and its top topics and stories.
type YearPage struct {
	Year int
	// Prev and Next are the nearest years with events; 0 when there is none.
	Prev, Next int
	Months     []MonthCount
	TopTopics  []Count
	TopStories []Count
	// PerDay counts the events of each day that has any, in date order.
	PerDay []DayCount
}

// PagePath returns /news/YYYY/index.
func (p *YearPage) PagePath() string { return YearPath(p.Year) }

// NewsPage is the index of the whole archive, /news/index: every year with
// the months that have events.
type NewsPage struct {
	Years []YearMonths // oldest first
}

// YearMonths is a year's months that have events, in order, with their counts.
type YearMonths struct {
	Year   int
	Months []MonthCount
}

// PagePath returns /news/index.
func (p *NewsPage) PagePath() string { return NewsPath }

// CalendarPage is /on-this-day/index: every day of the year, each linking
// its on-this-day page, with how many events of every year it holds.
type CalendarPage struct {
	Days []DayOfYearCount // 1 January first, 29 February included
}

// DayOfYearCount is how many events a calendar day holds in every year.
type DayOfYearCount struct {
	Month time.Month
	Day   int
	Count int
}

// PagePath returns /on-this-day/index.
func (p *CalendarPage) PagePath() string { return CalendarPath }

// HomePage is the site's front page: the latest days and every year.
type HomePage struct {
	Days  []DayEvents // newest first
	Years []YearCount // oldest first
	// Total is the number of events in the archive.
	Total int
}

// PagePath returns /index.
func (p *HomePage) PagePath() string { return HomePath }

// TopicPage is the page of one topic (linked entity), story or category.
type TopicPage struct {
	Kind  event.Kind
	Title string
	// Path is the page's extension-less path; when empty, the renderer's Linker
	// gives it from Title.
	Path string
	// Events are the newest first: the page's share of Total, or of the
	// year's events on a year page.
	Events []IndexEvent
	Total  int
	// Year is the year of a year page (/topics/<slug>/2013/index), whose
	// Events are that year's; 0 for the pages of every year.
	Year int
	// Paging places the page among its pages; the zero Paging is a page
	// that has them all.
	Paging Paging
	// PerYear counts the events of each year, oldest first.
	PerYear []YearCount
	// YearPages is whether the title has a page of each year's events
	// (/topics/<slug>/2013/index), which PerYear then links; else PerYear
	// links the years' indexes.
	YearPages bool
	// CoTopics are the topics that appear most often with this one, most first.
	CoTopics []Count
	// PerMonth counts the events of each month that has any, oldest first.
	PerMonth []MonthTotal
	// Story places a story among the others; nil for other kinds.
	Story *StoryContext
	// Shared, when not nil, holds the parts every page of the title shows
	// alike, made once for all of them (TitleViews).
	Shared *TitleViews
}

// PagePath returns the path of the page among its pages (Paging), else
// Path, or SlugLinker's path of the title when Path is empty (its year
// page's, with Year).
func (p *TopicPage) PagePath() string {
	if path := p.Paging.path(); path != "" {
		return path
	}
	path := p.Path
	if path == "" {
		path = SlugLinker{}.PathOf(p.Kind, p.Title)
	}
	if sp, err := event.ParseSitePath(path); err == nil && p.Year > 0 && sp.Type == event.PathTitle {
		return event.TitleYearPage(sp.Kind, sp.Slug, p.Year).String()
	}
	return path
}

// ListPage lists topics, stories or categories with their numbers of
// events: the first page of a list links its letter pages (Letters), a
// letter page lists the titles of one letter (Items).
type ListPage struct {
	Kind event.Kind
	// Letter is a letter page's letter, a to z or event.OtherLetter; empty
	// for the list's first page.
	Letter string
	Items  []Count // in the order to show; the HTML groups them by first letter
	// Letters are the letter pages: Title the letter, Count its titles.
	Letters []LetterCount
	// Total is how many titles the list has in all (Items when zero).
	Total int
	// Paging places a letter page among the pages of its letter.
	Paging Paging
}

// LetterCount is one letter page of a list and how many titles it holds.
type LetterCount struct {
	Letter string // a to z or event.OtherLetter
	Count  int
}

// PagePath returns /topics/index, /topics/_/a/index, …
func (p *ListPage) PagePath() string {
	if path := p.Paging.path(); path != "" {
		return path
	}
	if p.Letter != "" {
		return event.LetterPage(p.Kind, p.Letter).String()
	}
	return listPathOf(p.Kind)
}

func itoa(n int) string { return strconv.Itoa(n) }

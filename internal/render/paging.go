package render

import (
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// The pages of long lists: a topic's, story's or category's events come in
// pages of Config.PageSize (…/page/2/index, …/2013/index), the lists of
// titles in letter pages of at most ListPageSize titles (/topics/_/a/index),
// and the events of one calendar day of every year on an on-this-day page
// (/on-this-day/06-06/index). See docs/navigation.md.

// DefaultPageSize is how many events one page of a topic, story or category
// lists when Config.PageSize is 0: the production size, which keeps the
// largest such page well under 300 KB of HTML.
const DefaultPageSize = 500

// MonthDayEvents is the most events of one day a month page lists; the
// rest are on the day's page, which the month page links with their number
// ("more"). A month of the corpus's busiest stretch would otherwise weigh
// over 300 KB.
const MonthDayEvents = 20

// ListPageSize is the most titles one letter page lists; a letter with more
// continues on …/page/2/index. A list of at most as many titles shows them
// all on its first page too.
const ListPageSize = 1000

// EventsPerPage returns PageSize, or DefaultPageSize when it is not positive.
func (c Config) EventsPerPage() int {
	if c.PageSize > 0 {
		return c.PageSize
	}
	return DefaultPageSize
}

// Paging places one page among the pages of a paginated list.
type Paging struct {
	// Number is the page's number, from 1.
	Number int
	// Pages are the extension-less paths of every page, first to last.
	Pages []string
}

// PageCount is how many pages of size hold n items: at least one.
func PageCount(n, size int) int {
	if n <= size || size <= 0 {
		return 1
	}
	return (n + size - 1) / size
}

// PagedPaths returns the extension-less paths of the count pages that start
// at first: first itself, then first.PageN(2), ….
func PagedPaths(first event.SitePath, count int) []string {
	out := make([]string, max(count, 1))
	for i := range out {
		out[i] = first.PageN(i + 1).Page().String()
	}
	return out
}

// NewPaging places page number (from 1) among the count pages that start
// at first; the zero Paging when there is one page only.
func NewPaging(first event.SitePath, number, count int) Paging {
	if count <= 1 {
		return Paging{}
	}
	return Paging{Number: number, Pages: PagedPaths(first, count)}
}

func (p Paging) path() string {
	if p.Number < 1 || p.Number > len(p.Pages) {
		return ""
	}
	return p.Pages[p.Number-1]
}

// links returns the previous and next pages, nil at either end.
func (p Paging) links() (prev, next *linkDoc) {
	if p.path() == "" {
		return nil, nil
	}
	if p.Number > 1 {
		prev = &linkDoc{Title: "Page " + itoa(p.Number-1), Path: p.Pages[p.Number-2]}
	}
	if p.Number < len(p.Pages) {
		next = &linkDoc{Title: "Page " + itoa(p.Number+1), Path: p.Pages[p.Number]}
	}
	return prev, next
}

// setPaging fills the paging fields of an index document.
func (d *indexDoc) setPaging(p Paging) {
	if p.path() == "" {
		return
	}
	d.Page, d.PageCount = p.Number, len(p.Pages)
	d.Prev, d.Next = p.links()
	d.pages = p.Pages
}

// LetterOf returns the letter page a title is listed on: its first letter
// folded to a to z, or event.OtherLetter.
func LetterOf(title string) string {
	l := firstLetter(oneLine(title))
	if len(l) == 1 && l[0] >= 'A' && l[0] <= 'Z' {
		return string(l[0] + 'a' - 'A')
	}
	return event.OtherLetter
}

// letterLabel is how a letter page's letter is shown: A to Z, or #.
func letterLabel(letter string) string {
	if letter == event.OtherLetter || len(letter) != 1 {
		return "#"
	}
	return string(letter[0] - 'a' + 'A')
}

// OnThisDayPage lists the events of one calendar day (a month and day) in
// every year that has any: /on-this-day/06-06/index.
type OnThisDayPage struct {
	Month time.Month
	Day   int
	// Years are the day's events in each year, oldest year first.
	Years []DayEvents
}

// PagePath returns /on-this-day/MM-DD/index.
func (p *OnThisDayPage) PagePath() string {
	return event.OnThisDay(event.Date{Month: p.Month, Day: p.Day}).String()
}

// OnThisDayPath returns the extension-less path of the on-this-day page of
// d's month and day.
func OnThisDayPath(d event.Date) string { return event.OnThisDay(d).String() }

// calendarDay is a month and day in a leap year, so that 29 February is one.
func calendarDay(m time.Month, day int) event.Date { return event.Date{Year: 2000, Month: m, Day: day} }

func dateOf(t time.Time) event.Date {
	return event.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

// dayOfYearTitle is "6 June".
func dayOfYearTitle(m time.Month, day int) string { return itoa(day) + " " + m.String() }

func (r *Renderer) onThisDayView(p *OnThisDayPage) *indexDoc {
	d := r.newIndexDoc("on_this_day", p.PagePath(), "On this day: "+dayOfYearTitle(p.Month, p.Day))
	t := calendarDay(p.Month, p.Day).Time()
	prev, next := dateOf(t.AddDate(0, 0, -1)), dateOf(t.AddDate(0, 0, 1))
	if prev.Year != 2000 { // 1 January: the year wraps
		prev = calendarDay(time.December, 31)
	}
	if next.Year != 2000 {
		next = calendarDay(time.January, 1)
	}
	d.Prev = &linkDoc{Title: dayOfYearTitle(prev.Month, prev.Day), Path: OnThisDayPath(prev)}
	d.Next = &linkDoc{Title: dayOfYearTitle(next.Month, next.Day), Path: OnThisDayPath(next)}
	d.Days = dayDocs(p.Years)
	for _, y := range p.Years {
		d.Total += len(y.Events)
	}
	return d
}

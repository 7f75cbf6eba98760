package site

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// The pages that make every event reachable (docs/navigation.md): a
// title's events in pages of render.Config.PageSize, newest first; when
// they fill more than one page, also a page (or pages) per year; the lists
// of titles in letter pages; one page per calendar day of the events of
// every year. Build and Page both make them with these functions.

// pageSize is how many events one page of a title lists.
func (s *Site) pageSize() int { return s.cfg.EventsPerPage() }

// titleInfo is what every page of one title shows besides its events.
type titleInfo struct {
	kind        event.Kind
	title, slug string
	total       int
	perYear     []render.YearCount
	co          []render.Count
	size        int // events a page
	// perMonth and story are the title's activity chart and, for a story,
	// its parents and sub-stories (story.go).
	perMonth []render.MonthTotal
	story    *render.StoryContext
	// views are the parts every page of the title renders alike, made
	// once for all of them; page sets them.
	views *render.TitleViews
}

// hasYearPages reports whether the title has a page per year: when its
// events fill more than one page.
func (t *titleInfo) hasYearPages() bool { return t.total > t.size }

// page is page number of count of the title's events of year (0: of every
// year), showing events.
func (t *titleInfo) page(events []event.Event, year, number, count int) *render.TopicPage {
	total := t.total
	if year > 0 {
		total = t.yearCount(year)
	}
	if t.views == nil {
		t.views = new(render.TitleViews)
	}
	return &render.TopicPage{Kind: t.kind, Title: t.title, Path: render.TitlePath(t.kind, t.slug),
		Events: indexEvents(events), Total: total, Year: year, PerYear: t.perYear, CoTopics: t.co,
		YearPages: t.hasYearPages(), Paging: render.NewPaging(event.TitleYearPage(t.kind, t.slug, year), number, count),
		PerMonth: t.perMonth, Story: t.story, Shared: t.views}
}

func (t *titleInfo) yearCount(year int) int {
	for _, y := range t.perYear {
		if y.Year == year {
			return y.Count
		}
	}
	return 0
}

// pagePaths are the page paths of every page of the title, first to last:
// its pages of every year, then each year's.
func (t *titleInfo) pagePaths() []string {
	paths := render.PagedPaths(event.TitlePage(t.kind, t.slug), render.PageCount(t.total, t.size))
	if !t.hasYearPages() {
		return paths
	}
	for _, y := range t.perYear {
		paths = append(paths, render.PagedPaths(event.TitleYearPage(t.kind, t.slug, y.Year), render.PageCount(y.Count, t.size))...)
	}
	return paths
}

// allPages makes every page of the title from all its events, newest first.
func (t *titleInfo) allPages(events []event.Event) []*render.TopicPage {
	pages := t.pagesOf(events, 0)
	if !t.hasYearPages() {
		return pages
	}
	for start := 0; start < len(events); {
		year := events[start].Date.Year
		end := start + 1
		for end < len(events) && events[end].Date.Year == year {
			end++
		}
		pages = append(pages, t.pagesOf(events[start:end], year)...)
		start = end
	}
	return pages
}

// pagesOf splits the events of year (0: of every year) into pages.
func (t *titleInfo) pagesOf(events []event.Event, year int) []*render.TopicPage {
	n := render.PageCount(len(events), t.size)
	pages := make([]*render.TopicPage, n)
	for i := range pages {
		pages[i] = t.page(events[i*t.size:min(len(events), (i+1)*t.size)], year, i+1, n)
	}
	return pages
}

// titleInfoOf loads what every page of a title shows but its chart and
// story context (loadTimelines, or addTimelines from its events); ErrNotFound when
// the slug names none or the title has no event.
func (s *Site) titleInfoOf(ctx context.Context, kind event.Kind, slug string) (*titleInfo, error) {
	title, err := s.st.TitleOfSlug(ctx, kind, slug)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	years, err := s.st.TopicYears(ctx, kind, title)
	if err != nil {
		return nil, err
	}
	t := &titleInfo{kind: kind, title: title, slug: slug, size: s.pageSize()}
	for _, y := range years {
		t.perYear = append(t.perYear, render.YearCount{Year: y.Year, Count: y.Events})
		t.total += y.Events
	}
	if t.total == 0 {
		return nil, ErrNotFound
	}
	co, err := s.st.CoTopics(ctx, kind, title, TopCount)
	if err != nil {
		return nil, err
	}
	for _, c := range co {
		t.co = append(t.co, render.Count{Title: c.Title, Count: c.Events})
	}
	return t, nil
}

// titlePageModel loads one page of a title: p names its year (Date.Year)
// and number (PageNum); ErrNotFound for a page past the last, or a year
// page of a title that has none or of a year without events.
func (s *Site) titlePageModel(ctx context.Context, p event.SitePath) (*render.TopicPage, []event.Event, error) {
	t, err := s.titleInfoOf(ctx, p.Kind, p.Slug)
	if err != nil {
		return nil, nil, err
	}
	if err := s.loadTimelines(ctx, t); err != nil {
		return nil, nil, err
	}
	year, n := p.Date.Year, t.total
	if year > 0 {
		if n = t.yearCount(year); n == 0 || !t.hasYearPages() {
			return nil, nil, ErrNotFound
		}
	}
	number, count := max(p.PageNum, 1), render.PageCount(n, t.size)
	if number > count {
		return nil, nil, ErrNotFound
	}
	events, err := s.st.TopicListingPage(ctx, p.Kind, t.title, year, (number-1)*t.size, t.size)
	if err != nil || len(events) == 0 {
		return nil, nil, orNotFound(err)
	}
	return t.page(events, year, number, count), events, nil
}

// sortTitles sorts title counts by title, case-insensitively and with
// accents folded ("ébola" beside "Ebola"), ties in plain byte order.
func sortTitles(counts []store.TitleCount) []store.TitleCount {
	// Each title's key made once and kept beside it, not looked up in a
	// map at each comparison (16,000 stories sort in 230,000 of them).
	type keyed struct {
		key string
		c   store.TitleCount
	}
	ks := make([]keyed, len(counts))
	for i, c := range counts {
		ks[i] = keyed{titleSortKey(c.Title), c}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		return cmp.Or(strings.Compare(a.key, b.key), strings.Compare(a.c.Title, b.c.Title))
	})
	out := make([]store.TitleCount, len(ks))
	for i, k := range ks {
		out[i] = k.c
	}
	return out
}

// titleSortKey folds a title to lowercase, Latin letters to their base
// letter.
func titleSortKey(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		if r >= 0x80 {
			if folded := event.TopicSlug(string(r)); folded != "topic" {
				b.WriteString(folded)
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// letters are the letter pages of every list, in order: a to z, then
// the rest.
var letters = func() []string {
	var out []string
	for c := 'a'; c <= 'z'; c++ {
		out = append(out, string(c))
	}
	return append(out, event.OtherLetter)
}()

// listPages makes the pages of the list of every title of the kind: its
// first page, which links the letter pages (and lists every title too when
// they are few), then each letter's pages. Every letter has a page, an
// empty one too, so that a letter's address never comes and goes with the
// titles (an incremental build then writes what a fresh one does).
func listPages(kind event.Kind, counts []store.TitleCount) []*render.ListPage {
	sorted := sortTitles(counts)
	byLetter := map[string][]render.Count{}
	for _, c := range sorted {
		l := render.LetterOf(c.Title)
		byLetter[l] = append(byLetter[l], render.Count{Title: c.Title, Count: c.Events})
	}
	first := &render.ListPage{Kind: kind, Total: len(sorted)}
	for _, l := range letters {
		first.Letters = append(first.Letters, render.LetterCount{Letter: l, Count: len(byLetter[l])})
	}
	if len(sorted) <= render.ListPageSize {
		for _, c := range sorted {
			first.Items = append(first.Items, render.Count{Title: c.Title, Count: c.Events})
		}
	}
	pages := []*render.ListPage{first}
	for _, l := range first.Letters {
		items := byLetter[l.Letter]
		n := render.PageCount(len(items), render.ListPageSize)
		for i := range n {
			pages = append(pages, &render.ListPage{Kind: kind, Letter: l.Letter, Total: len(items), Letters: first.Letters,
				Items:  items[i*render.ListPageSize : min(len(items), (i+1)*render.ListPageSize)],
				Paging: render.NewPaging(event.LetterPage(kind, l.Letter), i+1, n)})
		}
	}
	return pages
}

// listPageModel loads the list page at p: the first, or a letter's page.
func (s *Site) listPageModel(ctx context.Context, p event.SitePath) (render.Page, []event.Date, error) {
	page, err := s.listPageOf(ctx, p.Kind, p.Page().String())
	if err != nil {
		return nil, nil, err
	}
	if page == nil {
		return nil, nil, ErrNotFound
	}
	return page, nil, nil
}

// listPagePaths are the page paths of every page of the lists; with
// nonEmpty, but the letter pages that list no title.
func listPagePaths(lists [3][]store.TitleCount, nonEmpty bool) []string {
	var pages [3][]*render.ListPage
	for i, k := range event.Kinds {
		pages[i] = listPages(k, lists[i])
	}
	return pathsOfListPages(pages, nonEmpty)
}

// pathsOfListPages are the page paths of the list pages of every kind
// (listPages); with nonEmpty, but the letter pages that list no title.
func pathsOfListPages(pages [3][]*render.ListPage, nonEmpty bool) []string {
	var paths []string
	for _, kind := range pages {
		for _, p := range kind {
			if !nonEmpty || p.Letter == "" || len(p.Items) > 0 {
				paths = append(paths, p.PagePath())
			}
		}
	}
	return paths
}

// onThisDayPage is the page of a calendar day from its events of every
// year, in date order.
func onThisDayPage(d event.Date, events []event.Event) *render.OnThisDayPage {
	return &render.OnThisDayPage{Month: d.Month, Day: d.Day, Years: dayEvents(events)}
}

// calendarDays are the 366 days of a leap year, each of which has an
// on-this-day page.
func calendarDays() []event.Date {
	var days []event.Date
	for t := time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC); t.Year() == 2000; t = t.AddDate(0, 0, 1) {
		days = append(days, event.Date{Year: 2000, Month: t.Month(), Day: t.Day()})
	}
	return days
}

// newsPage is /news/index from the day counts (days with events, in date
// order): every year with its months.
func newsPage(days []store.DayCount) *render.NewsPage {
	p := &render.NewsPage{}
	for _, d := range days {
		if n := len(p.Years); n == 0 || p.Years[n-1].Year != d.Date.Year {
			p.Years = append(p.Years, render.YearMonths{Year: d.Date.Year})
		}
		y := &p.Years[len(p.Years)-1]
		if n := len(y.Months); n == 0 || y.Months[n-1].Month != d.Date.Month {
			y.Months = append(y.Months, render.MonthCount{Month: d.Date.Month})
		}
		y.Months[len(y.Months)-1].Count += d.Events
	}
	return p
}

// calendarPage is /on-this-day/index from the day counts: every day of the
// year with its events of every year.
func calendarPage(days []store.DayCount) *render.CalendarPage {
	counts := map[[2]int]int{}
	for _, d := range days {
		counts[[2]int{int(d.Date.Month), d.Date.Day}] += d.Events
	}
	p := &render.CalendarPage{}
	for _, d := range calendarDays() {
		p.Days = append(p.Days, render.DayOfYearCount{Month: d.Month, Day: d.Day, Count: counts[[2]int{int(d.Month), d.Day}]})
	}
	return p
}

// archiveIndexModel is /news/index or /on-this-day/index, made by page
// from the day counts; as the home page, it is as new as the archive.
func (s *Site) archiveIndexModel(ctx context.Context, page func([]store.DayCount) render.Page) (render.Page, []event.Date, error) {
	counts, err := s.dayCounts(ctx)
	if err != nil {
		return nil, nil, err
	}
	return page(counts), nil, nil
}

func (s *Site) onThisDayModel(ctx context.Context, d event.Date) (render.Page, []event.Date, error) {
	events, err := s.st.DayOfYearListing(ctx, d)
	if err != nil {
		return nil, nil, err
	}
	return onThisDayPage(d, events), datesOf(events), nil
}

// allTitleCounts returns the title counts of topics, stories and
// categories, in the order of event.Kinds.
func (s *Site) allTitleCounts(ctx context.Context) ([3][]store.TitleCount, error) {
	var lists [3][]store.TitleCount
	for i, k := range event.Kinds {
		var err error
		if lists[i], err = s.titleCounts(ctx, k); err != nil {
			return lists, err
		}
	}
	return lists, nil
}

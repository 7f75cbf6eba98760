package site

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// archive is the store loaded for a full build. The event pages are
// written a year at a time (eachYear), each year's events read in full with
// their related lists and enrichment, then dropped; what the other pages
// need of the events stays: their index fields, entities and stories
// (slimEvent), in date and page order, grouped in memory by day, month,
// year, topic, story and category, so that no page needs a query of its own.
type archive struct {
	events []event.Event
	days   []store.DayCount
	dayAt  []int // dayAt[i] is the index in events of days[i]'s first event
	lists  [3][]store.TitleCount
	// countsKey names the store's counts the days and lists are
	// (Site.countsKey), which the title record keeps.
	countsKey string
	// topics[k][title] are the events of a topic (k = 0), story (1) or
	// category (2), newest day first and in page order within a day.
	topics [3]map[string][]*event.Event
	// retired is what once had pages and has none now.
	retired store.Retired
	// removed are the events the portal no longer has, whose pages stay.
	removed []store.RemovedEvent
	// edits are what edits left of each event that has any, by its path.
	edits map[string]eventEdits
	// aliases are the other spellings of topics and stories (store.Aliases).
	aliases []store.Alias
	// revisions are the current revisions of the days' portal pages.
	revisions map[event.Date]store.DayRevision
	// allEdits are every edit of events, newest first (store.EditsBetween),
	// each saved by a revision no newer than newestRevision.
	allEdits       []store.EventEdit
	newestRevision time.Time
}

// sectionKinds are the kinds of topic-like pages, in the order of archive.lists.
var sectionKinds = [3]event.Kind{event.KindTopic, event.KindStory, event.KindCategory}

// loadArchive reads all that a full build needs but the events, which
// eachYear adds.
func loadArchive(ctx context.Context, st *store.Store) (*archive, error) {
	a := &archive{}
	var err error
	if a.days, err = st.DayCounts(ctx); err != nil {
		return nil, err
	}
	for i, k := range event.Kinds {
		if a.lists[i], err = st.TitleCounts(ctx, k); err != nil {
			return nil, err
		}
	}
	if a.retired, err = st.Retired(ctx); err != nil {
		return nil, err
	}
	if a.removed, err = st.RemovedEvents(ctx); err != nil {
		return nil, err
	}
	if a.aliases, err = st.Aliases(ctx); err != nil {
		return nil, err
	}
	if a.edits, err = allEdits(ctx, st); err != nil {
		return nil, err
	}
	if a.revisions, err = st.DayRevisions(ctx); err != nil {
		return nil, err
	}
	if a.allEdits, err = st.EditsBetween(ctx, event.Date{}, event.Date{}); err != nil {
		return nil, err
	}
	if a.newestRevision, err = st.NewestRevision(ctx); err != nil {
		return nil, err
	}
	return a, nil
}

// yearEvents are one year's events in full, with what their pages show
// beside them.
type yearEvents struct {
	events  []event.Event
	related [len(store.AllLists)]map[string][]store.RelatedEntry
	extras  map[string]store.EventExtras
}

// eachYear reads the events a year at a time, oldest first, with their
// related lists and enrichment, and hands each year to fn; it keeps of
// every event what the pages other than its own show (slimEvent), then
// groups them (group). Holding one year in full rather than the archive
// keeps the build's memory, and the collector's work, in proportion to
// the archive (docs/performance-log.md). The next year is read while fn
// writes the pages of one.
func (a *archive) eachYear(ctx context.Context, st *store.Store, fn func(*yearEvents) error) error {
	a.events = make([]event.Event, 0, eventCount(a.days))
	targets, err := st.RelatedTargets(ctx)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	next := make(chan *yearEvents, 1)
	var loadErr error
	go func() {
		defer close(next)
		for _, year := range yearsOf(a.days) {
			y, err := loadYear(ctx, st, targets, year)
			if err != nil {
				loadErr = err
				return
			}
			select {
			case next <- y:
			case <-ctx.Done():
				return
			}
		}
	}()
	defer func() {
		cancel()
		for range next { // the reader is done with the store when this returns
		}
	}()
	for y := range next {
		if err := fn(y); err != nil {
			return err
		}
		a.events = appendSlim(a.events, y.events)
	}
	if loadErr != nil {
		return loadErr
	}
	if n := eventCount(a.days); len(a.events) != n {
		return fmt.Errorf("read %d events where the day counts have %d: the store changed during the build", len(a.events), n)
	}
	a.group()
	return nil
}

// yearsOf returns the years of the days, which are in date order.
func yearsOf(days []store.DayCount) []int {
	var years []int
	for _, d := range days {
		if n := len(years); n == 0 || years[n-1] != d.Date.Year {
			years = append(years, d.Date.Year)
		}
	}
	return years
}

// loadYear reads the events of year in full, with their related lists
// (their entries from targets) and enrichment. The lists and the
// enrichment are read each on a connection of its own while the events
// are: one after the other, the reading of the years was the longest
// path of the build, with a core left idle (docs/performance-log.md).
func loadYear(ctx context.Context, st *store.Store, targets *store.RelatedTargets, year int) (*yearEvents, error) {
	from, to := event.Date{Year: year, Month: time.January, Day: 1}, event.Date{Year: year, Month: time.December, Day: 31}
	y := &yearEvents{extras: map[string]store.EventExtras{}}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(store.AllLists)+2)
	// read runs one of the reads; the first to fail stops the others.
	read := func(i int, fn func() error) {
		if errs[i] = fn(); errs[i] != nil {
			cancel()
		}
	}
	var wg sync.WaitGroup
	for k, list := range store.AllLists {
		lists := map[string][]store.RelatedEntry{}
		y.related[list] = lists
		wg.Go(func() {
			read(k, func() error {
				return st.EachRelatedBetween(ctx, list, from, to, targets, func(path string, list []store.RelatedEntry) error {
					lists[path] = list
					return nil
				})
			})
		})
	}
	wg.Go(func() {
		read(len(store.AllLists), func() error {
			return st.EachExtrasBetween(ctx, from, to, func(path string, x store.EventExtras) error {
				y.extras[path] = x
				return nil
			})
		})
	})
	read(len(errs)-1, func() error {
		return st.EachEvent(ctx, from, to, func(e event.Event) error {
			y.events = append(y.events, e)
			return nil
		})
	})
	wg.Wait()
	if err := firstCause(errs); err != nil {
		return nil, err
	}
	return y, nil
}

// firstCause returns the first of errs that is not a cancellation (the
// cause of the others), or else the first.
func firstCause(errs []error) error {
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	return errors.Join(errs...)
}

// appendSlim appends to dst what the pages other than their own show of
// the events (the index fields, render.IndexEventOf, with their entities
// and stories): the mentions and sources, the bulk of an event, are left
// out. The strings the slim events keep are copied into one string, and
// their stories and entities into one slice each, which they share: kept
// for the rest of the build, they are a few objects a year rather than a
// dozen an event scattered among the year's garbage, which the collector
// would follow one by one on every cycle (docs/performance-log.md, "How cost
// grows with the archive").
func appendSlim(dst, events []event.Event) []event.Event {
	size, stories, entities := 0, 0, 0
	for i := range events {
		e := &events[i]
		size += len(e.Path) + len(e.Category) + len(e.Headline) + len(e.Text)
		for _, s := range e.Stories {
			size += len(s)
		}
		for _, ent := range e.Entities {
			size += len(ent.Title)
		}
		stories += len(e.Stories)
		entities += len(e.Entities)
	}
	var b strings.Builder
	b.Grow(size)
	for i := range events {
		e := &events[i]
		b.WriteString(e.Path)
		b.WriteString(e.Category)
		b.WriteString(e.Headline)
		b.WriteString(e.Text)
		for _, s := range e.Stories {
			b.WriteString(s)
		}
		for _, ent := range e.Entities {
			b.WriteString(ent.Title)
		}
	}
	p := packed{blob: b.String(), stories: make([]string, 0, stories), entities: make([]event.Entity, 0, entities)}
	for i := range events {
		e := &events[i]
		dst = append(dst, event.Event{Path: p.str(e.Path), Date: e.Date, Position: e.Position, Category: p.str(e.Category),
			Headline: p.str(e.Headline), Text: p.str(e.Text), Stories: p.strs(e.Stories), Entities: p.ents(e.Entities)})
	}
	return dst
}

// packed hands out, in the order appendSlim wrote them, the copies of
// strings in blob and of string and entity lists in stories and entities.
type packed struct {
	blob     string
	at       int
	stories  []string
	entities []event.Entity
}

// str returns the copy of s.
func (p *packed) str(s string) string {
	if s == "" {
		return ""
	}
	c := p.blob[p.at : p.at+len(s)]
	p.at += len(s)
	return c
}

// strs returns the copy of list: nil or empty as list is.
func (p *packed) strs(list []string) []string {
	if len(list) == 0 {
		return emptyLike(list)
	}
	from := len(p.stories)
	for _, s := range list {
		p.stories = append(p.stories, p.str(s))
	}
	return p.stories[from:len(p.stories):len(p.stories)]
}

// ents returns the copy of list: nil or empty as list is.
func (p *packed) ents(list []event.Entity) []event.Entity {
	if len(list) == 0 {
		return emptyLike(list)
	}
	from := len(p.entities)
	for _, ent := range list {
		ent.Title = p.str(ent.Title)
		p.entities = append(p.entities, ent)
	}
	return p.entities[from:len(p.entities):len(p.entities)]
}

// emptyLike returns nil for a nil list and an empty one, which holds no
// memory, for an empty one.
func emptyLike[T any](list []T) []T {
	if list == nil {
		return nil
	}
	return []T{}
}

// eventCount is how many events the days hold.
func eventCount(days []store.DayCount) int {
	n := 0
	for _, d := range days {
		n += d.Events
	}
	return n
}

// allEdits returns what edits left of every event that has any, by its
// path: its former paths, sorted (as store.FormerPathsOf gives them),
// and its earlier texts.
func allEdits(ctx context.Context, st *store.Store) (map[string]eventEdits, error) {
	moves, err := st.Moves(ctx)
	if err != nil {
		return nil, err
	}
	earlier, err := st.AllEarlierTexts(ctx)
	if err != nil {
		return nil, err
	}
	former := map[string][]string{}
	for from, to := range moves {
		former[to] = append(former[to], from)
	}
	for _, list := range former {
		slices.Sort(list)
	}
	return joinEdits(former, earlier), nil
}

// joinEdits puts each event's former paths and earlier texts together, by
// its path.
func joinEdits(former map[string][]string, earlier map[string][]store.EarlierText) map[string]eventEdits {
	edits := make(map[string]eventEdits, len(former)+len(earlier))
	for path, list := range former {
		edits[path] = eventEdits{former: list}
	}
	for path, texts := range earlier {
		e := edits[path]
		e.earlier = texts
		edits[path] = e
	}
	return edits
}

// group indexes the days and collects each topic's events, newest first.
func (a *archive) group() {
	a.dayAt = make([]int, len(a.days))
	for i, at := 0, 0; i < len(a.days); i++ {
		a.dayAt[i] = at
		at += a.days[i].Events
	}
	for k := range a.topics {
		a.topics[k] = map[string][]*event.Event{}
	}
	for d := len(a.days) - 1; d >= 0; d-- {
		for i := a.dayAt[d]; i < a.dayAt[d]+a.days[d].Events; i++ {
			e := &a.events[i]
			for j, ent := range e.Entities {
				if !slices.ContainsFunc(e.Entities[:j], func(x event.Entity) bool { return x.Title == ent.Title }) {
					a.topics[0][ent.Title] = append(a.topics[0][ent.Title], e)
				}
			}
			for j, s := range e.Stories {
				if !slices.Contains(e.Stories[:j], s) {
					a.topics[1][s] = append(a.topics[1][s], e)
				}
			}
			a.topics[2][e.Category] = append(a.topics[2][e.Category], e)
		}
	}
}

// recordDays records the membership of every day's events.
func (a *archive) recordDays(rec *titleRecord) {
	for i, d := range a.days {
		rec.setDay(d.Date, membershipDigest(a.eventsOfDays(i, i+1)))
	}
}

// eventsOfDays returns the events of days[from:to].
func (a *archive) eventsOfDays(from, to int) []event.Event {
	if from >= to {
		return nil
	}
	return a.events[a.dayAt[from] : a.dayAt[to-1]+a.days[to-1].Events]
}

// task is one unit of a build's work: one page in every format, or one file.
type task func(ctx context.Context, w *pageWriter) error

// pageWriter renders models and hands the bytes to the output.
type pageWriter struct {
	r   *render.Renderer
	out *output
	buf bytes.Buffer
}

// page writes the model in the site's formats.
func (w *pageWriter) page(p render.Page) error {
	path := p.PagePath()
	return w.r.RenderFormats(p, w.r.Formats(), func(f render.Format, body []byte) error {
		return w.out.write(path+f.Ext(), body)
	})
}

// feeds writes the RSS and Atom feeds of f.
func (w *pageWriter) feeds(f *render.Feed) error {
	rss, atom := render.FeedPaths(f.PagePath)
	w.buf.Reset()
	if err := w.r.RSS(&w.buf, f); err != nil {
		return err
	}
	if err := w.out.write(rss, w.buf.Bytes()); err != nil {
		return err
	}
	w.buf.Reset()
	if err := w.r.Atom(&w.buf, f); err != nil {
		return err
	}
	return w.out.write(atom, w.buf.Bytes())
}

// eventTasks write the pages of one year's events.
func (a *archive) eventTasks(y *yearEvents) []task {
	tasks := make([]task, len(y.events))
	for i := range y.events {
		e := &y.events[i]
		tasks[i] = func(_ context.Context, w *pageWriter) error {
			return w.page(eventPage(*e, y.related[store.RelatedList][e.Path], y.related[store.AroundList][e.Path], a.edits[e.Path], y.extras[e.Path], a.revisions[e.Date]))
		}
	}
	return tasks
}

// fullTasks lists the work of writing every file of the site from a but
// the event pages (eventTasks).
func fullTasks(a *archive, size int, rec *titleRecord) []task {
	var tasks []task
	for _, r := range a.removed {
		tasks = append(tasks, func(_ context.Context, w *pageWriter) error {
			return w.page(removedPage(r, a.edits[r.Event.Path], a.revisions[r.Event.Date]))
		})
	}
	tasks = append(tasks, a.dateTasks()...)
	tasks = append(tasks, a.topicTasks(size, rec)...)
	tasks = append(tasks, a.onThisDayTasks()...)
	tasks = append(tasks, a.retiredTasks()...)
	tasks = append(tasks, aliasTasks(a.aliases)...)
	return append(tasks, a.siteTasks(size, rec)...)
}

// retiredTasks write redirects in place of the pages that existed once and
// exist no more (see redirect): the events edits removed, the days left with
// no event and their month and year when those have none either, and the
// topics, stories and categories left with no event. A fresh build thus
// keeps every address an incremental one would, and gives the same files.
func (a *archive) retiredTasks() []task {
	pages := slices.Clone(a.retired.Events)
	months, years := map[string]bool{}, map[int]bool{}
	for _, d := range a.days {
		months[render.MonthPath(d.Date.Year, d.Date.Month)] = true
		years[d.Date.Year] = true
	}
	for _, d := range a.retired.Days {
		pages = append(pages, render.DayPath(d))
		if m := render.MonthPath(d.Year, d.Month); !months[m] {
			months[m] = true
			pages = append(pages, m)
		}
		if !years[d.Year] {
			years[d.Year] = true
			pages = append(pages, render.YearPath(d.Year))
		}
	}
	aliased := map[string]bool{}
	for _, al := range a.aliases {
		page, _ := aliasPage(al)
		aliased[page] = true
	}
	for _, t := range a.retired.Topics {
		// An alias's old page leads to its canonical page (aliasTasks).
		if p := render.TitlePath(t.Kind, t.Slug); !aliased[p] {
			pages = append(pages, p)
		}
	}
	tasks := make([]task, len(pages))
	for i, p := range pages {
		target := cmp.Or(a.retired.MovedTo[p], redirectTarget(p))
		tasks[i] = func(_ context.Context, w *pageWriter) error { return w.redirect(p, target, false) }
	}
	return tasks
}

// dateTasks write the day, month and year indexes.
func (a *archive) dateTasks() []task {
	var tasks []task
	monthStart, yearStart := 0, 0
	for i := range a.days {
		d := a.days[i].Date
		tasks = append(tasks, func(_ context.Context, w *pageWriter) error {
			return w.page(a.dayPage(i))
		})
		last := i+1 == len(a.days)
		if last || a.days[i+1].Date.Month != d.Month || a.days[i+1].Date.Year != d.Year {
			from := monthStart
			tasks = append(tasks, func(_ context.Context, w *pageWriter) error {
				return w.page(a.monthPage(from, i+1))
			})
			monthStart = i + 1
		}
		if last || a.days[i+1].Date.Year != d.Year {
			from := yearStart
			tasks = append(tasks, func(_ context.Context, w *pageWriter) error {
				return w.page(a.yearPage(from, i+1))
			})
			yearStart = i + 1
		}
	}
	return tasks
}

func (a *archive) dayPage(i int) *render.DayPage {
	d := a.days[i].Date
	p := &render.DayPage{Date: d, Events: indexEvents(a.eventsOfDays(i, i+1)), Portal: render.PortalRevision(a.revisions[d])}
	if i > 0 {
		p.Prev = a.days[i-1].Date
	}
	if i+1 < len(a.days) {
		p.Next = a.days[i+1].Date
	}
	return p
}

// monthPage is the month of days[from:to].
func (a *archive) monthPage(from, to int) *render.MonthPage {
	d := a.days[from].Date
	p := &render.MonthPage{Year: d.Year, Month: d.Month, Days: dayEvents(a.eventsOfDays(from, to))}
	if from > 0 {
		p.Prev = monthRef(a.days[from-1].Date)
	}
	if to < len(a.days) {
		p.Next = monthRef(a.days[to].Date)
	}
	return p
}

// yearPage is the year of days[from:to].
func (a *archive) yearPage(from, to int) *render.YearPage {
	prev, next := 0, 0
	if from > 0 {
		prev = a.days[from-1].Date.Year
	}
	if to < len(a.days) {
		next = a.days[to].Date.Year
	}
	return yearPage(a.days[from].Date.Year, a.eventsOfDays(from, to), prev, next)
}

// topicTasks write the pages of every topic, story and category, with
// their feeds, and the pages of the three lists; rec records the titles.
func (a *archive) topicTasks(size int, rec *titleRecord) []task {
	var tasks []task
	for k, kind := range sectionKinds {
		for _, c := range a.lists[k] {
			tasks = append(tasks, func(_ context.Context, w *pageWriter) error {
				return w.topic(kind, c, a.topics[k][c.Title], size, rec)
			})
		}
		for _, p := range listPages(kind, a.lists[k]) {
			tasks = append(tasks, func(_ context.Context, w *pageWriter) error { return w.page(p) })
		}
	}
	return tasks
}

// onThisDayTasks write the page of every calendar day.
func (a *archive) onThisDayTasks() []task {
	byDay := map[[2]int][]int{}
	for i, d := range a.days {
		k := [2]int{int(d.Date.Month), d.Date.Day}
		byDay[k] = append(byDay[k], i)
	}
	days := calendarDays()
	tasks := make([]task, len(days))
	for i, d := range days {
		tasks[i] = func(_ context.Context, w *pageWriter) error {
			var events []event.Event
			for _, at := range byDay[[2]int{int(d.Month), d.Day}] {
				events = append(events, a.eventsOfDays(at, at+1)...)
			}
			return w.page(onThisDayPage(d, events))
		}
	}
	return tasks
}

// topic writes every page of a title, from all its events (newest first),
// and its feeds; rec, when not nil, records its facts.
func (w *pageWriter) topic(kind event.Kind, c store.TitleCount, events []*event.Event, size int, rec *titleRecord) error {
	self := ""
	if kind == event.KindTopic {
		self = c.Title
	}
	perYear, co := topicStats(events, self)
	all := make([]event.Event, len(events))
	for i, e := range events {
		all[i] = *e
	}
	t := &titleInfo{kind: kind, title: c.Title, slug: c.Slug, total: len(all), perYear: perYear, co: co, size: size}
	t.addTimelines(events)
	for _, p := range t.allPages(all) {
		if err := w.page(p); err != nil {
			return err
		}
	}
	if err := rec.setTitle(t); err != nil {
		return err
	}
	return w.feeds(feed(c.Title, render.TitlePath(kind, c.Slug), all))
}

// siteTasks write the home page, the indexes of the whole archive, the
// edits pages, their feeds, the sitemaps and the fixed files; rec, when not nil, records the counts they were made of.
func (a *archive) siteTasks(size int, rec *titleRecord) []task {
	home := func(_ context.Context, w *pageWriter) error {
		from := max(0, len(a.days)-HomeDays)
		p := &render.HomePage{Years: yearCounts(a.days), Days: dayEvents(a.eventsOfDays(from, len(a.days)))}
		slices.Reverse(p.Days)
		for _, y := range p.Years {
			p.Total += y.Count
		}
		if err := w.page(p); err != nil {
			return err
		}
		var newest []event.Event
		for d := len(a.days) - 1; d >= 0 && len(newest) < render.FeedSize; d-- {
			newest = append(newest, a.eventsOfDays(d, d+1)...)
		}
		return w.feeds(feed("", render.HomePath, newest))
	}
	sitemaps := func(_ context.Context, w *pageWriter) error {
		paths := map[int][]store.PathDate{}
		for _, e := range a.events {
			paths[e.Date.Year] = append(paths[e.Date.Year], store.PathDate{Path: e.Path, Date: e.Date})
		}
		groups := sitemapGroupsOf(a.days, a.lists, listPagePaths(a.lists, true), paths, w.r.LinkFormat(), size)
		if rec != nil {
			rec.setCounts(a.countsKey, render.SitemapSplit(groups))
		}
		return w.sitemaps(groups, nil)
	}
	news := func(_ context.Context, w *pageWriter) error { return w.page(newsPage(a.days)) }
	calendar := func(_ context.Context, w *pageWriter) error { return w.page(calendarPage(a.days)) }
	edits := func(_ context.Context, w *pageWriter) error {
		months, ofMonth := editMonths(a.allEdits)
		p := editsPage(a.allEdits[:min(len(a.allEdits), render.EditsSize)], months)
		if err := w.page(p); err != nil {
			return err
		}
		has := map[event.Date]bool{}
		for i, m := range months {
			if err := w.page(editsMonthPage(months, i, ofMonth[i])); err != nil {
				return err
			}
			has[monthOf(m)] = true
		}
		if len(a.days) > 0 {
			// Over an earlier build, a month whose edits all went (events
			// removed, then back) may have a page.
			from := event.NewDate(a.days[0].Date.Time().AddDate(0, 0, -1))
			if err := w.redirectEditlessMonths(from, event.NewDate(a.newestRevision.UTC()), has); err != nil {
				return err
			}
		}
		return w.feeds(editsFeed(p))
	}
	return []task{home, news, calendar, edits, sitemaps, staticFiles}
}

// sitemaps writes the sitemap files of the groups (see render.Sitemaps for
// only). Writing them all over an earlier build, it removes the files under
// /sitemaps/ the index no longer lists (those of an older layout, or of a
// site that shrank).
func (w *pageWriter) sitemaps(groups []render.SitemapGroup, only func(group string) bool) error {
	files, err := w.r.Sitemaps(groups, only)
	if err != nil {
		return err
	}
	listed := map[string]bool{}
	for _, f := range files {
		if err := w.out.write(f.Path, f.Body); err != nil {
			return err
		}
		listed[f.Path] = true
	}
	if only != nil || !w.out.replace {
		return nil
	}
	return w.out.removeUnlisted(sitemapDir, listed)
}

// sitemapDir holds the sitemap files of a site that needs more than one.
const sitemapDir = "/sitemaps/"

// staticFiles writes robots.txt, llms.txt and the about page and, when the
// site has HTML, the 404 page with its script, the OpenSearch description,
// the icons and the stylesheet, and when it has JSON, the schemas.
func staticFiles(_ context.Context, w *pageWriter) error {
	files := []siteFile{{render.RobotsPath, w.r.Robots}, {render.LLMsPath, w.r.LLMsTxt}}
	for _, f := range render.AboutFormats {
		if w.r.Has(f) {
			files = append(files, siteFile{render.AboutPath + f.Ext(), func(b io.Writer) error { return w.r.About(b, f) }})
		}
	}
	if w.r.Has(render.HTML) {
		files = append(files,
			siteFile{render.NotFoundPath, func(b io.Writer) error { return w.r.NotFound(b, "", render.Likely{}) }},
			siteFile{render.OpenSearchPath, w.r.OpenSearch},
			fixedFile(render.MendScriptPath, render.MendScript()),
			fixedFile(render.FaviconPath, render.FaviconICO()),
			fixedFile(render.FaviconSVGPath, render.FaviconSVG()),
			fixedFile(render.StylePath, render.Stylesheet()))
	}
	if w.r.Has(render.JSON) {
		for _, name := range render.SchemaNames {
			body, _ := render.Schema(name)
			files = append(files, fixedFile("/schema/"+name, body))
		}
	}
	for _, f := range files {
		w.buf.Reset()
		if err := f.write(&w.buf); err != nil {
			return err
		}
		if err := w.out.write(f.path, w.buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// siteFile is a file of the site that is no page: its path and what writes it.
type siteFile struct {
	path  string
	write func(io.Writer) error
}

// fixedFile is a siteFile whose body is always the same.
func fixedFile(path string, body []byte) siteFile {
	return siteFile{path, func(b io.Writer) error {
		_, err := b.Write(body)
		return err
	}}
}

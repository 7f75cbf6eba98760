package site

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
	"golang.org/x/sync/errgroup"
)

// buildOver updates the earlier build in dir: every page when rendersAll,
// else only the pages that depend on what the store changed since the
// build's generation.
func (s *Site) buildOver(ctx context.Context, dir string, prev buildState, opts BuildOptions) (BuildReport, error) {
	return s.updateOver(ctx, dir, prev, opts, s.rendersAll(prev, opts))
}

// updateOver is buildOver once the kind of pass is chosen: with full, every
// page; else the affected pages.
func (s *Site) updateOver(ctx context.Context, dir string, prev buildState, opts BuildOptions, full bool) (BuildReport, error) {
	out := &output{root: dir, replace: true}
	cat, err := s.catalogue(ctx)
	if err != nil {
		return BuildReport{}, err
	}
	formats := formatNames(cat.renderer.Formats())
	if !slices.Equal(prev.builtFormats(), formats) {
		// Every page links the formats; the dropped ones' files go first,
		// and the state file, written last, still names them until the
		// pass is done, so that a killed pass is redone.
		full = true
		if err := removeFormats(dir, droppedFormats(prev.builtFormats(), formats)); err != nil {
			return BuildReport{}, err
		}
	}
	// Pages removed since the build become redirects, in a full pass too.
	changes, err := s.st.ChangedDays(ctx, prev.Generation)
	if err != nil {
		return BuildReport{}, err
	}
	if full {
		// writeFull writes the redirects of every retired page and
		// counts the files it renders, which make the site.
		rep, err := s.writeFull(ctx, dir, out, opts)
		rep.Incremental = true
		return rep, err
	}
	gen, err := s.st.Generation(ctx)
	if err != nil {
		return BuildReport{}, err
	}
	if err := s.updatePages(ctx, cat, out, prev.Generation, changes, s.redirectTasks(changes), opts); err != nil {
		return BuildReport{}, err
	}
	files := prev.Files + int(out.created.Load()-out.removed.Load())
	state := buildState{Schema: stateSchema, Generation: gen, Database: prev.Database, Program: prev.Program, Files: files, Events: prev.Events,
		Formats: formats}
	if err := out.log.save(dir); err != nil {
		return BuildReport{}, err
	}
	if err := writeState(dir, state); err != nil {
		return BuildReport{}, err
	}
	return BuildReport{Files: files, Written: int(out.written.Load()), Unchanged: int(out.unchanged.Load()),
		Incremental: true, Generation: gen}, nil
}

// updatePages renders the pages that depend on the changed days, the event
// pages of the changed days and those whose related lists or enrichment
// changed (no other page shows enrichment).
func (s *Site) updatePages(ctx context.Context, cat *catalogue, out *output, since int64,
	changes []store.DayChange, redirects []task, opts BuildOptions) error {
	gen, err := s.st.Generation(ctx)
	if err != nil {
		return err
	}
	enriched, err := s.st.EnrichedSince(ctx, since)
	if err != nil {
		return err
	}
	// What the last build's title record says, read once for the
	// sitemaps and the pages.
	last := sync.OnceValues(func() (*lastBuild, error) { return s.readLastBuild(ctx, out, since, cat.wikidata) })
	// The files that do not depend on which pages are rendered (the
	// sitemaps, the feeds, the redirects and the search index, the longest
	// task) are written while those pages are found.
	early := append(s.siteFileTasks(changes, last), redirects...)
	early = append(early, s.editsMonthsTask(changes))
	// What the search index holds may have changed; its model is stamped
	// with each generation built, so that it is known to be the last
	// build's (searchFilesOver).
	if len(changes) > 0 || len(enriched) > 0 || gen != since {
		early = append(early, s.searchFilesOver(since))
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r := newRun(opts, len(early))
	defer r.bar.finish()
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := r.tasks(ctx, cat, out, early); err != nil {
			cancel(err)
		}
	})
	titles, tasks, err := s.pageUpdates(ctx, since, changes, enriched, last)
	if err == nil {
		r.grow(len(tasks))
		err = r.tasks(ctx, cat, out, tasks)
	}
	if err != nil {
		cancel(err)
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return out.writeOwn(titleRecordPath, titles.rec.save(gen))
}

// pageUpdates returns the tasks that render the pages updatePages renders,
// and how the titles among them are rendered.
func (s *Site) pageUpdates(ctx context.Context, since int64, changes []store.DayChange, enriched []string,
	last func() (*lastBuild, error)) (*titlesUpdate, []task, error) {
	pages, events, digests, err := s.affectedPages(ctx, since, changes, last)
	if err != nil {
		return nil, nil, err
	}
	lb, err := last()
	if err != nil {
		return nil, nil, err
	}
	titles := titleUpdate(lb, changes, digests)
	related, err := s.st.RelatedChangedSince(ctx, since)
	if err != nil {
		return nil, nil, err
	}
	events = append(append(events, related...), enriched...)
	slices.Sort(events)
	aliases, err := s.st.Aliases(ctx)
	if err != nil {
		return nil, nil, err
	}
	n := 0
	for _, p := range pages {
		if _, ok := isTitlePage(p); ok {
			n++
		}
	}
	titles.bySQL = n <= maxTitlesBySQL
	tasks := append(aliasTasks(aliases), s.pageTasks(pages, titles)...)
	return titles, append(tasks, s.pageTasks(slices.Compact(events), titles)...), nil
}

// titlesUpdate is how an incremental build renders the pages of the
// titles the changed days touch.
type titlesUpdate struct {
	// bySQL: their counts are read without the topic index (titleWithListing).
	bySQL bool
	// rec is the record of the titles the build writes: the last build's,
	// updated with the titles rendered and the changed days' membership.
	rec *titleRecord
	// days are the changed days; with onlyChanged, every one of them kept
	// the membership the record holds, so that a title the record has
	// the facts of renders only its pages that list their events.
	days        []event.Date
	onlyChanged bool
}

// lastBuild is what an incremental build knows from the title record of
// the build before it.
type lastBuild struct {
	// rec is the record the build writes: the last build's, or a new one
	// when it is missing or another build's (read is then false).
	rec  *titleRecord
	read bool
	// counts is the key of the store's counts now (countsKey); countsKept,
	// that the last build's list pages and sitemaps were made of the same
	// counts (they stand), and split that its sitemaps were split.
	counts            string
	countsKept, split bool
}

// readLastBuild reads the record of the build of generation since and
// compares the counts it was made of with the store's now.
func (s *Site) readLastBuild(ctx context.Context, out *output, since int64, wikidata map[string]string) (*lastBuild, error) {
	lb := &lastBuild{}
	var g errgroup.Group
	g.Go(func() (err error) {
		lb.rec, err = s.readTitleRecord(out, since, wikidata)
		return err
	})
	g.Go(func() (err error) {
		lb.counts, err = s.countsKey(ctx)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if lb.read = lb.rec != nil; !lb.read {
		lb.rec = newTitleRecord(s.pageSize(), wikidata)
		return lb, nil
	}
	key, split := lb.rec.countsOf()
	lb.countsKept, lb.split = key != "" && key == lb.counts, split
	return lb, nil
}

// countsKey names the store's counts now (store.CountsStamp): "" when they
// are not the store's current counts, which the next build then cannot
// compare.
func (s *Site) countsKey(ctx context.Context) (string, error) {
	stamp, current, err := s.st.CountsStamp(ctx)
	if err != nil || !current {
		return "", err
	}
	return strconv.FormatInt(stamp, 10), nil
}

// titleUpdate tells, from the last build's record, whether the changed
// days kept their membership (digests, by day); the record takes the
// changed days' digests.
func titleUpdate(lb *lastBuild, changes []store.DayChange, digests map[event.Date]string) *titlesUpdate {
	u := &titlesUpdate{rec: lb.rec, onlyChanged: lb.read}
	for _, c := range changes {
		u.days = append(u.days, c.Date)
		now := digests[c.Date]
		if old, ok := u.rec.days[c.Date]; !ok || old != now || now == "" {
			u.onlyChanged = false
		}
		u.rec.setDay(c.Date, now)
	}
	return u
}

// affectedPages lists, sorted, the page paths that may show what changed
// after generation since: the events of the changed days and the events
// whose related list changed; the day, month and year indexes of the changed
// days and of their neighbours (whose previous/next links may change); the
// pages of the topics, stories and categories of the changed events, old
// and new; the home page and the indexes of every year and every calendar
// day; and the lists of topics, stories and categories
// unless the last build's stand (lastBuild.countsKept).
func (s *Site) affectedPages(ctx context.Context, since int64, changes []store.DayChange,
	last func() (*lastBuild, error)) (pages, events []string, digests map[event.Date]string, err error) {
	// The list pages (every title of each kind sorted) are made while the
	// changed days are read.
	var lists [3][]*render.ListPage
	var g errgroup.Group
	g.Go(func() error {
		lb, err := last()
		if err != nil || lb.countsKept {
			return err
		}
		lists, err = s.allListPages(ctx)
		return err
	})
	set := map[string]bool{render.HomePath: true, render.NewsPath: true, render.CalendarPath: true, render.EditsPath: true}
	events, digests, err = s.addChangedPages(ctx, set, since, changes)
	if err := errors.Join(err, g.Wait()); err != nil {
		return nil, nil, nil, err
	}
	for _, p := range pathsOfListPages(lists, false) {
		set[p] = true
	}
	pages = make([]string, 0, len(set))
	for p := range set {
		pages = append(pages, p)
	}
	slices.Sort(pages)
	return pages, events, digests, nil
}

// addChangedPages adds to set the pages of the changed days and of the
// titles changed after generation since (affectedPages).
func (s *Site) addChangedPages(ctx context.Context, set map[string]bool, since int64, changes []store.DayChange) (events []string, digests map[event.Date]string, err error) {
	digests = map[event.Date]string{}
	for _, c := range changes {
		set[render.OnThisDayPath(c.Date)] = true
		dayEvents, digest, err := s.addDayPages(ctx, set, c.Date)
		if err != nil {
			return nil, nil, err
		}
		events = append(events, dayEvents...)
		digests[c.Date] = digest
	}
	topics, err := s.st.TopicsChangedSince(ctx, since)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range topics {
		if t.Slug != "" {
			set[render.TitlePath(t.Kind, t.Slug)] = true
		}
	}
	return events, digests, nil
}

// addDayPages adds the date indexes a changed day touches, and returns the
// paths of its events and the digest of their membership.
func (s *Site) addDayPages(ctx context.Context, pages map[string]bool, d event.Date) ([]string, string, error) {
	events, err := s.st.EventsOfDay(ctx, d)
	if err != nil {
		return nil, "", err
	}
	paths := make([]string, len(events))
	for i, e := range events {
		paths[i] = e.Path
	}
	prev, next, err := s.neighbours(ctx, d.String())
	if err != nil {
		return nil, "", err
	}
	for _, day := range []event.Date{prev, d, next} {
		if !day.IsZero() {
			pages[render.DayPath(day)] = true
			pages[render.MonthPath(day.Year, day.Month)] = true
			pages[render.YearPath(day.Year)] = true
		}
	}
	return paths, membershipDigest(events), nil
}

// maxTitlesBySQL is how many titles an incremental build renders with
// their counts read by SQL, title by title, rather than from the index of
// every event's topics, which costs more to load than a day's titles do
// to count (0.6 CPU-s on the corpus, against a few ms for most titles and
// tens for a category of half the archive).
const maxTitlesBySQL = 100

// isTitlePage tells the first page of a topic, story or category, and
// returns its parsed path.
func isTitlePage(pagePath string) (event.SitePath, bool) {
	p, err := event.ParseSitePath(pagePath)
	return p, err == nil && p.Type == event.PathTitle && p.Date.Year == 0 && p.PageNum == 0
}

// pageTasks render the pages at the paths, in every format, with their feeds;
// a page that no longer exists has its files replaced by redirects. A
// title's pages are rendered as titles tells (updateTopic).
func (s *Site) pageTasks(pages []string, titles *titlesUpdate) []task {
	tasks := make([]task, len(pages))
	for i, p := range pages {
		tasks[i] = func(ctx context.Context, w *pageWriter) error {
			return s.updatePageBy(ctx, w, p, titles)
		}
	}
	return tasks
}

// updatePage renders the page at the path, not a title's (redirectTasks).
func (s *Site) updatePage(ctx context.Context, w *pageWriter, pagePath string) error {
	return s.updatePageBy(ctx, w, pagePath, &titlesUpdate{})
}

func (s *Site) updatePageBy(ctx context.Context, w *pageWriter, pagePath string, titles *titlesUpdate) error {
	if p, ok := isTitlePage(pagePath); ok {
		return s.updateTopic(ctx, w, pagePath, p.Kind, p.Slug, titles)
	}
	m, _, err := s.model(ctx, pagePath)
	if errors.Is(err, ErrNotFound) {
		return s.redirectGone(ctx, w, pagePath)
	}
	if err != nil {
		return err
	}
	return w.page(m)
}

// updateTopic renders every page of a topic, story or category with its
// feeds (its counts without the topic index with titles.bySQL), and
// replaces the pages it no longer has (past its last page, of a year it no
// longer has events in) by redirects to its first page; and records what
// they show in titles.rec. With titles.onlyChanged, a title the record
// has renders only its pages that list a changed event (updateListedPages).
func (s *Site) updateTopic(ctx context.Context, w *pageWriter, pagePath string, kind event.Kind, slug string, titles *titlesUpdate) error {
	if titles.onlyChanged {
		if done, err := s.updateListedPages(ctx, w, pagePath, kind, slug, titles); done || err != nil {
			return err
		}
	}
	t, events, err := s.titleWithListing(ctx, kind, slug, titles.bySQL)
	if errors.Is(err, ErrNotFound) {
		if titles.rec != nil {
			titles.rec.dropTitle(kind, slug)
		}
		// An alias's address is written by aliasTasks.
		_, err := s.st.AliasOf(ctx, kind, slug)
		if errors.Is(err, store.ErrNotFound) {
			return w.redirect(pagePath, redirectTarget(pagePath), true)
		}
		return err
	}
	if err != nil {
		return err
	}
	// The chart and story context from the events in hand, as the full
	// build makes them, rather than two more queries.
	all := make([]*event.Event, len(events))
	for i := range events {
		all[i] = &events[i]
	}
	t.addTimelines(all)
	for _, p := range t.allPages(events) {
		if err := w.page(p); err != nil {
			return err
		}
	}
	if err := w.feeds(feed(t.title, pagePath, events)); err != nil {
		return err
	}
	if err := titles.rec.setTitle(t); err != nil {
		return err
	}
	days, err := s.dayCounts(ctx)
	if err != nil {
		return err
	}
	return w.redirectStalePages(t, yearCounts(days))
}

// updateListedPages renders, of a title whose facts the record holds, the
// pages that list the events of the changed days, and its feeds when they
// list one; it reports false, having written nothing, when the record has
// not the title. The changed days kept their membership
// (titlesUpdate.onlyChanged), so the title has as many events on each day
// as the last build rendered, with the same topics and stories: its
// counts, bars, co-topics, chart and story context, and the page every
// other event is on, are as they were; only the text of the changed days'
// events, and their order within a day, may differ.
func (s *Site) updateListedPages(ctx context.Context, w *pageWriter, pagePath string, kind event.Kind, slug string, titles *titlesUpdate) (bool, error) {
	t, err := titles.rec.factsOf(kind, slug)
	if t == nil || err != nil {
		return false, err
	}
	title, err := s.st.TitleOfSlug(ctx, kind, slug)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil || title != t.title {
		return false, err
	}
	// The pages to render, and the spans of the title's listing (newest
	// first, every year's) they show.
	type pageRef struct{ year, number int }
	var pages []pageRef
	var spans [][2]int
	later := func(year int) int { // the events of the years after year
		n := 0
		for _, y := range t.perYear {
			if y.Year > year {
				n += y.Count
			}
		}
		return n
	}
	add := func(year, first, n int) {
		count, base := t.total, 0
		if year > 0 {
			count, base = t.yearCount(year), later(year)
		}
		for i := first / t.size; i <= (first+n-1)/t.size; i++ {
			pages = append(pages, pageRef{year, i + 1})
			spans = append(spans, [2]int{base + i*t.size, base + min(count, (i+1)*t.size)})
		}
	}
	for _, d := range titles.days {
		// (The 31st of any month: dates compare as ISO strings.)
		after, on, err := s.st.TopicDayPlace(ctx, kind, title, d, event.Date{Year: d.Year, Month: d.Month, Day: 31})
		if err != nil {
			return false, err
		}
		if on == 0 {
			continue
		}
		before := after
		for _, m := range t.perMonth {
			if m.Year > d.Year || m.Year == d.Year && m.Month > d.Month {
				before += m.Count
			}
		}
		if before+on > t.total || t.hasYearPages() && before-later(d.Year)+on > t.yearCount(d.Year) {
			return false, nil // not what the record says: every page, to be sure
		}
		add(0, before, on)
		if before < render.FeedSize {
			spans = append(spans, [2]int{0, min(t.total, render.FeedSize)})
			pages = append(pages, pageRef{-1, 0}) // the feeds
		}
		if t.hasYearPages() {
			add(d.Year, before-later(d.Year), on)
		}
	}
	listing, err := s.readSpans(ctx, t, spans)
	if err != nil {
		return false, err
	}
	at := func(from, to int) []event.Event {
		for _, l := range listing {
			if l.from <= from && to <= l.from+len(l.events) {
				return l.events[from-l.from : to-l.from]
			}
		}
		return nil
	}
	slices.SortFunc(pages, func(a, b pageRef) int { return cmp.Or(cmp.Compare(a.year, b.year), cmp.Compare(a.number, b.number)) })
	for _, p := range slices.Compact(pages) {
		if p.year < 0 {
			if err := w.feeds(feed(title, pagePath, at(0, min(t.total, render.FeedSize)))); err != nil {
				return false, err
			}
			continue
		}
		count, base := t.total, 0
		if p.year > 0 {
			count, base = t.yearCount(p.year), later(p.year)
		}
		events := at(base+(p.number-1)*t.size, base+min(count, p.number*t.size))
		if err := w.page(t.page(events, p.year, p.number, render.PageCount(count, t.size))); err != nil {
			return false, err
		}
	}
	return true, nil
}

// listedSpan is a span of a title's listing: its events from index from.
type listedSpan struct {
	from   int
	events []event.Event
}

// readSpans reads the spans [from, to) of the title's listing (newest
// first), merged where they overlap or touch, each by the dates of its
// months (t.perMonth): by date when those dates hold fewer events than
// four times the title's, else by title.
func (s *Site) readSpans(ctx context.Context, t *titleInfo, spans [][2]int) ([]listedSpan, error) {
	slices.SortFunc(spans, func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
	var merged [][2]int
	for _, sp := range spans {
		if n := len(merged); n > 0 && sp[0] <= merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], sp[1])
			continue
		}
		merged = append(merged, sp)
	}
	days, err := s.dayCounts(ctx)
	if err != nil {
		return nil, err
	}
	var out []listedSpan
	for _, sp := range merged {
		// The months, newest first, of the span's first and last events.
		var newest, oldest render.MonthTotal
		skip, seen := 0, 0
		for i := len(t.perMonth) - 1; i >= 0; i-- {
			m := t.perMonth[i]
			if seen <= sp[0] && sp[0] < seen+m.Count {
				newest, skip = m, sp[0]-seen
			}
			if seen <= sp[1]-1 && sp[1]-1 < seen+m.Count {
				oldest = m
				break
			}
			seen += m.Count
		}
		from := event.Date{Year: oldest.Year, Month: oldest.Month, Day: 1}
		to := event.Date{Year: newest.Year, Month: newest.Month, Day: 31}
		inDates := 0
		for _, d := range days {
			if !d.Date.Before(from) && !to.Before(d.Date) {
				inDates += d.Events
			}
		}
		byDate := t.kind != event.KindCategory && inDates < 4*t.total
		events, err := s.st.TopicListingBetween(ctx, t.kind, t.title, from, to, skip, sp[1]-sp[0], byDate)
		if err != nil {
			return nil, err
		}
		if len(events) != sp[1]-sp[0] {
			return nil, fmt.Errorf("listing of %s %q from %d: %d events where its counts give %d", t.kind, t.title, sp[0], len(events), sp[1]-sp[0])
		}
		out = append(out, listedSpan{from: sp[0], events: events})
	}
	return out, nil
}

// titleWithListing loads what every page of a title shows and the
// listing of its events. With bySQL, without the topic index: the per-year
// counts from the listing (of the same events as store.TopicYears), the
// co-topics by store.CoTopicsBySQL.
func (s *Site) titleWithListing(ctx context.Context, kind event.Kind, slug string, bySQL bool) (*titleInfo, []event.Event, error) {
	if !bySQL {
		t, err := s.titleInfoOf(ctx, kind, slug)
		if err != nil {
			return nil, nil, err
		}
		events, err := s.st.TopicListing(ctx, kind, t.title)
		return t, events, err
	}
	title, err := s.st.TitleOfSlug(ctx, kind, slug)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	events, err := s.st.TopicListing(ctx, kind, title)
	if err != nil {
		return nil, nil, err
	}
	if len(events) == 0 {
		return nil, nil, ErrNotFound
	}
	years := map[int]int{}
	for _, e := range events {
		years[e.Date.Year]++
	}
	t := &titleInfo{kind: kind, title: title, slug: slug, size: s.pageSize(), total: len(events), perYear: perYearOf(years)}
	co, err := s.st.CoTopicsBySQL(ctx, kind, title, TopCount)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range co {
		t.co = append(t.co, render.Count{Title: c.Title, Count: c.Events})
	}
	return t, events, nil
}

// redirectStalePages replaces the files of the title's pages an earlier
// build wrote and the title no longer has by redirects to its first page:
// the pages past the last of every year's and of each year's events, and
// the year pages of the archive's years it has none of.
func (w *pageWriter) redirectStalePages(t *titleInfo, archiveYears []render.YearCount) error {
	current := map[string]bool{}
	for _, p := range t.pagePaths() {
		current[p] = true
	}
	first := render.TitlePath(t.kind, t.slug)
	years := []int{0}
	for _, y := range archiveYears {
		years = append(years, y.Year)
	}
	for _, y := range years {
		base := event.TitleYearPage(t.kind, t.slug, y)
		for n := 1; ; n++ {
			p := base.PageN(n).String()
			exists := w.out.exists(p + w.r.LinkFormat().Ext())
			if current[p] {
				continue
			}
			if !exists {
				break
			}
			if err := w.redirect(p, first, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// redirectGone replaces the files of a page that is gone by redirects to
// where it leads: an edited event's new path, else redirectTarget.
func (s *Site) redirectGone(ctx context.Context, w *pageWriter, pagePath string) error {
	target := redirectTarget(pagePath)
	if p, err := event.ParseSitePath(pagePath); err == nil && p.Type == event.PathEvent {
		rec, err := s.st.PathHistory(ctx, pagePath)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		target = cmp.Or(rec.MovedTo, target)
	}
	return w.redirect(pagePath, target, true)
}

// redirect replaces the files of a vanished page, and of its feeds, by
// redirects to the page path target; with onlyExisting, only those that
// have a file, else every format and, for a topic or category, its feeds.
func (w *pageWriter) redirect(pagePath, target string, onlyExisting bool) error {
	for _, f := range w.r.Formats() {
		name := pagePath + f.Ext()
		if onlyExisting && !w.out.exists(name) {
			continue
		}
		if err := w.out.write(name, w.moved(f, target, f)); err != nil {
			return err
		}
	}
	p, err := event.ParseSitePath(pagePath)
	if err != nil || p.Type != event.PathTitle || p.Date.Year != 0 || p.PageNum != 0 {
		return nil // only a title's first page has feeds
	}
	withFeeds := !onlyExisting
	// A feed moves to its page's target in XML, or in the format feeds
	// link when the site has no XML.
	feedTarget := render.XML
	if !w.r.Has(render.XML) {
		feedTarget = w.r.LinkFormat()
	}
	rssPath, atomPath := p.Feeds()
	rss, atom := rssPath.String(), atomPath.String()
	for _, name := range []string{rss, atom} {
		if withFeeds || w.out.exists(name) {
			if err := w.out.write(name, w.moved(render.XML, target, feedTarget)); err != nil {
				return err
			}
		}
	}
	return nil
}

// moved is the body of a moved file in format f that sends its readers to
// the page path target in format to, under the base URL's path.
func (w *pageWriter) moved(f render.Format, target string, to render.Format) []byte {
	path := target + to.Ext()
	return redirectTo(f, w.r.Local(path), w.r.Abs(path))
}

// redirectTasks replace the files of the paths the changed days retired:
// an edited event's old path by redirects to its new one, a removed
// event's by its page (see updatePage), another by a redirect to its day.
func (s *Site) redirectTasks(changes []store.DayChange) []task {
	var tasks []task
	for _, c := range changes {
		for _, p := range c.Removed {
			tasks = append(tasks, func(ctx context.Context, w *pageWriter) error {
				if to := c.MovedTo[p]; to != "" {
					return w.redirect(p, to, true)
				}
				return s.updatePage(ctx, w, p)
			})
		}
	}
	return tasks
}

// siteFileTasks render the site-wide feeds and the sitemaps: the index, the
// pages group and the groups of the changed days' years; only the years'
// groups when the last build's index and pages group stand (its sitemaps
// were split, and lastBuild.countsKept).
func (s *Site) siteFileTasks(changes []store.DayChange, last func() (*lastBuild, error)) []task {
	years := map[string]bool{sitemapPagesGroup: true}
	for _, c := range changes {
		years[strconv.Itoa(c.Date.Year)] = true
	}
	feeds := func(ctx context.Context, w *pageWriter) error {
		for _, slug := range []string{"", event.EditsSegment} {
			f, _, err := s.feedModel(ctx, "", slug)
			if err != nil {
				return err
			}
			if err := w.feeds(f); err != nil {
				return err
			}
		}
		return nil
	}
	sitemaps := func(ctx context.Context, w *pageWriter) error {
		lb, err := last()
		if err != nil {
			return err
		}
		if lb.countsKept && lb.split {
			return s.yearSitemaps(ctx, w, years)
		}
		only := func(g string) bool { return years[g] }
		groups, err := s.sitemapGroups(ctx, only)
		if err != nil {
			return err
		}
		lb.rec.setCounts(lb.counts, render.SitemapSplit(groups))
		return w.sitemaps(groups, only)
	}
	return []task{sitemaps, feeds}
}

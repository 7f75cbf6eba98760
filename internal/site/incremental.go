package site

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// buildOver updates the earlier build in dir: every page with opts.Full or
// when the database or base URL changed, else only the pages that depend on
// what the store changed since the build's generation.
func (s *Site) buildOver(ctx context.Context, dir string, prev buildState, opts BuildOptions) (BuildReport, error) {
	out := &output{root: dir, replace: true}
	cat, err := s.catalogue(ctx)
	if err != nil {
		return BuildReport{}, err
	}
	// Pages removed since the build become redirects, in a full pass too.
	changes, err := s.st.ChangedDays(ctx, prev.Generation)
	if err != nil {
		return BuildReport{}, err
	}
	redirects := redirectTasks(changes)
	if opts.Full || prev.Database != s.fingerprint(opts.DBPath) {
		if err := runTasks(ctx, cat, out, redirects, opts); err != nil {
			return BuildReport{}, err
		}
		rep, err := s.writeFull(ctx, dir, out, opts)
		rep.Files = prev.Files + int(out.created.Load())
		rep.Incremental = true
		return rep, err
	}
	gen, err := s.st.Generation(ctx)
	if err != nil {
		return BuildReport{}, err
	}
	pages, err := s.affectedPages(ctx, prev.Generation, changes)
	if err != nil {
		return BuildReport{}, err
	}
	tasks := append(redirects, s.pageTasks(pages)...)
	tasks = append(tasks, s.siteFileTasks()...)
	if err := runTasks(ctx, cat, out, tasks, opts); err != nil {
		return BuildReport{}, err
	}
	files := prev.Files + int(out.created.Load())
	state := buildState{Schema: stateSchema, Generation: gen, Database: prev.Database, Files: files, Events: prev.Events}
	if err := writeState(dir, state); err != nil {
		return BuildReport{}, err
	}
	return BuildReport{Files: files, Written: int(out.written.Load()), Unchanged: int(out.unchanged.Load()),
		Incremental: true, Generation: gen}, nil
}

// affectedPages lists, sorted, the page paths that may show what changed
// after generation since: the events of the changed days and the events
// whose related list changed; the day, month and year indexes of the changed
// days and of their neighbours (whose previous/next links may change); the
// pages of the topics, stories and categories of the changed events, old
// and new; the home page and the lists of topics, stories and categories.
func (s *Site) affectedPages(ctx context.Context, since int64, changes []store.DayChange) ([]string, error) {
	pages := map[string]bool{render.HomePath: true, render.TopicsPath: true,
		render.StoriesPath: true, render.CategoriesPath: true}
	for _, c := range changes {
		if err := s.addDayPages(ctx, pages, c.Date); err != nil {
			return nil, err
		}
	}
	related, err := s.st.RelatedChangedSince(ctx, since)
	if err != nil {
		return nil, err
	}
	for _, p := range related {
		pages[p] = true
	}
	topics, err := s.st.TopicsChangedSince(ctx, since)
	if err != nil {
		return nil, err
	}
	for _, t := range topics {
		if t.Slug != "" {
			pages[sectionPath(kindOfSlug[t.Kind], t.Slug)] = true
		}
	}
	out := make([]string, 0, len(pages))
	for p := range pages {
		out = append(out, p)
	}
	slices.Sort(out)
	return out, nil
}

var kindOfSlug = map[store.SlugKind]render.Kind{
	store.SlugTopic: render.KindTopic, store.SlugStory: render.KindStory, store.SlugCategory: render.KindCategory,
}

// addDayPages adds a changed day's events and the date indexes it touches.
func (s *Site) addDayPages(ctx context.Context, pages map[string]bool, d event.Date) error {
	events, err := s.st.EventsOfDay(ctx, d)
	if err != nil {
		return err
	}
	for _, e := range events {
		pages[e.Path] = true
	}
	prev, next, err := s.neighbours(ctx, d.String())
	if err != nil {
		return err
	}
	for _, day := range []event.Date{prev, d, next} {
		if !day.IsZero() {
			pages[render.DayPath(day)] = true
			pages[render.MonthPath(day.Year, day.Month)] = true
			pages[render.YearPath(day.Year)] = true
		}
	}
	return nil
}

// pageTasks render the pages at the paths, in every format, with their feeds;
// a page that no longer exists has its files replaced by redirects.
func (s *Site) pageTasks(pages []string) []task {
	tasks := make([]task, len(pages))
	for i, p := range pages {
		tasks[i] = func(ctx context.Context, w *pageWriter) error {
			return s.updatePage(ctx, w, p)
		}
	}
	return tasks
}

func (s *Site) updatePage(ctx context.Context, w *pageWriter, pagePath string) error {
	m, _, err := s.model(ctx, pagePath)
	if errors.Is(err, ErrNotFound) {
		return w.redirect(pagePath, true)
	}
	if err != nil {
		return err
	}
	if err := w.page(m); err != nil {
		return err
	}
	if tp, ok := m.(*render.TopicPage); ok && tp.Kind != render.KindStory {
		f, _, err := s.feedModel(ctx, dirOf(pagePath))
		if err != nil {
			return err
		}
		return w.feeds(f)
	}
	return nil
}

// dirOf is the directory of a page path, /topics/x for /topics/x/index.
func dirOf(pagePath string) string {
	i := len(pagePath) - 1
	for i > 0 && pagePath[i] != '/' {
		i--
	}
	return pagePath[:max(i, 1)]
}

// redirect replaces the files of a vanished page, and of its feeds, by
// redirects; with onlyExisting, only those that have a file.
func (w *pageWriter) redirect(pagePath string, onlyExisting bool) error {
	target := redirectTarget(pagePath)
	for _, f := range render.Formats {
		name := pagePath + f.Ext()
		if onlyExisting && !w.out.exists(name) {
			continue
		}
		if err := w.out.write(name, redirectBody(w.baseURL, f, target)); err != nil {
			return err
		}
	}
	if !strings.HasSuffix(pagePath, "/index") {
		return nil
	}
	rss, atom := render.FeedPaths(pagePath)
	for _, name := range []string{rss, atom} {
		if w.out.exists(name) {
			if err := w.out.write(name, redirectBody(w.baseURL, render.XML, target)); err != nil {
				return err
			}
		}
	}
	return nil
}

// redirectTasks replace the files of the paths the changed days retired.
func redirectTasks(changes []store.DayChange) []task {
	var tasks []task
	for _, c := range changes {
		for _, p := range c.Removed {
			tasks = append(tasks, func(_ context.Context, w *pageWriter) error {
				return w.redirect(p, true)
			})
		}
	}
	return tasks
}

// siteFileTasks render the site-wide feeds and the sitemaps.
func (s *Site) siteFileTasks() []task {
	feeds := func(ctx context.Context, w *pageWriter) error {
		f, _, err := s.feedModel(ctx, "/")
		if err != nil {
			return err
		}
		return w.feeds(f)
	}
	sitemaps := func(ctx context.Context, w *pageWriter) error {
		urls, err := s.sitemapURLs(ctx)
		if err != nil {
			return err
		}
		return w.sitemaps(urls)
	}
	return []task{feeds, sitemaps}
}

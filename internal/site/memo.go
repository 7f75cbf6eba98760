package site

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// archiveFacts are the whole-archive facts of one store generation that
// many pages share — the day counts (home page, sitemaps) and the newest
// revision of the archive (Last-Modified of the site-wide files) — each a
// query over the whole store, read once per generation.
type archiveFacts struct {
	mu       sync.Mutex
	days     []store.DayCount // read-only once stored
	daysDone bool
	modified time.Time
	modDone  bool
	// lean are the sitemap groups with every year's events by their day
	// alone: enough to count their URLs (sitemapGroups).
	lean     []render.SitemapGroup // read-only once stored
	leanDone bool
}

// dayCounts returns the store's DayCounts, read once per generation.
func (s *Site) dayCounts(ctx context.Context) ([]store.DayCount, error) {
	c, err := s.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	f := &c.facts
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.daysDone {
		if f.days, err = s.st.DayCounts(ctx); err != nil {
			return nil, err
		}
		f.daysDone = true
	}
	return f.days, nil
}

// archiveModified returns the newest revision timestamp of the whole store,
// read once per generation.
func (s *Site) archiveModified(ctx context.Context) (time.Time, error) {
	c, err := s.catalogue(ctx)
	if err != nil {
		return time.Time{}, err
	}
	f := &c.facts
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.modDone {
		if f.modified, err = s.st.LastModified(ctx); err != nil {
			return time.Time{}, err
		}
		f.modDone = true
	}
	return f.modified, nil
}

// leanSitemap returns sitemapGroupsOf the days and lists (and their list
// pages' paths) without event paths, built once per generation: it holds a
// URL per event of the archive.
func (s *Site) leanSitemap(ctx context.Context, days []store.DayCount, lists [3][]store.TitleCount,
	listPaths []string) ([]render.SitemapGroup, error) {
	c, err := s.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	f := &c.facts
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.leanDone {
		f.lean = sitemapGroupsOf(days, lists, listPaths, nil, c.renderer.LinkFormat(), s.pageSize())
		f.leanDone = true
	}
	return f.lean, nil
}

// withYearPaths returns a copy of the lean groups in which the groups of the
// years only accepts list their events by path.
func (s *Site) withYearPaths(ctx context.Context, lean []render.SitemapGroup, days []store.DayCount,
	only func(group string) bool) ([]render.SitemapGroup, error) {
	c, err := s.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	link := c.renderer.LinkFormat()
	out := lean
	copied := false
	for i, g := range lean {
		if i == 0 || !only(g.Name) {
			continue
		}
		year, err := strconv.Atoi(g.Name)
		if err != nil {
			continue
		}
		group, err := s.yearSitemapGroup(ctx, days, year, link)
		if err != nil {
			return nil, err
		}
		if !copied {
			out, copied = append([]render.SitemapGroup(nil), lean...), true
		}
		out[i] = group
	}
	return out, nil
}

// yearSitemapGroup is the sitemap group of a year, with its events' paths.
func (s *Site) yearSitemapGroup(ctx context.Context, days []store.DayCount, year int, link render.Format) (render.SitemapGroup, error) {
	paths, err := s.st.EventPathsOfYear(ctx, year)
	if err != nil {
		return render.SitemapGroup{}, err
	}
	return sitemapGroupsOf(daysOfYear(days, year), [3][]store.TitleCount{}, nil, map[int][]store.PathDate{year: paths}, link, s.pageSize())[1], nil
}

// yearSitemaps writes the sitemap files of the groups of the years that
// years accepts (by name), and no other: those of a site whose sitemaps
// are split and whose index and pages group stand.
func (s *Site) yearSitemaps(ctx context.Context, w *pageWriter, years map[string]bool) error {
	days, err := s.dayCounts(ctx)
	if err != nil {
		return err
	}
	for _, y := range yearCounts(days) {
		if !years[strconv.Itoa(y.Year)] {
			continue
		}
		group, err := s.yearSitemapGroup(ctx, days, y.Year, w.r.LinkFormat())
		if err != nil {
			return err
		}
		files, err := w.r.SitemapGroupFiles(group)
		if err != nil {
			return err
		}
		for _, f := range files {
			if err := w.out.write(f.Path, f.Body); err != nil {
				return err
			}
		}
	}
	return nil
}

// daysOfYear returns the counts of the days of one year.
func daysOfYear(days []store.DayCount, year int) []store.DayCount {
	from := 0
	for from < len(days) && days[from].Date.Year < year {
		from++
	}
	to := from
	for to < len(days) && days[to].Date.Year == year {
		to++
	}
	return days[from:to]
}

// Warm loads what the pages of the store's current generation share — the
// catalogue, the day counts, the archive's Last-Modified and the store's
// topic index — so that the first reader after an import does not wait for
// them. Each is loaded once per generation whoever asks first.
func (s *Site) Warm(ctx context.Context) error {
	if _, err := s.dayCounts(ctx); err != nil {
		return err
	}
	if _, err := s.archiveModified(ctx); err != nil {
		return err
	}
	return s.st.WarmTopics(ctx)
}

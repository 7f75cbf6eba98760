package site

import (
	"context"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"golang.org/x/sync/errgroup"
)

// listPageOf returns the list page of the kind at the page path, or nil
// when the kind's list has none (listPagesOf).
func (s *Site) listPageOf(ctx context.Context, kind event.Kind, pagePath string) (*render.ListPage, error) {
	_, pages, err := s.madeListPages(ctx, kind)
	return pages[pagePath], err
}

// listPagesOf returns the list pages of the kind in order (listPages).
// They are made once per store generation, for every page, path and
// sitemap that needs them: making them sorts every title of the kind
// (16,000 stories on the corpus), which each of an incremental build's 88
// list pages, its list of pages to render and its sitemaps would otherwise
// repeat (docs/performance-log.md).
func (s *Site) listPagesOf(ctx context.Context, kind event.Kind) ([]*render.ListPage, error) {
	list, _, err := s.madeListPages(ctx, kind)
	return list, err
}

// madeListPages returns the kind's list pages of the store's generation,
// in order and by page path, made on first use. Once made they are not
// changed, so they are read without the memo's lock.
func (s *Site) madeListPages(ctx context.Context, kind event.Kind) ([]*render.ListPage, map[string]*render.ListPage, error) {
	m, err := s.countsMemoOf(ctx, kind)
	if err != nil {
		return nil, nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := s.makeListPagesLocked(ctx, kind, m); err != nil {
		return nil, nil, err
	}
	return m.list, m.pages, nil
}

// allListPages returns listPagesOf every kind, in the order of event.Kinds.
func (s *Site) allListPages(ctx context.Context) ([3][]*render.ListPage, error) {
	var pages [3][]*render.ListPage
	var g errgroup.Group
	for i, k := range event.Kinds {
		g.Go(func() (err error) {
			pages[i], err = s.listPagesOf(ctx, k)
			return err
		})
	}
	return pages, g.Wait()
}

// makeListPagesLocked makes the kind's list pages into m, with m.mu held,
// unless they are made.
func (s *Site) makeListPagesLocked(ctx context.Context, kind event.Kind, m *countsMemo) error {
	if m.pages != nil {
		return nil
	}
	counts, err := s.countsLocked(ctx, kind, m)
	if err != nil {
		return err
	}
	m.list = listPages(kind, counts)
	m.pages = make(map[string]*render.ListPage, len(m.list))
	for _, p := range m.list {
		m.pages[p.PagePath()] = p
	}
	return nil
}

package site

import (
	"context"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
)

// listPageOf returns the list page of the kind at the page path, or nil
// when the kind's list has none. The list's pages are made once per store
// generation: making them sorts every title of the kind (16,000 stories
// on the corpus), which each of an incremental build's 88 list pages would
// otherwise repeat (docs/performance.md).
func (s *Site) listPageOf(ctx context.Context, kind event.Kind, pagePath string) (*render.ListPage, error) {
	m, err := s.countsMemoOf(ctx, kind)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pages == nil {
		counts, err := s.countsLocked(ctx, kind, m)
		if err != nil {
			return nil, err
		}
		pages := listPages(kind, counts)
		m.pages = make(map[string]*render.ListPage, len(pages))
		for _, p := range pages {
			m.pages[p.PagePath()] = p
		}
	}
	return m.pages[pagePath], nil
}

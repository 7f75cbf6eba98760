// Package site assembles Chronicle's pages from the store — every event in
// four formats, the day, month and year indexes, the home page, the topic,
// story and category pages and their lists, feeds, sitemaps, robots.txt and
// the stylesheet — for both the static build (Build) and the server (Page).
//
// Both go through the same page-model functions (models.go), so a page the
// server renders is byte for byte the file the build writes. Page queries
// only what one page needs; Build loads the archive once and groups it in
// memory. docs/build.md describes the build, incremental rebuilds and kill
// safety.
package site

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
	"golang.org/x/sync/errgroup"
)

// ErrNotFound is returned, wrapped with the path, when no page has the path.
var ErrNotFound = errors.New("not found")

// Page is one rendered file of the site.
type Page struct {
	Body        []byte
	ContentType string
	// Modified is the newest revision timestamp among the page's inputs
	// (the days it shows), for Last-Modified; zero when unknown.
	Modified time.Time
}

// Site is the archive as a web site: one catalogue of pages over a store.
// It is safe for concurrent use.
type Site struct {
	st  *store.Store
	cfg render.Config

	mu     sync.Mutex
	cached *catalogue // renderer and slugs of one store generation

	search searchMemo // the static search index Page serves
}

// catalogue is what every page of one store generation shares: the slugs of
// topics, stories and categories, and a renderer that links with them.
type catalogue struct {
	generation int64
	links      *slugLinks
	renderer   *render.Renderer
	// wikidata maps titles to the Wikidata items their pages show.
	wikidata map[string]string

	countsMu sync.Mutex
	counts   map[event.Kind]*countsMemo
	facts    archiveFacts // memo.go
}

// countsMemo holds the TitleCounts of one kind once read.
type countsMemo struct {
	slugs  map[string]string // the kind's, of the catalogue
	mu     sync.Mutex
	counts []store.TitleCount // read-only once stored
	done   bool
	// list are the kind's list pages in order, and pages the same by page
	// path, made once from counts (listmemo.go).
	list  []*render.ListPage
	pages map[string]*render.ListPage
}

// titleCounts returns the store's TitleCounts of a kind, read once per store
// generation: each is a query over the whole archive, which the three list
// pages and the sitemaps of an incremental build would otherwise repeat.
func (s *Site) titleCounts(ctx context.Context, kind event.Kind) ([]store.TitleCount, error) {
	m, err := s.countsMemoOf(ctx, kind)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return s.countsLocked(ctx, kind, m)
}

// countsLocked is titleCounts with m.mu held.
func (s *Site) countsLocked(ctx context.Context, kind event.Kind, m *countsMemo) ([]store.TitleCount, error) {
	if !m.done {
		var err error
		if m.counts, err = s.st.TitleCountsWithSlugs(ctx, kind, m.slugs); err != nil {
			return nil, err
		}
		m.done = true
	}
	return m.counts, nil
}

// countsMemoOf returns the memo of the kind's title counts of the store's
// generation.
func (s *Site) countsMemoOf(ctx context.Context, kind event.Kind) (*countsMemo, error) {
	c, err := s.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	c.countsMu.Lock()
	if c.counts == nil {
		c.counts = map[event.Kind]*countsMemo{}
	}
	m := c.counts[kind]
	if m == nil {
		m = &countsMemo{slugs: *c.links.of(kind)}
		c.counts[kind] = m
	}
	c.countsMu.Unlock()
	return m, nil
}

// New returns the site of the store's archive. cfg.Links is replaced by the
// store's permanent slugs.
func New(st *store.Store, cfg render.Config) *Site {
	return &Site{st: st, cfg: cfg}
}

// catalogue returns the renderer and slugs of the store's current
// generation, loading them again only when an import changed the store.
func (s *Site) catalogue(ctx context.Context) (*catalogue, error) {
	gen, err := s.st.Generation(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cached != nil && s.cached.generation == gen {
		return s.cached, nil
	}
	// Read at once: each is a whole table (an incremental build of the
	// corpus waits for them before anything else).
	var links *slugLinks
	var wikidata map[string]string
	var g errgroup.Group
	g.Go(func() (err error) {
		links, err = loadSlugLinks(ctx, s.st)
		return err
	})
	g.Go(func() (err error) {
		wikidata, err = s.st.WikidataIDs(ctx)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	c, err := s.newCatalogue(gen, links, wikidata)
	if err != nil {
		return nil, err
	}
	s.cached = c
	return c, nil
}

func (s *Site) newCatalogue(gen int64, links *slugLinks, wikidata map[string]string) (*catalogue, error) {
	cfg := s.cfg
	cfg.Links, cfg.Wikidata = links, wikidata
	r, err := render.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("site: %w", err)
	}
	return &catalogue{generation: gen, links: links, renderer: r, wikidata: wikidata}, nil
}

// slugLinks is the render.Linker of the store's permanent slugs. A title the
// store has no slug for (which a consistent store never asks) falls back to
// event.TopicSlug.
type slugLinks struct {
	topics, stories, categories map[string]string
}

func loadSlugLinks(ctx context.Context, st *store.Store) (*slugLinks, error) {
	var l slugLinks
	var g errgroup.Group
	for _, k := range event.Kinds {
		g.Go(func() (err error) {
			*l.of(k), err = st.Slugs(ctx, k)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return &l, nil
}

// of returns the slugs of the titles of kind k.
func (l *slugLinks) of(k event.Kind) *map[string]string {
	switch k {
	case event.KindStory:
		return &l.stories
	case event.KindCategory:
		return &l.categories
	}
	return &l.topics
}

// PathOf implements render.Linker.
func (l *slugLinks) PathOf(k event.Kind, title string) string {
	if slug, ok := (*l.of(k))[title]; ok {
		return render.TitlePath(k, slug)
	}
	return render.SlugLinker{}.PathOf(k, title)
}

package site

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/searchindex"
	"github.com/chronicle-archive/chronicle/internal/store"
)

const (
	jsType   = "text/javascript; charset=utf-8"
	jsonType = "application/json"
)

// searchMemo keeps the static search index of one store generation, built
// when Page is first asked for one of its files.
type searchMemo struct {
	mu    sync.Mutex
	gen   int64
	files map[string][]byte
}

// isSearchFile tells the site paths of the static search: its page, its
// script and its index.
func isSearchFile(p string) bool {
	return p == render.StaticSearchPath || p == render.SearchScriptPath || strings.HasPrefix(p, searchindex.Dir)
}

// searchIndex builds the static search index of the store's events.
func (s *Site) searchIndex(ctx context.Context) ([]searchindex.File, error) {
	stored, err := s.st.SearchDocuments(ctx)
	if err != nil {
		return nil, err
	}
	return searchindex.Build(searchDocs(stored))
}

// searchFile answers Page for a file of the static search.
func (s *Site) searchFile(ctx context.Context, cat *catalogue, urlPath string) (Page, error) {
	r := cat.renderer
	switch {
	case !r.Has(render.HTML):
		return Page{}, ErrNotFound
	case urlPath == render.SearchScriptPath:
		return Page{Body: render.SearchScript(), ContentType: jsType}, nil
	case urlPath == render.StaticSearchPath:
		return s.sitewide(ctx, render.HTML.ContentType(), func(b *bytes.Buffer) error { return r.StaticSearchPage(b) })
	}
	m := &s.search
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil || m.gen != cat.generation {
		files, err := s.searchIndex(ctx)
		if err != nil {
			return Page{}, err
		}
		m.gen, m.files = cat.generation, make(map[string][]byte, len(files))
		for _, f := range files {
			m.files[f.Path] = f.Body
		}
	}
	body, ok := m.files[urlPath]
	if !ok {
		return Page{}, ErrNotFound
	}
	return Page{Body: body, ContentType: jsonType}, nil
}

// SearchModelFile is the name, inside a built site, of its static search
// index's model (searchindex.Model, stamped with the generation of the
// build that wrote it and the search generation it holds): what the next
// build updates with the events changed since, to rewrite only the index
// files they change.
const SearchModelFile = ".chronicle-search-model"

const searchModelPath = "/" + SearchModelFile

// searchFiles writes the static site's search (docs/search.md): its page,
// its script and its index, built whole from the store's search index,
// and the index's model. The output leaves the files whose bytes did not
// change untouched, and the files the index no longer has are removed. A
// site without HTML has no search (and loses an earlier build's).
func (s *Site) searchFiles(ctx context.Context, w *pageWriter) error {
	return s.writeSearch(ctx, w, -1)
}

// searchFilesOver is the task of searchFiles over the build of generation
// since: its index is updated from the model that build wrote, if it did.
func (s *Site) searchFilesOver(since int64) task {
	return func(ctx context.Context, w *pageWriter) error {
		return s.writeSearch(ctx, w, since)
	}
}

// writeSearch is searchFiles, over the build of generation over when it is
// not negative.
func (s *Site) writeSearch(ctx context.Context, w *pageWriter, over int64) error {
	listed := map[string]map[string]bool{searchindex.Dir + "t/": {}, searchindex.Dir + "d/": {}, searchindex.Dir: {}}
	if !w.r.Has(render.HTML) {
		if !w.out.replace {
			return nil
		}
		for _, p := range []string{render.SearchScriptPath, render.StaticSearchPath, searchModelPath} {
			if err := w.out.remove(p); err != nil {
				return err
			}
		}
		return removeAllUnlisted(w.out, listed)
	}
	w.buf.Reset()
	if err := w.r.StaticSearchPage(&w.buf); err != nil {
		return err
	}
	if err := w.out.write(render.StaticSearchPath, w.buf.Bytes()); err != nil {
		return err
	}
	if err := w.out.write(render.SearchScriptPath, render.SearchScript()); err != nil {
		return err
	}
	stamps, err := s.searchStamps(ctx)
	if err != nil {
		return err
	}
	if over >= 0 && w.out.replace {
		if done, err := s.updateSearchIndex(ctx, w.out, over, stamps); done || err != nil {
			return err
		}
	}
	m, err := s.searchModel(ctx)
	if err != nil {
		return err
	}
	m.Stamps = stamps
	files, err := m.Files()
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := w.out.write(f.Path, f.Body); err != nil {
			return err
		}
		dir := f.Path[:strings.LastIndexByte(f.Path, '/')+1]
		if listed[dir] != nil {
			listed[dir][f.Path] = true
		}
	}
	if err := w.out.writeOwn(searchModelPath, m.Save()); err != nil {
		return err
	}
	if !w.out.replace {
		return nil
	}
	return removeAllUnlisted(w.out, listed)
}

// searchStamps are the stamps of a model written now: the store's
// generation, which the build's state file will name, and its search
// generation — or, when the store's search index lacks summaries
// enrichment gave (derive.UpdateSearch not run since), the generation
// before the earliest, so that the next update reads their events again.
// They are read before the events: an import meanwhile makes the model
// look older than it is, never newer.
func (s *Site) searchStamps(ctx context.Context) ([2]int64, error) {
	gen, err := s.st.Generation(ctx)
	if err != nil {
		return [2]int64{}, err
	}
	search, err := s.st.SearchGeneration(ctx)
	if err != nil {
		return [2]int64{}, err
	}
	if since, ok, err := s.st.UnindexedSummariesSince(ctx); err != nil || ok && since < search {
		return [2]int64{gen, since}, err
	}
	return [2]int64{gen, search}, nil
}

// searchModel indexes every event of the store's search index.
func (s *Site) searchModel(ctx context.Context) (*searchindex.Model, error) {
	stored, err := s.st.SearchDocuments(ctx)
	if err != nil {
		return nil, err
	}
	return searchindex.NewModel(searchDocs(stored))
}

func searchDocs(stored []store.SearchDocument) []searchindex.Doc {
	docs := make([]searchindex.Doc, len(stored))
	for i, d := range stored {
		docs[i] = searchindex.Doc{ID: d.ID, Path: d.Path, Fields: d.Fields}
	}
	return docs
}

// updateSearchIndex updates the index of the build of generation over, in
// out, from its model: the events of the days changed since the model's
// search generation, and those enriched since, are read again (an import
// replaces a day's events, those whose paths stay under their ids, and
// nothing else changes what the store's search index holds of an event).
// It reports false, having written nothing, when the build has no model
// this Chronicle reads, or one another build than the one over wrote (an
// older Chronicle's build since, which rewrote the index and left the
// model as it was).
func (s *Site) updateSearchIndex(ctx context.Context, out *output, over int64, stamps [2]int64) (bool, error) {
	name, err := out.filePath(searchModelPath)
	if err != nil {
		return false, err
	}
	b, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	m, err := searchindex.LoadModel(b)
	if err != nil || m.Stamps[0] != over {
		return false, nil
	}
	changes, err := s.st.ChangedDays(ctx, m.Stamps[1])
	if err != nil {
		return false, err
	}
	enriched, err := s.st.EnrichedSince(ctx, m.Stamps[1])
	if err != nil {
		return false, err
	}
	days := make([]event.Date, len(changes))
	dirs := map[string]bool{} // /news/2026/03/28/
	for i, c := range changes {
		days[i] = c.Date
		dirs[event.SitePath{Type: event.PathEvent, Date: c.Date}.String()] = true
	}
	stored, err := s.st.SearchDocumentsOf(ctx, days, enriched)
	if err != nil {
		return false, err
	}
	// An enriched event's id is the one the store gives it now: its
	// document among stored replaces it.
	drop := func(_ int64, dir string) bool { return dirs[dir] }
	read := func(p string) ([]byte, error) {
		name, err := out.filePath(p)
		if err != nil {
			return nil, err
		}
		return os.ReadFile(name)
	}
	write, gone, err := m.Update(drop, searchDocs(stored), read)
	if errors.Is(err, searchindex.ErrStale) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	for _, f := range write {
		if err := out.write(f.Path, f.Body); err != nil {
			return false, err
		}
	}
	for _, p := range gone {
		if err := out.remove(p); err != nil {
			return false, err
		}
	}
	m.Stamps = stamps
	return true, out.writeOwn(searchModelPath, m.Save())
}

func removeAllUnlisted(out *output, listed map[string]map[string]bool) error {
	for dir, files := range listed {
		if err := out.removeUnlisted(dir, files); err != nil {
			return err
		}
	}
	return nil
}

// writeOwn writes a file of the build's own (the search model) at the site
// path: logged for the next build's copy of the version as a page is, but
// not counted among the site's files, nor rewritten with the same bytes.
func (o *output) writeOwn(urlPath string, body []byte) error {
	name, err := o.filePath(urlPath)
	if err != nil {
		return err
	}
	if err := o.mkdir(filepath.Dir(name)); err != nil {
		return err
	}
	if !o.replace {
		return createFile(name, body, !o.modesArePlain())
	}
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, body) {
		return nil
	}
	if err := writeAtomic(name, body); err != nil {
		return err
	}
	o.log.add(urlPath, false)
	return nil
}

// remove removes the file at the site path, if there is one.
func (o *output) remove(urlPath string) error {
	name, err := o.filePath(urlPath)
	if err != nil {
		return err
	}
	if err := os.Remove(name); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	o.removed.Add(1)
	o.log.add(urlPath, true)
	return nil
}

package site

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"strings"
	"sync"

	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/searchindex"
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
	docs := make([]searchindex.Doc, len(stored))
	for i, d := range stored {
		docs[i] = searchindex.Doc{ID: d.ID, Path: d.Path, Fields: d.Fields}
	}
	return searchindex.Build(docs)
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

// searchFiles writes the static site's search (docs/search.md): its page,
// its script and its index, built whole from the store's search index
// each time; the output leaves the files whose bytes did not change
// untouched, so an incremental build writes only the affected shards, and
// the files the index no longer has are removed. A site without HTML has
// no search (and loses an earlier build's).
func (s *Site) searchFiles(ctx context.Context, w *pageWriter) error {
	listed := map[string]map[string]bool{searchindex.Dir + "t/": {}, searchindex.Dir + "d/": {}, searchindex.Dir: {}}
	if !w.r.Has(render.HTML) {
		if !w.out.replace {
			return nil
		}
		for _, p := range []string{render.SearchScriptPath, render.StaticSearchPath} {
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
	files, err := s.searchIndex(ctx)
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
	if !w.out.replace {
		return nil
	}
	return removeAllUnlisted(w.out, listed)
}

func removeAllUnlisted(out *output, listed map[string]map[string]bool) error {
	for dir, files := range listed {
		if err := out.removeUnlisted(dir, files); err != nil {
			return err
		}
	}
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
	o.log.add(urlPath, true)
	return nil
}

package site

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
)

// A site is built in some of the four formats (render.Config.Formats). The
// state file records them, so that a build with other formats renders
// every page again (their links name the formats) and removes the files of
// the formats it no longer has.

// formatNames returns the names of the formats, html, md, json, xml.
func formatNames(fs []render.Format) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.String()
	}
	return out
}

// builtFormats returns the formats an earlier build recorded: every format
// for a state file older than the record.
func (st buildState) builtFormats() []string {
	if st.Formats == nil {
		return formatNames(render.Formats)
	}
	return st.Formats
}

// removeFormats deletes the files of the formats named in dropped from the
// built site in dir: the pages and redirects with their extensions, the
// stylesheet and 404 page (with its script) with HTML, the schemas with JSON. Feeds and
// sitemaps stay.
func removeFormats(dir string, dropped []string) error {
	if len(dropped) == 0 {
		return nil
	}
	exts := map[string]bool{}
	for _, name := range dropped {
		exts["."+name] = true
	}
	return filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(dir, name)
		if err != nil {
			return err
		}
		if !droppedFile("/"+filepath.ToSlash(rel), exts) {
			return nil
		}
		if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	})
}

// droppedFile reports whether the site path belongs to one of the formats
// of the extensions exts.
func droppedFile(sitePath string, exts map[string]bool) bool {
	switch {
	case sitePath == render.StylePath || sitePath == render.NotFoundPath || sitePath == render.MendScriptPath ||
		sitePath == render.OpenSearchPath || sitePath == render.FaviconPath || sitePath == render.FaviconSVGPath ||
		isSearchFile(sitePath):
		return exts[render.HTML.Ext()]
	case strings.HasPrefix(sitePath, "/schema/"):
		return exts[render.JSON.Ext()]
	case strings.HasPrefix(sitePath, render.AboutPath+"."):
		return exts[strings.TrimPrefix(sitePath, render.AboutPath)]
	}
	p, err := event.ParseSitePath(sitePath)
	return err == nil && p.IsPage() && exts[p.Ext]
}

// droppedFormats returns the names in was that now lacks.
func droppedFormats(was, now []string) []string {
	var out []string
	for _, name := range was {
		if !slices.Contains(now, name) {
			out = append(out, name)
		}
	}
	return out
}

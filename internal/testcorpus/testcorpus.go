// Package testcorpus gives tests and benchmarks the shared corpus, the full
// Current Events archive as a MediaWiki dump in ../shared/corpus beside the
// repository. A user's own clone has no such folder: every helper here skips
// the calling test when the corpus is absent.
package testcorpus

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
)

// File is the corpus's name in ../shared/corpus.
const File = "portal-current-events-2002-2026.xml.bz2"

// Page is one day page of the corpus.
type Page struct {
	Date  event.Date
	Title string
	Text  string
}

var (
	pagesOnce sync.Once
	pages     []Page
	pagesErr  error
)

// Path returns the corpus's path, skipping tb when it is absent.
func Path(tb testing.TB) string {
	tb.Helper()
	path, err := find()
	if err != nil {
		tb.Skip("shared corpus absent: ", err)
	}
	return path
}

// Pages returns every day page of the corpus, in dump order, read once per
// test binary with the importer's own dump reader; it skips tb when the corpus
// is absent.
func Pages(tb testing.TB) []Page {
	tb.Helper()
	path := Path(tb)
	pagesOnce.Do(func() { pages, pagesErr = read(path) })
	if pagesErr != nil {
		tb.Fatal(pagesErr)
	}
	return pages
}

// find walks up from the working directory to the module root (the folder
// holding go.mod) and looks for ../shared/corpus beside it; the environment
// variable CHRONICLE_CORPUS, when set, names the corpus file instead (for a
// git worktree that is not beside shared/).
func find() (string, error) {
	if path := os.Getenv("CHRONICLE_CORPUS"); path != "" {
		_, err := os.Stat(path)
		return path, err
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			path := filepath.Join(dir, "..", "shared", "corpus", File)
			if _, err := os.Stat(path); err != nil {
				return "", err
			}
			return path, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

func read(path string) ([]Page, error) {
	var out []Page
	for p, err := range mediawiki.DayPages(path, nil) {
		if err != nil {
			return nil, err
		}
		out = append(out, Page{Date: p.Date, Title: p.Title, Text: p.Text})
	}
	return out, nil
}

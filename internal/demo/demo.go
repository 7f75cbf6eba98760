// Package demo embeds the sample archive that `chronicle serve --demo` serves:
// day pages of the Current Events Portal (fourteen consecutive days of 2025
// and eight days of 2023 and 2024), written for the project in the portal's
// real wikitext format (see README.md). The events are fictional. The
// demo also carries what enrichment would have found of some of their
// sources (enrichment.json, and cover images in media/, served at
// MediaPrefix by WithMedia), which Open records with Enrich.
package demo

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// Days holds the sample day pages as days/YYYY-MM-DD.wiki.
//
//go:embed days/*.wiki
var Days embed.FS

// daysDir is the directory of Days that holds the day pages.
const daysDir = "days"

// Earlier holds earlier revisions of some sample days as
// earlier/YYYY-MM-DD.wiki: Open imports them before Days, whose pages then
// replace them as a sync's newer revisions would, so that the demo shows
// an edited event (its earlier text, its former address).
//
//go:embed earlier/*.wiki
var Earlier embed.FS

// earlierDir is the directory of Earlier that holds the day pages.
const earlierDir = "earlier"

// wikiExt is the extension of a day page file.
const wikiExt = ".wiki"

// File is one embedded day page.
type File struct {
	// Date is the day of the page, from its file name.
	Date event.Date
	// Name is the file name, YYYY-MM-DD.wiki.
	Name string
	// Wikitext is the page's source text.
	Wikitext string
}

// Files lists the embedded day pages in date order.
func Files() ([]File, error) {
	return readDays(Days, daysDir)
}

// EarlierFiles lists the embedded earlier revisions in date order.
func EarlierFiles() ([]File, error) {
	return readDays(Earlier, earlierDir)
}

// readDays reads every YYYY-MM-DD.wiki file of dir in fsys, in date order.
func readDays(fsys fs.FS, dir string) ([]File, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("demo: list %s: %w", dir, err)
	}
	files := make([]File, 0, len(entries))
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		f, err := readDay(fsys, dir, e.Name())
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Date.Before(files[j].Date) })
	return files, nil
}

// readDay reads one day page, taking its date from the file name.
func readDay(fsys fs.FS, dir, name string) (File, error) {
	stem, ok := strings.CutSuffix(name, wikiExt)
	if !ok {
		return File{}, fmt.Errorf("demo: %s: want a YYYY-MM-DD%s file", name, wikiExt)
	}
	date, err := event.ParseDate(stem)
	if err != nil {
		return File{}, fmt.Errorf("demo: %s: %w", name, err)
	}
	text, err := fs.ReadFile(fsys, path.Join(dir, name))
	if err != nil {
		return File{}, fmt.Errorf("demo: read %s: %w", name, err)
	}
	return File{Date: date, Name: name, Wikitext: string(text)}, nil
}

// PageSize is how many events one page of a topic, story or category lists
// when `chronicle serve --demo` serves the demo (render.Config.PageSize):
// the demo's few events then still fill several pages, so that a first look
// shows the pagination and the year pages that the full archive needs
// (where the production size, render.DefaultPageSize, applies).
const PageSize = 8

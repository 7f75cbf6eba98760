package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
	"github.com/chronicle-archive/chronicle/internal/wcep"
)

// wikiFileExt ends the name of a day page file in an input directory.
const wikiFileExt = ".wiki"

// item is one thing an input yields, in input order: a page to import, a page
// or file skipped with a warning, or the error that ended the input. Every
// item also carries how many pages before it were skipped silently.
type item struct {
	seq      int
	name     string // the page title or file, for messages
	page     mediawiki.Page
	date     event.Date
	notes    []string // warnings about a page that is still imported
	skip     string   // why the page is skipped, when it is
	notDay   bool     // skipped as a portal page that is no day page: not a failure
	skipped  int      // pages before this one that are not day pages
	inputErr error    // the input could not be read (to its end)
}

// hasPage reports whether the item is a page to parse and import.
func (it item) hasPage() bool { return it.skip == "" && !it.date.IsZero() }

// input yields the pages of one PATH argument.
type input interface {
	// next returns the next item; done reports that it is the input's last.
	next() (it item, done bool)
	// bytesRead is how far into the input (in bytes on disk) reading has come.
	bytesRead() int64
	close() error
}

// openInput opens a dump file, a directory of day page files or one day
// page file.
func openInput(path string) (input, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return openDir(path)
	}
	if strings.HasSuffix(path, wikiFileExt) {
		return &dirInput{dir: filepath.Dir(path), names: []string{filepath.Base(path)}}, nil
	}
	f, err := mediawiki.OpenFile(path)
	if err != nil {
		return nil, err
	}
	r := mediawiki.NewReader(f)
	r.Keep = isPortalTitle
	return &dumpInput{file: f, reader: r}, nil
}

// inputSize is the size on disk of what openInput(path) will read, for the
// progress bar: the file, or the day page files of a directory.
func inputSize(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	if !info.IsDir() {
		return info.Size()
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return 0
	}
	var total int64
	for _, e := range entries {
		if i, err := os.Stat(filepath.Join(path, e.Name())); err == nil && i.Mode().IsRegular() && strings.HasSuffix(e.Name(), wikiFileExt) {
			total += i.Size()
		}
	}
	return total
}

// isPortalTitle keeps the pages of the Current Events Portal, day pages or not;
// the others are skipped without reading their text.
func isPortalTitle(title string) bool {
	return strings.HasPrefix(strings.ReplaceAll(title, "_", " "), mediawiki.DayTitlePrefix)
}

// dumpInput yields the pages of a MediaWiki XML dump.
type dumpInput struct {
	file    *mediawiki.File
	reader  *mediawiki.Reader
	pending []item // the days of a month page not yet yielded
	skipped int    // reader.Skipped() already reported
}

func (d *dumpInput) next() (item, bool) {
	for len(d.pending) == 0 {
		p, err := d.reader.Next()
		skipped := d.reader.Skipped() - d.skipped
		d.skipped += skipped
		switch {
		case err == io.EOF:
			return item{skipped: skipped}, true
		case err != nil:
			return item{skipped: skipped, inputErr: err}, true
		}
		d.pending = pageItems(p, nil)
		if len(d.pending) == 0 {
			d.pending = []item{{}}
		}
		d.pending[0].skipped += skipped
	}
	it := d.pending[0]
	d.pending = d.pending[1:]
	return it, false
}

func (d *dumpInput) bytesRead() int64 { return d.file.BytesRead() }
func (d *dumpInput) close() error     { return d.file.Close() }

// pageItems dates a portal page by its title: a day page is one item, a
// month page of the early portal one item per day it has a section for.
// Other pages are skipped with a warning; days not in keep (when it is not
// empty) are skipped silently. The list is never empty.
func pageItems(p mediawiki.Page, keep []event.Date) []item {
	date, err := mediawiki.ParseDayTitle(p.Title)
	if err != nil {
		return monthItems(p, keep)
	}
	if len(keep) > 0 && !slices.Contains(keep, date) {
		return []item{{skipped: 1}}
	}
	it := item{name: p.Title, page: p, date: date}
	if strings.ContainsRune(p.Text, utf8.RuneError) {
		it.notes = append(it.notes, "text has U+FFFD: invalid UTF-8 or a character XML forbids was replaced")
	}
	return []item{it}
}

// monthItems splits a month page of the early portal (before
// mediawiki.DailyPagesSince) into its days: each day's item has the month
// page's revision and the day's section as its text, so that the day is
// stored as any day page is.
func monthItems(p mediawiki.Page, keep []event.Date) []item {
	notDay := item{name: p.Title, page: p, notDay: true, skip: "title is not a day page (want \"" + mediawiki.DayTitlePrefix + "YYYY Month D\" with a valid date)"}
	year, month, err := mediawiki.ParseMonthTitle(p.Title)
	if err != nil || !mediawiki.UsesMonthPage(event.Date{Year: year, Month: month, Day: 1}) {
		return []item{notDay}
	}
	m, err := wcep.SplitMonth(year, month, p.Text)
	if err != nil {
		return []item{{name: p.Title, page: p, skip: "month page: " + err.Error()}}
	}
	var items []item
	skipped := 0
	for _, d := range m.Days {
		if len(keep) > 0 && !slices.Contains(keep, d.Date) {
			skipped++
			continue
		}
		page := p
		page.Text, page.SHA1 = d.Wikitext, mediawiki.TextSHA1(d.Wikitext)
		items = append(items, item{name: p.Title + " (" + d.Date.String() + ")", page: page, date: d.Date, skipped: skipped})
		skipped = 0
	}
	if skipped > 0 || len(items) == 0 {
		items = append(items, item{skipped: max(skipped, 1)})
	}
	if items[0].name != "" { // the month's warnings go with its first day imported
		items[0].notes = append(items[0].notes, m.Warnings...)
	}
	return items
}

// dirInput yields the day pages of a directory of YYYY-MM-DD.wiki files, in
// file name (so date) order.
type dirInput struct {
	dir   string
	names []string
	read  int64
}

func openDir(dir string) (*dirInput, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), wikiFileExt) {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no YYYY-MM-DD%s files in the directory", dir, wikiFileExt)
	}
	sort.Strings(names)
	return &dirInput{dir: dir, names: names}, nil
}

func (d *dirInput) next() (item, bool) {
	if len(d.names) == 0 {
		return item{}, true
	}
	name := d.names[0]
	d.names = d.names[1:]
	return d.readFile(filepath.Join(d.dir, name), strings.TrimSuffix(name, wikiFileExt)), len(d.names) == 0
}

// readFile reads one day page file: revision id 0, the file's modification
// time as timestamp. A bad name or an unreadable file is skipped with a warning.
func (d *dirInput) readFile(path, base string) item {
	it := item{name: path}
	date, err := event.ParseDate(base)
	if err != nil || date.String() != base {
		it.skip = "file name is not a valid YYYY-MM-DD" + wikiFileExt + " date"
		return it
	}
	if why := notADayFile(path); why != "" {
		it.skip = why
		return it
	}
	data, info, err := readWithInfo(path)
	if err != nil {
		it.skip = err.Error()
		return it
	}
	d.read += int64(len(data))
	text := string(data)
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		it.notes = append(it.notes, "invalid UTF-8 replaced with U+FFFD")
	}
	it.date = date
	it.page = mediawiki.Page{
		Title:     mediawiki.DayTitle(date),
		Timestamp: info.ModTime().UTC(),
		SHA1:      mediawiki.TextSHA1(string(data)),
		Text:      text,
	}
	return it
}

// notADayFile says why the directory entry at path, followed if it is a
// link, cannot be read as a day page file, or "" when it can be. A FIFO or
// device is never opened: reading it could wait for ever.
func notADayFile(path string) string {
	info, err := os.Stat(path)
	var pathErr *fs.PathError
	switch {
	case errors.As(err, &pathErr):
		return pathErr.Err.Error()
	case err != nil:
		return err.Error()
	case info.IsDir():
		return "a directory, not a day page file"
	case !info.Mode().IsRegular():
		return "not a regular file (" + info.Mode().Type().String() + ")"
	}
	return ""
}

func readWithInfo(path string) ([]byte, os.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	return data, info, nil
}

func (d *dirInput) bytesRead() int64 { return d.read }
func (d *dirInput) close() error     { return nil }

// chanInput yields the pages received from a channel, such as those a sync
// fetches from the API.
type chanInput struct {
	pages   <-chan Page
	ctx     context.Context
	pending []item
}

func (c *chanInput) next() (item, bool) {
	for len(c.pending) == 0 {
		select {
		case p, ok := <-c.pages:
			if !ok {
				return item{}, true
			}
			c.pending = pageItems(p.Page, p.Days)
		case <-c.ctx.Done():
			return item{}, true
		}
	}
	it := c.pending[0]
	c.pending = c.pending[1:]
	return it, false
}

func (c *chanInput) bytesRead() int64 { return 0 }
func (c *chanInput) close() error     { return nil }

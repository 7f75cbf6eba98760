package wcep

import (
	"compress/bzip2"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// corpusPath is the shared corpus, relative to this package's directory.
const corpusPath = "../../../shared/corpus/portal-current-events-2002-2026.xml.bz2"

// corpusPage is one day page of the corpus.
type corpusPage struct {
	Date event.Date
	Text string
}

// readCorpus streams the shared corpus's day pages, skipping the test when the
// corpus is absent. It reads the dump with encoding/xml; the importer's own
// reader lives in internal/mediawiki.
func readCorpus(tb testing.TB) []corpusPage {
	tb.Helper()
	f, err := os.Open(corpusPath)
	if errors.Is(err, os.ErrNotExist) {
		tb.Skip("shared corpus absent: ", corpusPath)
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	dec := xml.NewDecoder(bzip2.NewReader(f))
	var pages []corpusPage
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return pages
		}
		if err != nil {
			tb.Fatal(err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok || start.Name.Local != "page" {
			continue
		}
		var pg struct {
			Title string `xml:"title"`
			Text  string `xml:"revision>text"`
		}
		if err := dec.DecodeElement(&pg, &start); err != nil {
			tb.Fatal(err)
		}
		day, err := time.Parse("2006 January 2", strings.TrimPrefix(pg.Title, "Portal:Current events/"))
		if err != nil {
			tb.Fatalf("page %q: %v", pg.Title, err)
		}
		pages = append(pages, corpusPage{event.NewDate(day), pg.Text})
	}
}

// TestCorpusCounts parses every page of the shared corpus and checks the counts
// its README gives. The README counts lines: a bullet line is an event unless
// it is a bare "*[[…]]" story header, and an event has a source when its line
// holds a bracketed "[http…" link. The parser also takes bare URLs as sources
// (60 events cite only bare URLs, as in "…justice.http://www.hri.ca/…"), so
// the count with a bracketed source is checked apart from the total.
func TestCorpusCounts(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the whole corpus")
	}
	pages := loadCorpus(t)
	var events, bracketed, sourced, headers int
	var p dayParser
	for _, pg := range pages {
		day, err := p.parse(pg.Date, pg.Text)
		if err != nil {
			t.Errorf("%s: %v", pg.Date, err)
			continue
		}
		checkDay(t, day)
		headers += p.headers
		events += len(day.Events)
		for _, e := range day.Events {
			if len(e.Sources) > 0 {
				sourced++
			}
			if slices.ContainsFunc(e.Sources, func(s event.Source) bool { return strings.Contains(pg.Text, "["+s.URL) }) {
				bracketed++
			}
		}
	}
	if len(pages) != 8587 || events != 113258 || bracketed != 109161 || headers != 48865 {
		t.Errorf("pages %d events %d with a bracketed source %d story-header lines %d; want 8587, 113258, 109161, 48865",
			len(pages), events, bracketed, headers)
	}
	if sourced != 109221 {
		t.Errorf("events with any source %d, want 109221 (109161 bracketed + 60 bare-URL only)", sourced)
	}
}

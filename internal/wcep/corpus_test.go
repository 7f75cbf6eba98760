package wcep

import (
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/testcorpus"

	"github.com/chronicle-archive/chronicle/internal/event"
)

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
	pages := testcorpus.Pages(t)
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

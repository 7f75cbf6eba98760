package ingest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
)

// A dump of the early portal: a month page split into its days, a day page
// beside it, and a later month page (an index of day pages) skipped.
func TestRunImportsMonthPagesByDay(t *testing.T) {
	st := newMemStore()
	sum, warnings := run(t, st, Options{}, "testdata/month-pages.xml")
	var dates []string
	for _, d := range []int{11, 14, 15, 22, 29, 31} {
		date := event.Date{Year: 2004, Month: time.March, Day: d}
		day, ok := st.days[date]
		if !ok {
			t.Errorf("%s not imported", date)
			continue
		}
		dates = append(dates, date.String())
		for _, e := range day.Events {
			if e.Date != date {
				t.Errorf("event %s of %s dated %s", e.Path, date, e.Date)
			}
		}
		wantTitle := "Portal:Current events/March 2004"
		if d == 15 {
			wantTitle = "Portal:Current events/2004 March 15"
		} else if day.RevisionID != 180000001 || day.Comment != "archive March" || day.SHA1 != mediawiki.TextSHA1(day.Wikitext) {
			t.Errorf("%s: revision %d comment %q", date, day.RevisionID, day.Comment)
		}
		if day.Title != wantTitle {
			t.Errorf("%s: title %q, want %q", date, day.Title, wantTitle)
		}
	}
	if len(st.days) != 6 || sum.Added != 6 {
		t.Errorf("days %v, summary %+v", dates, sum)
	}
	if n := len(st.days[event.Date{Year: 2004, Month: time.March, Day: 14}].Events); n != 3 {
		t.Errorf("March 14 (two sections) has %d events, want 3", n)
	}
	for _, w := range []string{"February 29, 2004", "Portal:Current events/June 2013: title is not a day page"} {
		if !strings.Contains(warnings, w) {
			t.Errorf("warnings lack %q:\n%s", w, warnings)
		}
	}
}

// RunPages stores pages from a channel as Run stores them from a file, and
// KeepDay leaves days out.
func TestRunPagesMatchesRun(t *testing.T) {
	fromFile := newMemStore()
	run(t, fromFile, Options{}, "testdata/dump.xml")
	f, err := mediawiki.OpenFile("testdata/dump.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := mediawiki.NewReader(f)
	pages := make(chan Page)
	var skippedDate event.Date
	go func() {
		defer close(pages)
		for {
			p, err := r.Next()
			if err != nil {
				return
			}
			d, err := mediawiki.ParseDayTitle(p.Title)
			if err == nil && skippedDate.IsZero() {
				// Import only another day of the first day page: none.
				skippedDate = d
				pages <- Page{Page: p, Days: []event.Date{{Year: 1999, Month: time.January, Day: 1}}}
				continue
			}
			pages <- Page{Page: p}
		}
	}()
	fromChan := newMemStore()
	sum, err := RunPages(context.Background(), fromChan, pages, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fromChan.days) != len(fromFile.days)-1 || sum.Added != len(fromChan.days) {
		t.Fatalf("%d days from the channel (%+v), %d from the file", len(fromChan.days), sum, len(fromFile.days))
	}
	for date, d := range fromChan.days {
		want := fromFile.days[date]
		if d.SHA1 != want.SHA1 || d.RevisionID != want.RevisionID || len(d.Events) != len(want.Events) {
			t.Errorf("%s differs", date)
		}
	}
	if _, ok := fromChan.days[skippedDate]; ok {
		t.Errorf("%s was not left out", skippedDate)
	}
}

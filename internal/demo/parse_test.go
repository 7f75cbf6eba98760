package demo

import (
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/wcep"
)

func TestSampleDaysParseWithoutWarnings(t *testing.T) {
	for _, f := range mustFiles(t) {
		day, err := wcep.ParseDay(f.Date, f.Wikitext)
		if err != nil {
			t.Errorf("%s: %v", f.Name, err)
			continue
		}
		for _, w := range day.Warnings {
			t.Errorf("%s: warning: %s", f.Name, w)
		}
		if len(day.Events) < 8 {
			t.Errorf("%s: %d events, want at least 8", f.Name, len(day.Events))
		}
	}
}

func TestSampleHeadlinesHoldNoMarkup(t *testing.T) {
	leaks := []string{"[[", "]]", "{{", "}}", "<ref", "<!--", "&ndash;", "''", "https://"}
	for _, e := range mustParse(t) {
		if len(e.Sources) == 0 {
			t.Errorf("%s has no sources", e.Path)
		}
		for _, leak := range leaks {
			if strings.Contains(e.Headline, leak) {
				t.Errorf("%s: headline %q holds %q", e.Path, e.Headline, leak)
			}
		}
	}
}

func TestSampleEntitiesRecurAcrossDays(t *testing.T) {
	days := map[string]map[event.Date]bool{}
	for _, e := range mustParse(t) {
		for _, ent := range e.Entities {
			addDay(days, ent.Title, e.Date)
		}
	}
	if got := countSpanning(days, 3); got < 10 {
		t.Errorf("%d entities appear on 3 or more days, want at least 10", got)
	}
}

func TestSampleStoriesSpanSeveralDays(t *testing.T) {
	days := map[string]map[event.Date]bool{}
	for _, e := range mustParse(t) {
		if n := len(e.Stories); n > 0 {
			addDay(days, e.Stories[n-1], e.Date)
		}
	}
	if got := countSpanning(days, 3); got < 4 {
		t.Errorf("%d innermost stories span 3 or more days, want at least 4", got)
	}
}

func TestSampleStoriesRecurAcrossYears(t *testing.T) {
	years := map[string]map[int]bool{}
	for _, e := range mustParse(t) {
		for _, s := range e.Stories {
			if years[s] == nil {
				years[s] = map[int]bool{}
			}
			years[s][e.Date.Year] = true
		}
	}
	n := 0
	for _, seen := range years {
		if len(seen) >= 3 {
			n++
		}
	}
	if n < 3 {
		t.Errorf("%d stories appear in 3 or more years, want at least 3", n)
	}
}

// mustParse parses every sample day and returns all their events.
func mustParse(t *testing.T) []event.Event {
	t.Helper()
	var events []event.Event
	for _, f := range mustFiles(t) {
		day, err := wcep.ParseDay(f.Date, f.Wikitext)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		events = append(events, day.Events...)
	}
	return events
}

func addDay(days map[string]map[event.Date]bool, key string, d event.Date) {
	if days[key] == nil {
		days[key] = map[event.Date]bool{}
	}
	days[key][d] = true
}

// countSpanning counts the keys seen on at least atLeast different days.
func countSpanning(days map[string]map[event.Date]bool, atLeast int) int {
	n := 0
	for _, seen := range days {
		if len(seen) >= atLeast {
			n++
		}
	}
	return n
}

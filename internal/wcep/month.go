package wcep

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// MonthDay is one day's part of a month page: the wikitext of its section,
// which ParseDay reads as it reads a day page.
type MonthDay struct {
	Date     event.Date
	Wikitext string
}

// Month is a month page split into days.
type Month struct {
	// Days are the days that have a section, in date order.
	Days []MonthDay
	// Warnings name the lines that looked like a day heading but were not
	// used, with their line number.
	Warnings []string
}

// SplitMonth splits the wikitext of a month page of the early portal
// ("Portal:Current events/January 2003"), one section per day, into the
// wikitext of each day. A day starts at a line that names a date of the
// month (year and weekday optional, links and bold allowed):
//
//	==[[January 31]], [[2003]]==        a heading of any level
//	;January 31, 2003                   a definition line
//	'''Friday, 31 January 2003'''       a bold line, alone or in a table cell
//
// and runs to the next such line. Text before the first day (the page's
// header) is not part of any day; a day with several sections gets them all,
// in page order. An error means no day heading was found at all.
func SplitMonth(year int, month time.Month, wikitext string) (Month, error) {
	var m Month
	parts := map[event.Date]*strings.Builder{}
	var cur *strings.Builder
	for n, l := range strings.Split(wikitext, "\n") {
		if d, ok, warn := dayHeading(l, year, month); ok {
			if parts[d] == nil {
				parts[d] = &strings.Builder{}
				m.Days = append(m.Days, MonthDay{Date: d})
			}
			cur = parts[d]
			continue
		} else if warn != "" {
			m.Warnings = append(m.Warnings, fmt.Sprintf("line %d: %s", n+1, warn))
			cur = nil // the section belongs to no day of this page
			continue
		}
		if cur != nil {
			cur.WriteString(l)
			cur.WriteByte('\n')
		}
	}
	if len(m.Days) == 0 {
		return m, fmt.Errorf("no day heading of %s %d found (want e.g. \"==%s 1, %d==\")", month, year, month, year)
	}
	for i := range m.Days {
		m.Days[i].Wikitext = parts[m.Days[i].Date].String()
	}
	sortDays(m.Days)
	return m, nil
}

func sortDays(days []MonthDay) {
	slices.SortFunc(days, func(a, b MonthDay) int { return a.Date.Compare(b.Date) })
}

// MonthEvents is a parsed day of a month page.
type MonthEvents struct {
	Date event.Date
	Day
}

// ParseMonth splits a month page (SplitMonth) and parses each day with
// ParseDay. A day whose section has no usable content is left out, with a
// warning naming it.
func ParseMonth(year int, month time.Month, wikitext string) ([]MonthEvents, []string, error) {
	m, err := SplitMonth(year, month, wikitext)
	if err != nil {
		return nil, nil, err
	}
	warnings := m.Warnings
	var days []MonthEvents
	for _, md := range m.Days {
		d, err := ParseDay(md.Date, md.Wikitext)
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("%s: %v", md.Date, err))
			continue
		}
		days = append(days, MonthEvents{Date: md.Date, Day: d})
	}
	return days, warnings, nil
}

var (
	sectionRE = regexp.MustCompile(`^(={2,5})\s*(.*?)\s*={2,5}\s*$`)
	// boldRE is a bold line, maybe in a table cell, maybe followed by a
	// parenthesised weekday: | style="…" | '''[[January 5]], [[2005]]''' (Wednesday)
	boldRE    = regexp.MustCompile(`^(?:\|(?:[^|]*\|)?)?\s*'''(.+?)'''\s*(?:\([A-Za-z]+\))?\s*$`)
	linkRE    = regexp.MustCompile(`\[\[(?:[^|\]]*\|)?([^\]]*)\]\]`)
	weekdayRE = regexp.MustCompile(`(?i)^(monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+|\s*\((monday|tuesday|wednesday|thursday|friday|saturday|sunday)\)$`)
)

var dayLayouts = []string{"January 2, 2006", "January 2 2006", "2 January 2006", "2006 January 2"}
var shortLayouts = []string{"January 2", "2 January"}

// dayHeading reports whether l heads a day of the month; warn, when not
// empty, says that l names a date of another month.
func dayHeading(l string, year int, month time.Month) (d event.Date, ok bool, warn string) {
	text, heading := headingText(l)
	if !heading {
		return d, false, ""
	}
	text = linkRE.ReplaceAllString(text, "$1")
	text = strings.NewReplacer("'''", "", "''", "", "&nbsp;", " ").Replace(text)
	text = weekdayRE.ReplaceAllString(strings.TrimSpace(text), "")
	text = strings.TrimSpace(strings.TrimSuffix(strings.Join(strings.Fields(text), " "), "."))
	t, err := parseDayText(text, year)
	if err != nil {
		return d, false, ""
	}
	if t.Year() != year || t.Month() != month {
		return d, false, fmt.Sprintf("heading %q names a day outside %s %d: its section is skipped", strings.TrimSpace(l), month, year)
	}
	return event.NewDate(t), true, ""
}

func headingText(l string) (string, bool) {
	l = strings.TrimRight(l, " \t\r")
	if m := sectionRE.FindStringSubmatch(l); m != nil {
		return m[2], true
	}
	if rest, ok := strings.CutPrefix(l, ";"); ok {
		return rest, true
	}
	if m := boldRE.FindStringSubmatch(l); m != nil {
		return m[1], true
	}
	return "", false
}

var errNoDate = errors.New("not a date")

func parseDayText(text string, year int) (time.Time, error) {
	for _, layout := range dayLayouts {
		if t, err := time.Parse(layout, text); err == nil {
			return t, nil
		}
	}
	for _, layout := range shortLayouts {
		if t, err := time.Parse(layout, text); err == nil {
			return time.Date(year, t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
		}
	}
	return time.Time{}, errNoDate
}

// Package event holds Chronicle's model of one news event of the Current Events
// Portal and the rules that give it a permanent identity (its path).
//
// Every other package speaks in these types: the parser (wcep) produces them, the
// store keeps them, and related, render, site and server read them.
package event

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Uncategorized is the category of items that appear before any category line.
const Uncategorized = "Uncategorized"

// Event is one bullet of a day page that reports something (not a bare story header).
type Event struct {
	// Path is the event's permanent address, /news/YYYY/MM/D/<slug>, without extension.
	Path string `json:"path"`
	// Date is the day page the event was written on.
	Date Date `json:"date"`
	// Position is the event's 0-based index among the day's events, in page order.
	Position int `json:"position"`
	// Category is the canonical category (see wcep.CanonicalCategory).
	Category string `json:"category"`
	// CategoryOriginal is the category line exactly as the page spelled it.
	CategoryOriginal string `json:"category_original"`
	// Stories is the story path, outermost first: the link targets of the story
	// headers the event is nested under. Empty when the event is under none.
	Stories []string `json:"stories"`
	// Headline is the event's text as plain text, sources removed.
	Headline string `json:"headline"`
	// Text is the same plain text that Mentions point into.
	Text string `json:"text"`
	// Mentions are the spans of Text that link to an entity, in order.
	Mentions []Mention `json:"mentions"`
	// Entities are the distinct link targets of the text, in order of first mention.
	Entities []Entity `json:"entities"`
	// Sources are the cited reports, in page order.
	Sources []Source `json:"sources"`
}

// Mention is a span of an event's Text that links to an entity.
// Start and End are UTF-8 byte offsets into Text, End exclusive.
type Mention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Title string `json:"title"`
}

// Entity is a linked Wikipedia article: a person, place, organisation or story.
type Entity struct {
	// Title is the normalised article title: first letter upper case, "_" as space.
	Title string `json:"title"`
}

// Source is one cited news report.
type Source struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// Date is a calendar day, without time zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the Date of t's calendar day.
func NewDate(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses an ISO date, 2013-06-06.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: %s", s, whyNotADate(s))
	}
	return NewDate(t), nil
}

// whyNotADate says what is wrong with s, which time.Parse refused: a month
// or day that does not exist in a date of the right form, or the form.
func whyNotADate(s string) string {
	if len(s) != len("2013-06-06") || s[4] != '-' || s[7] != '-' ||
		strings.Trim(s[:4]+s[5:7]+s[8:], "0123456789") != "" {
		return "want YYYY-MM-DD"
	}
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:])
	switch {
	case m < 1 || m > 12:
		return fmt.Sprintf("month %d does not exist", m)
	case d < 1:
		return fmt.Sprintf("day %d does not exist", d)
	}
	return fmt.Sprintf("%d %s %d does not exist", d, time.Month(m), y)
}

// String returns the ISO form, 2013-06-06.
func (d Date) String() string {
	var buf [len("2013-06-06")]byte
	return string(d.AppendISO(buf[:0]))
}

// AppendISO appends the ISO form, 2013-06-06, to b.
func (d Date) AppendISO(b []byte) []byte {
	b = append(appendPadded(b, d.Year, 4), '-')
	b = append(appendPadded(b, int(d.Month), 2), '-')
	return appendPadded(b, d.Day, 2)
}

// Time returns midnight UTC of the day.
func (d Date) Time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Before reports whether d is an earlier day than o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// Compare returns -1, 0 or +1 as d is before, the same day as, or after o.
func (d Date) Compare(o Date) int {
	return cmp.Or(cmp.Compare(d.Year, o.Year), cmp.Compare(d.Month, o.Month), cmp.Compare(d.Day, o.Day))
}

// Dir returns the day's directory, /news/2013/06/6: month zero-padded, day not,
// as in the seed page's addresses.
func (d Date) Dir() string {
	var buf [len("/news/2013/06/30")]byte
	return string(appendDayDir(buf[:0], d))
}

// MarshalText implements encoding.TextMarshaler with the ISO form.
func (d Date) MarshalText() ([]byte, error) { return d.AppendISO(nil), nil }

// UnmarshalText implements encoding.TextUnmarshaler for the ISO form.
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

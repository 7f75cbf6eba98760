package render

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// csvRows writes the pages as CSV and reads the table back.
func csvRows(t *testing.T, pages ...*EventPage) [][]string {
	t.Helper()
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	for _, p := range pages {
		if err := w.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not read back: %v", err)
	}
	return rows
}

// csvCell is the cell of a row in the named column.
func csvCell(t *testing.T, row []string, column string) string {
	t.Helper()
	for i, c := range CSVColumns {
		if c == column {
			return row[i]
		}
	}
	t.Fatalf("no column %q", column)
	return ""
}

func TestCSVHeaderEvenWithoutEvents(t *testing.T) {
	rows := csvRows(t)
	if len(rows) != 1 || !reflect.DeepEqual(rows[0], CSVColumns) {
		t.Errorf("an empty table is %q, want the header alone", rows)
	}
	rows = csvRows(t, seedEventPage(), seedEventPage())
	if len(rows) != 3 || !reflect.DeepEqual(rows[0], CSVColumns) {
		t.Errorf("two events give %d rows, want the header and two", len(rows))
	}
}

func TestCSVCells(t *testing.T) {
	seed := seedEventPage()
	seed.Event.Stories = []string{"Korean conflict", "North Korea–South Korea relations"}
	seed.Event.Sources = append(seed.Event.Sources, event.Source{Name: `The "Korea" Herald, Seoul`, URL: "https://www.koreaherald.com/view.php?ud=20130606000801"})
	heritage := &EventPage{Event: event.Event{Path: "/news/2005/01/5/x", Headline: "x", Text: "x", Sources: []event.Source{
		{Name: "The Heritage Foundation | 2005 Index", URL: "https://heritage.example/index"}, {Name: "c|net", URL: "https://cnet.example/"}}}}
	bare := &EventPage{Event: event.Event{Path: "/news/2013/06/6/x", Date: seed.Event.Date, Headline: "x", Text: "x", Category: "Disasters"}}
	tests := []struct {
		name, column string
		page         *EventPage
		want         string
	}{
		{"date", "date", seed, "2013-06-06"},
		{"position", "position", seed, "3"},
		{"path", "path", seed, "/news/2013/06/6/north-korea-restores-the-red-cross-link-with-south-korea-used-for-government-to-government-communications"},
		{"headline", "headline", seed, seedHeadline},
		{"stories, outermost first", "stories", seed, "Korean conflict | North Korea–South Korea relations"},
		{"topics", "topics", seed, "North Korea | Red Cross | South Korea"},
		{"sources", "sources", seed, "http://www.aljazeera.com/news/asia-pacific/2013/06/20136715357828174.html | https://www.koreaherald.com/view.php?ud=20130606000801"},
		{"source names, quotes and commas kept", "source_names", seed, `Al Jazeera | The "Korea" Herald, Seoul`},
		{"a separator inside a name", "source_names", heritage, "The Heritage Foundation ¦ 2005 Index | c|net"},
		{"summary", "summary", seed, seed.Summary},
		{"cover image", "cover_image", seed, seed.CoverImage},
		{"related, best first", "related", seed, strings.Join([]string{seed.Related[0].Path, seed.Related[1].Path, seed.Related[2].Path, seed.Related[3].Path, seed.Related[4].Path}, " | ")},
		{"portal revision", "portal_revision", seed, "https://en.wikipedia.org/w/index.php?title=Portal:Current_events/2013_June_6&oldid=558703123"},
		{"no stories", "stories", bare, ""},
		{"no topics", "topics", bare, ""},
		{"no sources", "sources", bare, ""},
		{"no related", "related", bare, ""},
		{"no portal revision", "portal_revision", bare, ""},
	}
	for _, tt := range tests {
		rows := csvRows(t, tt.page)
		if got := csvCell(t, rows[1], tt.column); got != tt.want {
			t.Errorf("%s: %s = %q, want %q", tt.name, tt.column, got, tt.want)
		}
	}
}

// A cell of the portal's text that a spreadsheet would run as a formula is
// written as text; addresses and a text that merely holds = are not touched.
func TestCSVTextIsNeverAFormula(t *testing.T) {
	tests := []struct{ headline, want string }{
		{`=HYPERLINK("http://evil.example","click")`, `'=HYPERLINK("http://evil.example","click")`},
		{"+1 for the home side", "'+1 for the home side"},
		{"+972 Magazine reports", "'+972 Magazine reports"},
		{"-40 °C in Yakutsk", "'-40 °C in Yakutsk"},
		{"@SomeAccount posts", "'@SomeAccount posts"},
		{"\tTabbed", "'\tTabbed"},
		{"E = mc² turns 120", "E = mc² turns 120"},
		{"Line one\nline two", "Line one\nline two"},
		{"", ""},
	}
	for _, tt := range tests {
		p := &EventPage{Event: event.Event{Path: "/news/2013/06/6/x", Headline: tt.headline, Text: tt.headline,
			Stories: []string{tt.headline}, Entities: []event.Entity{{Title: tt.headline}}}}
		row := csvRows(t, p)[1]
		for _, column := range []string{"headline", "text", "stories", "topics"} {
			if got := csvCell(t, row, column); got != tt.want {
				t.Errorf("%s of %q = %q, want %q", column, tt.headline, got, tt.want)
			}
		}
		if got := csvCell(t, row, "path"); got != "/news/2013/06/6/x" {
			t.Errorf("path = %q", got)
		}
	}
}

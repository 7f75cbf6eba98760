package render

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// A topic of twelve years, busy in some months, and a year with events on
// every day: the charts at the sizes of the full archive.
func longMonths() []MonthTotal {
	var out []MonthTotal
	for y := 2013; y <= 2024; y++ {
		for m := time.January; m <= time.December; m++ {
			if n := (y*7 + int(m)*13) % 40; n > 3 {
				out = append(out, MonthTotal{y, m, n})
			}
		}
	}
	return out
}

func fullYear(year int) []DayCount {
	var out []DayCount
	for d := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == year; d = d.AddDate(0, 0, 1) {
		out = append(out, DayCount{event.Date{Year: year, Month: d.Month(), Day: d.Day()}, 1 + d.YearDay()%23})
	}
	return out
}

func TestChartsGolden(t *testing.T) {
	tests := []struct {
		name    string
		write   func(w htmlWriter)
		maxSize int
	}{
		{"activity.svg.html", func(w htmlWriter) { (&indexDoc{months: longMonths()}).writeActivityHTML(w) }, 14 << 10},
		{"activity-one-month.svg.html", func(w htmlWriter) {
			(&indexDoc{months: []MonthTotal{{2013, time.June, 1}}}).writeActivityHTML(w)
		}, 1 << 10},
		{"calendar.svg.html", func(w htmlWriter) { (&indexDoc{days: fullYear(2024)}).writeCalendarHTML(w) }, 56 << 10},
		{"calendar-sparse.svg.html", func(w htmlWriter) {
			(&indexDoc{days: []DayCount{{event.Date{Year: 2013, Month: time.June, Day: 6}, 3}}}).writeCalendarHTML(w)
		}, 24 << 10},
		{"empty.svg.html", func(w htmlWriter) {
			d := &indexDoc{}
			d.writeActivityHTML(w)
			d.writeCalendarHTML(w)
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			tt.write(htmlWriter{Buffer: &b})
			got := b.String()
			if len(got) > tt.maxSize {
				t.Errorf("%d bytes, want at most %d", len(got), tt.maxSize)
			}
			path := filepath.Join("testdata", "golden", tt.name)
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from its golden file; run go test -update and review the diff", tt.name)
			}
		})
	}
}

func TestCalendarLinksEveryDayWithEventsOnce(t *testing.T) {
	tests := []struct {
		year  int
		days  []DayCount
		links int
		cells int
	}{
		{2024, fullYear(2024), 366, 366}, // a leap year
		{2023, fullYear(2023), 365, 365},
		{2013, []DayCount{{event.Date{Year: 2013, Month: time.June, Day: 6}, 3}}, 1, 365},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		(&indexDoc{days: tt.days}).writeCalendarHTML(htmlWriter{Buffer: &b})
		got := b.String()
		if n := strings.Count(got, `<a href="/news/`+itoa(tt.year)+`/`); n != tt.links {
			t.Errorf("%d: %d day links, want %d", tt.year, n, tt.links)
		}
		if n := strings.Count(got, "<rect "); n != tt.cells {
			t.Errorf("%d: %d cells, want %d", tt.year, n, tt.cells)
		}
		for _, month := range []string{">Jan<", ">Jun<", ">Dec<"} {
			if !strings.Contains(got, month) {
				t.Errorf("%d: no month label %s", tt.year, month)
			}
		}
	}
}

func TestActivityBarsScaleToTheBusiestMonth(t *testing.T) {
	var b bytes.Buffer
	d := &indexDoc{months: []MonthTotal{{2020, time.January, 1}, {2020, time.March, 200}}}
	d.writeActivityHTML(htmlWriter{Buffer: &b})
	got := b.String()
	for _, want := range []string{
		`<rect x="0" y="99" width="40" height="1"><title>January 2020: 1 event</title>`,
		`<rect x="400" y="0" width="40" height="100"><title>March 2020: 200 events</title>`,
		`the busiest month, March 2020, had 200 events.`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the chart lacks %s:\n%s", want, got)
		}
	}
}

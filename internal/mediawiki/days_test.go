package mediawiki

import (
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// dayPagesOf collects what DayPages yields: the days, and the error.
func dayPagesOf(t *testing.T, path string, keep func(event.Date) bool, most int) ([]string, error) {
	t.Helper()
	var days []string
	for p, err := range DayPages(path, keep) {
		if err != nil {
			return days, err
		}
		if p.Title != DayTitle(p.Date) {
			t.Errorf("day %s yielded with the page %q", p.Date, p.Title)
		}
		if days = append(days, p.Date.String()); len(days) == most {
			break
		}
	}
	return days, nil
}

func TestDayPages(t *testing.T) {
	june7 := func(d event.Date) bool { return d.Day == 7 }
	for _, tc := range []struct {
		name, path string
		keep       func(event.Date) bool
		most       int
		want       string // the days, comma-separated
		wantErr    string
	}{
		{"every day page, not the others", "testdata/export.xml", nil, 0, "2013-06-06,2013-06-07,2013-06-08", ""},
		{"compressed", "testdata/export.xml.bz2", nil, 0, "2013-06-06,2013-06-07,2013-06-08", ""},
		{"the days kept", "testdata/export.xml", june7, 0, "2013-06-07", ""},
		{"stopped early", "testdata/export.xml", nil, 2, "2013-06-06,2013-06-07", ""},
		{"cut off: the days before, then the error", "testdata/truncated.xml", nil, 0, "2013-06-06", "unexpected EOF"},
		{"no such file", "testdata/missing.xml", nil, 0, "", "missing.xml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			days, err := dayPagesOf(t, tc.path, tc.keep, tc.most)
			if got := strings.Join(days, ","); got != tc.want {
				t.Errorf("days %q, want %q", got, tc.want)
			}
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("error %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("error %v, want one naming %q", err, tc.wantErr)
			}
		})
	}
}

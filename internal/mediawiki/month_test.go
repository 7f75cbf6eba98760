package mediawiki

import (
	"errors"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

func TestMonthTitle(t *testing.T) {
	tests := []struct {
		title string
		year  int
		month time.Month
		ok    bool
	}{
		{"Portal:Current events/January 2003", 2003, time.January, true},
		{"Portal:Current_events/March_2004", 2004, time.March, true},
		{"Portal:Current events/2003 January 1", 0, 0, false},
		{"Portal:Current events/Smarch 2004", 0, 0, false},
	}
	for _, tt := range tests {
		y, m, err := ParseMonthTitle(tt.title)
		if (err == nil) != tt.ok || y != tt.year || m != tt.month {
			t.Errorf("%q: %d %s %v", tt.title, y, m, err)
		}
	}
	if _, _, err := ParseMonthTitle("Main Page"); !errors.Is(err, ErrNotCurrentEvents) {
		t.Errorf("Main Page: %v", err)
	}
	d := event.Date{Year: 2003, Month: time.January, Day: 31}
	if got := MonthTitle(d); got != "Portal:Current events/January 2003" {
		t.Errorf("MonthTitle %q", got)
	}
	if !UsesMonthPage(d) || UsesMonthPage(event.Date{Year: 2005, Month: time.January, Day: 1}) {
		t.Error("UsesMonthPage")
	}
}

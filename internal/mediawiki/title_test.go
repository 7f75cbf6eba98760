package mediawiki

import (
	"errors"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

func TestParseDayTitle(t *testing.T) {
	tests := []struct {
		title   string
		want    event.Date
		notWCEP bool // error wraps ErrNotCurrentEvents
		wantErr bool
	}{
		{title: "Portal:Current events/2013 June 6", want: event.Date{Year: 2013, Month: time.June, Day: 6}},
		{title: "Portal:Current events/2002 January 1", want: event.Date{Year: 2002, Month: time.January, Day: 1}},
		{title: "Portal:Current_events/2024_February_29", want: event.Date{Year: 2024, Month: time.February, Day: 29}},
		{title: "Portal:Current events/2013 June 31", wantErr: true},
		{title: "Portal:Current events/2023 February 29", wantErr: true},
		{title: "Portal:Current events/June 2003", wantErr: true},
		{title: "Portal:Current events/Sidebar", wantErr: true},
		{title: "Portal:Current events/2013 June 6/Extra", wantErr: true},
		{title: "Portal:Current events/2013 Jun 6", wantErr: true},
		{title: "Main Page", wantErr: true, notWCEP: true},
		{title: "Portal:Current events", wantErr: true, notWCEP: true},
		{title: "", wantErr: true, notWCEP: true},
	}
	for _, tt := range tests {
		got, err := ParseDayTitle(tt.title)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseDayTitle(%q) error = %v, want error %v", tt.title, err, tt.wantErr)
			continue
		}
		if errors.Is(err, ErrNotCurrentEvents) != tt.notWCEP {
			t.Errorf("ParseDayTitle(%q) = %v, wraps ErrNotCurrentEvents: %v, want %v", tt.title, err, !tt.notWCEP, tt.notWCEP)
		}
		if got != tt.want {
			t.Errorf("ParseDayTitle(%q) = %v, want %v", tt.title, got, tt.want)
		}
	}
}

func TestDayTitleRoundTrips(t *testing.T) {
	d := event.Date{Year: 2013, Month: time.June, Day: 6}
	title := DayTitle(d)
	if title != "Portal:Current events/2013 June 6" {
		t.Errorf("DayTitle = %q", title)
	}
	if back, err := ParseDayTitle(title); err != nil || back != d {
		t.Errorf("ParseDayTitle(DayTitle(d)) = %v, %v", back, err)
	}
}

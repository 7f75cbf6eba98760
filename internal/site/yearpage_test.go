package site

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// The year page counted in SQL (yearModel) is the page the build makes
// from the year's events in full (yearPage), with the same days behind it.
func TestYearModelIsTheYearPageOfItsEvents(t *testing.T) {
	st := demoStore(t)
	s := New(st, testConfig)
	ctx := context.Background()
	days, err := st.DayCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	years := map[int]bool{}
	for _, d := range days {
		years[d.Date.Year] = true
	}
	if len(years) < 2 {
		t.Fatalf("the demo has %d years, want several", len(years))
	}
	for year := range years {
		got, gotDates, err := s.yearModel(ctx, year)
		if err != nil {
			t.Fatalf("yearModel(%d): %v", year, err)
		}
		events, err := s.eventsBetween(ctx, event.Date{Year: year, Month: time.January, Day: 1},
			event.Date{Year: year, Month: time.December, Day: 31})
		if err != nil {
			t.Fatal(err)
		}
		prev, next, err := s.neighbours(ctx, got.PagePath()[len("/news/"):len("/news/2025")])
		if err != nil {
			t.Fatal(err)
		}
		want := yearPage(year, events, prev.Year, next.Year)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("year %d:\n got %+v\nwant %+v", year, got, want)
		}
		if wantDates := datesOf(events); !reflect.DeepEqual(gotDates, wantDates) {
			t.Errorf("year %d: dates %v, want %v", year, gotDates, wantDates)
		}
		if len(want.TopTopics) == 0 {
			t.Errorf("year %d has no top topics: the test compares nothing", year)
		}
	}
	if _, _, err := s.yearModel(ctx, 1901); err != ErrNotFound {
		t.Errorf("yearModel(1901) = %v, want ErrNotFound", err)
	}
}

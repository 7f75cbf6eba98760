package store

import (
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// The pages of a topic's events, put together, are its events in
// TopicEvents's order; a year's pages are that year's share of them.
func TestTopicListingPageSplitsTheEvents(t *testing.T) {
	st, _ := openTemp(t)
	g := newSynthetic(4)
	if _, err := st.ImportDays(ctx, g.days(800)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		kind  event.Kind
		title string
	}{{event.KindTopic, g.entities[0]}, {event.KindStory, g.stories[0]}, {event.KindCategory, "Politics and elections"}} {
		all, err := st.TopicEvents(ctx, tt.kind, tt.title, 1<<30)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) < 10 {
			t.Fatalf("%s %q has %d events: too few to page", tt.kind, tt.title, len(all))
		}
		const size = 7
		var paged []string
		for offset := 0; ; offset += size {
			page, err := st.TopicListingPage(ctx, tt.kind, tt.title, 0, offset, size)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range page {
				paged = append(paged, e.Path)
			}
			if len(page) < size {
				break
			}
		}
		if len(paged) != len(all) {
			t.Fatalf("%s %q: pages hold %d events, the topic %d", tt.kind, tt.title, len(paged), len(all))
		}
		byYear := map[int]int{}
		for i, e := range all {
			if paged[i] != e.Path {
				t.Fatalf("%s %q: event %d of the pages is %s, want %s", tt.kind, tt.title, i, paged[i], e.Path)
			}
			byYear[e.Date.Year]++
		}
		for year, n := range byYear {
			got, err := st.TopicListingPage(ctx, tt.kind, tt.title, year, 0, 1<<30)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != n {
				t.Errorf("%s %q in %d: %d events, want %d", tt.kind, tt.title, year, len(got), n)
			}
			for _, e := range got {
				if e.Date.Year != year {
					t.Errorf("%s %q in %d: %s", tt.kind, tt.title, year, e.Path)
				}
			}
		}
	}
}

// An on-this-day listing is the calendar day's events of every year, oldest
// first, each with what a page listing events shows of it.
func TestDayOfYearListing(t *testing.T) {
	st, _ := openTemp(t)
	g := newSynthetic(4)
	if _, err := st.ImportDays(ctx, g.days(800)); err != nil {
		t.Fatal(err)
	}
	var want []event.Event
	err := st.EachEvent(ctx, event.Date{}, event.Date{}, func(e event.Event) error {
		if e.Date.Month == time.March && e.Date.Day == 3 {
			want = append(want, e)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.DayOfYearListing(ctx, event.Date{Year: 1999, Month: time.March, Day: 3})
	if err != nil {
		t.Fatal(err)
	}
	years := map[int]bool{}
	for _, e := range want {
		years[e.Date.Year] = true
	}
	if len(years) < 2 || len(got) != len(want) {
		t.Fatalf("3 March: %d events, want %d (and of more than one year)", len(got), len(want))
	}
	for i := range got {
		if !sameListing(got[i], want[i]) {
			t.Errorf("event %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if none, err := st.DayOfYearListing(ctx, event.Date{Month: time.February, Day: 30}); err != nil || none == nil || len(none) != 0 {
		t.Errorf("30 February: %v, %v; want no events", none, err)
	}
}

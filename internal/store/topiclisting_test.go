package store

import (
	"slices"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// A title's listing is its events in TopicEvents's order, each with
// what a page listing events shows of it.
func TestTopicListingIsWhatPagesShow(t *testing.T) {
	st, _ := openTemp(t)
	g := newSynthetic(4)
	if _, err := st.ImportDays(ctx, g.days(300)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		kind  event.Kind
		title string
	}{{event.KindTopic, g.entities[0]}, {event.KindStory, g.stories[0]}, {event.KindCategory, "Politics and elections"},
		{event.KindTopic, "No such topic"}} {
		full, err := st.TopicEvents(ctx, tt.kind, tt.title, 1<<30)
		if err != nil {
			t.Fatal(err)
		}
		listed, err := st.TopicListing(ctx, tt.kind, tt.title)
		if err != nil {
			t.Fatal(err)
		}
		if listed == nil || len(listed) != len(full) {
			t.Fatalf("%s %q: %d events listed, want %d", tt.kind, tt.title, len(listed), len(full))
		}
		for i := range full {
			if !sameListing(listed[i], full[i]) {
				t.Fatalf("%s %q: event %d listed as %+v, want %+v", tt.kind, tt.title, i, listed[i], full[i])
			}
		}
	}
	if _, err := st.TopicListing(ctx, event.Kind("planets"), "Mars"); err == nil {
		t.Error("an unknown kind listed without an error")
	}
}

// sameListing compares what render.IndexEventOf takes of an event, and its
// position and original category.
func sameListing(a, b event.Event) bool {
	return a.Path == b.Path && a.Date == b.Date && a.Position == b.Position && a.Headline == b.Headline &&
		a.Category == b.Category && a.CategoryOriginal == b.CategoryOriginal && a.Text == b.Text &&
		slices.Equal(a.Stories, b.Stories) && a.Stories != nil
}

// A span of a title's listing between two dates is that span of the whole
// listing, read by title or by date; a day's place in it counts the listed
// events after the day (up to a later one) and on it.
func TestTopicListingBetweenAndDayPlace(t *testing.T) {
	st, _ := openTemp(t)
	g := newSynthetic(4)
	if _, err := st.ImportDays(ctx, g.days(300)); err != nil {
		t.Fatal(err)
	}
	date := func(s string) event.Date {
		d, err := event.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	titles := []struct {
		kind  event.Kind
		title string
	}{{event.KindTopic, g.entities[0]}, {event.KindStory, g.stories[0]}, {event.KindCategory, "Politics and elections"}}
	spans := []struct {
		from, to      string
		offset, limit int
	}{
		{"2002-01-01", "2002-12-31", 0, 1 << 30},
		{"2002-03-01", "2002-03-31", 0, 5},
		{"2002-03-01", "2002-05-31", 3, 7},
		{"2002-06-15", "2002-06-15", 0, 100},
		{"2002-05-01", "2002-04-01", 0, 10}, // an empty span
		{"2002-02-01", "2002-09-30", 1000, 10},
	}
	for _, tt := range titles {
		all, err := st.TopicListing(ctx, tt.kind, tt.title)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) < 10 {
			t.Fatalf("%s %q: only %d events, too few to test spans", tt.kind, tt.title, len(all))
		}
		for _, sp := range spans {
			from, to := date(sp.from), date(sp.to)
			want := between(all, from, to)
			want = want[min(sp.offset, len(want)):min(sp.offset+sp.limit, len(want))]
			for _, byDate := range []bool{false, true} {
				got, err := st.TopicListingBetween(ctx, tt.kind, tt.title, from, to, sp.offset, sp.limit, byDate)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) {
					t.Fatalf("%s %q %+v byDate=%v: %d events, want %d", tt.kind, tt.title, sp, byDate, len(got), len(want))
				}
				for i := range want {
					if !sameListing(got[i], want[i]) {
						t.Fatalf("%s %q %+v byDate=%v: event %d is %s, want %s", tt.kind, tt.title, sp, byDate, i, got[i].Path, want[i].Path)
					}
				}
			}
		}
		for _, day := range []event.Date{all[0].Date, all[len(all)/2].Date, all[len(all)-1].Date, date("2001-01-01")} {
			to := date("2002-12-31")
			after, on, err := st.TopicDayPlace(ctx, tt.kind, tt.title, day, to)
			if err != nil {
				t.Fatal(err)
			}
			wantAfter, wantOn := 0, 0
			for _, e := range all {
				switch c := e.Date.Compare(day); {
				case c == 0:
					wantOn++
				case c > 0 && !to.Before(e.Date):
					wantAfter++
				}
			}
			if after != wantAfter || on != wantOn {
				t.Errorf("%s %q on %s: place (%d after, %d on), want (%d, %d)", tt.kind, tt.title, day, after, on, wantAfter, wantOn)
			}
		}
	}
	if _, err := st.TopicListingBetween(ctx, event.Kind("planets"), "Mars", date("2002-01-01"), date("2002-02-01"), 0, 1, false); err == nil {
		t.Error("an unknown kind listed without an error")
	}
	if _, _, err := st.TopicDayPlace(ctx, event.Kind("planets"), "Mars", date("2002-01-01"), date("2002-02-01")); err == nil {
		t.Error("an unknown kind placed without an error")
	}
}

// between keeps the events of a listing dated from from to to.
func between(listing []event.Event, from, to event.Date) []event.Event {
	var out []event.Event
	for _, e := range listing {
		if !e.Date.Before(from) && !to.Before(e.Date) {
			out = append(out, e)
		}
	}
	return out
}

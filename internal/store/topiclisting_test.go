package store

import (
	"slices"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// A title's listing is its events in TopicEventsPage's order, each with
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
		full, err := st.TopicEventsPage(ctx, tt.kind, tt.title, 0, 0, 1<<30)
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

package demo

import (
	"context"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// The demo shows what story pages do: a story over three years with a
// sub-story, and a variant of a story's title that is filed under it.
func TestDemoStoriesNestAndMergeVariants(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	tests := []struct {
		story     string
		minEvents int
		minYears  int
	}{
		{"Russian invasion of Ukraine", 10, 3},
		{"Attacks on civilians in the Russian invasion of Ukraine", 10, 3},
		{"Sudanese civil war (2023–present)", 5, 2},
	}
	for _, tt := range tests {
		years, err := d.Store.TopicYears(ctx, event.KindStory, tt.story)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, y := range years {
			n += y.Events
		}
		if n < tt.minEvents || len(years) < tt.minYears {
			t.Errorf("story %q has %d events over %d years, want at least %d over %d", tt.story, n, len(years), tt.minEvents, tt.minYears)
		}
	}
	// "Sudanese Civil War (2023–present)" of 20 August 2024 is the same story.
	slugs, err := d.Store.Slugs(ctx, event.KindStory)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := slugs["Sudanese Civil War (2023–present)"]; ok {
		t.Error("the variant Sudanese Civil War (2023–present) is a story of its own")
	}
	events, err := d.Store.EventsOfStory(ctx, "Sudanese civil war (2023–present)")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range events {
		found = found || e.Date == event.Date{Year: 2024, Month: 8, Day: 20} && e.Category == "International relations"
	}
	if !found {
		t.Error("the event of 20 August 2024 under the variant title is not under the story")
	}
}

package site

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
)

// EachEventPage gives, in date and page order, each event's page as Page
// serves it (bulk queries against per-page ones), within the days and of
// the topic, story or category asked.
func TestEachEventPageGivesThePagesOfTheDays(t *testing.T) {
	st := demoStore(t)
	enrichEvents(t, st, 3)
	s := New(st, testConfig)
	ctx := context.Background()
	defer func(n int) { exportBatch = n }(exportBatch)
	exportBatch = 4 // several batches, even of a topic
	tests := []struct {
		name string
		q    EventQuery
		keep func(event.Event) bool
	}{
		{"all", EventQuery{}, nil},
		{"from", EventQuery{From: event.Date{Year: 2025, Month: 3, Day: 15}}, nil},
		{"to", EventQuery{To: event.Date{Year: 2023, Month: 2, Day: 21}}, nil},
		{"one day", EventQuery{From: event.Date{Year: 2025, Month: 3, Day: 5}, To: event.Date{Year: 2025, Month: 3, Day: 5}}, nil},
		{"none", EventQuery{From: event.Date{Year: 2030, Month: 1, Day: 1}}, nil},
		{"a topic", EventQuery{Kind: event.KindTopic, Title: "Ukraine"}, func(e event.Event) bool {
			return slices.ContainsFunc(e.Entities, func(x event.Entity) bool { return x.Title == "Ukraine" })
		}},
		{"a story and days", EventQuery{From: event.Date{Year: 2024, Month: 1, Day: 1}, To: event.Date{Year: 2025, Month: 3, Day: 10},
			Kind: event.KindStory, Title: "Russian invasion of Ukraine"},
			func(e event.Event) bool { return slices.Contains(e.Stories, "Russian invasion of Ukraine") }},
		{"a category", EventQuery{Kind: event.KindCategory, Title: "Disasters and accidents"},
			func(e event.Event) bool { return e.Category == "Disasters and accidents" }},
	}
	for _, tt := range tests {
		var want []event.Event
		if err := st.EachEvent(ctx, tt.q.From, tt.q.To, func(e event.Event) error {
			if tt.keep == nil || tt.keep(e) {
				want = append(want, e)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if tt.keep != nil && len(want) <= exportBatch {
			t.Fatalf("%s: %d events, too few to cross a batch", tt.name, len(want))
		}
		i := 0
		err := s.EachEventPage(ctx, tt.q, render.JSON, func(path string, body []byte) error {
			if i >= len(want) || path != want[i].Path {
				t.Fatalf("%s: page %d is %s", tt.name, i, path)
			}
			p, err := s.Page(ctx, path+".json")
			if err != nil {
				return err
			}
			if !bytes.Equal(p.Body, body) {
				t.Errorf("%s: %s differs from Page's", tt.name, path)
			}
			i++
			return nil
		})
		if err != nil || i != len(want) {
			t.Errorf("%s: %d pages of %d (%v)", tt.name, i, len(want), err)
		}
	}
}

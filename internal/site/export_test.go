package site

import (
	"bytes"
	"context"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
)

// EachEventPage gives, in date and page order, each event's page as Page
// serves it (bulk queries against per-page ones), within the days asked.
func TestEachEventPageGivesThePagesOfTheDays(t *testing.T) {
	st := demoStore(t)
	enrichEvents(t, st, 3)
	s := New(st, testConfig)
	ctx := context.Background()
	defer func(n int) { exportBatch = n }(exportBatch)
	exportBatch = 7 // batches of a day or two
	tests := []struct {
		name     string
		from, to event.Date
	}{
		{"all", event.Date{}, event.Date{}},
		{"from", event.Date{Year: 2025, Month: 3, Day: 15}, event.Date{}},
		{"to", event.Date{}, event.Date{Year: 2023, Month: 2, Day: 21}},
		{"one day", event.Date{Year: 2025, Month: 3, Day: 5}, event.Date{Year: 2025, Month: 3, Day: 5}},
		{"none", event.Date{Year: 2030, Month: 1, Day: 1}, event.Date{}},
	}
	for _, tt := range tests {
		var want []event.Event
		if err := st.EachEvent(ctx, tt.from, tt.to, func(e event.Event) error {
			want = append(want, e)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		i := 0
		err := s.EachEventPage(ctx, tt.from, tt.to, render.JSON, func(path string, body []byte) error {
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

package site

import (
	"bytes"
	"context"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
)

// EventPages gives each event's page as Page serves it, in the order
// asked, in every format.
func TestEventPagesAreThePagesOfTheEvents(t *testing.T) {
	st := demoStore(t)
	enrichEvents(t, st, 3)
	s := New(st, testConfig)
	ctx := context.Background()
	var events []event.Event
	if err := st.EachEvent(ctx, event.Date{}, event.Date{}, func(e event.Event) error {
		events = append(events, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	picked := []event.Event{events[len(events)-1], events[0], events[len(events)/2]}
	for _, f := range render.Formats {
		bodies, err := s.EventPages(ctx, picked, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(bodies) != len(picked) {
			t.Fatalf("%d pages for %d events", len(bodies), len(picked))
		}
		for i, e := range picked {
			p, err := s.Page(ctx, e.Path+f.Ext())
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(p.Body, bodies[i]) {
				t.Errorf("%s%s differs from Page's", e.Path, f.Ext())
			}
		}
	}
	if bodies, err := s.EventPages(ctx, nil, render.JSON); err != nil || len(bodies) != 0 {
		t.Errorf("no events: %d pages, %v", len(bodies), err)
	}
}

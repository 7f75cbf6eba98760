package site

import (
	"bytes"
	"context"
	"fmt"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// exportBatch is how many events EachEvent loads at once, so that memory
// stays flat over the whole archive. A variable so that tests can cross
// batches on a small archive.
var exportBatch = 1000

// EventQuery selects the events EachEvent and EachEventPage give: those
// from one day to another (both included; a zero Date leaves that end
// open) and, when Kind is set, of one topic, story or category, by its
// Title (a category's name; Store.FindTitle finds it from a slug).
type EventQuery struct {
	From, To event.Date
	Kind     event.Kind
	Title    string
}

// EachEvent calls fn with the page model of every event q selects, in date
// and page order: the model the site renders each event's page from, with
// its related lists, what edits left of it, enrichment and portal revision.
func (s *Site) EachEvent(ctx context.Context, q EventQuery, fn func(*render.EventPage) error) error {
	list := store.EventListQuery{From: q.From, To: q.To, Kind: q.Kind, Title: q.Title, Limit: exportBatch}
	for {
		events, more, err := s.st.EventList(ctx, list)
		if err != nil {
			return err
		}
		pages, err := s.eventModels(ctx, events)
		if err != nil {
			return err
		}
		for _, p := range pages {
			if err := fn(p); err != nil {
				return err
			}
		}
		if !more {
			return nil
		}
		last := events[len(events)-1]
		list.After = &store.EventKey{Date: last.Date, Position: last.Position}
	}
}

// EventPage returns the page model of the event at path (/news/…, without
// an extension), a removed event's too, or ErrNotFound.
func (s *Site) EventPage(ctx context.Context, path string) (*render.EventPage, error) {
	m, _, err := s.eventModel(ctx, path)
	if err != nil {
		return nil, err
	}
	p, ok := m.(*render.EventPage)
	if !ok {
		return nil, fmt.Errorf("event %s: a page of type %T", path, m)
	}
	return p, nil
}

// EachEventPage renders the page of every event q selects in format f, in
// date and page order, and calls fn with its path and bytes, which are
// valid until fn returns. The pages are the site's own, byte for byte:
// chronicle show and export write the event JSON the site serves.
func (s *Site) EachEventPage(ctx context.Context, q EventQuery, f render.Format,
	fn func(path string, body []byte) error) error {
	cat, err := s.catalogue(ctx)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	return s.EachEvent(ctx, q, func(p *render.EventPage) error {
		buf.Reset()
		if err := cat.renderer.Render(&buf, f, p); err != nil {
			return fmt.Errorf("render %s: %w", p.Event.Path, err)
		}
		return fn(p.Event.Path, buf.Bytes())
	})
}

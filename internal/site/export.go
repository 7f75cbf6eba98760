package site

import (
	"bytes"
	"context"
	"fmt"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// exportBatch is about how many events EachEventPage loads at once: whole
// days, so that memory stays flat over the whole archive. A variable so
// that tests can cross batches on a small archive.
var exportBatch = 1000

// EachEventPage renders the page of every event from one day to another
// (both included; a zero Date leaves that end open) in format f, in date
// and page order, and calls fn with its path and bytes, which are valid
// until fn returns. The pages are the site's own, byte for byte: chronicle
// show and export write the event JSON the site serves.
func (s *Site) EachEventPage(ctx context.Context, from, to event.Date, f render.Format,
	fn func(path string, body []byte) error) error {
	cat, err := s.catalogue(ctx)
	if err != nil {
		return err
	}
	days, err := s.st.DayCounts(ctx)
	if err != nil {
		return err
	}
	former, err := formerPaths(ctx, s.st)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	for start := 0; start < len(days); {
		end, n := start, 0
		for end < len(days) && (n == 0 || n+days[end].Events <= exportBatch) {
			n += days[end].Events
			end++
		}
		first, last := days[start].Date, days[end-1].Date
		start = end
		if !from.IsZero() && last.Before(from) || !to.IsZero() && to.Before(first) {
			continue
		}
		if !from.IsZero() && first.Before(from) {
			first = from
		}
		if !to.IsZero() && to.Before(last) {
			last = to
		}
		if err := s.renderEvents(ctx, cat.renderer, first, last, f, former, &buf, fn); err != nil {
			return err
		}
	}
	return nil
}

// renderEvents renders the pages of the events from first to last; former
// holds the former paths of every event (formerPaths).
func (s *Site) renderEvents(ctx context.Context, r *render.Renderer, first, last event.Date, f render.Format,
	former map[string][]string, buf *bytes.Buffer, fn func(path string, body []byte) error) error {
	events, err := s.eventsBetween(ctx, first, last)
	if err != nil {
		return err
	}
	paths := make([]string, len(events))
	for i, e := range events {
		paths[i] = e.Path
	}
	extras, err := s.st.Extras(ctx, paths)
	if err != nil {
		return err
	}
	var lists [len(store.AllLists)]map[string][]store.RelatedEntry
	for k, list := range store.AllLists {
		if lists[k], err = s.st.RelatedOfEach(ctx, list, paths); err != nil {
			return err
		}
	}
	days, err := s.dayRevisionsOf(ctx, events)
	if err != nil {
		return err
	}
	for _, e := range events {
		p := eventPage(e, lists[store.RelatedList][e.Path], lists[store.AroundList][e.Path], former[e.Path], extras[e.Path], days[e.Date])
		buf.Reset()
		if err := r.Render(buf, f, p); err != nil {
			return fmt.Errorf("render %s: %w", e.Path, err)
		}
		if err := fn(e.Path, buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

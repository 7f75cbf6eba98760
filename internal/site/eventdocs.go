package site

import (
	"bytes"
	"context"
	"fmt"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// EventPages renders the page of each event in format f, in the order
// given: the site's own event pages, byte for byte, with their related
// lists, former paths and enrichment, read in a few queries for them all.
// The query API lists events with it.
func (s *Site) EventPages(ctx context.Context, events []event.Event, f render.Format) ([][]byte, error) {
	cat, err := s.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	pages, err := s.eventModels(ctx, events)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, len(pages))
	var buf bytes.Buffer
	for i, p := range pages {
		buf.Reset()
		if err := cat.renderer.Render(&buf, f, p); err != nil {
			return nil, fmt.Errorf("event page %s: %w", p.Event.Path, err)
		}
		out[i] = bytes.Clone(buf.Bytes())
	}
	return out, nil
}

// eventModels makes the page model of each event, in the order given, its
// related lists, enrichment and day revision read in a few queries for
// them all, as are what edits left of them.
func (s *Site) eventModels(ctx context.Context, events []event.Event) ([]*render.EventPage, error) {
	paths := make([]string, len(events))
	for i, e := range events {
		paths[i] = e.Path
	}
	extras, err := s.st.Extras(ctx, paths)
	if err != nil {
		return nil, err
	}
	var lists [len(store.AllLists)]map[string][]store.RelatedEntry
	for k, list := range store.AllLists {
		if lists[k], err = s.st.RelatedOfEach(ctx, list, paths); err != nil {
			return nil, err
		}
	}
	days, err := s.dayRevisionsOf(ctx, events)
	if err != nil {
		return nil, err
	}
	edits, err := s.editsOfEach(ctx, paths)
	if err != nil {
		return nil, err
	}
	out := make([]*render.EventPage, len(events))
	for i, e := range events {
		out[i] = eventPage(e, lists[store.RelatedList][e.Path], lists[store.AroundList][e.Path], edits[e.Path], extras[e.Path], days[e.Date])
	}
	return out, nil
}

// dayRevisionsOf returns the current revisions of the events' days.
func (s *Site) dayRevisionsOf(ctx context.Context, events []event.Event) (map[event.Date]store.DayRevision, error) {
	out := map[event.Date]store.DayRevision{}
	for _, e := range events {
		if _, ok := out[e.Date]; ok {
			continue
		}
		rev, err := s.st.DayRevisionOf(ctx, e.Date)
		if err != nil {
			return nil, err
		}
		out[e.Date] = rev
	}
	return out, nil
}

// editsOfEach returns what edits left of those of the events at paths that
// have any, by path, in two queries for them all.
func (s *Site) editsOfEach(ctx context.Context, paths []string) (map[string]eventEdits, error) {
	former, err := s.st.FormerPathsOf(ctx, paths)
	if err != nil {
		return nil, err
	}
	earlier, err := s.st.EarlierTextsOf(ctx, paths)
	if err != nil {
		return nil, err
	}
	return joinEdits(former, earlier), nil
}

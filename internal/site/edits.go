package site

import (
	"context"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// editsPage is /edits/index from the store's latest edits (store.RecentEdits).
func editsPage(edits []store.EventEdit) *render.EditsPage {
	p := &render.EditsPage{Edits: make([]render.Edit, len(edits))}
	for i, e := range edits {
		p.Edits[i] = EditOf(e)
	}
	return p
}

// EditOf is a stored edit as the pages show it: its earlier text with the
// revision of its day's portal page.
func EditOf(e store.EventEdit) render.Edit {
	out := render.Edit{Path: e.Path, Date: e.Date, Headline: e.Headline, Removed: e.Removed, At: e.At}
	if t := e.Earlier; t != nil {
		out.Earlier = &earlierTexts([]store.EarlierText{*t}, e.DayTitle)[0]
	}
	return out
}

// editsFeed is the feed of the edits page: its edits as items.
func editsFeed(p *render.EditsPage) *render.Feed {
	return &render.Feed{Title: render.EditsTitle, PagePath: render.EditsPath, Edits: p.Edits}
}

// editsModel is /edits/index; as the home page, it is as new as the
// archive (an edit comes with a newer revision of a day).
func (s *Site) editsModel(ctx context.Context) (*render.EditsPage, []event.Date, error) {
	edits, err := s.st.RecentEdits(ctx, render.EditsSize)
	if err != nil {
		return nil, nil, err
	}
	return editsPage(edits), nil, nil
}

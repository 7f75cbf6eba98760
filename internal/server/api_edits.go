package server

import (
	"context"
	"time"

	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// apiEditList is a page of the portal's edits of events (/api/edits): what
// a program that keeps a copy of the events reads to learn which of them
// changed.
type apiEditList struct {
	apiPageHead
	Edits []apiEdit `json:"edits"`
}

// apiEdit is one edit, as the edits page's JSON writes it (docs/formats.md),
// with the event's absolute URLs.
type apiEdit struct {
	Kind     string `json:"kind"`
	Path     string `json:"path"`
	URL      string `json:"url"`
	APIURL   string `json:"api_url,omitempty"` // while the event is on the portal
	Date     string `json:"date"`
	Headline string `json:"headline"`
	At       string `json:"at"`
	// Earlier is the text a text edit replaced.
	Earlier *apiEarlier `json:"earlier,omitempty"`
}

// apiEarlier is the text an edit replaced, as an event's earlier_texts
// item.
type apiEarlier struct {
	Headline  string `json:"headline"`
	Revision  int64  `json:"revision"`
	Timestamp string `json:"timestamp"`
	URL       string `json:"url"`
	Replaced  string `json:"replaced"`
}

func (a *apiPages) edits(ctx context.Context, req apiRequest) (apiEditList, error) {
	q := store.EditListQuery{From: req.from, To: req.to, After: req.afterEdit, Descending: req.desc, Limit: req.limit}
	ans := apiEditList{apiPageHead: pageHead(req), Edits: []apiEdit{}}
	edits, more, err := a.st.EditList(ctx, q)
	if err != nil {
		return ans, err
	}
	for _, e := range edits {
		ans.Edits = append(ans.Edits, a.edit(e))
	}
	var cursor string
	if more {
		cursor = encodeEditCursor(edits[len(edits)-1].Key(), req.identity())
	}
	ans.setNext(a, req, len(edits), cursor)
	return ans, nil
}

func (a *apiPages) edit(e store.EventEdit) apiEdit {
	out := apiEdit{Kind: "removed", Path: e.Path, URL: a.pageURL(e.Path), Date: e.Date.String(), Headline: e.Headline,
		At: e.At.UTC().Format(time.RFC3339)}
	if e.OnPortal {
		out.APIURL = a.r.Abs(apiPrefix + "events" + e.Path)
	}
	if t := e.Earlier; t != nil {
		out.Kind = "edited"
		rev := render.PortalRevision{Title: e.DayTitle, ID: t.RevisionID, Timestamp: t.Timestamp}
		out.Earlier = &apiEarlier{Headline: t.Headline, Revision: t.RevisionID, URL: rev.URL(),
			Replaced: t.Replaced.UTC().Format(time.RFC3339)}
		if t.RevisionID != 0 && !t.Timestamp.IsZero() {
			out.Earlier.Timestamp = t.Timestamp.UTC().Format(time.RFC3339)
		}
	}
	return out
}

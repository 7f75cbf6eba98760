package server

import (
	"context"
	"encoding/json"

	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// apiEditList is a page of the portal's edits of events (/api/edits): what
// a program that keeps a copy of the events reads to learn which of them
// changed.
type apiEditList struct {
	apiPageHead
	Edits []apiEdit `json:"edits"`
}

// apiEdit is one edit as the API lists it: its event's page path and
// absolute URLs beside the edit object, which is the edits page's JSON item
// (render.EditJSON), as an event's is its .json page (apiItem).
type apiEdit struct {
	Path   string          `json:"path"`
	URL    string          `json:"url"`
	APIURL string          `json:"api_url,omitempty"` // while the event is on the portal
	Edit   json.RawMessage `json:"edit"`
}

func (a *apiPages) edits(ctx context.Context, req apiRequest) (apiEditList, error) {
	q := store.EditListQuery{From: req.from, To: req.to, After: req.afterEdit, Descending: req.desc, Limit: req.limit}
	ans := apiEditList{apiPageHead: pageHead(req), Edits: []apiEdit{}}
	edits, more, err := a.st.EditList(ctx, q)
	if err != nil {
		return ans, err
	}
	for _, e := range edits {
		item, err := a.edit(e)
		if err != nil {
			return ans, err
		}
		ans.Edits = append(ans.Edits, item)
	}
	var cursor string
	if more {
		cursor = encodeEditCursor(edits[len(edits)-1].Key(), req.identity())
	}
	ans.setNext(a, req, len(edits), cursor)
	return ans, nil
}

func (a *apiPages) edit(e store.EventEdit) (apiEdit, error) {
	body, err := a.r.EditJSON(site.EditOf(e))
	if err != nil {
		return apiEdit{}, err
	}
	out := apiEdit{Path: e.Path, URL: a.pageURL(e.Path), Edit: body}
	if e.OnPortal {
		out.APIURL = a.r.Abs(apiPrefix + "events" + e.Path)
	}
	return out, nil
}

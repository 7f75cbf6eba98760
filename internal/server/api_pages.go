package server

import (
	"bytes"
	"cmp"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/search"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// openAPIDocument describes the API (docs/api.md); its event objects are
// render's event schema, /schema/event.schema.json, by reference.
//
//go:embed openapi.json
var openAPIDocument []byte

// apiContentType is the Content-Type of every API answer.
const apiContentType = "application/json"

// apiPages answers the API's requests, each named by its canonical key
// (apiRequest.key), as pages: so the server keeps them in its page cache
// until the data changes, renders each once however many ask at the same
// time, and bounds the renders at once, as it does for the site's pages.
type apiPages struct {
	st   *store.Store
	site *site.Site
	r    *render.Renderer
}

// newAPIPages returns the API over st, whose event objects are the pages
// of s, with absolute URLs under cfg's base URL.
func newAPIPages(st *store.Store, s *site.Site, cfg render.Config) (*apiPages, error) {
	r, err := render.New(cfg)
	if err != nil {
		return nil, err
	}
	return &apiPages{st: st, site: s, r: r}, nil
}

// Page answers the API request of a canonical key. A bad request gives an
// *apiError; a store failure any other error.
func (a *apiPages) Page(ctx context.Context, key string) (site.Page, error) {
	req, err := parseKey(key)
	if err != nil {
		return site.Page{}, err
	}
	var body any
	switch req.endpoint {
	case apiIndex:
		body = a.index()
	case apiOpenAPI:
		return site.Page{Body: openAPIDocument, ContentType: apiContentType}, nil
	case apiEvent:
		body, err = a.event(ctx, req.path)
	case apiRelated:
		body, err = a.related(ctx, req.path)
	case apiCite:
		body, err = a.cite(ctx, req.path)
	case apiEvents, apiTopic:
		body, err = a.list(ctx, req)
	case apiSearch:
		body, err = a.search(ctx, req)
	case apiEdits:
		body, err = a.edits(ctx, req)
	}
	if err != nil {
		return site.Page{}, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // URLs keep their & readable; the answer is JSON, never HTML
	if err := enc.Encode(body); err != nil {
		return site.Page{}, fmt.Errorf("api %s: %w", key, err)
	}
	return site.Page{Body: b.Bytes(), ContentType: apiContentType}, nil
}

// apiItem is an event as the API lists it: its page path and absolute
// URLs beside the event object, which is the event's .json page.
type apiItem struct {
	Path   string          `json:"path"`
	URL    string          `json:"url"`
	APIURL string          `json:"api_url"`
	Event  json.RawMessage `json:"event"`
}

// apiPageHead is what a page of a list of events or edits begins with;
// Next comes first, so that the server finds it for the Link header
// without reading the items.
type apiPageHead struct {
	Next       *string `json:"next"`
	NextCursor *string `json:"next_cursor"`
	Limit      int     `json:"limit"`
	Count      int     `json:"count"`
	Order      string  `json:"order"`
	From       string  `json:"from,omitempty"`
	To         string  `json:"to,omitempty"`
}

// pageHead is the head of a page of the list req asks for, before its
// items are known.
func pageHead(req apiRequest) apiPageHead {
	h := apiPageHead{Limit: req.limit, Order: "asc"}
	if req.desc {
		h.Order = "desc"
	}
	if !req.from.IsZero() {
		h.From = req.from.String()
	}
	if !req.to.IsZero() {
		h.To = req.to.String()
	}
	return h
}

// setNext records a page of count items, and its next page's cursor when
// more follow ("" when none do).
func (h *apiPageHead) setNext(a *apiPages, req apiRequest, count int, cursor string) {
	h.Count = count
	if cursor != "" {
		next := a.r.Abs(req.withCursor(cursor))
		h.Next, h.NextCursor = &next, &cursor
	}
}

// apiList is a page of a list of events.
type apiList struct {
	apiPageHead
	Topic  *apiTopicInfo `json:"topic,omitempty"`
	Events []apiItem     `json:"events"`
}

// apiTopicInfo is the topic, story or category a list belongs to.
type apiTopicInfo struct {
	Kind  event.Kind `json:"kind"`
	Title string     `json:"title"`
	Slug  string     `json:"slug"`
	Path  string     `json:"path"`
	URL   string     `json:"url"`
}

func (a *apiPages) item(path string, body []byte) apiItem {
	return apiItem{Path: path, URL: a.pageURL(path), APIURL: a.r.Abs(apiPrefix + "events" + path), Event: body}
}

// pageURL is the absolute URL of a page in the format the site links to.
func (a *apiPages) pageURL(path string) string { return a.r.Abs(path + a.r.LinkFormat().Ext()) }

func (a *apiPages) event(ctx context.Context, path string) (apiItem, error) {
	body, err := a.eventPage(ctx, path)
	if err != nil {
		return apiItem{}, err
	}
	return a.item(path, body), nil
}

// eventPage is the event's .json page.
func (a *apiPages) eventPage(ctx context.Context, path string) ([]byte, error) {
	p, err := a.site.Page(ctx, path+render.JSON.Ext())
	if errors.Is(err, site.ErrNotFound) {
		return nil, apiNotFound("no event at %s", path)
	}
	if err != nil {
		return nil, err
	}
	return p.Body, nil
}

// apiRelatedAnswer is an event's related and around lists.
type apiRelatedAnswer struct {
	Path    string           `json:"path"`
	URL     string           `json:"url"`
	APIURL  string           `json:"api_url"`
	Related []map[string]any `json:"related"`
	Around  []map[string]any `json:"around"`
}

func (a *apiPages) related(ctx context.Context, path string) (apiRelatedAnswer, error) {
	body, err := a.eventPage(ctx, path)
	if err != nil {
		return apiRelatedAnswer{}, err
	}
	var doc struct {
		Related []map[string]any `json:"related"`
		Around  []map[string]any `json:"around"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return apiRelatedAnswer{}, fmt.Errorf("related of %s: %w", path, err)
	}
	ans := apiRelatedAnswer{Path: path, URL: a.pageURL(path), APIURL: a.r.Abs(apiPrefix + "related" + path),
		Related: a.withURLs(doc.Related), Around: a.withURLs(doc.Around)}
	return ans, nil
}

// apiCiteAnswer is an event's citations: those of its page's "Cite this
// event" block, and a RIS record.
type apiCiteAnswer struct {
	Path    string `json:"path"`
	URL     string `json:"url"`
	APIURL  string `json:"api_url"`
	APA     string `json:"apa"`
	MLA     string `json:"mla"`
	Chicago string `json:"chicago"`
	BibTeX  string `json:"bibtex"`
	RIS     string `json:"ris"`
}

func (a *apiPages) cite(ctx context.Context, path string) (apiCiteAnswer, error) {
	p, err := a.site.EventPage(ctx, path)
	if errors.Is(err, site.ErrNotFound) {
		return apiCiteAnswer{}, apiNotFound("no event at %s", path)
	}
	if err != nil {
		return apiCiteAnswer{}, err
	}
	return apiCiteAnswer{Path: path, URL: a.r.Abs(path + render.HTML.Ext()), APIURL: a.r.Abs(apiPrefix + "cite" + path),
		APA: a.r.Cite(p, render.CiteAPA), MLA: a.r.Cite(p, render.CiteMLA), Chicago: a.r.Cite(p, render.CiteChicago),
		BibTeX: a.r.Cite(p, render.CiteBibTeX), RIS: a.r.Cite(p, render.CiteRIS)}, nil
}

// withURLs adds the absolute URLs of each listed event beside its path.
func (a *apiPages) withURLs(list []map[string]any) []map[string]any {
	if list == nil {
		return []map[string]any{}
	}
	for _, m := range list {
		if p, ok := m["path"].(string); ok {
			m["url"], m["api_url"] = a.pageURL(p), a.r.Abs(apiPrefix+"events"+p)
		}
	}
	return list
}

func (a *apiPages) list(ctx context.Context, req apiRequest) (apiList, error) {
	q := store.EventListQuery{From: req.from, To: req.to, After: req.after, Descending: req.desc, Limit: req.limit}
	ans := apiList{apiPageHead: pageHead(req), Events: []apiItem{}}
	if req.endpoint == apiTopic {
		t, err := a.topic(ctx, req.kind, req.slug)
		if err != nil {
			return ans, err
		}
		ans.Topic, q.Kind, q.Title = &t, req.kind, t.Title
	}
	events, more, err := a.st.EventList(ctx, q)
	if err != nil {
		return ans, err
	}
	bodies, err := a.site.EventPages(ctx, events, render.JSON)
	if err != nil {
		return ans, err
	}
	for i, e := range events {
		ans.Events = append(ans.Events, a.item(e.Path, bodies[i]))
	}
	var cursor string
	if more {
		last := events[len(events)-1]
		cursor = encodeCursor(store.EventKey{Date: last.Date, Position: last.Position}, req.identity())
	}
	ans.setNext(a, req, len(events), cursor)
	return ans, nil
}

// topic finds the topic, story or category of a slug, or of an alias's.
func (a *apiPages) topic(ctx context.Context, kind event.Kind, slug string) (apiTopicInfo, error) {
	title, err := a.st.TitleOfSlug(ctx, kind, slug)
	if errors.Is(err, store.ErrNotFound) {
		alias, aerr := a.st.AliasOf(ctx, kind, slug)
		if aerr != nil {
			if errors.Is(aerr, store.ErrNotFound) {
				return apiTopicInfo{}, a.missingTitle(ctx, kind, slug)
			}
			return apiTopicInfo{}, aerr
		}
		slug = alias.TargetSlug
		title, err = a.st.TitleOfSlug(ctx, kind, slug)
	}
	if err != nil {
		return apiTopicInfo{}, err
	}
	p := render.TitlePath(kind, slug)
	return apiTopicInfo{Kind: kind, Title: title, Slug: slug, Path: p, URL: a.pageURL(p)}, nil
}

// missingTitle is the 404 of a slug that names no topic, story or category
// of kind: with the slugs of that kind whose slugs hold its words (at most
// maxLikelyTitles, shortest first), as the site's 404 page offers their
// pages.
func (a *apiPages) missingTitle(ctx context.Context, kind event.Kind, slug string) error {
	similar, err := similarTitles(ctx, a.st, kind, slug)
	if err != nil {
		return err
	}
	e := apiNotFound("no %s with the slug %q", kind, slug)
	for _, t := range similar {
		e.similar = append(e.similar, t.Slug)
	}
	if len(e.similar) > 0 {
		e.msg += "; did_you_mean lists the slugs that hold its words"
	}
	return e
}

// apiSearchItem is a search result: an event with its relevance and the
// passages that matched, the matched words between search.Mark and
// search.Unmark.
type apiSearchItem struct {
	apiItem
	Score     float64 `json:"score"`
	Highlight string  `json:"highlight"`
	Snippet   string  `json:"snippet"`
}

// apiSearchAnswer is a page of search results, best first or by date.
type apiSearchAnswer struct {
	Next       *string         `json:"next"`
	NextCursor *string         `json:"next_cursor"`
	Limit      int             `json:"limit"`
	Count      int             `json:"count"`
	Total      int             `json:"total"`
	Query      string          `json:"query"`
	Order      string          `json:"order"`
	Mark       [2]string       `json:"mark"`
	Results    []apiSearchItem `json:"results"`
}

func (a *apiPages) search(ctx context.Context, req apiRequest) (apiSearchAnswer, error) {
	res, err := search.Run(ctx, a.st, search.Request{Query: req.query, From: req.from, To: req.to,
		Topic: req.topic, Story: req.story, Category: req.category, Order: req.order, Limit: req.limit, Cursor: req.cursor})
	var serr *search.Error
	if errors.As(err, &serr) {
		return apiSearchAnswer{}, searchError(serr)
	}
	if err != nil {
		return apiSearchAnswer{}, err
	}
	ans := apiSearchAnswer{Limit: req.limit, Total: res.Total, Query: req.query, Order: cmp.Or(searchOrders[req.order], "relevance"),
		Mark: [2]string{search.Mark, search.Unmark}, Results: []apiSearchItem{}}
	events := make([]event.Event, 0, len(res.Results))
	found := make([]search.Result, 0, len(res.Results))
	for _, r := range res.Results {
		e, err := a.st.Event(ctx, r.Path)
		if errors.Is(err, store.ErrNotFound) {
			continue // gone since the index was built; its page is the day's
		}
		if err != nil {
			return ans, err
		}
		events, found = append(events, e), append(found, r)
	}
	bodies, err := a.site.EventPages(ctx, events, render.JSON)
	if err != nil {
		return ans, err
	}
	for i, r := range found {
		ans.Results = append(ans.Results, apiSearchItem{apiItem: a.item(r.Path, bodies[i]),
			Score: r.Score, Highlight: r.Highlight, Snippet: r.Snippet})
	}
	ans.Count = len(ans.Results)
	if res.Next != "" {
		next := a.r.Abs(req.withCursor(res.Next))
		ans.Next, ans.NextCursor = &next, &res.Next
	}
	return ans, nil
}

// searchError names the parameter a search's *Error is about and, for a
// filter that named nothing, the titles it may have meant.
func searchError(e *search.Error) *apiError {
	msg := e.Msg
	param := "q"
	switch {
	case e.Filter != "":
		param = string(e.Filter)
	case strings.Contains(msg, "cursor"):
		param = "cursor"
	case e.Pos >= 0:
		msg = strings.TrimPrefix(e.Error(), "search: ")
	}
	bad := badParam(param, "%s", msg)
	bad.similar = e.Similar
	return bad
}

// apiIndexAnswer lists the endpoints.
type apiIndexAnswer struct {
	Name      string             `json:"name"`
	OpenAPI   string             `json:"openapi"`
	Schema    string             `json:"event_schema"`
	Endpoints []apiIndexEndpoint `json:"endpoints"`
}

type apiIndexEndpoint struct {
	Path        string `json:"path"`
	Example     string `json:"example,omitempty"`
	Description string `json:"description"`
}

// apiEndpoints are the endpoints the index lists, with an example each.
var apiEndpoints = []struct{ path, example, description string }{
	{"/api/events/{path}", "", "One event by its page path (or /api/events?path=…)."},
	{"/api/events", "/api/events?from=2013-06-01&to=2013-06-30", "Events by date range (from, to), oldest first or order=desc."},
	{"/api/topics/{slug}", "", "The events of a topic (a linked article)."},
	{"/api/stories/{slug}", "", "The events of a story."},
	{"/api/categories/{slug}", "", "The events of a category."},
	{"/api/search", "/api/search?q=earthquake", "Full-text search: q, with from, to, topic, story and category."},
	{"/api/related/{path}", "", "An event's related events and the events around it."},
	{"/api/edits", "/api/edits?order=desc", "The portal's edits that changed an event's text or removed an event, by the days they were saved on (from, to), oldest first or order=desc."},
	{"/api/cite/{path}", "", "An event's citations: APA, MLA, Chicago, BibTeX and RIS."},
	{"/api/openapi.json", "/api/openapi.json", "This API as an OpenAPI 3.1 document."},
}

func (a *apiPages) index() apiIndexAnswer {
	ans := apiIndexAnswer{Name: "Chronicle query API", OpenAPI: a.r.Abs(apiPrefix + "openapi.json"),
		Schema: a.r.Abs("/schema/event.schema.json")}
	for _, e := range apiEndpoints {
		var example string
		if e.example != "" {
			example = a.r.Abs(e.example)
		}
		ans.Endpoints = append(ans.Endpoints, apiIndexEndpoint{Path: e.path, Example: example, Description: e.description})
	}
	return ans
}

// nextLink returns the "next" URL an API list answer begins with, or "".
func nextLink(body []byte) string {
	if !bytes.HasPrefix(body, []byte(`{"next":"`)) {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	for range 2 {
		if _, err := dec.Token(); err != nil {
			return ""
		}
	}
	tok, err := dec.Token()
	if err != nil {
		return ""
	}
	s, _ := tok.(string)
	return s
}

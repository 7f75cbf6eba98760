package server

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/search"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// SearchRenderer writes the search page and its feeds; *render.Renderer
// is one.
type SearchRenderer interface {
	SearchPage(w io.Writer, v *render.SearchView) error
	RSS(w io.Writer, f *render.Feed) error
	Atom(w io.Writer, f *render.Feed) error
}

// Searcher runs a search; search.Run on a store is one (see
// NewSearchHandler).
type Searcher func(ctx context.Context, r search.Request) (search.Results, error)

// NewSearchHandler returns the handler of the search page, /search/?q=…:
// the results of search.Run on st as an HTML page, a malformed query or
// filter answered with 400 and the page saying what is wrong; and of its
// feeds, /search/feed.xml?q=… and /search/atom.xml?q=…, the newest
// results first.
func NewSearchHandler(st *store.Store, r SearchRenderer, log *slog.Logger) http.Handler {
	run := func(ctx context.Context, req search.Request) (search.Results, error) { return search.Run(ctx, st, req) }
	return &searchHandler{run: run, render: r, log: log}
}

type searchHandler struct {
	run    Searcher
	render SearchRenderer
	log    *slog.Logger
}

// isSearchPath tells the paths of the search page, /search and /search/
// (the static site's /search/index.html is its own), and of its feeds.
func isSearchPath(p string) bool {
	return p == "/search" || p == render.SearchPath || p == render.SearchFeedPath || p == render.SearchAtomPath
}

func (h *searchHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := &render.SearchView{Query: strings.TrimSpace(q.Get("q")), From: q.Get("from"), To: q.Get("to"),
		Category: q.Get("category"), Topic: q.Get("topic"), Story: q.Get("story"), Order: q.Get("order")}
	if r.URL.Path == render.SearchFeedPath || r.URL.Path == render.SearchAtomPath {
		h.serveFeed(w, r, v)
		return
	}
	status := http.StatusOK
	if v.Query != "" {
		res, err := h.search(r.Context(), v, q.Get("cursor"), search.DefaultLimit)
		var bad *search.Error
		switch {
		case errors.As(err, &bad):
			status, v.Error, v.Filter, v.Similar = http.StatusBadRequest, bad.Msg, string(bad.Filter), bad.Similar
		case err != nil:
			if r.Context().Err() != nil {
				return // the client went away
			}
			h.log.Error("search", "query", v.Query, "err", err)
			plainError(w, http.StatusInternalServerError, "the search failed; the error is in the server's log")
			return
		default:
			v.Results = &res
		}
	}
	var body bytes.Buffer
	if err := h.render.SearchPage(&body, v); err != nil {
		h.log.Error("render search page", "query", v.Query, "err", err)
		plainError(w, http.StatusInternalServerError, "the search page could not be rendered; the error is in the server's log")
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeFresh(w, r, status, "text/html; charset=utf-8", body.Bytes(), false)
}

// serveFeed answers a search's feed: its newest results, as RSS or Atom;
// a query that cannot run is a plain-text 400 (a feed reader shows it).
func (h *searchHandler) serveFeed(w http.ResponseWriter, r *http.Request, v *render.SearchView) {
	if v.Query == "" {
		plainError(w, http.StatusBadRequest, "a search feed needs a query: "+render.SearchFeedPath+"?q=words")
		return
	}
	v.Order = search.OrderNames[search.Newest]
	res, err := h.search(r.Context(), v, "", render.FeedSize)
	var bad *search.Error
	switch {
	case errors.As(err, &bad):
		plainError(w, http.StatusBadRequest, strings.TrimPrefix(bad.Error(), "search: ")+search.DidYouMean(bad.Similar))
		return
	case err != nil:
		if r.Context().Err() == nil {
			h.log.Error("search feed", "query", v.Query, "err", err)
			plainError(w, http.StatusInternalServerError, "the search failed; the error is in the server's log")
		}
		return
	}
	events := make([]render.IndexEvent, len(res.Results))
	for i, x := range res.Results {
		events[i] = render.IndexEvent{Path: x.Path, Date: x.Date, Headline: x.Headline, Category: x.Category, Text: x.Headline}
	}
	feed := render.SearchFeed(v, events)
	write, contentType := h.render.RSS, "application/rss+xml; charset=utf-8"
	if r.URL.Path == render.SearchAtomPath {
		write, contentType = h.render.Atom, "application/atom+xml; charset=utf-8"
	}
	var body bytes.Buffer
	if err := write(&body, feed); err != nil {
		h.log.Error("render search feed", "query", v.Query, "err", err)
		plainError(w, http.StatusInternalServerError, "the feed could not be rendered; the error is in the server's log")
		return
	}
	// Feed readers ask again and again: the same results answer 304.
	w.Header().Set("Cache-Control", "no-cache")
	writeFresh(w, r, http.StatusOK, contentType, body.Bytes(), true)
}

// search runs the view's query with its filters and order, limit results
// from the cursor's page.
func (h *searchHandler) search(ctx context.Context, v *render.SearchView, cursor string, limit int) (search.Results, error) {
	order, err := search.ParseOrder(v.Order)
	if err != nil {
		return search.Results{}, err
	}
	req := search.Request{Query: v.Query, Category: v.Category, Topic: v.Topic, Story: v.Story, Order: order, Limit: limit, Cursor: cursor}
	for _, d := range []struct {
		name, value string
		to          *event.Date
	}{{"from", v.From, &req.From}, {"to", v.To, &req.To}} {
		if d.value == "" {
			continue
		}
		date, err := event.ParseDate(d.value)
		if err != nil {
			return search.Results{}, &search.Error{Msg: "the " + d.name + " date " + strconv.Quote(d.value) + " is not a day as YYYY-MM-DD", Pos: -1}
		}
		*d.to = date
	}
	return h.run(ctx, req)
}

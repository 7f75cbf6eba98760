package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/site"
)

// The query API (docs/api.md): JSON under /api/, its answers kept in the
// page cache beside the site's pages and invalidated with them when the
// data version moves, readable from any origin.

// isAPIPath reports whether a URL path is the API's.
func isAPIPath(p string) bool { return p == "/api" || strings.HasPrefix(p, apiPrefix) }

// routedPages sends the API's keys to the API and every other path to the
// site, so that both share one cache and one bound on renders.
type routedPages struct {
	site, api Pages
}

func (p routedPages) Page(ctx context.Context, key string) (site.Page, error) {
	if isAPIPath(key) {
		return p.api.Page(ctx, key)
	}
	return p.site.Page(ctx, key)
}

// serveAPI answers a request under /api/.
func (h *handler) serveAPI(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("Access-Control-Expose-Headers", "ETag, Link, Retry-After")
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodOptions:
		preflight(w, r)
		return
	default:
		hd.Set("Allow", "GET, HEAD, OPTIONS")
		apiErrorAnswer(w, &apiError{status: http.StatusMethodNotAllowed, msg: "only GET, HEAD and OPTIONS are served"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.cfg.PageTimeout)
	defer cancel()
	req, err := parseAPI(r.URL.Path, r.URL.RawQuery)
	if err == nil {
		var page *cached
		if page, err = h.pages.page(ctx, req.key()); err == nil {
			if next := nextLink(page.body); next != "" {
				hd.Set("Link", "<"+next+`>; rel="next"`)
			}
			writeCached(w, r, page)
			return
		}
	}
	if isNotFound(err) && h.eventElsewhere(ctx, w, r) {
		return
	}
	h.apiFailure(w, r, err)
}

// isNotFound reports whether an API request failed for naming nothing the
// archive has: an address or a path parameter that is no event's, say.
func isNotFound(err error) bool {
	var ae *apiError
	return errors.As(err, &ae) && (ae.status == http.StatusNotFound || ae.param == "path")
}

// preflight answers a CORS preflight: any origin may GET.
func preflight(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	if want := r.Header.Get("Access-Control-Request-Headers"); want != "" {
		hd.Set("Access-Control-Allow-Headers", want)
	}
	hd.Set("Access-Control-Max-Age", "86400")
	hd.Set("Allow", "GET, HEAD, OPTIONS")
	hd.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusNoContent)
}

// apiFailure answers an API request that failed: its own status for a bad
// request, 503 when busy, 500 (logged) when the store failed.
func (h *handler) apiFailure(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		apiErrorAnswer(w, ae)
	case isBusy(err):
		w.Header().Set("Retry-After", retryAfter)
		apiErrorAnswer(w, &apiError{status: http.StatusServiceUnavailable,
			msg: "the server is busy answering other requests; try again in a moment"})
	case r.Context().Err() != nil:
		// the client went away; nobody reads an answer
	case errors.Is(err, context.DeadlineExceeded):
		w.Header().Set("Retry-After", retryAfter)
		apiErrorAnswer(w, &apiError{status: http.StatusServiceUnavailable,
			msg: "the answer took too long; narrow the request or try again"})
	default:
		h.cfg.Logger.Error("api", "path", r.URL.Path, "query", r.URL.RawQuery, "err", err)
		apiErrorAnswer(w, &apiError{status: http.StatusInternalServerError,
			msg: "the request failed; the error is in the server's log"})
	}
}

// apiErrorBody is every API error's JSON.
type apiErrorBody struct {
	Error      string   `json:"error"`
	Parameter  string   `json:"parameter,omitempty"`
	DidYouMean []string `json:"did_you_mean,omitempty"`
}

func apiErrorAnswer(w http.ResponseWriter, e *apiError) {
	hd := w.Header()
	hd.Del("Content-Encoding")
	hd.Del("ETag")
	hd.Del("Last-Modified")
	hd.Set("Cache-Control", "no-cache")
	hd.Set("Content-Type", apiContentType)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(apiErrorBody{Error: e.Error(), Parameter: e.param, DidYouMean: e.similar}) //nolint:errcheck // strings only: cannot fail
	w.WriteHeader(e.status)
	w.Write(b.Bytes()) //nolint:errcheck // the client went away
}

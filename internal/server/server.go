// Package server is `chronicle serve`: it answers the static site's URLs
// straight from the store, rendering each page on request (internal/site), with
// the HTTP a reader's browser, a feed reader or a crawler expects: content types
// per extension, Accept negotiation for extension-less paths, ETag and
// Last-Modified with 304s, gzip, 301s for retired event paths, a helpful 404,
// request logs, panic recovery and graceful shutdown.
package server

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// Pages renders the page at a URL path with its extension; *site.Site is one.
// It returns an error wrapping site.ErrNotFound for a path the site does not have.
type Pages interface {
	Page(ctx context.Context, urlPath string) (site.Page, error)
}

// History remembers every path an event ever had; *store.Store is one.
// It returns an error wrapping store.ErrNotFound for a path never published.
type History interface {
	PathHistory(ctx context.Context, path string) (store.PathRecord, error)
}

// Aliases knows the other spellings of topic and story titles;
// *store.Store is one. It returns an error wrapping store.ErrNotFound for
// an address that is no alias's.
type Aliases interface {
	AliasOf(ctx context.Context, kind event.Kind, slug string) (store.Alias, error)
}

// Prefixes finds the paths events have or had by how they start, the
// current events' first with their headlines; *store.Store is one. It
// answers the links to events cut short.
type Prefixes interface {
	PathsStartingWith(ctx context.Context, prefix string, limit int) ([]store.PathMatch, error)
}

// Titles finds the topics, stories or categories whose slugs hold the
// words of a missing title page's slug; *store.Store is one. It answers
// the addresses of title pages the archive lacks.
type Titles interface {
	SimilarTitles(ctx context.Context, kind event.Kind, value string, n int) ([]string, error)
	Slug(ctx context.Context, kind event.Kind, title string) (string, error)
}

// NotFoundRenderer writes the helpful 404 page for a requested path, with
// the pages it most likely meant; *render.Renderer is one.
type NotFoundRenderer interface {
	NotFound(w io.Writer, requested string, likely render.Likely) error
}

// Config is what a Handler serves.
type Config struct {
	// Pages renders the site's pages. Required.
	Pages Pages
	// History answers retired event paths with a 301; nil turns that off.
	History History
	// Aliases answers the addresses of other spellings of a topic or story
	// with a 301 to its page; nil turns that off.
	Aliases Aliases
	// Prefixes answers an event's address cut short with a 302 to the event
	// or the events it may have meant; nil turns that off.
	Prefixes Prefixes
	// Titles offers, on the 404 page of a title page the archive lacks,
	// the titles its address may have meant; nil turns that off.
	Titles Titles
	// NotFound renders 404 pages; nil gives a plain-text 404.
	NotFound NotFoundRenderer
	// Logger receives request logs and errors; nil discards them.
	Logger *slog.Logger
	// PageTimeout bounds the rendering of one page; 0 means DefaultPageTimeout.
	PageTimeout time.Duration
	// Versions tells when the data behind the pages changes; with it, rendered
	// pages are kept in memory until then. nil renders every request.
	Versions Versions
	// VersionInterval is how long a read of the data version is reused
	// before the next request reads it again; 0 means
	// DefaultVersionInterval, a negative number reads it for every request.
	// Writes of this process show at once when Versions is a NotedVersions.
	VersionInterval time.Duration
	// CacheBytes bounds the rendered pages kept in memory; 0 means
	// DefaultCacheBytes, a negative number keeps none.
	CacheBytes int64
	// MaxRenders bounds the pages rendered at once; 0 means one per core
	// and one more.
	MaxRenders int
	// RenderWait bounds how long a page waits for a render slot before a
	// 503 with Retry-After; 0 means DefaultRenderWait.
	RenderWait time.Duration
	// API answers the query API under /api/ (apiPages); nil leaves /api/
	// to the site.
	API Pages
	// Warm, when set, is run in the background each time the data version
	// moves (first at the first request), to load what the pages of the new
	// data share before a reader waits for it.
	Warm func(ctx context.Context) error
	// Search answers /search and /search/ (NewSearchHandler); nil leaves
	// them to Pages.
	Search http.Handler
}

// DefaultPageTimeout bounds the rendering of one page when Config leaves it 0.
const DefaultPageTimeout = 20 * time.Second

// New returns the handler of a site served from st, with its pages rendered
// by cfg: the pages, the 301s of retired paths and the 404s, wrapped in
// logging and panic recovery.
func New(st *store.Store, cfg render.Config, logger *slog.Logger) (http.Handler, error) {
	cfg.APIPath = apiPrefix
	r, err := render.New(cfg)
	if err != nil {
		return nil, err
	}
	pages := site.New(st, cfg)
	api, err := newAPIPages(st, pages, cfg)
	if err != nil {
		return nil, err
	}
	return NewHandler(Config{Pages: pages, API: api, History: st, Aliases: st, Prefixes: st, Titles: st, NotFound: r, Logger: logger, Versions: st, Warm: pages.Warm,
		Search: NewSearchHandler(st, r, cmp.Or(logger, slog.New(slog.DiscardHandler)))})
}

// NewHandler returns the handler of cfg, wrapped in logging and panic
// recovery.
func NewHandler(cfg Config) (http.Handler, error) {
	if cfg.Pages == nil {
		return nil, errors.New("server: no pages to serve")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.PageTimeout <= 0 {
		cfg.PageTimeout = DefaultPageTimeout
	}
	if cfg.CacheBytes == 0 {
		cfg.CacheBytes = DefaultCacheBytes
	}
	if cfg.MaxRenders <= 0 {
		cfg.MaxRenders = defaultMaxRenders()
	}
	if cfg.VersionInterval == 0 {
		cfg.VersionInterval = DefaultVersionInterval
	}
	if cfg.RenderWait <= 0 {
		cfg.RenderWait = DefaultRenderWait
	}
	sources := cfg
	if cfg.API != nil {
		sources.Pages = routedPages{site: cfg.Pages, api: cfg.API}
	}
	h := &handler{cfg: cfg, pages: newPageSource(sources)}
	return stack{Handler: logRequests(cfg.Logger, recoverPanics(cfg.Logger, securityHeaders(h))), fast: h}, nil
}

// stack is the handler NewHandler returns: the whole stack for net/http,
// and its innermost handler for the fast front, which answers the pages in
// memory without net/http (Serve, front.go).
type stack struct {
	http.Handler
	fast *handler
}

// handler serves the site's pages; it is the innermost layer of New's stack.
type handler struct {
	cfg   Config
	pages *pageSource
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.cfg.API != nil && isAPIPath(r.URL.Path) {
		h.serveAPI(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		plainError(w, http.StatusMethodNotAllowed, "only GET and HEAD are served")
		return
	}
	if h.cfg.Search != nil && isSearchPath(r.URL.Path) {
		h.cfg.Search.ServeHTTP(w, r)
		return
	}
	req, err := resolve(r)
	if err != nil {
		h.reject(w, r, err)
		return
	}
	if req.redirect != "" {
		redirect(w, r, req.redirect)
		return
	}
	page, err := h.pages.page(r.Context(), req.path)
	if err != nil {
		ctx, cancel := context.WithTimeout(r.Context(), h.cfg.PageTimeout)
		defer cancel()
		h.pageError(ctx, w, r, req, err)
		return
	}
	if req.negotiated {
		setNegotiatedHeader(w.Header(), req.path)
	}
	writeCached(w, r, page)
}

// setNegotiatedHeader marks an answer whose format came from Accept: Vary
// and the Content-Location of the file served.
func setNegotiatedHeader(hdr http.Header, sitePath string) {
	if len(hdr["Vary"]) == 0 {
		hdr["Vary"] = varyAccept
	} else {
		hdr.Add("Vary", "Accept")
	}
	hdr["Content-Location"] = []string{sitePath}
}

// reject answers a request whose path or Accept header cannot be served.
func (h *handler) reject(w http.ResponseWriter, r *http.Request, err error) {
	var bad badRequest
	var na notAcceptable
	switch {
	case errors.As(err, &bad):
		plainError(w, http.StatusBadRequest, bad.reason) // the status text says it is a bad request
	case errors.As(err, &na):
		w.Header().Add("Vary", "Accept")
		plainError(w, http.StatusNotAcceptable, na.Error())
	default:
		ctx, cancel := context.WithTimeout(r.Context(), h.cfg.PageTimeout)
		defer cancel()
		h.notFound(ctx, w, r)
	}
}

// pageError answers a page the site could not give: a 301 when the path was
// an event's that an edit retired, a 404 when it never existed, a 500 when the
// site failed.
func (h *handler) pageError(ctx context.Context, w http.ResponseWriter, r *http.Request, req request, err error) {
	if isBusy(err) {
		busy(w)
		return
	}
	if !errors.Is(err, site.ErrNotFound) {
		if r.Context().Err() != nil {
			return // the client went away; nobody reads an answer
		}
		h.cfg.Logger.Error("render page", "path", req.path, "err", err)
		plainError(w, http.StatusInternalServerError, "the page could not be rendered; the error is in the server's log")
		return
	}
	if target := cmp.Or(h.retiredTarget(ctx, req), h.aliasTarget(ctx, req), event.CanonicalDatePath(r.URL.Path)); target != "" {
		redirect(w, r, target)
		return
	}
	if req.negotiated && req.dirFallback != "" {
		if _, err := h.pages.page(ctx, req.dirFallback); err == nil {
			redirect(w, r, req.dir)
			return
		}
	}
	h.notFound(ctx, w, r)
}

// retiredTarget returns where a retired event path now leads, in the same
// format: the event's new path when an edit changed it, else the day index
// of its event; empty when the path is not a retired one.
func (h *handler) retiredTarget(ctx context.Context, req request) string {
	if h.cfg.History == nil {
		return ""
	}
	eventPath := req.eventPath()
	if eventPath == "" {
		return ""
	}
	rec, err := h.cfg.History.PathHistory(ctx, eventPath)
	if err != nil || rec.Current {
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			h.cfg.Logger.Error("path history", "path", eventPath, "err", err)
		}
		return ""
	}
	if rec.MovedTo != "" {
		// An edited event: its page now, in the format the URL named.
		return rec.MovedTo + req.ext
	}
	if req.negotiated {
		return dayDir(rec.Date)
	}
	return event.DayIndex(rec.Date).WithExt(req.ext).String()
}

// aliasTarget returns the page, in the same format, of the canonical
// title whose alias's address the request names; empty when none.
func (h *handler) aliasTarget(ctx context.Context, req request) string {
	if h.cfg.Aliases == nil {
		return ""
	}
	p, err := event.ParseSitePath(req.path)
	if err != nil || p.Type != event.PathTitle {
		return ""
	}
	a, err := h.cfg.Aliases.AliasOf(ctx, p.Kind, p.Slug)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			h.cfg.Logger.Error("aliases", "path", req.path, "err", err)
		}
		return ""
	}
	target := event.TitlePage(p.Kind, a.TargetSlug)
	if req.negotiated {
		return strings.TrimSuffix(target.String(), "index")
	}
	return target.WithExt(req.ext).String()
}

// notFound answers a path the site has no page at: with a redirect when the
// link was only mangled (mend), else with the 404 page, offering the events
// an address cut short may have meant.
func (h *handler) notFound(ctx context.Context, w http.ResponseWriter, r *http.Request) {
	target, status, likely := h.mend(ctx, r)
	if target != "" {
		http.Redirect(w, r, target, status)
		return
	}
	if h.cfg.NotFound == nil {
		plainError(w, http.StatusNotFound, "no page at this address")
		return
	}
	hints := render.Likely{Events: likely}
	if len(likely) == 0 {
		hints.Kind, hints.Titles = h.likelyTitles(ctx, r.URL.Path)
	}
	var body bytes.Buffer
	if err := h.cfg.NotFound.NotFound(&body, r.URL.Path, hints); err != nil {
		h.cfg.Logger.Error("render 404 page", "path", r.URL.Path, "err", err)
		plainError(w, http.StatusNotFound, "no page at this address")
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeBody(w, r, http.StatusNotFound, "text/html; charset=utf-8", body.Bytes())
}

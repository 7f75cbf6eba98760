package server

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// maxLikely bounds the events a 404 page offers for an address cut short.
const maxLikely = 10

// mend answers a link to no page that most likely meant one (docs/serve.md,
// "Paths"): the path event.MendPath gives, 301, when it leads to a page;
// else, for an event's address cut short, a 302 to the one event of the day
// whose address starts so, or the events that do, for the 404 page to offer.
func (h *handler) mend(ctx context.Context, r *http.Request) (target string, status int, likely []render.LikelyEvent) {
	mended := event.MendPath(r.URL.Path)
	if mended != "" && h.leadsSomewhere(ctx, mended, r.Header.Values("Accept")) {
		return withQuery(mended, r.URL), http.StatusMovedPermanently, nil
	}
	prefix, ext, slug, ok := event.CutEventPath(cmp.Or(mended, r.URL.Path))
	if !ok {
		return "", 0, nil
	}
	only, matches := h.cutShort(ctx, prefix, slug)
	if only != "" {
		return withQuery(only+ext, r.URL), http.StatusFound, nil
	}
	for _, m := range matches {
		likely = append(likely, render.LikelyEvent{Path: m.Path, Headline: m.Headline})
	}
	return "", 0, likely
}

// cutShort reads prefix, with its slug, as an event's address cut short:
// it returns the path of the one event of its day that the address can
// only have meant (store.OnlyMatch, with a slug of at least
// event.MinCutSlug), or else up to maxLikely current events whose paths
// start so.
func (h *handler) cutShort(ctx context.Context, prefix, slug string) (only string, likely []store.PathMatch) {
	if h.cfg.Prefixes == nil {
		return "", nil
	}
	matches, err := h.cfg.Prefixes.PathsStartingWith(ctx, prefix, maxLikely+1)
	if err != nil {
		h.cfg.Logger.Error("paths starting with", "prefix", prefix, "err", err)
		return "", nil
	}
	if m, ok := store.OnlyMatch(matches); ok && len(slug) >= event.MinCutSlug {
		return m.Path, nil
	}
	for _, m := range matches {
		if m.Headline != "" && len(likely) < maxLikely {
			likely = append(likely, m)
		}
	}
	return "", likely
}

// likelyTitles returns, for the address of a topic, story or category page
// the archive lacks, the titles of that kind whose slugs hold the words of
// its slug; nothing for any other address.
func (h *handler) likelyTitles(ctx context.Context, urlPath string) (event.Kind, []render.LikelyTitle) {
	if h.cfg.Titles == nil {
		return "", nil
	}
	req, err := resolveClean(urlPath, nil)
	if err != nil {
		return "", nil
	}
	for _, sp := range []string{req.path, req.dirFallback} {
		p, err := event.ParseSitePath(sp)
		if err != nil || p.Type != event.PathTitle {
			continue
		}
		out, err := similarTitles(ctx, h.cfg.Titles, p.Kind, p.Slug)
		if err != nil {
			h.cfg.Logger.Error("similar titles", "path", urlPath, "err", err)
			return "", nil
		}
		return p.Kind, out
	}
	return "", nil
}

// similarTitles returns the titles of kind whose slugs hold the words of
// slug, with their slugs: at most maxLikelyTitles, the shortest first.
func similarTitles(ctx context.Context, t Titles, kind event.Kind, slug string) ([]render.LikelyTitle, error) {
	titles, err := t.SimilarTitles(ctx, kind, slug, maxLikelyTitles)
	if err != nil {
		return nil, err
	}
	out := make([]render.LikelyTitle, 0, len(titles))
	for _, title := range titles {
		s, err := t.Slug(ctx, kind, title)
		if err != nil {
			return nil, err
		}
		out = append(out, render.LikelyTitle{Title: title, Slug: s})
	}
	return out, nil
}

// maxLikelyTitles bounds the titles a 404 page offers for a title page.
const maxLikelyTitles = 5

// leadsSomewhere reports whether the clean path p is a page of the site,
// or one of its retired or alias addresses, which lead to one.
func (h *handler) leadsSomewhere(ctx context.Context, p string, accept []string) bool {
	req, err := resolveClean(p, accept)
	if err != nil {
		return false
	}
	for _, sp := range []string{req.path, req.dirFallback} {
		if sp == "" {
			continue
		}
		_, err := h.pages.page(ctx, sp)
		if err == nil {
			return true
		}
		if !errors.Is(err, site.ErrNotFound) {
			return false // busy or failing: no guess
		}
	}
	return h.retiredTarget(ctx, req) != "" || h.aliasTarget(ctx, req) != ""
}

// withQuery is the path p with the query of u.
func withQuery(p string, u *url.URL) string {
	return (&url.URL{Path: p, RawQuery: u.RawQuery}).String()
}

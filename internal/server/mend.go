package server

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// A link to an event travels through mail, chat and print, and arrives
// mangled: a closing parenthesis or full stop taken along, its end cut off
// where a line broke, its extension shortened or capitalised. Before a 404,
// the server tries what the link most likely meant (docs/serve.md,
// "Paths").

// minCutSlug is how long the slug of an event's address cut short must be
// for the server to follow it to the one event of the day whose slug starts
// so; a shorter one is a guess, which the 404 page offers but does not take.
const minCutSlug = 12

// maxLikely bounds the events a 404 page offers for an address cut short.
const maxLikely = 10

// mendedPath returns the path a mangled link most likely meant, "" when
// nothing in p looks mangled: trailing punctuation and spaces dropped
// (slugs never end with one), capitals lowered (no path of the site has
// any), a date written as people write it (/news/2013/6/06/) made
// canonical, a page written as a directory ("…/slug/") given back its name
// and an extension shortened or cut (".htm", ".js") completed. The static
// site's 404 page does the same in the browser (render's mend.js).
func mendedPath(p string) string {
	m := strings.ToLower(strings.TrimRightFunc(p, linkJunk))
	m = cmp.Or(event.CanonicalDatePath(m), m)
	if stem, ok := strings.CutSuffix(m, "/"); ok && namesPage(stem) {
		m = stem
	}
	m = completeExt(m)
	if m == p || m == "" {
		return ""
	}
	return m
}

// linkJunk reports whether r, at the end of a link, was taken from the text
// around it rather than written as part of the address.
func linkJunk(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune(`.,;:!?)]}>'"*_-…”’»›`, r)
}

// namesPage reports whether p, without a trailing slash, is the path of a
// page: an event's address, or any page with its extension.
func namesPage(p string) bool {
	sp, err := event.ParseSitePath(p)
	return err == nil && (sp.Type == event.PathEvent || sp.Ext != "")
}

// completeExt completes the extension of p's last segment when it starts
// one of the pages' extensions and no other (".htm", ".js", ".m").
func completeExt(p string) string {
	stem, ext := splitExt(p)
	if len(ext) < 2 {
		return p
	}
	var match string
	for _, e := range event.PageExts {
		if strings.HasPrefix(e, ext) {
			if match != "" {
				return p
			}
			match = e
		}
	}
	return stem + cmp.Or(match, ext)
}

// cutEventPath reads p as the address of an event cut short: the path it
// starts with (without extension), the extension and the slug it has.
func cutEventPath(p string) (prefix, ext, slug string, ok bool) {
	stem, ext := splitExt(p)
	if ext != "" && !namesPage("/index"+ext) {
		return "", "", "", false
	}
	sp, err := event.ParseSitePath(stem)
	if err != nil || sp.Type != event.PathEvent {
		return "", "", "", false
	}
	return stem, ext, sp.Slug, true
}

// mend answers a link to no page that most likely meant one: the path
// mendedPath gives, 301, when it leads to a page; else, for an event's
// address cut short, a 302 to the one event of the day whose address starts
// so, or the events that do, for the 404 page to offer.
func (h *handler) mend(ctx context.Context, r *http.Request) (target string, status int, likely []render.LikelyEvent) {
	mended := mendedPath(r.URL.Path)
	if mended != "" && h.leadsSomewhere(ctx, mended, r.Header.Values("Accept")) {
		return withQuery(mended, r.URL), http.StatusMovedPermanently, nil
	}
	prefix, ext, slug, ok := cutEventPath(cmp.Or(mended, r.URL.Path))
	if !ok || h.cfg.Prefixes == nil {
		return "", 0, nil
	}
	matches, err := h.cfg.Prefixes.PathsStartingWith(ctx, prefix, maxLikely+1)
	if err != nil {
		h.cfg.Logger.Error("paths starting with", "prefix", prefix, "err", err)
		return "", 0, nil
	}
	if only, ok := onlyMatch(matches); ok && len(slug) >= minCutSlug {
		return withQuery(only.Path+ext, r.URL), http.StatusFound, nil
	}
	for _, m := range matches {
		if m.Headline != "" && len(likely) < maxLikely {
			likely = append(likely, render.LikelyEvent{Path: m.Path, Headline: m.Headline})
		}
	}
	return "", 0, likely
}

// onlyMatch returns the path an address cut short can only have meant: the
// one current event's among the matches, or the one retired path when no
// current event's matches.
func onlyMatch(matches []store.PathMatch) (store.PathMatch, bool) {
	current := 0
	for _, m := range matches {
		if m.Headline != "" {
			current++
		}
	}
	if current == 1 || len(matches) == 1 {
		return matches[0], true // the current ones come first
	}
	return store.PathMatch{}, false
}

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

package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// An event's address given to the API is read as the site reads a link to
// an event (docs/api.md, "Addresses moved, mangled or cut short"): its path
// now when an edit moved it, what a mangled one meant, the one event of its
// day an address cut short can only have meant, else the day's events that
// start so, offered in the 404's did_you_mean.

// eventElsewhere answers a request for one event (/api/events/{path},
// /api/related/{path}, /api/cite/{path} or their ?path= forms) whose
// address names no event as it was given: a 301 to the event's API address
// when an edit moved the event or the address arrived mangled, a 302 when it
// was cut short and only one event of its day starts so, a 404 naming the
// day's events that start so when several do. It reports whether it
// answered.
func (h *handler) eventElsewhere(ctx context.Context, w http.ResponseWriter, r *http.Request) bool {
	endpoint, addr, ok := apiEventAddress(r.URL)
	if !ok {
		return false
	}
	target, status, likely := h.findEvent(ctx, addr)
	switch {
	case status != 0:
		http.Redirect(w, r, apiPrefix+endpoint+target, status)
	case len(likely) > 0:
		apiErrorAnswer(w, &apiError{status: http.StatusNotFound, similar: likely,
			msg: fmt.Sprintf("no event at %s; did_you_mean lists the paths of that day's events that start so", target)})
	default:
		return false
	}
	return true
}

// apiEventAddress returns the endpoint ("events", "related" or "cite") of a
// request for one event and the address it gives, as given; ok is false for
// any other request, or one with parameters that endpoint does not take.
func apiEventAddress(u *url.URL) (endpoint, addr string, ok bool) {
	for endpoint := range eventEndpoints {
		if tail, found := strings.CutPrefix(u.Path, apiPrefix+endpoint+"/"); found && tail != "" {
			return endpoint, "/" + tail, u.RawQuery == ""
		}
		if u.Path == apiPrefix+endpoint {
			q := u.Query()
			return endpoint, q.Get("path"), len(q) == 1 && len(q["path"]) == 1 && q.Get("path") != ""
		}
	}
	return "", "", false
}

// findEvent returns where an address that names no event as given leads:
// the event path and the status of the redirect to it, or no status and the
// paths of the events the address, cut short, may have meant; with neither,
// the address's own clean path for the error to name.
func (h *handler) findEvent(ctx context.Context, addr string) (target string, status int, likely []string) {
	clean := strings.TrimSuffix(addr, render.JSON.Ext())
	if moved := h.movedTo(ctx, clean); moved != "" {
		return moved, http.StatusMovedPermanently, nil
	}
	mended := mendedEventPath(addr)
	if mended != "" && mended != clean && h.eventLeadsSomewhere(ctx, mended) {
		return mended, http.StatusMovedPermanently, nil
	}
	prefix, _, slug, ok := event.CutEventPath(cmp.Or(mended, clean))
	if !ok || h.known(ctx, prefix) {
		return clean, 0, nil
	}
	only, matches := h.cutShort(ctx, prefix, slug)
	if only != "" && h.eventLeadsSomewhere(ctx, only) {
		return only, http.StatusFound, nil
	}
	for _, m := range matches {
		likely = append(likely, m.Path)
	}
	return clean, 0, likely
}

// mendedEventPath is the event path a mangled address most likely meant
// (event.MendPath), in any of the four formats; "" when it means none.
func mendedEventPath(addr string) string {
	sp, err := event.ParseSitePath(cmp.Or(event.MendPath(addr), addr))
	if err != nil || sp.Type != event.PathEvent {
		return ""
	}
	return sp.Page().String()
}

// movedTo is the path now of the event an edit moved from path; "" for any
// other path.
func (h *handler) movedTo(ctx context.Context, path string) string {
	if h.cfg.History == nil {
		return ""
	}
	rec, err := h.cfg.History.PathHistory(ctx, path)
	if err != nil || rec.Current {
		return ""
	}
	return rec.MovedTo
}

// known reports whether an event has or had the path, which is then no
// address cut short, even when the event is gone.
func (h *handler) known(ctx context.Context, path string) bool {
	if h.cfg.History == nil {
		return false
	}
	_, err := h.cfg.History.PathHistory(ctx, path)
	return !errors.Is(err, store.ErrNotFound)
}

// eventLeadsSomewhere reports whether the event path is an event's page, or
// the former path of an edited one, which leads to it.
func (h *handler) eventLeadsSomewhere(ctx context.Context, path string) bool {
	_, err := h.pages.page(ctx, path+render.JSON.Ext())
	if err == nil {
		return true
	}
	return errors.Is(err, site.ErrNotFound) && h.movedTo(ctx, path) != ""
}

package enrich

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/enrich/extract"
	"github.com/chronicle-archive/chronicle/internal/enrich/fetcher"
	"github.com/chronicle-archive/chronicle/internal/enrich/wayback"
)

// max429 bounds the retries of a source answered 429 within one run.
const max429 = 3

// visit fetches a source, reads its metadata, and falls back to the
// archive's copy when it is gone.
func (r *run) visit(h *host, s *Source, day time.Time) SourceResult {
	res := SourceResult{ID: s.ID, URL: s.URL}
	if h.failures >= maxHostFailures {
		res.Kind = Failed
		res.Error = fmt.Sprintf("host taken as down in this run: %d requests in a row got no answer", h.failures)
		return res
	}
	if allowed, err := r.allowedByRobots(h, s.URL); err != nil {
		res.Kind, res.Error = Failed, err.Error()
		return res
	} else if !allowed {
		res.Kind, res.Error = Blocked, "robots.txt disallows it"
		res.Attempts = append(res.Attempts, Attempt{URL: s.URL, At: time.Now(), Kind: Blocked, Error: res.Error})
		return res
	}
	resp, err := r.fetchSource(h, s, &res)
	if r.ctx.Err() != nil {
		return res
	}
	if err != nil {
		res.Error = err.Error()
	}
	if resp != nil {
		h.failures = 0
		r.readAnswer(&res, resp)
	} else if res.Kind == Failed {
		h.failures++
	}
	if res.Kind == Dead && r.e.archive != nil {
		r.fromArchive(&res, s, day)
	}
	return res
}

// fetchSource requests the source, conditionally when validators are
// stored, and again after a 429 when the wait it asks for is short; the
// host's gate stays shut for that wait either way.
func (r *run) fetchSource(h *host, s *Source, res *SourceResult) (*fetcher.Response, error) {
	req := fetcher.Request{URL: s.URL, ETag: s.ETag, LastModified: s.LastModified}
	for try := 1; ; try++ {
		resp, a, err := r.request(&h.gate, req)
		res.Kind = classify(s.URL, resp, err)
		a.Kind = res.Kind
		res.Attempts = append(res.Attempts, a)
		if r.ctx.Err() != nil || resp == nil || resp.Status != http.StatusTooManyRequests {
			return resp, err
		}
		res.RetryAfter = resp.RetryAfter
		wait := max(resp.RetryAfter, r.e.opts.Interval)
		h.gate.hold(wait)
		if try == max429 || wait > r.e.opts.MaxRetryAfter {
			return resp, err
		}
	}
}

// readAnswer keeps what an answer of the source itself tells.
func (r *run) readAnswer(res *SourceResult, resp *fetcher.Response) {
	res.Status, res.FinalURL = resp.Status, resp.URL
	switch {
	case resp.Status == http.StatusNotModified:
		return
	case res.Kind != OK:
		if res.Error == "" {
			res.Error = fmt.Sprintf("HTTP %d", resp.Status)
			if res.Kind == Dead && resp.Status < 300 {
				res.Error = "redirected to the site's home page " + resp.URL
			}
		}
		return
	case !resp.HTML:
		res.Error = fmt.Sprintf("not an HTML page (%s)", resp.ContentType)
		return
	}
	res.ETag, res.LastModified = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	meta, err := extractFrom(resp, resp.URL)
	if err != nil {
		res.Error = err.Error()
		return
	}
	res.Meta, res.Fresh = meta, true
}

// extractFrom reads the metadata of an HTML answer, resolving relative URLs
// against base.
func extractFrom(resp *fetcher.Response, base string) (extract.Metadata, error) {
	u, err := url.Parse(base)
	if err != nil {
		return extract.Metadata{}, fmt.Errorf("page URL %q: %w", base, err)
	}
	return extract.Extract(resp.Body, resp.Header.Get("Content-Type"), u)
}

// classify turns a fetch's answer or error into an outcome.
func classify(requested string, resp *fetcher.Response, err error) Kind {
	switch {
	case errors.Is(err, fetcher.ErrForbiddenAddress), errors.Is(err, fetcher.ErrForbiddenURL):
		return Blocked
	case fetcher.IsDNSNotFound(err):
		return Dead
	case err != nil:
		return Failed
	}
	switch s := resp.Status; {
	case s == http.StatusNotFound, s == http.StatusGone:
		return Dead
	case s == http.StatusUnauthorized, s == http.StatusForbidden, s == http.StatusUnavailableForLegalReasons:
		return Blocked
	case s == http.StatusNotModified:
		return OK
	case s >= 200 && s < 300:
		if redirectedHome(requested, resp.URL) {
			return Dead
		}
		return OK
	}
	return Failed
}

// redirectedHome reports a redirect from an article to the site's home
// page, the way many sites answer for pages they removed.
func redirectedHome(requested, final string) bool {
	if requested == final {
		return false
	}
	from, err1 := url.Parse(requested)
	to, err2 := url.Parse(final)
	if err1 != nil || err2 != nil {
		return false
	}
	return !isHome(from) && isHome(to)
}

func isHome(u *url.URL) bool {
	p := strings.ToLower(strings.TrimSuffix(u.Path, "/"))
	switch p {
	case "", "/index.html", "/index.htm", "/index.php", "/default.aspx", "/home":
		return u.RawQuery == ""
	}
	return false
}

// request sends one request through the gate of its host and records it.
func (r *run) request(g *gate, req fetcher.Request) (*fetcher.Response, Attempt, error) {
	release, err := r.pass(g)
	if err != nil {
		return nil, Attempt{URL: req.URL, At: time.Now(), Error: err.Error()}, err
	}
	start := time.Now()
	resp, err := r.e.fetch.Fetch(r.ctx, req)
	release()
	a := Attempt{URL: req.URL, At: start, Duration: time.Since(start)}
	if resp != nil {
		a.Status = resp.Status
	}
	if err != nil {
		a.Error = err.Error()
	}
	return resp, a, err
}

// fromArchive reads a dead source from the Wayback Machine's snapshot
// closest to its event's day, when there is one. A lookup that failed (no
// answer, 5xx, an answer that is not the API's) or a snapshot that failed
// the same way makes the source Failed, so that a later run asks again;
// only a clean "no snapshot" leaves it Dead for good.
func (r *run) fromArchive(res *SourceResult, s *Source, day time.Time) {
	api := r.e.archive.API
	if api == "" {
		api = wayback.DefaultAPI
	}
	release, err := r.pass(r.gateOf(api))
	if err != nil {
		return
	}
	start := time.Now()
	snap, ok, err := r.e.archive.Closest(r.ctx, s.URL, day)
	release()
	a := Attempt{URL: api, At: start, Duration: time.Since(start), Archive: true, Kind: OK}
	if err != nil {
		a.Kind, a.Error = Failed, err.Error()
		res.Kind, res.Error = Failed, joinErr(res.Error, a.Error)
	} else if !ok {
		a.Error = "no snapshot"
	}
	res.Attempts = append(res.Attempts, a)
	if !ok {
		return
	}
	raw := wayback.Raw(snap.URL)
	resp, a, err := r.request(r.gateOf(raw), fetcher.Request{URL: raw})
	a.Archive, a.Kind = true, classify(raw, resp, err)
	res.Attempts = append(res.Attempts, a)
	if a.Kind == Failed {
		res.Kind = Failed
	}
	switch {
	case err != nil:
		res.Error = joinErr(res.Error, "archived copy: "+err.Error())
		return
	case resp.Status != http.StatusOK || !resp.HTML:
		res.Error = joinErr(res.Error, fmt.Sprintf("archived copy: HTTP %d %s", resp.Status, resp.ContentType))
		return
	}
	// The copy holds the page as it was: its relative URLs are the
	// original's, and its images are asked of the archive too.
	meta, err := extractFrom(resp, s.URL)
	if err != nil {
		res.Error = joinErr(res.Error, "archived copy: "+err.Error())
		return
	}
	meta.Image = wayback.Image(snap.URL, meta.Image)
	res.Meta, res.Fresh, res.ArchivedURL = meta, true, snap.URL
}

func joinErr(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

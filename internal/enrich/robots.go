package enrich

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/enrich/fetcher"
	"github.com/temoto/robotstxt"
)

// robotsEntry is a host's robots.txt, read once per run: the group of rules
// for Chronicle's user agent; nil allows everything.
type robotsEntry struct {
	read  bool
	group *robotstxt.Group
	err   error // the host's robots.txt failed (5xx, 429): nothing is fetched
}

// allowedByRobots reports whether the host's robots.txt lets Chronicle
// fetch raw. The file is read on the host's first visit, through the host's
// gate like any request; a robots.txt that cannot be fetched allows
// everything; one answering 5xx or 429 fails the host's sources for this
// run, to be retried later. A Crawl-delay in Chronicle's group spaces the
// host's requests further than the run's interval (up to maxCrawlDelay).
func (r *run) allowedByRobots(h *host, raw string) (bool, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return false, err
	}
	if !h.robots.read {
		h.robots.read = true
		robotsURL := (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}).String()
		resp, _, err := r.request(&h.gate, fetcher.Request{URL: robotsURL, AnyType: true})
		if r.ctx.Err() != nil {
			h.robots.read = false
			return false, r.ctx.Err()
		}
		switch {
		case err != nil:
		case resp.Status >= 500 || resp.Status == http.StatusTooManyRequests:
			h.robots.err = fmt.Errorf("robots.txt answered HTTP %d", resp.Status)
		default:
			if data, err := robotstxt.FromStatusAndBytes(resp.Status, resp.Body); err == nil {
				h.robots.group = data.FindGroup(agentToken(r.e.fetch.UserAgent()))
				h.gate.setCrawlDelay(h.robots.group.CrawlDelay)
			}
		}
	}
	if h.robots.err != nil {
		return false, h.robots.err
	}
	if h.robots.group == nil {
		return true, nil
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	return h.robots.group.Test(path), nil
}

// agentToken is the product name of a User-Agent, "Chronicle" of
// "Chronicle/1.0 (+https://…)", which robots.txt groups name.
func agentToken(ua string) string {
	token, _, _ := strings.Cut(ua, "/")
	token, _, _ = strings.Cut(token, " ")
	return token
}

// Package wayback asks the Internet Archive's Wayback Machine availability
// API for the archived copy of a page closest to a date, and turns snapshot
// URLs into the forms that serve the original page and its images.
package wayback

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/enrich/fetcher"
	"github.com/chronicle-archive/chronicle/internal/weburl"
)

// DefaultAPI is the availability API's address.
const DefaultAPI = "https://archive.org/wayback/available"

// Snapshot is an archived copy of a page.
type Snapshot struct {
	URL  string    // the snapshot's address, for people: web.archive.org/web/TIMESTAMP/ORIGINAL
	Time time.Time // when it was taken
}

// Client queries the availability API through a Fetcher, so that the same
// safety rules apply as to every other request.
type Client struct {
	API     string // the API's URL; DefaultAPI when empty
	Fetcher *fetcher.Fetcher
}

// answer is the API's JSON.
type answer struct {
	ArchivedSnapshots struct {
		Closest *struct {
			Available bool   `json:"available"`
			URL       string `json:"url"`
			Timestamp string `json:"timestamp"`
			Status    string `json:"status"`
		} `json:"closest"`
	} `json:"archived_snapshots"`
}

// CheckAPI reports whether api can be the availability API's URL: an
// absolute http(s) URL by weburl's rules (a query allowed). The error quotes
// api and says what is wrong with it, for the caller to say where it came
// from.
func CheckAPI(api string) error {
	_, err := weburl.Check(api, true)
	switch {
	case errors.Is(err, weburl.ErrMalformed), errors.Is(err, weburl.ErrNotHTTP):
		return fmt.Errorf("%q: want an absolute http(s) URL such as %s", api, DefaultAPI)
	case err != nil:
		return fmt.Errorf("%q: %w", api, err)
	}
	return nil
}

// Closest returns the snapshot of page closest to day; ok is false when the
// archive has none that answered 200.
func (c *Client) Closest(ctx context.Context, page string, day time.Time) (snap Snapshot, ok bool, err error) {
	api := c.API
	if api == "" {
		api = DefaultAPI
	}
	if err := CheckAPI(api); err != nil {
		return Snapshot{}, false, fmt.Errorf("wayback API URL %w", err)
	}
	u, _ := url.Parse(api)
	q := u.Query()
	q.Set("url", page)
	if !day.IsZero() {
		q.Set("timestamp", day.Format("20060102"))
	}
	u.RawQuery = q.Encode()
	resp, err := c.Fetcher.Fetch(ctx, fetcher.Request{URL: u.String(), AnyType: true})
	if err != nil {
		return Snapshot{}, false, fmt.Errorf("wayback lookup of %s: %w", page, err)
	}
	if resp.Status != 200 {
		return Snapshot{}, false, fmt.Errorf("wayback lookup of %s: HTTP %d", page, resp.Status)
	}
	var a answer
	if err := json.Unmarshal(resp.Body, &a); err != nil {
		return Snapshot{}, false, fmt.Errorf("wayback lookup of %s: %w", page, err)
	}
	cl := a.ArchivedSnapshots.Closest
	if cl == nil || !cl.Available || (cl.Status != "" && cl.Status != "200") {
		return Snapshot{}, false, nil
	}
	su, err := url.Parse(cl.URL)
	if err != nil || (su.Scheme != "http" && su.Scheme != "https") || su.Host == "" {
		return Snapshot{}, false, fmt.Errorf("wayback lookup of %s: snapshot URL %q is not an http(s) URL", page, cl.URL)
	}
	t, _ := time.Parse("20060102150405", cl.Timestamp)
	return Snapshot{URL: su.String(), Time: t}, true, nil
}

// parts splits a snapshot URL, ".../web/TIMESTAMP[flags]/ORIGINAL", into its
// prefix up to "/web/", its timestamp digits and the original URL.
func parts(snapshot string) (prefix, stamp, original string, ok bool) {
	i := strings.Index(snapshot, "/web/")
	if i < 0 {
		return "", "", "", false
	}
	prefix, rest := snapshot[:i+len("/web/")], snapshot[i+len("/web/"):]
	slash := strings.IndexByte(rest, '/')
	if slash <= 0 {
		return "", "", "", false
	}
	stamp, original = rest[:slash], rest[slash+1:]
	digits := len(stamp) - len(strings.TrimLeft(stamp, "0123456789"))
	if digits == 0 {
		return "", "", "", false
	}
	return prefix, stamp[:digits], original, true
}

// Raw is the address of the snapshot's page as it was archived, without the
// archive's toolbar and link rewriting ("id_"); the snapshot URL itself when
// it is not in the usual form.
func Raw(snapshot string) string {
	prefix, stamp, original, ok := parts(snapshot)
	if !ok {
		return snapshot
	}
	return prefix + stamp + "id_/" + original
}

// Image is the archived copy of an image of a snapshot's page ("im_"), from
// the image's absolute original URL; the original URL when the snapshot is
// not in the usual form.
func Image(snapshot, image string) string {
	prefix, stamp, _, ok := parts(snapshot)
	if !ok || image == "" {
		return image
	}
	return prefix + stamp + "im_/" + image
}

// Original is the URL a snapshot is a copy of; "" when it is not in the
// usual form.
func Original(snapshot string) string {
	_, _, original, ok := parts(snapshot)
	if !ok {
		return ""
	}
	return original
}

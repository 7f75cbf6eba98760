// Package fetcher is Chronicle's safe HTTP client for pages of the open web:
// it connects only to public addresses (checked on the address actually
// dialled), speaks only http and https on their usual ports, keeps no
// cookies, bounds time, body size and redirects, sends conditional requests
// when it has validators, and reads the body of HTML answers only.
package fetcher

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Defaults of Config.
const (
	DefaultUserAgent    = "Chronicle/1.0 (+https://github.com/chronicle-archive/chronicle; news archive enrichment)"
	DefaultTimeout      = 10 * time.Second
	DefaultMaxBody      = 2 << 20
	DefaultMaxRedirects = 5
)

// ErrTooManyRedirects is returned when a fetch is redirected more than
// Config.MaxRedirects times.
var ErrTooManyRedirects = errors.New("too many redirects")

// ErrRedirectLoop is returned when a redirect leads back to a URL already
// visited by the same fetch.
var ErrRedirectLoop = errors.New("redirect loop")

// Resolver looks up the addresses of a host name; *net.Resolver is one.
// Tests give a resolver that maps made-up names to 127.0.0.1.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Config sets a Fetcher's limits. The zero value is usable: zero fields
// take the defaults above and the system resolver.
type Config struct {
	UserAgent    string
	Timeout      time.Duration // per fetch, redirects and body included
	MaxBody      int64         // bytes of body read; the rest is cut
	MaxRedirects int
	// AllowPrivate lets fetches connect to loopback, private and other
	// non-public addresses: for tests and local mirrors only.
	AllowPrivate bool
	// AllowAnyPort lets URLs name ports other than 80 and 443.
	AllowAnyPort bool
	Resolver     Resolver
}

// Fetcher fetches pages under the limits of its Config. It is safe for
// concurrent use.
type Fetcher struct {
	cfg    Config
	client *http.Client
}

// New returns a Fetcher for cfg.
func New(cfg Config) *Fetcher {
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.MaxRedirects <= 0 {
		cfg.MaxRedirects = DefaultMaxRedirects
	}
	if cfg.Resolver == nil {
		cfg.Resolver = net.DefaultResolver
	}
	f := &Fetcher{cfg: cfg}
	transport := &http.Transport{
		Proxy:                 nil, // a proxy would connect for us, past the address check
		DialContext:           f.dial,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       30 * time.Second,
		TLSHandshakeTimeout:   cfg.Timeout,
		ResponseHeaderTimeout: cfg.Timeout,
	}
	f.client = &http.Client{
		Transport:     transport,
		Timeout:       cfg.Timeout,
		CheckRedirect: f.checkRedirect,
		Jar:           nil, // no cookies kept between fetches
	}
	return f
}

// UserAgent is the User-Agent header the Fetcher sends.
func (f *Fetcher) UserAgent() string { return f.cfg.UserAgent }

// dial resolves the host with the configured resolver and connects to its
// addresses in turn through a dialer whose Control hook refuses non-public
// addresses.
func (f *Fetcher) dial(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	var addrs []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{ip}
	} else if addrs, err = f.cfg.Resolver.LookupNetIP(ctx, "ip", host); err != nil {
		return nil, err
	}
	if len(addrs) == 0 {
		return nil, &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
	}
	d := net.Dialer{Control: f.control}
	var errs []error
	for _, a := range addrs {
		conn, err := d.DialContext(ctx, network, net.JoinHostPort(a.Unmap().String(), port))
		if err == nil {
			return conn, nil
		}
		errs = append(errs, err)
	}
	return nil, errors.Join(errs...)
}

// checkRedirect bounds the redirects of a fetch, detects loops, and checks
// each new URL as the first.
func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.cfg.MaxRedirects {
		return fmt.Errorf("%w: more than %d", ErrTooManyRedirects, f.cfg.MaxRedirects)
	}
	next := req.URL.String()
	for _, v := range via {
		if v.URL.String() == next {
			return fmt.Errorf("%w: back to %s", ErrRedirectLoop, next)
		}
	}
	return f.checkURL(req.URL)
}

// Request is one fetch.
type Request struct {
	URL string
	// ETag and LastModified, from an earlier fetch, make the request
	// conditional: an unchanged page answers 304 with no body.
	ETag, LastModified string
	// AnyType reads the body whatever its media type (robots.txt, JSON APIs);
	// otherwise only HTML bodies are read.
	AnyType bool
}

// Response is what a fetch got.
type Response struct {
	URL         string // the final URL, after redirects
	Status      int
	ContentType string // the media type, lower case, without parameters
	Header      http.Header
	// HTML reports whether the answer is an HTML page.
	HTML bool
	// Body is read only for HTML answers (or any with Request.AnyType), up
	// to Config.MaxBody bytes; Truncated reports a longer body, cut.
	Body      []byte
	Truncated bool
	// RetryAfter is the wait a 429 or 503 answer asked for; zero when none.
	RetryAfter time.Duration
}

// Redirected reports whether the final URL differs from the requested one.
func (r *Response) Redirected(requested string) bool { return r.URL != requested }

// Fetch gets req.URL. An HTTP error status is not an error: it comes back in
// Response.Status. Errors are network failures, timeouts, refused URLs or
// addresses (ErrForbiddenURL, ErrForbiddenAddress) and redirect trouble
// (ErrTooManyRedirects, ErrRedirectLoop).
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %v", ErrForbiddenURL, req.URL, err)
	}
	if err := f.checkURL(u); err != nil {
		return nil, err
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u.Redacted(), err)
	}
	hreq.Header.Set("User-Agent", f.cfg.UserAgent)
	hreq.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}
	resp, err := f.client.Do(hreq)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u.Redacted(), unwrapURLError(err))
	}
	defer resp.Body.Close()
	out := &Response{
		URL:        resp.Request.URL.String(),
		Status:     resp.StatusCode,
		Header:     resp.Header,
		RetryAfter: retryAfter(resp.Header.Get("Retry-After"), time.Now()),
	}
	if resp.StatusCode == http.StatusNotModified {
		return out, nil
	}
	head, err := readHead(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: read body: %w", u.Redacted(), err)
	}
	out.ContentType, out.HTML = mediaType(resp.Header.Get("Content-Type"), head)
	if !out.HTML && !req.AnyType {
		return out, nil // the rest of a PDF or an image is never read
	}
	out.Body, out.Truncated, err = readCapped(io.MultiReader(bytes.NewReader(head), resp.Body), f.cfg.MaxBody)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: read body: %w", u.Redacted(), err)
	}
	return out, nil
}

// unwrapURLError drops the *url.Error layer, which repeats the method and
// URL that the caller's wrap names already.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// sniffLen is how much of a body the media type is sniffed from.
const sniffLen = 512

// readHead reads the first bytes of a body, for sniffing.
func readHead(r io.Reader) ([]byte, error) {
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(r, head)
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		err = nil
	}
	return head[:n], err
}

// readCapped reads r up to max bytes and reports whether there was more.
func readCapped(r io.Reader, max int64) ([]byte, bool, error) {
	body, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(body)) > max {
		return body[:max], true, nil
	}
	return body, false, nil
}

// mediaType returns the answer's media type, sniffed when the header gives
// none or the catch-all application/octet-stream of misconfigured servers,
// and whether it is HTML.
func mediaType(header string, head []byte) (string, bool) {
	mt, _, err := mime.ParseMediaType(header)
	if err != nil || mt == "" || strings.EqualFold(mt, "application/octet-stream") {
		mt, _, _ = mime.ParseMediaType(http.DetectContentType(head))
	}
	mt = strings.ToLower(mt)
	return mt, mt == "text/html" || mt == "application/xhtml+xml"
}

// maxRetryAfter bounds a Retry-After wait, against absurd values.
const maxRetryAfter = 7 * 24 * time.Hour

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		d = time.Duration(min(secs, int64(maxRetryAfter/time.Second))) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}

// IsDNSNotFound reports whether err is a lookup that found no such host.
func IsDNSNotFound(err error) bool {
	var de *net.DNSError
	return errors.As(err, &de) && de.IsNotFound
}

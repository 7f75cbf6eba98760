package mediawiki

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cenkalti/backoff/v5"
	"github.com/chronicle-archive/chronicle/internal/weburl"
	"golang.org/x/net/http/httpguts"
)

// MaxTitles is how many titles one Action API query may name (the limit for
// clients without the apihighlimits right).
const MaxTitles = 50

// Defaults of a Client.
const (
	DefaultTimeout    = 60 * time.Second
	DefaultMaxRetries = 6
	// DefaultMaxLag is the maxlag sent with every request, the value
	// Wikimedia asks of bots: seconds of replication lag above which the API
	// refuses with a maxlag error and a Retry-After.
	DefaultMaxLag = 5
	// DefaultMaxRetryAfter is the longest wait a server's Retry-After may
	// ask for, the longest wait of the backoff: a longer one ends the
	// request (ErrRetryLater) rather than leave a command silent for hours.
	DefaultMaxRetryAfter = time.Minute
	// maxBody bounds an answer; 50 day pages are well under a megabyte.
	maxBody = 64 << 20
)

// ProjectURL is where a wiki's operators can read about Chronicle and reach
// its maintainers; the default User-Agent names it.
const ProjectURL = "https://github.com/chronicle-archive/chronicle"

// DefaultUserAgent is the User-Agent Wikimedia's policy asks for: the
// program, its version and a contact.
func DefaultUserAgent(version string) string {
	if version == "" {
		version = "dev"
	}
	return "Chronicle/" + version + " (" + ProjectURL + "; archives the Current Events Portal)"
}

// Client asks a MediaWiki Action API (api.php) for pages, one request at a
// time, as Wikimedia's API etiquette asks: a descriptive User-Agent, maxlag
// with its Retry-After honoured (up to MaxRetryAfter), exponential backoff
// with jitter on 429, 5xx, timeouts and connection errors, a bounded number
// of retries, gzip.
// Its methods may be called concurrently: their requests take turns.
type Client struct {
	endpoint      string
	userAgent     string
	http          *http.Client
	timeout       time.Duration
	maxRetries    int
	maxLag        int
	maxRetryAfter time.Duration
	log           func(string)
	backoff       func() backoff.BackOff
	turn          chan struct{} // one request at a time
	requests      atomic.Int64
}

// ClientOptions tune NewClient; the zero value gives the defaults.
type ClientOptions struct {
	// UserAgent identifies the client; empty means DefaultUserAgent("").
	UserAgent string
	// Timeout bounds each request, answer included; 0 means DefaultTimeout.
	Timeout time.Duration
	// MaxRetries bounds the retries of one request; 0 means
	// DefaultMaxRetries, negative means none.
	MaxRetries int
	// MaxLag is the maxlag parameter; 0 means DefaultMaxLag.
	MaxLag int
	// InitialBackoff is the first wait before a retry (then ×1.5, ±50%
	// jitter, at most MaxBackoff); 0 means 1s. Tests make it short.
	InitialBackoff time.Duration
	// MaxBackoff caps one wait; 0 means 60s.
	MaxBackoff time.Duration
	// MaxRetryAfter is the longest wait a server's Retry-After (or maxlag
	// error) may ask for: a longer one ends the request with an error
	// wrapping ErrRetryLater; 0 means DefaultMaxRetryAfter.
	MaxRetryAfter time.Duration
	// Log, when set, is told of each retry before its wait, in one line:
	// what failed and how long the client waits. Wikimedia asks clients
	// to honour Retry-After and maxlag; the line shows that it is done.
	Log func(line string)
	// HTTP is the client used; nil means a new one. Its Timeout is not used:
	// Timeout is applied to each request.
	HTTP *http.Client
}

// NewClient returns a client of the Action API at endpoint, the URL of
// api.php ("https://en.wikipedia.org/w/api.php").
func NewClient(endpoint string, opts ClientOptions) (*Client, error) {
	_, err := weburl.Check(endpoint, false)
	switch {
	case errors.Is(err, weburl.ErrMalformed), errors.Is(err, weburl.ErrNotHTTP):
		return nil, fmt.Errorf("API URL %q: want an http(s) URL of api.php, such as https://en.wikipedia.org/w/api.php", endpoint)
	case err != nil:
		return nil, fmt.Errorf("API URL %q: %w", endpoint, err)
	}
	c := &Client{
		endpoint:   endpoint,
		userAgent:  opts.UserAgent,
		http:       opts.HTTP,
		timeout:    opts.Timeout,
		maxRetries: opts.MaxRetries,
		maxLag:     opts.MaxLag,
		log:        opts.Log,
		turn:       make(chan struct{}, 1),
	}
	c.maxRetryAfter = cmp.Or(max(opts.MaxRetryAfter, 0), DefaultMaxRetryAfter)
	if c.userAgent == "" {
		c.userAgent = DefaultUserAgent("")
	}
	if !httpguts.ValidHeaderFieldValue(c.userAgent) {
		return nil, fmt.Errorf("User-Agent %q: not a valid HTTP header value (no newlines or control characters)", c.userAgent)
	}
	if c.http == nil {
		c.http = &http.Client{}
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = DefaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.maxLag <= 0 {
		c.maxLag = DefaultMaxLag
	}
	initial, maxWait := opts.InitialBackoff, opts.MaxBackoff
	if initial <= 0 {
		initial = time.Second
	}
	if maxWait <= 0 {
		maxWait = time.Minute
	}
	c.backoff = func() backoff.BackOff {
		b := backoff.NewExponentialBackOff()
		b.InitialInterval, b.MaxInterval = initial, maxWait
		return b
	}
	return c, nil
}

// Endpoint returns the API URL the client asks.
func (c *Client) Endpoint() string { return c.endpoint }

// Requests counts the HTTP requests made so far, retries included.
func (c *Client) Requests() int { return int(c.requests.Load()) }

// APIError is an error object of the API's answer ("error": {"code", "info"}).
type APIError struct {
	Code string `json:"code"`
	Info string `json:"info"`
}

func (e *APIError) Error() string { return fmt.Sprintf("API error %s: %s", e.Code, e.Info) }

// ErrNotMediaWiki is wrapped by the errors of an answer that does not come
// from a MediaWiki API: an HTML page, JSON of another shape, not JSON.
var ErrNotMediaWiki = errors.New("not a MediaWiki API answer")

// ErrRetryLater is wrapped by the error of a request that the server asked
// to repeat only after a longer wait than the client's MaxRetryAfter.
var ErrRetryLater = errors.New("try again later")

// ErrUnreachable is wrapped by the error of a request that never got an
// answer, after its retries.
var ErrUnreachable = errors.New("cannot reach the API")

// query sends one query (params without format, maxlag) and decodes its
// answer into out, retrying what is worth retrying.
func (c *Client) query(ctx context.Context, params url.Values, out any) error {
	select {
	case c.turn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-c.turn }()
	params.Set("action", "query")
	params.Set("format", "json")
	params.Set("formatversion", "2")
	params.Set("maxlag", strconv.Itoa(c.maxLag))
	body := params.Encode()
	retries := 0
	_, err := backoff.Retry(ctx, func() (struct{}, error) {
		return struct{}{}, c.tooLong(c.attempt(ctx, body, out))
	}, backoff.WithBackOff(c.backoff()), backoff.WithMaxTries(uint(c.maxRetries+1)), backoff.WithMaxElapsedTime(0),
		backoff.WithNotify(func(err error, wait time.Duration) {
			retries++
			c.logRetry(err, wait, retries)
		}))
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("mediawiki API %s: %w", c.endpoint, err)
	}
	return err
}

// tooLong makes err permanent when the server asks to wait longer than
// maxRetryAfter before the next request.
func (c *Client) tooLong(err error) error {
	var w *waitError
	if !errors.As(err, &w) || w.wait <= c.maxRetryAfter {
		return err
	}
	return backoff.Permanent(fmt.Errorf("%w: the API asks to wait %s before the next request (Retry-After); %w",
		w.err, w.wait.Round(time.Second), ErrRetryLater))
}

// logRetry tells Log of the wait before retry n.
func (c *Client) logRetry(err error, wait time.Duration, n int) {
	if c.log == nil {
		return
	}
	why := ""
	var w *waitError
	if errors.As(err, &w) {
		why = " (Retry-After)"
	}
	c.log(fmt.Sprintf("mediawiki API %s: %v: waiting %s%s before retry %d of %d",
		c.endpoint, err, wait.Round(time.Millisecond), why, n, c.maxRetries))
}

// waitError is a failure after which the server asked to wait before the
// next request (Retry-After); backoff.Retry waits that long.
type waitError struct {
	err  error
	wait time.Duration
}

func (e *waitError) Error() string { return e.err.Error() }

func (e *waitError) Unwrap() []error {
	return []error{e.err, &backoff.RetryAfterError{Duration: e.wait}}
}

// attempt makes one request. Its error is permanent (wrapped by
// backoff.Permanent) unless a retry may help; a RetryAfterError carries
// the server's Retry-After.
func (c *Client) attempt(ctx context.Context, query string, out any) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	// GET, as Wikimedia asks of reads: the answers can be cached.
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.endpoint+"?"+query, nil)
	if err != nil {
		return backoff.Permanent(err)
	}
	req.Header.Set("User-Agent", c.userAgent)
	// Accept-Encoding: gzip is sent, and the answer unpacked, by net/http.
	c.requests.Add(1)
	resp, err := c.http.Do(req)
	if err != nil {
		return c.transportError(ctx, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("no complete answer within %s", c.timeout)
		}
		return fmt.Errorf("truncated answer (%d bytes read): %w", len(data), err)
	}
	if err := statusError(resp, data); err != nil {
		return err
	}
	return decodeAnswer(resp, data, out)
}

func (c *Client) transportError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("no answer within %s", c.timeout)
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	var netErr net.Error
	if errors.As(err, &netErr) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || isConnError(err) {
		return fmt.Errorf("%w: %v", ErrUnreachable, err)
	}
	return backoff.Permanent(fmt.Errorf("%w: %v", ErrUnreachable, err))
}

func isConnError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op)
}

// statusError turns an HTTP error status into an error: retried for 429 and
// 5xx (after Retry-After when given), permanent for the others.
func statusError(resp *http.Response, data []byte) error {
	if resp.StatusCode == http.StatusOK {
		return nil
	}
	msg := fmt.Sprintf("HTTP %s", resp.Status)
	if isHTML(resp, data) {
		msg += " with an HTML page" + htmlTitle(data)
	}
	err := errors.New(msg)
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		if d, ok := retryAfter(resp); ok {
			return &waitError{err: err, wait: d}
		}
		return err
	default:
		return backoff.Permanent(err)
	}
}

// retryAfter reads the Retry-After header in seconds (the form MediaWiki
// and Wikimedia's caches send) or as an HTTP date. Seconds beyond what a
// Duration holds are its maximum.
func retryAfter(resp *http.Response) (time.Duration, bool) {
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil && s >= 0 {
		return time.Duration(min(s, math.MaxInt64/int64(time.Second))) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

// answer is what every query answer may hold besides its query.
type answer struct {
	Error    *APIError       `json:"error"`
	Query    json.RawMessage `json:"query"`
	Continue json.RawMessage `json:"continue"`
}

// decodeAnswer checks that data is a MediaWiki answer and decodes it. A
// maxlag error is retried after its Retry-After; other API errors are
// permanent.
func decodeAnswer(resp *http.Response, data []byte, out any) error {
	if isHTML(resp, data) {
		return backoff.Permanent(fmt.Errorf("%w: an HTML page%s instead of JSON: is the URL that of api.php?", ErrNotMediaWiki, htmlTitle(data)))
	}
	var a answer
	if err := json.Unmarshal(data, &a); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) && !json.Valid(data) && bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) && isTruncated(data) {
			return fmt.Errorf("truncated answer (%d bytes): %v", len(data), err)
		}
		return backoff.Permanent(fmt.Errorf("%w: the answer is not JSON (%v)", ErrNotMediaWiki, err))
	}
	switch {
	case a.Error != nil && a.Error.Code == "maxlag":
		d, ok := retryAfter(resp)
		if !ok {
			d = DefaultMaxLag * time.Second
		}
		return &waitError{err: a.Error, wait: d}
	case a.Error != nil:
		return backoff.Permanent(a.Error)
	case a.Query == nil && a.Continue == nil:
		return backoff.Permanent(fmt.Errorf("%w: JSON without \"query\"", ErrNotMediaWiki))
	}
	if err := json.Unmarshal(data, out); err != nil {
		return backoff.Permanent(fmt.Errorf("%w: unexpected JSON shape: %v", ErrNotMediaWiki, err))
	}
	return nil
}

// isTruncated tells a JSON document cut short from one that is just not JSON.
func isTruncated(data []byte) bool {
	var v any
	err := json.Unmarshal(data, &v)
	return err != nil && strings.Contains(err.Error(), "unexpected end of JSON input")
}

func isHTML(resp *http.Response, data []byte) bool {
	if mt, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type")); err == nil && mt == "text/html" {
		return true
	}
	head := bytes.ToLower(bytes.TrimSpace(data[:min(len(data), 512)]))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html"))
}

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// htmlTitle returns ` ("title")` for an HTML page with a title, else "".
func htmlTitle(data []byte) string {
	m := titleRE.FindSubmatch(data)
	if m == nil {
		return ""
	}
	t := strings.Join(strings.Fields(string(m[1])), " ")
	if len(t) > 80 {
		t = t[:80] + "…"
	}
	return fmt.Sprintf(" (%q)", t)
}

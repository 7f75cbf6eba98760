// Package mwtest is a fake MediaWiki Action API for tests: an httptest
// server on 127.0.0.1 that answers action=query with prop=revisions and
// prop=pageprops in the real formatversion=2 JSON shape, from an in-memory
// wiki of pages and their revisions. It normalises titles (underscores,
// first-letter case, namespace case), follows redirects, reports missing
// pages, splits big answers with "continue" as the real API does, checks
// the etiquette parameters (maxlag, at most 50 titles), and can be made to
// fail in each way the real one does (see Fault).
package mwtest

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-archive/chronicle/internal/mediawiki"
)

// Fault is a way the API fails a request.
type Fault int

// The faults Fail can queue.
const (
	// Maxlag answers a maxlag API error with Retry-After (HTTP 200, as MediaWiki does).
	Maxlag Fault = iota + 1
	// TooMany answers 429 Too Many Requests with Retry-After.
	TooMany
	// Unavailable answers 503 with Wikimedia's HTML error page.
	Unavailable
	// Overloaded answers 503 with Retry-After, as an API server that is
	// too busy or in maintenance does.
	Overloaded
	// Slow answers after SlowDelay, past the client's timeout.
	Slow
	// Truncated cuts the answer off halfway and closes the connection.
	Truncated
	// HTMLPage answers 200 with an HTML page, as a wrong URL or a captive portal does.
	HTMLPage
	// NotMediaWiki answers 200 with JSON that is not an API answer.
	NotMediaWiki
	// Garbled answers 200 with JSON cut short but complete on the wire.
	Garbled
	// InternalError answers an API error object (a database error).
	InternalError
)

// Stats counts what the server was asked.
type Stats struct {
	// Requests counts every request, failed ones included.
	Requests int
	// ContentRequests counts the requests that asked for content.
	ContentRequests int
	// ContentTitles counts the titles whose content was sent.
	ContentTitles int
	// Gzipped counts the answers sent compressed.
	Gzipped int
	// UserAgent is the last request's User-Agent.
	UserAgent string
	// MaxTitles is the most titles one request named.
	MaxTitles int
	// Concurrent is the most requests served at once.
	Concurrent int
}

// Server is the fake API. Its methods are safe for concurrent use.
type Server struct {
	srv *httptest.Server

	// RetryAfter is the Retry-After, in seconds, of the Maxlag, TooMany and
	// Overloaded faults.
	RetryAfter int64
	// SlowDelay is how long a Slow answer takes (cut short when the client leaves).
	SlowDelay time.Duration
	// Delay is added to every answer, to make a sync last.
	Delay time.Duration
	// MaxContentBytes, when positive, is how much content one answer holds
	// before the rest is left to a continuation (the API's result size limit).
	MaxContentBytes int
	// LoopContinue, when positive, makes every answer ask to continue,
	// from that many tokens in turn (1: the same token every time), as a
	// broken API or a cache that serves one answer again would.
	LoopContinue int
	// Tamper, when set, may change the answer about each revision (its
	// "revid", "timestamp", "sha1"…) before it is sent, as a broken API
	// or proxy would; it is called with the server locked.
	Tamper func(title string, rev map[string]any)

	mu        sync.Mutex
	pages     map[string]*page
	redirects map[string]string
	faults    []Fault
	stats     Stats
	inFlight  int
	nextRev   int64
	nextPage  int64
	now       time.Time
	loops     int
}

type page struct {
	id        int64
	ns        int
	title     string
	revisions []mediawiki.Revision // oldest first
	wikidata  string
}

// New starts a fake API; Close it when done.
func New() *Server {
	s := &Server{
		RetryAfter: 1,
		SlowDelay:  5 * time.Second,
		pages:      map[string]*page{},
		redirects:  map[string]string{},
		nextRev:    1000,
		nextPage:   100,
		now:        time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC),
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// Endpoint is the URL of the fake api.php.
func (s *Server) Endpoint() string { return s.srv.URL + "/w/api.php" }

// Stats returns the counts so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// ResetStats sets the counts to zero.
func (s *Server) ResetStats() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats = Stats{}
}

// Fail makes the next times requests fail with f (after the faults already queued).
func (s *Server) Fail(f Fault, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range times {
		s.faults = append(s.faults, f)
	}
}

// Edit saves a new revision of the page (created when missing) with the
// text and edit summary, one minute after the wiki's last edit, and returns it.
func (s *Server) Edit(title, text, comment string) mediawiki.Revision {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextRev++
	s.now = s.now.Add(time.Minute)
	rev := mediawiki.Revision{ID: s.nextRev, Timestamp: s.now, Comment: comment, SHA1: mediawiki.TextSHA1(text), Text: text, HasText: true}
	s.put(title, 0, rev)
	return rev
}

// Put stores a page revision as given (ids, timestamp, hash, comment), such
// as one read from a dump; a page ID of 0 gives the page an id when it is new.
func (s *Server) Put(p mediawiki.Page) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sum := p.SHA1
	if sum == "" {
		sum = mediawiki.TextSHA1(p.Text)
	}
	s.nextRev = max(s.nextRev, p.RevisionID)
	if p.Timestamp.After(s.now) {
		s.now = p.Timestamp
	}
	s.put(p.Title, p.ID, mediawiki.Revision{ID: p.RevisionID, Timestamp: p.Timestamp.UTC(), Comment: p.Comment, SHA1: sum, Text: p.Text, HasText: true})
}

func (s *Server) put(title string, id int64, rev mediawiki.Revision) {
	t, ns := s.normalize(title)
	p := s.pages[t]
	if p == nil {
		if id == 0 {
			s.nextPage++
			id = s.nextPage
		}
		s.nextPage = max(s.nextPage, id)
		p = &page{id: id, ns: ns, title: t}
		s.pages[t] = p
		delete(s.redirects, t)
	}
	if rev.ParentID == 0 && len(p.revisions) > 0 {
		rev.ParentID = p.revisions[len(p.revisions)-1].ID
	}
	p.revisions = append(p.revisions, rev)
}

// Delete removes a page, which is then missing.
func (s *Server) Delete(title string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, _ := s.normalize(title)
	delete(s.pages, t)
}

// Redirect makes from a redirect to to.
func (s *Server) Redirect(from, to string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, _ := s.normalize(from)
	t, _ := s.normalize(to)
	s.redirects[f] = t
	delete(s.pages, f)
}

// SetWikidata gives the page (created empty when missing) a Wikidata item.
func (s *Server) SetWikidata(title, item string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, _ := s.normalize(title)
	if s.pages[t] == nil {
		s.nextRev++
		s.put(t, 0, mediawiki.Revision{ID: s.nextRev, Timestamp: s.now, SHA1: mediawiki.TextSHA1(""), HasText: true})
	}
	s.pages[t].wikidata = item
}

// Pages counts the pages of the wiki.
func (s *Server) Pages() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.pages)
}

// LoadDump adds every page of a MediaWiki XML export, read with the
// importer's own dump reader, and returns how many there were.
func (s *Server) LoadDump(r io.Reader) (int, error) {
	rd := mediawiki.NewReader(r)
	n := 0
	for {
		p, err := rd.Next()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		s.Put(p)
		n++
	}
}

// LoadDumpFile adds the pages of a dump file (plain, .bz2 or .gz).
func (s *Server) LoadDumpFile(path string) (int, error) {
	f, err := mediawiki.OpenFile(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return s.LoadDump(f)
}

// namespaces are those the fake knows, by number.
var namespaces = map[string]int{"Talk": 1, "User": 2, "Wikipedia": 4, "File": 6, "Template": 10, "Help": 12, "Category": 14, "Portal": 100}

// NormalizeTitle normalises a title as MediaWiki does on a first-letter
// wiki: underscores become spaces, runs of spaces one, the namespace name
// and the first letter after it are capitalised. It returns the title and
// its namespace number.
func NormalizeTitle(title string) (string, int) {
	t := strings.Join(strings.FieldsFunc(strings.ReplaceAll(title, "_", " "), func(r rune) bool { return r == ' ' }), " ")
	if prefix, rest, ok := strings.Cut(t, ":"); ok {
		for name, ns := range namespaces {
			if strings.EqualFold(strings.TrimSpace(prefix), name) {
				return name + ":" + upperFirst(strings.TrimSpace(rest)), ns
			}
		}
	}
	return upperFirst(t), 0
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

func (s *Server) normalize(title string) (string, int) { return NormalizeTitle(title) }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	fault := s.begin(r)
	defer s.end()
	if s.Delay > 0 {
		sleep(r, s.Delay)
	}
	if fault != 0 && s.fail(w, r, fault) {
		return
	}
	status, body, headers := s.answer(r)
	for k, v := range headers {
		w.Header().Set(k, v)
	}
	s.write(w, r, status, body)
}

// begin counts the request and takes the next fault, if any.
func (s *Server) begin(r *http.Request) Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.Requests++
	s.stats.UserAgent = r.UserAgent()
	s.inFlight++
	s.stats.Concurrent = max(s.stats.Concurrent, s.inFlight)
	if len(s.faults) == 0 {
		return 0
	}
	f := s.faults[0]
	s.faults = s.faults[1:]
	return f
}

func (s *Server) end() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight--
}

func sleep(r *http.Request, d time.Duration) {
	select {
	case <-time.After(d):
	case <-r.Context().Done():
	}
}

const wikimediaErrorPage = `<!DOCTYPE html>
<html lang="en">
<meta charset="utf-8">
<title>Wikimedia Error</title>
<p>Our servers are currently under maintenance or experiencing a technical issue.</p>
<p>Request from 127.0.0.1 via cp3066 cp3066, Varnish XID 123456789<br>Error: 503, Backend fetch failed</p>
</html>`

const portalHTMLPage = `<!DOCTYPE html>
<html class="client-nojs" lang="en" dir="ltr">
<head><meta charset="UTF-8"><title>Wikipedia, the free encyclopedia</title></head>
<body><p>Main Page</p></body></html>`

// fail answers with the fault; false when the fault lets the request go on
// (a slow answer that the client waited for).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, f Fault) bool {
	h := w.Header()
	switch f {
	case Maxlag:
		h.Set("Retry-After", strconv.FormatInt(s.RetryAfter, 10))
		h.Set("X-Database-Lag", "7")
		h.Set("MediaWiki-API-Error", "maxlag")
		s.write(w, r, http.StatusOK, mustJSON(map[string]any{"error": map[string]any{
			"code": "maxlag", "info": "Waiting for 10.64.16.8: 7 seconds lagged.", "host": "10.64.16.8", "lag": 7, "type": "db",
			"docref": "See https://en.wikipedia.org/w/api.php for API usage.",
		}, "servedby": "mw-api-ext.eqiad.main-1"}))
	case TooMany:
		h.Set("Retry-After", strconv.FormatInt(s.RetryAfter, 10))
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, "Too many requests. Please respect our robot policy https://w.wiki/4wJS.\n")
	case Unavailable:
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, wikimediaErrorPage)
	case Overloaded:
		h.Set("Retry-After", strconv.FormatInt(s.RetryAfter, 10))
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "The API is too busy; try again later.\n")
	case Slow:
		sleep(r, s.SlowDelay)
		return r.Context().Err() != nil
	case Truncated:
		_, body, _ := s.answer(r)
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		w.Write(body[:len(body)/2])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // closes the connection mid-answer
	case HTMLPage:
		h.Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, portalHTMLPage)
	case NotMediaWiki:
		s.write(w, r, http.StatusOK, []byte(`{"status":"ok","items":[]}`))
	case InternalError:
		_, body, _ := apiError("internal_api_error_DBQueryError", "[ab12cd34] Exception caught: A database query error has occurred.")
		s.write(w, r, http.StatusOK, body)
	case Garbled:
		_, body, _ := s.answer(r)
		s.write(w, r, http.StatusOK, body[:len(body)/2])
	}
	return true
}

// write sends a JSON body, gzipped when the client accepts it.
func (s *Server) write(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	h := w.Header()
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
	if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.WriteHeader(status)
		w.Write(body)
		return
	}
	s.mu.Lock()
	s.stats.Gzipped++
	s.mu.Unlock()
	h.Set("Content-Encoding", "gzip")
	h.Set("Vary", "Accept-Encoding")
	w.WriteHeader(status)
	zw := gzip.NewWriter(w)
	zw.Write(body)
	zw.Close()
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only the fake's own values are encoded
	}
	return b
}

// apiError is an API error answer, HTTP 200 as MediaWiki sends them.
func apiError(code, info string) (int, []byte, map[string]string) {
	return http.StatusOK, mustJSON(map[string]any{"error": map[string]any{
		"code": code, "info": info, "docref": "See https://en.wikipedia.org/w/api.php for API usage.",
	}}), map[string]string{"MediaWiki-API-Error": code}
}

// answer computes the answer to a request.
func (s *Server) answer(r *http.Request) (int, []byte, map[string]string) {
	if err := r.ParseForm(); err != nil {
		return apiError("badrequest", err.Error())
	}
	q := r.Form
	switch {
	case q.Get("action") != "query":
		return apiError("badvalue", `Unrecognized value for parameter "action": `+q.Get("action")+".")
	case q.Get("format") != "json" || q.Get("formatversion") != "2":
		return apiError("badvalue", "the fake answers format=json&formatversion=2 only")
	case q.Get("maxlag") == "":
		return apiError("missingparam", "the fake requires maxlag, as Wikimedia asks of bots")
	}
	titles := strings.Split(q.Get("titles"), "|")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.MaxTitles = max(s.stats.MaxTitles, len(titles))
	if len(titles) > mediawiki.MaxTitles {
		return apiError("toomanyvalues", fmt.Sprintf(`Too many values supplied for parameter "titles". The limit is %d.`, mediawiki.MaxTitles))
	}
	props := strings.Split(q.Get("prop"), "|")
	content := slices.Contains(props, "revisions") && slices.Contains(strings.Split(q.Get("rvprop"), "|"), "content")
	if content {
		s.stats.ContentRequests++
	}
	return http.StatusOK, mustJSON(s.query(q, titles, props, content)), nil
}

// query builds the "query" answer for titles.
func (s *Server) query(q url.Values, titles, props []string, content bool) map[string]any {
	var normalized, redirects []map[string]any
	var order []string
	seen := map[string]bool{}
	for _, t := range titles {
		n, _ := s.normalize(t)
		if n != t {
			normalized = append(normalized, map[string]any{"fromencoded": false, "from": t, "to": n})
		}
		if to, ok := s.redirects[n]; ok && q.Get("redirects") != "" {
			redirects = append(redirects, map[string]any{"from": n, "to": to})
			n = to
		}
		if !seen[n] {
			seen[n] = true
			order = append(order, n)
		}
	}
	s.sortPages(order)
	from, _ := strconv.Atoi(q.Get("rvcontinue"))
	pages, next := s.pageAnswers(order, props, content, from)
	query := map[string]any{"pages": pages}
	if len(normalized) > 0 {
		query["normalized"] = normalized
	}
	if len(redirects) > 0 {
		query["redirects"] = redirects
	}
	out := map[string]any{"query": query}
	switch {
	case s.LoopContinue > 0:
		out["continue"] = map[string]any{"rvcontinue": fmt.Sprintf("loop%d", s.loops%s.LoopContinue), "continue": "||"}
		s.loops++
	case next > 0:
		out["continue"] = map[string]any{"rvcontinue": strconv.Itoa(next), "continue": "||"}
	default:
		out["batchcomplete"] = true
	}
	return out
}

// sortPages orders the pages of an answer as the API does: missing ones first.
func (s *Server) sortPages(titles []string) {
	slices.SortStableFunc(titles, func(a, b string) int {
		pa, pb := s.pages[a], s.pages[b]
		switch {
		case pa == nil && pb == nil:
			return 0
		case pa == nil:
			return -1
		case pb == nil:
			return 1
		}
		return int(pa.id - pb.id)
	})
}

// pageAnswers gives the pages from index from on with their content, up to
// MaxContentBytes; next is where a continuation starts, 0 when none is needed.
func (s *Server) pageAnswers(titles, props []string, content bool, from int) (pages []map[string]any, next int) {
	size := 0
	for i, t := range titles {
		p := s.pages[t]
		if p == nil {
			_, ns := s.normalize(t)
			pages = append(pages, map[string]any{"ns": ns, "title": t, "missing": true})
			continue
		}
		a := map[string]any{"pageid": p.id, "ns": p.ns, "title": p.title}
		if slices.Contains(props, "pageprops") && p.wikidata != "" {
			a["pageprops"] = map[string]any{"wikibase_item": p.wikidata}
		}
		if slices.Contains(props, "revisions") && i >= from && next == 0 {
			rev := p.revisions[len(p.revisions)-1]
			if content && s.MaxContentBytes > 0 && size > 0 && size+len(rev.Text) > s.MaxContentBytes {
				next = i
			} else {
				ra := revisionAnswer(rev, content)
				if s.Tamper != nil {
					s.Tamper(p.title, ra)
				}
				a["revisions"] = []any{ra}
				if content {
					size += len(rev.Text)
					s.stats.ContentTitles++
				}
			}
		}
		pages = append(pages, a)
	}
	return pages, next
}

func revisionAnswer(rev mediawiki.Revision, content bool) map[string]any {
	a := map[string]any{
		"revid": rev.ID, "parentid": rev.ParentID,
		"timestamp": rev.Timestamp.UTC().Format(time.RFC3339),
		"comment":   rev.Comment, "sha1": rev.SHA1,
	}
	if content {
		a["slots"] = map[string]any{"main": map[string]any{
			"contentmodel": "wikitext", "contentformat": "text/x-wiki", "content": rev.Text,
		}}
	}
	return a
}

// NewAt starts a fake API listening on addr (host:port; a loopback address),
// for trying `chronicle sync` by hand against a fake wiki (see fakewiki).
func NewAt(addr string) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("fake wiki: %w", err)
	}
	s := New()
	s.srv.Close()
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.srv.Listener.Close()
	s.srv.Listener = ln
	s.srv.Start()
	return s, nil
}

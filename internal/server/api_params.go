package server

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/search"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// apiPrefix is where the query API lives.
const apiPrefix = "/api/"

// Page sizes of the API's lists: search's, so that every list pages alike.
const (
	apiDefaultLimit = search.DefaultLimit
	apiMaxLimit     = search.MaxLimit
)

// apiEndpoint is what an API request asks for.
type apiEndpoint int

const (
	apiIndex apiEndpoint = iota + 1
	apiOpenAPI
	apiEvent   // one event by path
	apiRelated // an event's related and around lists
	apiCite    // an event's citations
	apiEvents  // events by date range
	apiTopic   // events of a topic, story or category
	apiSearch
	apiEdits // the portal's edits of events
)

// apiRequest is an API request, parsed and checked.
type apiRequest struct {
	endpoint  apiEndpoint
	path      string     // apiEvent, apiRelated, apiCite: the event's page path
	kind      event.Kind // apiTopic
	slug      string     // apiTopic
	from, to  event.Date
	desc      bool
	limit     int
	cursor    string          // as given; "" for the first page
	after     *store.EventKey // the decoded cursor of apiEvents and apiTopic
	afterEdit *store.EditKey  // the decoded cursor of apiEdits
	query     string          // apiSearch
	order     search.Order    // apiSearch: relevance, or by date with order=asc or desc
	topic     string          // apiSearch filters
	story     string
	category  string
}

// apiError is an answer other than 200, with a message for the developer
// who sent the request and, for a bad parameter, the parameter's name.
type apiError struct {
	status int
	param  string
	msg    string
	// similar are the titles a filter that named nothing may have meant.
	similar []string
}

func (e *apiError) Error() string {
	if e.param != "" {
		return fmt.Sprintf("parameter %q: %s", e.param, e.msg)
	}
	return e.msg
}

func badParam(param, format string, args ...any) *apiError {
	return &apiError{status: 400, param: param, msg: fmt.Sprintf(format, args...)}
}

func apiNotFound(format string, args ...any) *apiError {
	return &apiError{status: 404, msg: fmt.Sprintf(format, args...)}
}

// topicKinds are the list endpoints by their path segment.
var topicKinds = map[string]event.Kind{
	"topics":     event.KindTopic,
	"stories":    event.KindStory,
	"categories": event.KindCategory,
}

// eventEndpoints are the endpoints of one event, by the path segment that
// an event's path follows: /api/events/news/…, /api/related/news/….
var eventEndpoints = map[string]apiEndpoint{"events": apiEvent, "related": apiRelated, "cite": apiCite}

// eventEndpoint reports whether e answers for one event, named by its path.
func eventEndpoint(e apiEndpoint) bool {
	for _, one := range eventEndpoints {
		if e == one {
			return true
		}
	}
	return false
}

// apiParams are the query parameters each endpoint takes.
var apiParams = map[apiEndpoint][]string{
	apiIndex:   nil,
	apiOpenAPI: nil,
	apiEvent:   {"path"},
	apiRelated: {"path"},
	apiCite:    {"path"},
	apiEvents:  {"from", "to", "order", "limit", "cursor"},
	apiTopic:   {"from", "to", "order", "limit", "cursor"},
	apiSearch:  {"q", "from", "to", "topic", "story", "category", "order", "limit", "cursor"},
	apiEdits:   {"from", "to", "order", "limit", "cursor"},
}

// parseAPI reads an API request from its URL path (under /api/, or /api)
// and query.
func parseAPI(urlPath, rawQuery string) (apiRequest, error) {
	req, pathParam, err := routeAPI(urlPath)
	if err != nil {
		return req, err
	}
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return req, &apiError{status: 400, msg: "the query string is malformed: " + err.Error()}
	}
	if req.endpoint == apiEvents && q.Has("path") {
		req.endpoint = apiEvent
	}
	allowed := apiParams[req.endpoint]
	if pathParam {
		allowed = nil
	}
	for _, name := range slices.Sorted(maps.Keys(q)) { // the same error for the same request
		if !slices.Contains(allowed, name) {
			return req, badParam(name, "this endpoint takes no such parameter%s", takes(allowed))
		}
		if n := len(q[name]); n > 1 {
			return req, badParam(name, "given %d times; give it once", n)
		}
	}
	return req, req.read(q)
}

// routeAPI picks the endpoint of a path; pathParam is true when the path
// names the event itself (no ?path= then).
func routeAPI(urlPath string) (req apiRequest, pathParam bool, err error) {
	rest, ok := strings.CutPrefix(urlPath, apiPrefix)
	if !ok {
		if urlPath != "/api" {
			return req, false, apiNotFound("no API endpoint at %s; see /api/", urlPath)
		}
		rest = ""
	}
	head, tail, hasTail := strings.Cut(rest, "/")
	switch {
	case rest == "":
		req.endpoint = apiIndex
	case rest == "openapi.json":
		req.endpoint = apiOpenAPI
	case head == "events" && !hasTail:
		req.endpoint = apiEvents
	case eventEndpoints[head] != 0 && hasTail:
		req.endpoint = eventEndpoints[head]
		if req.path, err = eventPagePath("/"+strings.TrimSuffix(tail, ".json"), ""); err != nil {
			return req, true, apiNotFound("no event page at %s; want %snews/YYYY/MM/D/<slug>", urlPath, apiPrefix+head+"/")
		}
		return req, true, nil
	case head == "related" || head == "cite":
		req.endpoint = eventEndpoints[head]
	case topicKinds[head] != "" && hasTail && tail != "" && !strings.Contains(tail, "/"):
		req.endpoint, req.kind, req.slug = apiTopic, topicKinds[head], tail
	case rest == "search":
		req.endpoint = apiSearch
	case rest == "edits":
		req.endpoint = apiEdits
	default:
		return req, false, apiNotFound("no API endpoint at %s; see /api/", urlPath)
	}
	return req, false, nil
}

// read reads and checks the query parameters of the request's endpoint.
func (req *apiRequest) read(q url.Values) error {
	var err error
	if eventEndpoint(req.endpoint) && req.path == "" {
		req.path, err = eventPagePath(q.Get("path"), "path")
		return err
	}
	if !req.isList() {
		return nil
	}
	if req.from, err = dateParam(q, "from"); err != nil {
		return err
	}
	if req.to, err = dateParam(q, "to"); err != nil {
		return err
	}
	if !req.from.IsZero() && !req.to.IsZero() && req.to.Before(req.from) {
		return badParam("to", "the range ends (%s) before it starts (%s)", req.to, req.from)
	}
	if req.limit, err = limitParam(q); err != nil {
		return err
	}
	req.cursor = q.Get("cursor")
	if req.endpoint == apiSearch {
		return req.readSearch(q)
	}
	switch o := q.Get("order"); o {
	case "", "asc":
	case "desc":
		req.desc = true
	default:
		return badParam("order", "want asc or desc, not %q", o)
	}
	switch {
	case req.cursor == "":
	case req.endpoint == apiEdits:
		key, err := decodeEditCursor(req.cursor, req.identity())
		if err != nil {
			return err
		}
		req.afterEdit = &key
	default:
		key, err := decodeCursor(req.cursor, req.identity())
		if err != nil {
			return err
		}
		req.after = &key
	}
	return nil
}

// isList reports whether the request's endpoint answers a list, in pages.
func (req *apiRequest) isList() bool {
	switch req.endpoint {
	case apiEvents, apiTopic, apiSearch, apiEdits:
		return true
	}
	return false
}

func (req *apiRequest) readSearch(q url.Values) error {
	req.query = q.Get("q")
	if strings.TrimSpace(req.query) == "" {
		return badParam("q", "give the words to search for, e.g. ?q=red+cross")
	}
	if _, err := search.Parse(req.query); err != nil {
		return badParam("q", "%s", strings.TrimPrefix(err.Error(), "search: "))
	}
	req.topic, req.story, req.category = q.Get("topic"), q.Get("story"), q.Get("category")
	switch o := q.Get("order"); o {
	case "":
	case "asc":
		req.order = search.Oldest
	case "desc":
		req.order = search.Newest
	default:
		return badParam("order", "want asc or desc (by date), or none (the best first), not %q", o)
	}
	return nil
}

// searchOrders are the values of the search's order parameter.
var searchOrders = map[search.Order]string{search.Relevance: "", search.Oldest: "asc", search.Newest: "desc"}

// eventPagePath checks that p is an event's page path, /news/YYYY/MM/D/slug.
func eventPagePath(p, param string) (string, error) {
	if p == "" {
		return "", badParam(param, "give the event's path, e.g. /news/2013/06/6/some-headline")
	}
	sp, err := event.ParseSitePath(p)
	if err != nil || sp.Type != event.PathEvent || sp.Ext != "" || sp.String() != p {
		return "", &apiError{status: 400, param: param,
			msg: fmt.Sprintf("%q is not an event's path; want /news/YYYY/MM/D/<slug>", p)}
	}
	return p, nil
}

func dateParam(q url.Values, name string) (event.Date, error) {
	s := q.Get(name)
	if s == "" {
		return event.Date{}, nil
	}
	d, err := event.ParseDate(s)
	if err != nil || d.String() != s {
		return event.Date{}, badParam(name, "want a date as YYYY-MM-DD, not %q", s)
	}
	return d, nil
}

func limitParam(q url.Values) (int, error) {
	s := q.Get("limit")
	if s == "" {
		return apiDefaultLimit, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > apiMaxLimit {
		return 0, badParam("limit", "want a number from 1 to %d, not %q", apiMaxLimit, s)
	}
	return n, nil
}

// identity names the list a cursor belongs to: the endpoint and what
// selects and orders its events, but not the page size.
func (req *apiRequest) identity() string {
	return fmt.Sprintf("%d\x00%s\x00%s\x00%s\x00%s\x00%t", req.endpoint, req.kind, req.slug, req.from, req.to, req.desc)
}

// key is the request in one canonical form, a URL path (escaped) and
// query: the cache key of its answer, the same for every spelling of the
// same request, and the address of its page. parseKey reads it back.
func (req *apiRequest) key() string {
	q := url.Values{}
	set := func(name, v string) {
		if v != "" {
			q.Set(name, v)
		}
	}
	var p string
	switch req.endpoint {
	case apiIndex:
		p = apiPrefix
	case apiOpenAPI:
		p = apiPrefix + "openapi.json"
	case apiEvent:
		p = apiPrefix + "events" + req.path
	case apiRelated:
		p = apiPrefix + "related" + req.path
	case apiCite:
		p = apiPrefix + "cite" + req.path
	case apiEvents:
		p = apiPrefix + "events"
	case apiTopic:
		p = apiPrefix + kindSegment(req.kind) + "/" + req.slug
	case apiEdits:
		p = apiPrefix + "edits"
	case apiSearch:
		p = apiPrefix + "search"
		set("q", req.query)
		set("topic", req.topic)
		set("story", req.story)
		set("category", req.category)
		set("order", searchOrders[req.order])
	}
	if req.isList() {
		if !req.from.IsZero() {
			set("from", req.from.String())
		}
		if !req.to.IsZero() {
			set("to", req.to.String())
		}
		set("limit", strconv.Itoa(req.limit))
		set("cursor", req.cursor)
		if req.desc {
			set("order", "desc")
		}
	}
	p = (&url.URL{Path: p}).EscapedPath()
	if len(q) == 0 {
		return p
	}
	return p + "?" + q.Encode()
}

// parseKey reads a request back from its key.
func parseKey(key string) (apiRequest, error) {
	p, rawQuery, _ := strings.Cut(key, "?")
	p, err := url.PathUnescape(p)
	if err != nil {
		return apiRequest{}, fmt.Errorf("api key %q: %w", key, err)
	}
	return parseAPI(p, rawQuery)
}

// withCursor is the key of the request's next page.
func (req apiRequest) withCursor(cursor string) string {
	req.cursor = cursor
	return req.key()
}

func kindSegment(k event.Kind) string {
	for seg, kind := range topicKinds {
		if kind == k {
			return seg
		}
	}
	return ""
}

func takes(allowed []string) string {
	if len(allowed) == 0 {
		return " (it takes none)"
	}
	return " (it takes " + strings.Join(allowed, ", ") + ")"
}

// A cursor is the key of the last item of a page, with a tag that ties
// it to its list, in URL-safe base64. The next page starts after that key,
// so items added in between neither shift nor repeat the pages. An event
// list's key is its day and position; an edit list's, its time, kind and
// path (variable in length).
const (
	cursorVersion     = 1
	editCursorVersion = 2
	cursorTagLen      = 8
	cursorLen         = 1 + 2 + 1 + 1 + 4 + cursorTagLen
	editCursorMin     = 1 + 8 + 1 + cursorTagLen
)

func encodeCursor(k store.EventKey, identity string) string {
	b := make([]byte, 0, cursorLen)
	b = append(b, cursorVersion)
	b = binary.BigEndian.AppendUint16(b, uint16(k.Date.Year))
	b = append(b, byte(k.Date.Month), byte(k.Date.Day))
	b = binary.BigEndian.AppendUint32(b, uint32(k.Position))
	return sealCursor(b, identity)
}

func decodeCursor(s, identity string) (store.EventKey, error) {
	b, err := openCursor(s, identity, cursorVersion)
	if err != nil || len(b) != cursorLen-cursorTagLen {
		return store.EventKey{}, badCursor()
	}
	d := event.Date{Year: int(binary.BigEndian.Uint16(b[1:])), Month: time.Month(b[3]), Day: int(b[4])}
	if _, err := event.ParseDate(d.String()); err != nil {
		return store.EventKey{}, badCursor()
	}
	return store.EventKey{Date: d, Position: int(binary.BigEndian.Uint32(b[5:]))}, nil
}

func encodeEditCursor(k store.EditKey, identity string) string {
	b := make([]byte, 0, editCursorMin+len(k.Path))
	b = append(b, editCursorVersion)
	b = binary.BigEndian.AppendUint64(b, uint64(k.At.UnixNano()))
	removed := byte(0)
	if k.Removed {
		removed = 1
	}
	b = append(append(b, removed), k.Path...)
	return sealCursor(b, identity)
}

func decodeEditCursor(s, identity string) (store.EditKey, error) {
	b, err := openCursor(s, identity, editCursorVersion)
	if err != nil || len(b) < editCursorMin-cursorTagLen || b[9] > 1 {
		return store.EditKey{}, badCursor()
	}
	at := time.Unix(0, int64(binary.BigEndian.Uint64(b[1:]))).UTC()
	return store.EditKey{At: at, Removed: b[9] == 1, Path: string(b[10:])}, nil
}

func badCursor() *apiError {
	return badParam("cursor", "not a cursor this list gave; start again without one")
}

// sealCursor appends to a cursor's body the tag of its list and encodes it.
func sealCursor(body []byte, identity string) string {
	return base64.RawURLEncoding.EncodeToString(append(body, cursorTag(body, identity)...))
}

// openCursor decodes a cursor of the version and returns its body, when
// its tag is the list's.
func openCursor(s, identity string, version byte) ([]byte, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) <= cursorTagLen || b[0] != version {
		return nil, badCursor()
	}
	body := b[:len(b)-cursorTagLen]
	if string(cursorTag(body, identity)) != string(b[len(body):]) {
		return nil, badCursor()
	}
	return body, nil
}

func cursorTag(body []byte, identity string) []byte {
	h := sha256.New()
	h.Write([]byte("chronicle api cursor\x00"))
	h.Write(body)
	h.Write([]byte(identity))
	return h.Sum(nil)[:cursorTagLen]
}

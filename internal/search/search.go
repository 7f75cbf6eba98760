package search

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// Page sizes.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// Request is a search as a reader or a program asks for it.
type Request struct {
	// Query is what the reader typed (see Parse).
	Query string
	// From and To limit the days, both included; zero: open.
	From, To event.Date
	// Category, Topic and Story keep the events of one category, topic
	// (entity) or story, named by title or slug; "": any.
	Category, Topic, Story string
	// Order is the results' order: Relevance (the zero value), Newest or
	// Oldest.
	Order Order
	// Limit is the page size: 0 is DefaultLimit, at most MaxLimit.
	Limit int
	// Cursor continues from a page's Next; "": the first page.
	Cursor string
}

// Order is the order of a search's results.
type Order = store.SearchOrder

// The orders of a search's results.
const (
	// Relevance is the best match first.
	Relevance = store.SearchRelevance
	// Newest is the newest day first, in page order within a day.
	Newest = store.SearchNewest
	// Oldest is the oldest day first, in page order within a day.
	Oldest = store.SearchOldest
)

// OrderNames are the names of the orders, as the search page's order
// parameter and chronicle search's --order take them.
var OrderNames = map[Order]string{Relevance: "relevance", Newest: "newest", Oldest: "oldest"}

// ParseOrder reads the name of an order; "" is Relevance.
func ParseOrder(name string) (Order, error) {
	if name == "" {
		return Relevance, nil
	}
	for o, n := range OrderNames {
		if n == name {
			return o, nil
		}
	}
	return Relevance, errorf(-1, "the order %q is none of relevance, newest and oldest", name)
}

// Result is one event found.
type Result struct {
	Path     string     `json:"path"`
	Date     event.Date `json:"date"`
	Headline string     `json:"headline"`
	Category string     `json:"category"`
	// Score is the relevance: higher is better (the negated BM25 rank).
	Score float64 `json:"score"`
	// Highlight is the headline, Snippet the best-matching passage of the
	// event's indexed text, with each matched word between Mark and
	// Unmark: split them with Fragments and escape each fragment.
	Highlight string `json:"highlight"`
	Snippet   string `json:"snippet"`
}

// Markers of the matched words in Result.Highlight and Snippet.
const (
	Mark   = store.SnippetStart
	Unmark = store.SnippetEnd
)

// Results are one page of a search's results, in the request's order (best first by default).
type Results struct {
	Results []Result `json:"results"`
	// Total counts every event the query and filters match.
	Total int `json:"total"`
	// Next is the cursor of the next page; "" on the last page.
	Next string `json:"next,omitempty"`
	// Prev is the cursor of the previous page; "" on the first page.
	Prev string `json:"prev,omitempty"`
	// Offset counts the results before this page's first.
	Offset int `json:"-"`
}

// Run parses r's query and runs it on st. A malformed query, a filter
// that names nothing the store knows, a bad limit or a bad cursor give an
// *Error; anything else is the store's failure.
func Run(ctx context.Context, st *store.Store, r Request) (Results, error) {
	match, err := Parse(r.Query)
	if err != nil {
		return Results{}, err
	}
	q := store.SearchQuery{Match: match, From: r.From, To: r.To,
		Category: r.Category, Topic: r.Topic, Story: r.Story, Order: r.Order, Limit: r.Limit}
	if err := checkRequest(&q); err != nil {
		return Results{}, err
	}
	key := cursorKey(q)
	if r.Cursor != "" {
		if q.Offset, err = decodeCursor(r.Cursor, key); err != nil {
			return Results{}, err
		}
	}
	page, err := st.Search(ctx, q)
	if unknown, ok := errors.AsType[*store.UnknownFilterError](err); ok {
		return Results{}, &Error{Msg: fmt.Sprintf("no %s %q", unknown.Kind, unknown.Value), Pos: -1,
			Filter: unknown.Kind, Similar: unknown.Similar}
	}
	if err != nil {
		return Results{}, err
	}
	out := Results{Results: make([]Result, len(page.Results)), Total: page.Total, Offset: q.Offset}
	for i, p := range page.Results {
		out.Results[i] = Result{Path: p.Path, Date: p.Date, Headline: p.Headline, Category: p.Category,
			Score: -p.Score, Highlight: p.Highlight, Snippet: p.Snippet}
	}
	if next := q.Offset + len(page.Results); page.More && next <= maxOffset {
		out.Next = encodeCursor(next, key)
	}
	if q.Offset > 0 {
		out.Prev = encodeCursor(max(0, q.Offset-q.Limit), key)
	}
	return out, nil
}

// checkRequest checks the limit and the date range, and sets the default
// limit.
func checkRequest(q *store.SearchQuery) error {
	switch {
	case q.Limit == 0:
		q.Limit = DefaultLimit
	case q.Limit < 0 || q.Limit > MaxLimit:
		return errorf(-1, "the limit must be between 1 and %d, not %d", MaxLimit, q.Limit)
	}
	if _, ok := OrderNames[q.Order]; !ok {
		return errorf(-1, "the order %d is none of relevance, newest and oldest", q.Order)
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return errorf(-1, "the date range ends (%s) before it starts (%s)", q.To, q.From)
	}
	return nil
}

// A cursor is the number of results before the page it opens and a hash
// of the query and filters it belongs to, in URL-safe base64: a reader
// cannot mix it with another search, and while the index is unchanged the
// pages follow each other without a gap or a repeat.
const cursorLen = 1 + 4 + 4

const cursorVersion = 2

func cursorKey(q store.SearchQuery) uint32 {
	h := fnv.New32a()
	for _, s := range []string{q.Match, q.From.String(), q.To.String(), q.Category, q.Topic, q.Story, OrderNames[q.Order]} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return h.Sum32()
}

func encodeCursor(offset int, key uint32) string {
	b := make([]byte, 0, cursorLen)
	b = append(b, cursorVersion)
	b = binary.BigEndian.AppendUint32(b, uint32(offset))
	b = binary.BigEndian.AppendUint32(b, key)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string, key uint32) (int, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != cursorLen || b[0] != cursorVersion {
		return 0, errorf(-1, "the cursor is not one this search gave")
	}
	if binary.BigEndian.Uint32(b[5:]) != key {
		return 0, errorf(-1, "the cursor belongs to another query or other filters")
	}
	offset := binary.BigEndian.Uint32(b[1:])
	if offset > maxOffset {
		return 0, errorf(-1, "the cursor is not one this search gave")
	}
	return int(offset), nil
}

// maxOffset is the deepest a cursor reaches: beyond, narrow the search.
const maxOffset = 100_000

// Fragment is a piece of a highlighted text: a matched word or the text
// between.
type Fragment struct {
	Text  string
	Match bool
}

// Fragments splits a Highlight or Snippet at its markers, so that a
// renderer escapes each piece and marks the matched ones (<mark>). A
// marker without its pair is dropped.
func Fragments(marked string) []Fragment {
	var out []Fragment
	add := func(text string, match bool) {
		if text != "" {
			out = append(out, Fragment{Text: text, Match: match})
		}
	}
	for marked != "" {
		start := strings.Index(marked, Mark)
		if start < 0 {
			add(strings.ReplaceAll(marked, Unmark, ""), false)
			break
		}
		add(strings.ReplaceAll(marked[:start], Unmark, ""), false)
		rest := marked[start+len(Mark):]
		end := strings.Index(rest, Unmark)
		if end < 0 {
			add(strings.ReplaceAll(rest, Mark, ""), false)
			break
		}
		add(strings.ReplaceAll(rest[:end], Mark, ""), true)
		marked = rest[end+len(Unmark):]
	}
	return out
}

package mediawiki

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// Revision is the newest revision of a page as the API gives it.
type Revision struct {
	ID, ParentID int64
	Timestamp    time.Time
	// Comment is the editor's edit summary; empty when hidden or not given.
	Comment string
	// SHA1 is the hex SHA-1 of the revision's content.
	SHA1 string
	// Text is the wikitext, when it was asked for (HasText).
	Text    string
	HasText bool
}

// PageRevision is the answer about one requested title.
type PageRevision struct {
	// Requested is the title as asked.
	Requested string
	// Title is the canonical title after normalisation and redirects.
	Title string
	// Redirected tells that Requested (normalised) was a redirect to Title.
	Redirected bool
	// Missing tells that no such page exists: not an error.
	Missing bool
	// Invalid, when not empty, is why the title cannot exist.
	Invalid   string
	PageID    int64
	Namespace int
	// Revision is the newest revision; its ID is 0 when Missing or Invalid.
	Revision Revision
	// BadRevision, when not empty, is what is wrong with the revision the
	// API gave: an id, timestamp or hash no wiki makes. Such a revision
	// must not be stored.
	BadRevision string
}

// Page returns the page revision as a Page, the form the importer takes.
func (p PageRevision) Page() Page {
	return Page{
		Title:      p.Title,
		Namespace:  p.Namespace,
		ID:         p.PageID,
		RevisionID: p.Revision.ID,
		Timestamp:  p.Revision.Timestamp,
		SHA1:       p.Revision.SHA1,
		Text:       p.Revision.Text,
		Comment:    p.Revision.Comment,
	}
}

// Revisions returns the newest revision of each title, in the order of
// titles, asking MaxTitles titles a request, one request at a time. With
// content false only ids, timestamp, comment and hash are asked: the cheap
// question of what changed. Missing pages are answered as Missing.
func (c *Client) Revisions(ctx context.Context, titles []string, content bool) ([]PageRevision, error) {
	props := "ids|timestamp|comment|sha1"
	if content {
		props = "content|" + props
	}
	out := make([]PageRevision, 0, len(titles))
	for batch := range chunks(titles, MaxTitles) {
		params := url.Values{
			"prop":      {"revisions"},
			"rvprop":    {props},
			"rvslots":   {"main"},
			"redirects": {"1"},
		}
		q, err := c.queryAll(ctx, batch, params)
		if err != nil {
			return nil, err
		}
		for _, t := range batch {
			out = append(out, q.revision(t))
		}
	}
	return out, nil
}

// Resolution is what a title resolves to: its canonical title, after
// normalisation and redirects, and the Wikidata item of that page.
type Resolution struct {
	Requested  string
	Title      string
	Redirected bool
	Missing    bool
	Invalid    string
	// WikidataID is the page's Wikidata item ("Q884"); empty when it has none.
	WikidataID string
}

// Resolve resolves titles (redirects and prop=pageprops for wikibase_item),
// MaxTitles a request, in the order given.
func (c *Client) Resolve(ctx context.Context, titles []string) ([]Resolution, error) {
	out := make([]Resolution, 0, len(titles))
	for batch := range chunks(titles, MaxTitles) {
		params := url.Values{
			"prop":      {"pageprops"},
			"ppprop":    {"wikibase_item"},
			"redirects": {"1"},
		}
		q, err := c.queryAll(ctx, batch, params)
		if err != nil {
			return nil, err
		}
		for _, t := range batch {
			title, redirected := q.resolve(t)
			r := Resolution{Requested: t, Title: title, Redirected: redirected}
			if p, ok := q.pages[title]; ok {
				r.Missing, r.Invalid = p.Missing, p.InvalidReason
				r.WikidataID = p.PageProps["wikibase_item"]
			} else {
				r.Missing = true
			}
			out = append(out, r)
		}
	}
	return out, nil
}

func chunks(s []string, n int) func(func([]string) bool) {
	return func(yield func([]string) bool) {
		for len(s) > 0 {
			k := min(n, len(s))
			if !yield(s[:k]) {
				return
			}
			s = s[k:]
		}
	}
}

// MaxRevisionID bounds the revision ids a wiki may give: 2^40, hundreds
// of times the English Wikipedia's (about 1.3 billion in 2026) and
// Wikidata's. A larger id is an error of the API: stored, it would outrank
// every real revision of its day for good.
const MaxRevisionID = 1 << 40

// checkRevision checks a revision's id, timestamp and hash as the API gave
// them, and returns the timestamp, or what is wrong.
func checkRevision(id int64, timestamp, sha1 string) (time.Time, string) {
	t, err := time.Parse(time.RFC3339, timestamp)
	switch {
	case id <= 0:
		return t, fmt.Sprintf("revision id %d: want a positive id", id)
	case id > MaxRevisionID:
		return t, fmt.Sprintf("revision id %d: more than any wiki has (%d)", id, int64(MaxRevisionID))
	case err != nil:
		return t, fmt.Sprintf("timestamp %q: not an ISO 8601 time", timestamp)
	case t.Before(event.FirstRevision):
		return t, fmt.Sprintf("timestamp %q: before 2001, when Wikipedia began", timestamp)
	case sha1 != "" && !event.IsRevisionSHA1(strings.ToLower(sha1)):
		return t, fmt.Sprintf("sha1 %q: want 40 hex digits", sha1)
	}
	return t.UTC(), ""
}

// queryAnswer is the JSON of a query answer, formatversion=2.
type queryAnswer struct {
	Continue map[string]any `json:"continue"`
	Query    struct {
		Normalized []titleMap  `json:"normalized"`
		Redirects  []titleMap  `json:"redirects"`
		Pages      []queryPage `json:"pages"`
	} `json:"query"`
}

type titleMap struct {
	From string `json:"from"`
	To   string `json:"to"`
}

type queryPage struct {
	PageID        int64             `json:"pageid"`
	NS            int               `json:"ns"`
	Title         string            `json:"title"`
	Missing       bool              `json:"missing"`
	Invalid       bool              `json:"invalid"`
	InvalidReason string            `json:"invalidreason"`
	PageProps     map[string]string `json:"pageprops"`
	Revisions     []struct {
		RevID     int64  `json:"revid"`
		ParentID  int64  `json:"parentid"`
		Timestamp string `json:"timestamp"`
		Comment   string `json:"comment"`
		SHA1      string `json:"sha1"`
		Slots     struct {
			Main *struct {
				Content *string `json:"content"`
			} `json:"main"`
		} `json:"slots"`
	} `json:"revisions"`
}

// queryResult gathers the answers of a query and its continuations.
type queryResult struct {
	normalized, redirects map[string]string
	pages                 map[string]queryPage
}

// queryAll sends the query for titles and its continuations, if the API
// split the answer, and gathers them. A continuation the API gave before
// (the same again, or a cycle) is an error: following it would never end.
func (c *Client) queryAll(ctx context.Context, titles []string, params url.Values) (*queryResult, error) {
	res := &queryResult{normalized: map[string]string{}, redirects: map[string]string{}, pages: map[string]queryPage{}}
	params.Set("titles", strings.Join(titles, "|"))
	seen := map[string]bool{}
	for range 1000 {
		var a queryAnswer
		if err := c.query(ctx, cloneValues(params), &a); err != nil {
			return nil, err
		}
		if err := res.add(&a); err != nil {
			return nil, fmt.Errorf("mediawiki API %s: %w", c.endpoint, err)
		}
		if len(a.Continue) == 0 {
			return res, nil
		}
		token := continuation(a.Continue)
		if seen[token] {
			return nil, fmt.Errorf("mediawiki API %s: query prop=%s of %s: the API asks again to continue from %s: its answers loop",
				c.endpoint, params.Get("prop"), describeTitles(titles), token)
		}
		seen[token] = true
		for k, v := range a.Continue {
			params.Set(k, fmt.Sprint(v))
		}
	}
	return nil, fmt.Errorf("mediawiki API %s: the answer never ends (1000 continuations)", c.endpoint)
}

// continuation is the continue object of an answer as text, its keys in
// order: "continue=||&rvcontinue=1234".
func continuation(c map[string]any) string {
	parts := make([]string, 0, len(c))
	for _, k := range slices.Sorted(maps.Keys(c)) {
		parts = append(parts, fmt.Sprintf("%s=%v", k, c[k]))
	}
	return strings.Join(parts, "&")
}

// describeTitles names the titles of a query for an error: the first, and
// how many more.
func describeTitles(titles []string) string {
	switch len(titles) {
	case 0:
		return "no titles"
	case 1:
		return strconv.Quote(titles[0])
	case 2:
		return strconv.Quote(titles[0]) + " and 1 more title"
	}
	return fmt.Sprintf("%q and %d more titles", titles[0], len(titles)-1)
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func (r *queryResult) add(a *queryAnswer) error {
	for _, m := range a.Query.Normalized {
		r.normalized[m.From] = m.To
	}
	for _, m := range a.Query.Redirects {
		r.redirects[m.From] = m.To
	}
	for _, p := range a.Query.Pages {
		if p.Title == "" {
			return fmt.Errorf("%w: a page without a title", ErrNotMediaWiki)
		}
		if old, ok := r.pages[p.Title]; ok && len(p.Revisions) == 0 {
			p.Revisions = old.Revisions // a continuation repeats pages already answered
		}
		r.pages[p.Title] = p
	}
	return nil
}

// resolve follows the normalisation and redirect of a requested title.
func (r *queryResult) resolve(t string) (title string, redirected bool) {
	title = t
	if n, ok := r.normalized[title]; ok {
		title = n
	}
	for range 2 { // the API follows one redirect; guard against loops
		to, ok := r.redirects[title]
		if !ok {
			break
		}
		title, redirected = to, true
	}
	return title, redirected
}

func (r *queryResult) revision(requested string) PageRevision {
	title, redirected := r.resolve(requested)
	pr := PageRevision{Requested: requested, Title: title, Redirected: redirected}
	p, ok := r.pages[title]
	if !ok || p.Missing || p.Invalid {
		pr.Missing = !ok || p.Missing
		pr.Invalid = p.InvalidReason
		pr.Namespace = p.NS
		return pr
	}
	pr.PageID, pr.Namespace = p.PageID, p.NS
	if len(p.Revisions) == 0 {
		pr.Missing = true
		return pr
	}
	rv := p.Revisions[0]
	pr.Revision = Revision{ID: rv.RevID, ParentID: rv.ParentID, Comment: rv.Comment, SHA1: strings.ToLower(rv.SHA1)}
	pr.Revision.Timestamp, pr.BadRevision = checkRevision(rv.RevID, rv.Timestamp, rv.SHA1)
	if m := rv.Slots.Main; m != nil && m.Content != nil {
		pr.Revision.Text, pr.Revision.HasText = *m.Content, true
		if pr.Revision.SHA1 == "" {
			pr.Revision.SHA1 = TextSHA1(pr.Revision.Text)
		}
	}
	return pr
}

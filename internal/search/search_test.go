package search_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/search"
	"github.com/chronicle-archive/chronicle/internal/store"
)

func date(s string) event.Date {
	d, err := event.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestFilters(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		req  search.Request
		want int // events found
		each func(r search.Result) bool
	}{
		{"no filter", search.Request{Query: "tsukuyomi"}, 21, nil},
		{"from", search.Request{Query: "tsukuyomi", From: date("2025-03-10")}, 7,
			func(r search.Result) bool { return !r.Date.Before(date("2025-03-10")) }},
		{"from and to", search.Request{Query: "tsukuyomi", From: date("2024-01-01"), To: date("2024-12-31")}, 4,
			func(r search.Result) bool { return r.Date.Year == 2024 }},
		{"one day", search.Request{Query: "tsukuyomi", From: date("2025-03-15"), To: date("2025-03-15")}, 1, nil},
		{"topic by title", search.Request{Query: "fighting", Topic: "El Fasher"}, 0, nil},
		{"topic by slug", search.Request{Query: "truce", Topic: "el-fasher"}, 0, nil},
		{"story by title", search.Request{Query: "truce", Story: "Siege of El Fasher"}, 0, nil},
		{"story in another case", search.Request{Query: "truce", Story: "siege of el fasher"}, 0, nil},
		{"category", search.Request{Query: "tsukuyomi", Category: "Science and technology"}, 0,
			func(r search.Result) bool { return r.Category == "Science and technology" }},
	}
	for _, tt := range tests {
		res, err := search.Run(ctx, demoStore, tt.req)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if tt.want > 0 && res.Total != tt.want || res.Total == 0 || len(res.Results) != min(res.Total, search.DefaultLimit) {
			t.Errorf("%s: %d of %d results, want %d", tt.name, len(res.Results), res.Total, tt.want)
		}
		for _, r := range res.Results {
			if tt.each != nil && !tt.each(r) {
				t.Errorf("%s: %+v does not pass the filter", tt.name, r)
			}
		}
	}
}

// The filters narrow: an event found with a filter is found without it, and
// not every one without it passes the filter.
func TestFiltersNarrow(t *testing.T) {
	ctx := context.Background()
	all, err := search.Run(ctx, demoStore, search.Request{Query: "truce", Limit: search.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, req := range []search.Request{
		{Query: "truce", Topic: "El Fasher"},
		{Query: "truce", Story: "Siege of El Fasher"},
		{Query: "truce", To: date("2025-03-05")},
	} {
		some, err := search.Run(ctx, demoStore, req)
		if err != nil {
			t.Fatal(err)
		}
		if some.Total == 0 || some.Total >= all.Total {
			t.Errorf("%+v: %d results of %d unfiltered", req, some.Total, all.Total)
		}
	}
}

func TestPagesFollowEachOther(t *testing.T) {
	ctx := context.Background()
	all, err := search.Run(ctx, demoStore, search.Request{Query: `"el fasher" OR tsukuyomi`, Limit: search.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total < 30 || all.Next != "" {
		t.Fatalf("one page of %d results, next %q", all.Total, all.Next)
	}
	var paged []string
	req := search.Request{Query: `"el fasher" OR tsukuyomi`, Limit: 7}
	for range 10 {
		page, err := search.Run(ctx, demoStore, req)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Results {
			paged = append(paged, r.Path)
		}
		if page.Next == "" {
			break
		}
		req.Cursor = page.Next
	}
	if len(paged) != len(all.Results) {
		t.Fatalf("pages gave %d results, one page %d", len(paged), len(all.Results))
	}
	for i, r := range all.Results {
		if paged[i] != r.Path {
			t.Errorf("result %d: paged %s, all at once %s", i, paged[i], r.Path)
		}
	}
}

func TestResultsAreHighlighted(t *testing.T) {
	res, err := search.Run(context.Background(), demoStore, search.Request{Query: "medecins cholera", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Results[0]
	if !strings.Contains(r.Highlight, search.Mark+"Médecins"+search.Unmark) || !strings.Contains(r.Snippet, search.Mark+"cholera"+search.Unmark) {
		t.Errorf("highlight %q, snippet %q", r.Highlight, r.Snippet)
	}
	var text string
	for _, f := range search.Fragments(r.Highlight) {
		text += f.Text
	}
	if text != r.Headline || r.Score <= 0 || r.Date.IsZero() || r.Category == "" {
		t.Errorf("result %+v", r)
	}
}

func TestBadRequests(t *testing.T) {
	ctx := context.Background()
	first, err := search.Run(ctx, demoStore, search.Request{Query: "tsukuyomi", Limit: 2})
	if err != nil || first.Next == "" {
		t.Fatalf("first page: %v, next %q", err, first.Next)
	}
	tests := []struct {
		name string
		req  search.Request
		msg  string
	}{
		{"unbalanced quote", search.Request{Query: `"el fasher`}, "never closed"},
		{"unknown topic", search.Request{Query: "truce", Topic: "Atlantis"}, `no topic "Atlantis"`},
		{"unknown story", search.Request{Query: "truce", Story: "Nothing"}, `no story "Nothing"`},
		{"unknown category", search.Request{Query: "truce", Category: "Gossip"}, `no category "Gossip"`},
		{"negative limit", search.Request{Query: "truce", Limit: -1}, "between 1 and 100"},
		{"huge limit", search.Request{Query: "truce", Limit: 1000}, "between 1 and 100"},
		{"dates reversed", search.Request{Query: "truce", From: date("2025-03-10"), To: date("2025-03-01")}, "ends (2025-03-01) before it starts"},
		{"garbage cursor", search.Request{Query: "tsukuyomi", Cursor: "not a cursor!"}, "cursor is not one"},
		{"cut cursor", search.Request{Query: "tsukuyomi", Cursor: first.Next[:10]}, "cursor is not one"},
		{"cursor of another query", search.Request{Query: "jaxa", Cursor: first.Next}, "another query"},
		{"cursor of other filters", search.Request{Query: "tsukuyomi", From: date("2025-01-01"), Cursor: first.Next}, "another query"},
		{"cursor of another order", search.Request{Query: "tsukuyomi", Order: search.Newest, Cursor: first.Next}, "another query"},
		{"unknown order", search.Request{Query: "tsukuyomi", Order: 7}, "the order 7 is none"},
	}
	for _, tt := range tests {
		_, err := search.Run(ctx, demoStore, tt.req)
		var e *search.Error
		if !errors.As(err, &e) || !strings.Contains(e.Error(), tt.msg) {
			t.Errorf("%s: %v, want a *search.Error saying %q", tt.name, err, tt.msg)
		}
	}
}

// Ordered by date, the results are every match, newest (or oldest) day
// first, in page order within a day, paged by their cursors.
func TestResultsByDate(t *testing.T) {
	ctx := context.Background()
	all, err := search.Run(ctx, demoStore, search.Request{Query: "truce OR ceasefire", Limit: 100})
	if err != nil || all.Total < 5 {
		t.Fatalf("by relevance: %d results, %v", all.Total, err)
	}
	for _, order := range []search.Order{search.Newest, search.Oldest} {
		var got []search.Result
		req := search.Request{Query: "truce OR ceasefire", Order: order, Limit: 3}
		for {
			page, err := search.Run(ctx, demoStore, req)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, page.Results...)
			if page.Next == "" {
				break
			}
			req.Cursor = page.Next
		}
		if len(got) != all.Total {
			t.Fatalf("%s: %d results, want %d", search.OrderNames[order], len(got), all.Total)
		}
		for i := 1; i < len(got); i++ {
			a, b := got[i-1].Date, got[i].Date
			if order == search.Oldest {
				a, b = b, a
			}
			if a.Before(b) {
				t.Errorf("%s: %s (%s) before %s (%s)", search.OrderNames[order], got[i-1].Path, got[i-1].Date, got[i].Path, got[i].Date)
			}
		}
	}
}

func TestParseOrder(t *testing.T) {
	for name, want := range map[string]search.Order{"": search.Relevance, "relevance": search.Relevance, "newest": search.Newest, "oldest": search.Oldest} {
		if got, err := search.ParseOrder(name); err != nil || got != want {
			t.Errorf("ParseOrder(%q) = %v, %v; want %v", name, got, err, want)
		}
	}
	for _, name := range []string{"Newest", "date", "desc"} {
		if _, err := search.ParseOrder(name); err == nil {
			t.Errorf("ParseOrder(%q) gave no error", name)
		}
	}
}

// A filter that names nothing says which filter it is and what the reader
// may have meant: the titles that hold its words.
func TestUnknownFilterNamesSimilarTitles(t *testing.T) {
	tests := []struct {
		name    string
		req     search.Request
		filter  event.Kind
		similar []string
	}{
		{"story", search.Request{Query: "truce", Story: "Sudanese civil war"}, event.KindStory, []string{"Sudanese civil war (2023–present)"}},
		{"topic", search.Request{Query: "truce", Topic: "fasher"}, event.KindTopic, []string{"El Fasher"}},
		{"category", search.Request{Query: "truce", Category: "conflicts"}, event.KindCategory, []string{"Armed conflicts and attacks"}},
		{"nothing like it", search.Request{Query: "truce", Topic: "Atlantis"}, event.KindTopic, nil},
	}
	for _, tt := range tests {
		_, err := search.Run(context.Background(), demoStore, tt.req)
		var e *search.Error
		if !errors.As(err, &e) || e.Filter != tt.filter || !slices.Equal(e.Similar, tt.similar) {
			t.Errorf("%s: %#v, want a *search.Error of the %s filter naming %q", tt.name, err, tt.filter, tt.similar)
		}
	}
}

// FuzzParseQuery: Parse never panics, and the FTS5 index runs every query
// it accepts without a syntax error.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"red cross korea", `"el fasher" -truce`, "tsuku* OR jaxa", "NOT", `"a"*`, "x OR -y",
		"NEAR(a b)", "a:b", "^start", "(a OR b)", `"""`, "a\x00b", "é\u0301", "ǅ*", "\u00ad", "-\"x\"", "AND OR NOT", "١٢٣"} {
		f.Add(s)
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, q string) {
		match, err := search.Parse(q)
		if err != nil {
			var e *search.Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) = %v, not a *search.Error", q, err)
			}
			return
		}
		if _, err := demoStore.Search(ctx, store.SearchQuery{Match: match, Limit: 1}); err != nil {
			t.Fatalf("Parse(%q) = %s, which the index refuses: %v", q, match, err)
		}
	})
}

package store

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// A search ordered by date gives every match once, by day and in page
// order within a day, whatever order the days were imported in, each with
// its rank and its marked headline; filters and pages work as by relevance.
func TestSearchByDate(t *testing.T) {
	st, _ := openTemp(t)
	var days []Day
	for _, d := range []int{5, 2, 9, 7} { // imported out of date order: ids are no dates
		date := event.Date{Year: 2020, Month: time.May, Day: d}
		var evs []event.Event
		for i := range 3 {
			headline := fmt.Sprintf("A flood in town %d-%d", d, i)
			category := "Disasters"
			if i == 2 {
				headline, category = fmt.Sprintf("A quiet day %d", d), "Sports"
			}
			evs = append(evs, event.Event{Path: fmt.Sprintf("%s/e%d", date.Dir(), i), Date: date, Position: i,
				Category: category, CategoryOriginal: category, Headline: headline, Text: headline})
		}
		days = append(days, Day{Date: date, Title: "t", RevisionID: int64(d), Timestamp: date.Time(), Wikitext: fmt.Sprint(d), Events: evs})
	}
	for _, d := range days {
		mustImport(t, st, d)
	}
	indexForSearch(t, st)
	paths := func(q SearchQuery) []string {
		t.Helper()
		var out []string
		for q.Offset = 0; ; q.Offset += q.Limit {
			page, err := st.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range page.Results {
				if r.Score >= 0 || !strings.Contains(r.Highlight, SnippetStart+"flood"+SnippetEnd) || r.Headline == "" {
					t.Errorf("%s: score %v, highlight %q", r.Path, r.Score, r.Highlight)
				}
				out = append(out, r.Path)
			}
			if !page.More {
				return out
			}
		}
	}
	tests := []struct {
		name string
		q    SearchQuery
		want []string
	}{
		{"newest first", SearchQuery{Match: `"flood"`, Order: SearchNewest, Limit: 3}, []string{
			"/news/2020/05/9/e0", "/news/2020/05/9/e1", "/news/2020/05/7/e0", "/news/2020/05/7/e1",
			"/news/2020/05/5/e0", "/news/2020/05/5/e1", "/news/2020/05/2/e0", "/news/2020/05/2/e1"}},
		{"oldest first", SearchQuery{Match: `"flood"`, Order: SearchOldest, Limit: 5}, []string{
			"/news/2020/05/2/e0", "/news/2020/05/2/e1", "/news/2020/05/5/e0", "/news/2020/05/5/e1",
			"/news/2020/05/7/e0", "/news/2020/05/7/e1", "/news/2020/05/9/e0", "/news/2020/05/9/e1"}},
		{"newest first, filtered", SearchQuery{Match: `"flood"`, Order: SearchNewest, Limit: 10, Category: "disasters",
			From: event.Date{Year: 2020, Month: time.May, Day: 3}, To: event.Date{Year: 2020, Month: time.May, Day: 8}}, []string{
			"/news/2020/05/7/e0", "/news/2020/05/7/e1", "/news/2020/05/5/e0", "/news/2020/05/5/e1"}},
	}
	for _, tt := range tests {
		if got := paths(tt.q); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	// By relevance, every match once too.
	if got := paths(SearchQuery{Match: `"flood"`, Limit: 3}); len(got) != 8 {
		t.Errorf("by relevance: %v", got)
	}
}

package store

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// A broad query's matches are ranked in tiers of broadMatches, newest
// first: every match once, pages without gap or repeat, each tier by BM25.
func TestBroadQueriesRankInTiers(t *testing.T) {
	st, _ := openTemp(t)
	var days []Day
	for d := 1; d <= 9; d++ {
		date := event.Date{Year: 2020, Month: time.May, Day: d}
		var evs []event.Event
		for i := range 3 {
			// "flood" once, or three times in a shorter text (ranked higher).
			headline := fmt.Sprintf("A flood in town %d-%d with many more words than the other", d, i)
			if i == 1 {
				headline = fmt.Sprintf("Flood flood flood %d", d)
			}
			evs = append(evs, event.Event{Path: fmt.Sprintf("%s/e%d", date.Dir(), i), Date: date, Category: "Disasters",
				CategoryOriginal: "Disasters", Headline: headline, Text: headline})
		}
		days = append(days, Day{Date: date, Title: "t", RevisionID: int64(d), Timestamp: date.Time(), Wikitext: fmt.Sprint(d), Events: evs})
	}
	mustImport(t, st, days...)
	indexForSearch(t, st)
	defer func(n int) { broadMatches = n }(broadMatches)
	broadMatches = 6
	var got []string
	for off := 0; off < 27; off += 4 {
		page, err := st.Search(ctx, SearchQuery{Match: `"flood"`, Limit: 4, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 27 || page.More != (off+4 < 27) {
			t.Fatalf("offset %d: total %d, more %v", off, page.Total, page.More)
		}
		for _, r := range page.Results {
			got = append(got, r.Path)
		}
	}
	if len(got) != 27 || len(slices.Compact(slices.Sorted(slices.Values(got)))) != 27 {
		t.Fatalf("pages gave %d results, some repeated: %v", len(got), got)
	}
	// The newest tier: days 9 and 8, their "flood flood flood" events first.
	for i, want := range []string{"/news/2020/05/9/e1", "/news/2020/05/8/e1"} {
		if !slices.Contains(got[:2], want) {
			t.Errorf("result %d: the first two are %v, want %s among them", i, got[:2], want)
		}
	}
	for _, p := range got[:6] {
		if !strings.HasPrefix(p, "/news/2020/05/9/") && !strings.HasPrefix(p, "/news/2020/05/8/") {
			t.Errorf("the first tier holds %s, not of the newest six matches", p)
		}
	}
	if !strings.HasSuffix(got[6], "/e1") {
		t.Errorf("the second tier starts with %s, want its best (an e1)", got[6])
	}
}

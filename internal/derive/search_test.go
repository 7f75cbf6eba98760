package derive

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/search"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// searchDay is a day revision whose events have the headlines, each citing
// Reuters and linking the entity "Red Cross" when it says so.
func searchDay(t *testing.T, date string, rev int64, headlines ...string) store.Day {
	t.Helper()
	d, err := event.ParseDate(date)
	if err != nil {
		t.Fatal(err)
	}
	day := store.Day{Date: d, Title: "Portal:Current events/" + date, RevisionID: rev,
		Timestamp: time.Date(2025, 1, 1, 0, 0, int(rev), 0, time.UTC), Wikitext: strings.Join(headlines, "\n")}
	for i, p := range event.Paths(d, headlines) {
		e := event.Event{Path: p, Date: d, Position: i, Category: "Disasters and accidents", CategoryOriginal: "Disasters",
			Headline: headlines[i], Text: headlines[i],
			Sources: []event.Source{{Name: "Reuters", URL: "https://example.com/" + date + "/" + p}}}
		if strings.Contains(headlines[i], "Red Cross") {
			e.Entities = []event.Entity{{Title: "Red Cross"}}
		}
		day.Events = append(day.Events, e)
	}
	return day
}

// found returns the paths a query finds, best first.
func found(t *testing.T, st *store.Store, query string) []string {
	t.Helper()
	res, err := search.Run(context.Background(), st, search.Request{Query: query, Limit: search.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range res.Results {
		out = append(out, r.Path)
	}
	return out
}

func TestUpdateSearchFollowsImportsAndEnrichment(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "chronicle.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	step := func(name string, want store.IndexUpdate) {
		t.Helper()
		lags, err := st.SearchIndexLags(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if (want.Full || want.Days > 0) && !lags {
			t.Errorf("%s: the index does not lag the import", name)
		}
		got, err := UpdateSearch(ctx, st, false)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: update = %+v, want %+v", name, got, want)
		}
		if lags, err = st.SearchIndexLags(ctx); lags || err != nil {
			t.Errorf("%s: after the update, the index lags: %v, %v", name, lags, err)
		}
	}
	importDays := func(days ...store.Day) {
		t.Helper()
		if _, err := st.ImportDays(ctx, days); err != nil {
			t.Fatal(err)
		}
	}

	importDays(searchDay(t, "2025-03-01", 1, "Red Cross aid reaches Pyongyang", "A flood hits Dhaka"),
		searchDay(t, "2025-03-02", 1, "A ferry sinks off Busan"))
	step("first run", store.IndexUpdate{Full: true, Events: 3})
	if got := found(t, st, "pyongyang"); len(got) != 1 {
		t.Fatalf("pyongyang finds %v", got)
	}
	step("nothing changed", store.IndexUpdate{Days: 0})

	// A new revision of the first day drops the flood and rewords the aid.
	importDays(searchDay(t, "2025-03-01", 2, "Red Cross convoy reaches Kaesong"))
	step("one day replaced", store.IndexUpdate{Days: 1, Events: 1})
	for query, want := range map[string]int{"pyongyang": 0, "dhaka": 0, "kaesong": 1, "busan": 1, `"red cross"`: 1, "reuters": 2} {
		if got := found(t, st, query); len(got) != want {
			t.Errorf("after the edit, %s finds %v, want %d events", query, got, want)
		}
	}

	jobs, err := st.PendingEnrichment(ctx, store.PendingOptions{})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(jobs, func(j store.EnrichJob) bool { return strings.Contains(j.Path, "ferry") })
	if i < 0 {
		t.Fatalf("no ferry event among %+v", jobs)
	}
	err = st.RecordEnrichment(ctx, []store.EventEnrichment{{EventID: jobs[i].EventID,
		Summary: "Médecins Sans Frontières sends a team to the port."}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	step("a summary enriched", store.IndexUpdate{Summaries: 1})
	if got := found(t, st, "medecins port"); !slices.Equal(got, []string{jobs[i].Path}) {
		t.Errorf("medecins port finds %v, want %s", got, jobs[i].Path)
	}
	step("nothing changed again", store.IndexUpdate{})

	full, err := UpdateSearch(ctx, st, true)
	if err != nil {
		t.Fatal(err)
	}
	if full != (store.IndexUpdate{Full: true, Events: 2}) {
		t.Errorf("full rebuild = %+v", full)
	}
	if got := found(t, st, "medecins"); len(got) != 1 {
		t.Errorf("after a full rebuild, medecins finds %v", got)
	}
}

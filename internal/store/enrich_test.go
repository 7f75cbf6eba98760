package store

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// enrichFixture stores two days: three events with sources, one without.
func enrichFixture(t *testing.T) *Store {
	t.Helper()
	s, _ := openTemp(t)
	mustImport(t, s,
		makeDay(t, "2013-06-06", 1, "2013-06-07T00:00:00Z",
			item{headline: "Talks", sources: []event.Source{{Name: "A", URL: "https://a.example/1"}, {Name: "B", URL: "https://b.example/1"}}},
			item{headline: "No source"},
			item{headline: "Storm", sources: []event.Source{{Name: "A", URL: "https://a.example/2"}}}),
		makeDay(t, "2013-06-07", 1, "2013-06-08T00:00:00Z",
			item{headline: "Satellite", sources: []event.Source{{Name: "B", URL: "https://b.example/1"}}}))
	return s
}

func pendingPaths(t *testing.T, s *Store, opts PendingOptions) []string {
	t.Helper()
	jobs, err := s.PendingEnrichment(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, j := range jobs {
		out = append(out, j.Path)
	}
	return out
}

func TestEnrichmentRoundTrip(t *testing.T) {
	s := enrichFixture(t)
	now := time.Date(2026, 12, 2, 6, 0, 0, 0, time.UTC)
	jobs, err := s.PendingEnrichment(ctx, PendingOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 3 || jobs[0].Path != "/news/2013/06/6/talks" || len(jobs[0].Sources) != 2 ||
		jobs[0].Sources[0].URL != "https://a.example/1" || jobs[0].Sources[1].URL != "https://b.example/1" ||
		jobs[0].Sources[0].State != "" || jobs[0].Date != mustDate(t, "2013-06-06") {
		t.Fatalf("pending jobs: %+v", jobs)
	}
	if got := pendingPaths(t, s, PendingOptions{From: mustDate(t, "2013-06-07"), Now: now}); len(got) != 1 || got[0] != "/news/2013/06/7/satellite" {
		t.Errorf("pending from 2013-06-07: %v", got)
	}
	if got := pendingPaths(t, s, PendingOptions{Limit: 2, Now: now}); len(got) != 2 {
		t.Errorf("pending with limit 2: %v", got)
	}

	talks, storm := jobs[0], jobs[1]
	published := time.Date(2013, 6, 6, 13, 2, 0, 0, time.UTC)
	results := []EventEnrichment{{
		EventID: talks.EventID, Summary: "Seoul proposes talks.", CoverImage: "https://b.example/i.jpg",
		SummarySource: talks.Sources[0].ID, CoverSource: talks.Sources[1].ID,
		Visits: []SourceVisit{
			{ID: talks.Sources[0].ID, State: SourceDead, Status: 404, Error: "HTTP 404", Fresh: true,
				Meta: SourceMeta{Title: "Talks (archived)", Description: "Seoul proposes talks.", ArchivedURL: "https://web.archive.org/web/2013/https://a.example/1"},
				Attempts: []SourceAttempt{{URL: "https://a.example/1", At: now, Status: 404, Kind: SourceDead, Duration: 30 * time.Millisecond},
					{URL: "https://archive.org/wayback/available", At: now.Add(time.Second), Kind: SourceOK, Archive: true}}},
			{ID: talks.Sources[1].ID, State: SourceOK, Status: 200, Fresh: true, ETag: `"e1"`,
				Meta: SourceMeta{Title: "Koreas", SiteName: "B News", Published: published, Image: "https://b.example/i.jpg", ImageWidth: 1200, ImageHeight: 630, ImageAlt: "A phone"}},
		},
	}, {
		EventID: storm.EventID,
		Visits: []SourceVisit{{ID: storm.Sources[0].ID, State: SourceFailed, Error: "timeout", RetryAfter: 3 * time.Hour,
			Attempts: []SourceAttempt{{URL: "https://a.example/2", At: now, Kind: SourceFailed, Error: "timeout"}}}},
	}}
	if err := s.RecordEnrichment(ctx, results, now); err != nil {
		t.Fatal(err)
	}

	// Only the event not reached stays pending; a retry selects the failed one once due.
	if got := pendingPaths(t, s, PendingOptions{Now: now}); len(got) != 1 || got[0] != "/news/2013/06/7/satellite" {
		t.Errorf("pending after the run: %v", got)
	}
	if got := pendingPaths(t, s, PendingOptions{RetryFailed: true, Now: now.Add(2 * time.Hour)}); len(got) != 1 {
		t.Errorf("retry before Retry-After passed: %v", got)
	}
	retry, err := s.PendingEnrichment(ctx, PendingOptions{RetryFailed: true, Now: now.Add(3 * time.Hour)})
	if err != nil || len(retry) != 2 || retry[0].Path != "/news/2013/06/6/storm" || !retry[0].Sources[0].Due ||
		retry[0].Sources[0].Failures != 1 || !retry[0].Sources[0].NextRetry.Equal(now.Add(3*time.Hour)) {
		t.Errorf("retry after Retry-After: %+v, %v", retry, err)
	}
	// The satellite's source is stored: a new run reads it without a visit.
	sat := retry[1].Sources[0]
	if sat.State != SourceOK || sat.Image != "https://b.example/i.jpg" || sat.Description != "" || sat.ETag != `"e1"` || sat.Due {
		t.Errorf("stored source: %+v", sat)
	}
	meta, err := s.SourceMeta(ctx, "https://b.example/1")
	wantMeta := SourceMeta{State: SourceOK, Status: 200, Title: "Koreas", SiteName: "B News", Published: published,
		Image: "https://b.example/i.jpg", ImageWidth: 1200, ImageHeight: 630, ImageAlt: "A phone", ETag: `"e1"`, CheckedAt: now}
	if err != nil || meta != wantMeta {
		t.Errorf("SourceMeta = %+v, %v\nwant %+v", meta, err, wantMeta)
	}
	if meta, err := s.SourceMeta(ctx, "https://a.example/2"); err != nil || meta.Error != "timeout" || meta.Failures != 1 || meta.State != SourceFailed {
		t.Errorf("SourceMeta of the failed source = %+v, %v", meta, err)
	}
	if meta, err := s.SourceMeta(ctx, "https://a.example/1"); err != nil || meta.ArchivedURL == "" || meta.State != SourceDead || meta.Status != 404 {
		t.Errorf("SourceMeta of the dead source = %+v, %v", meta, err)
	}
	if _, err := s.SourceMeta(ctx, "https://never.example/"); !errors.Is(err, ErrNotFound) {
		t.Errorf("SourceMeta of an unknown URL: %v", err)
	}

	x, err := s.Extras(ctx, []string{"/news/2013/06/6/talks", "/news/2013/06/6/storm", "/news/2013/06/6/no-source", "/news/none"})
	if err != nil {
		t.Fatal(err)
	}
	want := EventExtras{Summary: "Seoul proposes talks.", CoverImage: "https://b.example/i.jpg", CoverWidth: 1200, CoverHeight: 630, CoverAlt: "A phone",
		Sources: []SourceExtras{
			{URL: "https://a.example/1", Title: "Talks (archived)", ArchivedURL: "https://web.archive.org/web/2013/https://a.example/1", State: SourceDead},
			{URL: "https://b.example/1", Title: "Koreas", SiteName: "B News", Published: published, State: SourceOK},
		}}
	got := x["/news/2013/06/6/talks"]
	if got.Summary != want.Summary || got.CoverImage != want.CoverImage || got.CoverWidth != 1200 || got.CoverHeight != 630 || got.CoverAlt != "A phone" ||
		len(got.Sources) != 2 || got.Sources[0] != want.Sources[0] || !got.Sources[1].Published.Equal(published) || got.Sources[1].SiteName != "B News" {
		t.Errorf("extras of talks:\n got %+v\nwant %+v", got, want)
	}
	if len(x) != 3 || x["/news/2013/06/6/no-source"].Summary != "" || len(x["/news/2013/06/6/storm"].Sources) != 1 {
		t.Errorf("extras: %+v", x)
	}

	checkExtrasBetween(t, s)

	attempts, err := s.SourceAttempts(ctx, "https://a.example/1")
	if err != nil || len(attempts) != 2 || attempts[0].Status != 404 || attempts[0].Duration != 30*time.Millisecond || !attempts[1].Archive {
		t.Errorf("attempts: %+v, %v", attempts, err)
	}

	// A second failure doubles the wait; a 304 keeps the stored metadata and validators.
	later := now.Add(4 * time.Hour)
	if err := s.RecordEnrichment(ctx, []EventEnrichment{{EventID: storm.EventID,
		Visits: []SourceVisit{{ID: storm.Sources[0].ID, State: SourceFailed, Error: "timeout"},
			{ID: talks.Sources[1].ID, State: SourceOK, Status: 304}}}}, later); err != nil {
		t.Fatal(err)
	}
	if got := pendingPaths(t, s, PendingOptions{RetryFailed: true, Now: later.Add(time.Hour)}); len(got) != 1 {
		t.Errorf("retry an hour after a second failure: %v", got)
	}
	retry, err = s.PendingEnrichment(ctx, PendingOptions{RetryFailed: true, Now: later.Add(2 * time.Hour)})
	if err != nil || len(retry) != 2 || retry[0].Sources[0].Failures != 2 || !retry[0].Sources[0].NextRetry.Equal(later.Add(2*time.Hour)) ||
		!retry[0].Sources[0].Due {
		t.Errorf("two hours after a second failure: %+v, %v", retry, err)
	}
	if b, err := s.SourceMeta(ctx, "https://b.example/1"); err != nil || b.Title != "Koreas" || b.ETag != `"e1"` || b.Status != 304 {
		t.Errorf("after a 304: %+v, %v", b, err)
	}

	st, err := s.Stats(ctx)
	if err != nil || st.EventsWithSummary != 1 || st.EventsWithImage != 1 || st.SourcesVisited != 3 ||
		st.DeadSources != 1 || st.ArchivedSources != 1 || st.FailedSources != 1 {
		t.Errorf("stats: %+v, %v", st, err)
	}
}

func TestEnrichmentDiesWithTheEventButSourcesStay(t *testing.T) {
	s := enrichFixture(t)
	now := time.Date(2026, 12, 2, 6, 0, 0, 0, time.UTC)
	jobs, err := s.PendingEnrichment(ctx, PendingOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	storm := jobs[1]
	err = s.RecordEnrichment(ctx, []EventEnrichment{{EventID: storm.EventID, Summary: "Wind.", SummarySource: storm.Sources[0].ID,
		Visits: []SourceVisit{{ID: storm.Sources[0].ID, State: SourceOK, Fresh: true, Meta: SourceMeta{Description: "Wind."}}}}}, now)
	if err != nil {
		t.Fatal(err)
	}
	// A new revision of the day replaces its events: the storm is pending
	// again, and its source comes with what was stored of it.
	mustImport(t, s, makeDay(t, "2013-06-06", 2, "2013-06-09T00:00:00Z",
		item{headline: "Storm", sources: []event.Source{{Name: "A", URL: "https://a.example/2"}}}))
	jobs, err = s.PendingEnrichment(ctx, PendingOptions{Now: now})
	if err != nil || len(jobs) != 2 || jobs[0].Path != "/news/2013/06/6/storm" || jobs[0].Sources[0].Description != "Wind." {
		t.Errorf("after a new revision: %+v, %v", jobs, err)
	}
}

func TestBackoff(t *testing.T) {
	for failures, want := range map[int]time.Duration{1: time.Hour, 2: 2 * time.Hour, 4: 8 * time.Hour, 20: maxBackoff, 1000: maxBackoff} {
		if got := backoff(failures); got != want {
			t.Errorf("backoff(%d) = %v, want %v", failures, got, want)
		}
	}
}

func TestEnrichmentStampsWhatPagesShow(t *testing.T) {
	s := enrichFixture(t)
	now := time.Date(2026, 12, 2, 6, 0, 0, 0, time.UTC)
	gen, err := s.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The derived data is current before enrichment, and must stay so.
	if _, err := s.SaveRelated(ctx, gen, nil, nil); err != nil {
		t.Fatal(err)
	}
	jobs, err := s.PendingEnrichment(ctx, PendingOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	talks, storm := jobs[0], jobs[1]
	shared := talks.Sources[1].ID // also the satellite's source
	record := func(results ...EventEnrichment) (int64, []string) {
		t.Helper()
		if err := s.RecordEnrichment(ctx, results, now); err != nil {
			t.Fatal(err)
		}
		after, err := s.Generation(ctx)
		if err != nil {
			t.Fatal(err)
		}
		paths, err := s.EnrichedSince(ctx, gen)
		if err != nil {
			t.Fatal(err)
		}
		if related, err := s.RelatedGeneration(ctx); err != nil || related != after {
			t.Errorf("related generation %d after enrichment at generation %d (%v)", related, after, err)
		}
		gen = after
		return after, paths
	}
	okVisit := func(id int64, title string) SourceVisit {
		return SourceVisit{ID: id, State: SourceOK, Status: 200, Fresh: true, Meta: SourceMeta{Title: title}}
	}

	before := gen
	g, paths := record(EventEnrichment{EventID: talks.EventID, Summary: "Talks.", SummarySource: talks.Sources[0].ID,
		Visits: []SourceVisit{okVisit(talks.Sources[0].ID, "Talks"), okVisit(shared, "Koreas")}})
	if g != before+1 || !slices.Equal(paths, []string{"/news/2013/06/6/talks", "/news/2013/06/7/satellite"}) {
		t.Errorf("new summary and source titles: generation %d → %d, enriched %v", before, g, paths)
	}

	g, paths = record(EventEnrichment{EventID: storm.EventID,
		Visits: []SourceVisit{{ID: storm.Sources[0].ID, State: SourceFailed, Error: "timeout"}}})
	if g != before+1 || len(paths) != 0 {
		t.Errorf("a failure that shows nothing: generation %d, enriched %v", g, paths)
	}

	g, paths = record(EventEnrichment{EventID: talks.EventID, Summary: "Talks.", SummarySource: talks.Sources[0].ID,
		Visits: []SourceVisit{okVisit(talks.Sources[0].ID, "Talks"), {ID: shared, State: SourceOK, Status: 304}}})
	if g != before+1 || len(paths) != 0 {
		t.Errorf("the same again: generation %d, enriched %v", g, paths)
	}

	g, paths = record(EventEnrichment{EventID: talks.EventID, Summary: "Talks.", SummarySource: talks.Sources[0].ID,
		CoverImage: "https://b.example/c.jpg", CoverSource: shared})
	if g != before+2 || !slices.Equal(paths, []string{"/news/2013/06/6/talks"}) {
		t.Errorf("a new cover: generation %d, enriched %v", g, paths)
	}
}

// checkExtrasBetween holds EachExtrasBetween to EachExtras's extras of the
// events of the days from one date to another.
func checkExtrasBetween(t *testing.T, s *Store) {
	t.Helper()
	all := map[string]EventExtras{}
	if err := s.EachExtras(ctx, func(path string, x EventExtras) error { all[path] = x; return nil }); err != nil {
		t.Fatal(err)
	}
	june := func(d int) event.Date { return event.Date{Year: 2013, Month: time.June, Day: d} }
	for _, r := range []struct{ from, to event.Date }{{june(6), june(6)}, {june(6), june(7)}, {june(7), june(30)}, {june(8), june(9)}} {
		got := map[string]EventExtras{}
		if err := s.EachExtrasBetween(ctx, r.from, r.to, func(path string, x EventExtras) error { got[path] = x; return nil }); err != nil {
			t.Fatal(err)
		}
		want := map[string]EventExtras{}
		for path, x := range all {
			for d := r.from; d.Day <= r.to.Day; d.Day++ {
				if strings.HasPrefix(path, d.Dir()+"/") {
					want[path] = x
				}
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("EachExtrasBetween(%s, %s) = %+v\nwant %+v", r.from, r.to, got, want)
		}
	}
}

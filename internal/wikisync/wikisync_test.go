package wikisync

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/ingest"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
	"github.com/chronicle-archive/chronicle/internal/mediawiki/mwtest"
	"github.com/chronicle-archive/chronicle/internal/store"
)

var ctx = context.Background()

func date(t testing.TB, s string) event.Date {
	t.Helper()
	d, err := event.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// dayText is a day page in the portal's layout with one event per line.
func dayText(d event.Date, lines ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "{{Current events|year=%d|month=%02d|day=%d|content=\n<!-- All news items below this line -->\n'''Armed conflicts and attacks'''\n", d.Year, int(d.Month), d.Day)
	for i, l := range lines {
		fmt.Fprintf(&b, "*%s [https://news.example/%s/%d (Example News)]\n", l, d, i)
	}
	b.WriteString("<!-- All news items above this line -->}}\n")
	return b.String()
}

type env struct {
	fake   *mwtest.Server
	client *mediawiki.Client
	st     *store.Store
}

func newEnv(t *testing.T) *env {
	t.Helper()
	fake := mwtest.New()
	t.Cleanup(fake.Close)
	c, err := mediawiki.NewClient(fake.Endpoint(), mediawiki.ClientOptions{Timeout: 2 * time.Second, InitialBackoff: time.Millisecond, MaxRetries: 2})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "chronicle.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &env{fake: fake, client: c, st: st}
}

func (e *env) sync(t *testing.T, from, to string) (Summary, string) {
	t.Helper()
	var warnings bytes.Buffer
	sum, err := Run(ctx, e.st, e.client, date(t, from), date(t, to), Options{Warnings: &warnings})
	if err != nil {
		t.Fatalf("sync: %v\n%s", err, warnings.String())
	}
	return sum, warnings.String()
}

func headlines(t *testing.T, st *store.Store, d event.Date) string {
	t.Helper()
	day, err := st.Day(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range day.Events {
		out = append(out, e.Headline)
	}
	return strings.Join(out, " | ")
}

func TestSyncFetchesOnlyWhatChanged(t *testing.T) {
	e := newEnv(t)
	for day := 1; day <= 10; day++ {
		if day == 5 {
			continue // no page that day
		}
		d := date(t, fmt.Sprintf("2013-06-%02d", day))
		e.fake.Edit(mediawiki.DayTitle(d), dayText(d, fmt.Sprintf("Event one of June %d.", day), "Event two."), "new day")
	}
	sum, _ := e.sync(t, "2013-06-01", "2013-06-10")
	want := tally{Days: 10, Fetched: 9, Changed: 9, Missing: 1, Requests: 1}
	if got := counts(sum); got != want {
		t.Errorf("first sync %+v, want %+v", got, want)
	}
	missing, err := e.st.MissingDays(ctx)
	if err != nil || len(missing) != 1 || missing[0].Date != date(t, "2013-06-05") || missing[0].Reason != "no day page" {
		t.Errorf("missing %+v %v", missing, err)
	}

	// Nothing changed: one cheap request, no content.
	e.fake.ResetStats()
	sum, _ = e.sync(t, "2013-06-01", "2013-06-10")
	want = tally{Days: 10, Unchanged: 9, Missing: 1, Requests: 1}
	if got := counts(sum); got != want {
		t.Errorf("second sync %+v, want %+v", got, want)
	}
	if st := e.fake.Stats(); st.ContentRequests != 0 {
		t.Errorf("%d content requests when nothing changed", st.ContentRequests)
	}

	// Days never stored but known missing are asked cheaply too.
	e.fake.ResetStats()
	if sum, _ = e.sync(t, "2013-06-05", "2013-06-05"); sum.Missing != 1 || e.fake.Stats().ContentRequests != 0 {
		t.Errorf("a known missing day: %+v, %d content requests", counts(sum), e.fake.Stats().ContentRequests)
	}

	// June 6 edited: a headline edited, an event removed, one added.
	june6 := date(t, "2013-06-06")
	e.fake.Edit(mediawiki.DayTitle(june6), dayText(june6, "Event one of June 6, corrected.", "A new event."), "fix headline")
	e.fake.ResetStats()
	sum, _ = e.sync(t, "2013-06-01", "2013-06-10")
	want = tally{Days: 10, Fetched: 1, Changed: 1, Unchanged: 8, Missing: 1, Requests: 2}
	if got := counts(sum); got != want {
		t.Errorf("sync after an edit %+v, want %+v", got, want)
	}
	if st := e.fake.Stats(); st.ContentTitles != 1 {
		t.Errorf("%d pages fetched again, want only June 6", st.ContentTitles)
	}
	if got := headlines(t, e.st, june6); got != "Event one of June 6, corrected. | A new event." {
		t.Errorf("June 6 now %q", got)
	}
	revs, err := e.st.Revisions(ctx, june6)
	if err != nil || len(revs) != 2 || revs[1].Comment != "fix headline" || !revs[1].Current {
		t.Errorf("revisions %+v %v", revs, err)
	}
}

// tally is the counts of a Summary, comparable.
type tally struct{ Days, Fetched, Changed, Unchanged, Missing, Failed, Requests int }

func counts(s Summary) tally {
	return tally{Days: s.Days, Fetched: s.Fetched, Changed: s.Changed, Unchanged: s.Unchanged, Missing: s.Missing, Failed: s.Failed, Requests: s.Requests}
}

// Days of 2003 have no day page: they come from the month page, each day's
// events dated that day; a day without a section is missing.
func TestSyncFallsBackToTheMonthPage(t *testing.T) {
	e := newEnv(t)
	text, err := os.ReadFile("../wcep/testdata/month/2003-01-section-headings.wiki")
	if err != nil {
		t.Fatal(err)
	}
	month := e.fake.Edit("Portal:Current events/January 2003", string(text), "archive")
	// One day has its own page, made later: it wins over the month's section.
	jan16 := date(t, "2003-01-16")
	e.fake.Edit(mediawiki.DayTitle(jan16), dayText(jan16, "Columbia lifts off."), "day page")

	sum, warnings := e.sync(t, "2003-01-01", "2003-01-31")
	// 3 requests for the pages, 1 to resolve their links' titles.
	want := tally{Days: 31, Fetched: 6, Changed: 6, Missing: 25, Requests: 4}
	if got := counts(sum); got != want {
		t.Errorf("first sync %+v, want %+v\n%s", got, want, warnings)
	}
	days, err := e.st.Days(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range days {
		got = append(got, fmt.Sprintf("%s %s %d", d.Date, strings.TrimPrefix(d.Title, "Portal:Current events/"), d.Events))
	}
	wantDays := "2003-01-01 January 2003 2|2003-01-10 January 2003 1|2003-01-16 2003 January 16 1|2003-01-23 January 2003 1|2003-01-28 January 2003 2|2003-01-31 January 2003 1"
	if strings.Join(got, "|") != wantDays {
		t.Errorf("days\n got %s\nwant %s", strings.Join(got, "|"), wantDays)
	}
	day, err := e.st.Day(ctx, date(t, "2003-01-28"))
	if err != nil || day.RevisionID != month.ID || !strings.Contains(day.Wikitext, "Likud") || strings.Contains(day.Wikitext, "Pioneer") {
		t.Errorf("January 28: rev %d, wikitext %q, %v", day.RevisionID, day.Wikitext, err)
	}
	for _, ev := range day.Events {
		if ev.Date != day.Date {
			t.Errorf("event %s dated %s", ev.Path, ev.Date)
		}
	}

	// Again: nothing fetched (the day pages' and the month page's revisions).
	e.fake.ResetStats()
	sum, _ = e.sync(t, "2003-01-01", "2003-01-31")
	want = tally{Days: 31, Unchanged: 6, Missing: 25, Requests: 2}
	if got := counts(sum); got != want || e.fake.Stats().ContentRequests != 0 {
		t.Errorf("second sync %+v, want %+v; %d content requests", got, want, e.fake.Stats().ContentRequests)
	}
}

// An API that fails for good stops the sync: the days not synced are
// failed, those stored before stay.
func TestSyncReportsFailedDays(t *testing.T) {
	e := newEnv(t)
	for day := 1; day <= 28; day++ {
		d := event.Date{Year: 2013, Month: time.February, Day: day}
		e.fake.Edit(mediawiki.DayTitle(d), dayText(d, "Something."), "")
	}
	sumOK, _ := e.sync(t, "2013-01-01", "2013-02-19")
	if sumOK.Failed != 0 {
		t.Fatalf("%+v", sumOK)
	}
	e.fake.Fail(mwtest.HTMLPage, 1)
	sum, err := Run(ctx, e.st, e.client, date(t, "2013-01-01"), date(t, "2013-03-31"), Options{})
	if err == nil || !strings.Contains(err.Error(), "not a MediaWiki API answer") {
		t.Fatalf("error %v", err)
	}
	if sum.Failed != 90 || sum.Changed != 0 {
		t.Errorf("%+v", counts(sum))
	}
}

func TestSyncRejectsReversedRange(t *testing.T) {
	e := newEnv(t)
	if _, err := Run(ctx, e.st, e.client, date(t, "2013-06-02"), date(t, "2013-06-01"), Options{}); err == nil {
		t.Error("no error")
	}
}

func TestSyncDrawsProgressOnlyWhenAsked(t *testing.T) {
	e := newEnv(t)
	d := date(t, "2013-06-06")
	e.fake.Edit(mediawiki.DayTitle(d), dayText(d, "Something."), "")
	var bar bytes.Buffer
	if _, err := Run(ctx, e.st, e.client, d, date(t, "2013-06-08"), Options{Progress: &bar}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(bar.String(), "syncing") {
		t.Errorf("no progress bar: %q", bar.String())
	}
	sum, _ := e.sync(t, "2013-06-06", "2013-06-06")
	if got := sum.String(); !strings.HasPrefix(got, "synced 1 days: 0 fetched, 0 changed, 1 unchanged, 0 missing, 0 failed · 1 request · ") {
		t.Errorf("summary %q", got)
	}
}

// A month split between two batches of days is fetched for each, and each
// time only the batch's days are taken from it.
func TestSyncMonthAcrossBatches(t *testing.T) {
	e := newEnv(t)
	text, err := os.ReadFile("../wcep/testdata/month/2003-01-section-headings.wiki")
	if err != nil {
		t.Fatal(err)
	}
	e.fake.Edit("Portal:Current events/January 2003", string(text), "archive")
	// 2002-12-01 + 50 days = 2003-01-20: the batches are Dec 1–Jan 19 and Jan 20–Feb 28.
	sum, warnings := e.sync(t, "2002-12-01", "2003-02-28")
	if sum.Changed != 6 || sum.Failed != 0 || sum.Fetched != 6 || sum.Missing != 90-6 {
		t.Errorf("%+v\n%s", counts(sum), warnings)
	}
	days, err := e.st.Days(ctx)
	if err != nil || len(days) != 6 {
		t.Fatalf("%d days stored, %v", len(days), err)
	}
}

// TestSyncRejectsBadRevisions: a revision whose id, timestamp or hash no
// wiki makes is not stored, with a warning naming the page and the field;
// the day counts as failed, its stored revision stays current, and the
// next good revision replaces it as usual.
func TestSyncRejectsBadRevisions(t *testing.T) {
	tests := []struct {
		field string
		value any
		want  string
	}{
		{"revid", -5, "revision id -5: want a positive id"},
		{"revid", int64(4611686018427387904), "revision id 4611686018427387904: more than any wiki has"},
		{"timestamp", "not-a-time", `timestamp "not-a-time": not an ISO 8601 time`},
		{"timestamp", nil, `timestamp "": not an ISO 8601 time`},
		{"sha1", "zz", `sha1 "zz": want 40 hex digits`},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s=%v", tt.field, tt.value), func(t *testing.T) {
			e := newEnv(t)
			june6, june8 := date(t, "2013-06-06"), date(t, "2013-06-08")
			e.fake.Edit(mediawiki.DayTitle(june6), dayText(june6, "The first version."), "")
			e.sync(t, "2013-06-06", "2013-06-06")
			e.fake.Edit(mediawiki.DayTitle(june6), dayText(june6, "The second version."), "")
			e.fake.Edit(mediawiki.DayTitle(june8), dayText(june8, "A new day."), "")
			e.fake.Tamper = func(_ string, rev map[string]any) {
				if tt.value == nil {
					delete(rev, tt.field)
				} else {
					rev[tt.field] = tt.value
				}
			}
			// June 6 is asked cheaply (its batch was seen), June 8 alone is fetched at once.
			for _, days := range [][2]string{{"2013-06-06", "2013-06-07"}, {"2013-06-08", "2013-06-08"}} {
				sum, warnings := e.sync(t, days[0], days[1])
				d := date(t, days[0])
				want := "warning: " + mediawiki.DayTitle(d) + ": not stored: the API's revision is not valid: " + tt.want
				if sum.Failed != 1 || sum.Changed != 0 || !strings.Contains(warnings, want) {
					t.Errorf("%s: %+v\n%s\nwant the warning %q", d, counts(sum), warnings, want)
				}
			}
			if got := headlines(t, e.st, june6); got != "The first version." {
				t.Errorf("June 6 now %q", got)
			}
			if revs, err := e.st.Revisions(ctx, june6); err != nil || len(revs) != 1 {
				t.Errorf("June 6 revisions %+v %v, want the first only", revs, err)
			}
			if missing, err := e.st.MissingDays(ctx); err != nil || len(missing) != 1 || missing[0].Date != date(t, "2013-06-07") {
				t.Errorf("missing days %+v %v, want June 7 only", missing, err)
			}

			e.fake.Tamper = nil
			sum, _ := e.sync(t, "2013-06-06", "2013-06-08")
			if sum.Changed != 2 || sum.Failed != 0 || headlines(t, e.st, june6) != "The second version." {
				t.Errorf("after the API mends: %+v, June 6 %q", counts(sum), headlines(t, e.st, june6))
			}
		})
	}
}

// TestSyncRejectsABadMonthPage: the days of a month page with a bad
// revision are failed, not stored and not recorded missing.
func TestSyncRejectsABadMonthPage(t *testing.T) {
	e := newEnv(t)
	text, err := os.ReadFile("../wcep/testdata/month/2003-01-section-headings.wiki")
	if err != nil {
		t.Fatal(err)
	}
	e.fake.Edit("Portal:Current events/January 2003", string(text), "archive")
	e.fake.Tamper = func(title string, rev map[string]any) {
		if title == "Portal:Current events/January 2003" {
			rev["revid"] = -1
		}
	}
	sum, warnings := e.sync(t, "2003-01-01", "2003-01-31")
	if sum.Failed != 31 || !strings.Contains(warnings, "warning: Portal:Current events/January 2003: not stored: the API's revision is not valid: revision id -1") {
		t.Errorf("%+v\n%s", counts(sum), warnings)
	}
	days, err := e.st.Days(ctx)
	missing, err2 := e.st.MissingDays(ctx)
	if err != nil || err2 != nil || len(days) != 0 || len(missing) != 0 {
		t.Errorf("%d days stored, %d missing (%v, %v); want none", len(days), len(missing), err, err2)
	}
}

// The summary line says what the sync's edits did to events, when they did
// anything.
func TestSummaryString(t *testing.T) {
	tests := []struct {
		sum  Summary
		want string
	}{
		{Summary{Days: 7, Fetched: 7, Changed: 2, Unchanged: 5, Requests: 3, Duration: 1500 * time.Millisecond},
			"synced 7 days: 7 fetched, 2 changed, 5 unchanged, 0 missing, 0 failed · 3 requests · 1.5s"},
		{Summary{Days: 7, Fetched: 7, Changed: 2, Unchanged: 5, Requests: 1, Duration: time.Second,
			Import: ingest.Summary{ImportResult: store.ImportResult{Replaced: 2, EventsEdited: 3, EventsRemoved: 1}}},
			"synced 7 days: 7 fetched, 2 changed, 5 unchanged, 0 missing, 0 failed; 3 events edited, 1 removed · 1 request · 1.0s"},
	}
	for _, tt := range tests {
		if got := tt.sum.String(); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
}

package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
	"github.com/chronicle-archive/chronicle/internal/mediawiki/mwtest"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// TestMain lets a test run chronicle as a separate process: the test binary
// itself, started with CHRONICLE_TEST_MAIN=1, is chronicle.
// syncDay is a day page of the fake wiki, one event per headline.
func syncDay(d event.Date, headlines ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "{{Current events|year=%d|month=%02d|day=%d|content=\n<!-- All news items below this line -->\n'''Armed conflicts and attacks'''\n", d.Year, int(d.Month), d.Day)
	for _, h := range headlines {
		fmt.Fprintf(&b, "*%s [https://news.example/%s/%s (Example News)]\n", h, d, strings.ToLower(strings.Fields(h)[0]))
	}
	b.WriteString("<!-- All news items above this line -->}}\n")
	return b.String()
}

func newFakeWiki(t *testing.T) *mwtest.Server {
	t.Helper()
	f := mwtest.New()
	t.Cleanup(f.Close)
	return f
}

// fakeWikiOfDays is a fake wiki of n day pages from 2012-01-01 on, two
// events each; it returns the first and last of the days.
func fakeWikiOfDays(t *testing.T, n int) (fake *mwtest.Server, first, last event.Date) {
	t.Helper()
	fake = newFakeWiki(t)
	first = mustDate(t, "2012-01-01")
	for i := range n {
		d := event.NewDate(first.Time().AddDate(0, 0, i))
		fake.Edit(mediawiki.DayTitle(d), syncDay(d, fmt.Sprintf("Event %d happens.", i), "Another thing happens."), "")
	}
	return fake, first, event.NewDate(first.Time().AddDate(0, 0, n-1))
}

func mustDate(t testing.TB, s string) event.Date {
	t.Helper()
	d, err := event.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSyncEndToEnd(t *testing.T) {
	fake := newFakeWiki(t)
	for day := 1; day <= 10; day++ {
		if day == 5 {
			continue
		}
		d := event.Date{Year: 2013, Month: time.June, Day: day}
		fake.Edit(mediawiki.DayTitle(d), syncDay(d, fmt.Sprintf("Rebels take the town of Qusayr on June %d.", day), "Talks open in Geneva."), "new day")
	}
	db := filepath.Join(t.TempDir(), "chronicle.db")
	sync := func() result {
		t.Helper()
		return chronicle("sync", "--db", db, "--api", fake.Endpoint(), "--retries", "1", "--from", "2013-06-01", "--to", "2013-06-10")
	}
	r := sync()
	if r.status != exitOK || !strings.HasPrefix(r.stdout, "synced 10 days: 9 fetched, 9 changed, 0 unchanged, 1 missing, 0 failed · 1 request") {
		t.Fatalf("first sync: %s", r)
	}
	if ua := fake.Stats().UserAgent; !strings.HasPrefix(ua, "Chronicle/") {
		t.Errorf("User-Agent %q", ua)
	}
	r = sync()
	if r.status != exitOK || !strings.HasPrefix(r.stdout, "synced 10 days: 0 fetched, 0 changed, 9 unchanged, 1 missing, 0 failed · 1 request") {
		t.Errorf("second sync: %s", r)
	}
	june6 := mustDate(t, "2013-06-06")
	fake.Edit(mediawiki.DayTitle(june6), syncDay(june6, "Rebels seize the town of Qusayr on June 6.", "Floods hit Prague."), "copyedit; remove stale item; add floods")
	r = sync()
	if r.status != exitOK || !strings.HasPrefix(r.stdout, "synced 10 days: 1 fetched, 1 changed, 8 unchanged, 1 missing, 0 failed; 1 event edited, 1 removed · 2 requests") {
		t.Errorf("sync after an edit: %s", r)
	}
	h := chronicle("history", "--db", db, "/news/2013/06/6/")
	if h.status != exitOK {
		t.Fatal(h)
	}
	checkGolden(t, "history-2013-06-06.txt", h.stdout)
	// The stored events are the new revision's.
	events := exportLines(t, "--db", db, "--from", "2013-06-06", "--to", "2013-06-06")
	if len(events) != 2 || events[1].Headline != "Floods hit Prague." {
		t.Errorf("June 6 events %+v", events)
	}
}

// A sync stores what an import of the same pages stores.
func TestSyncStoresWhatImportStores(t *testing.T) {
	fake := newFakeWiki(t)
	if _, err := fake.LoadDumpFile("testdata/dump.xml"); err != nil {
		t.Fatal(err)
	}
	synced := filepath.Join(t.TempDir(), "synced.db")
	if r := chronicle("sync", "--db", synced, "--api", fake.Endpoint(), "--from", "2013-06-01", "--to", "2013-06-07"); r.status != exitOK {
		t.Fatal(r)
	}
	importedDB := filepath.Join(t.TempDir(), "imported.db")
	if r := chronicle("import", "--db", importedDB, "testdata/dump.xml"); r.status != exitOK {
		t.Fatal(r)
	}
	a := chronicle("export", "--db", synced)
	b := chronicle("export", "--db", importedDB)
	if a.stdout == "" || a.stdout != b.stdout {
		t.Errorf("export after sync differs from export after import:\n%s\n---\n%s", a.stdout, b.stdout)
	}
	assertSameDays(t, synced, importedDB)
}

// assertSameDays compares the stored days (revision, hash, events) of two databases.
func assertSameDays(t *testing.T, dbA, dbB string) {
	t.Helper()
	days := func(db string) []store.DayInfo {
		st, err := store.Open(db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		d, err := st.Days(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	a, b := days(dbA), days(dbB)
	if len(a) != len(b) {
		t.Fatalf("%d days against %d", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("day %d: %+v against %+v", i, a[i], b[i])
		}
	}
}

func TestSyncUsageErrors(t *testing.T) {
	tomorrow := event.NewDate(time.Now().UTC().AddDate(0, 0, 1)).String()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--all", "--recent", "3"}, "give one of"},
		{[]string{"--to", "2013-06-01"}, "--to needs --from"},
		{[]string{"--from", "2013-06-02", "--to", "2013-06-01"}, "--to 2013-06-01 is before --from 2013-06-02"},
		{[]string{"--from", "June 1"}, "--from: date"},
		{[]string{"--from", ""}, "--from: empty"},
		{[]string{"--from", "1990-01-01"}, "--from 1990-01-01: the portal starts on 2002-01-01"},
		{[]string{"--from", "2001-12-31", "--to", "2002-01-10"}, "--from 2001-12-31: the portal starts on 2002-01-01"},
		{[]string{"--from", "2099-01-01"}, "--from 2099-01-01 is after today ("},
		{[]string{"--from", tomorrow}, "--from " + tomorrow + " is after today ("},
		{[]string{"--from", "2013-06-01", "--to", "2099-01-01"}, "--to 2099-01-01 is after today ("},
		{[]string{"--recent", "0"}, "--recent 0: want at least 1 day"},
		{[]string{"--recent", "1000000"}, "--recent 1000000: the portal has "},
		{[]string{"--recent", "10000000"}, "--recent 10000000: the portal has "},
		{[]string{"--user-agent", "a\nb"}, `--user-agent "a\nb": not a valid HTTP header value`},
		{[]string{"--user-agent", ""}, "--user-agent: empty"},
		{[]string{"--user-agent", "  "}, "--user-agent: empty"},
		{[]string{"--retries", "-1"}, "--retries -1: want 0 or more"},
		{[]string{"--timeout", "-1s"}, "--timeout -1s: want a positive duration"},
		{[]string{"--timeout", "0s"}, "--timeout 0s: want a positive duration"},
		{[]string{"--api", "ftp://example.org/api.php"}, "API URL"},
		{[]string{"extra"}, "unexpected argument"},
	} {
		db := filepath.Join(t.TempDir(), "chronicle.db")
		r := chronicle(append([]string{"sync", "--db", db}, tt.args...)...)
		if r.status != exitUsage || !strings.Contains(r.stderr, "chronicle: sync: "+tt.want) {
			t.Errorf("%q: %s\nwant exit 2 and %q", tt.args, r, tt.want)
		}
		if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%q: a usage error created %s", tt.args, db)
		}
	}
}

// TestSyncDays: the bounds of the days asked are the portal's first day
// and today (UTC), both allowed.
func TestSyncDays(t *testing.T) {
	now := time.Date(2026, time.December, 4, 23, 59, 0, 0, time.UTC)
	days := int(now.Sub(mediawiki.FirstDay.Time()).Hours()/24) + 1
	tests := []struct {
		args        []string
		first, last string
	}{
		{nil, "2026-11-28", "2026-12-04"},
		{[]string{"--recent", "1"}, "2026-12-04", "2026-12-04"},
		{[]string{"--recent", fmt.Sprint(days)}, "2002-01-01", "2026-12-04"},
		{[]string{"--all"}, "2002-01-01", "2026-12-04"},
		{[]string{"--from", "2002-01-01"}, "2002-01-01", "2026-12-04"},
		{[]string{"--from", "2026-12-04", "--to", "2026-12-04"}, "2026-12-04", "2026-12-04"},
	}
	for _, tt := range tests {
		fs := newFlagSet("sync")
		f := newSyncFlags(fs)
		if _, err := parse(fs, tt.args); err != nil {
			t.Fatal(err)
		}
		first, last, err := f.days(fs, now)
		if err != nil || first.String() != tt.first || last.String() != tt.last {
			t.Errorf("%q: %s to %s (%v), want %s to %s", tt.args, first, last, err, tt.first, tt.last)
		}
	}
	fs := newFlagSet("sync")
	f := newSyncFlags(fs)
	if _, err := parse(fs, []string{"--recent", fmt.Sprint(days + 1)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.days(fs, now); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("the portal has %d days (since 2002-01-01): --all syncs them all", days)) {
		t.Errorf("--recent %d: %v", days+1, err)
	}
}

func TestSyncFailuresAreOneLine(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String() + "/w/api.php"
	l.Close()
	fake := newFakeWiki(t)
	fake.Fail(mwtest.HTMLPage, 1)
	tests := []struct{ api, want string }{
		{closed, "cannot reach the API"},
		{fake.Endpoint(), "not a MediaWiki API answer: an HTML page"},
	}
	for _, tt := range tests {
		db := filepath.Join(t.TempDir(), "chronicle.db")
		r := chronicle("sync", "--db", db, "--api", tt.api, "--retries", "0", "--recent", "3")
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if r.status != exitFailure || len(lines) != 1 || !strings.Contains(lines[0], tt.want) {
			t.Errorf("%s: %s", tt.api, r)
		}
		if !strings.Contains(r.stdout, "3 failed") {
			t.Errorf("summary %q", r.stdout)
		}
		if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: a sync that stored nothing left %s (%v)", tt.api, db, err)
		}
	}
}

// TestSyncKilledAndResumed starts a sync as a separate process, kills it
// with SIGKILL in the middle, checks that the database is consistent, and
// resumes: the days stored before the kill are not fetched again.
func TestSyncKilledAndResumed(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	const days = 500
	fake, first, last := fakeWikiOfDays(t, days)
	fake.Delay = 100 * time.Millisecond
	db := filepath.Join(t.TempDir(), "chronicle.db")
	args := []string{"sync", "--db", db, "--api", fake.Endpoint(), "--from", first.String(), "--to", last.String()}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "CHRONICLE_TEST_MAIN=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for fake.Stats().ContentRequests < 4 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the sync was not killed (%v): it ended first?\n%s", err, out.String())
	}
	stored := checkConsistent(t, db)
	if stored == 0 || stored >= days {
		t.Fatalf("%d days stored before the kill, want some but not all", stored)
	}
	if r := chronicle("check", "--db", db); r.status != exitOK {
		t.Errorf("check after the kill:\n%s", r)
	}
	fake.Delay = 0
	fake.ResetStats()
	r := chronicle(args...)
	if r.status != exitOK {
		t.Fatal(r)
	}
	if got := fake.Stats().ContentTitles; got != days-stored {
		t.Errorf("the resumed sync fetched %d days, want the %d not stored", got, days-stored)
	}
	if n := checkConsistent(t, db); n != days {
		t.Errorf("%d days after resuming, want %d", n, days)
	}
	// The same as a sync never killed.
	clean := filepath.Join(t.TempDir(), "clean.db")
	cleanArgs := slices.Clone(args)
	for i, a := range cleanArgs {
		if a == db {
			cleanArgs[i] = clean
		}
	}
	if r := chronicle(cleanArgs...); r.status != exitOK {
		t.Fatal(r)
	}
	got, want := chronicle("export", "--db", db), chronicle("export", "--db", clean)
	if got.status != exitOK || got.stdout != want.stdout {
		t.Errorf("export after a killed and resumed sync differs from a clean sync's (%d vs %d bytes)", len(got.stdout), len(want.stdout))
	}
}

// checkConsistent checks the database's integrity and that every stored day
// has the events its stored wikitext gives; it returns the days stored.
func checkConsistent(t *testing.T, db string) int {
	t.Helper()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	days, err := st.Days(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range days {
		if d.Events != 2 {
			t.Errorf("%s has %d events, want 2", d.Date, d.Events)
		}
	}
	return len(days)
}

// TestSyncStopsOnALongRetryAfter: a Retry-After longer than the client
// waits (mediawiki.DefaultMaxRetryAfter) stops the sync at once with an
// error that says so; what was stored stays.
func TestSyncStopsOnALongRetryAfter(t *testing.T) {
	fake, first, last := fakeWikiOfDays(t, 3)
	db := filepath.Join(t.TempDir(), "chronicle.db")
	args := []string{"sync", "--db", db, "--api", fake.Endpoint(), "--timeout", "3s", "--retries", "2", "--from", first.String(), "--to", last.String()}
	if r := chronicle(args...); r.status != exitOK {
		t.Fatal(r)
	}
	for _, fault := range []mwtest.Fault{mwtest.TooMany, mwtest.Overloaded, mwtest.Maxlag} {
		fake.RetryAfter = 3600
		fake.Fail(fault, 1)
		start := time.Now()
		r := chronicle(args...)
		if r.status != exitFailure || !strings.Contains(r.stderr, "the API asks to wait 1h0m0s before the next request (Retry-After); try again later") {
			t.Errorf("fault %d: %s", fault, r)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("fault %d: the sync waited %s", fault, d)
		}
		if n := checkConsistent(t, db); n != 3 {
			t.Errorf("fault %d: %d days stored, want the 3 stored before", fault, n)
		}
	}
}

// TestSyncSaysWhenItWaits: a wait before a retry is a line on stderr.
func TestSyncSaysWhenItWaits(t *testing.T) {
	fake, first, last := fakeWikiOfDays(t, 3)
	fake.Fail(mwtest.TooMany, 1)
	db := filepath.Join(t.TempDir(), "chronicle.db")
	r := chronicle("sync", "--db", db, "--api", fake.Endpoint(), "--from", first.String(), "--to", last.String())
	want := "chronicle: sync: mediawiki API " + fake.Endpoint() + ": HTTP 429 Too Many Requests: waiting 1s (Retry-After) before retry 1 of 6\n"
	if r.status != exitOK || r.stderr != want {
		t.Errorf("%s\nwant stderr %q", r, want)
	}
}

// TestSyncStopsWhenContinuationsLoop: an API that keeps asking to continue
// from the same point stops the sync after the repeat, not a thousand
// requests later.
func TestSyncStopsWhenContinuationsLoop(t *testing.T) {
	fake, first, last := fakeWikiOfDays(t, 3)
	fake.LoopContinue = 1
	db := filepath.Join(t.TempDir(), "chronicle.db")
	r := chronicle("sync", "--db", db, "--api", fake.Endpoint(), "--from", first.String(), "--to", last.String())
	if r.status != exitFailure || !strings.Contains(r.stderr, `query prop=revisions of "Portal:Current events/2012 January 1" and 2 more titles: the API asks again to continue from continue=||&rvcontinue=loop0: its answers loop`) {
		t.Error(r)
	}
	if n := fake.Stats().Requests; n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

// TestSyncRejectsABadRevision: a day whose revision the API gives with an
// impossible id is not stored, with a warning, and the sync is partial.
func TestSyncRejectsABadRevision(t *testing.T) {
	fake, first, last := fakeWikiOfDays(t, 3)
	db := filepath.Join(t.TempDir(), "chronicle.db")
	args := []string{"sync", "--db", db, "--api", fake.Endpoint(), "--from", first.String(), "--to", last.String()}
	if r := chronicle(args...); r.status != exitOK {
		t.Fatal(r)
	}
	second := event.NewDate(first.Time().AddDate(0, 0, 1))
	fake.Edit(mediawiki.DayTitle(second), syncDay(second, "A bad revision happens.", "Another thing happens."), "")
	fake.Tamper = func(title string, rev map[string]any) {
		if title == mediawiki.DayTitle(second) {
			rev["revid"] = int64(4611686018427387904)
		}
	}
	r := chronicle(args...)
	if r.status != exitPartial || !strings.Contains(r.stderr, "warning: Portal:Current events/2012 January 2: not stored: the API's revision is not valid: revision id 4611686018427387904") {
		t.Error(r)
	}
	if events := exportLines(t, "--db", db, "--from", second.String(), "--to", second.String()); len(events) != 2 || events[0].Headline != "Event 1 happens." {
		t.Errorf("%s events %+v, want those stored before", second, events)
	}
}

// TestSyncStoppedMidwayIsPartial: when the API fails for good after some
// days were stored, the sync is partial (exit 3, as README's table says),
// not a failure that stored nothing (exit 1).
func TestSyncStoppedMidwayIsPartial(t *testing.T) {
	fake, first, last := fakeWikiOfDays(t, 3*mediawiki.MaxTitles)
	var requests atomic.Int32
	target, err := url.Parse(fake.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	dying := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) > 1 {
			http.Error(w, "the API is gone", http.StatusInternalServerError)
			return
		}
		r.URL.Path = target.Path
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(dying.Close)
	db := filepath.Join(t.TempDir(), "chronicle.db")
	r := chronicle("sync", "--db", db, "--api", dying.URL+"/w/api.php", "--retries", "0", "--from", first.String(), "--to", last.String())
	if r.status != exitPartial || !strings.Contains(r.stderr, "partial sync") || !strings.Contains(r.stderr, "HTTP 500") {
		t.Errorf("%s\nwant exit %d, a partial sync that names the API's failure", r, exitPartial)
	}
	if n := checkConsistent(t, db); n == 0 || n >= 3*mediawiki.MaxTitles {
		t.Errorf("%d days stored, want some", n)
	}
}

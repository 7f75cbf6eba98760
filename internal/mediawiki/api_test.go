package mediawiki_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/mediawiki"
	"github.com/chronicle-archive/chronicle/internal/mediawiki/mwtest"
)

func newFake(t *testing.T) *mwtest.Server {
	t.Helper()
	f := mwtest.New()
	t.Cleanup(f.Close)
	return f
}

func newClient(t *testing.T, endpoint string, retries int) *mediawiki.Client {
	t.Helper()
	c, err := mediawiki.NewClient(endpoint, mediawiki.ClientOptions{
		UserAgent:      "ChronicleTest/1.0 (test@example.org)",
		Timeout:        300 * time.Millisecond,
		MaxRetries:     retries,
		InitialBackoff: 5 * time.Millisecond,
		MaxBackoff:     20 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRevisionsBatchesNormalisesAndRedirects(t *testing.T) {
	f := newFake(t)
	var titles []string
	for d := 1; d <= 30; d++ {
		title := fmt.Sprintf("Portal:Current events/2013 June %d", d)
		titles = append(titles, title)
		if d != 17 {
			f.Edit(title, fmt.Sprintf("*Day %d happened.", d), "day "+fmt.Sprint(d))
		}
	}
	f.Edit("Portal:Current events/June 2003", "month", "")
	f.Redirect("Current events/June 2003", "Portal:Current events/June 2003")
	for i := range 60 { // more titles than one request may name
		titles = append(titles, fmt.Sprintf("Portal:Current events/2014 May %d", i))
	}
	titles = append(titles, "portal:current_events/2013_June_6", "Current events/June 2003")
	c := newClient(t, f.Endpoint(), 0)
	got, err := c.Revisions(context.Background(), titles, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(titles) {
		t.Fatalf("%d answers for %d titles", len(got), len(titles))
	}
	st := f.Stats()
	if st.Requests != 2 || st.MaxTitles != 50 {
		t.Errorf("requests %d, most titles a request %d; want 2 and 50", st.Requests, st.MaxTitles)
	}
	if st.Gzipped != 2 {
		t.Errorf("%d gzipped answers, want 2", st.Gzipped)
	}
	if st.UserAgent != "ChronicleTest/1.0 (test@example.org)" {
		t.Errorf("User-Agent %q", st.UserAgent)
	}
	if g := got[5]; g.Title != "Portal:Current events/2013 June 6" || g.Missing || g.Revision.Text != "*Day 6 happened." || g.Revision.Comment != "day 6" || g.Revision.SHA1 != mediawiki.TextSHA1(g.Revision.Text) {
		t.Errorf("June 6: %+v", g)
	}
	if g := got[16]; !g.Missing || g.Revision.ID != 0 {
		t.Errorf("June 17 should be missing: %+v", g)
	}
	if g := got[len(got)-2]; g.Title != "Portal:Current events/2013 June 6" || g.Revision.ID != got[5].Revision.ID || g.Redirected {
		t.Errorf("normalised title: %+v", g)
	}
	if g := got[len(got)-1]; g.Title != "Portal:Current events/June 2003" || !g.Redirected || g.Revision.Text != "month" {
		t.Errorf("redirect: %+v", g)
	}
}

func TestRevisionsWithoutContent(t *testing.T) {
	f := newFake(t)
	rev := f.Edit("Portal:Current events/2013 June 6", "*A thing.", "fix")
	c := newClient(t, f.Endpoint(), 0)
	got, err := c.Revisions(context.Background(), []string{"Portal:Current events/2013 June 6"}, false)
	if err != nil {
		t.Fatal(err)
	}
	r := got[0].Revision
	if r.ID != rev.ID || r.HasText || r.Text != "" || r.SHA1 != rev.SHA1 || !r.Timestamp.Equal(rev.Timestamp) {
		t.Errorf("got %+v, want the ids of %+v without text", r, rev)
	}
	if f.Stats().ContentRequests != 0 {
		t.Error("the cheap query asked for content")
	}
}

// TestRevisionsFlagsBadMetadata: a revision whose id, timestamp or hash
// cannot be a real one is answered with BadRevision naming the field.
func TestRevisionsFlagsBadMetadata(t *testing.T) {
	tests := []struct {
		field string
		value any
		want  string // empty: valid
	}{
		{"revid", -5, "revision id -5: want a positive id"},
		{"revid", 0, "revision id 0: want a positive id"},
		{"revid", int64(4611686018427387904), "revision id 4611686018427387904: more than any wiki has (1099511627776)"},
		{"revid", int64(1) << 40, ""},
		{"timestamp", "not-a-time", `timestamp "not-a-time": not an ISO 8601 time`},
		{"timestamp", "", `timestamp "": not an ISO 8601 time`},
		{"timestamp", nil, `timestamp "": not an ISO 8601 time`},
		{"timestamp", "0001-01-01T00:00:00Z", `timestamp "0001-01-01T00:00:00Z": before 2001, when Wikipedia began`},
		{"sha1", "zz", `sha1 "zz": want 40 hex digits`},
		{"sha1", strings.Repeat("g", 40), `sha1 "gggggggggggggggggggggggggggggggggggggggg": want 40 hex digits`},
		{"sha1", strings.Repeat("AB", 20), ""},
	}
	for _, content := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s=%v,content=%v", tt.field, tt.value, content), func(t *testing.T) {
				f := newFake(t)
				f.Edit("Portal:Current events/2013 June 6", "*A thing.", "")
				f.Tamper = func(_ string, rev map[string]any) {
					if tt.value == nil {
						delete(rev, tt.field)
					} else {
						rev[tt.field] = tt.value
					}
				}
				got, err := newClient(t, f.Endpoint(), 0).Revisions(context.Background(), []string{"Portal:Current events/2013 June 6"}, content)
				if err != nil {
					t.Fatal(err)
				}
				if got[0].BadRevision != tt.want {
					t.Errorf("BadRevision %q, want %q", got[0].BadRevision, tt.want)
				}
			})
		}
	}
}

func TestRevisionsContinuation(t *testing.T) {
	f := newFake(t)
	f.MaxContentBytes = 100
	var titles []string
	for d := 1; d <= 5; d++ {
		title := fmt.Sprintf("Portal:Current events/2013 June %d", d)
		titles = append(titles, title)
		f.Edit(title, strings.Repeat("x", 60)+fmt.Sprint(d), "")
	}
	got, err := newClient(t, f.Endpoint(), 0).Revisions(context.Background(), titles, true)
	if err != nil {
		t.Fatal(err)
	}
	for i, g := range got {
		if !strings.HasSuffix(g.Revision.Text, fmt.Sprint(i+1)) {
			t.Errorf("%s: text %q", g.Title, g.Revision.Text)
		}
	}
	if n := f.Stats().Requests; n != 5 {
		t.Errorf("%d requests, want 5 (one page of content each)", n)
	}
}

// TestRepeatedContinuationStops: an API whose continuation comes back (the
// same token again, or a cycle of them) would be asked for ever; the query
// stops at the first repeat with an error naming it.
func TestRepeatedContinuationStops(t *testing.T) {
	for _, cycle := range []int{1, 3} {
		t.Run(fmt.Sprint(cycle), func(t *testing.T) {
			f := newFake(t)
			f.LoopContinue = cycle
			f.Edit("Portal:Current events/2013 June 6", "*A thing.", "")
			titles := []string{"Portal:Current events/2013 June 6", "Portal:Current events/2013 June 7", "Portal:Current events/2013 June 8"}
			_, err := newClient(t, f.Endpoint(), 0).Revisions(context.Background(), titles, true)
			want := `query prop=revisions of "Portal:Current events/2013 June 6" and 2 more titles: the API asks again to continue from continue=||&rvcontinue=loop0: its answers loop`
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("error %v, want one with %q", err, want)
			}
			if n := f.Stats().Requests; n != cycle+1 {
				t.Errorf("%d requests, want %d", n, cycle+1)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	f := newFake(t)
	f.SetWikidata("South Korea", "Q884")
	f.Redirect("Republic of Korea", "South Korea")
	f.Redirect("South Korean", "South Korea")
	f.SetWikidata("Syrian civil war", "Q174240")
	f.Redirect("Syrian Civil War", "Syrian civil war")
	titles := []string{"Republic of Korea", "South_Korean", "south Korea", "Syrian Civil War", "No such article"}
	for i := range 55 {
		titles = append(titles, fmt.Sprintf("Filler %d", i))
	}
	got, err := newClient(t, f.Endpoint(), 0).Resolve(context.Background(), titles)
	if err != nil {
		t.Fatal(err)
	}
	want := []mediawiki.Resolution{
		{Requested: "Republic of Korea", Title: "South Korea", Redirected: true, WikidataID: "Q884"},
		{Requested: "South_Korean", Title: "South Korea", Redirected: true, WikidataID: "Q884"},
		{Requested: "south Korea", Title: "South Korea", WikidataID: "Q884"},
		{Requested: "Syrian Civil War", Title: "Syrian civil war", Redirected: true, WikidataID: "Q174240"},
		{Requested: "No such article", Title: "No such article", Missing: true},
	}
	for i, w := range want {
		if got[i] != w {
			t.Errorf("%d: got %+v, want %+v", i, got[i], w)
		}
	}
	if len(got) != len(titles) || f.Stats().Requests != 2 {
		t.Errorf("%d answers in %d requests", len(got), f.Stats().Requests)
	}
}

// TestFaults makes the fake fail the first requests in each way and checks
// that the client retries the transient failures and names the others.
func TestFaults(t *testing.T) {
	tests := []struct {
		fault    mwtest.Fault
		times    int
		retries  int
		minWait  time.Duration
		wantErr  string // empty: the request succeeds after retrying
		requests int
	}{
		{fault: mwtest.Maxlag, times: 1, retries: 3, minWait: time.Second, requests: 2},
		{fault: mwtest.TooMany, times: 1, retries: 3, minWait: time.Second, requests: 2},
		{fault: mwtest.Unavailable, times: 2, retries: 3, requests: 3},
		{fault: mwtest.Slow, times: 1, retries: 3, requests: 2},
		{fault: mwtest.Truncated, times: 2, retries: 3, requests: 3},
		{fault: mwtest.Garbled, times: 1, retries: 3, requests: 2},
		{fault: mwtest.Unavailable, times: 5, retries: 2, requests: 3, wantErr: `HTTP 503 Service Unavailable with an HTML page ("Wikimedia Error")`},
		{fault: mwtest.Slow, times: 5, retries: 1, requests: 2, wantErr: "answer within 300ms"},
		{fault: mwtest.Truncated, times: 5, retries: 1, requests: 2, wantErr: "truncated answer ("},
		{fault: mwtest.HTMLPage, times: 1, retries: 3, requests: 1, wantErr: `not a MediaWiki API answer: an HTML page ("Wikipedia, the free encyclopedia") instead of JSON`},
		{fault: mwtest.NotMediaWiki, times: 1, retries: 3, requests: 1, wantErr: `not a MediaWiki API answer: JSON without "query"`},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d×%d", tt.fault, tt.times), func(t *testing.T) {
			f := newFake(t)
			f.SlowDelay = 2 * time.Second
			f.Edit("Portal:Current events/2013 June 6", "*A thing.", "")
			f.Fail(tt.fault, tt.times)
			c := newClient(t, f.Endpoint(), tt.retries)
			start := time.Now()
			got, err := c.Revisions(context.Background(), []string{"Portal:Current events/2013 June 6"}, true)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("error %v", err)
			case tt.wantErr == "" && got[0].Revision.Text != "*A thing.":
				t.Errorf("got %+v", got[0])
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error %v, want one with %q", err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "\n") {
				t.Errorf("error of more than one line: %q", err)
			}
			if n := f.Stats().Requests; n != tt.requests {
				t.Errorf("%d requests, want %d", n, tt.requests)
			}
			if d := time.Since(start); d < tt.minWait {
				t.Errorf("answered after %s: Retry-After %s not honoured", d, tt.minWait)
			}
			if c := f.Stats().Concurrent; c != 1 {
				t.Errorf("%d requests at once", c)
			}
		})
	}
}

// TestLongRetryAfterStops: a Retry-After longer than the client's
// MaxRetryAfter is not slept through: the request ends at once with an
// error that says how long the API asks to wait.
func TestLongRetryAfterStops(t *testing.T) {
	tests := []struct {
		fault   mwtest.Fault
		seconds int64
		want    string
	}{
		{mwtest.TooMany, 3600, "HTTP 429 Too Many Requests: the API asks to wait 1h0m0s before the next request (Retry-After); try again later"},
		{mwtest.Overloaded, 3600, "HTTP 503 Service Unavailable: the API asks to wait 1h0m0s before the next request (Retry-After); try again later"},
		{mwtest.Maxlag, 3600, "API error maxlag: Waiting for 10.64.16.8: 7 seconds lagged.: the API asks to wait 1h0m0s"},
		{mwtest.TooMany, 99999999999, "the API asks to wait 2562047h47m16s before the next request"},
		{mwtest.TooMany, 61, "the API asks to wait 1m1s before the next request"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d×%ds", tt.fault, tt.seconds), func(t *testing.T) {
			f := newFake(t)
			f.RetryAfter = tt.seconds
			f.Fail(tt.fault, 1)
			c, err := mediawiki.NewClient(f.Endpoint(), mediawiki.ClientOptions{Timeout: 3 * time.Second, MaxRetries: 2})
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			_, err = c.Revisions(context.Background(), []string{"X"}, false)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, mediawiki.ErrRetryLater) {
				t.Errorf("error %v, want one with %q", err, tt.want)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("gave up after %s", d)
			}
			if n := f.Stats().Requests; n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

// TestRetriesAreLogged: each wait before a retry is told to Log, with its
// cause and length.
func TestRetriesAreLogged(t *testing.T) {
	f := newFake(t)
	f.Fail(mwtest.TooMany, 1)
	f.Fail(mwtest.Unavailable, 1)
	var lines []string
	c, err := mediawiki.NewClient(f.Endpoint(), mediawiki.ClientOptions{
		MaxRetries: 3, InitialBackoff: 10 * time.Millisecond, MaxBackoff: 10 * time.Millisecond,
		Log: func(line string) { lines = append(lines, line) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Revisions(context.Background(), []string{"X"}, false); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"mediawiki API " + f.Endpoint() + ": HTTP 429 Too Many Requests: waiting 1s (Retry-After) before retry 1 of 3",
		"mediawiki API " + f.Endpoint() + `: HTTP 503 Service Unavailable with an HTML page ("Wikimedia Error"): waiting `,
	}
	if len(lines) != 2 || lines[0] != want[0] || !strings.HasPrefix(lines[1], want[1]) || !strings.HasSuffix(lines[1], "before retry 2 of 3") {
		t.Errorf("logged %q\nwant %q", lines, want)
	}
}

func TestAPIErrorIsPermanent(t *testing.T) {
	f := newFake(t)
	f.Fail(mwtest.InternalError, 1)
	_, err := newClient(t, f.Endpoint(), 3).Resolve(context.Background(), []string{"X"})
	var apiErr *mediawiki.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "internal_api_error_DBQueryError" {
		t.Errorf("error %v, want the API's error object", err)
	}
	if n := f.Stats().Requests; n != 1 {
		t.Errorf("%d requests: an API error was retried", n)
	}
}

func TestUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	c := newClient(t, "http://"+addr+"/w/api.php", 2)
	_, err = c.Revisions(context.Background(), []string{"X"}, false)
	if !errors.Is(err, mediawiki.ErrUnreachable) || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("error %v", err)
	}
	if c.Requests() != 3 {
		t.Errorf("%d attempts, want 3", c.Requests())
	}
}

func TestNewClientRejectsBadURL(t *testing.T) {
	for _, u := range []string{"", "ftp://x/api.php", "en.wikipedia.org/w/api.php", "http://x/w/api.php?action=query"} {
		if _, err := mediawiki.NewClient(u, mediawiki.ClientOptions{}); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
}

// A User-Agent that cannot be sent is refused when the client is made, not
// at its first request.
func TestNewClientRejectsBadUserAgent(t *testing.T) {
	for _, ua := range []string{"a\nb", "Chronicle\r\nX-Evil: 1", "nul\x00"} {
		_, err := mediawiki.NewClient("https://en.wikipedia.org/w/api.php", mediawiki.ClientOptions{UserAgent: ua})
		if err == nil || !strings.Contains(err.Error(), "not a valid HTTP header value") {
			t.Errorf("%q: %v", ua, err)
		}
	}
}

func TestDefaultUserAgent(t *testing.T) {
	ua := mediawiki.DefaultUserAgent("1.2.3")
	if !strings.HasPrefix(ua, "Chronicle/1.2.3 (") || !strings.Contains(ua, mediawiki.ProjectURL) {
		t.Errorf("%q", ua)
	}
}

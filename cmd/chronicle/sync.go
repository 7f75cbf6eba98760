package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/ingest"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
	"github.com/chronicle-archive/chronicle/internal/store"
	"github.com/chronicle-archive/chronicle/internal/wikisync"
	"golang.org/x/net/http/httpguts"
)

// defaultAPI is the English Wikipedia's Action API, home of the portal.
const defaultAPI = "https://en.wikipedia.org/w/api.php"

var syncCommand = &command{
	name:    "sync",
	summary: "fetch the portal's day pages from Wikipedia's API, only those that changed",
	usage:   "chronicle sync [--db FILE] [--api URL] [--user-agent UA] (--from DATE --to DATE | --recent N | --all)",
	help: `Fetch the Current Events Portal's day pages from a MediaWiki API into the
database (created when missing): the days from --from to --to, or the last
--recent days (default: 7, the days editors still change), or --all days
since January 2002. Only the days whose revision the database does not
hold are fetched: the revision ids are asked first, 50 days a request.
Before 2005 a day with no page of its own is read from its month's page.
Every revision seen is kept (see chronicle history); a day with no page
is recorded as missing, not as an error.

The API is asked one request at a time, with maxlag=5 and a User-Agent
naming Chronicle; busy or failing servers are retried with backoff, each
wait told on stderr, and a server asking to wait more than a minute
(Retry-After) stops the sync. The exit status is 0 only when every day was
synced or found missing. An interrupted sync keeps what it stored and the
next one goes on from there.

Example:
  chronicle sync --from 2013-06-01 --to 2013-06-30
  chronicle sync --api http://127.0.0.1:8080/w/api.php --all`,
	setup: setupSync,
}

type syncFlags struct {
	db, api, userAgent, from, to string
	recent, retries              int
	all                          bool
	timeout                      time.Duration
}

func setupSync(fs *flag.FlagSet) runFunc {
	f := newSyncFlags(fs)
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		first, last, err := f.days(fs, time.Now().UTC())
		if err != nil {
			return err
		}
		return runSync(ctx, f, first, last, stdout, stderr)
	}
}

// newSyncFlags adds sync's flags to fs.
func newSyncFlags(fs *flag.FlagSet) *syncFlags {
	f := &syncFlags{}
	fs.StringVar(&f.db, "db", defaultDB, "the database `FILE`")
	fs.StringVar(&f.api, "api", defaultAPI, "the `URL` of the wiki's api.php")
	fs.StringVar(&f.userAgent, "user-agent", mediawiki.DefaultUserAgent(version()), "the User-Agent `UA` sent: name your program and a contact")
	fs.StringVar(&f.from, "from", "", "the first `DATE` to sync, YYYY-MM-DD")
	fs.StringVar(&f.to, "to", "", "the last `DATE` to sync, YYYY-MM-DD (default: today)")
	fs.IntVar(&f.recent, "recent", 7, "sync the last `N` days, today included")
	fs.BoolVar(&f.all, "all", false, "sync every day since January 2002")
	fs.DurationVar(&f.timeout, "timeout", mediawiki.DefaultTimeout, "give up a request after `DURATION` (and retry it)")
	fs.IntVar(&f.retries, "retries", mediawiki.DefaultMaxRetries, "retry a failed request up to `N` times")
	return f
}

// days checks the flags and returns the days to sync from those that were
// set: days of the portal, from mediawiki.FirstDay to today (UTC).
func (f *syncFlags) days(fs *flag.FlagSet, now time.Time) (first, last event.Date, err error) {
	if err := f.checkClient(); err != nil {
		return first, last, err
	}
	set := givenFlags(fs)
	today := event.NewDate(now)
	modes := 0
	for _, m := range []bool{set["from"] || set["to"], set["recent"], f.all} {
		if m {
			modes++
		}
	}
	switch {
	case modes > 1:
		return first, last, usagef("give one of --from/--to, --recent and --all")
	case f.all:
		return mediawiki.FirstDay, today, nil
	case set["to"] && !set["from"]:
		return first, last, usagef("--to needs --from")
	case set["from"]:
		if first, err = portalDay("--from", f.from, today); err != nil {
			return first, last, err
		}
		last = today
		if set["to"] {
			if last, err = portalDay("--to", f.to, today); err != nil {
				return first, last, err
			}
		}
		if last.Before(first) {
			return first, last, usagef("--to %s is before --from %s", last, first)
		}
		return first, last, nil
	}
	if err := checkRecent(f.recent, today); err != nil {
		return first, last, err
	}
	first, last = wikisync.RecentDays(now, f.recent)
	return first, last, nil
}

// portalDay reads the date of flag name: a day of the portal, from its
// first day to today. (import takes any date: only the API has bounds.)
func portalDay(name, value string, today event.Date) (event.Date, error) {
	if value == "" {
		return event.Date{}, usagef("%s: empty: want YYYY-MM-DD", name)
	}
	d, err := flagDate(name, value)
	switch {
	case err != nil:
		return d, err
	case d.Before(mediawiki.FirstDay):
		return d, usagef("%s %s: the portal starts on %s", name, d, mediawiki.FirstDay)
	case today.Before(d):
		return d, usagef("%s %s is after today (%s, UTC): the portal has no page for it yet", name, d, today)
	}
	return d, nil
}

// checkRecent checks --recent n: at least 1 day, at most the days of the
// portal up to today.
func checkRecent(n int, today event.Date) error {
	days := int(today.Time().Sub(mediawiki.FirstDay.Time()).Hours()/24) + 1
	switch {
	case n < 1:
		return usagef("--recent %d: want at least 1 day", n)
	case n > days:
		return usagef("--recent %d: the portal has %d days (since %s): --all syncs them all", n, days, mediawiki.FirstDay)
	}
	return nil
}

// checkClient checks the flags of the API client.
func (f *syncFlags) checkClient() error {
	switch {
	case f.timeout <= 0:
		return usagef("--timeout %s: want a positive duration such as 60s", f.timeout)
	case f.retries < 0:
		return usagef("--retries %d: want 0 or more", f.retries)
	}
	return checkUserAgent(f.userAgent)
}

// checkUserAgent checks --user-agent: not empty, and a valid header value.
func checkUserAgent(ua string) error {
	switch {
	case strings.TrimSpace(ua) == "":
		return usagef("--user-agent: empty: name your program and a contact, as Wikimedia's policy asks")
	case !httpguts.ValidHeaderFieldValue(ua):
		return usagef("--user-agent %q: not a valid HTTP header value (no newlines or control characters)", ua)
	}
	return nil
}

func runSync(ctx context.Context, f *syncFlags, first, last event.Date, stdout, stderr io.Writer) error {
	client, err := newAPIClient(f.api, f.userAgent, f.timeout, f.retries, func(line string) {
		fmt.Fprintf(stderr, "chronicle: sync: %s\n", ingest.Printable(line))
	})
	if err != nil {
		return err
	}
	opts := wikisync.Options{Warnings: stderr}
	if isTerminal(stderr) {
		opts.Progress = stderr
	}
	var sum wikisync.Summary
	err = fillDatabase(f.db, false, func(st *store.Store) (bool, error) {
		var err error
		sum, err = wikisync.Sync(ctx, st, client, first, last, opts)
		fmt.Fprintln(stdout, sum)
		return sum.Changed > 0, err
	})
	switch {
	case err != nil && sum.Changed > 0:
		return partialError{fmt.Errorf("partial sync: %d of %d days stored before it stopped: %w; run it again", sum.Changed, sum.Days, err)}
	case err != nil:
		return err
	case sum.Failed > 0 && sum.Failed < sum.Days:
		return partialError{fmt.Errorf("partial sync: %d of %d days could not be synced; the others are stored: run it again", sum.Failed, sum.Days)}
	case sum.Failed > 0:
		return fmt.Errorf("none of the %d days could be synced", sum.Days)
	}
	return nil
}

// newAPIClient is the client of the wiki's API at api; retries 0 means
// none. log is told of each wait before a retry.
func newAPIClient(api, userAgent string, timeout time.Duration, retries int, log func(string)) (*mediawiki.Client, error) {
	if retries == 0 {
		retries = -1 // none; 0 would mean the client's default
	}
	client, err := mediawiki.NewClient(api, mediawiki.ClientOptions{UserAgent: userAgent, Timeout: timeout, MaxRetries: retries, Log: log})
	if err != nil {
		return nil, usageError{err}
	}
	return client, nil
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/chronicle-archive/chronicle/internal/derive"
	"github.com/chronicle-archive/chronicle/internal/enrich"
	"github.com/chronicle-archive/chronicle/internal/enrich/fetcher"
	"github.com/chronicle-archive/chronicle/internal/enrich/wayback"
	"github.com/chronicle-archive/chronicle/internal/store"
	"github.com/schollz/progressbar/v3"
)

var enrichCommand = &command{
	name:    "enrich",
	summary: "fetch the summaries and cover images of events from their sources",
	usage: "chronicle enrich [--db FILE] [--from DATE] [--to DATE] [--limit N] [--retry-failed] [--allow-private]\n" +
		"                        [--user-agent UA] [--rate R] [--hosts N] [--wayback-api URL]",
	help: `Visit the sources of the events not enriched yet (an event's first source
first, the others only while it lacks a summary or a cover image) and keep
what each page says of itself: title, summary, cover image, site name,
author, publication time. A source that is gone (404, 410, unknown host,
redirected to its home page) is read from the Wayback Machine's copy
closest to the event's day, and that copy's address is kept.

The run is polite: robots.txt is honoured, each host gets at most --rate
requests a second, one at a time, --hosts hosts are visited at once, and a
429's Retry-After is obeyed. Only public addresses on ports 80 and 443 are
fetched, unless --allow-private (for tests and local mirrors).

Every result is stored as it comes: a run that is stopped resumes where it
was. Failures (timeouts, 5xx, 429, and a dead source whose archive lookup
got no clean answer) are retried by later runs, with a backoff from one
hour doubling to 30 days; --retry-failed also visits again the events that
lack a summary or an image because of such a failure.

Example:
  chronicle enrich --db chronicle.db --from 2013-06-01 --to 2013-06-30`,
	setup: setupEnrich,
}

// enrichConfig is a parsed enrich command line.
type enrichConfig struct {
	db          string
	pending     store.PendingOptions
	options     enrich.Options
	progressOut io.Writer // nil: no progress bar
}

func setupEnrich(fs *flag.FlagSet) runFunc {
	db := dbFlag(fs)
	from := fs.String("from", "", "the first `DATE` whose events are enriched, YYYY-MM-DD (default: the first day)")
	to := fs.String("to", "", "the last `DATE` whose events are enriched, YYYY-MM-DD (default: the last day)")
	limit := fs.Int("limit", 0, "enrich at most `N` events (default: all)")
	retry := fs.Bool("retry-failed", false, "also visit again the events whose sources failed and are due for retry")
	allowPrivate := fs.Bool("allow-private", false, "allow loopback and private addresses and any port (for tests and local mirrors)")
	ua := fs.String("user-agent", fetcher.DefaultUserAgent, "the User-Agent `UA` sent, whose first word robots.txt rules are matched against")
	rate := fs.Float64("rate", 1, "at most `R` requests a second to each host; 0 for no limit")
	hosts := fs.Int("hosts", enrich.DefaultHosts, "visit at most `N` hosts at once")
	api := fs.String("wayback-api", wayback.DefaultAPI, "the Wayback Machine availability API's `URL`")
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		c := enrichConfig{db: *db}
		var err error
		if c.pending.From, err = flagDate("--from", *from); err != nil {
			return err
		}
		if c.pending.To, err = flagDate("--to", *to); err != nil {
			return err
		}
		switch {
		case !c.pending.From.IsZero() && !c.pending.To.IsZero() && c.pending.To.Before(c.pending.From):
			return usagef("--to %s is before --from %s", c.pending.To, c.pending.From)
		case *limit < 0:
			return usagef("--limit %d: want 0 (all) or more", *limit)
		case *hosts < 1:
			return usagef("--hosts %d: want 1 or more", *hosts)
		case *ua == "":
			return usagef("--user-agent: empty")
		}
		if err := wayback.CheckAPI(*api); err != nil {
			return usagef("--wayback-api %v", err)
		}
		interval, err := rateInterval(*rate)
		if err != nil {
			return err
		}
		c.pending.Limit, c.pending.RetryFailed = *limit, *retry
		c.options = enrich.Options{
			Fetcher:    fetcher.Config{UserAgent: *ua, AllowPrivate: *allowPrivate, AllowAnyPort: *allowPrivate},
			Interval:   interval,
			Hosts:      *hosts,
			WaybackAPI: *api,
		}
		if isTerminal(stderr) {
			c.progressOut = stderr
		}
		return runEnrich(ctx, c, stdout)
	}
}

// rateInterval turns --rate, requests a second to each host, into the
// least time between two of them; 0 for no limit. NaN, infinities,
// negative rates and rates so low that the interval is past
// time.Duration's range are refused.
func rateInterval(rate float64) (time.Duration, error) {
	switch {
	case math.IsNaN(rate), math.IsInf(rate, 0), rate < 0:
		return 0, usagef("--rate %g: want a number, 0 (no limit) or more", rate)
	case rate == 0:
		return 0, nil
	}
	interval := float64(time.Second) / rate
	if interval >= math.MaxInt64 {
		return 0, usagef("--rate %g: too low, the time between two requests would pass %v", rate, time.Duration(math.MaxInt64))
	}
	return time.Duration(interval), nil
}

func runEnrich(ctx context.Context, c enrichConfig, stdout io.Writer) error {
	st, err := openStore(c.db)
	if err != nil {
		return err
	}
	c.pending.Now = time.Now()
	pending, err := st.PendingEnrichment(ctx, c.pending)
	if err != nil || len(pending) == 0 {
		if err == nil {
			fmt.Fprintln(stdout, "nothing to enrich")
		}
		return errors.Join(err, st.Close())
	}
	total, jobs := len(pending), engineJobs(pending)
	pending = nil // the jobs hold what the run needs; let the rest go
	bar := newEnrichBar(c.progressOut, total)
	c.options.Progress = bar.update
	w := &enrichWriter{store: st}
	start := time.Now()
	p, runErr := enrich.New(c.options).Run(ctx, jobs, w.add)
	// What finished before an interrupt is kept, so that the next run resumes.
	flushErr := w.flush(context.WithoutCancel(ctx))
	if flushErr == nil && w.summaries > 0 {
		// The new summaries are searchable at once.
		_, flushErr = derive.UpdateSearch(context.WithoutCancel(ctx), st, false)
	}
	bar.finish()
	fmt.Fprintf(stdout, "enriched %d of %d events (%d with a summary, %d with a cover image) · %d sources fetched: %d dead (%d archived), %d blocked, %d failed · %s\n",
		p.Done, total, w.summaries, w.covers, p.Fetched, p.Dead, p.Archived, p.Blocked, p.Failed,
		time.Since(start).Round(time.Millisecond))
	return errors.Join(runErr, flushErr, st.Close())
}

// engineJobs turns the store's pending events into the engine's jobs.
func engineJobs(pending []store.EnrichJob) []enrich.Job {
	jobs := make([]enrich.Job, len(pending))
	for i, p := range pending {
		j := enrich.Job{EventID: p.EventID, Date: time.Date(p.Date.Year, p.Date.Month, p.Date.Day, 0, 0, 0, 0, time.UTC),
			Sources: make([]enrich.Source, len(p.Sources))}
		for k, s := range p.Sources {
			j.Sources[k] = enrich.Source{ID: s.ID, URL: s.URL, State: enrich.Kind(s.State),
				Description: s.Description, Image: s.Image, ETag: s.ETag, LastModified: s.LastModified, Refetch: s.Due}
		}
		jobs[i] = j
	}
	return jobs
}

// enrichWriter stores the engine's results in batches, one transaction
// each, so that a run costs few commits and loses at most a batch when the
// process is killed.
type enrichWriter struct {
	store             *store.Store
	batch             []store.EventEnrichment
	last              time.Time
	summaries, covers int
}

// Batches are written when this many results wait, or this long after the
// last write.
const (
	enrichBatch = 200
	enrichEvery = 2 * time.Second
)

func (w *enrichWriter) add(r enrich.Result) error {
	w.batch = append(w.batch, storeResult(r))
	if r.Summary != "" {
		w.summaries++
	}
	if r.Cover != "" {
		w.covers++
	}
	if len(w.batch) >= enrichBatch || time.Since(w.last) >= enrichEvery {
		return w.flush(context.Background())
	}
	return nil
}

func (w *enrichWriter) flush(ctx context.Context) error {
	w.last = time.Now()
	if len(w.batch) == 0 {
		return nil
	}
	err := w.store.RecordEnrichment(ctx, w.batch, time.Now())
	w.batch = w.batch[:0]
	return err
}

// storeResult turns an engine result into what the store records.
func storeResult(r enrich.Result) store.EventEnrichment {
	out := store.EventEnrichment{EventID: r.EventID, Summary: r.Summary, CoverImage: r.Cover,
		SummarySource: r.SummarySource, CoverSource: r.CoverSource}
	for _, s := range r.Sources {
		if s.Shared {
			continue // recorded with the visit it shares
		}
		v := store.SourceVisit{ID: s.ID, State: string(s.Kind), Status: s.Status, FinalURL: s.FinalURL, Error: s.Error,
			Fresh: s.Fresh, ETag: s.ETag, LastModified: s.LastModified, RetryAfter: s.RetryAfter,
			Meta: store.SourceMeta{Title: s.Meta.Title, SiteName: s.Meta.SiteName, Author: s.Meta.Author,
				Published: s.Meta.Published, Language: s.Meta.Language, Canonical: s.Meta.Canonical,
				Description: s.Meta.Description, Image: s.Meta.Image, ImageWidth: s.Meta.ImageWidth,
				ImageHeight: s.Meta.ImageHeight, ImageAlt: s.Meta.ImageAlt, ArchivedURL: s.ArchivedURL}}
		for _, a := range s.Attempts {
			v.Attempts = append(v.Attempts, store.SourceAttempt{URL: a.URL, At: a.At, Duration: a.Duration,
				Status: a.Status, Kind: string(a.Kind), Error: a.Error, Archive: a.Archive})
		}
		out.Visits = append(out.Visits, v)
	}
	return out
}

// enrichBar is the progress bar of a run: events done of total, rate,
// failures and time left. A nil *enrichBar shows nothing.
type enrichBar struct {
	bar       *progressbar.ProgressBar
	described time.Time
}

func newEnrichBar(w io.Writer, total int) *enrichBar {
	if w == nil {
		return nil
	}
	return &enrichBar{bar: progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("enriching"),
		progressbar.OptionSetWidth(30),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionUseANSICodes(true),
	)}
}

func (b *enrichBar) update(p enrich.Progress) {
	if b == nil {
		return
	}
	if now := time.Now(); now.Sub(b.described) >= 200*time.Millisecond {
		b.described = now
		b.bar.Describe(fmt.Sprintf("enriching · %.1f events/s · %d fetched · %d failed · %d dead · ETA %s",
			p.Rate, p.Fetched, p.Failed, p.Dead, p.ETA.Round(time.Second)))
	}
	_ = b.bar.Set(p.Done) // a failed redraw must not stop the run
}

func (b *enrichBar) finish() {
	if b != nil {
		_ = b.bar.Finish()
	}
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/chronicle-archive/chronicle/internal/demo"
	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/server"
	"github.com/chronicle-archive/chronicle/internal/store"
	"github.com/chronicle-archive/chronicle/internal/wikisync"
)

var serveCommand = &command{
	name:    "serve",
	summary: "serve the archive's pages over HTTP, straight from the database",
	usage:   "chronicle serve [--db FILE] [--addr :8080] [--base-url URL] [--demo] [--fast=false] [--follow INTERVAL [--recent N] [--api URL] [--user-agent UA]]",
	help: `Serve the site that 'chronicle build' writes — every event, index, topic,
feed and sitemap in HTML, Markdown, JSON and XML — rendering each page from
the database when it is asked for. Paths without an extension get the format
the Accept header prefers. Stop it with Ctrl+C (or SIGTERM): requests in
flight are finished first. One log line per request goes to stderr.
Pages in memory are answered by a fast HTTP/1.1 front before net/http;
--fast=false leaves every request to net/http (for debugging).

--demo serves the embedded sample fortnight instead of a database, with
summaries, source titles and cover images as chronicle enrich would have
found them (the images are served from the binary at /media/demo/): it
needs no data file and no network, and leaves nothing behind
(chronicle serve --demo).

--follow 15m keeps the archive current while it is served: it syncs the
last --recent days (default 7) from the wiki's API (as chronicle sync does)
at start and then every interval, in the background; the pages served show
each new revision as soon as it is stored. A failed sync is logged and
tried again at the next interval. --recent, --api and --user-agent tune
--follow and are refused without it.

Example:
  chronicle serve --db chronicle.db --addr 127.0.0.1:8080 --base-url https://chronicle.example
  chronicle serve --db chronicle.db --follow 15m`,
	setup: setupServe,
}

// serveFlags are the command line of serve.
type serveFlags struct {
	db, addr, baseURL string
	demo, dbGiven     bool
	// fast answers the pages in memory on the fast front, before net/http.
	fast bool
	// follow is the interval of the background syncs; 0: none.
	follow         time.Duration
	recent         int
	api, userAgent string
	// given are the names of the flags on the command line.
	given map[string]bool
}

func setupServe(fs *flag.FlagSet) runFunc {
	var f serveFlags
	db := dbFlag(fs)
	fs.StringVar(&f.addr, "addr", ":8080", "the `ADDRESS` to listen on, host:port")
	fs.StringVar(&f.baseURL, "base-url", "", "the site's public `URL` for canonical links and feeds (default: the address served)")
	fs.BoolVar(&f.demo, "demo", false, "serve the embedded sample archive instead of a database")
	fs.BoolVar(&f.fast, "fast", true, "answer the pages in memory on the fast front; --fast=false leaves every request to net/http")
	fs.DurationVar(&f.follow, "follow", 0, "sync the recent days from the wiki every `INTERVAL` (15m), the first at start")
	fs.IntVar(&f.recent, "recent", 7, "with --follow, sync the last `N` days, today included")
	fs.StringVar(&f.api, "api", defaultAPI, "with --follow, the `URL` of the wiki's api.php")
	fs.StringVar(&f.userAgent, "user-agent", mediawiki.DefaultUserAgent(version()), "with --follow, the User-Agent `UA` sent")
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		f.db = *db
		f.given = givenFlags(fs)
		f.dbGiven = f.given["db"]
		return runServe(ctx, f, stdout, stderr)
	}
}

func runServe(ctx context.Context, f serveFlags, stdout, stderr io.Writer) (err error) {
	if f.demo && f.dbGiven {
		return usagef("--demo serves the embedded sample, not a database: drop --db or --demo")
	}
	if f.addr == "" {
		return usagef("--addr: empty: want host:port, such as :8080 or 127.0.0.1:8080")
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	client, err := f.followClient(logger)
	if err != nil {
		return err
	}
	baseURL, err := parseBaseURL(f.baseURL)
	if err != nil {
		return err
	}
	st, closeStore, err := openServedStore(ctx, f, stderr)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, closeStore()) }()
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("%w (use --addr to choose another address)", err)
	}
	if baseURL == "" {
		baseURL = server.BaseURL(ln.Addr())
	}
	cfg := render.Config{BaseURL: baseURL}
	if f.demo {
		cfg.PageSize = demo.PageSize // small pages, so that the demo shows its pagination
	}
	h, err := server.New(st, cfg, logger)
	if err != nil {
		ln.Close()
		return err
	}
	if f.demo {
		h = server.WithFastPathOf(demo.WithMedia(h), h) // the demo's cover images, /media/demo/<name>.png
	}
	if !f.fast {
		h = server.WithoutFastPath(h)
	}
	fmt.Fprintf(stdout, "serving %s at %s/ (Ctrl+C to stop)\n", servedName(f), server.BaseURL(ln.Addr()))
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if f.follow > 0 {
		// The syncs end before the store closes.
		defer startFollowing(ctx, f, st, client, logger, stderr)()
	}
	return server.Serve(ctx, ln, h, logger)
}

// followFlags are the flags that only --follow uses.
var followFlags = []string{"recent", "api", "user-agent"}

// followClient checks the flags of --follow and returns the client of its
// API, which logs its waits to logger; nil without --follow.
func (f serveFlags) followClient(logger *slog.Logger) (*mediawiki.Client, error) {
	switch {
	case f.follow < 0:
		return nil, usagef("--follow %s: want a positive interval such as 15m", f.follow)
	case f.follow == 0:
		for _, name := range followFlags {
			if f.given[name] {
				return nil, usagef("--%s needs --follow: it tunes the syncs --follow INTERVAL makes", name)
			}
		}
		return nil, nil
	case f.follow < wikisync.MinFollowInterval:
		return nil, usagef("--follow %s: want at least %s, such as 15m", f.follow, wikisync.MinFollowInterval)
	case f.demo:
		return nil, usagef("--follow syncs a database from the wiki; the demo archive is fixed: drop --demo or --follow")
	}
	if err := checkRecent(f.recent, event.NewDate(time.Now().UTC())); err != nil {
		return nil, err
	}
	if err := checkUserAgent(f.userAgent); err != nil {
		return nil, err
	}
	return newAPIClient(f.api, f.userAgent, mediawiki.DefaultTimeout, mediawiki.DefaultMaxRetries, func(line string) {
		logger.Warn("follow: " + line)
	})
}

// startFollowing runs the background syncs of --follow until ctx is done,
// and returns how to wait for them to end.
func startFollowing(ctx context.Context, f serveFlags, st *store.Store, client *mediawiki.Client, logger *slog.Logger, warnings io.Writer) func() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		err := wikisync.Follow(ctx, st, client, wikisync.FollowOptions{
			Every: f.follow, Recent: f.recent, Sync: wikisync.Options{Warnings: warnings},
			Done: func(sum wikisync.Summary, err error) {
				if err != nil {
					logger.Error("follow: sync failed", "summary", sum.String(), "err", err)
					return
				}
				logger.Info("follow: "+sum.String(), "next", f.follow.String())
			},
		})
		if ctx.Err() == nil {
			logger.Error("follow: stopped", "err", err)
		}
	}()
	return func() { <-done }
}

// openServedStore opens the database to serve, or imports the demo, and
// returns how to close it.
func openServedStore(ctx context.Context, f serveFlags, stderr io.Writer) (*store.Store, func() error, error) {
	if f.demo {
		d, err := demo.Open(ctx, stderr)
		if err != nil {
			return nil, nil, err
		}
		return d.Store, d.Close, nil
	}
	// --follow fills a new database itself.
	if _, err := os.Stat(f.db); errors.Is(err, os.ErrNotExist) && f.follow == 0 {
		return nil, nil, fmt.Errorf("no database at %s: run 'chronicle import --db %s DUMP' first, or 'chronicle serve --demo' to serve the embedded sample", f.db, f.db)
	}
	st, err := store.Open(f.db)
	if err != nil {
		return nil, nil, err
	}
	stats, err := st.Stats(ctx)
	if err == nil && stats.Days == 0 && f.follow == 0 {
		err = fmt.Errorf("the database at %s holds no days: run 'chronicle import --db %s DUMP' first, or 'chronicle serve --demo' to serve the embedded sample", f.db, f.db)
	}
	if err != nil {
		return nil, nil, errors.Join(err, st.Close())
	}
	return st, st.Close, nil
}

func servedName(f serveFlags) string {
	if f.demo {
		return "the demo archive"
	}
	return f.db
}

// parseBaseURL checks --base-url as render.CheckBaseURL does; the
// trailing slash is dropped.
func parseBaseURL(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if err := render.CheckBaseURL(s); err != nil {
		return "", usagef("--base-url %v", err)
	}
	return strings.TrimSuffix(s, "/"), nil
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/chronicle-archive/chronicle/internal/demo"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/server"
	"github.com/chronicle-archive/chronicle/internal/store"
)

var serveCommand = &command{
	name:    "serve",
	summary: "serve the archive's pages over HTTP, straight from the database",
	usage:   "chronicle serve [--db FILE] [--addr :8080] [--base-url URL] [--demo]",
	help: `Serve the site that 'chronicle build' writes — every event, index, topic,
feed and sitemap in HTML, Markdown, JSON and XML — rendering each page from
the database when it is asked for. Paths without an extension get the format
the Accept header prefers. Stop it with Ctrl+C (or SIGTERM): requests in
flight are finished first. One log line per request goes to stderr.

--demo serves the embedded sample fortnight instead of a database, with
summaries, source titles and cover images as chronicle enrich would have
found them (the images are served from the binary at /media/demo/): it
needs no data file and no network, and leaves nothing behind
(chronicle serve --demo).

Example:
  chronicle serve --db chronicle.db --addr 127.0.0.1:8080 --base-url https://chronicle.example`,
	setup: setupServe,
}

// serveFlags are the command line of serve.
type serveFlags struct {
	db, addr, baseURL string
	demo, dbGiven     bool
}

func setupServe(fs *flag.FlagSet) runFunc {
	var f serveFlags
	db := dbFlag(fs)
	fs.StringVar(&f.addr, "addr", ":8080", "the `ADDRESS` to listen on, host:port")
	fs.StringVar(&f.baseURL, "base-url", "", "the site's public `URL` for canonical links and feeds (default: the address served)")
	fs.BoolVar(&f.demo, "demo", false, "serve the embedded sample archive instead of a database")
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		f.db = *db
		fs.Visit(func(fl *flag.Flag) { f.dbGiven = f.dbGiven || fl.Name == "db" })
		return runServe(ctx, f, stdout, stderr)
	}
}

func runServe(ctx context.Context, f serveFlags, stdout, stderr io.Writer) (err error) {
	if f.demo && f.dbGiven {
		return usagef("--demo serves the embedded sample, not a database: drop --db or --demo")
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
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	h, err := server.New(st, render.Config{BaseURL: baseURL}, logger)
	if err != nil {
		ln.Close()
		return err
	}
	if f.demo {
		h = demo.WithMedia(h) // the demo's cover images, /media/demo/<name>.png
	}
	fmt.Fprintf(stdout, "serving %s at %s/ (Ctrl+C to stop)\n", servedName(f), server.BaseURL(ln.Addr()))
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	return server.Serve(ctx, ln, h, logger)
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
	if _, err := os.Stat(f.db); errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("no database at %s: run 'chronicle import --db %s DUMP' first, or 'chronicle serve --demo' to serve the embedded sample", f.db, f.db)
	}
	st, err := store.Open(f.db)
	if err != nil {
		return nil, nil, err
	}
	return st, st.Close, nil
}

func servedName(f serveFlags) string {
	if f.demo {
		return "the demo archive"
	}
	return f.db
}

// parseBaseURL checks --base-url: an absolute http(s) URL with a host and
// nothing after the path; the trailing slash is dropped.
func parseBaseURL(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", usagef("--base-url %q: want an absolute http(s) URL such as https://chronicle.example", s)
	}
	return strings.TrimSuffix(s, "/"), nil
}

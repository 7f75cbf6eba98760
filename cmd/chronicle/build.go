package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

var buildCommand = &command{
	name:    "build",
	summary: "write the archive as a static web site",
	usage:   "chronicle build [--db FILE] --out DIR [--base-url URL] [--formats LIST] [--full]",
	help: `Write every page of the archive into DIR: each event, day, month and
year index, topic, story and category page in HTML, Markdown, JSON and XML,
with feeds, sitemaps, robots.txt and the stylesheet. The site's own links
always carry an extension, so any static file server can serve it.

--formats writes only some of the four formats (html,json say), and pages
link only to those. A --base-url with a path (https://example.org/archive/)
puts every link inside the site under that path, for a site served from a
sub-directory of its host. Changing either renders every page again; the
files of formats left out are removed.

DIR becomes a symbolic link to the latest build, DIR.builds/N: each build
writes the next version beside the last and switches the link once it is
whole, so a web server serving DIR never shows half a build. DIR may not be
the current directory, a mount point or a symbolic link of your own (build
into a sub-directory, or into the link's target, instead). Over an earlier
build only the pages that depend on what was imported since are rendered,
and only files whose content changed are written; pages of events that no
longer exist become redirects. A killed build is completed by the next one.
--full renders every page and recomputes every related-events list.

Example:
  chronicle build --db chronicle.db --out public --base-url https://news.example.org
  chronicle build --out public --base-url https://example.org/archive/ --formats html,json`,
	setup: setupBuild,
}

func setupBuild(fs *flag.FlagSet) runFunc {
	db := dbFlag(fs)
	out := fs.String("out", "", "the output `DIR`")
	config := siteFlags(fs)
	full := fs.Bool("full", false, "render every page and recompute every related-events list")
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q: the output directory goes in --out", args[0])
		}
		if *out == "" {
			return usagef("no --out DIR given")
		}
		cfg, err := config()
		if err != nil {
			return err
		}
		return runBuild(ctx, *db, *out, cfg, *full, stdout, stderr)
	}
}

// siteFlags adds the flags that shape a static site, --base-url and
// --formats, and returns the function that reads them into a render.Config.
func siteFlags(fs *flag.FlagSet) func() (render.Config, error) {
	baseURL := fs.String("base-url", defaultBaseURL,
		"the site's absolute `URL`, for canonical links, feeds and sitemaps; with a path, every link goes under it")
	formats := fs.String("formats", "html,md,json,xml", "the page formats to write: a comma-separated `LIST` of html, md, json and xml")
	return func() (render.Config, error) {
		fmts, err := render.ParseFormats(*formats)
		if err != nil {
			return render.Config{}, usagef("--formats: %v", err)
		}
		if err := render.CheckBaseURL(*baseURL); err != nil {
			return render.Config{}, usagef("--base-url %v", err)
		}
		cfg := render.Config{BaseURL: *baseURL, Formats: fmts}
		if _, err := render.New(cfg); err != nil {
			return render.Config{}, usageError{err}
		}
		return cfg, nil
	}
}

func runBuild(ctx context.Context, db, out string, cfg render.Config, full bool, stdout, stderr io.Writer) error {
	st, err := openStore(db, store.MappedReads())
	if err != nil {
		return err
	}
	opts := site.BuildOptions{Full: full, DBPath: db}
	if isTerminal(stderr) {
		opts.Progress = stderr
	}
	rep, err := site.New(st, cfg).Build(ctx, out, opts)
	err = errors.Join(err, st.Close())
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, rep)
	return nil
}

// defaultBaseURL is the base URL of a build that names none: where
// `chronicle serve` listens by default.
const defaultBaseURL = "http://localhost:8080"

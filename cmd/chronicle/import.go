package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/chronicle-archive/chronicle/internal/ingest"
	"github.com/chronicle-archive/chronicle/internal/store"
)

var importCommand = &command{
	name:    "import",
	summary: "import day pages from MediaWiki dumps or directories of .wiki files",
	usage:   "chronicle import [--db FILE] PATH…",
	help: `Import the Current Events Portal's day pages into the database (created
when missing). Each PATH is a MediaWiki XML export or dump (plain, .bz2 or
.gz), whose pages titled "Portal:Current events/YYYY Month D" are imported
and others skipped, or a directory of YYYY-MM-DD.wiki files.

Importing the same input again changes nothing; a newer revision of a day
replaces that day's events. Bad pages are skipped with a warning; the command
fails only when nothing could be imported.

Example:
  chronicle import --db chronicle.db enwiki-latest-pages-articles.xml.bz2`,
	setup: setupImport,
}

func setupImport(fs *flag.FlagSet) runFunc {
	db := dbFlag(fs)
	return func(ctx context.Context, paths []string, stdout, stderr io.Writer) error {
		if len(paths) == 0 {
			return usagef("no PATH given: name a dump file or a directory of .wiki files")
		}
		return runImport(ctx, *db, paths, stdout, stderr)
	}
}

func runImport(ctx context.Context, db string, paths []string, stdout, stderr io.Writer) error {
	st, err := store.Open(db)
	if err != nil {
		return err
	}
	opts := ingest.Options{Warnings: stderr}
	if isTerminal(stderr) {
		opts.Progress = stderr
	}
	sum, err := ingest.Run(ctx, st, paths, opts)
	if err == nil {
		// Related events and topic counts are part of the pages: keep them
		// current, so that show, serve and build see them.
		err = updateDerived(ctx, st)
	}
	err = errors.Join(err, st.Close())
	fmt.Fprintln(stdout, sum)
	if err == nil && sum.Failed() {
		err = fmt.Errorf("nothing imported from %d input(s): see the errors and warnings above", len(paths))
	}
	return err
}

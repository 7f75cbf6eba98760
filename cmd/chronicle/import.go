package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/chronicle-archive/chronicle/internal/ingest"
	"github.com/chronicle-archive/chronicle/internal/store"
)

var importCommand = &command{
	name:    "import",
	summary: "import day pages from MediaWiki dumps or .wiki files",
	usage:   "chronicle import [--db FILE] PATH…",
	help: `Import the Current Events Portal's day pages into the database (created
when missing). Each PATH is a MediaWiki XML export or dump (plain, .bz2 or
.gz), whose pages titled "Portal:Current events/YYYY Month D" are imported
and others skipped, a directory of YYYY-MM-DD.wiki files, or one such file
(a day edited by hand: chronicle import 2013-06-06.wiki).

Importing the same input again changes nothing; a newer revision of a day
replaces that day's events. Bad pages are skipped with a warning. Exit
status: 0 when everything was imported, 1 when nothing could be (no database
is then created), 3 for a partial import (a dump cut off, pages that failed):
what was read is stored, and importing the whole input again completes it.

A first import (FILE missing) builds the database in a temporary file beside
it, FILE.import-*.tmp, and moves it to FILE when done: a first import killed
midway leaves no FILE, only that temporary file, which the next import
names in a warning and which can be removed. An
import into an existing FILE writes into it, each batch safely committed.

Example:
  chronicle import --db chronicle.db enwiki-latest-pages-articles.xml.bz2`,
	setup: setupImport,
}

func setupImport(fs *flag.FlagSet) runFunc {
	db := dbFlag(fs)
	return func(ctx context.Context, paths []string, stdout, stderr io.Writer) error {
		if len(paths) == 0 {
			return usagef("no PATH given: name a dump file, a directory of .wiki files or a .wiki file")
		}
		return runImport(ctx, *db, paths, stdout, stderr)
	}
}

func runImport(ctx context.Context, db string, paths []string, stdout, stderr io.Writer) error {
	opts := ingest.Options{Warnings: stderr}
	if isTerminal(stderr) {
		opts.Progress = stderr
	}
	for _, name := range store.LeftoverCreates(db) {
		fmt.Fprintf(stderr, "chronicle import: warning: %s is left from a first import that did not finish; unless an import is running now, delete it with any -wal and -shm file beside it\n", ingest.Printable(name))
	}
	var sum ingest.Summary
	err := fillDatabase(db, true, func(st *store.Store) (bool, error) {
		var err error
		sum, err = ingest.Import(ctx, st, paths, opts)
		fmt.Fprintln(stdout, sum)
		return sum.Imported() > 0, err
	})
	switch {
	case err != nil:
		return err
	case sum.Failed():
		return fmt.Errorf("nothing imported from %d input(s): see the errors and warnings above", len(paths))
	case sum.Partial():
		return partialError{fmt.Errorf("partial import: %d day(s) stored, %s not imported and %d input(s) not read to the end: see the errors and warnings above",
			sum.Imported(), countNoun(sum.FailedPages, "page"), len(sum.Errors))}
	}
	return nil
}

// countNoun is "1 page", "2 pages".
func countNoun(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

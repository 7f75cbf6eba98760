package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/chronicle-archive/chronicle/internal/ingest"
)

var checkCommand = &command{
	name:    "check",
	summary: "verify the database: SQLite's integrity and Chronicle's own invariants",
	usage:   "chronicle check [--db FILE]",
	help: `Verify the database after a crash, a kill or a disk incident: SQLite's
integrity and foreign key checks, then Chronicle's own invariants — every
event has its path in the path history, every path marked current has its
event, related lists point at existing events, stored counts of topics,
stories and categories match a recount. Prints "ok" and exits 0 when all
hold; otherwise names each problem and exits 1. Derived data that an import
has not yet brought up to date is noted, not a problem.

(The sqlite3 command line of Debian 12, SQLite 3.40, reports "NULL value in
event_entities.entity_id" on every Chronicle database: a false alarm of that
version on STRICT WITHOUT ROWID tables. Use this command instead.)

Example:
  chronicle check --db chronicle.db`,
	setup: setupCheck,
}

func setupCheck(fs *flag.FlagSet) runFunc {
	db := dbFlag(fs)
	return func(ctx context.Context, args []string, stdout, _ io.Writer) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		return runCheck(ctx, *db, stdout)
	}
}

func runCheck(ctx context.Context, db string, stdout io.Writer) error {
	st, err := openStore(db)
	if err != nil {
		return err
	}
	report, err := st.Check(ctx)
	err = errors.Join(err, st.Close())
	if err != nil {
		return err
	}
	for _, note := range report.Notes {
		fmt.Fprintf(stdout, "note: %s\n", ingest.Printable(note))
	}
	if report.OK() {
		fmt.Fprintf(stdout, "ok: %s passes every check\n", db)
		return nil
	}
	for _, p := range report.Problems {
		fmt.Fprintf(stdout, "problem: %s\n", ingest.Printable(p))
	}
	return fmt.Errorf("%s: %s found: see above", db, countNoun(len(report.Problems), "problem"))
}

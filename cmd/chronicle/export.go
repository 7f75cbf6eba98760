package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
)

var exportCommand = &command{
	name:    "export",
	summary: "write every event's page JSON as NDJSON, in date and page order",
	usage:   "chronicle export [--db FILE] [--from DATE] [--to DATE]",
	help: `Write the events of the database to standard output as NDJSON, in date and
page order: one JSON object a line, the document 'chronicle show' prints and
the site serves as the event's .json (docs/formats.md), enrichment and
related events included, on one line. --from and --to (YYYY-MM-DD, both
included) limit the days.

Example:
  chronicle export --from 2013-06-01 --to 2013-06-30 > june-2013.ndjson`,
	setup: setupExport,
}

func setupExport(fs *flag.FlagSet) runFunc {
	db := dbFlag(fs)
	from := fs.String("from", "", "the first `DATE` to export, YYYY-MM-DD (default: the first day)")
	to := fs.String("to", "", "the last `DATE` to export, YYYY-MM-DD (default: the last day)")
	return func(ctx context.Context, args []string, stdout, _ io.Writer) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		fromDate, err := flagDate("--from", *from)
		if err != nil {
			return err
		}
		toDate, err := flagDate("--to", *to)
		if err != nil {
			return err
		}
		if !fromDate.IsZero() && !toDate.IsZero() && toDate.Before(fromDate) {
			return usagef("--to %s is before --from %s", toDate, fromDate)
		}
		return exportEvents(ctx, *db, fromDate, toDate, stdout)
	}
}

// flagDate parses a date flag; empty gives the zero Date, an open end.
func flagDate(name, value string) (event.Date, error) {
	if value == "" {
		return event.Date{}, nil
	}
	d, err := event.ParseDate(value)
	if err != nil {
		return event.Date{}, usagef("%s: %v", name, err)
	}
	return d, nil
}

func exportEvents(ctx context.Context, db string, from, to event.Date, stdout io.Writer) error {
	st, err := openStore(db)
	if err != nil {
		return err
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	var line bytes.Buffer
	err = dataSite(st).EachEventPage(ctx, from, to, render.JSON, func(path string, body []byte) error {
		line.Reset()
		if err := json.Compact(&line, body); err != nil {
			return fmt.Errorf("compact %s: %w", path, err)
		}
		line.WriteByte('\n')
		_, err := out.Write(line.Bytes())
		return err
	})
	return errors.Join(err, out.Flush(), st.Close())
}

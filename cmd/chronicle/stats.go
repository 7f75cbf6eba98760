package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"

	"github.com/chronicle-archive/chronicle/internal/store"
)

var statsCommand = &command{
	name:    "stats",
	summary: "print what the database holds",
	usage:   "chronicle stats [--db FILE]",
	help: `Print the counts of the database: days, events, events with a source,
entities, stories, sources, the first and last day; and what enrichment
found: events with a summary, with an image, sources visited, dead, archived
(read from the Wayback Machine) and failed (to be retried).

Example:
  chronicle stats --db chronicle.db`,
	setup: setupStats,
}

func setupStats(fs *flag.FlagSet) runFunc {
	db := dbFlag(fs)
	return func(ctx context.Context, args []string, stdout, _ io.Writer) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		st, err := openStore(*db)
		if err != nil {
			return err
		}
		stats, err := st.Stats(ctx)
		err = errors.Join(err, st.Close())
		if err != nil {
			return err
		}
		printStats(stdout, stats)
		return nil
	}
}

// printStats writes one aligned "label  value" line per count.
func printStats(w io.Writer, s store.Stats) {
	first, last := "-", "-"
	if !s.First.IsZero() {
		first, last = s.First.String(), s.Last.String()
	}
	rows := [][2]string{
		{"days", strconv.Itoa(s.Days)},
		{"events", strconv.Itoa(s.Events)},
		{"events with a source", strconv.Itoa(s.EventsWithSource)},
		{"entities", strconv.Itoa(s.Entities)},
		{"stories", strconv.Itoa(s.Stories)},
		{"sources", strconv.Itoa(s.Sources)},
		{"first day", first},
		{"last day", last},
		{"events with a summary", strconv.Itoa(s.EventsWithSummary)},
		{"events with an image", strconv.Itoa(s.EventsWithImage)},
		{"sources visited", strconv.Itoa(s.SourcesVisited)},
		{"dead sources", strconv.Itoa(s.DeadSources)},
		{"archived sources", strconv.Itoa(s.ArchivedSources)},
		{"failed sources", strconv.Itoa(s.FailedSources)},
	}
	labelWidth, valueWidth := 0, 0
	for _, r := range rows {
		labelWidth = max(labelWidth, len(r[0]))
		valueWidth = max(valueWidth, len(r[1]))
	}
	for _, r := range rows {
		fmt.Fprintf(w, "%-*s  %*s\n", labelWidth, r[0], valueWidth, r[1])
	}
}

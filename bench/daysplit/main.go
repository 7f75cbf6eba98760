// Command daysplit writes the day pages of a MediaWiki dump of the Current
// Events Portal from a start year on as a directory of YYYY-MM-DD.wiki files,
// each dated (mtime) at its revision's timestamp: the input `chronicle
// import` takes for a smaller archive of the same days. bench/run.sh uses it
// to build Chronicle and Hugo on the same events.
//
//	go run ./bench/daysplit --from 2024 --out DIR DUMP
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "daysplit:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("daysplit", flag.ContinueOnError)
	from := fs.Int("from", 2024, "the first `YEAR` written")
	to := fs.Int("to", 9999, "the last `YEAR` written")
	out := fs.String("out", "", "the `DIR` to write the day files into (created)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() != 1 {
		return errors.New("usage: daysplit [--from YEAR] [--to YEAR] --out DIR DUMP")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	inRange := func(d event.Date) bool { return d.Year >= *from && d.Year <= *to }
	n := 0
	for p, err := range mediawiki.DayPages(fs.Arg(0), inRange) {
		if err != nil {
			return fmt.Errorf("read %s: %w", fs.Arg(0), err)
		}
		name := filepath.Join(*out, p.Date.String()+".wiki")
		if err := os.WriteFile(name, []byte(p.Text), 0o644); err != nil {
			return err
		}
		if err := os.Chtimes(name, p.Timestamp, p.Timestamp); err != nil {
			return err
		}
		n++
	}
	fmt.Fprintf(os.Stderr, "daysplit: %d days from %d to %d in %s\n", n, *from, *to, *out)
	return nil
}

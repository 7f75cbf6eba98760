// Command tenfold writes a synthetic archive N times the size of a MediaWiki
// dump of the Current Events Portal, for measuring how Chronicle's cost grows
// with the archive: every day page of the dump, copied N times, the k-th copy
// shifted by k×25 years (2002–2026, 2027–2051, …), as a directory of
// YYYY-MM-DD.wiki files dated (mtime) at the shifted revision's timestamp —
// the input `chronicle import` takes. The template's year= is shifted with
// the title, so a copy's text names its own date; a 29 February whose
// shifted year has none is left out. Event paths are made of the date and the
// headline, so they stay distinct and stable from run to run; topics,
// stories and categories are the same in every copy, as a longer archive's
// would mostly be.
//
//	go run ./bench/tenfold --copies 10 --out DIR DUMP
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
)

// shiftYears is how far apart the copies are: the corpus spans 2002–2026.
const shiftYears = 25

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "tenfold:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("tenfold", flag.ContinueOnError)
	copies := fs.Int("copies", 10, "how many `N` copies of the days to write (1 is the dump itself)")
	out := fs.String("out", "", "the `DIR` to write the day files into (created)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() != 1 || *copies < 1 {
		return errors.New("usage: tenfold [--copies N] --out DIR DUMP (N at least 1)")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	days, written := 0, 0
	for p, err := range mediawiki.DayPages(fs.Arg(0), nil) {
		if err != nil {
			return fmt.Errorf("read %s: %w", fs.Arg(0), err)
		}
		days++
		for k := range *copies {
			ok, err := writeCopy(*out, p, k*shiftYears)
			if err != nil {
				return err
			}
			if ok {
				written++
			}
		}
	}
	fmt.Fprintf(os.Stderr, "tenfold: %d days × %d copies: %d day files in %s\n", days, *copies, written, *out)
	return nil
}

// templateYear is the year= parameter of the portal's day template.
var templateYear = regexp.MustCompile(`(\|\s*year\s*=\s*)(\d{4})\b`)

// writeCopy writes day page p shifted by years; false when the shifted
// date does not exist (29 February of a common year).
func writeCopy(dir string, p mediawiki.DayPage, years int) (bool, error) {
	day := event.Date{Year: p.Date.Year + years, Month: p.Date.Month, Day: p.Date.Day}
	if t := time.Date(day.Year, time.Month(day.Month), day.Day, 0, 0, 0, 0, time.UTC); t.Day() != day.Day {
		return false, nil
	}
	text := templateYear.ReplaceAllStringFunc(p.Text, func(m string) string {
		sub := templateYear.FindStringSubmatch(m)
		y, _ := strconv.Atoi(sub[2])
		return sub[1] + strconv.Itoa(y+years)
	})
	name := filepath.Join(dir, day.String()+".wiki")
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		return false, err
	}
	stamp := p.Timestamp.AddDate(years, 0, 0)
	return true, os.Chtimes(name, stamp, stamp)
}

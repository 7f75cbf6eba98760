// Package ingest imports the Current Events Portal into the store: inputs
// (MediaWiki dump files, directories of day page files) → pages → the wcep
// parser → the store, in parallel, with warnings, progress and a summary.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/derive"
	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// Importer stores batches of parsed days; *store.Store is one.
type Importer interface {
	ImportDays(ctx context.Context, days []store.Day) (store.ImportResult, error)
}

// Options tune Run; the zero value works.
type Options struct {
	// Warnings receives warnings and input errors, one line each; nil discards them.
	Warnings io.Writer
	// MaxWarnings is how many warnings are written before they are only
	// counted; 0 means DefaultMaxWarnings, negative means none.
	MaxWarnings int
	// Progress, when set, receives a progress bar; give it a terminal only.
	Progress io.Writer
	// Workers is how many pages are parsed at once; 0 means runtime.NumCPU().
	Workers int
	// BatchSize is how many days are stored in one transaction; 0 means DefaultBatchSize.
	BatchSize int
}

// Defaults for the zero Options.
const (
	DefaultMaxWarnings = 20
	DefaultBatchSize   = 256
)

func (o Options) withDefaults() Options {
	if o.Warnings == nil {
		o.Warnings = io.Discard
	}
	if o.MaxWarnings == 0 {
		o.MaxWarnings = DefaultMaxWarnings
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	return o
}

// Summary tells what an import did.
type Summary struct {
	// Pages counts the pages and day page files read.
	Pages int
	// Skipped counts the pages not imported: pages outside the portal, and
	// pages skipped with a warning.
	Skipped int
	// ImportResult counts the days stored, by what happened to them.
	store.ImportResult
	// Events counts the events of the days handed to the store.
	Events int
	// Warnings counts the warnings, shown or not.
	Warnings int
	// FailedPages counts the day pages that were meant to be imported and
	// were not: skipped with a warning (unparsable, a day file whose name is
	// not a valid date) or refused by the store. A portal page whose title
	// names no day (Portal:Current events/Sidebar) is skipped, not failed.
	FailedPages int
	// Errors are the inputs that could not be read, or not to their end.
	Errors []error
	// Duration is the wall time of the import.
	Duration time.Duration
}

// Imported counts the days now in the store as the input has them.
func (s Summary) Imported() int { return s.Added + s.Replaced + s.Unchanged }

// Failed reports whether the import stored nothing and met errors or
// warnings on the way: the one case an import command should fail.
func (s Summary) Failed() bool {
	return s.Imported() == 0 && (len(s.Errors) > 0 || s.Warnings > 0)
}

// Partial reports whether the import stored something but not all it
// should have: an input could not be read to its end (a truncated dump) or
// day pages failed. What was stored stays stored; the import command exits
// with its own status (3) so that scripts notice.
func (s Summary) Partial() bool {
	return s.Imported() > 0 && (len(s.Errors) > 0 || s.FailedPages > 0)
}

// EventsPerSecond is the import's speed.
func (s Summary) EventsPerSecond() float64 {
	if s.Duration <= 0 {
		return 0
	}
	return float64(s.Events) / s.Duration.Seconds()
}

// String is the one-line summary, e.g. "imported 8587 days (8587 new, 0
// replaced, 0 unchanged) · 113258 events · 3 warnings · 4.2s (27000 events/s)".
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "imported %s (%d new, %d replaced, %d unchanged", plural(s.Imported(), "day"), s.Added, s.Replaced, s.Unchanged)
	if s.Older > 0 {
		fmt.Fprintf(&b, ", %d older kept out", s.Older)
	}
	b.WriteString(s.ImportResult.EditsNote())
	fmt.Fprintf(&b, ") · %s · %s", plural(s.Events, "event"), plural(s.Warnings, "warning"))
	if s.FailedPages > 0 {
		fmt.Fprintf(&b, " · %s not imported", plural(s.FailedPages, "page"))
	}
	if len(s.Errors) > 0 {
		fmt.Fprintf(&b, " · %s", plural(len(s.Errors), "error"))
	}
	fmt.Fprintf(&b, " · %.1fs (%.0f events/s)", s.Duration.Seconds(), s.EventsPerSecond())
	return b.String()
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Run imports every path, each a dump file (plain, .bz2 or .gz), a
// directory of YYYY-MM-DD.wiki files or one such file, into st.
//
// Bad input does not stop it: a page that cannot be used is skipped with a
// warning naming it, and an input that cannot be read (or is cut off) is
// reported in Summary.Errors after the pages before the damage are stored.
// Run returns an error only when importing cannot go on: the store fails or
// ctx is cancelled. Days stored before that stay stored.
func Run(ctx context.Context, st Importer, paths []string, opts Options) (Summary, error) {
	if len(paths) == 0 {
		return Summary{}, errors.New("nothing to import: give a dump file or a directory of " + wikiFileExt + " files")
	}
	start := time.Now()
	opts = opts.withDefaults()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := startPipeline(ctx, pathSources(paths), opts)
	c := newCollector(st, opts, newProgress(opts.Progress, totalSize(paths)))
	err := c.run(ctx, p)
	cancel()
	p.wait()
	c.finish()
	c.sum.Duration = time.Since(start)
	return c.sum, err
}

// Import is the whole import of paths into a store, the one way in that the
// import command and the demo take: Run, then, when it stored anything and
// did not fail, derive.Update, so that show, serve and build see current
// related events and counts. A failed derive leaves the imported days
// stored; the next import derives them.
func Import(ctx context.Context, st *store.Store, paths []string, opts Options) (Summary, error) {
	sum, err := Run(ctx, st, paths, opts)
	if err == nil {
		// What the import cached is not needed by derive, whose
		// whole-archive pass is the import's peak of memory.
		st.Trim()
		err = derive.Update(ctx, st)
	}
	return sum, err
}

// Page is a page for RunPages, with the days to take from it.
type Page struct {
	mediawiki.Page
	// Days, when not empty, are the only days of the page to import (a
	// month page of the early portal gives several); the page's other days
	// are skipped without a word.
	Days []event.Date
}

// RunPages imports the pages received from pages until it is closed, as Run
// imports those of a dump: the same parsing, storing, warnings and summary,
// so that a page stores the same whether it came from a file or the API.
// Progress is not shown (the sender knows how far it has come).
func RunPages(ctx context.Context, st Importer, pages <-chan Page, opts Options) (Summary, error) {
	start := time.Now()
	opts = opts.withDefaults()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	src := source{open: func() (input, error) { return &chanInput{pages: pages, ctx: ctx}, nil }}
	p := startPipeline(ctx, []source{src}, opts)
	c := newCollector(st, opts, nil)
	err := c.run(ctx, p)
	cancel()
	p.wait()
	c.finish()
	c.sum.Duration = time.Since(start)
	return c.sum, err
}

func totalSize(paths []string) int64 {
	var total int64
	for _, p := range paths {
		total += inputSize(p)
	}
	return total
}

package ingest

import (
	"context"
	"errors"
	"fmt"

	"github.com/chronicle-archive/chronicle/internal/store"
)

// collector takes the pipeline's results back into input order, writes the
// warnings, and stores the days in batches.
type collector struct {
	store    Importer
	opts     Options
	progress *progress
	batch    []store.Day
	writing  chan written // the batch being stored, if any
	sum      Summary
}

func newCollector(st Importer, opts Options, pr *progress) *collector {
	return &collector{store: st, opts: opts, progress: pr, batch: make([]store.Day, 0, opts.BatchSize)}
}

// run handles every result of p in seq order, then stores the last batch.
func (c *collector) run(ctx context.Context, p *pipeline) error {
	pending := make(map[int]result)
	next := 0
	for r := range p.results {
		pending[r.seq] = r
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			p.release()
			if err := c.handle(ctx, r); err != nil {
				return errors.Join(err, c.awaitWrite())
			}
			c.progress.update(p.bytesRead.Load(), c.sum.Events)
		}
	}
	if err := ctx.Err(); err != nil {
		return errors.Join(err, c.awaitWrite())
	}
	if err := c.flush(ctx); err != nil {
		return err
	}
	return c.awaitWrite()
}

// handle counts one result, writes its warnings and queues its day.
func (c *collector) handle(ctx context.Context, r result) error {
	c.sum.Pages += r.skipped
	c.sum.Skipped += r.skipped
	if r.inputErr != nil {
		c.sum.Errors = append(c.sum.Errors, r.inputErr)
		c.progress.clear()
		fmt.Fprintf(c.opts.Warnings, "error: %s\n", Printable(r.inputErr.Error()))
	}
	if r.name == "" {
		return nil
	}
	c.sum.Pages++
	for _, note := range r.notes {
		c.warn(r.name, note)
	}
	if r.skip != "" {
		c.sum.Skipped++
		if !r.notDay {
			c.sum.FailedPages++
		}
		c.warn(r.name, r.skip+"; skipped")
		return nil
	}
	c.batch = append(c.batch, store.Day{
		Date:       r.date,
		Title:      r.page.Title,
		RevisionID: r.page.RevisionID,
		Timestamp:  r.page.Timestamp,
		SHA1:       r.page.SHA1,
		Wikitext:   r.page.Text,
		Comment:    r.page.Comment,
		Events:     r.events,
	})
	if len(c.batch) < c.opts.BatchSize {
		return nil
	}
	return c.flush(ctx)
}

// warn writes a warning about the page or file name, while under the cap.
func (c *collector) warn(name, msg string) {
	c.sum.Warnings++
	if c.sum.Warnings > c.opts.MaxWarnings {
		return
	}
	c.progress.clear()
	fmt.Fprintf(c.opts.Warnings, "warning: %s: %s\n", Printable(name), Printable(msg))
}

// flush hands the batch to a goroutine that stores it in one transaction,
// so that parsing goes on while SQLite writes; one batch is written at a time.
func (c *collector) flush(ctx context.Context) error {
	if len(c.batch) == 0 {
		return nil
	}
	if err := c.awaitWrite(); err != nil {
		return err
	}
	batch := c.batch
	c.batch = make([]store.Day, 0, c.opts.BatchSize)
	done := make(chan written, 1)
	go func() { done <- write(ctx, c.store, batch) }()
	c.writing = done
	return nil
}

// awaitWrite waits for the batch being written and counts what it did.
func (c *collector) awaitWrite() error {
	if c.writing == nil {
		return nil
	}
	w := <-c.writing
	c.writing = nil
	c.sum.ImportResult.Add(w.res)
	c.sum.Events += w.events
	c.sum.FailedPages += len(w.notStored)
	for _, f := range w.notStored {
		c.warn(f.title, "not stored: "+f.err.Error())
	}
	return w.err
}

// written is what storing one batch did.
type written struct {
	res       store.ImportResult
	events    int
	notStored []dayError
	err       error // the store is unusable
}

type dayError struct {
	title string
	err   error
}

// write stores the batch in one transaction. When that fails, the days are
// stored one by one so that one bad day costs only itself; it gives up when
// the store is unusable: cancelled, or failing every day of the batch.
func write(ctx context.Context, st Importer, batch []store.Day) written {
	res, err := st.ImportDays(ctx, batch)
	if err == nil {
		return written{res: res, events: countEvents(batch)}
	}
	if ctx.Err() != nil {
		return written{err: err}
	}
	var w written
	for i := range batch {
		day := batch[i : i+1]
		res, dayErr := st.ImportDays(ctx, day)
		if dayErr != nil {
			w.notStored = append(w.notStored, dayError{day[0].Title, dayErr})
			continue
		}
		w.res.Add(res)
		w.events += len(day[0].Events)
	}
	if len(batch) > 1 && len(w.notStored) == len(batch) {
		w.err = err
	}
	return w
}

func countEvents(days []store.Day) int {
	n := 0
	for _, d := range days {
		n += len(d.Events)
	}
	return n
}

// finish ends the progress bar and says how many warnings were not shown.
func (c *collector) finish() {
	c.progress.finish()
	if hidden := c.sum.Warnings - max(c.opts.MaxWarnings, 0); hidden > 0 {
		noun := "warnings"
		if hidden == 1 {
			noun = "warning"
		}
		fmt.Fprintf(c.opts.Warnings, "… %d more %s not shown\n", hidden, noun)
	}
}

package ingest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/wcep"
)

// pipeline reads the inputs in one goroutine and parses their pages in
// Options.Workers others; results come out of order, numbered by seq.
type pipeline struct {
	items     chan item
	results   chan result
	inflight  chan struct{} // bounds the items between reading and storing
	bytesRead atomic.Int64
	done      sync.WaitGroup
}

// result is an item after parsing.
type result struct {
	item
	events []event.Event
}

// source is one input to open, with its size for the progress bar.
type source struct {
	open func() (input, error)
	size int64
}

func pathSources(paths []string) []source {
	out := make([]source, len(paths))
	for i, path := range paths {
		out[i] = source{open: func() (input, error) { return openInput(path) }, size: inputSize(path)}
	}
	return out
}

func startPipeline(ctx context.Context, sources []source, opts Options) *pipeline {
	p := &pipeline{
		items:    make(chan item, 2*opts.Workers),
		results:  make(chan result, 2*opts.Workers),
		inflight: make(chan struct{}, opts.BatchSize+4*opts.Workers),
	}
	go p.read(ctx, sources)
	p.done.Add(opts.Workers)
	for range opts.Workers {
		go p.parse(ctx)
	}
	go func() {
		p.done.Wait()
		close(p.results)
	}()
	return p
}

// wait returns when every goroutine of the pipeline has ended; the consumer
// must have stopped taking results only after cancelling ctx.
func (p *pipeline) wait() {
	for range p.results {
	}
}

// release frees the place of one item the consumer has finished with.
func (p *pipeline) release() { <-p.inflight }

// read sends the items of every input in order.
func (p *pipeline) read(ctx context.Context, sources []source) {
	defer close(p.items)
	seq := 0
	var before int64 // bytes of the inputs already read
	for _, src := range sources {
		in, err := src.open()
		if err != nil {
			if !p.send(ctx, item{seq: seq, inputErr: err}) {
				return
			}
			seq++
			continue
		}
		for done := false; !done; {
			var it item
			it, done = in.next()
			it.seq = seq
			seq++
			p.bytesRead.Store(before + in.bytesRead())
			if !p.send(ctx, it) {
				in.close()
				return
			}
		}
		in.close()
		before += src.size
		p.bytesRead.Store(before)
	}
}

func (p *pipeline) send(ctx context.Context, it item) bool {
	select {
	case p.inflight <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	select {
	case p.items <- it:
		return true
	case <-ctx.Done():
		return false
	}
}

// parse turns items into results until the items run out.
func (p *pipeline) parse(ctx context.Context) {
	defer p.done.Done()
	for it := range p.items {
		r := result{item: it}
		if it.hasPage() {
			r = parsePage(it)
		}
		select {
		case p.results <- r:
		case <-ctx.Done():
			return
		}
	}
}

// parseDay is the day page parser; tests replace it to make it fail.
var parseDay = wcep.ParseDay

// parsePage parses a day page. A parser failure, even a panic, skips the
// page with a warning instead of ending the import.
func parsePage(it item) (r result) {
	r.item = it
	defer func() {
		if v := recover(); v != nil {
			r.skip = fmt.Sprintf("parser failed (%v); skipped", v)
			r.events = nil
		}
	}()
	day, err := parseDay(it.date, it.page.Text)
	if err != nil {
		r.skip = err.Error()
		return r
	}
	r.events = day.Events
	r.notes = append(r.notes, day.Warnings...)
	return r
}

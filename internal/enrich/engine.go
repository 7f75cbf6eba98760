package enrich

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/chronicle-archive/chronicle/internal/enrich/fetcher"
	"github.com/chronicle-archive/chronicle/internal/enrich/wayback"
)

// Engine enriches jobs. It is safe for concurrent use, but runs share
// nothing: each has its own hosts, robots.txt cache and limits.
type Engine struct {
	opts    Options
	fetch   *fetcher.Fetcher
	archive *wayback.Client
}

// New returns an Engine for opts.
func New(opts Options) *Engine {
	if opts.Hosts <= 0 {
		opts.Hosts = DefaultHosts
	}
	if opts.MaxRetryAfter <= 0 {
		opts.MaxRetryAfter = time.Minute
	}
	e := &Engine{opts: opts, fetch: fetcher.New(opts.Fetcher)}
	if !opts.NoWayback {
		e.archive = &wayback.Client{API: opts.WaybackAPI, Fetcher: e.fetch}
	}
	return e
}

// Run enriches jobs and calls sink with each job's result, from one
// goroutine, in the order jobs finish. Each host has its own queue, worked
// by one goroutine at a time; at most Options.Hosts requests are in flight.
// Run returns the final progress, and the context's error when it is
// cancelled (the jobs not finished are simply not reported, so that they
// stay pending) or the first error of sink, which stops the run.
func (e *Engine) Run(ctx context.Context, jobs []Job, sink func(Result) error) (Progress, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r := &run{
		e:       e,
		ctx:     ctx,
		slots:   make(chan struct{}, e.opts.Hosts),
		hosts:   map[string]*host{},
		results: make(chan *task, 64),
		shared:  sharedURLs(jobs),
	}
	start := time.Now()
	// The dispatch counts in wg, so that the workers it starts are added
	// while the count is above zero, never during the final Wait.
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		for i := range jobs {
			if ctx.Err() != nil {
				return
			}
			r.advance(&task{job: &jobs[i]})
		}
	}()
	p := Progress{Total: len(jobs)}
	var sinkErr error
	for p.Done < p.Total && sinkErr == nil {
		select {
		case <-ctx.Done():
			r.wg.Wait()
			return p, ctx.Err()
		case t := <-r.results:
			p.Done++
			p.count(t.res.Sources)
			p.Elapsed = time.Since(start)
			p.Rate, p.ETA = rate(p.Done, p.Total, p.Elapsed)
			sinkErr = sink(t.result())
			if e.opts.Progress != nil {
				e.opts.Progress(p)
			}
		}
	}
	cancel()
	r.wg.Wait()
	return p, sinkErr
}

// count adds the outcomes of a job's visits.
func (p *Progress) count(sources []SourceResult) {
	for _, s := range sources {
		if s.Shared {
			continue
		}
		if len(s.Attempts) > 0 {
			p.Fetched++
		}
		switch s.Kind {
		case Failed:
			p.Failed++
		case Dead:
			p.Dead++
		case Blocked:
			p.Blocked++
		}
		if s.ArchivedURL != "" {
			p.Archived++
		}
	}
}

func rate(done, total int, elapsed time.Duration) (float64, time.Duration) {
	if done == 0 || elapsed <= 0 {
		return 0, 0
	}
	r := float64(done) / elapsed.Seconds()
	return r, time.Duration(float64(total-done) / r * float64(time.Second))
}

// sharedURLs counts the URLs that more than one job will visit, so that
// their first visit's result can be kept for the others.
func sharedURLs(jobs []Job) map[string]int {
	count := map[string]int{}
	for i := range jobs {
		for j := range jobs[i].Sources {
			if s := &jobs[i].Sources[j]; s.fetchable() {
				count[s.URL]++
			}
		}
	}
	for u, n := range count {
		if n < 2 {
			delete(count, u)
		}
	}
	return count
}

// run is the state of one Run.
type run struct {
	e       *Engine
	ctx     context.Context
	slots   chan struct{}
	results chan *task
	wg      sync.WaitGroup

	mu    sync.Mutex
	hosts map[string]*host
	// shared counts the jobs yet to visit each URL that several visit;
	// memo holds the first visit's result until the last has read it.
	shared map[string]int
	memo   map[string]*SourceResult
}

// task is a job on its way through the hosts of its sources.
type task struct {
	job  *Job
	next int // index of the source to visit next
	res  Result
}

// advance moves t to the host of its next source to visit, or reports it
// when it is complete or has no source left.
func (r *run) advance(t *task) {
	for ; t.next < len(t.job.Sources); t.next++ {
		t.pick()
		if t.res.Summary != "" && t.res.Cover != "" {
			break
		}
		s := &t.job.Sources[t.next]
		if !s.fetchable() {
			continue
		}
		key := hostKey(s.URL)
		if key == "" {
			t.res.Sources = append(t.res.Sources, SourceResult{ID: s.ID, URL: s.URL, Kind: Blocked,
				Error: fmt.Sprintf("%q is not an http(s) URL", s.URL)})
			continue
		}
		r.enqueue(key, t)
		return
	}
	t.pick()
	select {
	case r.results <- t:
	case <-r.ctx.Done():
	}
}

// pick sets the event's summary and cover from its sources up to the
// current one, in order, fresh results first and stored ones otherwise.
func (t *task) pick() {
	t.res.Summary, t.res.Cover, t.res.SummarySource, t.res.CoverSource = "", "", 0, 0
	fresh := map[int64]*SourceResult{}
	for i := range t.res.Sources {
		if s := &t.res.Sources[i]; s.Fresh {
			fresh[s.ID] = s
		}
	}
	for i := 0; i <= t.next && i < len(t.job.Sources); i++ {
		s := &t.job.Sources[i]
		desc, img := s.Description, s.Image
		if f, ok := fresh[s.ID]; ok {
			desc, img = f.Meta.Description, f.Meta.Image
		}
		if t.res.Summary == "" && desc != "" {
			t.res.Summary, t.res.SummarySource = desc, s.ID
		}
		if t.res.Cover == "" && img != "" {
			t.res.Cover, t.res.CoverSource = img, s.ID
		}
	}
}

func (t *task) result() Result {
	t.res.EventID = t.job.EventID
	return t.res
}

// hostKey is the queue a URL belongs to: its host and port, lower case;
// "" for what is not an http(s) URL.
func hostKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Host)
}

// host is one host's queue of tasks, its request gate and robots.txt.
type host struct {
	name    string
	tasks   []*task
	running bool
	gate    gate
	robots  robotsEntry
	// failures counts the requests in a row that got no answer (timeouts,
	// refused connections); at maxHostFailures the host is taken as down
	// for the rest of the run.
	failures int
}

// maxHostFailures is how many requests in a row may get no answer before a
// host's remaining sources fail without a request: a host that hangs would
// otherwise hold its queue for a timeout per source.
const maxHostFailures = 5

// hostFor returns the host of key, created on first use. r.mu must be held.
func (r *run) hostFor(key string) *host {
	h := r.hosts[key]
	if h == nil {
		h = &host{name: key}
		r.hosts[key] = h
	}
	return h
}

// gateOf returns the request gate of a URL's host.
func (r *run) gateOf(raw string) *gate {
	r.mu.Lock()
	defer r.mu.Unlock()
	return &r.hostFor(hostKey(raw)).gate
}

// enqueue adds t to the host's queue and starts the host's worker unless
// one is running.
func (r *run) enqueue(key string, t *task) {
	r.mu.Lock()
	h := r.hostFor(key)
	h.tasks = append(h.tasks, t)
	start := !h.running
	h.running = true
	r.mu.Unlock()
	if start {
		r.wg.Add(1)
		go r.work(h)
	}
}

// work visits the host's queue, one task at a time, until it is empty.
func (r *run) work(h *host) {
	defer r.wg.Done()
	for {
		r.mu.Lock()
		if len(h.tasks) == 0 || r.ctx.Err() != nil {
			h.running = false
			h.tasks = nil
			r.mu.Unlock()
			return
		}
		t := h.tasks[0]
		h.tasks[0] = nil
		h.tasks = h.tasks[1:]
		r.mu.Unlock()
		res := r.visitShared(h, &t.job.Sources[t.next], t.job.Date)
		if r.ctx.Err() != nil {
			continue // the run is over: the job stays pending
		}
		t.res.Sources = append(t.res.Sources, res)
		t.next++
		r.advance(t)
	}
}

// visitShared visits a source, or takes the result of another job's visit
// of the same URL in this run.
func (r *run) visitShared(h *host, s *Source, day time.Time) SourceResult {
	r.mu.Lock()
	n, shared := r.shared[s.URL]
	if shared {
		r.shared[s.URL] = n - 1
		if n == 1 {
			delete(r.shared, s.URL)
		}
		if m := r.memo[s.URL]; m != nil {
			if n == 1 {
				delete(r.memo, s.URL)
			}
			r.mu.Unlock()
			res := *m
			res.ID, res.Shared, res.Attempts = s.ID, true, nil
			return res
		}
	}
	r.mu.Unlock()
	res := r.visit(h, s, day)
	if shared && n > 1 {
		r.mu.Lock()
		if r.memo == nil {
			r.memo = map[string]*SourceResult{}
		}
		r.memo[s.URL] = &res
		r.mu.Unlock()
	}
	return res
}

// gate spaces the requests to one host: at least the run's interval apart,
// and not before a time the host asked for (Retry-After).
type gate struct {
	mu    sync.Mutex
	last  time.Time
	until time.Time
	// crawlDelay is the host's robots.txt Crawl-delay, which lengthens the
	// run's interval for this host.
	crawlDelay time.Duration
}

// maxCrawlDelay bounds the Crawl-delay honoured, so that one host cannot
// hold a run for hours.
const maxCrawlDelay = time.Minute

// next is when the gate opens. g.mu must be held.
func (g *gate) next(interval time.Duration) time.Time {
	interval = max(interval, g.crawlDelay)
	n := g.until
	if !g.last.IsZero() && g.last.Add(interval).After(n) {
		n = g.last.Add(interval)
	}
	return n
}

// setCrawlDelay records the host's Crawl-delay.
func (g *gate) setCrawlDelay(d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.crawlDelay = min(max(d, 0), maxCrawlDelay)
}

// hold keeps the gate shut for d from now.
func (g *gate) hold(d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if until := time.Now().Add(d); until.After(g.until) {
		g.until = until
	}
}

// pass waits for g to open and for a free slot of the run, and returns the
// function that frees the slot once the request is done. A request's start
// is recorded when it has both, so that waiting for a slot cannot bring two
// requests closer than the interval, and its end when it is done.
func (r *run) pass(g *gate) (release func(), err error) {
	interval := r.e.opts.Interval
	for {
		g.mu.Lock()
		wait := time.Until(g.next(interval))
		g.mu.Unlock()
		if wait > 0 {
			if err := sleep(r.ctx, wait); err != nil {
				return nil, err
			}
			continue
		}
		select {
		case r.slots <- struct{}{}:
		case <-r.ctx.Done():
			return nil, r.ctx.Err()
		}
		g.mu.Lock()
		now := time.Now()
		if now.Before(g.next(interval)) {
			g.mu.Unlock()
			<-r.slots
			continue
		}
		g.last = now
		g.mu.Unlock()
		// The interval also runs from the request's end: a request slow to
		// go out (a loaded machine, a slow dial) must not reach the host
		// just before the next one.
		return func() {
			g.mu.Lock()
			g.last = time.Now()
			g.mu.Unlock()
			<-r.slots
		}, nil
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

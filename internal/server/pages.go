package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"path"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"
)

// Versions tells when the data behind the pages changed; *store.Store is one.
// DataVersion returns a number that changes with every commit to the
// database, whoever the writer.
type Versions interface {
	DataVersion(ctx context.Context) (int64, error)
}

// NotedVersions is a Versions that also tells, for the price of an atomic
// load, when this process wrote; *store.Store is one. NotedChanges moves
// after each of this process's write transactions ends, before the call that
// wrote returns: with it, a page is never stale after a write of this
// process, however seldom DataVersion is read.
type NotedVersions interface {
	Versions
	NotedChanges() uint64
}

// DefaultVersionInterval is how long a read of the data version stays good
// when Config leaves VersionInterval 0: a commit of another process (an
// import run beside the server) shows at most this long after it ended.
const DefaultVersionInterval = 100 * time.Millisecond

// pageSource answers pages from memory when it has them: each page is
// rendered once per version of the data, however many ask for it at the same
// time, under a bound on the renders running at once, and kept in a cache
// bounded in bytes until the data changes.
type pageSource struct {
	pages    Pages
	versions Versions      // nil: no cache, every page rendered
	noted    NotedVersions // nil when versions is not one
	// interval is how long a read of the data version is reused; 0 reads
	// it for every request.
	interval time.Duration
	started  time.Time  // the origin of readBegan, for a monotonic clock
	cache    *pageCache // nil when off
	limit    *renderLimit
	timeout  time.Duration
	group    singleflight.Group
	// waiting counts the requests that joined a render, for the tests.
	waiting atomic.Int64
	warm    func(context.Context) error // nil: none
	warming atomic.Bool
	log     *slog.Logger

	// readsStarted counts the reads of the data version begun; mu
	// serializes them and guards the fields after it.
	readsStarted atomic.Uint64
	mu           sync.Mutex
	lastRead     uint64 // the number of the last read done
	seen         bool
	lastRaw      int64
	epoch        int64 // grows by one each time the data version moves

	// The last read's outcome for the requests that reuse it without
	// taking mu: the epoch, when the read began (since started), and
	// NotedChanges before it began. Stored epoch first, readBegan last.
	readEpoch   atomic.Int64
	readBegan   atomic.Int64
	notedAtRead atomic.Uint64
}

func newPageSource(cfg Config) *pageSource {
	s := &pageSource{pages: cfg.Pages, versions: cfg.Versions, timeout: cfg.PageTimeout, warm: cfg.Warm, log: cfg.Logger,
		interval: max(cfg.VersionInterval, 0), started: time.Now()}
	s.noted, _ = cfg.Versions.(NotedVersions)
	s.readBegan.Store(math.MinInt64 / 2) // long ago: the first request reads
	if cfg.Versions != nil && cfg.CacheBytes > 0 {
		s.cache = newPageCache(cfg.CacheBytes)
	}
	s.limit = newRenderLimit(cfg.MaxRenders, cfg.RenderWait)
	return s
}

// defaultMaxRenders is the number of renders at once when Config leaves
// MaxRenders 0: one per core, since a render keeps a core busy between its
// queries, plus one to overlap a query's wait.
func defaultMaxRenders() int { return runtime.GOMAXPROCS(0) + 1 }

// version returns the data's version as a number that only grows. A read
// of the data version that began less than the interval ago is reused
// unless this process wrote since (NotedChanges), so a commit of this
// process always shows at once and one of another process within the
// interval. Otherwise the version comes from a read that began after the
// call did; concurrent calls share reads: a call that waited while another
// read ran reuses that read when it began after the call.
func (s *pageSource) version(ctx context.Context) (int64, error) {
	if s.versions == nil {
		return 0, nil
	}
	if v, ok := s.recentVersion(); ok {
		return v, nil
	}
	arrived := s.readsStarted.Load()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lastRead > arrived {
		return s.epoch, nil
	}
	seq := s.readsStarted.Add(1)
	var noted uint64
	if s.noted != nil {
		noted = s.noted.NotedChanges()
	}
	began := time.Since(s.started)
	raw, err := s.versions.DataVersion(ctx)
	if err != nil {
		return 0, err
	}
	defer s.keepRead(began, noted)
	s.lastRead = seq
	if !s.seen || raw != s.lastRaw {
		s.seen, s.lastRaw = true, raw
		s.epoch++
		s.startWarm()
	}
	return s.epoch, nil
}

// recentVersion returns the epoch of the last read when it may be reused:
// it began less than the interval ago and this process wrote nothing since.
func (s *pageSource) recentVersion() (int64, bool) {
	if s.interval <= 0 {
		return 0, false
	}
	began := s.readBegan.Load()
	if time.Since(s.started)-time.Duration(began) >= s.interval {
		return 0, false
	}
	if s.noted != nil && s.noted.NotedChanges() != s.notedAtRead.Load() {
		return 0, false
	}
	return s.readEpoch.Load(), true
}

// keepRead publishes a read of the data version, begun at began after
// NotedChanges was noted, for recentVersion. s.mu is held.
func (s *pageSource) keepRead(began time.Duration, noted uint64) {
	s.readEpoch.Store(s.epoch)
	s.notedAtRead.Store(noted)
	s.readBegan.Store(int64(began))
}

// startWarm runs the warm-up in the background unless one is running; a
// version that moves during a warm-up is not warmed again (its pages load
// what they need themselves).
func (s *pageSource) startWarm() {
	if s.warm == nil || !s.warming.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer s.warming.Store(false)
		ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
		defer cancel()
		if err := s.warm(ctx); err != nil {
			s.log.Warn("warm up", "err", err)
		}
	}()
}

// page returns the page at a site path with its extension, from the cache
// or rendered. Waiting for a render or for a read of the data version is
// bounded by the page timeout; a page in memory needs neither.
func (s *pageSource) page(ctx context.Context, sitePath string) (*cached, error) {
	if v, ok := s.recentVersion(); ok && s.cache != nil {
		if c := s.cache.get(v, sitePath); c != nil {
			return c, nil
		}
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	v, err := s.version(ctx)
	if err != nil {
		return nil, fmt.Errorf("page %s: %w", sitePath, err)
	}
	if s.cache != nil {
		if c := s.cache.get(v, sitePath); c != nil {
			return c, nil
		}
	}
	ch := s.group.DoChan(strconv.FormatInt(v, 10)+" "+sitePath, func() (any, error) {
		return s.render(v, sitePath)
	})
	s.waiting.Add(1)
	defer s.waiting.Add(-1)
	select {
	case res := <-ch:
		if p, ok := res.Err.(renderPanic); ok {
			panic(p) // in the request's goroutine, where recoverPanics answers it
		}
		if res.Err != nil {
			return nil, res.Err
		}
		return res.Val.(*cached), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// render renders a page for everyone waiting on it: on a context of its own,
// so that one client leaving does not fail the others, bounded by the page
// timeout and by the render slots.
func (s *pageSource) render(v int64, sitePath string) (c *cached, err error) {
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, renderPanic{value: r, stack: debug.Stack()}
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	if err := s.limit.acquire(ctx); err != nil {
		return nil, err
	}
	defer s.limit.release()
	p, err := s.pages.Page(ctx, sitePath)
	if err != nil {
		return nil, err
	}
	contentType := p.ContentType
	if contentType == "" {
		contentType = contentTypes[path.Ext(sitePath)]
	}
	c = newCached(p.Body, contentType, p.Modified)
	if s.cache != nil {
		s.cache.put(v, sitePath, c)
	}
	return c, nil
}

// renderPanic carries a render's panic, with the stack where it happened, to
// the request's goroutine.
type renderPanic struct {
	value any
	stack []byte
}

func (p renderPanic) Error() string  { return fmt.Sprintf("%v\n%s", p.value, p.stack) }
func (p renderPanic) String() string { return p.Error() }

// busy answers a request for a page that could not be rendered in time
// because every render slot stayed taken.
func busy(w http.ResponseWriter) {
	w.Header().Set("Retry-After", retryAfter)
	plainError(w, http.StatusServiceUnavailable, "the server is busy rendering other pages; try again in a moment")
}

// isBusy reports whether err means no render slot was free in time.
func isBusy(err error) bool { return errors.Is(err, errBusy) }

// Header values shared by every answer from memory; see cached.
var (
	cacheControlValue   = []string{pageCacheControl}
	gzipValue           = []string{"gzip"}
	varyAccept          = []string{"Accept"}
	varyAcceptEncoding  = []string{"Accept-Encoding"}
	varyAcceptAndCoding = []string{"Accept", "Accept-Encoding"}
)

// writeCached answers with a cached page: its validators, then a 304 when the
// client's copy is current, else the body, gzipped when the client takes it.
// It sets the header map's canonical keys to the page's prebuilt values
// (the header is the request's own, so nothing else sees them), and writes
// header and body at once, Content-Length known.
func writeCached(w http.ResponseWriter, r *http.Request, c *cached) {
	rep := c.representation(c.gz != nil && acceptsGzip(r))
	notMod := notModified(r, rep.etag, c.modified)
	setCachedHeader(w.Header(), c, rep, notMod)
	if notMod {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	if err := writeBodyAtOnce(w, r, rep.body); err != nil {
		if n, ok := w.(writeErrorNoter); ok {
			n.noteWriteError(err) // for the request log: the client went away
		}
	}
}

// representation returns the page's gzipped representation when gz is
// set and it has one, else its plain one.
func (c *cached) representation(gz bool) *representation {
	if gz && c.gz != nil {
		return &c.zipped
	}
	return &c.plain
}

// setCachedHeader sets the header of an answer with rep, a representation
// of c: a 304 when notMod, else a 200. The fast front builds its answers
// with it too (cachedHead), so both write the same header.
func setCachedHeader(h http.Header, c *cached, rep *representation, notMod bool) {
	if c.gz != nil {
		addVaryAcceptEncoding(h)
	}
	h["Etag"] = rep.etagV
	if c.modifiedValue != nil {
		h["Last-Modified"] = c.modifiedValue
	}
	h["Cache-Control"] = cacheControlValue
	if notMod {
		return
	}
	if rep == &c.zipped {
		h["Content-Encoding"] = gzipValue
	}
	h["Content-Type"] = c.typeValue
	h["Content-Length"] = rep.length
}

// addVaryAcceptEncoding adds Accept-Encoding to the header's Vary.
func addVaryAcceptEncoding(h http.Header) {
	switch v := h["Vary"]; {
	case len(v) == 0:
		h["Vary"] = varyAcceptEncoding
	case len(v) == 1 && v[0] == "Accept":
		h["Vary"] = varyAcceptAndCoding
	default:
		h["Vary"] = append(v[:len(v):len(v)], "Accept-Encoding")
	}
}

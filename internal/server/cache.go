package server

import (
	"container/list"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultCacheBytes bounds the rendered pages kept in memory when Config
// leaves CacheBytes 0: the hot pages of an archive (home, recent days, their
// events, the lists) fit many times over.
const DefaultCacheBytes = 64 << 20

// entryOverhead is what an entry costs beside its bodies and key: the list
// element, the map slot, the strings' headers.
const entryOverhead = 256

// cached is a rendered page ready to answer with: its body, the body
// gzipped when worth it, and the validators of both.
type cached struct {
	body        []byte
	gz          []byte // nil below minGzipSize
	etag        string
	gzipETag    string
	contentType string
	modified    time.Time // truncated to the second; zero when unknown

	// The header values of both representations, built once: writeCached
	// puts these slices in the header map as they are, so that answering
	// from memory allocates nothing for them. They are never written to;
	// each has len == cap, so an append elsewhere copies.
	plain, zipped representation
	typeValue     []string
	modifiedValue []string // nil when modified is zero

	// heads are the header blocks of the fast front's answers, by headKey,
	// built on first use (fastanswer.go).
	heads [8]atomic.Pointer[[]byte]
	// files are the memory files the fast front sends the plain and the
	// gzipped body from, made on first use (pagefile.go).
	files [2]atomic.Pointer[os.File]
}

// representation is one encoding of a cached page: its body and the
// header values that differ between encodings.
type representation struct {
	body   []byte
	etag   string
	etagV  []string
	length []string
}

func newRepresentation(body []byte, etag string) representation {
	return representation{body: body, etag: etag, etagV: []string{etag}, length: []string{strconv.Itoa(len(body))}}
}

// size is what the entry costs the cache, in bytes: the bodies with the
// copies the fast front may send them from.
func (c *cached) size(key string) int64 {
	return int64(len(c.body) + len(c.gz) + c.fileCopies() + len(key) + len(c.contentType) + entryOverhead)
}

// newCached prepares a rendered page for the cache: gzipped once, tagged once.
func newCached(body []byte, contentType string, modified time.Time) *cached {
	c := &cached{body: body, etag: strongETag(body), contentType: contentType, typeValue: []string{contentType}}
	if !modified.IsZero() {
		c.modified = modified.UTC().Truncate(time.Second)
		c.modifiedValue = []string{c.modified.Format(http.TimeFormat)}
	}
	c.plain = newRepresentation(body, c.etag)
	if len(body) >= minGzipSize {
		c.gz = gzipped(body)
		c.gzipETag = c.etag[:len(c.etag)-1] + `-gzip"` // another representation, another tag
		c.zipped = newRepresentation(c.gz, c.gzipETag)
	}
	return c
}

// pageCache keeps rendered pages by site path (which names the format), up
// to a number of bytes, dropping the least recently used first. Every entry
// belongs to one version of the database: when the version moves, the whole
// cache is dropped, so no page outlives the data it was rendered from.
type pageCache struct {
	mu      sync.Mutex
	max     int64
	used    int64
	version int64
	order   *list.List // of *cacheItem, most recently used first
	items   map[string]*list.Element
}

type cacheItem struct {
	key  string
	page *cached
	size int64 // page.size(key) when it was put
}

func newPageCache(maxBytes int64) *pageCache {
	return &pageCache{max: maxBytes, order: list.New(), items: map[string]*list.Element{}}
}

// get returns the page at key rendered at version, and nil when there is
// none. Versions only grow: a newer version than the cache's drops every
// page first; an older one, read before the newer, finds nothing.
func (c *pageCache) get(version int64, key string) *cached {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sync(version)
	if version != c.version {
		return nil
	}
	el, ok := c.items[key]
	if !ok {
		return nil
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheItem).page
}

// put keeps a page rendered at version, unless the version is gone by now or
// the page is too big to be worth an eighth of the cache.
func (c *pageCache) put(version int64, key string, p *cached) {
	size := p.size(key)
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.version || size > c.max/8 {
		return
	}
	if el, ok := c.items[key]; ok {
		c.remove(el)
	}
	c.items[key] = c.order.PushFront(&cacheItem{key: key, page: p, size: size})
	c.used += size
	for c.used > c.max {
		c.remove(c.order.Back())
	}
}

// sync drops every page when the database moved to a newer version.
func (c *pageCache) sync(version int64) {
	if version <= c.version {
		return
	}
	c.version = version
	c.order.Init()
	clear(c.items)
	c.used = 0
}

func (c *pageCache) remove(el *list.Element) {
	it := c.order.Remove(el).(*cacheItem)
	delete(c.items, it.key)
	c.used -= it.size
}

// stats returns the number of pages and bytes held.
func (c *pageCache) stats() (pages int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items), c.used
}

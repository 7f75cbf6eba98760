// Package store keeps Chronicle's archive in one SQLite file: every imported
// revision of every day page, the current events of each day, and the
// entities, stories and sources the events link to, indexed for the lookups
// publishing makes (events by day, by entity, by story, by path).
//
// The store uses the pure-Go driver modernc.org/sqlite (no cgo), WAL mode and
// schema migrations versioned in code (see migrations.go).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNotFound is returned, wrapped with what was looked up, when the store
// holds no such event, day or path.
var ErrNotFound = errors.New("not found")

// ErrNotDatabase is returned, wrapped with the file name, when the file Open is
// given exists but is not a SQLite database.
var ErrNotDatabase = errors.New("not a SQLite database")

// Store is the archive's database. It is safe for concurrent use.
type Store struct {
	db *sql.DB
	// reads runs the reads outside transactions, each query's statement
	// prepared once (stmtcache.go).
	reads *reader
	// importing serializes the imports of this Store, which share keys.
	importing sync.Mutex
	keys      keyTables
	// batchKeyed is set once an import looked up its own keys (keysFor).
	batchKeyed bool
	// changes reads the database's data_version (changes.go).
	changes changeWatcher
	// noted counts the changes this process announced (NoteChange).
	noted atomic.Uint64
	// topicIdx is the topic index of one generation (topicindex.go).
	topicIdx topicIndexCache
	// created is set on a store of Create until it is moved into place.
	created *created
	// searches holds a slot for each search running (Search).
	searches chan struct{}
}

// keyTables are the caches of the key tables the imports link events to.
type keyTables struct {
	entities, stories, sources *keyTable
}

func newKeyTables() keyTables {
	return keyTables{
		entities: newKeyTable("entities", "title", true),
		stories:  newStoryKeyTable(),
		sources:  newKeyTable("sources", "url", false),
	}
}

func (k keyTables) all() []*keyTable { return []*keyTable{k.entities, k.stories, k.sources} }

// reset empties the caches, to be read again from the tables.
func (k keyTables) reset() {
	for _, t := range k.all() {
		t.reset()
	}
}

// busyTimeout is how long a statement waits for another connection's lock,
// such as a concurrent import's, before failing with "database is locked".
const busyTimeout = 10 * time.Second

// timeLayout stores timestamps in UTC with a fixed width, so that comparing
// the text compares the times.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// Open opens the store in the SQLite file at path, creating it when missing
// and migrating its schema to the current version. It refuses a file that is
// not a SQLite database, a SQLite database of another program, and a database
// written by a newer Chronicle.
func Open(path string, opts ...Option) (*Store, error) {
	if path == "" {
		return nil, errors.New("open store: empty database path")
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if err := checkPath(path); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	d := dsn(path)
	if o.mapped {
		d += "&" + url.Values{"_pragma": {fmt.Sprintf("mmap_size(%d)", maxMappedBytes)}}.Encode()
	}
	st, err := open(path, d)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return st, nil
}

// Option changes how Open opens a store.
type Option func(*options)

type options struct{ mapped bool }

// MappedReads has SQLite read the database file through a memory map
// (PRAGMA mmap_size) rather than copy each page it reads into a page cache
// of its own: a build over an earlier one reads a few thousand scattered
// pages, and their allocation and copy were about a sixth of its time
// (docs/performance-log.md). The pages mapped count in the process's resident
// size, though they are the kernel's file cache; the server, whose memory is
// measured, and the import, which writes, do without.
func MappedReads() Option { return func(o *options) { o.mapped = true } }

// maxMappedBytes is the most of the file mapped: SQLite's own ceiling on
// Linux (SQLITE_MAX_MMAP_SIZE); pages past it are read as without a map.
const maxMappedBytes = 0x7fff0000

// open opens the database at path with the data source name dsn and
// migrates its schema.
func open(path, dsn string) (*Store, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, openError(err)
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, openError(err)
	}
	return &Store{db: db, reads: newReader(db), keys: newKeyTables(),
		searches: make(chan struct{}, runtime.GOMAXPROCS(0))}, nil
}

// dsn builds the driver's data source name: a file: URI, so that any file
// name is allowed, with the pragmas every connection needs.
func dsn(path string) string {
	return dsnWith(path, connSettings{journal: "WAL", synchronous: "NORMAL", busy: busyTimeout})
}

// connSettings are the pragmas that differ between the databases of Open
// and Create.
type connSettings struct {
	journal, synchronous string
	busy                 time.Duration
}

// dsnWith is dsn with other settings.
func dsnWith(path string, c connSettings) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", c.busy.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode("+c.journal+")")
	q.Add("_pragma", "synchronous("+c.synchronous+")")
	q.Add("_pragma", "cache_size(-32768)") // 32 MiB of page cache per connection: more only grew the memory of whole-archive passes (docs/related.md)
	q.Add("_pragma", "temp_store(MEMORY)")
	// Write transactions take the write lock when they begin, so that two
	// writers queue under busy_timeout instead of one failing on upgrade.
	q.Set("_txlock", "immediate")
	u := url.URL{Path: filepath.Clean(path)}
	return "file:" + u.EscapedPath() + "?" + q.Encode()
}

// openError turns the driver's "file is not a database" into
// ErrNotDatabase.
func openError(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_NOTADB {
		return ErrNotDatabase
	}
	return err
}

// Close optimizes the query planner's statistics and closes the database.
// A database of Create is then moved into place, complete (create.go); if
// that fails, the error names where it was left.
func (s *Store) Close() error {
	_, optErr := s.db.Exec(`PRAGMA optimize`)
	c := s.created
	s.created = nil
	err := errors.Join(optErr, s.closeChanges(), s.reads.close())
	if c != nil && err == nil {
		err = s.journalToWAL(context.Background())
	}
	err = errors.Join(err, s.db.Close())
	if c != nil {
		if err != nil {
			return fmt.Errorf("create store %s: %w; the imported database is kept in %s", c.path, err, c.temp)
		}
		return c.finish()
	}
	return err
}

// formatTime gives the stored form of t.
func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// parseTime reads a time stored by formatTime.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored timestamp %q: %w", s, err)
	}
	return t, nil
}

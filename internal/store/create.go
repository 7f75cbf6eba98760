package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ErrExists is returned, wrapped with the file name, when Create is given a
// path where a file already is.
var ErrExists = errors.New("file exists")

// tempPattern names the temporary file of Create beside its target: the
// target's name, then this, with a random part for the asterisk.
const tempPattern = ".import-*.tmp"

// created is what a Store made by Create has to do when it is closed.
type created struct {
	// path is where the database goes when complete; temp is where it is
	// built until then.
	path, temp string
}

// Create makes a new, empty database for a first import at path, which must
// not exist. The database is built in a temporary file beside path (in the
// same directory, named after it with tempPattern), with the bulk settings of
// bulkDSN: nothing is flushed to the disk before the end, since until then
// nothing refers to the file. Close moves the complete database to path;
// Discard removes it. A process killed before either leaves at most the
// temporary file, never a half-built database at path, and an existing
// database is never touched (Open it instead).
func Create(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("create store: empty database path")
	}
	if _, err := os.Lstat(path); err == nil {
		return nil, fmt.Errorf("create store %s: %w", path, ErrExists)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("create store %s: %w", path, err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+tempPattern)
	if err != nil {
		return nil, fmt.Errorf("create store %s: %w", path, err)
	}
	temp := f.Name()
	// CreateTemp makes the file private; SQLite would have made it 0644.
	err = errors.Join(f.Chmod(0o644), f.Close())
	if err != nil {
		os.Remove(temp)
		return nil, fmt.Errorf("create store %s: %w", path, err)
	}
	st, err := open(temp, bulkDSN(temp))
	if err != nil {
		Remove(temp)
		return nil, fmt.Errorf("create store %s: %w", path, err)
	}
	st.created = &created{path: path, temp: temp}
	return st, nil
}

// LeftoverCreates returns the temporary files of Create beside path, sorted:
// those of first imports killed before the end (or of one running now),
// which nothing removes, since only the user knows that no import is
// running.
func LeftoverCreates(path string) []string {
	dir := filepath.Dir(path)
	entries, _ := os.ReadDir(dir) // sorted; an unreadable directory has none to name
	before, suffix, _ := strings.Cut(tempPattern, "*")
	prefix := filepath.Base(path) + before
	var names []string
	for _, e := range entries {
		if n := e.Name(); len(n) >= len(prefix)+len(suffix) && strings.HasPrefix(n, prefix) && strings.HasSuffix(n, suffix) {
			names = append(names, filepath.Join(dir, n))
		}
	}
	return names
}

// bulkDSN is dsn with the settings of a database that nothing else refers to
// yet. Synchronous OFF: no commit waits for the disk (finish syncs the file
// once, before it is moved into place). The rollback journal kept in memory
// instead of a write-ahead log: a page goes into the file once per
// transaction that changes it, not into the log and again into the file at
// each checkpoint (the corpus's import writes 0.6 GB instead of 1.2;
// docs/performance-log.md). A failed transaction still rolls back; a killed
// import leaves a file that only Create's temporary name refers to.
//
// Without the log, the import's readers (the related pass reading the
// events while the counts and the search index are written) wait for a
// writer that has spilled pages into the file until it commits, which for
// the search index of a large archive may take longer than busyTimeout:
// since no other process uses the file, they wait up to bulkBusyTimeout. Close makes the file a write-ahead-logged database like any
// other (journalToWAL).
func bulkDSN(path string) string {
	return dsnWith(path, connSettings{journal: "MEMORY", synchronous: "OFF", busy: bulkBusyTimeout})
}

// bulkBusyTimeout is how long a connection of Create waits for another's
// lock: that of the longest transaction of an import.
const bulkBusyTimeout = time.Hour

// finish moves the database of Create into place once closed: the file
// synced, linked at its path unless a file appeared there meanwhile, and the
// directory synced.
func (c *created) finish() error {
	if fi, err := os.Stat(c.temp + "-wal"); err == nil && fi.Size() > 0 {
		return fmt.Errorf("create store %s: the write-ahead log of %s was not checkpointed; the database is kept there", c.path, c.temp)
	}
	if err := syncFile(c.temp); err != nil {
		return fmt.Errorf("create store %s: %w", c.path, err)
	}
	if err := moveNew(c.temp, c.path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("create store %s: a file appeared there during the import; the imported database is kept in %s: %w", c.path, c.temp, ErrExists)
		}
		return fmt.Errorf("create store %s: the imported database is kept in %s: %w", c.path, c.temp, err)
	}
	Remove(c.temp) // -shm and an empty -wal, if SQLite left them
	if err := syncFile(filepath.Dir(c.path)); err != nil {
		return fmt.Errorf("create store %s: %w", c.path, err)
	}
	return nil
}

// moveNew renames from to to unless to exists: a hard link, which fails when
// to exists, then the removal of from. Where hard links are not supported it
// renames after checking that to is missing.
func moveNew(from, to string) error {
	err := os.Link(from, to)
	switch {
	case err == nil:
		return os.Remove(from)
	case errors.Is(err, fs.ErrExist):
		return err
	}
	if _, statErr := os.Lstat(to); !errors.Is(statErr, fs.ErrNotExist) {
		if statErr == nil {
			return fs.ErrExist
		}
		return statErr
	}
	return os.Rename(from, to)
}

// syncFile flushes a file or directory to the disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

// Remove removes the database file at path and the files SQLite keeps
// beside it; those that are missing are no error.
func Remove(path string) error {
	var errs []error
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Discard closes a database made by Create and removes it: for an import
// that stored nothing. On a database of Open it is Close.
func (s *Store) Discard() error {
	c := s.created
	if c == nil {
		return s.Close()
	}
	s.created = nil
	err := errors.Join(s.closeChanges(), s.reads.close(), s.db.Close())
	return errors.Join(err, Remove(c.temp))
}

// journalToWAL makes the database of Create a write-ahead-logged one, as
// every database of Open is, before it is moved into place.
func (s *Store) journalToWAL(ctx context.Context) error {
	var mode string
	if err := s.db.QueryRowContext(ctx, `PRAGMA journal_mode = WAL`).Scan(&mode); err != nil {
		return fmt.Errorf("write-ahead log: %w", err)
	}
	if mode != "wal" {
		return fmt.Errorf("write-ahead log: the journal mode stays %s", mode)
	}
	return nil
}

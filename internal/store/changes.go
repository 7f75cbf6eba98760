package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// changeWatcher reads SQLite's data_version on one connection of its own:
// the number changes whenever another connection, of this process or of
// another one, commits to the database. The connection never writes, so
// every commit of every writer (import, sync, related, enrich) shows.
type changeWatcher struct {
	mu   sync.Mutex
	conn *sql.Conn
	stmt *sql.Stmt
}

// DataVersion returns a number that changes whenever anything commits to the
// database, whoever the writer: a reader that cached what it read may keep
// it as long as the number stays the same. It reads no table, so it is
// cheap enough to call on every request.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	w := &s.changes
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stmt == nil {
		if err := w.open(ctx, s.db); err != nil {
			return 0, err
		}
	}
	var v int64
	if err := w.stmt.QueryRowContext(ctx).Scan(&v); err != nil {
		w.close()
		return 0, fmt.Errorf("read data version: %w", err)
	}
	return v, nil
}

func (w *changeWatcher) open(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("data version connection: %w", err)
	}
	stmt, err := conn.PrepareContext(ctx, `PRAGMA data_version`)
	if err != nil {
		conn.Close()
		return fmt.Errorf("prepare data version: %w", err)
	}
	w.conn, w.stmt = conn, stmt
	return nil
}

// close releases the watcher's connection; the next DataVersion opens another.
func (w *changeWatcher) close() error {
	if w.conn == nil {
		return nil
	}
	w.stmt.Close()
	err := w.conn.Close()
	w.conn, w.stmt = nil, nil
	return err
}

// closeChanges releases the watcher's connection, before the store closes.
func (s *Store) closeChanges() error {
	s.changes.mu.Lock()
	defer s.changes.mu.Unlock()
	return s.changes.close()
}

// NoteChange records that this Store just ended a write transaction: every
// transaction of the Store calls it once it committed (or failed to), so that
// readers that check DataVersion only now and then (the server's page cache)
// check it again at their next read. Any goroutine may call it.
func (s *Store) NoteChange() { s.noted.Add(1) }

// NotedChanges returns a number that moves after every write transaction of
// this Store ended, before the call that wrote returns. Writes of other
// processes, or of another Store of the same file, do not move it: only
// DataVersion sees those.
func (s *Store) NotedChanges() uint64 { return s.noted.Load() }

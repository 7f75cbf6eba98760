package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// maxCachedStmts bounds the statements a reader keeps: queries whose text
// varies (an IN list of as many marks as values) fill it at most this far,
// and the others are prepared at each call as before.
const maxCachedStmts = 512

// reader runs the store's reads outside transactions with the statement of
// each query text prepared once (database/sql then prepares it once per
// connection), not at each call: SQLite's parse and plan of a query cost
// about as much as running one that reads a few rows, and a one-day build
// runs thousands. Database/sql closes a connection's statements with it.
type reader struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

func newReader(db *sql.DB) *reader { return &reader{db: db, stmts: map[string]*sql.Stmt{}} }

// stmt returns the prepared statement of query, preparing it on first use;
// nil when the cache is full or the query does not prepare (the caller
// then runs it on the database, which reports the error).
func (r *reader) stmt(ctx context.Context, query string) *sql.Stmt {
	r.mu.Lock()
	defer r.mu.Unlock()
	if st, ok := r.stmts[query]; ok {
		return st
	}
	if len(r.stmts) >= maxCachedStmts {
		return nil
	}
	st, err := r.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	r.stmts[query] = st
	return st
}

// QueryContext runs query as sql.DB.QueryContext does.
func (r *reader) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := r.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return r.db.QueryContext(ctx, query, args...)
}

// QueryRowContext runs query as sql.DB.QueryRowContext does.
func (r *reader) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := r.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return r.db.QueryRowContext(ctx, query, args...)
}

// close closes the statements.
func (r *reader) close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var errs []error
	for q, st := range r.stmts {
		errs = append(errs, st.Close())
		delete(r.stmts, q)
	}
	return errors.Join(errs...)
}

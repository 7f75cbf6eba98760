package store

import (
	"context"
	"database/sql"
)

// queryer runs queries: the database itself or one of its transactions.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// eachRow runs query and calls scan for each row it returns, stopping at the
// first error.
func eachRow(ctx context.Context, q queryer, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// pairsInto runs query, whose rows are two columns, and sets m[first] to
// second for each row.
func pairsInto[K comparable, V any](ctx context.Context, q queryer, m map[K]V, query string, args ...any) error {
	return eachRow(ctx, q, query, args, func(rows *sql.Rows) error {
		var k K
		var v V
		err := rows.Scan(&k, &v)
		m[k] = v
		return err
	})
}

// inTx runs fn in a transaction of the database, committed when fn returns
// no error and rolled back otherwise.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer s.NoteChange()
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

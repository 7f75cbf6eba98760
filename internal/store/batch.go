package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Importing sends each day's rows of a table in one multi-row INSERT rather
// than one statement per row: with the pure-Go driver, the cost of a
// statement, not of a row, dominates an import.

// maxRows bounds the rows of one INSERT, well within SQLite's 32,766 variables.
const maxRows = 256

// preparer prepares the statements of a transaction, keeping the first error.
type preparer struct {
	ctx context.Context
	tx  *sql.Tx
	err error
}

func (p *preparer) prepare(query string) *sql.Stmt {
	if p.err != nil {
		return nil
	}
	st, err := p.tx.PrepareContext(p.ctx, query)
	if err != nil {
		p.err = fmt.Errorf("prepare %s: %w", strings.Join(strings.Fields(query), " "), err)
	}
	return st
}

// multiRow prepares, once per transaction and row count, an INSERT of n rows.
type multiRow struct {
	tx    *sql.Tx
	head  string // INSERT INTO t (a, b) VALUES
	row   string // (?, ?)
	tail  string // ON CONFLICT …, RETURNING …
	stmts map[int]*sql.Stmt
}

func newMultiRow(tx *sql.Tx, head string, width int, tail string) multiRow {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	return multiRow{tx: tx, head: head, row: row, tail: tail, stmts: make(map[int]*sql.Stmt)}
}

func (m *multiRow) stmt(ctx context.Context, n int) (*sql.Stmt, error) {
	if st, ok := m.stmts[n]; ok {
		return st, nil
	}
	query := m.head + " " + strings.TrimSuffix(strings.Repeat(m.row+", ", n), ", ") + " " + m.tail
	st, err := m.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare %s … (%d rows): %w", m.head, n, err)
	}
	m.stmts[n] = st
	return st, nil
}

// rowInserter gathers rows of one table and inserts them on flush.
type rowInserter struct {
	multiRow
	width int
	args  []any
}

func newRowInserter(tx *sql.Tx, head string, width int, tail string) *rowInserter {
	return &rowInserter{multiRow: newMultiRow(tx, head, width, tail), width: width}
}

// add queues one row; values must be as many as the table's columns.
func (r *rowInserter) add(values ...any) { r.args = append(r.args, values...) }

// flush inserts the queued rows.
func (r *rowInserter) flush(ctx context.Context) error {
	defer func() { r.args = r.args[:0] }()
	for args := r.args; len(args) > 0; {
		n := min(len(args)/r.width, maxRows)
		st, err := r.stmt(ctx, n)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, args[:n*r.width]...); err != nil {
			return fmt.Errorf("%s: %w", r.head, err)
		}
		args = args[n*r.width:]
	}
	return nil
}

// idCache finds or creates the row ids of unique keys (entity titles, story
// titles, source URLs), remembering them for the rest of the transaction.
type idCache struct {
	ids    map[string]int64
	insert multiRow  // INSERT … ON CONFLICT DO NOTHING RETURNING id, key
	find   *sql.Stmt // SELECT id … WHERE key = ?
}

// newIDCache serves table, whose unique text column is key.
func newIDCache(p *preparer, table, key string) *idCache {
	return &idCache{
		ids: make(map[string]int64),
		insert: newMultiRow(p.tx, "INSERT INTO "+table+" ("+key+") VALUES", 1,
			"ON CONFLICT ("+key+") DO NOTHING RETURNING id, "+key),
		find: p.prepare("SELECT id FROM " + table + " WHERE " + key + " = ?"),
	}
}

// resolve makes sure ids holds every key, inserting the new ones.
func (c *idCache) resolve(ctx context.Context, keys []string) error {
	var missing []any
	for _, k := range keys {
		if _, ok := c.ids[k]; !ok {
			c.ids[k] = 0 // queued once, however often it repeats
			missing = append(missing, k)
		}
	}
	for len(missing) > 0 {
		n := min(len(missing), maxRows)
		if err := c.insertChunk(ctx, missing[:n]); err != nil {
			return err
		}
		missing = missing[n:]
	}
	return nil
}

// insertChunk inserts keys; those that exist already are looked up one by one,
// as they are few: only a replaced day's links point at rows that exist.
func (c *idCache) insertChunk(ctx context.Context, keys []any) error {
	st, err := c.insert.stmt(ctx, len(keys))
	if err != nil {
		return err
	}
	if err := c.scanInserted(st.QueryContext(ctx, keys...)); err != nil {
		return fmt.Errorf("%s: %w", c.insert.head, err)
	}
	for _, k := range keys {
		key := k.(string)
		if c.ids[key] != 0 {
			continue
		}
		var id int64
		if err := c.find.QueryRowContext(ctx, key).Scan(&id); err != nil {
			return fmt.Errorf("find %q: %w", key, err)
		}
		c.ids[key] = id
	}
	return nil
}

func (c *idCache) scanInserted(rows *sql.Rows, err error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			return err
		}
		c.ids[key] = id
	}
	return rows.Err()
}

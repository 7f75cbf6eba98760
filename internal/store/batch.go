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

package talent

import (
	"database/sql"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// maxBindVars keeps one statement under SQLite's default limit of 32,766
// bound parameters (PostgreSQL allows 65,535).
const maxBindVars = 30000

// Bulk streams rows into a table with multi-row INSERT statements, each as
// large as the parameter limit allows, so that millions of rows go through
// a small buffer and few round trips. It writes through tx: the caller's
// transaction decides what commits. Inside a transaction the full-size
// statement is prepared once: parsing a statement of thousands of rows is
// otherwise a good part of the work.
type Bulk struct {
	tx      *gorm.DB
	cols    int
	pg      bool
	head    string // INSERT INTO t (a, b) VALUES
	tail    string // ON CONFLICT ... or ""
	perStmt int
	full    *sql.Stmt // the statement for perStmt rows, prepared on first use
	args    []any
	rows    int
	parents []*Bulk
}

// NewBulk prepares inserts of columns into table; tail follows the VALUES
// list (an ON CONFLICT clause, or "").
func NewBulk(tx *gorm.DB, table string, columns []string, tail string) *Bulk {
	b := &Bulk{tx: tx, cols: len(columns), pg: tx.Dialector.Name() == "postgres",
		head: "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ",
		tail: tail, perStmt: maxBindVars / len(columns)}
	b.args = make([]any, 0, b.perStmt*len(columns))
	return b
}

// After makes every flush of b write the rows queued in parents first, so
// that rows referencing theirs never reach the table before them.
func (b *Bulk) After(parents ...*Bulk) *Bulk {
	b.parents = append(b.parents, parents...)
	return b
}

// Add queues one row, writing a statement whenever enough rows wait.
func (b *Bulk) Add(values ...any) error {
	b.args = append(b.args, values...)
	b.rows++
	if b.rows == b.perStmt {
		return b.Flush()
	}
	return nil
}

// Flush writes the rows still queued.
func (b *Bulk) Flush() error {
	if b.rows == 0 {
		return nil
	}
	for _, p := range b.parents {
		if err := p.Flush(); err != nil {
			return err
		}
	}
	ctx := b.tx.Statement.Context
	tx, inTx := b.tx.Statement.ConnPool.(*sql.Tx)
	var err error
	switch {
	case b.rows == b.perStmt && inTx:
		if b.full == nil {
			if b.full, err = tx.PrepareContext(ctx, b.statement(b.rows)); err != nil {
				return err
			}
		}
		_, err = b.full.ExecContext(ctx, b.args...)
	default:
		_, err = b.tx.Statement.ConnPool.ExecContext(ctx, b.statement(b.rows), b.args...)
	}
	if err != nil {
		return err
	}
	b.args, b.rows = b.args[:0], 0
	return nil
}

// statement is the INSERT for rows rows, with the engine's placeholders.
func (b *Bulk) statement(rows int) string {
	var s strings.Builder
	s.Grow(len(b.head) + rows*b.cols*6 + len(b.tail) + 1)
	s.WriteString(b.head)
	n := 0
	for i := range rows {
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteByte('(')
		for c := range b.cols {
			if c > 0 {
				s.WriteString(", ")
			}
			n++
			if b.pg {
				s.WriteByte('$')
				s.WriteString(strconv.Itoa(n))
			} else {
				s.WriteByte('?')
			}
		}
		s.WriteByte(')')
	}
	if b.tail != "" {
		s.WriteByte(' ')
		s.WriteString(b.tail)
	}
	return s.String()
}

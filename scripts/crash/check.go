package main

import (
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	_ "github.com/mattn/go-sqlite3" // the driver the server itself uses (through gorm)
)

// database opens a data dir's SQLite file read-only: the checks must not
// repair, migrate or otherwise change what the crash left.
func database(dataDir string) (*sql.DB, error) {
	path := filepath.Join(dataDir, "ohtalent.db")
	return sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&_busy_timeout=10000")
}

// checkFile runs SQLite's own consistency checks: the b-trees and indexes
// (integrity_check) and every foreign key (foreign_key_check).
func checkFile(d *sql.DB) error {
	rows, err := d.Query("PRAGMA integrity_check")
	if err != nil {
		return err
	}
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return err
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	rows.Close()
	if len(problems) > 0 {
		return fmt.Errorf("integrity_check: %s", strings.Join(problems, "; "))
	}
	fk, err := d.Query("PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	defer fk.Close()
	if fk.Next() {
		return fmt.Errorf("foreign_key_check found rows that point nowhere")
	}
	return nil
}

// count runs a COUNT query.
func count(d *sql.DB, q string, args ...any) (int64, error) {
	var n int64
	err := d.QueryRow(q, args...).Scan(&n)
	return n, err
}

// tally runs COUNT queries one after another, keeping the first error.
type tally struct {
	d   *sql.DB
	err error
}

func (t *tally) count(q string, args ...any) int64 {
	if t.err != nil {
		return 0
	}
	var n int64
	n, t.err = count(t.d, q, args...)
	return n
}

// stopAndCheck stops the restarted server and opens its database for the
// scenario's checks, after SQLite's own.
func (t *trialEnv) stopAndCheck() (*sql.DB, error) {
	if err := t.srv.Stop(); err != nil {
		return nil, err
	}
	d, err := database(t.srv.DataDir)
	if err != nil {
		return nil, err
	}
	if err := checkFile(d); err != nil {
		t.violate("%v", err)
	}
	return d, nil
}

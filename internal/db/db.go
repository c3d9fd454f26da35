// Package db opens ohtalent's database (an SQLite file by default,
// PostgreSQL when a postgres URL is configured) and applies its migrations.
package db

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Dialect names the database engine behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB carries two handles. SQLite allows one writer at a time, so W is a
// single connection that serializes writes in-process (no "database is
// locked" under concurrent requests) while R is a pool of read connections
// that WAL lets run beside the writer. On PostgreSQL both are the same pool.
type DB struct {
	W       *gorm.DB
	R       *gorm.DB
	Dialect Dialect
}

// Options says where the database is.
type Options struct {
	URL        string // postgres:// or postgresql:// URL; empty means SQLite
	SQLitePath string
}

// IsPostgresURL reports whether a URL selects PostgreSQL.
func IsPostgresURL(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// Open connects to the configured engine. It does not migrate.
func Open(opts Options) (*DB, error) {
	gcfg := &gorm.Config{
		Logger:                                   logger.Discard, // query text may carry personal data
		NowFunc:                                  func() time.Time { return time.Now().UTC() },
		DisableForeignKeyConstraintWhenMigrating: true,
		TranslateError:                           true,
	}
	if opts.URL != "" {
		if !IsPostgresURL(opts.URL) {
			return nil, fmt.Errorf("OHT_DATABASE_URL must be a postgres:// URL")
		}
		g, err := gorm.Open(postgres.Open(opts.URL), gcfg)
		if err != nil {
			return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
		}
		sqlDB, err := g.DB()
		if err != nil {
			return nil, err
		}
		sqlDB.SetMaxOpenConns(32)
		sqlDB.SetMaxIdleConns(16)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
		return &DB{W: g, R: g, Dialect: Postgres}, nil
	}
	if opts.SQLitePath == "" {
		return nil, errors.New("no database configured")
	}
	if err := os.MkdirAll(filepath.Dir(opts.SQLitePath), 0o750); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	// _txlock=immediate takes the write lock when a transaction begins,
	// so a read-then-write transaction never fails half-way on lock upgrade.
	base := "file:" + (&url.URL{Path: opts.SQLitePath}).EscapedPath() +
		"?_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=on&_synchronous=NORMAL"
	w, err := gorm.Open(sqlite.Open(base+"&_txlock=immediate"), gcfg)
	if err != nil {
		return nil, fmt.Errorf("open SQLite: %w", err)
	}
	wdb, err := w.DB()
	if err != nil {
		return nil, err
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxLifetime(0)
	rgcfg := *gcfg
	r, err := gorm.Open(sqlite.Open(base+"&_query_only=1"), &rgcfg)
	if err != nil {
		return nil, fmt.Errorf("open SQLite readers: %w", err)
	}
	rdb, err := r.DB()
	if err != nil {
		return nil, err
	}
	n := max(4, runtime.NumCPU()*2)
	rdb.SetMaxOpenConns(n)
	rdb.SetMaxIdleConns(n)
	return &DB{W: w, R: r, Dialect: SQLite}, nil
}

// Ping checks that both handles answer.
func (d *DB) Ping(ctx context.Context) error {
	for _, g := range []*gorm.DB{d.W, d.R} {
		sqlDB, err := g.DB()
		if err != nil {
			return err
		}
		if err := sqlDB.PingContext(ctx); err != nil {
			return err
		}
		var one int
		if err := g.WithContext(ctx).Raw("SELECT 1").Scan(&one).Error; err != nil {
			return err
		}
	}
	return nil
}

// Close releases both handles.
func (d *DB) Close() error {
	var errs []error
	seen := map[*gorm.DB]bool{}
	for _, g := range []*gorm.DB{d.W, d.R} {
		if seen[g] {
			continue
		}
		seen[g] = true
		if sqlDB, err := g.DB(); err == nil {
			errs = append(errs, sqlDB.Close())
		}
	}
	return errors.Join(errs...)
}

// IsUniqueViolation reports whether err is a unique-constraint failure on
// either engine.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

// IsForeignKeyViolation reports whether err is a foreign-key failure.
func IsForeignKeyViolation(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, gorm.ErrForeignKeyViolated) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "FOREIGN KEY constraint failed") || strings.Contains(msg, "SQLSTATE 23503")
}

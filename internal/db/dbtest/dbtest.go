// Package dbtest opens a real, migrated database for tests: a fresh SQLite
// file in a temp dir, or, when OHT_TEST_DB=postgres, a fresh schema on the
// server named by OHT_TEST_POSTGRES_URL. No mocks of our own database.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/ohtalent/ohtalent/internal/db"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Engine reports which engine the tests run on.
func Engine() db.Dialect {
	if os.Getenv("OHT_TEST_DB") == "postgres" {
		return db.Postgres
	}
	return db.SQLite
}

// Options returns connection options for a new, empty database owned by t.
func Options(t testing.TB) db.Options {
	t.Helper()
	if Engine() != db.Postgres {
		return db.Options{SQLitePath: filepath.Join(t.TempDir(), "test.db")}
	}
	base := os.Getenv("OHT_TEST_POSTGRES_URL")
	if base == "" {
		t.Fatal("OHT_TEST_DB=postgres needs OHT_TEST_POSTGRES_URL")
	}
	buf := make([]byte, 6)
	_, _ = rand.Read(buf)
	schemaName := "t_" + hex.EncodeToString(buf)
	admin, err := gorm.Open(postgres.Open(base), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatalf("connect to test PostgreSQL: %v", err)
	}
	if err := admin.Exec("CREATE SCHEMA " + schemaName).Error; err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schemaName + " CASCADE")
		if sqlDB, err := admin.DB(); err == nil {
			sqlDB.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse OHT_TEST_POSTGRES_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schemaName)
	u.RawQuery = q.Encode()
	return db.Options{URL: u.String()}
}

// Open returns a migrated database that is closed when the test ends.
func Open(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(Options(t))
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate test database: %v", err)
	}
	return d
}

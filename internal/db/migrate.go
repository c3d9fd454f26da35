package db

import (
	"context"
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"
)

// Migration is one schema step. Its statements must run unchanged on
// SQLite and PostgreSQL: text ids generated in Go (no auto-increment),
// TEXT/INTEGER/BIGINT/BOOLEAN/TIMESTAMP columns, UTC times.
type Migration struct {
	Version    int
	Name       string
	Statements []string
}

// Migrations returns the schema steps (schema.go) in version order.
func Migrations() []Migration {
	out := append([]Migration(nil), schema...)
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	applied_at TIMESTAMP NOT NULL
)`

// Migrate applies every migration not yet recorded, each in its own
// transaction, and returns the versions it applied. Replicas starting
// together on PostgreSQL take an advisory lock so only one migrates.
func (d *DB) Migrate(ctx context.Context) ([]int, error) {
	ms := Migrations()
	seen := map[int]string{}
	for _, m := range ms {
		if prev, dup := seen[m.Version]; dup {
			return nil, fmt.Errorf("migration version %d used twice (%s, %s)", m.Version, prev, m.Name)
		}
		seen[m.Version] = m.Name
	}
	var applied []int
	err := d.W.WithContext(ctx).Connection(func(conn *gorm.DB) error {
		if d.Dialect == Postgres {
			if err := conn.Exec("SELECT pg_advisory_lock(7243001)").Error; err != nil {
				return err
			}
			defer conn.Exec("SELECT pg_advisory_unlock(7243001)")
		}
		if err := conn.Exec(createMigrationsTable).Error; err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		var done []int
		if err := conn.Raw("SELECT version FROM schema_migrations").Scan(&done).Error; err != nil {
			return err
		}
		have := map[int]bool{}
		for _, v := range done {
			have[v] = true
		}
		for _, m := range ms {
			if have[m.Version] {
				continue
			}
			err := conn.Transaction(func(tx *gorm.DB) error {
				for i, stmt := range m.Statements {
					if err := tx.Exec(stmt).Error; err != nil {
						return fmt.Errorf("migration %d %s, statement %d: %w", m.Version, m.Name, i+1, err)
					}
				}
				return tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
					m.Version, m.Name, time.Now().UTC()).Error
			})
			if err != nil {
				return err
			}
			applied = append(applied, m.Version)
		}
		return nil
	})
	return applied, err
}

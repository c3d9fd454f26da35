package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/db/dbtest"
)

func TestMigrateRecordsEveryStepOnceAndIsRepeatable(t *testing.T) {
	d := dbtest.Open(t) // already migrated once
	applied, err := d.Migrate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != 0 {
		t.Fatalf("second migrate applied %v, want nothing", applied)
	}
	var versions []int
	if err := d.R.Raw("SELECT version FROM schema_migrations ORDER BY version").Scan(&versions).Error; err != nil {
		t.Fatal(err)
	}
	ms := db.Migrations()
	if len(versions) != len(ms) {
		t.Fatalf("recorded %v, want %d migrations", versions, len(ms))
	}
	for i, m := range ms {
		if versions[i] != m.Version {
			t.Fatalf("recorded %v, want versions of %v", versions, ms)
		}
		if i > 0 && ms[i-1].Version >= m.Version {
			t.Fatalf("migration versions not increasing at %d", m.Version)
		}
	}
}

func TestTimesRoundTripAsUTC(t *testing.T) {
	d := dbtest.Open(t)
	at := time.Date(2027, 12, 31, 23, 59, 58, 123456000, time.FixedZone("CST", 8*3600))
	err := d.W.Exec("INSERT INTO orgs (id, code, kind, name_zh, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
		db.NewID(), "TIME", "university", "时间", at.UTC(), at.UTC()).Error
	if err != nil {
		t.Fatal(err)
	}
	var got time.Time
	if err := d.R.Raw("SELECT created_at FROM orgs WHERE code = 'TIME'").Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	if !got.Equal(at) {
		t.Fatalf("read back %v, want %v", got, at)
	}
}

func TestUniqueAndForeignKeyViolationsAreRecognized(t *testing.T) {
	d := dbtest.Open(t)
	now := time.Now().UTC()
	ins := func(id, code string) error {
		return d.W.Exec("INSERT INTO orgs (id, code, kind, name_zh, created_at, updated_at) VALUES (?, ?, 'university', 'x', ?, ?)", id, code, now, now).Error
	}
	if err := ins(db.NewID(), "DUP"); err != nil {
		t.Fatal(err)
	}
	if err := ins(db.NewID(), "DUP"); !db.IsUniqueViolation(err) {
		t.Fatalf("duplicate code: %v not recognized as unique violation", err)
	}
	err := d.W.Exec("INSERT INTO consortium_members (consortium_id, org_id, created_at) VALUES ('nope', 'nope', ?)", now).Error
	if !db.IsForeignKeyViolation(err) {
		t.Fatalf("dangling reference: %v not recognized as foreign-key violation (are foreign keys on?)", err)
	}
}

func TestNewIDsSortByCreation(t *testing.T) {
	prev := db.NewID()
	for i := 0; i < 1000; i++ {
		next := db.NewID()
		if next <= prev {
			t.Fatalf("id %s not after %s", next, prev)
		}
		prev = next
	}
}

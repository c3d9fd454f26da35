package db_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/db/dbtest"
)

// addUser writes one users row, as registration does.
func addUser(d *db.DB, n int64) error {
	now := time.Now().UTC()
	return d.W.Exec(`INSERT INTO users (id, email, display_name, password_hash, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?)`,
		db.NewID(), fmt.Sprintf("u%d@example.cn", n), "用户", now, now).Error
}

func sqliteOnly(t *testing.T) *db.DB {
	t.Helper()
	d := dbtest.Open(t)
	if d.Dialect != db.SQLite {
		if _, err := d.Backup(context.Background(), filepath.Join(t.TempDir(), "x.db")); !errors.Is(err, db.ErrNotSQLite) {
			t.Fatalf("backup on PostgreSQL: %v, want ErrNotSQLite", err)
		}
		t.Skip("SQLite backups; on PostgreSQL Backup refuses with the pg_dump advice (checked above)")
	}
	return d
}

// TestBackupWhileWriting backs up while a writer keeps inserting: the
// copy is sound and holds a prefix of the writes (a snapshot of one
// instant), never a torn state.
func TestBackupWhileWriting(t *testing.T) {
	d := sqliteOnly(t)
	var written atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			n := written.Load()
			if err := addUser(d, n); err != nil {
				t.Error(err)
				return
			}
			written.Add(1)
		}
	}()
	for written.Load() < 50 {
		time.Sleep(time.Millisecond)
	}
	before := written.Load()
	out := filepath.Join(t.TempDir(), "backup.db")
	info, err := d.Backup(context.Background(), out)
	after := written.Load()
	for written.Load() < after+50 {
		time.Sleep(time.Millisecond) // the writer was not blocked for good
	}
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Tables["users"]; got < before || got > after+1 {
		t.Fatalf("backup has %d users; %d were written before it began and %d when it ended", got, before, after)
	}
	if info.SchemaVersion != db.LatestVersion() || info.Bytes == 0 {
		t.Fatalf("backup info %+v", info)
	}
	if _, err := d.Backup(context.Background(), out); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("second backup to the same file: %v", err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*"))
	if len(leftovers) > 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
}

func TestRestore(t *testing.T) {
	d := sqliteOnly(t)
	for i := int64(0); i < 3; i++ {
		if err := addUser(d, i); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	dir := t.TempDir()
	backup := filepath.Join(dir, "backup.db")
	if _, err := d.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}

	// Into a new data folder: restored, and usable.
	target := filepath.Join(t.TempDir(), "data", "ohtalent.db")
	res, err := db.Restore(ctx, backup, target, db.RestoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Tables["users"] != 3 || res.Previous != "" {
		t.Fatalf("restore result %+v", res)
	}
	restored, err := db.Open(db.Options{SQLitePath: target})
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	restored.R.Raw("SELECT COUNT(*) FROM users").Scan(&n)
	restored.Close()
	if n != 3 {
		t.Fatalf("restored database has %d users", n)
	}

	// Over a database with data: refused without force, nothing touched.
	_, err = db.Restore(ctx, backup, target, db.RestoreOptions{})
	if !errors.Is(err, db.ErrHasData) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restore over data: %v", err)
	}

	// A check that fails (say, the master key does not open the keys)
	// leaves the target as it was and no temporary file behind.
	before, _ := os.ReadFile(target)
	_, err = db.Restore(ctx, backup, target, db.RestoreOptions{Force: true, Check: func(context.Context, *db.DB) error {
		return errors.New("keys do not open")
	}})
	if err == nil || !strings.Contains(err.Error(), "keys do not open") {
		t.Fatalf("failing check: %v", err)
	}
	if after, _ := os.ReadFile(target); string(after) != string(before) {
		t.Fatal("a failed restore changed the target")
	}
	if extra, _ := filepath.Glob(filepath.Join(filepath.Dir(target), ".*")); len(extra) > 0 {
		t.Fatalf("temporary files left: %v", extra)
	}

	// Forced: replaced, with the old database kept beside it.
	res, err = db.Restore(ctx, backup, target, db.RestoreOptions{Force: true})
	if err != nil || res.Previous == "" {
		t.Fatalf("forced restore: %+v %v", res, err)
	}
	if _, err := db.CheckFile(ctx, res.Previous); err != nil {
		t.Fatalf("previous database not kept: %v", err)
	}

	// A database in use by a running server is refused.
	open, err := db.Open(db.Options{SQLitePath: target})
	if err != nil {
		t.Fatal(err)
	}
	open.R.Exec("SELECT COUNT(*) FROM users")
	_, err = db.Restore(ctx, backup, target, db.RestoreOptions{Force: true})
	open.Close()
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("restore over an open database: %v", err)
	}
}

// TestRestoreRefusesBadBackups: damaged files, other files and backups from
// a newer release are refused before anything is replaced.
func TestRestoreRefusesBadBackups(t *testing.T) {
	d := sqliteOnly(t)
	ctx := context.Background()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	if _, err := d.Backup(ctx, good); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	damaged := append([]byte(nil), raw...)
	for i := len(damaged) / 2; i < len(damaged)/2+4096 && i < len(damaged); i++ {
		damaged[i] ^= 0x5a
	}
	newer := filepath.Join(dir, "newer.db")
	if _, err := d.Backup(ctx, newer); err != nil {
		t.Fatal(err)
	}
	nd, err := db.Open(db.Options{SQLitePath: newer})
	if err != nil {
		t.Fatal(err)
	}
	nd.W.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from the future', ?)", db.LatestVersion()+1, time.Now().UTC())
	nd.Close()
	cases := map[string]struct{ path, want string }{
		"truncated":  {write("truncated.db", raw[:len(raw)/3]), ""},
		"damaged":    {write("damaged.db", damaged), ""},
		"not sqlite": {write("notes.txt", []byte("学号,姓名\n")), "not an SQLite database"},
		"other sqlite": {func() string {
			p := filepath.Join(dir, "other.db")
			o, _ := db.Open(db.Options{SQLitePath: p})
			o.W.Exec("CREATE TABLE t (x INTEGER)")
			o.Close()
			return p
		}(), "not an ohtalent database"},
		"newer schema": {newer, "newer than this ohtalent"},
		"missing":      {filepath.Join(dir, "nope.db"), "no such file"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			target := filepath.Join(t.TempDir(), "ohtalent.db")
			_, err := db.Restore(ctx, c.path, target, db.RestoreOptions{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("restore: %v, want an error containing %q", err, c.want)
			}
			t.Log(err)
			if _, err := os.Stat(target); !errors.Is(err, os.ErrNotExist) {
				t.Fatal("a refused restore created the target")
			}
		})
	}
}

package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/db"
)

// TestBackupAndRestoreCommands runs the commands as an operator would:
// back up a data folder, restore it into another with the master key
// copied over, and see each refusal say what to do.
func TestBackupAndRestoreCommands(t *testing.T) {
	t.Setenv("OHT_DATABASE_URL", "")
	t.Setenv("OHT_MASTER_KEY", "")
	src := t.TempDir()
	t.Setenv("OHT_DATA_DIR", src)
	if code, _, errs := run(t, "keys", "rotate"); code != 0 {
		t.Fatalf("keys rotate: %s", errs)
	}
	if code, _, errs := run(t, "users", "create", "--email", "kept@example.cn", "--name", "留存", "--password", "a long enough password"); code != 0 {
		t.Fatalf("users create: %s", errs)
	}

	out := filepath.Join(t.TempDir(), "ohtalent-backup.db")
	code, stdout, errs := run(t, "backup", "--out", out)
	if code != 0 || !strings.Contains(stdout, "integrity check ok") || !strings.Contains(errs, "master key is not in the backup") {
		t.Fatalf("backup: %d\n%s%s", code, stdout, errs)
	}
	if code, _, errs := run(t, "backup", "--out", out); code != 1 || !strings.Contains(errs, "already exists") {
		t.Fatalf("backup over an existing file: %d %s", code, errs)
	}
	if code, _, _ := run(t, "backup"); code != 2 {
		t.Fatalf("backup without --out: %d, want 2", code)
	}
	t.Setenv("OHT_DATA_DIR", filepath.Join(t.TempDir(), "empty"))
	if code, _, errs := run(t, "backup", "--out", filepath.Join(t.TempDir(), "x.db")); code != 1 || !strings.Contains(errs, "no database at") {
		t.Fatalf("backup of a missing database: %d %s", code, errs)
	}

	// A new machine: without the master key the restore stops at once.
	dst := t.TempDir()
	t.Setenv("OHT_DATA_DIR", dst)
	if code, _, errs := run(t, "restore", "--from", out); code != 1 || !strings.Contains(errs, "no master key") {
		t.Fatalf("restore without a master key: %d %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dst, "ohtalent.db")); err == nil {
		t.Fatal("a refused restore created a database")
	}
	// A different master key cannot open the backup's signing keys.
	if err := os.WriteFile(filepath.Join(dst, "master.key"), []byte("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "restore", "--from", out); code != 1 || !strings.Contains(errs, "does not open under this master key") {
		t.Fatalf("restore with another master key: %d %s", code, errs)
	}
	copyKey(t, src, dst)
	code, stdout, errs = run(t, "restore", "--from", out)
	if code != 0 || !strings.Contains(stdout, "restored") {
		t.Fatalf("restore: %d\n%s%s", code, stdout, errs)
	}
	d, err := db.Open(db.Options{SQLitePath: filepath.Join(dst, "ohtalent.db")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = auth.UserByEmail(context.Background(), d.R, "kept@example.cn")
	d.Close()
	if err != nil {
		t.Fatalf("restored database lacks the user: %v", err)
	}
	if code, _, errs := run(t, "restore", "--from", out); code != 1 || !strings.Contains(errs, "--force") {
		t.Fatalf("restore over data: %d %s", code, errs)
	}
	if code, stdout, errs := run(t, "restore", "--from", out, "--force"); code != 0 || !strings.Contains(stdout, "kept as") {
		t.Fatalf("forced restore: %d %s%s", code, stdout, errs)
	}

	// PostgreSQL has its own tools; both commands say which.
	t.Setenv("OHT_DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
	if code, _, errs := run(t, "backup", "--out", filepath.Join(t.TempDir(), "pg.db")); code != 1 || !strings.Contains(errs, "pg_dump") {
		t.Fatalf("backup on PostgreSQL: %d %s", code, errs)
	}
	if code, _, errs := run(t, "restore", "--from", out); code != 1 || !strings.Contains(errs, "pg_restore") {
		t.Fatalf("restore on PostgreSQL: %d %s", code, errs)
	}
}

func copyKey(t *testing.T, from, to string) {
	t.Helper()
	key, err := os.ReadFile(filepath.Join(from, "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(to, "master.key"), key, 0o600); err != nil {
		t.Fatal(err)
	}
}

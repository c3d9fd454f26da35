package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/config"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/demo"
	"github.com/ohtalent/ohtalent/internal/org"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsersCreateAndResetPassword(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("OHT_DATA_DIR", dir)
	t.Setenv("OHT_DATABASE_URL", "")
	code, out, errs := run(t, "users", "create", "--email", "Ops@Example.cn", "--name", "运维", "--platform-admin")
	if code != 0 || !strings.Contains(out, "created user ops@example.cn") || !strings.Contains(out, "password: ") {
		t.Fatalf("create: code %d\n%s%s", code, out, errs)
	}
	code, _, errs = run(t, "users", "create", "--email", "ops@example.cn", "--name", "x")
	if code == 0 || !strings.Contains(errs, "already exists") {
		t.Fatalf("duplicate create: code %d %s", code, errs)
	}
	code, out, _ = run(t, "users", "reset-password", "--email", "OPS@example.cn", "--password", "a brand new password")
	if code != 0 || !strings.Contains(out, "password reset") {
		t.Fatalf("reset: code %d %s", code, out)
	}
	d, err := db.Open(db.Options{SQLitePath: config.Config{DataDir: dir}.SQLitePath()})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	u, err := auth.UserByEmail(context.Background(), d.R, "ops@example.cn")
	if err != nil || !u.PlatformAdmin {
		t.Fatalf("user: %+v %v", u, err)
	}
	if ok, _ := auth.VerifyPassword(u.PasswordHash, "a brand new password"); !ok {
		t.Fatal("password was not reset")
	}
	if code, _, _ := run(t, "users", "reset-password"); code != 2 {
		t.Fatalf("missing --email: code %d, want 2", code)
	}
	if code, _, _ := run(t, "nonsense"); code != 2 {
		t.Fatalf("unknown command: code %d, want 2", code)
	}
}

func TestMigrateCommand(t *testing.T) {
	t.Setenv("OHT_DATA_DIR", t.TempDir())
	t.Setenv("OHT_DATABASE_URL", "")
	code, out, errs := run(t, "migrate")
	if code != 0 || !strings.Contains(out, "applied") {
		t.Fatalf("migrate: %d %s %s", code, out, errs)
	}
	code, out, _ = run(t, "migrate")
	if code != 0 || !strings.Contains(out, "applied 0 migration") {
		t.Fatalf("second migrate: %d %s", code, out)
	}
}

func TestDemoSeedIsIdempotent(t *testing.T) {
	d, err := db.Open(db.Options{SQLitePath: t.TempDir() + "/demo.db"})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	svc := org.New(d)
	for i := 0; i < 2; i++ {
		if err := demo.Seed(context.Background(), d, svc, io.Discard); err != nil {
			t.Fatalf("seed run %d: %v", i+1, err)
		}
	}
	counts := map[string]int64{}
	for _, table := range []string{"users", "orgs", "memberships", "consortiums", "consortium_members"} {
		var n int64
		d.R.Table(table).Count(&n)
		counts[table] = n
	}
	want := map[string]int64{"users": int64(len(demo.Accounts)), "orgs": 3, "memberships": int64(len(demo.Accounts) - 1), "consortiums": 1, "consortium_members": 3}
	for k, v := range want {
		if counts[k] != v {
			t.Errorf("%s: %d rows after two seeds, want %d", k, counts[k], v)
		}
	}
}

func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("OHT_DATA_DIR", dir)
	t.Setenv("OHT_DATABASE_URL", "")
	if code, _, errs := run(t, "migrate"); code != 0 {
		t.Fatal(errs)
	}
	d, err := db.Open(db.Options{SQLitePath: config.Config{DataDir: dir}.SQLitePath()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := org.New(d).Create(context.Background(), "SUT", "university", org.Text{Zh: "大学"}, ""); err != nil {
		t.Fatal(err)
	}
	d.Close()
	file := dir + "/roster.csv"
	os.WriteFile(file, []byte("学号,姓名,邮箱\n1001,张三,z3@example.cn\n1002,李四,l4@example.cn\n"), 0o600)
	code, out, errs := run(t, "import", file, "--org", "sut", "--cohort", "一班", "--dry-run")
	if code != 0 || !strings.Contains(out, `"created": 2`) || !strings.Contains(out, `"applied": false`) {
		t.Fatalf("dry run: %d %s %s", code, out, errs)
	}
	code, out, _ = run(t, "import", file, "--org", "SUT", "--cohort", "一班")
	if code != 0 || !strings.Contains(out, `"applied": true`) {
		t.Fatalf("import: %d %s", code, out)
	}
	os.WriteFile(file, []byte("学号,姓名,邮箱\n1003,王五,not-an-email\n"), 0o600)
	if code, out, _ = run(t, "import", file, "--org", "SUT", "--cohort", "一班"); code != 1 || !strings.Contains(out, "invalid_email") {
		t.Fatalf("bad row: %d %s", code, out)
	}
	// A progress report reaches stderr (a file here, so one line per tenth).
	if !strings.Contains(errs, "writing 100% 2/2") {
		t.Errorf("no progress on stderr: %s", errs)
	}
	if code, _, errs = run(t, "import", file, "--org", "SUT"); code != 2 || !strings.Contains(errs, "--cohort is needed") {
		t.Errorf("a CSV without --cohort: %d %s", code, errs)
	}
	// A OneRoster bundle without --cohort: each class becomes a cohort.
	bundle := dir + "/bundle.zip"
	zipDir(t, "../server/testdata/oneroster-1.2-sample", bundle)
	code, out, errs = run(t, "import", bundle, "--org", "SUT")
	if code != 0 || strings.Count(out, `"cohortCreated": true`) != 3 || !strings.Contains(out, `"applied": true`) {
		t.Fatalf("OneRoster bundle: %d %s %s", code, out, errs)
	}
}

// zipDir writes the CSV files of dir into a zip at dst.
func zipDir(t *testing.T, dir, dst string) {
	t.Helper()
	f, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z := zip.NewWriter(f)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".csv") {
			continue
		}
		raw, err := os.ReadFile(dir + "/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		w, _ := z.Create(e.Name())
		w.Write(raw)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestServeRefusesASecondServer: two servers on one SQLite file would each
// trust its own in-memory credential statuses, so the second one stops
// before it listens and says why.
func TestServeRefusesASecondServer(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("OHT_DATA_DIR", dir)
	t.Setenv("OHT_DATABASE_URL", "")
	t.Setenv("OHT_ADDR", "127.0.0.1:0")
	lock, err := db.LockServer(config.Config{DataDir: dir}.SQLitePath())
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	code, _, errs := run(t, "serve")
	if code != 1 || !strings.Contains(errs, "another ohtalent server is running") || !strings.Contains(errs, "PostgreSQL") {
		t.Fatalf("second server: code %d %s", code, errs)
	}
}

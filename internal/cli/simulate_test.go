package cli

import (
	"strings"
	"testing"

	"github.com/ohtalent/ohtalent/internal/config"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/db/dbtest"
)

func TestSimulateFillsTheDatabaseAndCountsIt(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("OHT_DATA_DIR", dir)
	t.Setenv("OHT_DATABASE_URL", "")
	opts := db.Options{SQLitePath: config.Config{DataDir: dir}.SQLitePath()}
	if dbtest.Engine() == db.Postgres {
		opts = dbtest.Options(t)
		t.Setenv("OHT_DATABASE_URL", opts.URL)
	}
	for i := 1; i <= 2; i++ { // a second run adds to the first
		code, out, errs := run(t, "simulate", "--developers", "400", "--credentials", "900", "--orgs", "9")
		if code != 0 || !strings.Contains(out, "simulated 400 developers, 900 credentials, 9 orgs") {
			t.Fatalf("run %d: code %d\n%s\n%s", i, code, out, errs)
		}
		if !strings.Contains(errs, "people 100% 400/400") || !strings.Contains(errs, "counting 100%") {
			t.Fatalf("no progress shown:\n%s", errs)
		}
	}
	d, err := db.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n struct {
		Users, Creds, Multi, Revoked, Suspended, Reinstated, Expiring, Pending, Counted int64
	}
	q := func(dst *int64, sql string) {
		t.Helper()
		if err := d.R.Raw(sql).Row().Scan(dst); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	q(&n.Users, "SELECT COUNT(*) FROM users WHERE email LIKE 'sim-%@simulate.invalid'")
	q(&n.Creds, "SELECT COUNT(*) FROM credentials WHERE issued_by = 'simulate'")
	q(&n.Multi, "SELECT COUNT(*) FROM (SELECT user_id FROM memberships GROUP BY user_id HAVING COUNT(*) > 1) m")
	q(&n.Revoked, "SELECT COUNT(*) FROM credentials WHERE status = 'revoked'")
	q(&n.Suspended, "SELECT COUNT(*) FROM credential_events WHERE action = 'suspend'")
	q(&n.Reinstated, "SELECT COUNT(*) FROM credential_events WHERE action = 'reinstate'")
	q(&n.Expiring, "SELECT COUNT(*) FROM credentials WHERE valid_until IS NOT NULL")
	q(&n.Pending, "SELECT COUNT(*) FROM talent_state WHERE needs_rebuild")
	q(&n.Counted, "SELECT COUNT(*) FROM talent_people")
	if n.Users != 800 || n.Creds != 1800 || n.Multi == 0 || n.Revoked == 0 || n.Suspended == 0 || n.Reinstated == 0 ||
		n.Expiring == 0 || n.Pending != 0 || n.Counted < 700 {
		t.Fatalf("simulated data: %+v", n)
	}
	var orphans int64
	q(&orphans, "SELECT COUNT(*) FROM users u WHERE email LIKE 'sim-%' AND NOT EXISTS (SELECT 1 FROM credentials c WHERE c.user_id = u.id)")
	if orphans != 0 {
		t.Fatalf("%d simulated developers hold no credential", orphans)
	}
	for _, bad := range [][]string{{"--developers", "10", "--credentials", "5"}, {"--developers", "1", "--credentials", "100"}, {"--developers", "0"}} {
		if code, _, errs := run(t, append([]string{"simulate"}, bad...)...); code != 2 {
			t.Fatalf("%v: code %d, want 2 (%s)", bad, code, errs)
		}
	}
}

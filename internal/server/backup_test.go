package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/db"
)

// TestBackupRestoreRoundTrip fills a database through the real API, backs
// it up while a writer keeps registering accounts, restores the backup
// into a new data folder and starts a server there. The restored database
// has exactly the backup's rows in every table, the backup is one instant
// of the source (every write acknowledged before the backup began is in
// it), and every credential verifies with the verdict it had before.
func TestBackupRestoreRoundTrip(t *testing.T) {
	k := newKit(t)
	ctx := context.Background()
	if k.srv.DB.Dialect != db.SQLite {
		if _, err := k.srv.DB.Backup(ctx, filepath.Join(t.TempDir(), "b.db")); !errors.Is(err, db.ErrNotSQLite) {
			t.Fatalf("backup on PostgreSQL: %v, want the pg_dump advice", err)
		}
		t.Skip("PostgreSQL is backed up with pg_dump (README); the round trip is SQLite's")
	}

	// Something of every kind, through the API.
	admin := k.admin()
	uni := k.org(admin, "BK-U", "university")
	ent := k.org(admin, "BK-E", "enterprise")
	_, dean := k.member(admin, uni, "dean@bk.example.cn", "org_admin")
	k.member(admin, ent, "hr@bk.example.cn", "enterprise_verifier")
	co := k.must(201, k.do("POST", "/api/v1/orgs/"+uni+"/cohorts", dean, map[string]any{
		"name": "备份班", "term": "2026-autumn", "tracks": []string{"app-foundation"}})).JSON(t)["id"].(string)
	k.must(200, k.do("POST", "/api/v1/orgs/"+uni+"/cohorts/"+co+"/imports", dean, map[string]any{"students": students(0, 20)}))
	k.must(200, k.do("POST", "/api/v1/orgs/"+uni+"/cohorts/"+co+"/activation-links", dean, map[string]any{}))
	creds := map[string]string{} // id -> VC-JWT
	for i, action := range []string{"", "revoke", "suspend", ""} {
		email := fmt.Sprintf("holder%d@bk.example.cn", i)
		_, tok := k.user(email, fmt.Sprintf("持证人%d", i))
		if i == 0 { // a graded submission, with progress
			for _, lab := range k.srv.Catalog.Catalog().AllLabs() {
				if lab.Kind == catalog.KindQuiz {
					k.must(201, k.do("POST", "/api/v1/labs/"+lab.Slug+"/submissions", tok, map[string]any{"answers": map[string]any{lab.Questions[0].ID: "a"}}))
					break
				}
			}
		}
		c := k.must(201, k.do("POST", "/api/v1/credentials", admin, map[string]any{"email": email, "track": "app-foundation", "evidence": "exam"})).JSON(t)
		creds[c["id"].(string)] = c["jwt"].(string)
		if action != "" {
			k.must(200, k.do("POST", "/api/v1/credentials/"+c["id"].(string)+"/status", admin, map[string]any{"action": action, "reason": "备份测试"}))
		}
	}
	verdicts := verifyAll(t, k.http.URL, creds)

	// The writer registers accounts through the API until told to stop;
	// acked lists the ones the server acknowledged, in order.
	before, err := k.srv.DB.TableCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var acked []string
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			email := fmt.Sprintf("writer%d@bk.example.cn", i)
			body, _ := json.Marshal(map[string]any{"email": email, "password": testPassword, "displayName": "写入者"})
			resp, err := http.Post(k.http.URL+"/api/v1/auth/register", "application/json", bytes.NewReader(body))
			if err != nil {
				done <- err
				return
			}
			resp.Body.Close()
			if resp.StatusCode != 201 {
				done <- fmt.Errorf("register %s: %d", email, resp.StatusCode)
				return
			}
			mu.Lock()
			acked = append(acked, email)
			mu.Unlock()
		}
	}()
	waitAcked := func(n int) {
		for deadline := time.Now().Add(time.Minute); ; time.Sleep(5 * time.Millisecond) {
			mu.Lock()
			got := len(acked)
			mu.Unlock()
			if got >= n || time.Now().After(deadline) {
				return
			}
		}
	}
	waitAcked(3)
	mu.Lock()
	ackedBefore := append([]string(nil), acked...)
	mu.Unlock()
	backup := filepath.Join(t.TempDir(), "ohtalent-backup.db")
	info, err := k.srv.DB.Backup(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	waitAcked(len(ackedBefore) + 3) // writes went on after the backup
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	after, err := k.srv.DB.TableCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// The backup lies between the counts before and after the writing, and
	// tables nobody wrote to are exactly as they were.
	for name, n := range info.Tables {
		lo, hi := min(before[name], after[name]), max(before[name], after[name])
		if n < lo || n > hi {
			t.Errorf("backup has %d rows in %s; the source had %d before the backup and %d after", n, name, before[name], after[name])
		}
	}
	if len(info.Tables) != len(after) {
		t.Errorf("backup has %d tables, the source %d", len(info.Tables), len(after))
	}
	if info.Tables["users"] <= before["users"] || info.Tables["users"] >= after["users"] {
		t.Errorf("users: %d before, %d in the backup, %d after: the backup was not taken while writing", before["users"], info.Tables["users"], after["users"])
	}

	// A new machine: the operator copies the master key, then restores.
	dir := t.TempDir()
	key, err := os.ReadFile(filepath.Join(k.srv.Config.DataDir, "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "master.key"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t)
	cfg.DataDir, cfg.PublicURL = dir, k.srv.Config.PublicURL
	if _, err := db.Restore(ctx, backup, cfg.SQLitePath(), db.RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	// Counted before a server starts on it: at start the server fills
	// derived tables of its own (the talent dimensions).
	check, err := db.CheckFile(ctx, cfg.SQLitePath())
	if err != nil {
		t.Fatal(err)
	}
	restored := check.Tables
	for name, n := range info.Tables {
		if restored[name] != n {
			t.Errorf("table %s: %d rows restored, %d in the backup", name, restored[name], n)
		}
	}
	if len(restored) != len(info.Tables) {
		t.Errorf("%d tables restored, %d in the backup", len(restored), len(info.Tables))
	}
	s2, err := Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s2.Close() })
	h := httptest.NewServer(s2.Handler())
	t.Cleanup(h.Close)
	for _, email := range ackedBefore {
		var n int64
		s2.DB.R.Raw("SELECT COUNT(*) FROM users WHERE email = ?", email).Scan(&n)
		if n != 1 {
			t.Errorf("%s was acknowledged before the backup began but is not in it", email)
		}
	}
	got := verifyAll(t, h.URL, creds)
	for id, v := range verdicts {
		if got[id] != v {
			t.Errorf("credential %s: %s before, %s after the restore", id, v, got[id])
		}
	}
	// Accounts and sessions came along: the admin's old access token and
	// password both work on the restored server.
	r2 := &kit{t: t, srv: s2, http: h, logs: k.logs}
	r2.must(200, r2.do("GET", "/api/v1/me", admin, nil))
	r2.login("root@ohtalent.test")
	t.Logf("round trip: %d rows in %d tables; %d credentials verify as before (%v)", info.Rows(), len(info.Tables), len(got), got)
}

// verifyAll returns the verdict of each credential at base.
func verifyAll(t *testing.T, base string, creds map[string]string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for id, jwt := range creds {
		body, _ := json.Marshal(map[string]any{"credential": jwt})
		resp, err := http.Post(base+"/api/v1/verify", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var v struct{ Verdict string }
		err = json.NewDecoder(resp.Body).Decode(&v)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("verify %s: %d %v", id, resp.StatusCode, err)
		}
		out[id] = v.Verdict
	}
	return out
}

package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/db/dbtest"
)

// replicas are real ohtalent processes on one PostgreSQL database, as
// behind a load balancer.
type replicas struct {
	t   *testing.T
	bin string
	env []string // shared by every process: database, master key, admin
}

func newReplicas(t *testing.T, env ...string) *replicas {
	t.Helper()
	needPostgres(t)
	opts := dbtest.Options(t)
	bin := filepath.Join(t.TempDir(), "ohtalent")
	build := exec.Command("go", "build", "-o", bin, "../..")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		t.Fatalf("build: %v", err)
	}
	key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	return &replicas{t: t, bin: bin, env: append([]string{"OHT_DATABASE_URL=" + opts.URL, "OHT_MASTER_KEY=" + key,
		"OHT_ADMIN_EMAIL=root@ohtalent.test", "OHT_ADMIN_PASSWORD=" + testPassword,
		"OHT_PUBLIC_URL=http://ohtalent.test", "OHT_LOG_LEVEL=error"}, env...)}
}

func needPostgres(t *testing.T) {
	t.Helper()
	if dbtest.Engine() != db.Postgres {
		t.Skip("needs PostgreSQL: run with OHT_TEST_DB=postgres (CI does)")
	}
}

// start runs `ohtalent serve` and returns its base URL once it is ready.
func (rs *replicas) start() string {
	t := rs.t
	t.Helper()
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(rs.bin, "serve")
	cmd.Env = append(append(os.Environ(), rs.env...), "OHT_ADDR="+addr, "OHT_DATA_DIR="+t.TempDir())
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() })
	for i := 0; i < 400; i++ {
		if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return "http://" + addr
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("process on %s did not become ready:\n%s", addr, stderr)
	return ""
}

// command runs another ohtalent command on the same database.
func (rs *replicas) command(args ...string) string {
	rs.t.Helper()
	cmd := exec.Command(rs.bin, args...)
	cmd.Env = append(append(os.Environ(), rs.env...), "OHT_DATA_DIR="+rs.t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		rs.t.Fatalf("ohtalent %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// call sends a request; it fails the test unless the status is want (0:
// any 2xx).
func (rs *replicas) call(base, method, path, token string, body any, want int) map[string]any {
	rs.t.Helper()
	m, status, raw := rs.try(base, method, path, token, body)
	if (want == 0 && status >= 300) || (want != 0 && status != want) {
		rs.t.Fatalf("%s %s on %s: %d %s", method, path, base, status, raw)
	}
	return m
}

// try sends a request and returns the decoded object, status and body;
// it is safe in goroutines.
func (rs *replicas) try(base, method, path, token string, body any) (map[string]any, int, []byte) {
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, _ := http.NewRequestWithContext(context.Background(), method, base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, 0, []byte(err.Error())
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	var m map[string]any
	json.Unmarshal(out, &m)
	return m, resp.StatusCode, out
}

// TestTwoProcessesOnOnePostgres runs two real ohtalent processes on one
// PostgreSQL database, as replicas behind a load balancer: a credential
// issued through one verifies on the other, and a revocation through the
// other is seen by the first on its next request.
func TestTwoProcessesOnOnePostgres(t *testing.T) {
	rs := newReplicas(t)
	a := rs.start()
	b := rs.start() // starts while a runs: migrations and keys are already there
	// Log in on a, use the token on b: sessions are shared too.
	admin := rs.call(a, "POST", "/api/v1/auth/login", "", map[string]any{"email": "root@ohtalent.test", "password": testPassword}, 200)["accessToken"].(string)
	rs.call(b, "POST", "/api/v1/auth/register", "", map[string]any{"email": "hire@example.cn", "password": testPassword, "displayName": "跨副本"}, 201)
	cred := rs.call(a, "POST", "/api/v1/credentials", admin, map[string]any{"email": "hire@example.cn", "track": "app-foundation", "evidence": "exam"}, 201)
	if v := rs.call(b, "POST", "/api/v1/verify", "", map[string]any{"credential": cred["jwt"]}, 200); v["verdict"] != "valid" {
		t.Fatalf("verified on the other process: %v", v)
	}
	rs.call(b, "POST", "/api/v1/credentials/"+cred["id"].(string)+"/status", admin, map[string]any{"action": "revoke", "reason": "test"}, 200)
	if v := rs.call(a, "POST", "/api/v1/verify", "", map[string]any{"credential": cred["jwt"]}, 200); v["verdict"] != "revoked" {
		t.Fatalf("revocation on b not seen by a: %v", v)
	}
}

// TestReplicasShareSessionsKeysAndJobs shows that two replicas agree on
// what must be shared: sessions (a login on one refreshes, and is caught
// reusing a refresh token, on the other), signing keys (a key rotated by
// `ohtalent keys rotate` while both run signs new credentials on both, and
// those and the old ones verify on both) and job claims (code submissions
// sent to both are each graded exactly once; external jobs claimed through
// both by competing runners are each handed out exactly once).
func TestReplicasShareSessionsKeysAndJobs(t *testing.T) {
	needPostgres(t)
	courses := externalCourses(t)
	rs := newReplicas(t, "OHT_COURSES_DIR="+courses, "OHT_SUBMIT_RATE=0", "OHT_GRADE_WORKERS=1",
		"OHT_LOGIN_RATE_IP=10000", "OHT_PUBLIC_RATE_IP=100000")
	a := rs.start()
	b := rs.start()
	both := []string{a, b}

	// Sessions: log in on a; the access token works on b, b rotates the
	// refresh token, and a catches the reuse of the old one, which ends the
	// session family everywhere.
	login := rs.call(a, "POST", "/api/v1/auth/login", "", map[string]any{"email": "root@ohtalent.test", "password": testPassword}, 200)
	admin := login["accessToken"].(string)
	if me := rs.call(b, "GET", "/api/v1/me", admin, nil, 200); me["email"] != "root@ohtalent.test" {
		t.Fatalf("a's session on b: %v", me)
	}
	next := rs.call(b, "POST", "/api/v1/auth/refresh", "", map[string]any{"refreshToken": login["refreshToken"]}, 200)
	rs.call(a, "GET", "/api/v1/me", next["accessToken"].(string), nil, 200)
	rs.call(a, "POST", "/api/v1/auth/refresh", "", map[string]any{"refreshToken": login["refreshToken"]}, 401)
	rs.call(b, "POST", "/api/v1/auth/refresh", "", map[string]any{"refreshToken": next["refreshToken"]}, 401)

	// Keys: a credential from before the rotation, then rotate from a third
	// process while both serve.
	issue := func(base string, n int) map[string]any {
		email := fmt.Sprintf("holder%d@replica.example.cn", n)
		rs.call(base, "POST", "/api/v1/auth/register", "", map[string]any{"email": email, "password": testPassword, "displayName": "持证人"}, 201)
		return rs.call(base, "POST", "/api/v1/credentials", admin, map[string]any{"email": email, "track": "app-foundation", "evidence": "exam"}, 201)
	}
	old := issue(a, 0)
	oldKID := tokenKID(t, old["jwt"].(string))
	out := rs.command("keys", "rotate")
	_, rest, _ := strings.Cut(out, "new signing key ")
	newKID := strings.TrimRight(strings.Fields(rest + " ")[0], ";")
	if newKID == oldKID {
		t.Fatalf("rotation kept the key %s", oldKID)
	}
	creds := []map[string]any{old}
	n := 1
	for _, base := range both {
		// A replica picks up the new key within seconds, without a restart.
		var c map[string]any
		for deadline := time.Now().Add(30 * time.Second); ; {
			c = issue(base, n)
			n++
			creds = append(creds, c)
			if tokenKID(t, c["jwt"].(string)) == newKID || time.Now().After(deadline) {
				break
			}
			time.Sleep(500 * time.Millisecond)
		}
		if kid := tokenKID(t, c["jwt"].(string)); kid != newKID {
			t.Fatalf("%s still signs with %s after the rotation to %s", base, kid, newKID)
		}
	}
	for _, base := range both {
		for _, c := range creds {
			if v := rs.call(base, "POST", "/api/v1/verify", "", map[string]any{"credential": c["jwt"]}, 200); v["verdict"] != "valid" {
				t.Fatalf("credential signed by %s does not verify on %s: %v", tokenKID(t, c["jwt"].(string)), base, v)
			}
		}
		jwks := rs.call(base, "GET", "/.well-known/jwks.json", "", nil, 200)
		if ks := fmt.Sprint(jwks["keys"]); !strings.Contains(ks, oldKID) || !strings.Contains(ks, newKID) {
			t.Fatalf("JWKS on %s lacks a key: %s", base, ks)
		}
	}

	// Jobs, code labs: submissions sent to both replicas at once, each
	// graded exactly once (one claim, one verdict), none left behind.
	cat, err := catalog.LoadDir(courses)
	if err != nil {
		t.Fatal(err)
	}
	var lab *catalog.Lab
	for _, l := range cat.AllLabs() {
		if l.Kind == catalog.KindCode {
			lab = l
			break
		}
	}
	rs.call(a, "POST", "/api/v1/auth/register", "", map[string]any{"email": "coder@replica.example.cn", "password": testPassword, "displayName": "写代码"}, 201)
	coder := rs.call(b, "POST", "/api/v1/auth/login", "", map[string]any{"email": "coder@replica.example.cn", "password": testPassword}, 200)["accessToken"].(string)
	const perReplica = 6
	var mu sync.Mutex
	var ids []string
	var wg sync.WaitGroup
	for i := 0; i < 2*perReplica; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			files := lab.Solution
			if i%3 == 0 {
				files = lab.Starter
			}
			m, status, raw := rs.try(both[i%2], "POST", "/api/v1/labs/"+lab.Slug+"/submissions", coder, map[string]any{"files": files})
			if status != 201 && status != 202 {
				t.Errorf("submit to %s: %d %s", both[i%2], status, raw)
				return
			}
			mu.Lock()
			ids = append(ids, m["id"].(string))
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	for _, id := range ids {
		waitGradedOn(t, rs, both, coder, id)
	}
	checkGradedOnce(t, rs, ids)

	// Jobs, external labs: queued through both, claimed through both by
	// four runners at once; every job is handed out once and graded once.
	var runners []string
	for i := 0; i < 4; i++ {
		r := rs.call(both[i%2], "POST", "/api/v1/admin/runners", admin, map[string]any{"name": fmt.Sprintf("r%d", i), "kinds": []string{"hvigor"}}, 201)
		runners = append(runners, r["token"].(string))
	}
	var ext []string
	for i := 0; i < 2*perReplica; i++ {
		m := rs.call(both[i%2], "POST", "/api/v1/labs/hvigor-build-lab/submissions", coder, map[string]any{"files": map[string]string{"Index.ets": "@Entry"}}, 202)
		ext = append(ext, m["id"].(string))
	}
	claimed := map[string]int{}
	for i, tok := range runners {
		wg.Add(1)
		go func(i int, tok string) {
			defer wg.Done()
			for j := 0; ; j++ {
				base := both[(i+j)%2]
				job, status, raw := rs.try(base, "POST", "/api/v1/runner/claim", tok, nil)
				if status == 204 {
					return
				}
				if status != 200 {
					t.Errorf("claim on %s: %d %s", base, status, raw)
					return
				}
				id := job["id"].(string)
				mu.Lock()
				claimed[id]++
				mu.Unlock()
				// The result goes to the other replica.
				if _, status, raw := rs.try(both[(i+j+1)%2], "POST", "/api/v1/runner/jobs/"+id+"/result", tok, map[string]any{"score": 100}); status != 200 {
					t.Errorf("result for %s: %d %s", id, status, raw)
				}
			}
		}(i, tok)
	}
	wg.Wait()
	if len(claimed) != len(ext) {
		t.Fatalf("%d of %d external jobs were claimed", len(claimed), len(ext))
	}
	for id, n := range claimed {
		if n != 1 {
			t.Errorf("job %s was handed out %d times", id, n)
		}
	}
	checkGradedOnce(t, rs, ext)
	t.Logf("replicas agreed on a session, %d credentials across a key rotation, %d code gradings and %d runner jobs",
		len(creds), len(ids), len(ext))
}

// tokenKID reads the kid from a VC-JWT's header.
func tokenKID(t *testing.T, token string) string {
	t.Helper()
	tok, _, err := jwt.NewParser().ParseUnverified(token, jwt.MapClaims{})
	if err != nil {
		t.Fatal(err)
	}
	kid, _ := tok.Header["kid"].(string)
	return kid
}

func waitGradedOn(t *testing.T, rs *replicas, bases []string, token, id string) {
	t.Helper()
	for i := 0; i < 600; i++ {
		if sub, status, _ := rs.try(bases[i%len(bases)], "GET", "/api/v1/submissions/"+id, token, nil); status == 200 && sub["status"] == "graded" {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("submission %s was not graded in 60 s", id)
}

// checkGradedOnce reads the submissions table: every one graded, claimed
// once (attempts counts claims) and holding a verdict.
func checkGradedOnce(t *testing.T, rs *replicas, ids []string) {
	t.Helper()
	var d *db.DB
	for _, kv := range rs.env {
		if u, ok := strings.CutPrefix(kv, "OHT_DATABASE_URL="); ok {
			var err error
			if d, err = db.Open(db.Options{URL: u}); err != nil {
				t.Fatal(err)
			}
		}
	}
	defer d.Close()
	var rows []struct {
		ID       string
		Status   string
		Verdict  string
		Attempts int
	}
	if err := d.R.Raw("SELECT id, status, verdict, attempts FROM submissions WHERE id IN ?", ids).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(ids) {
		t.Fatalf("%d of %d submissions stored", len(rows), len(ids))
	}
	for _, r := range rows {
		if r.Status != "graded" || r.Verdict == "" || r.Attempts != 1 {
			t.Errorf("submission %s: status %s, verdict %q, claimed %d times; want graded once", r.ID, r.Status, r.Verdict, r.Attempts)
		}
	}
}

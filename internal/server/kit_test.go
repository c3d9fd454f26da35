package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/config"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/db/dbtest"
)

// kit is a running server on a fresh real database, reached over real HTTP.
type kit struct {
	t    testing.TB
	srv  *Server
	http *httptest.Server
	logs *syncBuffer
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func testConfig(t testing.TB) config.Config {
	cfg, err := config.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = t.TempDir()
	cfg.MasterKey = ""
	cfg.LoginPerIPPerMinute = 1000
	cfg.LoginPerAccountPerWindow = 1000
	cfg.PublicPerIPPerMinute = 100000
	cfg.MaxBodyBytes = 64 << 10
	return cfg
}

func newKit(t testing.TB, tweak ...func(*config.Config)) *kit {
	t.Helper()
	cfg := testConfig(t)
	for _, f := range tweak {
		f(&cfg)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	k := &kit{t: t, logs: logs}
	// Start listening first so the server knows its public URL (it goes
	// into credentials and their status list links).
	k.http = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { k.srv.Handler().ServeHTTP(w, r) }))
	t.Cleanup(k.http.Close)
	cfg.PublicURL = k.http.URL
	s, err := New(context.Background(), cfg, dbtest.Open(t), log)
	if err != nil {
		t.Fatal(err)
	}
	k.srv = s
	if s.DB.Dialect == db.SQLite {
		// As `serve` does on SQLite, where it holds the server lock.
		s.Creds.TrustLocalStatus()
	}
	t.Cleanup(func() { s.Grading.Close(); s.pool.Close() })
	return k
}

// response is a decoded reply.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("response is not a JSON object: %v\n%s", err, r.Body)
	}
	return m
}

// do sends a request; body may be nil, a string (sent raw) or a value
// (sent as JSON).
func (k *kit) do(method, path, token string, body any, headers ...string) response {
	k.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			k.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, k.http.URL+path, rd)
	if err != nil {
		k.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		k.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
}

// must fails the test unless the status is want.
func (k *kit) must(want int, r response) response {
	k.t.Helper()
	if r.Status != want {
		k.t.Fatalf("status %d, want %d: %s", r.Status, want, r.Body)
	}
	return r
}

// expectProblem checks a problem+json answer.
func (k *kit) expectProblem(r response, status int, slug string) map[string]any {
	k.t.Helper()
	if r.Status != status {
		k.t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		k.t.Fatalf("content type %q, want application/problem+json", ct)
	}
	p := r.JSON(k.t)
	if slug != "" && p["type"] != "https://ohtalent.dev/problems/"+slug {
		k.t.Fatalf("problem type %v, want %s", p["type"], slug)
	}
	if p["detail"] == "" || p["requestId"] == "" {
		k.t.Fatalf("problem lacks detail or requestId: %s", r.Body)
	}
	return p
}

const testPassword = "correct horse battery"

// user registers an account and logs it in, returning its access token.
func (k *kit) user(email, name string) (id, token string) {
	k.t.Helper()
	r := k.must(201, k.do("POST", "/api/v1/auth/register", "", map[string]any{"email": email, "password": testPassword, "displayName": name}))
	id = r.JSON(k.t)["id"].(string)
	return id, k.login(email)
}

func (k *kit) login(email string) string {
	k.t.Helper()
	r := k.must(200, k.do("POST", "/api/v1/auth/login", "", map[string]any{"email": email, "password": testPassword}))
	return r.JSON(k.t)["accessToken"].(string)
}

// admin returns a platform admin's token.
func (k *kit) admin() string {
	k.t.Helper()
	if err := k.srv.Auth.EnsurePlatformAdmin(context.Background(), "root@ohtalent.test", testPassword, io.Discard); err != nil {
		k.t.Fatal(err)
	}
	return k.login("root@ohtalent.test")
}

// org creates an organization as admin and returns its id.
func (k *kit) org(adminToken, code, kind string) string {
	k.t.Helper()
	r := k.must(201, k.do("POST", "/api/v1/orgs", adminToken, map[string]any{
		"code": code, "kind": kind, "name": map[string]string{"zh": code + " 名称", "en": code + " name"}, "district": "yubei"}))
	return r.JSON(k.t)["id"].(string)
}

// member adds a new person to an org with a role and returns member id
// and the person's token.
func (k *kit) member(adminToken, orgID, email, role string) (memberID, token string) {
	k.t.Helper()
	r := k.must(201, k.do("POST", "/api/v1/orgs/"+orgID+"/members", adminToken, map[string]any{
		"email": email, "role": role, "displayName": "成员 " + role, "initialPassword": testPassword}))
	return r.JSON(k.t)["id"].(string), k.login(email)
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (k *kit) dumpErrors() {
	for _, line := range strings.Split(k.logs.String(), "\n") {
		if strings.Contains(line, `"level":"ERROR"`) {
			k.t.Log(line)
		}
	}
}

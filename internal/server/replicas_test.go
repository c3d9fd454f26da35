package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/db/dbtest"
)

// TestTwoProcessesOnOnePostgres runs two real ohtalent processes on one
// PostgreSQL database, as replicas behind a load balancer: a credential
// issued through one verifies on the other, and a revocation through the
// other is seen by the first on its next request.
func TestTwoProcessesOnOnePostgres(t *testing.T) {
	if dbtest.Engine() != db.Postgres {
		t.Skip("needs PostgreSQL: run with OHT_TEST_DB=postgres (CI does)")
	}
	opts := dbtest.Options(t)
	bin := filepath.Join(t.TempDir(), "ohtalent")
	build := exec.Command("go", "build", "-o", bin, "../..")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		t.Fatalf("build: %v", err)
	}
	key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	start := func() string {
		l, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := l.Addr().String()
		l.Close()
		cmd := exec.Command(bin, "serve")
		cmd.Env = append(os.Environ(), "OHT_ADDR="+addr, "OHT_DATA_DIR="+t.TempDir(), "OHT_DATABASE_URL="+opts.URL,
			"OHT_MASTER_KEY="+key, "OHT_ADMIN_EMAIL=root@ohtalent.test", "OHT_ADMIN_PASSWORD="+testPassword,
			"OHT_PUBLIC_URL=http://ohtalent.test", "OHT_LOG_LEVEL=error")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() })
		for i := 0; i < 200; i++ {
			if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					return "http://" + addr
				}
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("process on %s did not become ready", addr)
		return ""
	}
	a := start()
	b := start() // starts while a runs: migrations and keys are already there
	call := func(base, method, path, token string, body any) map[string]any {
		raw, _ := json.Marshal(body)
		req, _ := http.NewRequestWithContext(context.Background(), method, base+path, bytes.NewReader(raw))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		var m map[string]any
		json.Unmarshal(out, &m)
		if resp.StatusCode >= 300 {
			t.Fatalf("%s %s on %s: %d %s", method, path, base, resp.StatusCode, out)
		}
		return m
	}
	// Log in on a, use the token on b: sessions are shared too.
	admin := call(a, "POST", "/api/v1/auth/login", "", map[string]any{"email": "root@ohtalent.test", "password": testPassword})["accessToken"].(string)
	call(b, "POST", "/api/v1/auth/register", "", map[string]any{"email": "hire@example.cn", "password": testPassword, "displayName": "跨副本"})
	cred := call(a, "POST", "/api/v1/credentials", admin, map[string]any{"email": "hire@example.cn", "track": "app-foundation", "evidence": "exam"})
	if v := call(b, "POST", "/api/v1/verify", "", map[string]any{"credential": cred["jwt"]}); v["verdict"] != "valid" {
		t.Fatalf("verified on the other process: %v", v)
	}
	call(b, "POST", "/api/v1/credentials/"+cred["id"].(string)+"/status", admin, map[string]any{"action": "revoke", "reason": "test"})
	if v := call(a, "POST", "/api/v1/verify", "", map[string]any{"credential": cred["jwt"]}); v["verdict"] != "revoked" {
		t.Fatalf("revocation on b not seen by a: %v", v)
	}
}

package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/config"
	"github.com/ohtalent/ohtalent/internal/credential"
	"github.com/ohtalent/ohtalent/internal/db/dbtest"
	"github.com/ohtalent/ohtalent/internal/server"
)

// TestVerifyCommand runs `ohtalent verify` on a credential file against a
// JWKS file, offline and then with the live status list.
func TestVerifyCommand(t *testing.T) {
	var srv *server.Server
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { srv.Handler().ServeHTTP(w, r) }))
	defer hs.Close()
	cfg, _ := config.FromEnv()
	cfg.DataDir, cfg.PublicURL, cfg.MasterKey = t.TempDir(), hs.URL, ""
	var err error
	srv, err = server.New(context.Background(), cfg, dbtest.Open(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Grading.Close()
	ctx := context.Background()
	u, err := auth.CreateUser(ctx, srv.DB.W, auth.NewUser{Email: "cli@example.cn", DisplayName: "命令行", Password: "long enough pw"})
	if err != nil {
		t.Fatal(err)
	}
	rec, _, err := srv.Creds.Issue(ctx, credential.IssueRequest{UserID: u.ID, Track: srv.Catalog.Catalog().Track("app-foundation"), IssuedBy: "test", Evidence: "exam"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	credFile, jwksFile := filepath.Join(dir, "cred.jwt"), filepath.Join(dir, "jwks.json")
	var view struct{ JWT string }
	resp, _ := http.Get(hs.URL + "/api/v1/credentials/" + rec.ID)
	json.NewDecoder(resp.Body).Decode(&view)
	resp.Body.Close()
	os.WriteFile(credFile, []byte(view.JWT+"\n"), 0o600)
	jwks, _ := json.Marshal(srv.Creds.Keys().JWKS(ctx))
	os.WriteFile(jwksFile, jwks, 0o600)

	code, out, errs := run(t, "verify", credFile, "--jwks", jwksFile, "--offline")
	if code != 0 || !strings.Contains(out, `"verdict": "valid"`) || !strings.Contains(out, "offline") {
		t.Fatalf("offline verify: %d %s %s", code, out, errs)
	}
	code, out, _ = run(t, "verify", credFile, "--jwks", hs.URL+"/.well-known/jwks.json")
	if code != 0 || !strings.Contains(out, "neither revoked nor suspended") {
		t.Fatalf("online verify: %d %s", code, out)
	}
	srv.DB.W.Exec("UPDATE credentials SET status = 'revoked' WHERE id = ?", rec.ID)
	code, out, _ = run(t, "verify", credFile, "--jwks", jwksFile)
	if code != 1 || !strings.Contains(out, `"verdict": "revoked"`) {
		t.Fatalf("verify after revocation: %d %s", code, out)
	}
	tampered := strings.Replace(view.JWT, ".", ".x", 1)
	os.WriteFile(credFile, []byte(tampered), 0o600)
	if code, out, _ = run(t, "verify", credFile, "--jwks", jwksFile); code != 1 || !strings.Contains(out, "malformed") && !strings.Contains(out, "tampered") {
		t.Fatalf("tampered file: %d %s", code, out)
	}
	if code, _, _ = run(t, "verify", credFile); code != 2 {
		t.Fatalf("missing --jwks: exit %d, want 2", code)
	}
}

func TestKeysCommand(t *testing.T) {
	t.Setenv("OHT_DATA_DIR", t.TempDir())
	t.Setenv("OHT_DATABASE_URL", "")
	code, out, _ := run(t, "keys", "list")
	if code != 0 || strings.Count(out, "ohk-") != 1 || !strings.Contains(out, "signs new credentials") {
		t.Fatalf("keys list: %d %s", code, out)
	}
	code, out, _ = run(t, "keys", "rotate")
	if code != 0 || !strings.Contains(out, "new signing key") {
		t.Fatalf("keys rotate: %d %s", code, out)
	}
	_, out, _ = run(t, "keys", "list")
	if strings.Count(out, "ohk-") != 2 || strings.Count(out, "signs new credentials") != 1 {
		t.Fatalf("after rotate: %s", out)
	}
}

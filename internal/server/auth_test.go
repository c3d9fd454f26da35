package server

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/config"
)

func TestRegisterLoginMeRefreshLogout(t *testing.T) {
	k := newKit(t)
	r := k.must(201, k.do("POST", "/api/v1/auth/register", "", map[string]any{
		"email": "  Xiao.Ming@Example.CN ", "password": testPassword, "displayName": " 张小明 "}))
	u := r.JSON(t)
	if u["email"] != "xiao.ming@example.cn" || u["displayName"] != "张小明" {
		t.Fatalf("email and name not normalized: %s", r.Body)
	}
	if strings.Contains(string(r.Body), "argon2") || strings.Contains(string(r.Body), "password") {
		t.Fatalf("registration answer leaks the password hash: %s", r.Body)
	}
	// Same address in other case is the same account.
	k.expectProblem(k.do("POST", "/api/v1/auth/register", "", map[string]any{
		"email": "XIAO.MING@example.cn", "password": testPassword, "displayName": "x"}), 409, "conflict")

	login := k.must(200, k.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "XIAO.MING@EXAMPLE.CN", "password": testPassword})).JSON(t)
	access, refresh := login["accessToken"].(string), login["refreshToken"].(string)
	if login["tokenType"] != "Bearer" || login["expiresIn"].(float64) < 800 || login["expiresIn"].(float64) > 900 {
		t.Fatalf("unexpected token response: %v", login)
	}
	me := k.must(200, k.do("GET", "/api/v1/me", access, nil)).JSON(t)
	if me["displayName"] != "张小明" || me["platformAdmin"] != false {
		t.Fatalf("me: %v", me)
	}

	// Refresh rotates: the new token works, the spent one does not, and
	// replaying the spent one revokes the whole session family.
	next := k.must(200, k.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refreshToken": refresh})).JSON(t)
	refresh2 := next["refreshToken"].(string)
	if refresh2 == refresh {
		t.Fatal("refresh token did not rotate")
	}
	k.expectProblem(k.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refreshToken": refresh}), 401, "unauthorized")
	k.expectProblem(k.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refreshToken": refresh2}), 401, "unauthorized")

	// Logout revokes.
	again := k.must(200, k.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "xiao.ming@example.cn", "password": testPassword})).JSON(t)
	k.must(204, k.do("POST", "/api/v1/auth/logout", "", map[string]any{"refreshToken": again["refreshToken"]}))
	k.expectProblem(k.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refreshToken": again["refreshToken"]}), 401, "unauthorized")

	// The log never holds the password, the email or any token.
	logs := k.logs.String()
	for _, secret := range []string{testPassword, "xiao.ming", access, refresh, refresh2} {
		if strings.Contains(logs, secret) {
			t.Fatalf("log contains a secret or personal datum %q", secret)
		}
	}
}

func TestConcurrentRefreshSpendsTokenOnce(t *testing.T) {
	k := newKit(t)
	k.user("race@example.cn", "Race")
	login := k.must(200, k.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "race@example.cn", "password": testPassword})).JSON(t)
	var wg sync.WaitGroup
	statuses := make(chan int, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses <- k.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refreshToken": login["refreshToken"]}).Status
		}()
	}
	wg.Wait()
	close(statuses)
	ok := 0
	for s := range statuses {
		if s == 200 {
			ok++
		} else if s != 401 {
			t.Fatalf("unexpected status %d", s)
		}
	}
	if ok != 1 {
		t.Fatalf("%d concurrent refreshes succeeded with one token, want exactly 1", ok)
	}
}

func TestRegistrationValidation(t *testing.T) {
	k := newKit(t)
	p := k.expectProblem(k.do("POST", "/api/v1/auth/register", "", map[string]any{
		"email": "not-an-email", "password": "short", "displayName": "  "}), 422, "validation")
	fields := map[string]bool{}
	for _, e := range p["errors"].([]any) {
		fields[e.(map[string]any)["field"].(string)] = true
	}
	for _, f := range []string{"email", "password", "displayName"} {
		if !fields[f] {
			t.Errorf("no field error for %s: %v", f, p["errors"])
		}
	}
	for _, bad := range []string{"a@b", "Name <a@b.cn>", "a@b.cn.", "@b.cn"} {
		k.expectProblem(k.do("POST", "/api/v1/auth/register", "", map[string]any{
			"email": bad, "password": testPassword, "displayName": "x"}), 422, "validation")
	}
}

func TestWrongPasswordGivesNoHint(t *testing.T) {
	k := newKit(t)
	k.user("known@example.cn", "Known")
	a := k.expectProblem(k.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "known@example.cn", "password": "wrong password"}), 401, "invalid-credentials")
	b := k.expectProblem(k.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "unknown@example.cn", "password": "wrong password"}), 401, "invalid-credentials")
	if a["detail"] != b["detail"] {
		t.Fatalf("the answers differ and reveal whether the email exists: %q vs %q", a["detail"], b["detail"])
	}
}

func TestLoginRateLimits(t *testing.T) {
	k := newKit(t, func(c *config.Config) {
		c.LoginPerAccountPerWindow = 3
		c.LoginPerIPPerMinute = 5
	})
	k.user("victim@example.cn", "Victim")
	for i := 0; i < 3; i++ {
		k.expectProblem(k.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "victim@example.cn", "password": "guess guess"}), 401, "")
	}
	r := k.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "VICTIM@example.cn", "password": testPassword})
	k.expectProblem(r, 429, "rate-limited")
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
	// Per address: the 6th attempt in the minute from this client is refused,
	// whatever account it names.
	r = k.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "other@example.cn", "password": "guess guess"})
	k.expectProblem(r, 429, "rate-limited")
}

func TestForgedTokensAreRejected(t *testing.T) {
	k := newKit(t)
	_, tok := k.user("real@example.cn", "Real")
	parts := strings.Split(tok, ".")
	cases := map[string]string{
		"garbage":          "not.a.jwt",
		"tampered payload": parts[0] + "." + parts[1] + "x." + parts[2],
		"bad signature":    parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2])),
		// {"alg":"none","kid":...} header with the original claims.
		"alg none": "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + parts[1] + ".",
	}
	for name, bad := range cases {
		t.Run(name, func(t *testing.T) {
			k.expectProblem(k.do("GET", "/api/v1/me", bad, nil), 401, "unauthorized")
		})
	}
	r := k.do("GET", "/api/v1/me", "", nil, "Authorization", "Basic dXNlcjpwYXNz")
	k.expectProblem(r, 401, "unauthorized")
	k.expectProblem(k.do("GET", "/api/v1/me", "", nil), 401, "unauthorized")
}

func TestOtherReplicaVerifiesTokensAndRotation(t *testing.T) {
	// Two servers on one database share signing secrets (replicas).
	k := newKit(t)
	_, tok := k.user("replica@example.cn", "Replica")
	other, err := New(t.Context(), k.srv.Config, k.srv.DB, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Auth.RotateSigningKey(t.Context()); err != nil {
		t.Fatal(err)
	}
	id := k.must(200, k.do("GET", "/api/v1/me", tok, nil)).JSON(t)["id"].(string)
	newTok, err := other.Auth.IssueAccessToken(id)
	if err != nil {
		t.Fatal(err)
	}
	// The first replica has not seen the new kid yet and must pick it up
	// (it re-reads keys at most once a second).
	time.Sleep(1100 * time.Millisecond)
	k.must(200, k.do("GET", "/api/v1/me", newTok, nil))
}

func TestConcurrentRegistrationsOnSQLiteNeverLock(t *testing.T) {
	k := newKit(t)
	var wg sync.WaitGroup
	errs := make(chan string, 40)
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := k.do("POST", "/api/v1/auth/register", "", map[string]any{
				"email": "student" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "@example.cn", "password": testPassword, "displayName": "学生"})
			if r.Status != 201 {
				errs <- string(r.Body)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("concurrent registration failed: %s", e)
	}
}

func TestChangePasswordEndsSessions(t *testing.T) {
	k := newKit(t)
	_, tok := k.user("pw@example.cn", "PW")
	login := k.must(200, k.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "pw@example.cn", "password": testPassword})).JSON(t)
	k.expectProblem(k.do("POST", "/api/v1/me/password", tok, map[string]any{"currentPassword": "nope nope", "newPassword": "another long pass"}), 422, "validation")
	k.must(204, k.do("POST", "/api/v1/me/password", tok, map[string]any{"currentPassword": testPassword, "newPassword": "another long pass"}))
	k.expectProblem(k.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refreshToken": login["refreshToken"]}), 401, "unauthorized")
	k.must(200, k.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "pw@example.cn", "password": "another long pass"}))
	me := k.must(200, k.do("PATCH", "/api/v1/me", tok, map[string]any{"displayName": "新名字"})).JSON(t)
	if me["displayName"] != "新名字" {
		t.Fatalf("display name not updated: %v", me)
	}
}

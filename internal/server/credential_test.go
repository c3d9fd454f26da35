package server

import (
	"bytes"
	"compress/gzip"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/config"
	"github.com/ohtalent/ohtalent/internal/credential"
)

// earnTrack passes every required lab of a track through the real
// submission API; the last submissions run concurrently, as a deadline
// rush would.
func earnTrack(t *testing.T, k *kit, tok, slug string) {
	t.Helper()
	track := k.srv.Catalog.Catalog().Track(slug)
	submit := func(lab *catalog.Lab) {
		var r response
		if lab.Kind == catalog.KindQuiz {
			r = k.do("POST", "/api/v1/labs/"+lab.Slug+"/submissions", tok, map[string]any{"answers": quizAnswers(lab)})
		} else {
			r = submitFiles(k, tok, lab.Slug, lab.Solution, "")
		}
		if r.Status != 201 {
			t.Errorf("%s: %d %s", lab.Slug, r.Status, r.Body)
		}
	}
	labs := track.Certificate.Labs
	for _, l := range labs[:len(labs)-1] {
		submit(track.Lab(l))
	}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); submit(track.Lab(labs[len(labs)-1])) }()
	}
	wg.Wait()
}

func myCredential(t *testing.T, k *kit, tok string) map[string]any {
	t.Helper()
	list := k.must(200, k.do("GET", "/api/v1/me/credentials", tok, nil)).JSON(t)
	items := list["items"].([]any)
	if len(items) != 1 {
		t.Fatalf("%d credentials, want exactly 1: %v", len(items), list)
	}
	return items[0].(map[string]any)
}

func verify(t *testing.T, k *kit, body map[string]any) map[string]any {
	t.Helper()
	return k.must(200, k.do("POST", "/api/v1/verify", "", body)).JSON(t)
}

// plainJWTCheck verifies a credential the way an employer with only a JWT
// library and the JWKS would: signature by kid, then the status list bit.
func plainJWTCheck(t *testing.T, k *kit, token string) string {
	t.Helper()
	var jwks struct {
		Keys []struct{ Kid, X string } `json:"keys"`
	}
	json.Unmarshal(k.must(200, k.do("GET", "/.well-known/jwks.json", "", nil)).Body, &jwks)
	keyfunc := func(tk *jwt.Token) (any, error) {
		for _, key := range jwks.Keys {
			if key.Kid == tk.Header["kid"] {
				x, _ := base64.RawURLEncoding.DecodeString(key.X)
				return ed25519.PublicKey(x), nil
			}
		}
		return nil, jwt.ErrTokenUnverifiable
	}
	claims := jwt.MapClaims{}
	if _, err := jwt.ParseWithClaims(token, claims, keyfunc, jwt.WithValidMethods([]string{"EdDSA"})); err != nil {
		return "invalid: " + err.Error()
	}
	for _, e := range claims["credentialStatus"].([]any) {
		entry := e.(map[string]any)
		listURL := entry["statusListCredential"].(string)
		r := k.must(200, k.do("GET", strings.TrimPrefix(listURL, k.http.URL), "", nil))
		list := jwt.MapClaims{}
		if _, err := jwt.ParseWithClaims(string(r.Body), list, keyfunc, jwt.WithValidMethods([]string{"EdDSA"})); err != nil {
			return "status list invalid: " + err.Error()
		}
		enc := list["credentialSubject"].(map[string]any)["encodedList"].(string)
		gz, _ := base64.RawURLEncoding.DecodeString(enc[1:])
		zr, _ := gzip.NewReader(bytes.NewReader(gz))
		bits, _ := io.ReadAll(zr)
		idx, _ := strconv.Atoi(entry["statusListIndex"].(string))
		if bits[idx/8]&(0x80>>(idx%8)) != 0 {
			return entry["statusPurpose"].(string)
		}
	}
	return "valid"
}

// offlineVerify runs what `ohtalent verify` runs, with the JWKS saved to
// a file first and HTTP used only for the status lists.
func offlineVerify(t *testing.T, k *kit, token string) (int, string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "jwks.json")
	os.WriteFile(file, k.must(200, k.do("GET", "/.well-known/jwks.json", "", nil)).Body, 0o600)
	jwks, _ := os.ReadFile(file)
	check, err := credential.VerifyOffline(t.Context(), token, jwks, "", false, func(u string) ([]byte, error) {
		return k.must(200, k.do("GET", strings.TrimPrefix(u, k.http.URL), "", nil)).Body, nil
	})
	if err != nil {
		return 2, err.Error()
	}
	out, _ := json.MarshalIndent(check, "", "  ")
	if check.Verdict != credential.Valid {
		return 1, string(out)
	}
	return 0, string(out)
}

func TestCredentialEarnedThroughLabsVerifiesEverywhereUntilRevoked(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	_, tok := k.user("graduate@example.cn", "王小鸿")
	earnTrack(t, k, tok, "industry-scenarios")
	cred := myCredential(t, k, tok) // exactly one despite the concurrent last submissions
	token := cred["jwt"].(string)
	if cred["holderName"] != "王小鸿" || cred["status"] != "active" || cred["verdict"] != "valid" {
		t.Fatalf("credential view: %v", cred)
	}
	doc := cred["document"].(map[string]any)
	if doc["@context"].([]any)[1] != "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" ||
		!strings.Contains(mustString(t, doc), "OpenBadgeCredential") || strings.Contains(mustString(t, doc), "graduate@example.cn") {
		t.Fatalf("document is not an OB 3.0 credential, or leaks the email in clear: %v", doc)
	}
	// The public page and all three verifiers say valid.
	k.must(200, k.do("GET", "/api/v1/credentials/"+cred["id"].(string), "", nil))
	if v := verify(t, k, map[string]any{"credential": token, "email": "Graduate@example.cn"}); v["verdict"] != "valid" || v["holderMatch"] != true {
		t.Fatalf("API verify: %v", v)
	}
	if v := verify(t, k, map[string]any{"id": cred["id"], "email": "someone.else@example.cn"}); v["verdict"] != "valid" || v["holderMatch"] != false {
		t.Fatalf("verify by id with another email: %v", v)
	}
	if v := verify(t, k, map[string]any{"credential": doc}); v["verdict"] != "valid" {
		t.Fatalf("verify JSON form: %v", v)
	}
	doc["name"] = "伪造的证书"
	if v := verify(t, k, map[string]any{"credential": doc}); v["verdict"] != "tampered" {
		t.Fatalf("edited JSON: %v", v)
	}
	if code, out := offlineVerify(t, k, token); code != 0 || !strings.Contains(out, `"verdict": "valid"`) {
		t.Fatalf("offline verify: %d %s", code, out)
	}
	if got := plainJWTCheck(t, k, token); got != "valid" {
		t.Fatalf("plain JWT library: %s", got)
	}

	// Suspend, reinstate, revoke: each takes effect on the next request.
	id := cred["id"].(string)
	setStatus := func(action string) response {
		return k.do("POST", "/api/v1/credentials/"+id+"/status", admin, map[string]any{"action": action, "reason": "复核 " + action})
	}
	k.expectProblem(k.do("POST", "/api/v1/credentials/"+id+"/status", tok, map[string]any{"action": "revoke", "reason": "x"}), 404, "not-found")
	k.must(200, setStatus("suspend"))
	if v := verify(t, k, map[string]any{"credential": token}); v["verdict"] != "suspended" {
		t.Fatalf("after suspend: %v", v)
	}
	if got := plainJWTCheck(t, k, token); got != "suspension" {
		t.Fatalf("plain check after suspend: %s", got)
	}
	k.must(200, setStatus("reinstate"))
	if v := verify(t, k, map[string]any{"credential": token}); v["verdict"] != "valid" {
		t.Fatalf("after reinstate: %v", v)
	}
	k.must(200, setStatus("revoke"))
	if v := verify(t, k, map[string]any{"credential": token}); v["verdict"] != "revoked" {
		t.Fatalf("after revoke: %v", v)
	}
	if code, out := offlineVerify(t, k, token); code == 0 || !strings.Contains(out, `"verdict": "revoked"`) {
		t.Fatalf("offline verify after revoke: %d %s", code, out)
	}
	if got := plainJWTCheck(t, k, token); got != "revocation" {
		t.Fatalf("plain check after revoke: %s", got)
	}
	k.expectProblem(setStatus("reinstate"), 409, "conflict")
	events := k.must(200, k.do("GET", "/api/v1/credentials/"+id+"/events", admin, nil)).JSON(t)["items"].([]any)
	var actions []string
	for _, e := range events {
		actions = append(actions, e.(map[string]any)["action"].(string))
	}
	if strings.Join(actions, ",") != "issue,suspend,reinstate,revoke" {
		t.Fatalf("audit log: %v", actions)
	}
	// The learner keeps eligibility but is not re-issued automatically.
	submitFiles(k, tok, "modbus-rtu-lab", k.srv.Catalog.Catalog().LabBySlug("modbus-rtu-lab").Solution, "")
	if c := myCredential(t, k, tok); c["status"] != "revoked" {
		t.Fatalf("a revoked credential came back: %v", c)
	}
}

func mustString(t *testing.T, v any) string { return string(mustJSON(t, v)) }

func TestManualIssuanceAndOrgAdminRevocation(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	college := k.org(admin, "EXAM-CTR", "training_center")
	_, orgAdmin := k.member(admin, college, "boss@exam.example.cn", "org_admin")
	_, otherAdmin := k.member(admin, k.org(admin, "OTHER", "university"), "x@other.example.cn", "org_admin")
	k.user("examinee@example.cn", "考生")
	body := map[string]any{"email": "examinee@example.cn", "track": "app-foundation", "evidence": "2026-11 线下考试 92 分", "orgId": college}
	k.expectProblem(k.do("POST", "/api/v1/credentials", orgAdmin, body), 403, "forbidden")
	cred := k.must(201, k.do("POST", "/api/v1/credentials", admin, body)).JSON(t)
	k.expectProblem(k.do("POST", "/api/v1/credentials", admin, body), 409, "conflict")
	p := k.expectProblem(k.do("POST", "/api/v1/credentials", admin, map[string]any{"email": "nobody@example.cn", "track": "nope", "evidence": ""}), 422, "validation")
	if len(p["errors"].([]any)) != 3 {
		t.Fatalf("want errors for email, track and evidence: %v", p["errors"])
	}
	id := cred["id"].(string)
	k.expectProblem(k.do("POST", "/api/v1/credentials/"+id+"/status", otherAdmin, map[string]any{"action": "revoke", "reason": "not mine"}), 404, "not-found")
	k.expectProblem(k.do("POST", "/api/v1/credentials/"+id+"/status", orgAdmin, map[string]any{"action": "explode", "reason": ""}), 422, "validation")
	k.must(200, k.do("POST", "/api/v1/credentials/"+id+"/status", orgAdmin, map[string]any{"action": "revoke", "reason": "考试作弊"}))
	if v := verify(t, k, map[string]any{"id": id}); v["verdict"] != "revoked" {
		t.Fatalf("verify after org admin revoked: %v", v)
	}
}

func TestVerifyRejectsForgeriesWithTheRightVerdict(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	k.user("a@example.cn", "甲")
	k.user("b@example.cn", "乙")
	issue := func(email string) string {
		c := k.must(201, k.do("POST", "/api/v1/credentials", admin, map[string]any{"email": email, "track": "app-foundation", "evidence": "exam"})).JSON(t)
		return c["jwt"].(string)
	}
	a, b := issue("a@example.cn"), issue("b@example.cn")
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(pa[1])
	edited := strings.Replace(string(payload), "甲", "丙", 1)
	var jwks struct {
		Keys []struct{ Kid, X string } `json:"keys"`
	}
	json.Unmarshal(k.must(200, k.do("GET", "/.well-known/jwks.json", "", nil)).Body, &jwks)
	pub, _ := base64.RawURLEncoding.DecodeString(jwks.Keys[0].X)
	hs := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"iss": "x"})
	hs.Header["kid"] = jwks.Keys[0].Kid
	hsToken, _ := hs.SignedString(pub) // "HS256 signed with the public key"
	header := func(h string) string { return base64.RawURLEncoding.EncodeToString([]byte(h)) }
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	cases := map[string]struct {
		token   any
		verdict string
	}{
		"tampered payload":   {pa[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(edited)) + "." + pa[2], "tampered"},
		"swapped signature":  {pa[0] + "." + pa[1] + "." + pb[2], "tampered"},
		"alg none":           {header(`{"alg":"none","kid":"`+jwks.Keys[0].Kid+`"}`) + "." + pa[1] + ".", "tampered"},
		"HS256 with pub key": {hsToken, "tampered"},
		"unknown kid":        {header(`{"alg":"EdDSA","kid":"someone-else"}`) + "." + pa[1] + "." + pa[2], "unknown_issuer"},
		"truncated":          {a[:len(a)/2], "malformed"},
		"not base64":         {"!!!.???.***", "malformed"},
		"huge":               {strings.Repeat("A", 70<<10), "malformed"},
		"deeply nested":      {header(`{"alg":"EdDSA","kid":"`+jwks.Keys[0].Kid+`"}`) + "." + base64.RawURLEncoding.EncodeToString([]byte(deep)) + "." + pa[2], "malformed"},
		"a number":           {12345, "malformed"},
		"unknown id":         {nil, "unknown_issuer"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			body := map[string]any{"credential": c.token}
			if c.token == nil {
				body = map[string]any{"id": "nosuchcredential"}
			}
			r := k.do("POST", "/api/v1/verify", "", body)
			if r.Status == 413 && name == "huge" {
				return // the body cap stops it even earlier: also a clear 4xx
			}
			v := k.must(200, r).JSON(t)
			if v["verdict"] != c.verdict || len(v["reasons"].([]any)) == 0 {
				t.Fatalf("verdict %v (%v), want %s", v["verdict"], v["reasons"], c.verdict)
			}
		})
	}
	k.expectProblem(k.do("POST", "/api/v1/verify", "", `{"credential": `), 400, "bad-request")
}

func TestBatchVerifyIsForEnterprises(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	ent := k.org(admin, "HIRE", "enterprise")
	_, hr := k.member(admin, ent, "hr@hire.example.cn", "enterprise_verifier")
	_, student := k.user("s@example.cn", "学生")
	k.user("c@example.cn", "候选人")
	c := k.must(201, k.do("POST", "/api/v1/credentials", admin, map[string]any{"email": "c@example.cn", "track": "app-foundation", "evidence": "exam"})).JSON(t)
	items := []map[string]any{{"credential": c["jwt"], "email": "c@example.cn"}, {"id": c["id"]}, {"credential": "garbage"}}
	k.expectProblem(k.do("POST", "/api/v1/verify/batch", student, map[string]any{"items": items}), 403, "forbidden")
	res := k.must(200, k.do("POST", "/api/v1/verify/batch", hr, map[string]any{"items": items})).JSON(t)
	sum := res["summary"].(map[string]any)
	if sum["valid"].(float64) != 2 || sum["malformed"].(float64) != 1 {
		t.Fatalf("batch summary: %v", sum)
	}
	many := make([]map[string]any, 1001)
	for i := range many {
		many[i] = map[string]any{"id": "x"}
	}
	k.expectProblem(k.do("POST", "/api/v1/verify/batch", hr, map[string]any{"items": many}), 422, "validation")
}

func TestReplicasShareCredentialKeys(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	k.user("r@example.cn", "副本")
	// A second server on the same database: its own caches, same keys.
	other, err := New(t.Context(), k.srv.Config, k.srv.DB, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Grading.Close()
	c := k.must(201, k.do("POST", "/api/v1/credentials", admin, map[string]any{"email": "r@example.cn", "track": "app-foundation", "evidence": "exam"})).JSON(t)
	res := other.Creds.Verify(t.Context(), credentialVerifyRequest(c["jwt"].(string)))
	if res.Verdict != "valid" {
		t.Fatalf("the other replica says %s: %v", res.Verdict, res.Reasons)
	}
	// After a rotation on one replica, the other verifies new credentials.
	if _, err := other.Creds.Keys().Rotate(t.Context()); err != nil {
		t.Fatal(err)
	}
	k.user("r2@example.cn", "副本二")
	c2, _, err := other.Creds.Issue(t.Context(), issueFor(t, other, "r2@example.cn", "distributed-dev"))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // replicas re-read keys at most once a second
	if v := verify(t, k, map[string]any{"id": c2.ID}); v["verdict"] != "valid" {
		t.Fatalf("credential signed with the rotated key: %v", v)
	}
	if v := verify(t, k, map[string]any{"credential": c["jwt"]}); v["verdict"] != "valid" {
		t.Fatalf("credential signed with the old key after rotation: %v", v)
	}
}

func TestVerifyAcceptsABareJWTBody(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	k.user("bare@example.cn", "直传")
	c := k.must(201, k.do("POST", "/api/v1/credentials", admin, map[string]any{"email": "bare@example.cn", "track": "app-foundation", "evidence": "exam"})).JSON(t)
	r := k.must(200, k.do("POST", "/api/v1/verify", "", c["jwt"].(string)+"\n", "Content-Type", "application/vc+jwt"))
	if v := r.JSON(t); v["verdict"] != "valid" {
		t.Fatalf("bare JWT: %v", v)
	}
	r = k.must(200, k.do("POST", "/api/v1/verify", "", "not.a.jwt", "Content-Type", "application/vc+jwt"))
	if v := r.JSON(t); v["verdict"] != "malformed" {
		t.Fatalf("bare garbage: %v", v)
	}
	// An escaped JSON string still decodes.
	esc := strings.Replace(c["jwt"].(string), ".", `\u002e`, 1)
	if v := k.must(200, k.do("POST", "/api/v1/verify", "", `{"credential":"`+esc+`"}`)).JSON(t); v["verdict"] != "valid" {
		t.Fatalf("escaped JSON string: %v", v)
	}
}

func TestSummaryCountsPeopleNotCredentials(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	for _, e := range []string{"p1@example.cn", "p2@example.cn", "p3@example.cn"} {
		k.user(e, "人")
	}
	ids := map[string]string{}
	for _, c := range []struct{ email, track string }{{"p1@example.cn", "app-foundation"}, {"p1@example.cn", "distributed-dev"},
		{"p2@example.cn", "app-foundation"}, {"p3@example.cn", "app-foundation"}} {
		ids[c.email+c.track] = k.must(201, k.do("POST", "/api/v1/credentials", admin, map[string]any{"email": c.email, "track": c.track, "evidence": "exam"})).JSON(t)["id"].(string)
	}
	k.must(200, k.do("POST", "/api/v1/credentials/"+ids["p3@example.cnapp-foundation"]+"/status", admin, map[string]any{"action": "revoke", "reason": "r"}))
	s := k.must(200, k.do("GET", "/api/v1/stats/summary", "", nil)).JSON(t)
	if s["certifiedDevelopers"].(float64) != 2 || s["credentialsIssued"].(float64) != 4 || len(s["goals"].([]any)) != 2 {
		t.Fatalf("summary: %v", s)
	}
}

// TestStatusChangeWinsOverConcurrentVerifications: verifications keep
// running while a credential is suspended, reinstated and revoked. Each
// verification that starts after a change has answered must see it, even
// though statuses and answers are kept in memory (on SQLite) and other
// verifications were reading the old status at the moment of the change.
func TestStatusChangeWinsOverConcurrentVerifications(t *testing.T) {
	k := newKit(t, func(c *config.Config) { c.VerifyPerIPPerMinute, c.PublicPerIPPerMinute = 1<<30, 1<<30 })
	admin := k.admin()
	k.user("race@example.cn", "并发")
	cred := k.must(201, k.do("POST", "/api/v1/credentials", admin, map[string]any{"email": "race@example.cn", "track": "app-foundation", "evidence": "考试"})).JSON(t)
	id, token := cred["id"].(string), cred["jwt"].(string)
	h := k.srv.Handler()
	verifyNow := func() string {
		req := httptest.NewRequest("POST", "/api/v1/verify", strings.NewReader(token))
		req.Header.Set("Content-Type", "application/vc+jwt")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		var v struct{ Verdict string }
		if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil || w.Code != 200 {
			t.Errorf("verify: %d %s", w.Code, w.Body)
		}
		return v.Verdict
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if g%2 == 0 {
					verifyNow()
				} else {
					k.do("GET", "/api/v1/credentials/"+id, "", nil)
				}
			}
		}()
	}
	defer func() { close(stop); wg.Wait() }()
	for round, step := range []struct{ action, want string }{
		{"suspend", "suspended"}, {"reinstate", "valid"}, {"suspend", "suspended"}, {"reinstate", "valid"}, {"revoke", "revoked"},
	} {
		time.Sleep(20 * time.Millisecond) // let the background verifications fill the caches
		k.must(200, k.do("POST", "/api/v1/credentials/"+id+"/status", admin, map[string]any{"action": step.action, "reason": "复核"}))
		for i := 0; i < 20; i++ {
			if got := verifyNow(); got != step.want {
				t.Fatalf("round %d: verification %d after %s answered %q", round, i, step.action, got)
			}
		}
		// The certificate page, kept encoded per status, says the same.
		page := k.must(200, k.do("GET", "/api/v1/credentials/"+id, "", nil)).JSON(t)
		if page["verdict"] != step.want || page["jwt"] != token {
			t.Fatalf("round %d: page after %s: %v %v", round, step.action, page["verdict"], page["status"])
		}
	}
}

// TestVerifyAnswersEachTokenItsOwn: request bodies share pooled buffers and
// the caches key on token bytes, so verifications of different tokens,
// interleaved from several goroutines, must each name their own credential.
func TestVerifyAnswersEachTokenItsOwn(t *testing.T) {
	k := newKit(t, func(c *config.Config) { c.VerifyPerIPPerMinute, c.PublicPerIPPerMinute = 1<<30, 1<<30 })
	admin := k.admin()
	var tokens, ids []string
	for _, email := range []string{"one@example.cn", "two@example.cn", "three@example.cn"} {
		k.user(email, "池")
		c := k.must(201, k.do("POST", "/api/v1/credentials", admin, map[string]any{"email": email, "track": "app-foundation", "evidence": "考试"})).JSON(t)
		tokens, ids = append(tokens, c["jwt"].(string)), append(ids, c["id"].(string))
	}
	h := k.srv.Handler()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 150 {
				n := (g + i) % len(tokens)
				body, ct := tokens[n], "application/vc+jwt"
				if i%2 == 1 {
					body, ct = `{"credential":"`+tokens[n]+`"}`, "application/json"
				}
				req := httptest.NewRequest("POST", "/api/v1/verify", strings.NewReader(body))
				req.Header.Set("Content-Type", ct)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				var v struct {
					Verdict    string
					Credential struct{ ID string }
				}
				if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil || v.Verdict != "valid" || v.Credential.ID != ids[n] {
					t.Errorf("token %d: %d %s", n, w.Code, w.Body)
					return
				}
			}
		}()
	}
	wg.Wait()
}

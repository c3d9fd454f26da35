package credential

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/db/dbtest"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"github.com/ohtalent/ohtalent/internal/keyring"
)

// verdicts is every verdict a verification may answer.
var verdicts = []Verdict{Valid, Revoked, Suspended, Expired, NotYetValid, Tampered, UnknownIssuer, Malformed}

// fuzzService is a real service on a real database holding one issued
// credential, whose VC-JWT the fuzzers start from.
func fuzzService(f *testing.F) (*Service, *record) {
	f.Helper()
	d := dbtest.Open(f)
	empty, err := catalog.Load(fstest.MapFS{})
	if err != nil {
		f.Fatal(err)
	}
	cat, err := catalog.New(d, empty, nil, catalog.LintOptions{})
	if err != nil {
		f.Fatal(err)
	}
	s := New(d, fuzzKeys(f, d), testIssuer, cat, nil)
	now := time.Now().UTC()
	if err := d.W.Exec(`INSERT INTO users (id, email, display_name, password_hash, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?)`,
		"01900000-0000-7000-8000-00000000f022", "fuzz@example.cn", "模糊测试", now, now).Error; err != nil {
		f.Fatal(err)
	}
	rec, _, err := s.Issue(context.Background(), IssueRequest{UserID: "01900000-0000-7000-8000-00000000f022", Track: testTrack(), IssuedBy: "test", Evidence: "exam"})
	if err != nil {
		f.Fatal(err)
	}
	if c := s.Verify(context.Background(), VerifyRequest{token: rec.JWT}); c.Verdict != Valid {
		f.Fatalf("the seed credential does not verify: %v", c.Reasons)
	}
	return s, rec
}

// checkVerdict holds for any answer to any input.
func checkVerdict(t *testing.T, r VerifyResult) {
	t.Helper()
	if !slices.Contains(verdicts, r.Verdict) || len(r.Reasons) == 0 {
		t.Fatalf("verdict %q with reasons %v", r.Verdict, r.Reasons)
	}
	if r.Verdict != Valid && r.Verdict != Revoked && r.Verdict != Suspended && r.Credential != nil && r.CredentialID == "" {
		t.Fatalf("%s answer shows a credential without naming it", r.Verdict)
	}
}

// FuzzVerify sends arbitrary request bodies to the verification the public
// POST /api/v1/verify runs: decoding must refuse with a 4xx problem, and
// whatever decodes gets a verdict. Only the one issued credential, sent
// unchanged, may come out valid.
func FuzzVerify(f *testing.F) {
	s, rec := fuzzService(f)
	jwtJSON, _ := json.Marshal(rec.JWT)
	f.Add([]byte(`{"credential":` + string(jwtJSON) + `,"email":"fuzz@example.cn"}`))
	f.Add([]byte(`{"credential":` + rec.Document + `}`))
	f.Add([]byte(`{"id":"` + rec.ID + `"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var req VerifyRequest
		if err := httpx.DecodeJSON(body, &req); err != nil {
			if p, ok := err.(*httpx.Problem); !ok || p.Status < 400 || p.Status >= 500 {
				t.Fatalf("decode error is not a 4xx problem: %v", err)
			}
			return
		}
		r := s.Verify(context.Background(), req)
		checkVerdict(t, r)
		if r.Verdict == Valid && r.CredentialID != testIssuer.BaseURL+"/c/"+rec.ID {
			t.Fatalf("valid verdict for %q, which was never issued", r.CredentialID)
		}
		if r.HolderMatch != nil && *r.HolderMatch && !strings.EqualFold(strings.TrimSpace(req.Email), "fuzz@example.cn") {
			t.Fatalf("holder match for %q", req.Email)
		}
	})
}

// FuzzVerifySignedClaims signs arbitrary claims with the issuer's own key,
// which no attacker has: it shows that the checks after the signature
// (structure, dates, the status lookup) hold up against any payload, for
// instance one a future bug in issuance might produce.
func FuzzVerifySignedClaims(f *testing.F) {
	s, rec := fuzzService(f)
	claims, _, err := jwt.NewParser().ParseUnverified(rec.JWT, jwt.MapClaims{})
	if err != nil {
		f.Fatal(err)
	}
	raw, _ := json.Marshal(claims.Claims)
	f.Add(raw)
	f.Fuzz(func(t *testing.T, claims []byte) {
		var doc map[string]any
		if json.Unmarshal(claims, &doc) != nil || doc == nil {
			return
		}
		// The claims go in as they are (sign would derive iss, jti and the
		// dates from a well-formed document), so the fuzzer controls them.
		kid, key := s.keys.signer()
		jt := jwt.NewWithClaims(jwt.SigningMethodEdDSA, jwt.MapClaims(doc))
		jt.Header["kid"] = kid
		tok, err := jt.SignedString(key)
		if err != nil {
			return // not every JSON value survives re-encoding (e.g. huge numbers)
		}
		c := VerifyJWT(context.Background(), tok, s.keys, testIssuer.ID(), time.Now())
		if !slices.Contains(verdicts, c.Verdict) || len(c.Reasons) == 0 {
			t.Fatalf("verdict %q with reasons %v", c.Verdict, c.Reasons)
		}
		if c.Verdict == Tampered {
			t.Fatalf("own signature called tampered: %v", c.Reasons)
		}
		checkVerdict(t, s.Verify(context.Background(), VerifyRequest{token: tok}))
	})
}

// FuzzVerifyOffline is `ohtalent verify`: an arbitrary token against an
// arbitrary JWKS, offline. It must answer or return an error, never panic.
func FuzzVerifyOffline(f *testing.F) {
	s, rec := fuzzService(f)
	jwks, _ := json.Marshal(s.keys.JWKS(context.Background()))
	f.Add(rec.JWT, jwks)
	f.Fuzz(func(t *testing.T, token string, jwks []byte) {
		c, err := VerifyOffline(context.Background(), token, jwks, "", true, nil)
		if err != nil {
			return
		}
		if !slices.Contains(verdicts, c.Verdict) || len(c.Reasons) == 0 {
			t.Fatalf("verdict %q with reasons %v", c.Verdict, c.Reasons)
		}
		if c.Verdict == Valid && token != rec.JWT {
			// Another token can only be valid under a key the fuzzer
			// supplied itself; check that it did.
			var set JWKS
			_ = json.Unmarshal(jwks, &set)
			if _, ok := set.Public(context.Background(), c.KeyID); !ok {
				t.Fatalf("valid without a key in the JWKS: %v", c)
			}
		}
	})
}

// FuzzStatusBit reads arbitrary encoded status lists.
func FuzzStatusBit(f *testing.F) {
	f.Add("uH4sIAAAAAAAA_-zAMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", int64(5))
	f.Fuzz(func(t *testing.T, list string, index int64) {
		_, _ = StatusBit(list, index)
	})
}

// fuzzKeys opens the signing keys on d under a fresh master key.
func fuzzKeys(tb testing.TB, d *db.DB) *Keys {
	tb.Helper()
	ring, err := keyring.Load("", tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	k, err := OpenKeys(context.Background(), d, ring)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

package credential

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/db/dbtest"
	"github.com/ohtalent/ohtalent/internal/keyring"
)

var testIssuer = Issuer{BaseURL: "https://ohtalent.test", Name: "测试签发方"}

func testTrack() *catalog.Track {
	return &catalog.Track{Slug: "app-foundation", Version: 2, Title: catalog.Text{Zh: "基础", En: "Foundation"},
		Summary: catalog.Text{Zh: "概要"}, Level: catalog.LevelFoundation, Outcomes: []catalog.Text{{Zh: "会写 ArkTS"}},
		Certificate: catalog.CertificateRule{Labs: []string{"a", "b"}, Threshold: 70}}
}

func testKeys(t testing.TB) *Keys {
	ring, err := keyring.Load("", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	k, err := OpenKeys(context.Background(), dbtest.Open(t), ring)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func token(t testing.TB, k *Keys, iss Issuer, from time.Time, until *time.Time) string {
	t.Helper()
	doc := document(iss, newCredentialID(), testTrack(), subject{Name: "李雷", Email: "li@example.cn"}, newSalt(), 5, from, until, "")
	kid, key := k.signer()
	tok, err := sign(doc, kid, key)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestVerifyJWTVerdicts(t *testing.T) {
	k := testKeys(t)
	now := time.Now().UTC().Truncate(time.Second)
	past, future := now.Add(-time.Hour), now.Add(time.Hour)
	other := Issuer{BaseURL: "https://evil.test", Name: "冒充者"}
	// A key that is not in the issuer's set.
	_, strangerKey, _ := ed25519.GenerateKey(rand.Reader)
	strangerDoc := document(testIssuer, newCredentialID(), testTrack(), subject{Name: "x", Email: "x@example.cn"}, newSalt(), 1, past, nil, "")
	stranger, _ := sign(strangerDoc, "stranger-kid", strangerKey)
	cases := map[string]struct {
		tok  string
		want Verdict
	}{
		"valid":         {token(t, k, testIssuer, past, &future), Valid},
		"no validUntil": {token(t, k, testIssuer, past, nil), Valid},
		"expired":       {token(t, k, testIssuer, now.Add(-2*time.Hour), &past), Expired},
		"not yet valid": {token(t, k, testIssuer, future, nil), NotYetValid},
		"wrong issuer":  {token(t, k, other, past, nil), UnknownIssuer},
		"unknown key":   {stranger, UnknownIssuer},
		"empty":         {"", Malformed},
		"two segments":  {"a.b", Malformed},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			got := VerifyJWT(context.Background(), c.tok, k, testIssuer.ID(), now)
			if got.Verdict != c.want || len(got.Reasons) == 0 {
				t.Fatalf("verdict %s (%v), want %s", got.Verdict, got.Reasons, c.want)
			}
		})
	}
}

func TestDocumentIsOpenBadges3(t *testing.T) {
	k := testKeys(t)
	now := time.Now().UTC().Truncate(time.Second)
	c := VerifyJWT(context.Background(), token(t, k, testIssuer, now, nil), k, testIssuer.ID(), now)
	if c.Verdict != Valid {
		t.Fatalf("%s %v", c.Verdict, c.Reasons)
	}
	cl := c.Claims
	if cl["iss"] != testIssuer.ID() || cl["jti"] != cl["id"] {
		t.Fatalf("registered claims do not mirror the credential: iss=%v jti=%v id=%v", cl["iss"], cl["jti"], cl["id"])
	}
	subject := cl["credentialSubject"].(map[string]any)
	ids := subject["identifier"].([]any)
	email := ids[1].(map[string]any)
	if email["hashed"] != true || email["identityHash"] != HashEmail("LI@example.cn ", email["salt"].(string)) {
		t.Fatalf("email identifier: %v", email)
	}
	ach := subject["achievement"].(map[string]any)
	if ach["criteria"].(map[string]any)["narrative"] == "" || len(ach["alignment"].([]any)) != 1 {
		t.Fatalf("achievement lacks criteria or outcomes: %v", ach)
	}
	status := cl["credentialStatus"].([]any)
	if len(status) != 2 || status[0].(map[string]any)["type"] != "BitstringStatusListEntry" {
		t.Fatalf("credentialStatus: %v", status)
	}
}

func TestStatusBitOrder(t *testing.T) {
	// Index 0 is the most significant bit of the first byte.
	bits := make([]byte, 16)
	bits[0] = 0x80
	bits[1] = 0x01
	encoded := encodeBits(t, bits)
	for idx, want := range map[int64]bool{0: true, 1: false, 15: true, 14: false} {
		got, err := StatusBit(encoded, idx)
		if err != nil || got != want {
			t.Fatalf("bit %d = %v (%v), want %v", idx, got, err, want)
		}
	}
	if _, err := StatusBit("zzz", 0); err == nil {
		t.Fatal("accepted a list without the multibase prefix")
	}
}

func encodeBits(t *testing.T, bits []byte) string {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(bits)
	zw.Close()
	return "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

// BenchmarkVerifyJWTUncached is the first verification of a token, which
// the service's cache then spares every later one: Ed25519, base64 and
// JSON parsing of a token the size of a real certificate (about 5 KiB:
// seven learning outcomes and a summary in Chinese).
func BenchmarkVerifyJWTUncached(b *testing.B) {
	k := testKeys(b)
	tr := testTrack()
	tr.Summary.Zh = strings.Repeat("面向初入 OpenHarmony 的开发者：掌握 ArkTS 与 ArkUI。", 4)
	tr.Outcomes = nil
	for i := range 7 {
		tr.Outcomes = append(tr.Outcomes, catalog.Text{Zh: fmt.Sprintf("第 %d 项：用 ArkUI 声明式语法和容器搭建页面布局，并正确管理状态", i+1)})
	}
	now := time.Now().UTC().Truncate(time.Second)
	doc := document(testIssuer, newCredentialID(), tr, subject{Name: "李雷", Email: "li@example.cn"}, newSalt(), 5, now, nil, "")
	kid, key := k.signer()
	tok, err := sign(doc, kid, key)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if c := VerifyJWT(context.Background(), tok, k, testIssuer.ID(), now); c.Verdict != Valid {
			b.Fatal(c.Reasons)
		}
	}
	b.ReportMetric(float64(len(tok)), "token-bytes")
}

// TestDateVerdictFollowsTheClockBothWays: a check cached while a credential
// was not yet valid must say valid once its time comes, and expired after.
func TestDateVerdictFollowsTheClockBothWays(t *testing.T) {
	from := time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC)
	until := from.Add(24 * time.Hour)
	claims := map[string]any{"nbf": float64(from.Unix()), "exp": float64(until.Unix())}
	for _, c := range []struct {
		at   time.Time
		want Verdict
	}{
		{from.Add(-time.Hour), NotYetValid},
		{from.Add(-10 * time.Second), Valid}, // within the 30 s clock skew
		{from.Add(time.Hour), Valid},
		{until.Add(time.Second), Expired},
	} {
		if got, reasons := dateVerdict(claims, c.at); got != c.want || len(reasons) != 1 {
			t.Errorf("at %s: %s %v, want %s", c.at, got, reasons, c.want)
		}
	}
}

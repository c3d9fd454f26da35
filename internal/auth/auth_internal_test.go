package auth

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/db/dbtest"
	"github.com/ohtalent/ohtalent/internal/keyring"
)

func newTestService(t *testing.T) *Service {
	t.Helper()
	ring, err := keyring.Load("", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(context.Background(), dbtest.Open(t), ring, Settings{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestExpiredAccessTokenIsRejected(t *testing.T) {
	s := newTestService(t)
	tok, _, err := s.keys.sign("someone", -time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.keys.verify(context.Background(), tok); !errors.Is(err, errTokenExpired) {
		t.Fatalf("expired token: err=%v, want errTokenExpired", err)
	}
	good, _, _ := s.keys.sign("someone", time.Minute)
	if sub, err := s.keys.verify(context.Background(), good); err != nil || sub != "someone" {
		t.Fatalf("fresh token: %q %v", sub, err)
	}
}

func TestTokenFromAnotherKeyringIsRejected(t *testing.T) {
	a, b := newTestService(t), newTestService(t)
	tok, _, _ := a.keys.sign("someone", time.Minute)
	if _, err := b.keys.verify(context.Background(), tok); err == nil {
		t.Fatal("a token signed by another deployment verified")
	}
}

func TestPasswordHashing(t *testing.T) {
	h, err := HashPassword("密码也可以是中文的")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("unexpected hash format %q", h)
	}
	if ok, _ := VerifyPassword(h, "密码也可以是中文的"); !ok {
		t.Fatal("right password rejected")
	}
	if ok, _ := VerifyPassword(h, "密码也可以是中文"); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := HashPassword("密码也可以是中文的")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt missing")
	}
	if _, err := VerifyPassword("$2a$10$bcrypt", "x"); err == nil {
		t.Fatal("accepted a non-argon2id hash")
	}
}

func TestNormalizeEmail(t *testing.T) {
	cases := map[string]string{
		" Li.Lei@Example.COM ":   "li.lei@example.com",
		"a+tag@sub.example.cn":   "a+tag@sub.example.cn",
		"no-at-sign":             "",
		"two@@example.cn":        "",
		"x@localhost":            "",
		"\"Li\" <li@example.cn>": "",
	}
	for in, want := range cases {
		got, ok := NormalizeEmail(in)
		if (want == "") == ok || got != want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestCheckDisplayName(t *testing.T) {
	if n, why := CheckDisplayName("  欧阳娜娜 "); why != "" || n != "欧阳娜娜" {
		t.Fatalf("Chinese name: %q %q", n, why)
	}
	if _, why := CheckDisplayName("bad\x00name"); why == "" {
		t.Fatal("control character accepted")
	}
	if _, why := CheckDisplayName(strings.Repeat("名", 65)); why == "" {
		t.Fatal("65-character name accepted")
	}
}

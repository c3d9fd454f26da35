package keyring

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoadGeneratesOnceAndReopens(t *testing.T) {
	dir := t.TempDir()
	k1, err := Load("", dir)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := k1.Seal([]byte("secret"), "jwt:a")
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("master.key mode %v, want 0600", st.Mode().Perm())
	}
	k2, err := Load("", dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := k2.Open(sealed, "jwt:a")
	if err != nil || string(got) != "secret" {
		t.Fatalf("reopen: %q %v", got, err)
	}
	if _, err := k2.Open(sealed, "jwt:b"); err == nil {
		t.Fatal("a sealed value opened under other associated data")
	}
}

func TestLoadRejectsBadKey(t *testing.T) {
	if _, err := Load("not base64!", t.TempDir()); err == nil {
		t.Fatal("accepted a non-base64 key")
	}
	if _, err := Load("c2hvcnQ=", t.TempDir()); err == nil {
		t.Fatal("accepted a short key")
	}
}

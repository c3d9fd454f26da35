//go:build unix

package db

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestServerLock: one holder at a time, the refusal names the holder, and
// releasing lets the next server in.
func TestServerLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new-dir", "ohtalent.db")
	first, err := LockServer(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = LockServer(path)
	if !errors.Is(err, ErrServerRunning) || !strings.Contains(err.Error(), "process "+strconv.Itoa(os.Getpid())) {
		t.Fatalf("second lock: %v", err)
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	second, err := LockServer(path)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	second.Release()
}

package db

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrServerRunning means another server holds the SQLite file's lock.
var ErrServerRunning = errors.New("another ohtalent server is running on this SQLite database")

// ServerLock is held by the one server that may run on an SQLite file.
// SQLite is the single-node mode: the server serializes writes in-process
// and keeps credential statuses in memory, which is only right when no
// other server changes the file. Replicas use PostgreSQL. CLI commands
// that run beside the server (backup, import, users) do not take it.
type ServerLock struct{ f *os.File }

// LockServer takes the lock beside the SQLite file at path, or reports
// ErrServerRunning with the holder's process id. The operating system
// drops the lock when the process ends, even by a crash.
func LockServer(path string) (*ServerLock, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	f, err := os.OpenFile(path+".server-lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("server lock: %w", err)
	}
	if err := tryLock(f); err != nil {
		if !errors.Is(err, ErrServerRunning) {
			f.Close()
			return nil, fmt.Errorf("server lock: %w", err)
		}
		holder, _ := os.ReadFile(f.Name())
		f.Close()
		if pid := strings.TrimSpace(string(holder)); pid != "" {
			return nil, fmt.Errorf("%w (process %s); stop it first, or use PostgreSQL (OHT_DATABASE_URL) to run several servers", ErrServerRunning, pid)
		}
		return nil, fmt.Errorf("%w; stop it first, or use PostgreSQL (OHT_DATABASE_URL) to run several servers", ErrServerRunning)
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &ServerLock{f: f}, nil
}

// Release lets another server start.
func (l *ServerLock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	_ = l.f.Truncate(0)
	err := l.f.Close() // closing the descriptor drops the lock
	l.f = nil
	return err
}

//go:build !unix

package db

import (
	"errors"
	"os"
)

// tryLock is unsupported here, so the server runs without the lock and
// without the in-memory statuses that depend on it.
func tryLock(*os.File) error { return errors.ErrUnsupported }

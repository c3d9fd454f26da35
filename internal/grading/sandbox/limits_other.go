//go:build !linux

package sandbox

import (
	"os"
	"time"
)

// Resource limits are only implemented for Linux, where ohtalent is
// deployed; elsewhere workers still get the pool's wall-time kill and
// jsrun's in-process limits.

func applyProcessLimits(workerConfig) error { return nil }

func setCPULimit(time.Duration) {}

func notifyCPULimit(chan<- os.Signal) bool { return false }

package sandbox

import (
	"errors"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// rlimitNPROC is RLIMIT_NPROC on Linux, which package syscall does not name.
const rlimitNPROC = 6

// applyProcessLimits lowers the worker's limits. They are inherited by
// nothing (the worker starts no processes) and are irreversible, which is
// the point: learner code that escaped goja would still be boxed in.
func applyProcessLimits(cfg workerConfig) error {
	set := func(res int, v uint64) error {
		return syscall.Setrlimit(res, &syscall.Rlimit{Cur: v, Max: v})
	}
	// No core dumps of processes that ran learner code.
	if err := set(syscall.RLIMIT_CORE, 0); err != nil {
		return err
	}
	// No file may grow: the worker only writes to pipes.
	if err := set(syscall.RLIMIT_FSIZE, 0); err != nil {
		return err
	}
	// stdin, stdout, stderr and what the Go runtime itself needs.
	if err := set(syscall.RLIMIT_NOFILE, maxOpenFiles); err != nil {
		return err
	}
	if cfg.addressSpace > 0 {
		// Bounds everything goja's own limits cannot interrupt, such as a
		// single built-in call allocating gigabytes: the Go runtime then
		// dies with "out of memory", which the pool reports as
		// memory_limit_exceeded.
		mapped, err := mappedBytes()
		if err != nil {
			return err
		}
		if err := set(syscall.RLIMIT_AS, uint64(mapped+cfg.addressSpace)); err != nil {
			return err
		}
	}
	if cfg.maxProcs > 0 {
		// Counts every thread of the user, so only safe for a dedicated
		// user; hence opt-in.
		if err := set(rlimitNPROC, uint64(cfg.maxProcs)); err != nil {
			return err
		}
	}
	return nil
}

// setCPULimit sets the soft RLIMIT_CPU to the CPU time used so far plus
// budget, so that a job which defeats the in-process interrupt gets
// SIGXCPU. The hard limit stays, so the next job can move the soft one.
func setCPULimit(budget time.Duration) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return
	}
	used := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	secs := uint64((used + budget + time.Second - 1) / time.Second)
	var cur syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_CPU, &cur); err != nil {
		return
	}
	if cur.Max != ^uint64(0) && secs > cur.Max {
		secs = cur.Max
	}
	_ = syscall.Setrlimit(syscall.RLIMIT_CPU, &syscall.Rlimit{Cur: secs, Max: cur.Max})
}

func notifyCPULimit(ch chan<- os.Signal) bool {
	signal.Notify(ch, syscall.SIGXCPU)
	return true
}

// mappedBytes is the process's current virtual size (VmSize).
func mappedBytes() (int64, error) {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, err
	}
	f := strings.Fields(string(b))
	if len(f) < 1 {
		return 0, errors.New("unexpected /proc/self/statm")
	}
	pages, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil {
		return 0, err
	}
	return pages * int64(os.Getpagesize()), nil
}

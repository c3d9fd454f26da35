// Package sandbox isolates grading in worker processes.
//
// The API process never runs learner code. It owns a Pool of long-lived
// worker processes (the hidden `ohtalent grade-worker` subcommand, whose
// body is WorkerMain) and talks to them with newline-delimited JSON over
// stdin/stdout. Each worker lowers its own resource limits at start, runs
// one jsrun.Job at a time, and is killed and replaced whenever it hangs,
// crashes or grows too large; the Pool turns such deaths into verdicts.
package sandbox

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"time"

	"github.com/ohtalent/ohtalent/internal/grading/jsrun"
)

// Environment variables read by WorkerMain; Pool sets them from Options.
const (
	// EnvAddressSpace is the address space (bytes) a worker may add to
	// what it had mapped at start-up, enforced with RLIMIT_AS (default
	// 2 GiB; 0 leaves RLIMIT_AS alone). It is relative because an idle Go
	// process already reserves well over a gigabyte of address space for
	// runtime metadata, and how much varies with the machine.
	EnvAddressSpace = "OHT_GRADE_AS_BYTES"
	// EnvMaxProcesses sets RLIMIT_NPROC when present (see Options.MaxProcesses).
	EnvMaxProcesses = "OHT_GRADE_NPROC"
	// EnvGCPercent is the worker's GOGC (default 400).
	EnvGCPercent = "OHT_GRADE_GC_PERCENT"
)

const (
	defaultAddressSpace = 2 << 30
	defaultGCPercent    = 400
	maxOpenFiles        = 16

	// exitCPULimit is the worker's exit status after SIGXCPU (128+24, what
	// a shell reports for a process killed by that signal).
	exitCPULimit = 152

	// cpuSlack is added to a job's time limit for RLIMIT_CPU: the
	// in-process interrupt should always win; this is the backstop.
	cpuSlack = 2 * time.Second
)

// request and response are the wire protocol, one JSON value per line.
// The worker's first line is a response with Ready set.
type request struct {
	ID  uint64    `json:"id"`
	Job jsrun.Job `json:"job"`
}

type response struct {
	ID     uint64        `json:"id"`
	Ready  bool          `json:"ready,omitempty"`
	Result *jsrun.Result `json:"result,omitempty"`
}

// WorkerMain is the body of `ohtalent grade-worker`. It applies OS resource
// limits to the current process, then reads jobs from stdin and writes one
// result per job to stdout until stdin closes. It must run in a process of
// its own: it lowers limits irreversibly and runs untrusted code.
func WorkerMain(stdin io.Reader, stdout io.Writer) error {
	cfg, err := workerConfigFromEnv()
	if err != nil {
		return err
	}
	if err := applyProcessLimits(cfg); err != nil {
		return fmt.Errorf("grade-worker: applying resource limits: %w", err)
	}
	// Dates in learner code must not depend on the host's time zone.
	time.Local = time.UTC
	// One goroutine runs JavaScript; a second processor serves the
	// watchdogs and the garbage collector.
	runtime.GOMAXPROCS(min(2, runtime.NumCPU()))
	// Short runs allocate a lot and keep little: trade memory for less GC.
	debug.SetGCPercent(cfg.gcPercent)
	// Deep Go recursion in a built-in (e.g. JSON.stringify of a very deeply
	// nested value) should end the worker quickly, not at 1 GB of stack.
	debug.SetMaxStack(256 << 20)
	exitOnCPULimit()
	jsrun.Warmup()

	in := bufio.NewReaderSize(stdin, 64<<10)
	out := bufio.NewWriter(stdout)
	enc := json.NewEncoder(out)
	send := func(r response) error {
		if err := enc.Encode(r); err != nil {
			return err
		}
		return out.Flush()
	}
	if err := send(response{Ready: true}); err != nil {
		return err
	}
	dec := json.NewDecoder(in)
	for {
		var req request
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("grade-worker: reading job: %w", err)
		}
		res := runJob(req.Job)
		if err := send(response{ID: req.ID, Result: &res}); err != nil {
			return fmt.Errorf("grade-worker: writing result: %w", err)
		}
	}
}

type workerConfig struct {
	addressSpace int64
	maxProcs     int64 // <= 0: leave RLIMIT_NPROC alone
	gcPercent    int
}

func workerConfigFromEnv() (workerConfig, error) {
	cfg := workerConfig{addressSpace: defaultAddressSpace, gcPercent: defaultGCPercent}
	num := func(name string, dst *int64) error {
		if v, ok := os.LookupEnv(name); ok && v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return fmt.Errorf("grade-worker: %s: %w", name, err)
			}
			*dst = n
		}
		return nil
	}
	gc := int64(cfg.gcPercent)
	for _, e := range []error{num(EnvAddressSpace, &cfg.addressSpace), num(EnvMaxProcesses, &cfg.maxProcs), num(EnvGCPercent, &gc)} {
		if e != nil {
			return cfg, e
		}
	}
	cfg.gcPercent = int(gc)
	return cfg, nil
}

// exitOnCPULimit makes SIGXCPU fatal. The Go runtime otherwise catches and
// ignores it, and the kernel would only kill at the hard limit, which an
// unprivileged process cannot raise again once lowered.
func exitOnCPULimit() {
	ch := make(chan os.Signal, 1)
	if !notifyCPULimit(ch) {
		return
	}
	go func() {
		<-ch
		fmt.Fprintln(os.Stderr, "grade-worker: CPU time limit exceeded (SIGXCPU)")
		os.Exit(exitCPULimit)
	}()
}

// runJob runs one job under per-job limits.
func runJob(job jsrun.Job) jsrun.Result {
	limit := job.TimeLimit
	if limit <= 0 {
		limit = jsrun.DefaultTimeLimit
	}
	setCPULimit(limit + cpuSlack)

	mem := job.MemoryLimitBytes
	if mem <= 0 {
		mem = jsrun.DefaultMemoryLimitBytes
	}
	// Past this soft limit the GC runs often, which keeps the heap
	// watchdog's view of live memory fresh as a job approaches its limit.
	heap := heapObjectsBytes()
	debug.SetMemoryLimit(int64(heap) + mem + 32<<20)

	res := jsrun.Run(job)

	debug.SetMemoryLimit(math.MaxInt64)
	if heapObjectsBytes() > 256<<20 {
		// A job left a large heap behind; give it back now rather than
		// letting the pool recycle this worker for its size.
		debug.FreeOSMemory()
	}
	return res
}

func heapObjectsBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		return s[0].Value.Uint64()
	}
	return 0
}

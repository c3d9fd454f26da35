package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/ohtalent/ohtalent/internal/grading/jsrun"
)

// ErrClosed is returned by Grade once Close has been called.
var ErrClosed = errors.New("sandbox: pool closed")

// Options configures a Pool. Zero values get the documented defaults.
type Options struct {
	// Workers is the number of worker processes (default runtime.NumCPU()).
	Workers int
	// Command and Args start a worker (default os.Executable() and
	// ["grade-worker"]). The command must call WorkerMain.
	Command string
	Args    []string
	// Env is the workers' environment. Workers do not inherit this
	// process's environment, which may hold secrets; Pool appends TZ=UTC
	// and the variables for the limits below.
	Env []string

	// Stderr, if set, receives the workers' standard error (Go crash
	// reports, internal errors). It must be safe for concurrent writes.
	Stderr io.Writer

	// Grace is wall time allowed beyond a job's TimeLimit (for
	// transpiling and for limits that need a moment to trip) before the
	// worker is killed (default 2s).
	Grace time.Duration
	// StartTimeout bounds a worker's start-up (default 10s).
	StartTimeout time.Duration
	// MaxJobsPerWorker recycles a worker after that many jobs (default 2000).
	MaxJobsPerWorker int
	// MaxWorkerRSSBytes recycles a worker whose resident memory grew past
	// this after a job (default 768 MiB).
	MaxWorkerRSSBytes int64
	// AddressSpaceBytes is how much address space a worker may map beyond
	// its start-up footprint, enforced with RLIMIT_AS (default 2 GiB; -1
	// to leave RLIMIT_AS alone).
	AddressSpaceBytes int64
	// MaxProcesses, when > 0, sets RLIMIT_NPROC in workers. Linux counts
	// every process and thread of the user against it, so only use it
	// when workers run as a dedicated user.
	MaxProcesses int
}

func (o *Options) withDefaults() (Options, error) {
	out := *o
	if out.Workers <= 0 {
		out.Workers = runtime.NumCPU()
	}
	if out.Command == "" {
		exe, err := os.Executable()
		if err != nil {
			return out, fmt.Errorf("sandbox: locating worker executable: %w", err)
		}
		out.Command = exe
		if out.Args == nil {
			out.Args = []string{"grade-worker"}
		}
	}
	env := append([]string(nil), out.Env...)
	// MALLOC_ARENA_MAX: with cgo, glibc reserves 64 MiB of address space
	// per thread; keep that out of the RLIMIT_AS budget.
	env = append(env, "TZ=UTC", "MALLOC_ARENA_MAX=2")
	switch {
	case out.AddressSpaceBytes > 0:
		env = append(env, fmt.Sprintf("%s=%d", EnvAddressSpace, out.AddressSpaceBytes))
	case out.AddressSpaceBytes < 0:
		env = append(env, EnvAddressSpace+"=0")
	}
	if out.MaxProcesses > 0 {
		env = append(env, fmt.Sprintf("%s=%d", EnvMaxProcesses, out.MaxProcesses))
	}
	out.Env = env
	if out.Grace <= 0 {
		out.Grace = 2 * time.Second
	}
	if out.StartTimeout <= 0 {
		out.StartTimeout = 10 * time.Second
	}
	if out.MaxJobsPerWorker <= 0 {
		out.MaxJobsPerWorker = 2000
	}
	if out.MaxWorkerRSSBytes <= 0 {
		out.MaxWorkerRSSBytes = 768 << 20
	}
	return out, nil
}

// Pool runs grading jobs on reusable worker processes.
type Pool struct {
	opts Options

	// slots holds one token per worker: a ready process, or nil when the
	// slot's process must be (re)started by whoever takes it.
	slots chan *process

	mu      sync.Mutex
	closed  bool
	live    map[*process]struct{}
	done    chan struct{}
	pending sync.WaitGroup // background restarts and retirements
}

// NewPool starts opts.Workers workers and waits until all are ready.
func NewPool(opts Options) (*Pool, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	p := &Pool{
		opts:  o,
		slots: make(chan *process, o.Workers),
		live:  map[*process]struct{}{},
		done:  make(chan struct{}),
	}
	type started struct {
		proc *process
		err  error
	}
	ch := make(chan started, o.Workers)
	for range o.Workers {
		go func() {
			proc, err := p.start()
			ch <- started{proc, err}
		}()
	}
	var firstErr error
	for range o.Workers {
		s := <-ch
		if s.err != nil && firstErr == nil {
			firstErr = s.err
		}
		p.slots <- s.proc
	}
	if firstErr != nil {
		p.Close()
		return nil, firstErr
	}
	return p, nil
}

func (p *Pool) start() (*process, error) {
	proc, err := startProcess(&p.opts)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		go proc.stop(time.Second)
		return nil, ErrClosed
	}
	p.live[proc] = struct{}{}
	return proc, nil
}

func (p *Pool) forget(proc *process) {
	p.mu.Lock()
	delete(p.live, proc)
	p.mu.Unlock()
}

func (p *Pool) isClosed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

// Grade runs job on an idle worker, waiting for one if all are busy. The
// error is non-nil only when no verdict could be reached: ctx ended, the
// pool is closed, or no worker could be started. A worker that hangs or
// dies is replaced and its job gets a verdict (time_limit_exceeded,
// memory_limit_exceeded or runtime_error).
func (p *Pool) Grade(ctx context.Context, job jsrun.Job) (jsrun.Result, error) {
	if p.isClosed() {
		return jsrun.Result{}, ErrClosed
	}
	var proc *process
	select {
	case proc = <-p.slots:
	case <-ctx.Done():
		return jsrun.Result{}, ctx.Err()
	case <-p.done:
		return jsrun.Result{}, ErrClosed
	}
	res, healthy, err := p.runOn(ctx, proc, job)
	if errors.Is(err, errNotDelivered) {
		// The worker died before it could take the job (between jobs,
		// e.g. killed by the host): not this job's fault, so try once
		// more on a fresh worker in the same slot.
		res, healthy, err = p.runOn(ctx, nil, job)
		if errors.Is(err, errNotDelivered) {
			p.slots <- nil
			return jsrun.Result{}, errors.New("sandbox: no grade worker would accept the job")
		}
	}
	if err == nil && p.isClosed() && !healthy {
		// The worker died because Close killed it, not because of the job.
		return jsrun.Result{}, ErrClosed
	}
	return res, err
}

// errNotDelivered means the job never reached a live worker.
var errNotDelivered = errors.New("job not delivered")

// runOn runs job on proc (or on a new worker when proc is nil or dead),
// then returns the slot token: the worker if it can take more jobs, or a
// replacement started in the background. On errNotDelivered the caller
// keeps the token.
func (p *Pool) runOn(ctx context.Context, proc *process, job jsrun.Job) (jsrun.Result, bool, error) {
	if proc != nil && !proc.alive() {
		p.forget(proc)
		proc = nil
	}
	if proc == nil {
		var err error
		if proc, err = p.start(); err != nil {
			p.slots <- nil
			return jsrun.Result{}, false, err
		}
	}
	res, healthy, err := p.run(ctx, proc, job)
	switch {
	case errors.Is(err, errNotDelivered):
	case healthy && (proc.jobs >= p.opts.MaxJobsPerWorker || p.tooBig(proc)):
		p.retire(proc)
	case healthy:
		p.slots <- proc
	default:
		p.replace(proc)
	}
	return res, healthy, err
}

// run sends job to proc and waits for its result. healthy reports that the
// worker may take another job.
func (p *Pool) run(ctx context.Context, proc *process, job jsrun.Job) (jsrun.Result, bool, error) {
	limit := job.TimeLimit
	if limit <= 0 {
		limit = jsrun.DefaultTimeLimit
	}
	wall := limit + p.opts.Grace
	start := time.Now()
	proc.nextID++
	id := proc.nextID
	proc.jobs++
	if err := proc.send(request{ID: id, Job: job}, wall); err != nil {
		proc.kill("write failed")
		proc.awaitExit(p.opts.Grace)
		p.forget(proc)
		return jsrun.Result{}, false, errNotDelivered
	}

	timer := time.NewTimer(wall)
	defer timer.Stop()
	select {
	case r, ok := <-proc.resp:
		if !ok {
			proc.awaitExit(p.opts.Grace)
			return p.deathResult(proc, time.Since(start)), false, nil
		}
		if r.ID != id || r.Result == nil {
			// Out of step with the protocol: never trust this worker
			// again.
			proc.kill("protocol error")
			proc.awaitExit(p.opts.Grace)
			return jsrun.Result{Verdict: jsrun.VerdictRuntimeError, Tests: []jsrun.TestResult{}, Error: "grader protocol error", Duration: time.Since(start)}, false, nil
		}
		return *r.Result, true, nil
	case <-timer.C:
		proc.kill(killWallTime)
		proc.awaitExit(p.opts.Grace)
		return p.deathResult(proc, time.Since(start)), false, nil
	case <-ctx.Done():
		proc.kill("cancelled")
		proc.awaitExit(p.opts.Grace)
		return jsrun.Result{}, false, ctx.Err()
	}
}

// deathResult turns a worker's death during a job into a verdict.
func (p *Pool) deathResult(proc *process, elapsed time.Duration) jsrun.Result {
	res := jsrun.Result{Tests: []jsrun.TestResult{}, Duration: elapsed}
	switch proc.classifyDeath() {
	case deathTime:
		res.Verdict = jsrun.VerdictTimeLimitExceeded
		res.Error = "time limit exceeded; the grader had to stop the program"
	case deathMemory:
		res.Verdict = jsrun.VerdictMemoryLimitExceeded
		res.Error = "memory limit exceeded; the grader had to stop the program"
	default:
		res.Verdict = jsrun.VerdictRuntimeError
		res.Error = "the program crashed the grader (" + proc.describeExit() + ")"
	}
	return res
}

func (p *Pool) tooBig(proc *process) bool {
	rss, ok := residentBytes(proc.cmd.Process.Pid)
	return ok && rss > p.opts.MaxWorkerRSSBytes
}

// replace forgets a dead worker and starts its successor in the
// background, so the next job does not wait for a process start.
func (p *Pool) replace(proc *process) {
	p.forget(proc)
	p.restartSlot()
}

// retire stops a healthy worker that has served enough, then replaces it.
func (p *Pool) retire(proc *process) {
	p.forget(proc)
	p.pending.Add(1)
	go func() {
		defer p.pending.Done()
		proc.stop(p.opts.Grace)
	}()
	p.restartSlot()
}

func (p *Pool) restartSlot() {
	p.pending.Add(1)
	go func() {
		defer p.pending.Done()
		proc, err := p.start()
		if err != nil {
			// Whoever takes the empty slot tries again and reports the
			// error.
			proc = nil
		}
		p.slots <- proc
	}()
}

// Close stops all workers. Jobs in flight end with ErrClosed.
func (p *Pool) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	close(p.done)
	procs := make([]*process, 0, len(p.live))
	for proc := range p.live {
		procs = append(procs, proc)
	}
	p.live = map[*process]struct{}{}
	p.mu.Unlock()

	var wg sync.WaitGroup
	for _, proc := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			proc.kill("pool closed")
			<-proc.exited
		}()
	}
	wg.Wait()
	p.pending.Wait()
	return nil
}

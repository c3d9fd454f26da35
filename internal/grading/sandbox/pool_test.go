package sandbox

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/grading/jsrun"
)

// The test binary doubles as the worker: with OHT_GRADE_WORKER=1 it runs
// WorkerMain instead of the tests, so `go test` needs no built ohtalent.
func TestMain(m *testing.M) {
	if os.Getenv("OHT_GRADE_WORKER") == "1" {
		if err := WorkerMain(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func testOptions() Options {
	return Options{
		Workers: 2,
		Command: os.Args[0],
		Env:     append(os.Environ(), "OHT_GRADE_WORKER=1"),
		Grace:   time.Second,
	}
}

func newPool(t testing.TB, opts Options) *Pool {
	t.Helper()
	p, err := NewPool(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

var (
	sharedOnce sync.Once
	shared     *Pool
	sharedErr  error
)

// sharedPool serves the hostile-program tests, so that each one also
// checks that the pool recovers for the next.
func sharedPool(t *testing.T) *Pool {
	t.Helper()
	sharedOnce.Do(func() {
		opts := testOptions()
		// Small enough that a single huge allocation hits it quickly.
		opts.AddressSpaceBytes = 512 << 20
		shared, sharedErr = NewPool(opts)
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

func grade(t *testing.T, p *Pool, job jsrun.Job) jsrun.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := p.Grade(ctx, job)
	if err != nil {
		t.Fatalf("Grade: %v", err)
	}
	return res
}

// assertStillServes grades the typical lab and expects full marks.
func assertStillServes(t *testing.T, p *Pool) {
	t.Helper()
	res := grade(t, p, TypicalLabJob(1))
	if res.Verdict != jsrun.VerdictOK || res.Passed != res.Total || res.Total != 10 {
		t.Fatalf("pool no longer grades a correct solution: %+v", res)
	}
}

const hypiumImport = "import { describe, it, expect } from '@ohos/hypium';\n"

// job builds a one-file job whose test imports f and g from main.ts.
func job(main, tests string) jsrun.Job {
	return jsrun.Job{
		Files:     []jsrun.File{{Name: "main.ts", Source: main}},
		Tests:     []jsrun.TestFile{{Name: "public.test.ts", Source: hypiumImport + "import { f, g } from './main';\n" + tests}},
		TimeLimit: time.Second,
	}
}

func TestCorrectSolutionPassesAndStarterFails(t *testing.T) {
	p := sharedPool(t)
	res := grade(t, p, TypicalLabJob(7))
	if res.Verdict != jsrun.VerdictOK || res.Passed != 10 || res.Total != 10 {
		t.Fatalf("solution: %+v", res)
	}
	hidden := 0
	for _, tr := range res.Tests {
		if tr.Hidden {
			hidden++
		}
	}
	if hidden != 5 {
		t.Fatalf("want 5 hidden results, got %d", hidden)
	}

	starter := TypicalLabJob(8)
	starter.Files[0].Source = `export interface Reading { sensor: string; value: number; }
export function movingAverage(values: number[], window: number): number[] { return []; }
export function groupBySensor(readings: Reading[]): Map<string, number[]> { return new Map(); }
export class Stats {
  add(v: number): Stats { return this; }
  mean(): number { return 0; }
  max(): number | undefined { return 0; }
}
export async function fetchAverage(load: () => Promise<number[]>): Promise<number> { return 0; }
`
	res = grade(t, p, starter)
	if res.Verdict != jsrun.VerdictOK || res.Total != 10 || res.Passed*100/res.Total >= 60 {
		t.Fatalf("starter should fail most tests: %+v", res)
	}
}

func TestHostilePrograms(t *testing.T) {
	p := sharedPool(t)
	cases := []struct {
		name        string
		job         jsrun.Job
		verdict     string
		check       func(t *testing.T, res jsrun.Result)
		maxDuration time.Duration
	}{
		{
			name:    "infinite loop",
			job:     job(`export function f() { while (true) {} } export const g = 1;`, `it('loops', () => { f(); });`),
			verdict: jsrun.VerdictTimeLimitExceeded,
		},
		{
			name:    "infinite loop at top level",
			job:     job(`export const f = 1, g = 2; for (;;) {}`, `it('x', () => {});`),
			verdict: jsrun.VerdictTimeLimitExceeded,
		},
		{
			name: "endless recursion inside a test",
			job: job(`export function f(n: number): number { return f(n + 1) + 1; } export const g = 1;`,
				`it('recurses', () => { f(0); }); it('still runs', () => { expect(g).assertEqual(1); });`),
			verdict: jsrun.VerdictOK,
			check: func(t *testing.T, res jsrun.Result) {
				if res.Total != 2 || res.Passed != 1 || !strings.Contains(res.Tests[0].Message, "Maximum call stack size exceeded") {
					t.Fatalf("%+v", res)
				}
			},
		},
		{
			name:    "endless recursion at top level",
			job:     job(`export function f(): number { return f(); } export const g = f();`, `it('x', () => {});`),
			verdict: jsrun.VerdictRuntimeError,
			check: func(t *testing.T, res jsrun.Result) {
				if !strings.Contains(res.Error, "Maximum call stack size exceeded") || !strings.Contains(res.Error, "main.ts:1:") {
					t.Fatalf("error %q", res.Error)
				}
			},
		},
		{
			name: "memory bomb",
			job: func() jsrun.Job {
				j := job(`export function f() { const a: number[][] = []; while (true) a.push(new Array(1e6).fill(1)); } export const g = 1;`,
					`it('bombs', () => { f(); });`)
				j.MemoryLimitBytes = 48 << 20
				j.TimeLimit = 10 * time.Second
				return j
			}(),
			verdict: jsrun.VerdictMemoryLimitExceeded,
		},
		{
			name: "single allocation beyond the address-space limit",
			job: job(`export function f() { return 'x'.repeat(2 ** 30).length; } export const g = 1;`,
				`it('allocates', () => { f(); });`),
			verdict: jsrun.VerdictMemoryLimitExceeded,
		},
		{
			name: "catastrophic regex (not interruptible in-process)",
			job: func() jsrun.Job {
				j := job(`export function f() { return /^(a+)+(?=c)/.test('a'.repeat(28) + 'b'); } export const g = 1;`,
					`it('backtracks', () => { f(); });`)
				// goja runs this regex in a Go library that its interrupt
				// cannot stop (~30 s); the pool must kill the worker.
				j.TimeLimit = 300 * time.Millisecond
				return j
			}(),
			verdict:     jsrun.VerdictTimeLimitExceeded,
			maxDuration: 5 * time.Second,
		},
		{
			name:    "printing megabytes",
			job:     job(`export function f() { const s = 'x'.repeat(1000); for (;;) console.log(s); } export const g = 1;`, `it('prints', () => { f(); });`),
			verdict: jsrun.VerdictOutputLimitExceeded,
			check: func(t *testing.T, res jsrun.Result) {
				if !res.OutputTruncated || len(res.Output) != jsrun.DefaultMaxOutputBytes {
					t.Fatalf("output %d bytes, truncated %v", len(res.Output), res.OutputTruncated)
				}
			},
		},
		{
			name: "throwing non-errors",
			job: job(`export function f(k: number) {
  if (k === 0) throw 'boom';
  if (k === 1) throw null;
  if (k === 2) throw { code: 7 };
  if (k === 3) throw 42;
  throw undefined;
}
export const g = 1;`, `it('string', () => { f(0); });
it('null', () => { f(1); });
it('object', () => { f(2); });
it('number', () => { f(3); });
it('undefined', () => { f(4); });
it('rejects', async () => { await Promise.reject(null); });`),
			verdict: jsrun.VerdictOK,
			check: func(t *testing.T, res jsrun.Result) {
				want := []string{`thrown: "boom"`, "thrown: null", `thrown: {"code": 7}`, "thrown: 42", "thrown: undefined", "thrown: null"}
				if res.Total != len(want) || res.Passed != 0 {
					t.Fatalf("%+v", res)
				}
				for i, w := range want {
					if !strings.HasPrefix(res.Tests[i].Message, w) {
						t.Errorf("test %d: message %q, want prefix %q", i, res.Tests[i].Message, w)
					}
				}
			},
		},
		{
			name: "throwing at top level",
			job:  job("export const f = 1;\nexport const g = 2;\nthrow null;", `it('x', () => {});`),
			check: func(t *testing.T, res jsrun.Result) {
				if res.Error != "Uncaught thrown: null (main.ts:3:1)" {
					t.Fatalf("error %q", res.Error)
				}
			},
			verdict: jsrun.VerdictRuntimeError,
		},
		{
			name: "async test that never resolves",
			job: job(`export function f(): Promise<number> { return new Promise<number>(() => {}); } export const g = 1;`,
				`it('waits forever', async () => { await f(); });
it('never calls done', 0, (done: Function) => { f(); });
it('next test still runs', () => { expect(g).assertEqual(1); });`),
			verdict: jsrun.VerdictOK,
			check: func(t *testing.T, res jsrun.Result) {
				if res.Total != 3 || res.Passed != 1 || res.Tests[0].Passed || res.Tests[1].Passed {
					t.Fatalf("%+v", res)
				}
			},
		},
		{
			name: "async test that spins the microtask queue",
			job: job(`export async function f() { for (;;) { await null; } } export const g = 1;`,
				`it('spins', async () => { await f(); });`),
			verdict: jsrun.VerdictTimeLimitExceeded,
		},
		{
			name: "syntax error",
			job:  job("export function f(): number {\n  return 1 +* 2;\n}\nexport const g = 1;", `it('x', () => {});`),
			check: func(t *testing.T, res jsrun.Result) {
				if len(res.Diagnostics) != 1 {
					t.Fatalf("%+v", res.Diagnostics)
				}
				d := res.Diagnostics[0]
				if d.File != "main.ts" || d.Line != 2 || d.Column != 13 {
					t.Fatalf("diagnostic %+v", d)
				}
			},
			verdict: jsrun.VerdictCompileError,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if raceEnabled && c.verdict == jsrun.VerdictMemoryLimitExceeded && strings.Contains(c.name, "address-space") {
				t.Skip("the race runtime reports address-space exhaustion as its own fatal error")
			}
			start := time.Now()
			res := grade(t, p, c.job)
			if res.Verdict != c.verdict {
				t.Fatalf("verdict %s (%s), want %s; %+v", res.Verdict, res.Error, c.verdict, res)
			}
			if c.check != nil {
				c.check(t, res)
			}
			if c.maxDuration > 0 && time.Since(start) > c.maxDuration {
				t.Errorf("took %v", time.Since(start))
			}
			assertStillServes(t, p)
		})
	}
}

func TestTamperingCannotFakePasses(t *testing.T) {
	p := sharedPool(t)
	// Every one of these tests must fail: f returns a wrong answer and
	// tries to make the checks pass anyway.
	cases := map[string]struct{ main, tests string }{
		"overwrite global expect and describe": {
			main: `(globalThis as any).expect = () => ({ assertEqual() {} });
(globalThis as any).describe = (n: string, fn: () => void) => {};
(globalThis as any).it = (n: string, fn: () => void) => {};
export function f() { return 1; } export const g = 0;`,
			tests: `describe('s', () => { it('wrong', () => { expect(f()).assertEqual(2); }); });`,
		},
		"override Object.prototype.toString": {
			main: `try { Object.prototype.toString = function () { return '[object Array]'; }; } catch (e) {}
try { Object.defineProperty(Object.prototype, 'toString', { value: () => '[object Array]' }); } catch (e) {}
export function f() { return {}; } export const g = 0;`,
			tests: `it('wrong', () => { expect(Object.prototype.toString.call(f())).assertEqual('[object Array]'); });`,
		},
		"override built-ins the test relies on": {
			main: `export function f(): number[] {
  try { (Array.prototype as any).includes = () => true; } catch (e) {}
  try { (JSON as any).stringify = () => '[1,2,3]'; } catch (e) {}
  try { (Math as any).abs = () => 0; } catch (e) {}
  try { Object.defineProperty(Array.prototype, 'length', { get() { return 3; } }); } catch (e) {}
  return [9];
}
export const g = 0;`,
			tests: `it('includes', () => { expect(f().includes(3)).assertTrue(); });
it('stringify', () => { expect(JSON.stringify(f())).assertEqual('[1,2,3]'); });
it('abs', () => { expect(Math.abs(f()[0] - 3) < 0.5).assertTrue(); });`,
		},
		"replace Promise and its then": {
			main: `try { (Promise.prototype as any).then = function (ok: Function) { ok(42); }; } catch (e) {}
try { (globalThis as any).Promise = class { then(ok: Function) { ok(42); } }; } catch (e) {}
export async function f() { return 1; } export const g = 0;`,
			tests: `it('async', async () => { expect(await f()).assertEqual(42); });`,
		},
		"register tests through a leaked it": {
			main: `export function f(register: Function) {
  for (let i = 0; i < 50; i++) register('fake ' + i, () => {});
  return 0;
}
export const g = 0;`,
			tests: `it('wrong', () => { expect(f(it)).assertEqual(1); });`,
		},
		"call every global function": {
			main: `export function f() {
  const names = Object.getOwnPropertyNames(globalThis);
  for (const n of names) {
    const v = (globalThis as any)[n];
    if (typeof v === 'function') { try { v('fake', () => {}); } catch (e) {} }
  }
  return 0;
}
export const g = 0;`,
			tests: `it('wrong', () => { expect(f()).assertEqual(1); });`,
		},
		"swallow the assertion error": {
			main:  `export function f(check: () => void) { try { check(); } catch (e) {} return 0; } export const g = 0;`,
			tests: `it('wrong', () => { f(() => expect(1).assertEqual(2)); });`,
		},
		"poison deep equality": {
			main: `export function f() {
  try { Object.defineProperty(Object.prototype, 'length', { get() { return 0; } }); } catch (e) {}
  try { (Reflect as any).ownKeys = () => []; } catch (e) {}
  return { a: 1 };
}
export const g = 0;`,
			tests: `it('wrong', () => { expect(f()).assertDeepEquals({ a: 2 }); });`,
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			res := grade(t, p, job(c.main, c.tests))
			if res.Verdict != jsrun.VerdictOK {
				t.Fatalf("verdict %s: %s", res.Verdict, res.Error)
			}
			if res.Passed != 0 {
				t.Fatalf("tampering passed %d of %d tests: %+v", res.Passed, res.Total, res.Tests)
			}
			if want := strings.Count(c.tests, "it('"); res.Total != want {
				t.Fatalf("total %d, want %d (tests were added or lost)", res.Total, want)
			}
		})
	}
	assertStillServes(t, p)
}

func TestGradeHonoursContext(t *testing.T) {
	p := newPool(t, func() Options { o := testOptions(); o.Workers = 1; return o }())
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	j := job(`export function f() { while (true) {} } export const g = 1;`, `it('loops', () => { f(); });`)
	j.TimeLimit = 10 * time.Second
	if _, err := p.Grade(ctx, j); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v", err)
	}
	assertStillServes(t, p)
}

func TestConcurrentGradingAndRecycling(t *testing.T) {
	opts := testOptions()
	opts.MaxJobsPerWorker = 3
	p := newPool(t, opts)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := p.Grade(context.Background(), TypicalLabJob(i))
			if err == nil && (res.Verdict != jsrun.VerdictOK || res.Passed != 10) {
				err = fmt.Errorf("job %d: %+v", i, res)
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestClose(t *testing.T) {
	p, err := NewPool(testOptions())
	if err != nil {
		t.Fatal(err)
	}
	// A job in flight when Close is called ends with ErrClosed.
	done := make(chan error, 1)
	go func() {
		j := job(`export function f() { while (true) {} } export const g = 1;`, `it('loops', () => { f(); });`)
		j.TimeLimit = 10 * time.Second
		_, err := p.Grade(context.Background(), j)
		done <- err
	}()
	time.Sleep(300 * time.Millisecond)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, ErrClosed) {
		t.Fatalf("in-flight Grade: %v", err)
	}
	if _, err := p.Grade(context.Background(), TypicalLabJob(0)); !errors.Is(err, ErrClosed) {
		t.Fatalf("Grade after Close: %v", err)
	}
}

func TestNewPoolFailsForBadCommand(t *testing.T) {
	opts := testOptions()
	opts.Env = os.Environ() // without OHT_GRADE_WORKER the binary runs tests, not a worker
	opts.Args = []string{"-test.run=^$"}
	opts.StartTimeout = 5 * time.Second
	if p, err := NewPool(opts); err == nil {
		p.Close()
		t.Fatal("NewPool succeeded with a command that is not a worker")
	}
}

// BenchmarkPoolGrade grades the typical lab (10 tests, fresh source each
// time) on a pool with one worker per CPU and reports gradings/s.
func BenchmarkPoolGrade(b *testing.B) {
	opts := testOptions()
	opts.Workers = 0 // runtime.NumCPU()
	p := newPool(b, opts)
	ctx := context.Background()
	// Warm up every worker (first runs build the lockdown plan and
	// compile the tests).
	if _, err := MeasureThroughput(ctx, p, 4*p.opts.Workers, p.opts.Workers, TypicalLabJob); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	var next int
	var mu sync.Mutex
	b.SetParallelism(1) // GOMAXPROCS goroutines ≈ one per worker
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			next++
			i := next
			mu.Unlock()
			res, err := p.Grade(ctx, TypicalLabJob(1000+i))
			if err != nil || res.Verdict != jsrun.VerdictOK || res.Passed != 10 {
				b.Fatalf("%v %+v", err, res)
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "gradings/s")
}

func TestIdleWorkerDeathIsNotBlamedOnNextJob(t *testing.T) {
	opts := testOptions()
	opts.Workers = 1
	p := newPool(t, opts)
	assertStillServes(t, p)
	p.mu.Lock()
	var victim *process
	for proc := range p.live {
		victim = proc
	}
	p.mu.Unlock()
	// Killed by someone else (the OOM killer, an operator) while idle.
	if err := victim.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-victim.exited
	assertStillServes(t, p)
}

func TestUndeliverableJobIsRetried(t *testing.T) {
	opts := testOptions()
	opts.Workers = 1
	p := newPool(t, opts)
	p.mu.Lock()
	var victim *process
	for proc := range p.live {
		victim = proc
	}
	p.mu.Unlock()
	// The next write to this worker fails before it exits.
	victim.stdin.Close()
	assertStillServes(t, p)
}

package jsrun

import (
	_ "embed"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"
	"github.com/ohtalent/ohtalent/internal/grading/arkui"
)

// Epoch is what Date.now() returns when a run starts; virtual timers
// advance it. Tests must not depend on wall-clock time.
var Epoch = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

//go:embed harness.js
var harnessSource string

const harnessProgramName = "oht-harness"

var harnessProgram = sync.OnceValue(func() *goja.Program {
	return goja.MustCompile(harnessProgramName, harnessSource, true)
})

// stop reasons, set once by whichever limit trips first.
const (
	stopNone int32 = iota
	stopTime
	stopMemory
	stopOutput
)

// engine is the state of one run. Everything except stop and the
// watchdogs is used from the calling goroutine only (goja is not
// goroutine-safe).
type engine struct {
	job   Job
	vm    *goja.Runtime
	stop  atomic.Int32
	clock time.Duration // virtual time since Epoch

	out          strings.Builder
	outTruncated bool

	timers timerQueue

	// From the harness (harness.js).
	render    goja.Callable
	errorText goja.Callable
	toPromise goja.Callable
	hypium    goja.Value

	studentFiles map[string]bool
	modules      map[string]goja.Value // learner file name -> namespace

	// The ArkUI runtime's modules, once a file imports them (arkui.go).
	arkuiRuntime goja.Value
	arkuiTest    goja.Value

	reg    registration
	roots  []*suite
	specs  []*spec // in registration order
	cur    *activity
	frames []goja.StackFrame
}

// Run grades job and never panics. See the package comment: it runs
// untrusted code in this process and belongs in a worker process.
func Run(job Job) (res Result) {
	start := time.Now()
	if job.TimeLimit <= 0 {
		job.TimeLimit = DefaultTimeLimit
	}
	if job.MemoryLimitBytes <= 0 {
		job.MemoryLimitBytes = DefaultMemoryLimitBytes
	}
	if job.MaxOutputBytes <= 0 {
		job.MaxOutputBytes = DefaultMaxOutputBytes
	}
	defer func() {
		if x := recover(); x != nil {
			// A bug in the grader, or goja, must not take the worker
			// down with a half-written answer.
			fmt.Fprintf(os.Stderr, "jsrun: internal error: %v\n%s", x, debug.Stack())
			res = Result{Verdict: VerdictRuntimeError, Tests: []TestResult{}, Error: fmt.Sprintf("internal grader error: %v", x)}
		}
		res.Duration = time.Since(start)
	}()

	student := compileStudent(job.Files)
	var diags []Diagnostic
	diags = append(diags, student.diags...)
	tests := make([]*compiled, len(job.Tests))
	if len(diags) == 0 {
		for i, t := range job.Tests {
			tests[i] = compileTest(t, job.Files)
			diags = append(diags, tests[i].diags...)
		}
	}
	if len(diags) > 0 {
		return Result{Verdict: VerdictCompileError, Tests: []TestResult{}, Diagnostics: diags, Error: "compilation failed"}
	}

	e := newEngine(job)
	errText := func() string {
		// Deferred so that the watchdog goroutine ends even if the run
		// panics.
		defer e.startWatchdogs()()
		return e.execute(student.prg, tests)
	}()
	return e.result(errText)
}

// Warmup does the once-per-process work (esbuild start-up, compiling the
// harness and the ArkUI runtime, building the lockdown plan) so that the
// first real job does not pay for it. Worker processes call it before
// announcing they are ready.
func Warmup() {
	_, _ = arkuiProgram() // compiled once per process, used by ArkUI labs
	Run(Job{
		Files: []File{{Name: "main.ts", Source: "export const warm: number = 1;"}},
		Tests: []TestFile{{Name: "warmup.test.ts", Source: "import { it, expect } from '@ohos/hypium';\nimport { warm } from './main';\nit('warm', () => expect(warm).assertEqual(1));"}},
	})
}

func newEngine(job Job) *engine {
	e := &engine{job: job, vm: goja.New(), studentFiles: map[string]bool{}, modules: map[string]goja.Value{}}
	for _, f := range job.Files {
		e.studentFiles[cleanName(f.Name)] = true
	}
	rng := rand.New(rand.NewPCG(uint64(job.Seed), 0x6f6874616c656e74))
	e.vm.SetRandSource(rng.Float64)
	e.vm.SetTimeSource(func() time.Time { return Epoch.Add(e.clock) })
	e.vm.SetMaxCallStackSize(MaxCallStackSize)
	return e
}

// halt stops the run for reason; the first reason wins.
func (e *engine) halt(reason int32) {
	if e.stop.CompareAndSwap(stopNone, reason) {
		e.vm.Interrupt(reason)
	}
}

func (e *engine) stopped() bool { return e.stop.Load() != stopNone }

// execute sets up the runtime, loads the learner's code and the tests, and
// runs them. It returns the reason for a runtime_error, if any.
func (e *engine) execute(student *goja.Program, tests []*compiled) string {
	if err := e.installGlobals(); err != nil {
		return "internal grader error: " + err.Error()
	}
	if err := e.loadHarness(); err != nil {
		return "internal grader error: " + err.Error()
	}
	if msg := e.loadStudent(student); msg != "" {
		return msg
	}
	for i, t := range tests {
		if msg := e.loadTests(i, t.prg); msg != "" {
			return msg
		}
	}
	e.reg = registration{}
	e.runAll()
	return ""
}

func (e *engine) loadHarness() error {
	var plan goja.Value = goja.Undefined()
	if prg := lockdownPlan(); prg != nil {
		if v, err := e.vm.RunProgram(prg); err == nil {
			plan = v
		}
	}
	api, err := e.runHarness(plan)
	if err != nil {
		return err
	}
	var ok1, ok2, ok3 bool
	e.render, ok1 = goja.AssertFunction(api.Get("render"))
	e.errorText, ok2 = goja.AssertFunction(api.Get("errorText"))
	e.toPromise, ok3 = goja.AssertFunction(api.Get("toPromise"))
	e.hypium = api.Get("hypium")
	if !ok1 || !ok2 || !ok3 {
		return errors.New("harness API incomplete")
	}
	return nil
}

func (e *engine) runHarness(plan goja.Value) (*goja.Object, error) {
	fv, err := e.vm.RunProgram(harnessProgram())
	if err != nil {
		return nil, err
	}
	fn, ok := goja.AssertFunction(fv)
	if !ok {
		return nil, errors.New("harness is not a function")
	}
	api, err := fn(goja.Undefined(), e.nativeHooks(), plan)
	if err != nil {
		return nil, err
	}
	return api.ToObject(e.vm), nil
}

// lockdownPlan is the program, generated by walking the intrinsics of a
// fresh runtime once, that fetches every intrinsic for harness.js to
// freeze. nil means every run walks (slower, same result).
var lockdownPlan = sync.OnceValue(func() *goja.Program {
	e := newEngine(Job{})
	if err := e.installGlobals(); err != nil {
		return nil
	}
	api, err := e.runHarness(goja.Undefined())
	if err != nil {
		return nil
	}
	src := api.Get("planSource").String()
	if src == "" {
		return nil
	}
	prg, err := goja.Compile("oht-lockdown-plan", src, true)
	if err != nil {
		return nil
	}
	return prg
})

// loadStudent evaluates the learner's bundle and keeps each file's module
// namespace for require().
func (e *engine) loadStudent(prg *goja.Program) string {
	fv, err := e.vm.RunProgram(prg)
	if err != nil {
		return e.uncaught("", err)
	}
	fn, _ := goja.AssertFunction(fv)
	module := e.vm.NewObject()
	if _, err := fn(goja.Undefined(), module, e.vm.ToValue(e.studentRequire)); err != nil {
		return e.uncaught("", err)
	}
	// Read through the exports object esbuild built; a learner who
	// reassigned `module` only breaks their own imports.
	var mods *goja.Object
	if ex, ok := module.Get("exports").(*goja.Object); ok {
		mods, _ = ex.Get("mods").(*goja.Object)
	}
	if mods == nil {
		return ""
	}
	for i, f := range e.job.Files {
		ns, ok := mods.Get(fmt.Sprint(i)).(*goja.Object)
		if !ok {
			continue
		}
		// Mark the namespace as an ES module so that esbuild's interop in
		// the test bundle treats `import x from './main'` as the default
		// export rather than the whole namespace.
		_ = ns.DefineDataProperty("__esModule", e.vm.ToValue(true), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
		e.modules[cleanName(f.Name)] = ns
	}
	return ""
}

// loadTests evaluates test file i, letting it register suites, then calls
// its default export if it has one.
func (e *engine) loadTests(i int, prg *goja.Program) string {
	t := e.job.Tests[i]
	root := &suite{file: i}
	e.roots = append(e.roots, root)
	e.reg = registration{active: true, program: testProgramPrefix + cleanName(t.Name), file: i, stack: []*suite{root}}
	where := "while loading " + t.Name

	fv, err := e.vm.RunProgram(prg)
	if err != nil {
		return e.uncaught(where, err)
	}
	fn, _ := goja.AssertFunction(fv)
	module := e.vm.NewObject()
	_ = module.Set("exports", e.vm.NewObject())
	if _, err := fn(goja.Undefined(), e.vm.ToValue(e.require), module); err != nil {
		return e.uncaught(where, err)
	}
	var def goja.Value
	if ex, ok := module.Get("exports").(*goja.Object); ok {
		def = ex.Get("default")
	}
	if call, ok := goja.AssertFunction(def); ok {
		if _, err := call(goja.Undefined()); err != nil {
			return e.uncaught(where, err)
		}
	}
	return ""
}

func (e *engine) require(call goja.FunctionCall) goja.Value {
	name := call.Argument(0).String()
	if name == hypiumModule {
		return e.hypium
	}
	if name == arkui.TestModule {
		_, test := e.arkuiModules()
		return test
	}
	if ns, ok := e.modules[name]; ok {
		return ns
	}
	if e.studentFiles[name] {
		// The file exists but its module did not finish loading.
		return e.vm.NewObject()
	}
	panic(e.vm.NewGoError(fmt.Errorf("cannot find module %q", name)))
}

// uncaught describes an error that escaped outside any test.
func (e *engine) uncaught(where string, err error) string {
	if e.stopped() {
		return ""
	}
	var b strings.Builder
	b.WriteString("Uncaught ")
	b.WriteString(e.errorMessage(err))
	if where != "" {
		b.WriteString(" (")
		b.WriteString(where)
		b.WriteString(")")
	}
	return b.String()
}

// result assembles the Result once the run is over.
func (e *engine) result(runtimeErr string) Result {
	res := Result{Verdict: VerdictOK, Tests: make([]TestResult, 0, len(e.specs)), Output: e.out.String(), OutputTruncated: e.outTruncated}
	reason := e.stop.Load()
	for _, s := range e.specs {
		tr := s.result
		if !s.ran {
			tr.Passed = false
			tr.Message = "not run: " + notRunReason(reason, runtimeErr)
		}
		if tr.Passed {
			res.Passed++
		}
		res.Tests = append(res.Tests, tr)
	}
	res.Total = len(res.Tests)
	switch reason {
	case stopTime:
		res.Verdict = VerdictTimeLimitExceeded
		res.Error = fmt.Sprintf("time limit of %v exceeded", e.job.TimeLimit)
	case stopMemory:
		res.Verdict = VerdictMemoryLimitExceeded
		res.Error = fmt.Sprintf("memory limit of %d MiB exceeded", e.job.MemoryLimitBytes>>20)
	case stopOutput:
		res.Verdict = VerdictOutputLimitExceeded
		res.Error = fmt.Sprintf("output limit of %d bytes exceeded", e.job.MaxOutputBytes)
	default:
		if runtimeErr != "" {
			res.Verdict = VerdictRuntimeError
			res.Error = runtimeErr
		}
	}
	return res
}

func notRunReason(reason int32, runtimeErr string) string {
	switch reason {
	case stopTime:
		return "time limit exceeded"
	case stopMemory:
		return "memory limit exceeded"
	case stopOutput:
		return "output limit exceeded"
	}
	if runtimeErr != "" {
		return "the program failed before this test"
	}
	return "skipped"
}

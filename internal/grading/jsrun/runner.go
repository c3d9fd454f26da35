package jsrun

import (
	"errors"
	"fmt"
	"time"

	"github.com/dop251/goja"
)

// asyncTimeout is Hypium's default per-test timeout for asynchronous tests
// and hooks, measured on the virtual clock: a test awaiting
// setTimeout(..., 10000) fails at once instead of waiting ten seconds.
const asyncTimeout = 5 * time.Second

// activity collects the outcome of one test (with its beforeEach and
// afterEach hooks) or one beforeAll/afterAll hook.
type activity struct {
	failed    bool
	detailSet bool
	message   string
	expected  string
	actual    string
}

// setDetail records why the activity failed; the first failure wins, as
// it is usually the cause of the others.
func (a *activity) setDetail(message, expected, actual string) {
	a.failed = true
	if a.detailSet {
		return
	}
	a.detailSet = true
	a.message, a.expected, a.actual = message, expected, actual
}

func (e *engine) runAll() {
	for _, root := range e.roots {
		e.runSuite(root, nil, nil)
		if e.stopped() {
			return
		}
	}
}

// runSuite runs a suite as Hypium does: beforeAll, its own tests, its
// child suites, afterAll. beforeEach/afterEach hooks of enclosing suites
// also apply to nested tests (outer ones first before, last after).
func (e *engine) runSuite(s *suite, before, after []goja.Value) {
	befores := append(append([]goja.Value(nil), before...), s.hooks[hookBeforeEach]...)
	afters := append(append([]goja.Value(nil), s.hooks[hookAfterEach]...), after...)

	setup := &activity{}
	for _, h := range s.hooks[hookBeforeAll] {
		if e.invoke(h, setup, "beforeAll"); setup.failed || e.stopped() {
			break
		}
	}
	if e.stopped() {
		return
	}
	if setup.failed {
		e.failSubtree(s, setup)
	} else {
		for _, sp := range s.specs {
			if e.runSpec(sp, befores, afters); e.stopped() {
				return
			}
		}
		for _, child := range s.children {
			if e.runSuite(child, befores, afters); e.stopped() {
				return
			}
		}
	}
	// Hypium ignores afterAll failures as far as test results go.
	for _, h := range s.hooks[hookAfterAll] {
		if e.invoke(h, &activity{}, "afterAll"); e.stopped() {
			return
		}
	}
}

func (e *engine) failSubtree(s *suite, setup *activity) {
	for _, sp := range s.specs {
		sp.ran = true
		sp.result.Passed = false
		sp.result.Message = setup.message
		sp.result.Expected, sp.result.Actual = setup.expected, setup.actual
	}
	for _, c := range s.children {
		e.failSubtree(c, setup)
	}
}

func (e *engine) runSpec(sp *spec, befores, afters []goja.Value) {
	act := &activity{}
	start := time.Now()
	setupOK := true
	for _, h := range befores {
		if e.invoke(h, act, "beforeEach"); act.failed || e.stopped() {
			setupOK = false
			break
		}
	}
	if setupOK {
		e.invoke(sp.fn, act, "")
		if !e.stopped() {
			for _, h := range afters {
				if e.invoke(h, act, "afterEach"); e.stopped() {
					break
				}
			}
		}
	}
	if e.stopped() {
		// The verdict says what happened; the test did not finish.
		return
	}
	sp.ran = true
	sp.result.Passed = !act.failed
	sp.result.Message, sp.result.Expected, sp.result.Actual = act.message, act.expected, act.actual
	if act.failed && sp.result.Message == "" {
		sp.result.Message = "failed"
	}
	sp.result.DurationMs = durationMs(time.Since(start))
}

// invoke calls a test or hook function and waits for it to finish: a
// returned promise must settle, and a function declaring a parameter gets
// Hypium's done callback and must call it. Waiting fires virtual timers;
// when nothing is left that could settle the function, it fails at once
// (no real time is spent waiting for what cannot happen).
func (e *engine) invoke(fn goja.Value, act *activity, label string) {
	prev := e.cur
	e.cur = act
	defer func() { e.cur = prev }()

	call, ok := goja.AssertFunction(fn)
	if !ok {
		act.setDetail(prefixed(label, "not a function"), "", "")
		return
	}
	deadline := e.clock + asyncTimeout

	var args []goja.Value
	doneCalled := false
	wantsDone := false
	if o, ok := fn.(*goja.Object); ok {
		if n := o.Get("length"); n != nil && n.ToInteger() >= 1 {
			wantsDone = true
			args = append(args, e.vm.ToValue(func(goja.FunctionCall) goja.Value {
				doneCalled = true
				return goja.Undefined()
			}))
		}
	}

	ret, err := call(goja.Undefined(), args...)
	if err != nil {
		e.failWithError(act, label, err)
		return
	}
	var p *goja.Promise
	if o, ok := ret.(*goja.Object); ok {
		if p, ok = o.Export().(*goja.Promise); !ok {
			// A thenable that is not a Promise: adopt it as `await` would.
			pv, err := e.toPromise(goja.Undefined(), ret)
			if err != nil {
				e.failWithError(act, label, err)
				return
			}
			p, _ = pv.Export().(*goja.Promise)
		}
	}
	for {
		if e.stopped() {
			return
		}
		if p != nil && p.State() == goja.PromiseStateRejected {
			e.failWithValue(act, label, p.Result())
			return
		}
		settled := p == nil || p.State() == goja.PromiseStateFulfilled
		if wantsDone {
			settled = doneCalled
		}
		if settled {
			return
		}
		fired, timedOut := e.fireNextTimer(deadline)
		if fired {
			continue
		}
		switch {
		case timedOut:
			act.setDetail(prefixed(label, fmt.Sprintf("execute timeout %dms", asyncTimeout.Milliseconds())), "", "")
		case wantsDone:
			act.setDetail(prefixed(label, "done() was never called and nothing left could call it"), "", "")
		default:
			act.setDetail(prefixed(label, "the returned promise never settles (nothing left could resolve it)"), "", "")
		}
		return
	}
}

func prefixed(label, msg string) string {
	if label == "" {
		return msg
	}
	return label + " hook: " + msg
}

// failWithError records an exception thrown by a test or hook. If an
// assertion already explained the failure, that explanation stays.
func (e *engine) failWithError(act *activity, label string, err error) {
	var in *goja.InterruptedError
	if errors.As(err, &in) {
		// Only our own limits interrupt; the verdict reports them.
		return
	}
	act.setDetail(prefixed(label, e.errorMessage(err)), "", "")
}

func (e *engine) failWithValue(act *activity, label string, v goja.Value) {
	act.setDetail(prefixed(label, e.thrownText(v)), "", "")
}

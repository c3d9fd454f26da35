package jsrun

import (
	"reflect"
	"strings"

	"github.com/dop251/goja"
)

// The suite tree lives in Go, not in JavaScript objects, so nothing a
// program does can add, remove or pass a test: tests are registered only by
// test-file code (checked on every call, see checkRegistrar) and run and
// judged by runner.go.

type hookKind int

const (
	hookBeforeAll hookKind = iota
	hookBeforeEach
	hookAfterEach
	hookAfterAll
)

var hookNames = [...]string{"beforeAll", "beforeEach", "afterEach", "afterAll"}

type suite struct {
	name     string // "outer > inner"; "" for a file's root
	file     int
	specs    []*spec
	children []*suite
	hooks    [4][]goja.Value
}

type spec struct {
	suite  *suite
	fn     goja.Value
	ran    bool
	result TestResult
}

// registration is the state while a test file loads.
type registration struct {
	active  bool
	program string // goja program name of the loading test file
	file    int
	stack   []*suite
}

// nativeHooks builds the object handed to harness.js. Only the harness
// closure ever holds it.
func (e *engine) nativeHooks() *goja.Object {
	o := e.vm.NewObject()
	set := func(name string, f func(goja.FunctionCall) goja.Value) {
		_ = o.Set(name, e.vm.ToValue(f))
	}
	set("markFailed", func(goja.FunctionCall) goja.Value {
		if e.cur != nil {
			e.cur.failed = true
		}
		return goja.Undefined()
	})
	set("failDetail", func(c goja.FunctionCall) goja.Value {
		if e.cur != nil {
			e.cur.setDetail(c.Argument(0).String(), c.Argument(1).String(), c.Argument(2).String())
		}
		return goja.Undefined()
	})
	set("className", func(c goja.FunctionCall) goja.Value {
		if obj, ok := c.Argument(0).(*goja.Object); ok {
			return e.vm.ToValue(brand(obj))
		}
		return e.vm.ToValue("")
	})
	set("promiseState", func(c goja.FunctionCall) goja.Value {
		if obj, ok := c.Argument(0).(*goja.Object); ok {
			if p, ok := obj.Export().(*goja.Promise); ok {
				switch p.State() {
				case goja.PromiseStateFulfilled:
					return e.vm.ToValue("fulfilled")
				case goja.PromiseStateRejected:
					return e.vm.ToValue("rejected")
				}
				return e.vm.ToValue("pending")
			}
		}
		return e.vm.ToValue("")
	})
	set("describe", e.describe)
	set("it", e.it)
	for k := range hookNames {
		kind := hookKind(k)
		set(hookNames[k], func(c goja.FunctionCall) goja.Value { return e.hook(kind, c) })
	}
	return o
}

// checkRegistrar throws unless the caller is the loading test file. Every
// JavaScript frame on the stack must belong to that file's program, so
// learner code (even when a test calls it while registering) can never
// register, and nothing can register once tests run.
func (e *engine) checkRegistrar(what string) {
	if !e.reg.active {
		panic(e.vm.NewTypeError(what + "() can only be called while a test file loads"))
	}
	e.frames = e.vm.CaptureCallStack(0, e.frames[:0])
	for i := range e.frames {
		if name := e.frames[i].SrcName(); name != "<native>" && name != e.reg.program {
			panic(e.vm.NewTypeError(what + "() can only be called by test files"))
		}
	}
}

func (e *engine) currentSuite() *suite { return e.reg.stack[len(e.reg.stack)-1] }

func (e *engine) describe(c goja.FunctionCall) goja.Value {
	e.checkRegistrar("describe")
	name := c.Argument(0).String()
	fn, ok := goja.AssertFunction(c.Argument(1))
	if !ok {
		panic(e.vm.NewTypeError("describe(name, fn): fn must be a function"))
	}
	parent := e.currentSuite()
	full := name
	if parent.name != "" {
		full = parent.name + " > " + name
	}
	s := &suite{name: full, file: e.reg.file}
	parent.children = append(parent.children, s)
	e.reg.stack = append(e.reg.stack, s)
	_, err := fn(goja.Undefined())
	e.reg.stack = e.reg.stack[:len(e.reg.stack)-1]
	if err != nil {
		panic(err)
	}
	return goja.Undefined()
}

// it accepts Hypium's it(name, filter, fn) and the shorter it(name, fn).
func (e *engine) it(c goja.FunctionCall) goja.Value {
	e.checkRegistrar("it")
	fnArg := c.Argument(2)
	if len(c.Arguments) < 3 {
		fnArg = c.Argument(1)
	}
	if _, ok := goja.AssertFunction(fnArg); !ok {
		panic(e.vm.NewTypeError("it(name, [filter,] fn): fn must be a function"))
	}
	s := e.currentSuite()
	sp := &spec{suite: s, fn: fnArg, result: TestResult{
		Suite:  s.name,
		Name:   strings.TrimSpace(c.Argument(0).String()),
		Hidden: e.job.Tests[e.reg.file].Hidden,
	}}
	s.specs = append(s.specs, sp)
	e.specs = append(e.specs, sp)
	return goja.Undefined()
}

func (e *engine) hook(kind hookKind, c goja.FunctionCall) goja.Value {
	e.checkRegistrar(hookNames[kind])
	if _, ok := goja.AssertFunction(c.Argument(0)); !ok {
		panic(e.vm.NewTypeError(hookNames[kind] + "(fn): fn must be a function"))
	}
	s := e.currentSuite()
	s.hooks[kind] = append(s.hooks[kind], c.Argument(0))
	return goja.Undefined()
}

var (
	mapExportType = reflect.TypeOf([][2]any{})
	setExportType = reflect.TypeOf([]any{})
	promiseType   = reflect.TypeOf((*goja.Promise)(nil))
)

// brand is an object's internal class. goja reports Map, Set and Promise
// objects as "Object" (their tag comes from Symbol.toStringTag, which a
// program can forge), so those are told apart by their Go export type.
func brand(obj *goja.Object) string {
	c := obj.ClassName()
	if c != "Object" {
		return c
	}
	switch obj.ExportType() {
	case mapExportType:
		return "Map"
	case setExportType:
		return "Set"
	case promiseType:
		return "Promise"
	}
	return c
}

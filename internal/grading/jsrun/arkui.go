package jsrun

import (
	"errors"
	"strings"
	"sync"

	"github.com/dop251/goja"
	"github.com/ohtalent/ohtalent/internal/grading/arkui"
)

// ArkUI labs: learner files ending in .ets go through arkui.Transform
// before esbuild, and import the headless ArkUI runtime, which lab tests
// reach as '@ohos/arkui-test'. The runtime is a separate program, compiled
// once per process and evaluated only by runs that import it, so plain
// code labs pay nothing for it.

const arkuiProgramName = "oht-arkui"

var arkuiProgram = sync.OnceValues(func() (*goja.Program, error) {
	return goja.Compile(arkuiProgramName, arkui.RuntimeSource, true)
})

// transformed holds the .ets files of a job after arkui.Transform.
type transformed map[string]*arkui.Output

// transformETS rewrites every .ets file in files. It returns the files
// with their new sources, the transform results by name (to map esbuild's
// positions back), and the learner's diagnostics if any file does not
// parse.
func transformETS(files []File) ([]File, transformed, []Diagnostic) {
	var outs transformed
	var diags []Diagnostic
	out := files
	for i, f := range files {
		if !isETS(f.Name) {
			continue
		}
		if outs == nil {
			outs = transformed{}
			out = append([]File(nil), files...)
		}
		name := cleanName(f.Name)
		res, errs := arkui.Transform(name, f.Source)
		for _, e := range errs {
			diags = append(diags, Diagnostic{File: name, Line: e.Line, Column: e.Column, Message: e.Message})
		}
		if res != nil {
			outs[name] = res
			out[i].Source = res.Code
		}
	}
	return out, outs, diags
}

func isETS(name string) bool { return strings.HasSuffix(name, ".ets") }

// position maps an esbuild message located in a transformed file back to
// the learner's text; ok is false for files that were not transformed.
func (t transformed) position(file string, line, byteCol int, msg string) (int, int, string, bool) {
	out, ok := t[file]
	if !ok {
		return 0, 0, msg, false
	}
	l, c, m := out.Diagnostic(line, byteCol, msg)
	return l, c, m, true
}

// arkuiModules evaluates the runtime on first use in this run and returns
// its two module objects.
func (e *engine) arkuiModules() (runtime, test goja.Value) {
	if e.arkuiRuntime == nil {
		prg, err := arkuiProgram()
		if err != nil {
			panic(e.vm.NewGoError(errors.New("internal grader error: ArkUI runtime: " + err.Error())))
		}
		fv, err := e.vm.RunProgram(prg)
		if err != nil {
			panic(e.vm.NewGoError(errors.New("internal grader error: ArkUI runtime: " + err.Error())))
		}
		fn, _ := goja.AssertFunction(fv)
		mods, err := fn(goja.Undefined())
		if err != nil {
			panic(e.vm.NewGoError(errors.New("internal grader error: ArkUI runtime: " + err.Error())))
		}
		o := mods.ToObject(e.vm)
		e.arkuiRuntime, e.arkuiTest = o.Get("runtime"), o.Get("test")
	}
	return e.arkuiRuntime, e.arkuiTest
}

// studentRequire serves the learner's bundle, whose only external import
// is the ArkUI runtime.
func (e *engine) studentRequire(call goja.FunctionCall) goja.Value {
	name := call.Argument(0).String()
	if name == arkui.RuntimeModule {
		rt, _ := e.arkuiModules()
		return rt
	}
	panic(e.vm.NewGoError(errors.New("cannot find module " + name)))
}

package jsrun

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dop251/goja"
)

const stackOverflowMessage = "RangeError: Maximum call stack size exceeded"

// errorMessage renders an error returned by a call into JavaScript: a
// thrown value, a stack overflow, or an interrupt.
func (e *engine) errorMessage(err error) string {
	var ex *goja.Exception
	var so *goja.StackOverflowError
	var in *goja.InterruptedError
	switch {
	case errors.As(err, &so):
		return stackOverflowMessage + e.location(so.Stack())
	case errors.As(err, &in):
		return "interrupted"
	case errors.As(err, &ex):
		return e.thrownText(ex.Value()) + e.location(ex.Stack())
	}
	return err.Error()
}

// thrownText renders a thrown value: "TypeError: message" for errors, or
// "thrown: <value>" for anything else (strings, null, plain objects...).
func (e *engine) thrownText(v goja.Value) string {
	if v == nil {
		return "thrown: undefined"
	}
	if o, ok := v.(*goja.Object); ok && o.ClassName() == "Error" {
		if s, err := e.errorText(goja.Undefined(), v); err == nil {
			return s.String()
		}
		return "Error"
	}
	if s, err := e.render(goja.Undefined(), v); err == nil {
		return "thrown: " + s.String()
	}
	return "thrown: <unrenderable value>"
}

// location points at the innermost frame in the learner's own files (via
// the bundle's source map), e.g. " (main.ts:3:15)".
func (e *engine) location(stack []goja.StackFrame) string {
	for i := range stack {
		f := &stack[i]
		if f.SrcName() != studentProgramName {
			continue
		}
		p := f.Position()
		name := strings.TrimPrefix(p.Filename, nsFile+":")
		if !e.studentFiles[name] || p.Line == 0 {
			continue
		}
		// Columns from source maps are 0-based.
		return fmt.Sprintf(" (%s:%d:%d)", name, p.Line, p.Column+1)
	}
	return ""
}

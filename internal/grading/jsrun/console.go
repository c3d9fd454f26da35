package jsrun

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
)

var stringType = reflect.TypeOf("")

func (e *engine) defineGlobal(name string, f func(goja.FunctionCall) goja.Value) {
	_ = e.vm.GlobalObject().DefineDataProperty(name, e.vm.ToValue(f), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// installGlobals adds the host objects a program may use: console and
// timers. There is deliberately no require, no file system and no network.
func (e *engine) installGlobals() error {
	console := e.vm.NewObject()
	for _, name := range []string{"log", "info", "warn", "error", "debug"} {
		if err := console.Set(name, e.consoleWrite); err != nil {
			return err
		}
	}
	if err := e.vm.GlobalObject().DefineDataProperty("console", console, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return err
	}
	e.installTimers()
	return nil
}

// consoleWrite appends one formatted line to the captured output.
func (e *engine) consoleWrite(c goja.FunctionCall) goja.Value {
	if !e.stopped() {
		e.write(e.format(c.Arguments) + "\n")
	}
	return goja.Undefined()
}

// write appends to the output, stopping the run when the cap is reached.
func (e *engine) write(s string) {
	room := e.job.MaxOutputBytes - e.out.Len()
	if len(s) <= room {
		e.out.WriteString(s)
		return
	}
	cut := max(room, 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	e.out.WriteString(s[:cut])
	e.outTruncated = true
	e.halt(stopOutput)
}

func isString(v goja.Value) bool {
	if _, ok := v.(*goja.Object); ok || v == nil {
		return false
	}
	return v.ExportType() == stringType
}

func (e *engine) show(v goja.Value) string {
	if isString(v) {
		return v.String()
	}
	s, err := e.render(goja.Undefined(), v)
	if err != nil {
		panic(err)
	}
	return s.String()
}

// format follows console.log: printf-style directives in a leading string
// (%s %d %i %f %o %O %j %c %%), then the remaining arguments separated by
// spaces. Non-strings are rendered without calling program code.
func (e *engine) format(args []goja.Value) string {
	var b strings.Builder
	rest := args
	if len(args) > 0 && isString(args[0]) && strings.Contains(args[0].String(), "%") {
		f := args[0].String()
		rest = args[1:]
		for i := 0; i < len(f); i++ {
			if f[i] != '%' || i+1 == len(f) {
				b.WriteByte(f[i])
				continue
			}
			verb := f[i+1]
			if verb == '%' {
				b.WriteByte('%')
				i++
				continue
			}
			if !strings.ContainsRune("sdifoOjc", rune(verb)) || len(rest) == 0 {
				b.WriteByte(f[i])
				continue
			}
			arg := rest[0]
			rest = rest[1:]
			i++
			switch verb {
			case 's', 'o', 'O', 'j':
				b.WriteString(e.show(arg))
			case 'd', 'i':
				n := numberOf(arg)
				if !math.IsNaN(n) && !math.IsInf(n, 0) {
					n = math.Trunc(n)
				}
				b.WriteString(formatNumber(n))
			case 'f':
				b.WriteString(formatNumber(numberOf(arg)))
			case 'c':
				// CSS styling: consumed, not printed.
			}
		}
	}
	for i, a := range rest {
		if i > 0 || b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(e.show(a))
	}
	return b.String()
}

// numberOf converts primitives only; objects are NaN so that no valueOf
// of the program runs from inside console formatting.
func numberOf(v goja.Value) float64 {
	if _, ok := v.(*goja.Object); ok || v == nil {
		return math.NaN()
	}
	return v.ToFloat()
}

func formatNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

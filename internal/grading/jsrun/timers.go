package jsrun

import (
	"container/heap"
	"math"
	"time"

	"github.com/dop251/goja"
)

// Timers run on a virtual clock: when a test waits and nothing else can
// happen, the clock jumps to the next timer. Runs are therefore
// deterministic and never sleep; Date.now() follows the same clock.

type timer struct {
	id       int64
	when     time.Duration
	seq      int64 // FIFO among timers due at the same instant
	fn       goja.Callable
	args     []goja.Value
	interval time.Duration // > 0 for setInterval
	index    int
}

type timerQueue struct {
	items  []*timer
	byID   map[int64]*timer
	nextID int64
	seq    int64
}

func (q *timerQueue) Len() int { return len(q.items) }
func (q *timerQueue) Less(i, j int) bool {
	a, b := q.items[i], q.items[j]
	if a.when != b.when {
		return a.when < b.when
	}
	return a.seq < b.seq
}
func (q *timerQueue) Swap(i, j int) {
	q.items[i], q.items[j] = q.items[j], q.items[i]
	q.items[i].index = i
	q.items[j].index = j
}
func (q *timerQueue) Push(x any) {
	t := x.(*timer)
	t.index = len(q.items)
	q.items = append(q.items, t)
}
func (q *timerQueue) Pop() any {
	n := len(q.items)
	t := q.items[n-1]
	q.items = q.items[:n-1]
	t.index = -1
	return t
}

func (q *timerQueue) schedule(t *timer) {
	q.seq++
	t.seq = q.seq
	heap.Push(q, t)
}

func (e *engine) installTimers() {
	e.timers.byID = map[int64]*timer{}
	add := func(repeat bool) func(goja.FunctionCall) goja.Value {
		return func(c goja.FunctionCall) goja.Value {
			fn, ok := goja.AssertFunction(c.Argument(0))
			if !ok {
				// No string callbacks: they would be eval.
				panic(e.vm.NewTypeError("callback must be a function"))
			}
			delay := time.Duration(0)
			if d := c.Argument(1).ToFloat(); d > 0 && !math.IsInf(d, 0) {
				delay = time.Duration(math.Min(d, 1<<31) * float64(time.Millisecond))
			}
			e.timers.nextID++
			t := &timer{id: e.timers.nextID, when: e.clock + delay, fn: fn}
			if len(c.Arguments) > 2 {
				t.args = append([]goja.Value(nil), c.Arguments[2:]...)
			}
			if repeat {
				// At least 1ms so an interval always moves the clock.
				t.interval = max(delay, time.Millisecond)
				t.when = e.clock + t.interval
			}
			e.timers.byID[t.id] = t
			e.timers.schedule(t)
			return e.vm.ToValue(t.id)
		}
	}
	clear := func(c goja.FunctionCall) goja.Value {
		id := c.Argument(0).ToInteger()
		if t, ok := e.timers.byID[id]; ok {
			delete(e.timers.byID, id)
			if t.index >= 0 {
				heap.Remove(&e.timers, t.index)
			}
		}
		return goja.Undefined()
	}
	e.defineGlobal("setTimeout", add(false))
	e.defineGlobal("setInterval", add(true))
	e.defineGlobal("clearTimeout", clear)
	e.defineGlobal("clearInterval", clear)
}

// fireNextTimer advances the clock to the earliest timer due by deadline
// and runs it. timedOut reports that a timer exists but lies past the
// deadline.
func (e *engine) fireNextTimer(deadline time.Duration) (fired, timedOut bool) {
	if e.timers.Len() == 0 {
		return false, false
	}
	t := e.timers.items[0]
	if t.when > deadline {
		return false, true
	}
	heap.Pop(&e.timers)
	if t.when > e.clock {
		e.clock = t.when
	}
	if t.interval > 0 {
		t.when = e.clock + t.interval
		e.timers.schedule(t)
	} else {
		delete(e.timers.byID, t.id)
	}
	if _, err := t.fn(goja.Undefined(), t.args...); err != nil && e.cur != nil && !e.stopped() {
		// Like an uncaught exception in Node's timers, it fails whatever
		// is running.
		e.cur.setDetail("uncaught exception in a timer callback: "+e.errorMessage(err), "", "")
	}
	return true, false
}

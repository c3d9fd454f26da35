// Package jsrun transpiles and runs one grading job: a learner's TypeScript
// files plus a lab's Hypium-shaped test files.
//
// Run executes untrusted code inside the calling process (goja, a pure-Go
// JavaScript engine). Its own limits (time, heap, output, call depth) stop
// well-behaved runaways, but a hostile program can still hurt the process
// (for example by making a built-in allocate gigabytes in one call), so Run
// must only be called inside a disposable worker process; see package
// sandbox.
package jsrun

import (
	"encoding/json"
	"time"
)

// Verdicts of a grading. Only VerdictOK means the tests ran to completion;
// with every other verdict Tests may be partial or empty and the lab scores 0.
const (
	VerdictOK                  = "ok"
	VerdictCompileError        = "compile_error"
	VerdictTimeLimitExceeded   = "time_limit_exceeded"
	VerdictMemoryLimitExceeded = "memory_limit_exceeded"
	VerdictRuntimeError        = "runtime_error"
	VerdictOutputLimitExceeded = "output_limit_exceeded"
)

// Defaults applied by Run when a Job leaves a limit at zero.
const (
	DefaultTimeLimit        = 2 * time.Second
	DefaultMemoryLimitBytes = 256 << 20
	DefaultMaxOutputBytes   = 64 << 10
	// MaxCallStackSize is the JavaScript call depth after which a call
	// throws RangeError (as in Node, where the limit is ~11k frames).
	MaxCallStackSize = 10000
)

// File is one learner file, e.g. {Name: "main.ts"}. Names are relative
// slash-separated paths; tests import them as './main' or './main.ts'.
type File struct {
	Name   string `json:"name"`
	Source string `json:"source"`
}

// TestFile is one lab test file. Hidden marks the results of its tests so
// that callers can withhold details from learners.
type TestFile struct {
	Name   string `json:"name"`
	Source string `json:"source"`
	Hidden bool   `json:"hidden,omitempty"`
}

// Job is everything needed to grade one submission.
type Job struct {
	Files []File     `json:"files"`
	Tests []TestFile `json:"tests"`
	// TimeLimit is wall time for the whole run (transpiling excluded).
	TimeLimit time.Duration `json:"-"`
	// MemoryLimitBytes bounds the JavaScript heap growth during the run.
	MemoryLimitBytes int64 `json:"memoryLimitBytes,omitempty"`
	// MaxOutputBytes bounds captured console output.
	MaxOutputBytes int `json:"maxOutputBytes,omitempty"`
	// Seed seeds Math.random so that runs are reproducible.
	Seed int64 `json:"seed,omitempty"`
}

// TestResult is the outcome of one `it`.
type TestResult struct {
	Suite  string `json:"suite"`
	Name   string `json:"name"`
	Hidden bool   `json:"hidden"`
	Passed bool   `json:"passed"`
	// Message explains a failure ("expected 3 but got 4", "TypeError: ...").
	Message string `json:"message,omitempty"`
	// Expected and Actual are JSON-ish renderings of the failing
	// assertion's operands, when it had them.
	Expected   string  `json:"expected,omitempty"`
	Actual     string  `json:"actual,omitempty"`
	DurationMs float64 `json:"durationMs"`
}

// Diagnostic is a compile error located in the file the learner (or lab
// author) wrote. Line and Column are 1-based; Column counts UTF-16 code
// units, as editors such as Monaco do.
type Diagnostic struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// Result is the outcome of a Job.
type Result struct {
	Verdict     string       `json:"verdict"`
	Tests       []TestResult `json:"tests"`
	Passed      int          `json:"passed"`
	Total       int          `json:"total"`
	Diagnostics []Diagnostic `json:"diagnostics,omitempty"`
	// Error explains a verdict other than ok, e.g. the exception thrown by
	// the learner's top-level code.
	Error           string        `json:"error,omitempty"`
	Output          string        `json:"output"`
	OutputTruncated bool          `json:"outputTruncated,omitempty"`
	Duration        time.Duration `json:"-"`
}

// The JSON forms carry durations as milliseconds, which is what the web API
// and the worker protocol want; time.Duration would marshal nanoseconds.

type jobJSON Job

type jobWire struct {
	jobJSON
	TimeLimitMs int64 `json:"timeLimitMs,omitempty"`
}

// MarshalJSON encodes TimeLimit as timeLimitMs.
func (j Job) MarshalJSON() ([]byte, error) {
	return json.Marshal(jobWire{jobJSON: jobJSON(j), TimeLimitMs: j.TimeLimit.Milliseconds()})
}

// UnmarshalJSON decodes timeLimitMs into TimeLimit.
func (j *Job) UnmarshalJSON(b []byte) error {
	var w jobWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*j = Job(w.jobJSON)
	j.TimeLimit = time.Duration(w.TimeLimitMs) * time.Millisecond
	return nil
}

type resultJSON Result

type resultWire struct {
	resultJSON
	DurationMs float64 `json:"durationMs"`
}

// MarshalJSON encodes Duration as durationMs.
func (r Result) MarshalJSON() ([]byte, error) {
	return json.Marshal(resultWire{resultJSON: resultJSON(r), DurationMs: durationMs(r.Duration)})
}

// UnmarshalJSON decodes durationMs into Duration.
func (r *Result) UnmarshalJSON(b []byte) error {
	var w resultWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = Result(w.resultJSON)
	r.Duration = time.Duration(w.DurationMs * float64(time.Millisecond))
	return nil
}

func durationMs(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}

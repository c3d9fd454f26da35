package grading

import (
	"context"
	"hash/fnv"
	"time"

	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/grading/jsrun"
)

// CodeResult is what a learner sees of a code grading. Hidden tests show
// their name and whether they passed, never their inputs or messages.
type CodeResult struct {
	Tests           []jsrun.TestResult `json:"tests"`
	Passed          int                `json:"passed"`
	Total           int                `json:"total"`
	Diagnostics     []jsrun.Diagnostic `json:"diagnostics,omitempty"`
	Error           string             `json:"error,omitempty"`
	Output          string             `json:"output"`
	OutputTruncated bool               `json:"outputTruncated,omitempty"`
}

// CodeJob builds the sandbox job for a lab: the learner's files with the
// public tests, plus the hidden ones when submitting for a score.
func CodeJob(lab *catalog.Lab, files map[string]string, withHidden bool) jsrun.Job {
	job := jsrun.Job{TimeLimit: time.Duration(lab.TimeLimitMs) * time.Millisecond, Seed: labSeed(lab.Slug)}
	for _, name := range lab.Files {
		job.Files = append(job.Files, jsrun.File{Name: name, Source: files[name]})
	}
	job.Tests = append(job.Tests, jsrun.TestFile{Name: catalog.PublicTestsFile, Source: lab.PublicTests})
	if withHidden {
		job.Tests = append(job.Tests, jsrun.TestFile{Name: catalog.HiddenTestsFile, Source: lab.HiddenTests, Hidden: true})
	}
	return job
}

// labSeed makes Math.random reproducible per lab: the same submission
// always gets the same grade.
func labSeed(slug string) int64 {
	h := fnv.New64a()
	h.Write([]byte(slug))
	return int64(h.Sum64() & 0x7fffffffffffffff)
}

// Score turns a sandbox result into points: every test weighs the same,
// rounded down; anything but a completed run scores nothing.
func Score(lab *catalog.Lab, r jsrun.Result) int {
	if r.Verdict != jsrun.VerdictOK || r.Total == 0 {
		return 0
	}
	return lab.MaxScore * r.Passed / r.Total
}

// LearnerView strips what a learner must not see of hidden tests.
func LearnerView(r jsrun.Result) CodeResult {
	out := CodeResult{Passed: r.Passed, Total: r.Total, Diagnostics: r.Diagnostics, Error: r.Error,
		Output: r.Output, OutputTruncated: r.OutputTruncated, Tests: make([]jsrun.TestResult, 0, len(r.Tests))}
	for _, t := range r.Tests {
		if t.Hidden {
			t = jsrun.TestResult{Suite: t.Suite, Name: t.Name, Hidden: true, Passed: t.Passed, DurationMs: t.DurationMs}
		}
		out.Tests = append(out.Tests, t)
	}
	return out
}

func (s *Service) runCode(ctx context.Context, lab *catalog.Lab, p payload) (outcome, error) {
	start := time.Now()
	res, err := s.pool.Grade(ctx, CodeJob(lab, p.Files, p.Mode == ModeSubmit))
	if err != nil {
		return outcome{}, err
	}
	score := Score(lab, res)
	if p.Mode == ModeRun {
		score = 0 // a practice run never counts
	}
	return outcome{Verdict: res.Verdict, Score: score, Result: LearnerView(res), DurationMs: time.Since(start).Milliseconds()}, nil
}

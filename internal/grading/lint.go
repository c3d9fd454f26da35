package grading

import (
	"context"
	"fmt"
	"strings"

	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/grading/jsrun"
)

// CheckCodeLab returns the linter hook that grades every code lab's
// reference solution (it must score full marks) and its starter code (it
// must stay below the pass score) in the sandbox.
func CheckCodeLab(ctx context.Context, pool CodeRunner) func(*catalog.Track, *catalog.Lab) []catalog.Problem {
	return func(t *catalog.Track, lab *catalog.Lab) []catalog.Problem {
		if lab.Kind != catalog.KindCode {
			return nil
		}
		file := lab.Dir + "/lab.yaml"
		var probs []catalog.Problem
		sol, err := pool.Grade(ctx, CodeJob(lab, lab.Solution, true))
		if err != nil {
			return []catalog.Problem{{File: file, Message: "could not grade the reference solution: " + err.Error()}}
		}
		if score := Score(lab, sol); score != lab.MaxScore {
			probs = append(probs, catalog.Problem{File: lab.Dir + "/solution", Message: fmt.Sprintf(
				"the reference solution scores %d of %d (%s, %d/%d tests)%s", score, lab.MaxScore, sol.Verdict, sol.Passed, sol.Total, firstFailure(sol))})
		}
		start, err := pool.Grade(ctx, CodeJob(lab, lab.Starter, true))
		if err != nil {
			return append(probs, catalog.Problem{File: file, Message: "could not grade the starter code: " + err.Error()})
		}
		if score := Score(lab, start); score >= lab.PassScore {
			probs = append(probs, catalog.Problem{File: lab.Dir + "/starter", Message: fmt.Sprintf(
				"the starter code already passes: it scores %d, pass score is %d", score, lab.PassScore)})
		}
		return probs
	}
}

func firstFailure(r jsrun.Result) string {
	for _, d := range r.Diagnostics {
		return fmt.Sprintf(": %s:%d:%d: %s", d.File, d.Line, d.Column, d.Message)
	}
	if r.Error != "" {
		return ": " + r.Error
	}
	for _, t := range r.Tests {
		if !t.Passed {
			return ": first failing test " + strings.TrimSpace(t.Suite+" "+t.Name) + ": " + t.Message
		}
	}
	return ""
}

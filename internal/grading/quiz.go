package grading

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/ohtalent/ohtalent/internal/catalog"
)

// QuizResult shows, after a submission, which answers were right and why.
type QuizResult struct {
	Questions []QuestionResult `json:"questions"`
	Earned    int              `json:"earned"`
	Possible  int              `json:"possible"`
}

// QuestionResult is one graded question.
type QuestionResult struct {
	ID          string       `json:"id"`
	Answered    bool         `json:"answered"`
	Correct     bool         `json:"correct"`
	Points      int          `json:"points"`
	Earned      int          `json:"earned"`
	Explanation catalog.Text `json:"explanation"`
}

type quizGrade struct {
	result QuizResult
}

func (q quizGrade) outcome() outcome {
	return outcome{Verdict: "ok", Score: q.result.Earned, Result: q.result}
}

// gradeQuiz scores answers: single choice by option id, multiple choice
// only when the chosen set equals the answer set, numbers within the
// tolerance, text by the lab's pattern. Unanswered questions score 0.
func gradeQuiz(lab *catalog.Lab, answers map[string]json.RawMessage) quizGrade {
	var out QuizResult
	for i := range lab.Questions {
		q := &lab.Questions[i]
		qr := QuestionResult{ID: q.ID, Points: q.Points, Explanation: q.Explanation}
		raw, ok := answers[q.ID]
		qr.Answered = ok && string(raw) != "null"
		if qr.Answered {
			qr.Correct = correct(q, raw)
		}
		if qr.Correct {
			qr.Earned = q.Points
		}
		out.Earned += qr.Earned
		out.Possible += q.Points
		out.Questions = append(out.Questions, qr)
	}
	return quizGrade{result: out}
}

func correct(q *catalog.Question, raw json.RawMessage) bool {
	switch q.Type {
	case catalog.QuestionSingle:
		var s string
		return json.Unmarshal(raw, &s) == nil && s == q.Answer.Choice
	case catalog.QuestionMultiple:
		var got []string
		if json.Unmarshal(raw, &got) != nil {
			return false
		}
		slices.Sort(got)
		got = slices.Compact(got)
		want := slices.Clone(q.Answer.Choices)
		slices.Sort(want)
		return slices.Equal(got, want)
	case catalog.QuestionNumeric:
		var f float64
		if json.Unmarshal(raw, &f) != nil {
			// Accept a number typed as text, "3.3", as forms send it.
			var s string
			if json.Unmarshal(raw, &s) != nil {
				return false
			}
			var err error
			if f, err = strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil {
				return false
			}
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
		// A tiny epsilon absorbs binary rounding of decimal inputs.
		return math.Abs(f-q.Answer.Value) <= q.Answer.Tolerance+1e-9
	case catalog.QuestionText:
		var s string
		re := q.Answer.Regexp()
		return json.Unmarshal(raw, &s) == nil && re != nil && re.MatchString(s)
	}
	return false
}

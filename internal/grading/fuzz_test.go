package grading

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/ohtalent/ohtalent/courses"
	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/httpx"
)

// FuzzSubmissionPayload decodes an arbitrary body as POST
// /api/v1/labs/{lab}/submissions does, against every lab of the real
// curriculum (which picks the lab), and checks what the handler relies on:
// bad bodies get a 4xx problem, accepted payloads obey the limits, survive
// the round trip through the stored JSON, and quizzes grade within bounds.
func FuzzSubmissionPayload(f *testing.F) {
	cat, err := catalog.Load(courses.FS)
	if err != nil {
		f.Fatal(err)
	}
	labs := cat.AllLabs()
	for i, lab := range labs {
		if i > 255 {
			break
		}
		switch lab.Kind {
		case catalog.KindQuiz:
			answers := map[string]any{}
			for _, q := range lab.Questions {
				answers[q.ID] = q.Answer.Choice
			}
			f.Add(uint8(i), mustMarshal(f, map[string]any{"answers": answers}))
		default:
			f.Add(uint8(i), mustMarshal(f, map[string]any{"mode": "run", "files": lab.Starter}))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		lab := labs[int(which)%len(labs)]
		var p payload
		if err := httpx.DecodeJSON(body, &p); err != nil {
			wantProblem(t, err)
			return
		}
		v, err := validate(lab, p)
		if err != nil {
			wantProblem(t, err)
			return
		}
		if v.Mode != ModeSubmit && v.Mode != ModeRun {
			t.Fatalf("accepted mode %q", v.Mode)
		}
		total := 0
		for name, src := range v.Files {
			if !slices.Contains(lab.Files, name) || len(src) > maxFileBytes || !utf8.ValidString(src) {
				t.Fatalf("accepted file %q (%d bytes) for %s", name, len(src), lab.Slug)
			}
			total += len(src)
		}
		if total > maxTotalBytes {
			t.Fatalf("accepted %d bytes of files", total)
		}
		// The handler stores json.Marshal(v) and the grader reads it back,
		// ignoring errors: a payload that does not survive is lost work.
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("accepted payload does not marshal: %v", err)
		}
		var back payload
		if err := json.Unmarshal(raw, &back); err != nil {
			t.Fatalf("stored payload does not read back: %v", err)
		}
		if back.Mode != v.Mode || len(back.Files) != len(v.Files) || len(back.Answers) != len(v.Answers) {
			t.Fatalf("stored payload changed: %+v became %+v", v, back)
		}
		for name, src := range v.Files {
			if back.Files[name] != src {
				t.Fatalf("file %q changed in storage", name)
			}
		}
		if lab.Kind == catalog.KindQuiz {
			g := gradeQuiz(lab, back.Answers).result
			if g.Earned < 0 || g.Earned > g.Possible || len(g.Questions) != len(lab.Questions) {
				t.Fatalf("quiz graded %d of %d over %d questions", g.Earned, g.Possible, len(g.Questions))
			}
		} else {
			job := CodeJob(lab, back.Files, back.Mode == ModeSubmit)
			if len(job.Files) != len(lab.Files) {
				t.Fatalf("job has %d files, lab %d", len(job.Files), len(lab.Files))
			}
		}
	})
}

func wantProblem(t *testing.T, err error) {
	t.Helper()
	var p *httpx.Problem
	if !errors.As(err, &p) || p.Status < 400 || p.Status >= 500 {
		t.Fatalf("not a 4xx problem: %v", err)
	}
}

func mustMarshal(f *testing.F, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}

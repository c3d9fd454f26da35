package server

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp/syntax"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/config"
	"github.com/ohtalent/ohtalent/internal/grading/runner"
)

func codeLab(t *testing.T, k *kit, slug string) *catalog.Lab {
	t.Helper()
	lab := k.srv.Catalog.Catalog().LabBySlug(slug)
	if lab == nil || lab.Kind != catalog.KindCode {
		t.Fatalf("no code lab %s", slug)
	}
	return lab
}

func submitFiles(k *kit, tok, lab string, files map[string]string, mode string) response {
	body := map[string]any{"files": files}
	if mode != "" {
		body["mode"] = mode
	}
	return k.do("POST", "/api/v1/labs/"+lab+"/submissions", tok, body)
}

func TestCodeSubmissionGradesAndRecordsProgress(t *testing.T) {
	k := newKit(t)
	_, tok := k.user("coder@example.cn", "写代码的人")
	lab := codeLab(t, k, "modbus-rtu-lab")

	// The reference solution scores full marks; hidden tests show names only.
	r := k.must(201, submitFiles(k, tok, lab.Slug, lab.Solution, ""))
	sub := r.JSON(t)
	if sub["verdict"] != "ok" || sub["score"].(float64) != 100 || sub["passed"] != true || sub["status"] != "graded" {
		t.Fatalf("solution: %s", r.Body)
	}
	res := sub["result"].(map[string]any)
	hidden := 0
	for _, tc := range res["tests"].([]any) {
		tr := tc.(map[string]any)
		if tr["hidden"] == true {
			hidden++
			if tr["message"] != nil || tr["expected"] != nil || tr["actual"] != nil {
				t.Fatalf("hidden test details leak: %v", tr)
			}
		}
	}
	if hidden == 0 {
		t.Fatal("no hidden tests were run on submit")
	}
	if strings.Contains(string(r.Body), strings.TrimSpace(lab.HiddenTests)[:80]) {
		t.Fatal("hidden test source leaks in the result")
	}

	// The starter fails, with per-test messages for the public tests.
	r = k.must(201, submitFiles(k, tok, lab.Slug, lab.Starter, ""))
	st := r.JSON(t)
	if st["passed"] != false || st["score"].(float64) >= float64(lab.PassScore) {
		t.Fatalf("starter passed: %s", r.Body)
	}
	var sawMessage bool
	for _, tc := range st["result"].(map[string]any)["tests"].([]any) {
		tr := tc.(map[string]any)
		if tr["hidden"] == false && tr["passed"] == false && tr["message"] != "" {
			sawMessage = true
		}
	}
	if !sawMessage {
		t.Fatalf("failing public tests carry no message: %s", r.Body)
	}

	// A run uses public tests only and never counts.
	r = k.must(201, submitFiles(k, tok, lab.Slug, lab.Solution, "run"))
	run := r.JSON(t)
	for _, tc := range run["result"].(map[string]any)["tests"].([]any) {
		if tc.(map[string]any)["hidden"] == true {
			t.Fatal("a run executed hidden tests")
		}
	}
	if run["score"].(float64) != 0 || run["mode"] != "run" {
		t.Fatalf("run: %s", r.Body)
	}

	// Best score is kept in progress.
	p := k.must(200, k.do("GET", "/api/v1/tracks/"+lab.Track+"/progress", tok, nil)).JSON(t)
	labs := p["labs"].([]any)
	if len(labs) != 1 || labs[0].(map[string]any)["bestScore"].(float64) != 100 || labs[0].(map[string]any)["attempts"].(float64) != 2 {
		t.Fatalf("progress: %v", p["labs"])
	}

	// History, newest first; someone else cannot read it.
	h := k.must(200, k.do("GET", "/api/v1/labs/"+lab.Slug+"/submissions?limit=2", tok, nil)).JSON(t)
	items := h["items"].([]any)
	if len(items) != 2 || items[0].(map[string]any)["mode"] != "run" || h["nextCursor"] == nil {
		t.Fatalf("history: %v", h)
	}
	more := k.must(200, k.do("GET", "/api/v1/labs/"+lab.Slug+"/submissions?cursor="+h["nextCursor"].(string), tok, nil)).JSON(t)
	if len(more["items"].([]any)) != 1 {
		t.Fatalf("second history page: %v", more)
	}
	got := k.must(200, k.do("GET", "/api/v1/submissions/"+sub["id"].(string), tok, nil)).JSON(t)
	if got["files"].(map[string]any)["main.ts"] != lab.Solution["main.ts"] {
		t.Fatal("own submission does not show its files")
	}
	_, other := k.user("other@example.cn", "别人")
	k.expectProblem(k.do("GET", "/api/v1/submissions/"+sub["id"].(string), other, nil), 404, "not-found")
}

// TestHostileSubmissionsGetVerdicts sends real hostile programs and checks
// each verdict, then that grading still works for everyone.
func TestHostileSubmissionsGetVerdicts(t *testing.T) {
	k := newKit(t)
	_, tok := k.user("hostile@example.cn", "捣蛋鬼")
	lab := codeLab(t, k, "ring-buffer-lab")
	base := lab.Starter["main.ts"]
	cases := []struct {
		name, code, verdict string
	}{
		{"infinite loop", base + "\nwhile (true) {}\n", "time_limit_exceeded"},
		{"memory bomb", base + "\nconst hog: string[] = [];\nconst mb: string = 'x'.repeat(1 << 20);\nwhile (true) { hog.push(mb + hog.length); }\n", "memory_limit_exceeded"},
		{"endless recursion", base + "\nfunction down(n: number): number { return down(n + 1) + 1; }\ndown(0);\n", "runtime_error"},
		{"megabytes of output", base + "\nfor (let i = 0; i < 1000000; i++) { console.log('spam spam spam spam spam spam spam'); }\n", "output_limit_exceeded"},
		{"throws a string", base + "\nthrow 'not an error object';\n", "runtime_error"},
		{"syntax error", "export class RingBuffer<T> {\n  constructor(capacity: number {\n}\n", "compile_error"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := submitFiles(k, tok, lab.Slug, map[string]string{"main.ts": c.code}, "")
			if r.Status != 201 && r.Status != 202 {
				t.Fatalf("status %d: %s", r.Status, r.Body)
			}
			sub := waitGraded(t, k, tok, r.JSON(t)["id"].(string))
			if sub["verdict"] != c.verdict || sub["score"].(float64) != 0 {
				t.Fatalf("verdict %v score %v, want %s: %v", sub["verdict"], sub["score"], c.verdict, sub["result"])
			}
			if c.verdict == "compile_error" {
				d := sub["result"].(map[string]any)["diagnostics"].([]any)[0].(map[string]any)
				if d["file"] != "main.ts" || d["line"].(float64) != 2 {
					t.Fatalf("diagnostic does not point at main.ts line 2: %v", d)
				}
			}
		})
	}
	r := k.must(201, submitFiles(k, tok, lab.Slug, lab.Solution, ""))
	if r.JSON(t)["score"].(float64) != 100 {
		t.Fatalf("grading broken after hostile submissions: %s", r.Body)
	}
}

func waitGraded(t *testing.T, k *kit, tok, id string) map[string]any {
	t.Helper()
	for i := 0; i < 200; i++ {
		sub := k.must(200, k.do("GET", "/api/v1/submissions/"+id, tok, nil)).JSON(t)
		if sub["status"] == "graded" {
			return sub
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("submission %s was not graded in 20 s", id)
	return nil
}

func TestBadSubmissionPayloads(t *testing.T) {
	k := newKit(t, func(c *config.Config) { c.MaxBodyBytes = 1 << 20 })
	_, tok := k.user("sloppy@example.cn", "马虎")
	lab := codeLab(t, k, "ring-buffer-lab")
	k.expectProblem(submitFiles(k, tok, "no-such-lab", map[string]string{"main.ts": ""}, ""), 404, "not-found")
	k.expectProblem(submitFiles(k, tok, lab.Slug, map[string]string{"evil.ts": "x", "main.ts": "x"}, ""), 422, "validation")
	k.expectProblem(submitFiles(k, tok, lab.Slug, map[string]string{}, ""), 422, "validation")
	k.expectProblem(submitFiles(k, tok, lab.Slug, map[string]string{"main.ts": strings.Repeat("x", 70<<10)}, ""), 422, "validation")
	k.expectProblem(submitFiles(k, tok, lab.Slug, map[string]string{"main.ts": "x"}, "sprint"), 422, "validation")
	k.expectProblem(k.do("POST", "/api/v1/labs/"+lab.Slug+"/submissions", tok, `{"files": {"main.ts": 42}}`), 422, "validation")
	k.expectProblem(k.do("POST", "/api/v1/labs/"+lab.Slug+"/submissions", tok, `{"files": `), 400, "bad-request")
	k.expectProblem(k.do("POST", "/api/v1/labs/"+lab.Slug+"/submissions", tok, map[string]any{"answers": map[string]string{"q1": "a"}}), 422, "validation")
	k.expectProblem(k.do("POST", "/api/v1/labs/"+lab.Slug+"/submissions", tok, `{"files":{"main.ts":"`+strings.Repeat("y", 1100<<10)+`"}}`), 413, "body-too-large")
	k.expectProblem(k.do("POST", "/api/v1/labs/"+lab.Slug+"/submissions", "", map[string]any{"files": map[string]string{"main.ts": ""}}), 401, "unauthorized")
	var n int64
	k.srv.DB.R.Table("submissions").Count(&n)
	if n != 0 {
		t.Fatalf("%d submissions stored from bad requests", n)
	}
}

func TestSubmissionRateLimit(t *testing.T) {
	k := newKit(t, func(c *config.Config) { c.SubmitPerMinute = 2 })
	_, tok := k.user("fast@example.cn", "手快")
	lab := codeLab(t, k, "ring-buffer-lab")
	for i := 0; i < 2; i++ {
		k.must(201, submitFiles(k, tok, lab.Slug, lab.Starter, "run"))
	}
	r := submitFiles(k, tok, lab.Slug, lab.Starter, "run")
	k.expectProblem(r, 429, "rate-limited")
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("no Retry-After")
	}
}

// quizAnswers builds correct answers from the lab's own answer key.
func quizAnswers(lab *catalog.Lab) map[string]any {
	out := map[string]any{}
	for _, q := range lab.Questions {
		switch q.Type {
		case catalog.QuestionSingle:
			out[q.ID] = q.Answer.Choice
		case catalog.QuestionMultiple:
			out[q.ID] = q.Answer.Choices
		case catalog.QuestionNumeric:
			out[q.ID] = q.Answer.Value + q.Answer.Tolerance/2
		case catalog.QuestionText:
			out[q.ID] = textAnswer(q)
		}
	}
	return out
}

// textAnswer derives the shortest string the question's pattern accepts
// from the pattern's syntax tree.
func textAnswer(q catalog.Question) string {
	re, err := syntax.Parse(q.Answer.Pattern, syntax.Perl)
	if err != nil {
		return ""
	}
	return sampleMatch(re.Simplify())
}

func sampleMatch(re *syntax.Regexp) string {
	switch re.Op {
	case syntax.OpLiteral:
		return string(re.Rune)
	case syntax.OpCharClass:
		if len(re.Rune) > 0 {
			return string(re.Rune[0])
		}
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return "a"
	case syntax.OpCapture, syntax.OpPlus:
		return sampleMatch(re.Sub[0])
	case syntax.OpRepeat:
		return strings.Repeat(sampleMatch(re.Sub[0]), re.Min)
	case syntax.OpConcat:
		var b strings.Builder
		for _, sub := range re.Sub {
			b.WriteString(sampleMatch(sub))
		}
		return b.String()
	case syntax.OpAlternate:
		return sampleMatch(re.Sub[0])
	}
	return "" // empty-width assertions, optional and starred parts
}

func TestQuizGradingAndCertificateRule(t *testing.T) {
	k := newKit(t)
	uid, tok := k.user("finisher@example.cn", "毕业生")
	var mu sync.Mutex
	reached := map[string]int{}
	k.srv.Catalog.OnCertificateRule(func(_ context.Context, userID string, tr *catalog.Track) {
		mu.Lock()
		defer mu.Unlock()
		if userID == uid {
			reached[tr.Slug]++
		}
	})
	track := k.srv.Catalog.Catalog().Track("industry-scenarios")
	for i, slug := range track.Certificate.Labs {
		lab := track.Lab(slug)
		var r response
		if lab.Kind == catalog.KindQuiz {
			// A wrong answer first: partial credit shows, explanations too.
			wr := k.do("POST", "/api/v1/labs/"+slug+"/submissions", tok, map[string]any{"answers": map[string]any{lab.Questions[0].ID: "zzz"}})
			if wr.Status != 201 {
				k.dumpErrors()
			}
			wrong := k.must(201, wr).JSON(t)
			if wrong["score"].(float64) != 0 || wrong["passed"] != false {
				t.Fatalf("wrong quiz answer scored: %v", wrong)
			}
			qr := wrong["result"].(map[string]any)["questions"].([]any)[0].(map[string]any)
			if qr["correct"] != false || qr["explanation"].(map[string]any)["zh"] == "" {
				t.Fatalf("quiz result lacks correctness or explanation: %v", qr)
			}
			r = k.do("POST", "/api/v1/labs/"+slug+"/submissions", tok, map[string]any{"answers": quizAnswers(lab)})
			if r.Status != 201 {
				k.dumpErrors()
			}
			k.must(201, r)
		} else {
			r = k.must(201, submitFiles(k, tok, slug, lab.Solution, ""))
		}
		sub := r.JSON(t)
		if sub["score"].(float64) != float64(lab.MaxScore) {
			t.Fatalf("%s: score %v of %d: %s", slug, sub["score"], lab.MaxScore, r.Body)
		}
		mu.Lock()
		n := reached[track.Slug]
		mu.Unlock()
		if last := i == len(track.Certificate.Labs)-1; (n > 0) != last {
			t.Fatalf("after %d of %d labs the certificate hook ran %d times", i+1, len(track.Certificate.Labs), n)
		}
	}
	p := k.must(200, k.do("GET", "/api/v1/tracks/"+track.Slug+"/progress", tok, nil)).JSON(t)
	if p["certificateEligible"] != true || p["percent"].(float64) != 100 {
		t.Fatalf("progress after all labs: %v", p)
	}
	k.expectProblem(k.do("POST", "/api/v1/labs/instr-quiz/submissions", tok, map[string]any{"answers": map[string]any{"nope": "a"}}), 422, "validation")
}

// externalCourses copies the curriculum and adds a lab graded by an
// external runner with a small shell grader.
func externalCourses(t *testing.T) string {
	dir := copyCourses(t)
	mod := filepath.Join(dir, "app-foundation", "arkts-essentials")
	raw, _ := os.ReadFile(filepath.Join(mod, "module.yaml"))
	s := strings.Replace(string(raw), "labs: [", "labs: [hvigor-build-lab, ", 1)
	if s == string(raw) {
		s = strings.Replace(string(raw), "labs:\n", "labs:\n  - hvigor-build-lab\n", 1)
	}
	if s == string(raw) {
		t.Fatalf("cannot add the lab to module.yaml:\n%s", raw)
	}
	os.WriteFile(filepath.Join(mod, "module.yaml"), []byte(s), 0o644)
	lab := filepath.Join(mod, "labs", "hvigor-build-lab")
	os.MkdirAll(filepath.Join(lab, "grader"), 0o755)
	os.WriteFile(filepath.Join(lab, "lab.yaml"), []byte(`slug: hvigor-build-lab
kind: external
title: {zh: 构建一个页面, en: Build a page}
maxScore: 100
passScore: 60
timeLimitMs: 5000
runner: hvigor
command: sh grader/grade.sh
files: [Index.ets]
`), 0o644)
	os.WriteFile(filepath.Join(lab, "statement.md"), []byte("# 构建\n\n写一个带 `@Entry` 的页面。\n"), 0o644)
	os.WriteFile(filepath.Join(lab, "grader", "grade.sh"), []byte(`if grep -q '@Entry' Index.ets; then
  echo '{"score": 100, "tests": [{"name": "has an @Entry page", "passed": true}]}'
else
  echo '{"score": 0, "tests": [{"name": "has an @Entry page", "passed": false, "message": "no @Entry struct"}]}'
fi
`), 0o644)
	return dir
}

func TestExternalRunnerGradesQueuedLabs(t *testing.T) {
	k := newKit(t, func(c *config.Config) { c.CoursesDir = externalCourses(t) })
	admin := k.admin()
	_, tok := k.user("device@example.cn", "设备开发")
	created := k.must(201, k.do("POST", "/api/v1/admin/runners", admin, map[string]any{"name": "lab-01", "kinds": []string{"hvigor"}})).JSON(t)
	runnerToken := created["token"].(string)
	if !strings.HasPrefix(runnerToken, "ohrun_") {
		t.Fatalf("runner token: %v", created)
	}
	list := k.must(200, k.do("GET", "/api/v1/admin/runners", admin, nil))
	if strings.Contains(string(list.Body), runnerToken) {
		t.Fatal("runner list shows the token")
	}
	good := k.must(202, k.do("POST", "/api/v1/labs/hvigor-build-lab/submissions", tok, map[string]any{"files": map[string]string{"Index.ets": "@Entry\n@Component\nstruct Index { build() {} }"}})).JSON(t)
	bad := k.must(202, k.do("POST", "/api/v1/labs/hvigor-build-lab/submissions", tok, map[string]any{"files": map[string]string{"Index.ets": "struct Nothing {}"}})).JSON(t)
	for i := 0; i < 2; i++ {
		if err := runner.Run(t.Context(), runner.Options{Server: k.http.URL, Token: runnerToken, Once: true}); err != nil {
			t.Fatal(err)
		}
	}
	g := waitGraded(t, k, tok, good["id"].(string))
	b := waitGraded(t, k, tok, bad["id"].(string))
	if g["score"].(float64) != 100 || b["score"].(float64) != 0 || b["passed"] != false {
		t.Fatalf("runner results: good %v, bad %v", g["score"], b["score"])
	}
	// Nothing left: a claim answers 204.
	k.must(204, k.do("POST", "/api/v1/runner/claim", runnerToken, nil))
	// Wrong or revoked tokens are refused; users' tokens are not runner tokens.
	k.expectProblem(k.do("POST", "/api/v1/runner/claim", "ohrun_forged", nil), 401, "unauthorized")
	k.expectProblem(k.do("POST", "/api/v1/runner/claim", tok, nil), 401, "unauthorized")
	k.must(204, k.do("DELETE", "/api/v1/admin/runners/"+created["id"].(string), admin, nil))
	k.expectProblem(k.do("POST", "/api/v1/runner/claim", runnerToken, nil), 401, "unauthorized")
}

func TestRunnerLeasesNeverGradeTwice(t *testing.T) {
	k := newKit(t, func(c *config.Config) { c.CoursesDir = externalCourses(t) })
	admin := k.admin()
	_, tok := k.user("lease@example.cn", "租约")
	var tokens []string
	for i := 0; i < 4; i++ {
		tokens = append(tokens, k.must(201, k.do("POST", "/api/v1/admin/runners", admin, map[string]any{"name": "r", "kinds": []string{"hvigor"}})).JSON(t)["token"].(string))
	}
	const jobs = 6
	for i := 0; i < jobs; i++ {
		k.must(202, k.do("POST", "/api/v1/labs/hvigor-build-lab/submissions", tok, map[string]any{"files": map[string]string{"Index.ets": "@Entry"}}))
	}
	// Four runners claim at once until the queue is empty: every job is
	// handed out exactly once.
	var mu sync.Mutex
	claimed := map[string]string{}
	var wg sync.WaitGroup
	for _, rt := range tokens {
		wg.Add(1)
		go func(rt string) {
			defer wg.Done()
			for {
				r := k.do("POST", "/api/v1/runner/claim", rt, nil)
				if r.Status == 204 {
					return
				}
				if r.Status != 200 {
					t.Errorf("claim: %d %s", r.Status, r.Body)
					return
				}
				var job runner.Job
				json.Unmarshal(r.Body, &job)
				mu.Lock()
				if prev, dup := claimed[job.ID]; dup {
					t.Errorf("job %s claimed by two runners (%s, %s)", job.ID, prev[:12], rt[:12])
				}
				claimed[job.ID] = rt
				mu.Unlock()
			}
		}(rt)
	}
	wg.Wait()
	if len(claimed) != jobs {
		t.Fatalf("%d jobs claimed, want %d", len(claimed), jobs)
	}
	// A runner that died: its lease runs out and another runner gets the
	// job; the late result from the first is refused.
	var id, first string
	for jid, rt := range claimed {
		id, first = jid, rt
		break
	}
	k.srv.DB.W.Exec("UPDATE submissions SET lease_expires_at = ? WHERE id = ?", time.Now().UTC().Add(-time.Minute), id)
	var second string
	for _, rt := range tokens {
		if rt != first {
			second = rt
			break
		}
	}
	r := k.must(200, k.do("POST", "/api/v1/runner/claim", second, nil))
	var job runner.Job
	json.Unmarshal(r.Body, &job)
	if job.ID != id {
		t.Fatalf("expired job not re-claimed: got %s want %s", job.ID, id)
	}
	k.expectProblem(k.do("POST", "/api/v1/runner/jobs/"+id+"/result", first, map[string]any{"score": 100}), 404, "not-found")
	k.expectProblem(k.do("POST", "/api/v1/runner/jobs/"+id+"/result", second, map[string]any{"score": 101}), 422, "validation")
	k.must(200, k.do("POST", "/api/v1/runner/jobs/"+id+"/result", second, map[string]any{"score": 80, "tests": []map[string]any{{"name": "builds", "passed": true}}}))
	k.expectProblem(k.do("POST", "/api/v1/runner/jobs/"+id+"/result", second, map[string]any{"score": 90}), 409, "conflict")
	sub := k.must(200, k.do("GET", "/api/v1/submissions/"+id, tok, nil)).JSON(t)
	if sub["score"].(float64) != 80 || sub["status"] != "graded" {
		t.Fatalf("graded once with 80: %v", sub)
	}
}

// TestOrphanedGradingsAreRecovered simulates a replica that died after
// accepting a submission: the sweeper grades it.
func TestOrphanedGradingsAreRecovered(t *testing.T) {
	k := newKit(t)
	uid, tok := k.user("orphan@example.cn", "孤儿")
	lab := codeLab(t, k, "ring-buffer-lab")
	payload, _ := json.Marshal(map[string]any{"mode": "submit", "files": lab.Solution})
	ids := []string{"01900000-0000-7000-8000-000000000001", "01900000-0000-7000-8000-000000000002"}
	old := time.Now().UTC().Add(-time.Minute)
	k.srv.DB.W.Exec(`INSERT INTO submissions (id, user_id, lab_slug, track_slug, kind, mode, grader, status, max_score, payload, created_at)
		VALUES (?, ?, ?, ?, 'code', 'submit', 'local', 'queued', 100, ?, ?)`, ids[0], uid, lab.Slug, lab.Track, string(payload), old)
	k.srv.DB.W.Exec(`INSERT INTO submissions (id, user_id, lab_slug, track_slug, kind, mode, grader, status, max_score, payload, created_at, lease_owner, lease_expires_at, attempts)
		VALUES (?, ?, ?, ?, 'code', 'submit', 'local', 'running', 100, ?, ?, 'replica:dead', ?, 1)`, ids[1], uid, lab.Slug, lab.Track, string(payload), old, old)
	for _, id := range ids {
		sub := waitGraded(t, k, tok, id)
		if sub["score"].(float64) != 100 {
			t.Fatalf("recovered grading %s: %v", id, sub)
		}
	}
}

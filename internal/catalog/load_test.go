package catalog

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"
)

// validFS returns testdata/valid as a MapFS that tests may change.
func validFS(t *testing.T) fstest.MapFS {
	t.Helper()
	return dirToMap(t, "testdata/valid")
}

func dirToMap(t *testing.T, dir string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(os.DirFS(dir), p)
		if err != nil {
			return err
		}
		m[p] = &fstest.MapFile{Data: b}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// brokenFS returns testdata/valid with the files of testdata/broken/<name>
// laid over it, less the paths (files or folders) that its DELETE file
// lists, one a line. Each broken case thus holds only what it breaks.
func brokenFS(t *testing.T, name string) fstest.MapFS {
	t.Helper()
	m := validFS(t)
	overlay := dirToMap(t, path.Join("testdata/broken", name))
	if len(overlay) == 0 {
		t.Fatalf("testdata/broken/%s is empty", name)
	}
	for p, f := range overlay {
		if p == "DELETE" {
			continue
		}
		m[p] = f
	}
	if del, ok := overlay["DELETE"]; ok {
		for _, d := range strings.Fields(string(del.Data)) {
			n := 0
			for p := range m {
				if p == d || strings.HasPrefix(p, d+"/") {
					delete(m, p)
					n++
				}
			}
			if n == 0 {
				t.Fatalf("broken/%s/DELETE: %s matches no file", name, d)
			}
		}
	}
	return m
}

// want is an expected problem: exact file and line, and a part of the
// message.
type want struct {
	file string
	line int
	msg  string
}

// matchProblems checks that got holds exactly the wanted problems.
func matchProblems(t *testing.T, got Problems, wants []want) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range wants {
		found := false
		for i, p := range got {
			if !used[i] && p.File == w.file && p.Line == w.line && strings.Contains(p.Message, w.msg) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("missing problem %s:%d: ...%s...", w.file, w.line, w.msg)
		}
	}
	for i, p := range got {
		if !used[i] {
			t.Errorf("unexpected problem %s", p)
		}
	}
}

const (
	trackYAML  = "demo-track/track.yaml"
	moduleYAML = "demo-track/basics/module.yaml"
	codeYAML   = "demo-track/basics/labs/sum-lab/lab.yaml"
	quizYAML   = "demo-track/basics/labs/basics-quiz/lab.yaml"
	typesMD    = "demo-track/basics/lessons/types-lesson.md"
)

func TestLoadBroken(t *testing.T) {
	cases := []struct {
		name  string
		wants []want
	}{
		{"unknown-key", []want{
			{trackYAML, 3, `title: unknown key "fr"`},
			{trackYAML, 8, `unknown key "colour"`},
			{codeYAML, 8, `unknown key "memoryMb"`},
		}},
		{"missing-key", []want{
			{moduleYAML, 1, `missing required key "summary"`},
			{codeYAML, 1, `missing required key "passScore"`},
			{trackYAML, 15, `certificate: missing required key "threshold"`},
		}},
		{"wrong-type", []want{
			{trackYAML, 2, "version: expected an integer, found a number (1.5)"},
			{trackYAML, 8, `estimatedHours: expected an integer, found "three"`},
			{moduleYAML, 2, "title: expected {zh: ..., en: ...}"},
			{codeYAML, 7, "files: expected a list"},
		}},
		{"invalid-slug", []want{
			{moduleYAML, 4, `"Types_Lesson" is not a valid slug`},
			{moduleYAML, 4, "lessons/types-lesson.md is not listed in lessons"},
		}},
		{"slug-mismatch", []want{
			{codeYAML, 1, `slug "sum-labs" does not match the folder name "sum-lab"`},
			{typesMD, 2, `slug "types" does not match the file name "types-lesson"`},
		}},
		{"duplicate-track", []want{
			{"other-track/track.yaml", 1, `duplicate track slug "demo-track"`},
			{"other-track/track.yaml", 1, `does not match the folder name "other-track"`},
		}},
		{"duplicate-lesson-lab", []want{
			{moduleYAML, 4, `lesson "intro-lesson" is listed twice`},
			{"demo-track/more/module.yaml", 4, `lesson slug "intro-lesson" is already used in module "basics"`},
			{"demo-track/more/module.yaml", 5, `lab slug "sum-lab" is already used in module "basics"`},
		}},
		{"dangling", []want{
			{trackYAML, 14, `module "ghost-module" is listed but folder demo-track/ghost-module/ does not exist`},
			{moduleYAML, 4, `lesson "ghost-lesson" is listed but lessons/ghost-lesson.md does not exist`},
			{moduleYAML, 5, `lab "ghost-lab" is listed but folder labs/ghost-lab/ does not exist`},
		}},
		{"unlisted", []want{
			{trackYAML, 12, "module folder spare-module/ is not listed in modules"},
			{moduleYAML, 4, "lessons/extra-lesson.md is not listed in lessons"},
			{moduleYAML, 4, "lessons/orphan.en.md is not listed in lessons"},
			{moduleYAML, 5, "lab folder labs/extra-lab/ is not listed in labs"},
			{"demo-track/basics/notes.txt", 0, "unexpected file"},
		}},
		{"front-matter-missing", []want{
			{typesMD, 1, "missing front matter"},
		}},
		{"front-matter-unclosed", []want{
			{typesMD, 1, "front matter is not closed"},
		}},
		{"front-matter-bad-yaml", []want{
			// yaml.v3 gives no line for this error: the first line of the
			// front matter it is.
			{typesMD, 2, "invalid YAML: did not find expected ',' or '}'"},
		}},
		{"front-matter-unknown-key", []want{
			{typesMD, 6, `unknown key "author"`},
			{"demo-track/basics/lessons/intro-lesson.en.md", 1, "English lesson body has no front matter"},
		}},
		{"bad-yaml", []want{
			{trackYAML, 9, "invalid YAML: mapping values are not allowed"},
			// The modules of a broken track.yaml are still checked.
			{codeYAML, 4, `duplicate key "title" (first at line 3)`},
		}},
		{"invalid-level", []want{
			{trackYAML, 7, `level "expert" is invalid`},
		}},
		{"invalid-kind", []want{
			{codeYAML, 2, `kind "essay" is invalid`},
		}},
		{"wrong-kind-key", []want{
			{quizYAML, 6, `key "files" is only allowed in code labs`},
		}},
		{"invalid-question-type", []want{
			{quizYAML, 26, `questions[2].type: "essay" is invalid`},
		}},
		{"code-lab-missing-files", []want{
			{codeYAML, 7, "starter/main.ts is missing"},
			{codeYAML, 7, "solution/main.ts is missing"},
			{codeYAML, 2, "tests/hidden.test.ts is missing"},
			{codeYAML, 1, "statement.md is missing"},
		}},
		{"files-mismatch", []want{
			{codeYAML, 7, "starter/extra.ts is not listed in files"},
			{codeYAML, 9, "starter/util.ts is missing"},
			{codeYAML, 9, "solution/util.ts is missing"},
		}},
		{"quiz-points", []want{
			{quizYAML, 4, "maxScore 50 must equal the sum of the questions' points (40)"},
		}},
		{"single-answer", []want{
			{quizYAML, 13, `questions[0].answer: "c" is not one of the option ids (a, b)`},
		}},
		{"multiple-answer", []want{
			{quizYAML, 23, `questions[1].answer: "d" is not one of the option ids (a, b, c)`},
		}},
		{"negative-tolerance", []want{
			{quizYAML, 28, "questions[2].answer.tolerance: must not be negative"},
		}},
		{"bad-pattern", []want{
			{quizYAML, 33, "questions[3].answer.pattern: not a valid Go (RE2) regular expression"},
		}},
		{"pass-over-max", []want{
			{codeYAML, 5, "passScore 120 is greater than maxScore 100"},
		}},
		{"certificate-unknown-lab", []want{
			{trackYAML, 15, `certificate.labs: lab "ghost-lab" does not exist in this track`},
		}},
		{"threshold-range", []want{
			{trackYAML, 16, "certificate.threshold: must be a percentage from 1 to 100, found 150"},
		}},
		{"empty-zh", []want{
			{trackYAML, 5, "summary.zh: must not be empty"},
			{quizYAML, 12, "questions[0].options[1].zh: must not be empty"},
		}},
		{"no-track-yaml", []want{
			{"stray-folder", 0, "track folder has no track.yaml"},
		}},
	}
	entries, err := os.ReadDir("testdata/broken")
	if err != nil {
		t.Fatal(err)
	}
	tested := map[string]bool{}
	for _, c := range cases {
		tested[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			cat, err := Load(brokenFS(t, c.name))
			if cat != nil {
				t.Error("Load returned a catalog along with problems")
			}
			var probs Problems
			if !errors.As(err, &probs) {
				t.Fatalf("Load error = %v (%T), want Problems", err, err)
			}
			matchProblems(t, probs, c.wants)
		})
	}
	for _, e := range entries {
		if !tested[e.Name()] {
			t.Errorf("testdata/broken/%s has no test case", e.Name())
		}
	}
}

func TestLoadValid(t *testing.T) {
	cat, err := LoadDir("testdata/valid")
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	if len(cat.Tracks) != 1 {
		t.Fatalf("got %d tracks, want 1", len(cat.Tracks))
	}
	tr := cat.Track("demo-track")
	if tr == nil || tr != cat.Tracks[0] {
		t.Fatal("Track(demo-track) not found")
	}
	if tr.Version != 2 || tr.Level != LevelFoundation || tr.EstimatedHours != 3 || tr.Dir != "demo-track" {
		t.Errorf("track fields: %+v", tr)
	}
	if tr.Title != (Text{Zh: "演示课程", En: "Demo Track"}) || tr.Summary.En != "A small track for tests." {
		t.Errorf("track texts: %+v %+v", tr.Title, tr.Summary)
	}
	if len(tr.Outcomes) != 2 || tr.Outcomes[1] != (Text{Zh: "理解基本类型"}) {
		t.Errorf("outcomes: %+v", tr.Outcomes)
	}
	if got := strings.Join(tr.Certificate.Labs, ","); got != "sum-lab,basics-quiz" || tr.Certificate.Threshold != 80 {
		t.Errorf("certificate: %+v", tr.Certificate)
	}
	if tr.CertificateMaxScore() != 140 {
		t.Errorf("CertificateMaxScore = %d, want 140", tr.CertificateMaxScore())
	}
	if len(tr.Modules) != 1 || tr.Module("basics") == nil || tr.Module("nope") != nil {
		t.Fatalf("modules: %+v", tr.Modules)
	}
	mod := tr.Modules[0]
	if mod.Summary != (Text{Zh: "从这里开始。"}) || len(mod.Lessons) != 2 || len(mod.Labs) != 2 {
		t.Fatalf("module: %+v", mod)
	}

	// Lessons, in order, with their bodies and without front matter.
	if mod.Lessons[0].Slug != "intro-lesson" || mod.Lessons[1].Slug != "types-lesson" {
		t.Errorf("lesson order: %s, %s", mod.Lessons[0].Slug, mod.Lessons[1].Slug)
	}
	intro := cat.Lesson("demo-track", "intro-lesson")
	if intro == nil || intro != mod.Lessons[0] {
		t.Fatal("Lesson(demo-track, intro-lesson) not found")
	}
	if intro.Minutes != 10 || intro.Title.En != "Introduction" || intro.Track != "demo-track" || intro.Module != "basics" {
		t.Errorf("intro: %+v", intro)
	}
	if !strings.HasPrefix(intro.Markdown.Zh, "# 入门\n") || strings.Contains(intro.Markdown.Zh, "minutes") {
		t.Errorf("intro zh body: %q", intro.Markdown.Zh)
	}
	if !strings.HasPrefix(intro.Markdown.En, "# Introduction") || intro.SourceEn != "demo-track/basics/lessons/intro-lesson.en.md" {
		t.Errorf("intro en body: %q from %q", intro.Markdown.En, intro.SourceEn)
	}
	types := tr.Lesson("types-lesson")
	if types == nil || types.Markdown.En != "" || types.SourceEn != "" || types.Source != typesMD || types.Title != (Text{Zh: "类型"}) {
		t.Errorf("types lesson: %+v", types)
	}
	if cat.Lesson("demo-track", "nope") != nil || cat.Lesson("nope", "intro-lesson") != nil {
		t.Error("lookups of missing lessons must return nil")
	}

	// The code lab, secrets included.
	code := cat.Lab("demo-track", "sum-lab")
	if code == nil || code != cat.LabByRef("demo-track/sum-lab") || code.Ref() != "demo-track/sum-lab" {
		t.Fatal("Lab(demo-track, sum-lab) not found")
	}
	if code.Kind != KindCode || code.MaxScore != 100 || code.PassScore != 60 || code.TimeLimitMs != 2000 {
		t.Errorf("code lab: %+v", code)
	}
	if len(code.Files) != 1 || code.Files[0] != "main.ts" {
		t.Errorf("files: %v", code.Files)
	}
	if !strings.Contains(code.Starter["main.ts"], "TODO") || !strings.Contains(code.Solution["main.ts"], "total += x") {
		t.Errorf("starter/solution: %q / %q", code.Starter, code.Solution)
	}
	if !strings.Contains(code.PublicTests, "adds numbers") || !strings.Contains(code.HiddenTests, "is 0 for an empty list") {
		t.Errorf("tests: %q / %q", code.PublicTests, code.HiddenTests)
	}
	if !strings.HasPrefix(code.Statement.Zh, "实现") || !strings.HasPrefix(code.Statement.En, "Implement") {
		t.Errorf("statement: %+v", code.Statement)
	}

	// The quiz, with every question type.
	quiz := tr.Lab("basics-quiz")
	if quiz == nil || quiz.Kind != KindQuiz || quiz.TimeLimitMs != 0 || len(quiz.Questions) != 4 {
		t.Fatalf("quiz: %+v", quiz)
	}
	q := quiz.Questions
	if q[0].Type != QuestionSingle || q[0].Answer.Choice != "b" || len(q[0].Options) != 2 || q[0].Options[1] != (Option{ID: "b", Text: Text{Zh: "const"}}) {
		t.Errorf("q1: %+v", q[0])
	}
	if q[0].Explanation.En != "Constants use const." || q[0].Prompt.En != "Which keyword declares a constant?" {
		t.Errorf("q1 texts: %+v", q[0])
	}
	if q[1].Type != QuestionMultiple || strings.Join(q[1].Answer.Choices, ",") != "a,c" {
		t.Errorf("q2: %+v", q[1])
	}
	if q[2].Type != QuestionNumeric || q[2].Answer.Value != 0.3 || q[2].Answer.Tolerance != 0.001 {
		t.Errorf("q3: %+v", q[2])
	}
	re := q[3].Answer.Regexp()
	if q[3].Type != QuestionText || re == nil || !re.MatchString("  OHOS.permission.internet ") || re.MatchString("ohos.permission.CAMERA") {
		t.Errorf("q4: %+v", q[3])
	}
	if q[0].Answer.Regexp() != nil {
		t.Error("a single question has no regexp")
	}

	// Iteration and stats.
	var refs []string
	for tr, lab := range cat.Labs() {
		refs = append(refs, tr.Slug+"/"+lab.Slug)
	}
	if strings.Join(refs, " ") != "demo-track/sum-lab demo-track/basics-quiz" {
		t.Errorf("Labs() = %v", refs)
	}
	for range cat.Labs() {
		break // stopping early must not panic
	}
	st := cat.Stats()
	if st.String() != "1 track, 1 module, 2 lessons, 2 labs (1 code, 1 quiz, 0 external)" {
		t.Errorf("Stats = %s", st)
	}
	if cat.Track("nope") != nil || cat.Lab("demo-track", "nope") != nil || cat.Lab("nope", "sum-lab") != nil || cat.LabByRef("sum-lab") != nil {
		t.Error("lookups of missing things must return nil")
	}
}

// TestPublicLabHidesSecrets checks that neither the public view nor the
// JSON of the model carries solutions, hidden tests, answers or
// explanations.
func TestPublicLabHidesSecrets(t *testing.T) {
	cat, err := LoadDir("testdata/valid")
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{"total += x", "is 0 for an empty list", "ohos\\\\.permission", "Constants use const", "0.001", `"answer"`, `"solution"`, `"hiddenTests"`}
	for _, lab := range []*Lab{cat.Lab("demo-track", "sum-lab"), cat.Lab("demo-track", "basics-quiz")} {
		pub := lab.PublicLab()
		for name, v := range map[string]any{"PublicLab": pub, "Lab": lab, "Track": cat.Tracks[0]} {
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range secrets {
				if strings.Contains(string(b), s) {
					t.Errorf("%s JSON of %s holds %q", name, lab.Slug, s)
				}
			}
		}
	}
	code := cat.Lab("demo-track", "sum-lab").PublicLab()
	if code.Starter["main.ts"] == "" || code.PublicTests == "" || code.Statement.Zh == "" || len(code.Files) != 1 {
		t.Errorf("public code lab lacks public parts: %+v", code)
	}
	code.Starter["main.ts"] = "changed"
	code.Files[0] = "changed.ts"
	if orig := cat.Lab("demo-track", "sum-lab"); orig.Starter["main.ts"] == "changed" || orig.Files[0] != "main.ts" {
		t.Error("PublicLab shares maps or slices with the catalog")
	}
	quiz := cat.Lab("demo-track", "basics-quiz").PublicLab()
	if len(quiz.Questions) != 4 || len(quiz.Questions[1].Options) != 3 || quiz.Questions[0].Points != 10 {
		t.Errorf("public quiz: %+v", quiz.Questions)
	}
	b, _ := json.Marshal(quiz.Questions[0].Options[0])
	if string(b) != `{"id":"a","zh":"let","en":""}` {
		t.Errorf("option JSON = %s", b)
	}
}

func TestProblemsError(t *testing.T) {
	ps := Problems{
		{File: "a/track.yaml", Line: 3, Message: "unknown key \"x\""},
		{File: "a/b", Message: "track folder has no track.yaml"},
	}
	want := "a/track.yaml:3: unknown key \"x\"\na/b: track folder has no track.yaml"
	if ps.Error() != want {
		t.Errorf("Error() = %q, want %q", ps.Error(), want)
	}
	var err error = ps
	if !strings.Contains(err.Error(), "a/track.yaml:3:") {
		t.Error("Problems must implement error")
	}
}

// TestLoadReportsEverything checks that problems in many files are all
// reported in one pass, sorted by file and line.
func TestLoadReportsEverything(t *testing.T) {
	fsys := validFS(t)
	fsys[trackYAML] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[trackYAML].Data), "level: foundation", "level: expert\nextra: 1", 1))}
	fsys[codeYAML] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[codeYAML].Data), "maxScore: 100", "maxScore: -5", 1))}
	fsys[typesMD] = &fstest.MapFile{Data: []byte("---\nslug: types-lesson\ntitle: {zh: 类型}\nminutes: 0\n---\n\n")}
	_, err := Load(fsys)
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("err = %v", err)
	}
	matchProblems(t, probs, []want{
		{codeYAML, 4, "maxScore: must be a positive integer, found -5"},
		{typesMD, 4, "minutes: must be a positive integer, found 0"},
		{typesMD, 5, "lesson has no body"},
		{trackYAML, 7, `level "expert" is invalid`},
		{trackYAML, 8, `unknown key "extra"`},
	})
	for i := 1; i < len(probs); i++ {
		a, b := probs[i-1], probs[i]
		if a.File > b.File || (a.File == b.File && a.Line > b.Line) {
			t.Errorf("problems not sorted: %s before %s", a, b)
		}
	}
}

// TestLoadMoreRules covers rules that need no fixture of their own.
func TestLoadMoreRules(t *testing.T) {
	replace := func(file, old, new string) func(fstest.MapFS) {
		return func(m fstest.MapFS) {
			s := string(m[file].Data)
			if !strings.Contains(s, old) {
				panic(file + " does not hold " + old)
			}
			m[file] = &fstest.MapFile{Data: []byte(strings.Replace(s, old, new, 1))}
		}
	}
	external := "slug: sum-lab\nkind: external\ntitle: {zh: 构建}\nmaxScore: 10\npassScore: 10\ntimeLimitMs: 60000\nrunner: hvigor\n"
	cases := []struct {
		name   string
		change func(fstest.MapFS)
		wants  []want
	}{
		{"external lab without command", func(m fstest.MapFS) {
			m[codeYAML] = &fstest.MapFile{Data: []byte(external)}
			for _, p := range []string{"starter/main.ts", "solution/main.ts", "tests/public.test.ts", "tests/hidden.test.ts"} {
				delete(m, "demo-track/basics/labs/sum-lab/"+p)
			}
		}, []want{{codeYAML, 1, `missing required key "command"`}}},
		{"code lab without timeLimitMs", replace(codeYAML, "timeLimitMs: 2000\n", ""),
			[]want{{codeYAML, 1, `missing required key "timeLimitMs"`}}},
		{"flow text with a comma", replace(trackYAML, "title: {zh: 演示课程, en: Demo Track}", "title: {zh: 演示课程, en: Demo, Track}"),
			[]want{{trackYAML, 3, `title: unknown key "Track" (inside {...} a comma separates keys`}}},
		{"duplicate question id", replace(quizYAML, "  - id: q2\n", "  - id: q1\n"),
			[]want{{quizYAML, 16, `questions[1].id: duplicate question id "q1" (first at line 7)`}}},
		{"options on a numeric question", replace(quizYAML, "    answer: {value: 0.3, tolerance: 0.001}\n", "    options: [{id: a, zh: x}]\n    answer: {value: 0.3, tolerance: 0.001}\n"),
			[]want{{quizYAML, 28, "questions[2].options: only single and multiple questions have options"}}},
		{"single question with one option", replace(quizYAML, "      - {id: a, zh: let}\n", ""),
			[]want{{quizYAML, 10, "questions[0].options: a single question needs at least 2 options"}}},
		{"multiple answer given as a scalar", replace(quizYAML, "answer: [a, c]", "answer: a"),
			[]want{{quizYAML, 23, "questions[1].answer: expected a list of option ids"}}},
		{"empty modules", replace(trackYAML, "modules:\n  - basics\n", "modules: []\n"),
			[]want{{trackYAML, 12, "modules: must not be empty"}, {trackYAML, 12, "module folder basics/ is not listed"}, {trackYAML, 14, `lab "sum-lab" does not exist`}, {trackYAML, 14, `lab "basics-quiz" does not exist`}}},
		{"file outside a code lab's rules", func(m fstest.MapFS) {
			m["demo-track/basics/labs/sum-lab/tests/extra.test.ts"] = &fstest.MapFile{Data: []byte("x")}
			m["demo-track/basics/labs/basics-quiz/starter/main.ts"] = &fstest.MapFile{Data: []byte("x")}
			m["demo-track/basics/labs/sum-lab/.DS_Store"] = &fstest.MapFile{Data: []byte("x")}
			m["demo-track/basics/lessons/_draft.md"] = &fstest.MapFile{Data: []byte("x")}
		}, []want{
			{"demo-track/basics/labs/sum-lab/tests/extra.test.ts", 0, "unexpected file"},
			{"demo-track/basics/labs/basics-quiz/starter", 0, "unexpected folder"},
		}},
		{"multiple YAML documents", replace(moduleYAML, "labs: [sum-lab, basics-quiz]\n", "labs: [sum-lab, basics-quiz]\n---\nslug: again\n"),
			[]want{{moduleYAML, 6, "only one YAML document is allowed"}}},
		{"empty statement", func(m fstest.MapFS) {
			m["demo-track/basics/labs/basics-quiz/statement.md"] = &fstest.MapFile{Data: []byte("\n  \n")}
		}, []want{{"demo-track/basics/labs/basics-quiz/statement.md", 1, "statement is empty"}}},
		{"file name that is not .ts", replace(codeYAML, "files: [main.ts]", "files: [main.ts, ../up.ts, notes.md]"),
			[]want{{codeYAML, 7, `files[1]: "../up.ts" must be a relative path to a .ts file`}, {codeYAML, 7, `files[2]: "notes.md" must be a relative path`}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := validFS(t)
			c.change(fsys)
			_, err := Load(fsys)
			var probs Problems
			if !errors.As(err, &probs) {
				t.Fatalf("err = %v", err)
			}
			matchProblems(t, probs, c.wants)
		})
	}
}

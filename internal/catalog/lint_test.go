package catalog

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ohtalent/ohtalent/courses"
)

const (
	starterTS = "demo-track/basics/labs/sum-lab/starter/main.ts"
	publicTS  = "demo-track/basics/labs/sum-lab/tests/public.test.ts"
	hiddenTS  = "demo-track/basics/labs/sum-lab/tests/hidden.test.ts"
)

func TestLintValid(t *testing.T) {
	if probs := Lint(validFS(t), LintOptions{}); len(probs) != 0 {
		t.Errorf("Lint(valid) = %v", probs)
	}
}

func TestLintChecks(t *testing.T) {
	set := func(file, content string) func(fstest.MapFS) {
		return func(m fstest.MapFS) { m[file] = &fstest.MapFile{Data: []byte(content)} }
	}
	cases := []struct {
		name   string
		change func(fstest.MapFS)
		wants  []want
	}{
		{"raw HTML in a lesson, line counted in the file", set(typesMD,
			"---\nslug: types-lesson\ntitle: {zh: 类型}\nminutes: 15\n---\n正文\n\n<div>x</div>\n"),
			[]want{{typesMD, 8, "raw HTML is dropped"}}},
		{"unsafe link in an English lesson and a statement", func(m fstest.MapFS) {
			set("demo-track/basics/lessons/intro-lesson.en.md", "# Intro\n\n[x](javascript:alert(1))\n")(m)
			set("demo-track/basics/labs/basics-quiz/statement.md", "回答。\n[d](data:text/html,x)\n")(m)
		}, []want{
			{"demo-track/basics/lessons/intro-lesson.en.md", 3, "unsafe URL scheme"},
			{"demo-track/basics/labs/basics-quiz/statement.md", 2, "unsafe URL scheme"},
		}},
		{"var, any and eval in lab code", set(starterTS,
			"// var in a comment is fine: var x\nexport function sum(xs: number[]): number {\n  var t = 0;\n  const s = 'as any, var y';\n  let a: any = eval('1');\n  return t;\n}\n"),
			[]want{
				{starterTS, 3, "`var` is not ArkTS"},
				{starterTS, 5, "the `any` type"},
				{starterTS, 5, "eval"},
			}},
		{"tests on the clock, bad imports", set(publicTS,
			"import { describe, it, expect } from '@ohos/hypium';\nimport { sum } from './main';\nimport { helper } from './helper';\nimport _ from 'lodash';\n\ndescribe('s', () => {\n  it('t', () => {\n    expect(sum([Math.random()])).assertLess(1);\n    expect(Date.now()).assertLarger(0);\n  });\n});\n"),
			[]want{
				{publicTS, 3, `import "./helper" does not name one of the lab's files`},
				{publicTS, 4, `import "lodash" cannot be resolved`},
				{publicTS, 8, "must not depend on the clock"},
				{publicTS, 9, "must not depend on the clock"},
			}},
		{"no it at all", func(m fstest.MapFS) {
			set(publicTS, "import { sum } from './main';\n// it('commented out', () => {})\n")(m)
			set(hiddenTS, "const x = 'it(';\n")(m)
		}, []want{{publicTS, 1, "no it(...) case"}}},
		{"starter may not import hypium", set(starterTS, "import { expect } from '@ohos/hypium';\nexport function sum(xs: number[]): number { return 0; }\n"),
			[]want{{starterTS, 1, `import "@ohos/hypium" cannot be resolved`}}},
		{"load problems come first", set(codeYAML, "slug: sum-lab\nkind: code\n"), []want{
			{codeYAML, 1, `missing required key "title"`},
			{codeYAML, 1, `missing required key "maxScore"`},
			{codeYAML, 1, `missing required key "passScore"`},
			{codeYAML, 1, `missing required key "timeLimitMs"`},
			{codeYAML, 1, `missing required key "files"`},
			// and no cascade from the lab's sources, which are not checked.
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := validFS(t)
			c.change(fsys)
			matchProblems(t, Lint(fsys, LintOptions{}), c.wants)
		})
	}
}

func TestLintCheckCodeLabHook(t *testing.T) {
	var called []string
	opts := LintOptions{CheckCodeLab: func(tr *Track, lab *Lab) []Problem {
		called = append(called, tr.Slug+"/"+lab.Slug)
		if lab.Solution["main.ts"] == "" || lab.HiddenTests == "" {
			t.Error("the hook must get the lab with its secrets")
		}
		return []Problem{{File: lab.Dir + "/solution/main.ts", Message: "reference solution scores 50, not 100"}}
	}}
	probs := Lint(validFS(t), opts)
	if strings.Join(called, ",") != "demo-track/sum-lab" {
		t.Errorf("hook called for %v, want the code lab only", called)
	}
	matchProblems(t, probs, []want{{"demo-track/basics/labs/sum-lab/solution/main.ts", 0, "reference solution scores 50"}})

	// A lab with problems of its own is not run.
	called = nil
	fsys := validFS(t)
	delete(fsys, "demo-track/basics/labs/sum-lab/solution/main.ts")
	probs = Lint(fsys, opts)
	if len(called) != 0 {
		t.Errorf("hook called for a broken lab: %v", called)
	}
	matchProblems(t, probs, []want{{codeYAML, 7, "solution/main.ts is missing"}})
}

func TestLintEmpty(t *testing.T) {
	matchProblems(t, Lint(fstest.MapFS{"README.md": {Data: []byte("x")}}, LintOptions{}), []want{{".", 0, "no tracks found"}})
}

func TestRunLint(t *testing.T) {
	var out bytes.Buffer
	if ok := RunLint("testdata/valid", &out, LintOptions{}); !ok {
		t.Errorf("RunLint(valid) = false:\n%s", out.String())
	}
	if want := "testdata/valid: ok, 1 track, 1 module, 2 lessons, 2 labs (1 code, 1 quiz, 0 external)\n"; out.String() != want {
		t.Errorf("output = %q, want %q", out.String(), want)
	}

	out.Reset()
	if ok := RunLint("testdata/broken/no-track-yaml", &out, LintOptions{}); ok {
		t.Error("RunLint(broken) = true")
	}
	// A broken case is only an overlay: there, just the stray folder.
	want := "testdata/broken/no-track-yaml/stray-folder: track folder has no track.yaml\ntestdata/broken/no-track-yaml: 1 problem\n"
	if out.String() != want {
		t.Errorf("output = %q, want %q", out.String(), want)
	}

	out.Reset()
	if ok := RunLint("testdata/does-not-exist", &out, LintOptions{}); ok || !strings.HasPrefix(out.String(), "testdata/does-not-exist: cannot read the course folder") {
		t.Errorf("RunLint(missing dir) output = %q", out.String())
	}
}

func TestBlankTS(t *testing.T) {
	src := "let a = 'x // y'; // var z\n/* multi\nline */ const b = \"q\\\"r\"; `t\n${u}`\n"
	got := blankTS(src, true)
	if strings.Count(got, "\n") != strings.Count(src, "\n") || len(got) != len(src) {
		t.Fatalf("blankTS moved lines: %q", got)
	}
	for _, gone := range []string{"var", "multi", "x // y", `q\"r`, "${u}"} {
		if strings.Contains(got, gone) {
			t.Errorf("blankTS left %q: %q", gone, got)
		}
	}
	for _, kept := range []string{"let a = '", "const b = \""} {
		if !strings.Contains(got, kept) {
			t.Errorf("blankTS removed %q: %q", kept, got)
		}
	}
	if keep := blankTS(src, false); !strings.Contains(keep, "'x // y'") || strings.Contains(keep, "var z") {
		t.Errorf("blankTS without strings: %q", keep)
	}
}

// TestEmbeddedCourses checks that courses.FS embeds the content folder. The
// content itself is checked by `ohtalent courses lint`, not here, so that
// work in progress on it does not break this package's tests.
func TestEmbeddedCourses(t *testing.T) {
	if _, err := fs.Stat(courses.FS, "README.md"); err != nil {
		t.Fatalf("courses.FS lacks README.md: %v", err)
	}
	// Loading must not panic whatever state the content is in.
	_, _ = loadCatalog(courses.FS)
}

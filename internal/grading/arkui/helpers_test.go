package arkui_test

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/grading/jsrun"
)

const testImports = "import { describe, it, expect } from '@ohos/hypium';\nimport { render, state } from '@ohos/arkui-test';\n"

// grade runs tests against one Index.ets through the real grader.
func grade(t *testing.T, ets, tests string) jsrun.Result {
	t.Helper()
	return gradeFiles(t, map[string]string{"Index.ets": ets}, tests)
}

// Sources in these tests write a JavaScript template literal's backtick
// as ´, since Go raw strings cannot hold backticks.
func backticks(s string) string { return strings.ReplaceAll(s, "´", "`") }

func gradeFiles(t *testing.T, files map[string]string, tests string) jsrun.Result {
	t.Helper()
	tests = backticks(tests)
	if !strings.Contains(tests, "@ohos/hypium") {
		tests = testImports + tests
	}
	job := jsrun.Job{Tests: []jsrun.TestFile{{Name: "public.test.ts", Source: tests}}, TimeLimit: 5 * time.Second}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		job.Files = append(job.Files, jsrun.File{Name: name, Source: backticks(files[name])})
	}
	return jsrun.Run(job)
}

// allPass fails the test unless every test in res passed.
func allPass(t *testing.T, res jsrun.Result) {
	t.Helper()
	if res.Verdict != jsrun.VerdictOK {
		t.Fatalf("verdict %s: %s %+v\noutput: %s", res.Verdict, res.Error, res.Diagnostics, res.Output)
	}
	for _, tr := range res.Tests {
		if !tr.Passed {
			t.Errorf("%s > %s: %s", tr.Suite, tr.Name, tr.Message)
		}
	}
	if res.Total == 0 {
		t.Fatal("no tests ran")
	}
}

// failure returns the message of the named test, failing unless it failed.
func failure(t *testing.T, res jsrun.Result, name string) string {
	t.Helper()
	for _, tr := range res.Tests {
		if tr.Name == name {
			if tr.Passed {
				t.Fatalf("test %q passed, want a failure", name)
			}
			return tr.Message
		}
	}
	t.Fatalf("no test %q in %+v (verdict %s: %s %+v)", name, res.Tests, res.Verdict, res.Error, res.Diagnostics)
	return ""
}

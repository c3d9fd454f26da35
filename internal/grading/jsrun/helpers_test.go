package jsrun

import (
	"strings"
	"testing"
	"time"
)

const hypiumImports = "import { describe, it, expect, beforeAll, beforeEach, afterEach, afterAll } from '@ohos/hypium';\n"

// run grades main.ts against one test file, adding the hypium import.
func run(t *testing.T, main, tests string) Result {
	t.Helper()
	if !strings.Contains(tests, "@ohos/hypium") {
		tests = hypiumImports + tests
	}
	return Run(Job{
		Files:     []File{{Name: "main.ts", Source: main}},
		Tests:     []TestFile{{Name: "public.test.ts", Source: tests}},
		TimeLimit: 2 * time.Second,
	})
}

// runOK is run, failing the test unless the verdict is ok.
func runOK(t *testing.T, main, tests string) Result {
	t.Helper()
	res := run(t, main, tests)
	if res.Verdict != VerdictOK {
		t.Fatalf("verdict %s: %s %+v", res.Verdict, res.Error, res.Diagnostics)
	}
	return res
}

func findTest(t *testing.T, res Result, name string) TestResult {
	t.Helper()
	for _, tr := range res.Tests {
		if tr.Name == name {
			return tr
		}
	}
	t.Fatalf("no test %q in %+v", name, res.Tests)
	return TestResult{}
}

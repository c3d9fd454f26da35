package jsrun

import (
	"slices"
	"strings"
	"testing"
	"time"
)

var fuzzVerdicts = []string{VerdictOK, VerdictCompileError, VerdictTimeLimitExceeded, VerdictMemoryLimitExceeded,
	VerdictRuntimeError, VerdictOutputLimitExceeded}

// FuzzRun grades arbitrary learner source against a fixed test file with
// small limits. Run recovers its own panics into "internal grader error",
// so that answer counts as a failure here; so does a compile error that
// points nowhere. A limit that does not hold shows as a hung fuzz worker.
func FuzzRun(f *testing.F) {
	f.Add("export function add(a: number, b: number): number { return a + b; }")
	f.Add("export const add = (a: number, b: number) => a - b;\nconsole.log('x'.repeat(100));")
	f.Add("export function add(a, b) { let s = 0; for (;;) { s++; } }")
	f.Add("export class A<T> { #x?: T; constructor(private y: number) {} }\nexport function add(a: number, b: number) { throw new A(1); }")
	f.Add("import { it } from '@ohos/hypium';\nexport function add( {")
	tests := hypiumImports + `import { add } from './main';
describe('add', () => {
  it('adds', 0, () => { expect(add(1, 2)).assertEqual(3); });
  it('is a function', 0, () => { expect(typeof add).assertEqual('function'); });
});`
	f.Fuzz(func(t *testing.T, src string) {
		res := Run(Job{
			Files:            []File{{Name: "main.ts", Source: src}},
			Tests:            []TestFile{{Name: "public.test.ts", Source: tests}},
			TimeLimit:        200 * time.Millisecond,
			MemoryLimitBytes: 64 << 20,
			MaxOutputBytes:   4 << 10,
		})
		if !slices.Contains(fuzzVerdicts, res.Verdict) {
			t.Fatalf("verdict %q", res.Verdict)
		}
		if strings.HasPrefix(res.Error, "internal grader error") {
			t.Fatalf("grader bug: %s", res.Error)
		}
		if res.Verdict == VerdictCompileError {
			if len(res.Diagnostics) == 0 {
				t.Fatal("compile error without a diagnostic")
			}
			for _, d := range res.Diagnostics {
				if d.File == "" || d.Line < 1 || d.Column < 0 || d.Message == "" {
					t.Fatalf("diagnostic points nowhere: %+v", d)
				}
			}
		}
		if res.Passed > res.Total || len(res.Output) > 8<<10 {
			t.Fatalf("passed %d of %d, %d bytes of output", res.Passed, res.Total, len(res.Output))
		}
	})
}

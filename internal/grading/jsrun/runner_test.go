package jsrun

import (
	"strings"
	"testing"
	"time"
)

func TestHooksOrder(t *testing.T) {
	res := runOK(t, `export const x = 1;`, `
beforeAll(() => console.log('root beforeAll'));
beforeEach(() => console.log('root beforeEach'));
afterEach(() => console.log('root afterEach'));
afterAll(() => console.log('root afterAll'));
describe('outer', () => {
  beforeAll(() => console.log('outer beforeAll'));
  beforeEach(() => console.log('outer beforeEach'));
  afterEach(() => console.log('outer afterEach'));
  afterAll(() => console.log('outer afterAll'));
  describe('inner', () => {
    beforeEach(async () => { await null; console.log('inner beforeEach'); });
    afterEach(() => console.log('inner afterEach'));
    it('deep', () => console.log('test deep'));
  });
  it('shallow', () => console.log('test shallow'));
});`)
	want := `root beforeAll
outer beforeAll
root beforeEach
outer beforeEach
test shallow
outer afterEach
root afterEach
root beforeEach
outer beforeEach
inner beforeEach
test deep
inner afterEach
outer afterEach
root afterEach
outer afterAll
root afterAll
`
	if res.Output != want {
		t.Fatalf("hook order:\n%s\nwant:\n%s", res.Output, want)
	}
	// Results keep registration order and carry suite paths.
	if res.Tests[0].Suite != "outer > inner" || res.Tests[0].Name != "deep" || res.Tests[1].Suite != "outer" {
		t.Fatalf("%+v", res.Tests)
	}
	if res.Passed != 2 {
		t.Fatalf("%+v", res.Tests)
	}
}

func TestHookFailures(t *testing.T) {
	res := runOK(t, `export const x = 1;`, `
describe('broken setup', () => {
  beforeAll(() => { throw new Error('no db'); });
  it('a', () => {});
  describe('child', () => { it('b', () => {}); });
});
describe('each', () => {
  let n = 0;
  beforeEach(() => { n++; if (n === 2) expect(n).assertEqual(1); });
  it('first', () => {});
  it('second', () => { console.log('must not run'); });
  it('third', () => {});
});
describe('after', () => {
  afterEach(() => { throw 'cleanup failed'; });
  it('fails in afterEach', () => {});
});
describe('afterAll errors are ignored', () => {
  afterAll(() => { throw new Error('x'); });
  it('ok', () => {});
});`)
	checks := map[string]string{
		"a":                  "beforeAll hook: Error: no db",
		"b":                  "beforeAll hook: Error: no db",
		"second":             "expected 1 but got 2",
		"fails in afterEach": `afterEach hook: thrown: "cleanup failed"`,
	}
	for name, msg := range checks {
		if tr := findTest(t, res, name); tr.Passed || tr.Message != msg {
			t.Errorf("%s: %+v, want message %q", name, tr, msg)
		}
	}
	for _, name := range []string{"first", "third", "ok"} {
		if tr := findTest(t, res, name); !tr.Passed {
			t.Errorf("%s should pass: %+v", name, tr)
		}
	}
	if strings.Contains(res.Output, "must not run") {
		t.Error("a test ran after its beforeEach failed")
	}
}

func TestAsyncTests(t *testing.T) {
	res := runOK(t, `export function later<T>(v: T, ms: number): Promise<T> {
  return new Promise<T>(resolve => setTimeout(() => resolve(v), ms));
}
export async function* gen() { yield 1; yield 2; }`, `import { later, gen } from './main';
it('awaits timers', async () => {
  const t0 = Date.now();
  expect(await later(5, 300)).assertEqual(5);
  expect(Date.now() - t0).assertEqual(300);
});
it('fails after await', async () => { await later(0, 10); expect(1).assertEqual(2); });
it('rejects', async () => { await Promise.reject(new RangeError('nope')); });
it('done style', 0, (done: Function) => { setTimeout(() => { expect(1).assertEqual(1); done(); }, 50); });
it('done never called', 0, (done: Function) => {});
it('async done style', 0, async (done: Function) => { await later(1, 1); done(); });
it('too slow', async () => { await later(1, 6000); });
it('thenable', () => ({ then(ok: Function) { ok(1); } }));
it('interval', async () => {
  let n = 0;
  await new Promise<void>(resolve => { const id = setInterval(() => { if (++n === 3) { clearInterval(id); resolve(); } }, 100); });
  expect(n).assertEqual(3);
});
it('for await', async () => {
  const got: number[] = [];
  for await (const v of gen()) got.push(v);
  expect(got).assertDeepEquals([1, 2]);
});
it('microtasks', async () => {
  const order: string[] = [];
  queueMicrotask(() => order.push('micro'));
  setTimeout(() => order.push('macro'), 0);
  await later(0, 1);
  expect(order).assertDeepEquals(['micro', 'macro']);
});`)
	want := map[string]string{
		"awaits timers":     "",
		"fails after await": "expected 2 but got 1",
		"rejects":           "RangeError: nope",
		"done style":        "",
		"done never called": "done() was never called and nothing left could call it",
		"async done style":  "",
		"too slow":          "execute timeout 5000ms",
		"thenable":          "",
		"interval":          "",
		"for await":         "",
		"microtasks":        "",
	}
	for name, msg := range want {
		tr := findTest(t, res, name)
		if tr.Passed != (msg == "") || tr.Message != msg {
			t.Errorf("%s: %+v, want message %q", name, tr, msg)
		}
	}
}

func TestUncaughtTimerErrorFailsRunningTest(t *testing.T) {
	res := runOK(t, `export const x = 1;`, `
it('timer throws', async () => {
  setTimeout(() => { throw new Error('late'); }, 10);
  await new Promise<void>(r => setTimeout(r, 20));
});`)
	if tr := res.Tests[0]; tr.Passed || tr.Message != "uncaught exception in a timer callback: Error: late" {
		t.Fatalf("%+v", tr)
	}
}

func TestDeterminism(t *testing.T) {
	tests := `it('clock', () => {
  expect(Date.now()).assertEqual(Date.UTC(2026, 0, 1));
  expect(new Date().toISOString()).assertEqual('2026-01-01T00:00:00.000Z');
  console.log(Math.random(), Math.random());
});`
	job := func(seed int64) Job {
		return Job{
			Files: []File{{Name: "main.ts", Source: `export const x = 1;`}},
			Tests: []TestFile{{Name: "t.test.ts", Source: hypiumImports + tests}},
			Seed:  seed,
		}
	}
	a, b, c := Run(job(1)), Run(job(1)), Run(job(2))
	if a.Passed != 1 {
		t.Fatalf("%+v", a)
	}
	if a.Output != b.Output || a.Output == c.Output {
		t.Fatalf("random not seeded: %q %q %q", a.Output, b.Output, c.Output)
	}
}

func TestDefaultExportAndTopLevelSuites(t *testing.T) {
	res := Run(Job{
		Files: []File{{Name: "main.ts", Source: `export default function double(n: number): number { return 2 * n; }
export const answer = 42;`}},
		Tests: []TestFile{
			{Name: "public.test.ts", Source: hypiumImports + `import double, { answer } from './main';
describe('top level', () => { it('answer', () => expect(answer).assertEqual(42)); });`},
			{Name: "hidden.test.ts", Hidden: true, Source: hypiumImports + `import * as m from './main.ts';
export default function hidden() {
  describe('from default export', () => { it('double', () => expect(m.default(4)).assertEqual(8)); });
}`},
		},
	})
	if res.Verdict != VerdictOK || res.Total != 2 || res.Passed != 2 {
		t.Fatalf("%+v", res)
	}
	if res.Tests[0].Hidden || !res.Tests[1].Hidden {
		t.Fatalf("hidden flags: %+v", res.Tests)
	}
}

func TestMultipleStudentFiles(t *testing.T) {
	res := Run(Job{
		Files: []File{
			{Name: "main.ts", Source: `import { clamp } from './util/math';
export function score(n: number): number { return clamp(n, 0, 100); }`},
			{Name: "util/math.ts", Source: `export function clamp(n: number, lo: number, hi: number): number { return Math.min(hi, Math.max(lo, n)); }`},
		},
		Tests: []TestFile{{Name: "tests/public.test.ts", Source: hypiumImports + `import { score } from './main';
import { clamp } from './util/math';
it('score', () => { expect(score(120)).assertEqual(100); expect(clamp(-1, 0, 1)).assertEqual(0); });`}},
	})
	if res.Verdict != VerdictOK || res.Passed != 1 {
		t.Fatalf("%+v", res)
	}
}

func TestStackOverflow(t *testing.T) {
	res := runOK(t, `export function down(n: number): number { return down(n + 1) + 1; }`, `import { down } from './main';
it('overflows', () => { down(0); });
it('catching does not help', () => { try { down(0); } catch (e) {} });
it('runs after', () => { expect(1).assertEqual(1); });`)
	for _, name := range []string{"overflows", "catching does not help"} {
		if tr := findTest(t, res, name); tr.Passed || !strings.HasPrefix(tr.Message, "RangeError: Maximum call stack size exceeded (main.ts:1:") {
			t.Errorf("%+v", tr)
		}
	}
	if !findTest(t, res, "runs after").Passed {
		t.Error("test after a stack overflow failed")
	}

	res = run(t, `export function down(n: number): number { return down(n + 1) + 1; }
down(0);`, `it('x', () => {});`)
	if res.Verdict != VerdictRuntimeError || !strings.Contains(res.Error, "Maximum call stack size exceeded") {
		t.Fatalf("%+v", res)
	}
}

func TestTimeLimit(t *testing.T) {
	start := time.Now()
	res := Run(Job{
		Files:     []File{{Name: "main.ts", Source: `export function spin() { for (;;) {} }`}},
		Tests:     []TestFile{{Name: "t.test.ts", Source: hypiumImports + `import { spin } from './main'; it('a', () => {}); it('b', () => spin()); it('c', () => {});`}},
		TimeLimit: 200 * time.Millisecond,
	})
	if res.Verdict != VerdictTimeLimitExceeded || time.Since(start) > 2*time.Second {
		t.Fatalf("%+v after %v", res, time.Since(start))
	}
	if res.Total != 3 || res.Passed != 1 || res.Tests[2].Message != "not run: time limit exceeded" {
		t.Fatalf("%+v", res.Tests)
	}
}

func TestMemoryLimit(t *testing.T) {
	res := Run(Job{
		Files:            []File{{Name: "main.ts", Source: `export function hog() { const keep: string[][] = []; for (;;) keep.push(new Array(100000).fill('x')); }`}},
		Tests:            []TestFile{{Name: "t.test.ts", Source: hypiumImports + `import { hog } from './main'; it('hogs', () => hog());`}},
		MemoryLimitBytes: 32 << 20,
		TimeLimit:        20 * time.Second,
	})
	if res.Verdict != VerdictMemoryLimitExceeded {
		t.Fatalf("%+v", res)
	}
}

func TestOutputLimitAndFormatting(t *testing.T) {
	res := runOK(t, `export const x = 1;`, `it('prints', () => {
  console.log('%s has %d items (%i%%) %o', 'cart', 3.7, 42.9, { a: 1 }, 'extra', null);
  console.info(1, 'two', [3]);
  console.error(new Error('shown'));
});`)
	want := "cart has 3 items (42%) {\"a\": 1} extra null\n1 two [3]\n[Error: shown]\n"
	if res.Output != want {
		t.Fatalf("output %q, want %q", res.Output, want)
	}

	res = Run(Job{
		Files:          []File{{Name: "main.ts", Source: `export function spam() { for (let i = 0; ; i++) console.log('line ' + i + ' 汉字'); }`}},
		Tests:          []TestFile{{Name: "t.test.ts", Source: hypiumImports + `import { spam } from './main'; it('spams', () => spam());`}},
		MaxOutputBytes: 1000,
	})
	if res.Verdict != VerdictOutputLimitExceeded || !res.OutputTruncated || len(res.Output) > 1000 || len(res.Output) < 990 {
		t.Fatalf("%s truncated=%v len=%d", res.Verdict, res.OutputTruncated, len(res.Output))
	}
	if !strings.HasPrefix(res.Output, "line 0 汉字\n") {
		t.Fatalf("%q", res.Output[:40])
	}
}

func TestTopLevelErrors(t *testing.T) {
	res := run(t, "export const x = 1;\nconst o: any = null;\no.boom();", `it('x', () => {});`)
	if res.Verdict != VerdictRuntimeError || res.Error != "Uncaught TypeError: Cannot read property 'boom' of undefined or null (main.ts:3:1)" {
		t.Fatalf("%q %+v", res.Error, res)
	}
	res = run(t, "export const x = 1;", `import { x } from './main';
const y: any = undefined;
y.z;
it('x', () => {});`)
	if res.Verdict != VerdictRuntimeError || !strings.Contains(res.Error, "while loading public.test.ts") {
		t.Fatalf("%+v", res)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	res := runOK(t, `export const x = 1;`, `it('a', () => {});`)
	b, err := res.MarshalJSON()
	if err != nil || !strings.Contains(string(b), `"durationMs":`) || strings.Contains(string(b), `"Duration"`) {
		t.Fatalf("%s %v", b, err)
	}
	var back Result
	if err := back.UnmarshalJSON(b); err != nil || back.Verdict != VerdictOK || back.Tests[0].Name != "a" {
		t.Fatalf("%+v %v", back, err)
	}
	j := Job{TimeLimit: 1500 * time.Millisecond, Files: []File{{Name: "main.ts"}}}
	jb, _ := j.MarshalJSON()
	var jback Job
	if err := jback.UnmarshalJSON(jb); err != nil || jback.TimeLimit != j.TimeLimit || !strings.Contains(string(jb), `"timeLimitMs":1500`) {
		t.Fatalf("%s %+v %v", jb, jback, err)
	}
}

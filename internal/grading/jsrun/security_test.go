package jsrun

import (
	"strings"
	"testing"
)

// Every object reachable from the global object (and the intrinsics only
// reachable through syntax) is frozen, and every global binding is
// read-only: learner code cannot change what test code relies on.
func TestIntrinsicsAreLockedDown(t *testing.T) {
	res := runOK(t, `export const x = 1;`, `
it('frozen', () => {
  const roots: any[] = [globalThis, Object.getPrototypeOf(function* () {}), Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf([][Symbol.iterator]()), Object.getPrototypeOf(new Map()[Symbol.iterator]())];
  const seen = new Set<any>();
  const queue: any[] = [];
  const visit = (v: any) => { if (((typeof v === 'object' && v !== null) || typeof v === 'function') && !seen.has(v)) { seen.add(v); queue.push(v); } };
  roots.forEach(visit);
  const unfrozen: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const o = queue[i];
    if (o !== globalThis && !Object.isFrozen(o)) unfrozen.push(String(o.name || Object.prototype.toString.call(o)));
    visit(Object.getPrototypeOf(o));
    for (const k of Reflect.ownKeys(o)) {
      const d = Object.getOwnPropertyDescriptor(o, k)!;
      visit(d.value); visit(d.get); visit(d.set);
    }
  }
  expect(unfrozen).assertDeepEquals([]);
  expect(seen.size > 400).assertTrue();
  const writable = Object.getOwnPropertyNames(globalThis).filter(n => {
    const d = Object.getOwnPropertyDescriptor(globalThis, n)!;
    return d.configurable || d.writable;
  });
  expect(writable).assertDeepEquals([]);
});
it('no host access', () => {
  for (const name of ['require', 'process', 'fetch', 'XMLHttpRequest', 'module', 'exports', 'native', 'markFailed', 'failDetail', 'Deno', 'Bun']) {
    expect(typeof (globalThis as any)[name]).assertEqual('undefined');
  }
  const values = Object.getOwnPropertyNames(globalThis).map(n => (globalThis as any)[n]);
  expect(values.indexOf(it)).assertEqual(-1);
  expect(values.indexOf(describe)).assertEqual(-1);
});`)
	if res.Passed != 2 {
		t.Fatalf("%+v", res.Tests)
	}
}

func TestTamperingIsRefused(t *testing.T) {
	res := runOK(t, `
const log: string[] = [];
function attempt(what: string, f: () => void) { try { f(); log.push(what + ': allowed'); } catch (e) { log.push(what + ': refused'); } }
attempt('Object.prototype.toString', () => { Object.prototype.toString = () => 'x'; });
attempt('Array.prototype.includes', () => { (Array.prototype as any).includes = () => true; });
attempt('defineProperty on Array.prototype', () => { Object.defineProperty(Array.prototype, 'map', { value: () => [] }); });
attempt('Math.abs', () => { (Math as any).abs = () => 0; });
attempt('global JSON', () => { (globalThis as any).JSON = {}; });
attempt('setPrototypeOf', () => { Object.setPrototypeOf(Array.prototype, null); });
attempt('Promise.prototype.then', () => { (Promise.prototype as any).then = () => {}; });
attempt('iterator next', () => { (Object.getPrototypeOf([][Symbol.iterator]()) as any).next = () => ({ done: true }); });
attempt('new global', () => { (globalThis as any).myGlobal = 1; });
export const results = log;`, `import { results } from './main';
it('log', () => { console.log(results.join('\n')); });`)
	want := `Object.prototype.toString: refused
Array.prototype.includes: refused
defineProperty on Array.prototype: refused
Math.abs: refused
global JSON: refused
setPrototypeOf: refused
Promise.prototype.then: refused
iterator next: refused
new global: allowed
`
	if res.Output != want {
		t.Fatalf("output:\n%s\nwant:\n%s", res.Output, want)
	}
}

// Only test-file code registers tests: a learner function that gets hold
// of it() (here, the test hands it over) cannot use it, and nothing can
// register once tests run.
func TestRegistrationIsRestrictedToTestFiles(t *testing.T) {
	res := run(t, `export function sneaky(register: Function) { register('fake', () => {}); }`, `import { sneaky } from './main';
describe('s', () => { sneaky(it); it('real', () => {}); });`)
	if res.Verdict != VerdictRuntimeError || !strings.Contains(res.Error, "it() can only be called by test files") || res.Total != 0 {
		t.Fatalf("%+v", res)
	}

	res = runOK(t, `export function sneaky(register: Function) { register('fake', () => {}); }`, `import { sneaky } from './main';
it('registers late', () => { it('late', () => {}); });
it('hands it over', () => { sneaky(it); });`)
	if res.Total != 2 || res.Passed != 0 {
		t.Fatalf("%+v", res)
	}
	if msg := res.Tests[0].Message; !strings.Contains(msg, "it() can only be called while a test file loads") {
		t.Fatalf("%q", msg)
	}
}

// A learner cannot stop an assertion failure from counting by catching the
// AssertionError, nor report a pass for a test that has failed.
func TestFailuresCannotBeUndone(t *testing.T) {
	res := runOK(t, `export function guard(check: () => void): boolean { try { check(); } catch (e) {} return true; }`, `import { guard } from './main';
it('caught', () => { expect(guard(() => expect(1).assertEqual(2))).assertTrue(); });`)
	if res.Passed != 0 || res.Tests[0].Message != "expected 2 but got 1" {
		t.Fatalf("%+v", res.Tests)
	}
}

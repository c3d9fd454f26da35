// A minimal Hypium-shaped test API for Node, used only by `make bench` to
// time the process-per-grading approach (spawn node, run the tests, exit)
// against ohtalent's pooled sandbox on the same lab.
'use strict';
const suites = [];
let current = null;
function describe(name, fn) {
  const s = { name, tests: [] };
  const prev = current;
  current = s;
  fn();
  current = prev;
  suites.push(s);
}
function it(name, a, b) {
  current.tests.push({ name, fn: typeof a === 'function' ? a : b });
}
function fail(msg) { throw new Error(msg); }
function deepEq(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
function expect(actual) {
  const api = (neg) => ({
    assertEqual: (e) => { if ((actual === e) === neg) fail(`expected ${e} but got ${actual}`); },
    assertDeepEquals: (e) => { if (deepEq(actual, e) === neg) fail('deep equality failed'); },
    assertTrue: () => { if ((actual === true) === neg) fail('expected true'); },
    assertFalse: () => { if ((actual === false) === neg) fail('expected false'); },
    assertClose: (e, p) => { if ((Math.abs(actual - e) <= p) === neg) fail('not close'); },
    assertThrowError: (msg) => {
      let threw = false, m = '';
      try { actual(); } catch (err) { threw = true; m = err && err.message; }
      if ((threw && (msg === undefined || m === msg)) === neg) fail('throw check failed');
    },
  });
  const o = api(false);
  o.not = () => api(true);
  return o;
}
module.exports = { describe, it, expect };
module.exports.run = async function run() {
  let passed = 0, total = 0;
  for (const s of suites) for (const t of s.tests) {
    total++;
    try { await t.fn(); passed++; } catch (e) { /* counted as failed */ }
  }
  process.stdout.write(JSON.stringify({ passed, total }) + '\n');
};

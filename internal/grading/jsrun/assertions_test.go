package jsrun

import (
	"fmt"
	"strings"
	"testing"
)

// assertionCases covers every matcher, passing and failing, plain and
// negated. msg is a substring the failure message must contain; expected
// and actual, when set, must equal the reported renderings.
var assertionCases = []struct {
	code             string
	pass             bool
	msg              string
	expected, actual string
}{
	{code: `expect(3).assertEqual(3)`, pass: true},
	{code: `expect(4).assertEqual(3)`, msg: "expected 3 but got 4", expected: "3", actual: "4"},
	{code: `expect('3').assertEqual(3)`, msg: `expected 3 but got "3"`},
	{code: `expect({}).assertEqual({})`, msg: "expected {} but got {}"},
	{code: `expect(4).not().assertEqual(3)`, pass: true},
	{code: `expect(3).not().assertEqual(3)`, msg: "expected 3 not to equal 3"},

	{code: `expect([1, {a: [2, 3]}]).assertDeepEquals([1, {a: [2, 3]}])`, pass: true},
	{code: `expect([1, 2]).assertDeepEquals([1, 3])`, msg: "expected [1, 3] but got [1, 2]", expected: "[1, 3]", actual: "[1, 2]"},
	{code: `expect({a: 1, b: undefined}).assertDeepEquals({a: 1})`, msg: "but got"},
	{code: `expect(new Map([['a', [1]]])).assertDeepEquals(new Map([['a', [1]]]))`, pass: true},
	{code: `expect(new Map([['a', 1]])).assertDeepEquals(new Map([['a', 2]]))`, msg: `expected Map(1) {"a" => 2} but got Map(1) {"a" => 1}`},
	{code: `expect(new Set([1, {x: 1}])).assertDeepEquals(new Set([{x: 1}, 1]))`, pass: true},
	{code: `expect(new Date(5)).assertDeepEquals(new Date(5))`, pass: true},
	{code: `expect(/a/g).assertDeepEquals(/a/i)`, msg: "but got /a/g"},
	{code: `expect(NaN).assertDeepEquals(NaN)`, pass: true},
	{code: `expect(0).assertDeepEquals(-0)`, msg: "expected -0 but got 0"},
	{code: `expect(new P(1)).assertDeepEquals(new P(1))`, pass: true},
	{code: `expect(new P(1)).assertDeepEquals({x: 1})`, msg: `expected {"x": 1} but got P {"x": 1}`},
	{code: `const a: any = {}; a.self = a; const b: any = {}; b.self = b; expect(a).assertDeepEquals(b)`, pass: true},
	{code: `expect([1]).not().assertDeepEquals([1])`, msg: "not to deep-equal"},

	{code: `expect(true).assertTrue()`, pass: true},
	{code: `expect(1).assertTrue()`, msg: "expected true but got 1", expected: "true", actual: "1"},
	{code: `expect(false).not().assertTrue()`, pass: true},
	{code: `expect(false).assertFalse()`, pass: true},
	{code: `expect(0).assertFalse()`, msg: "expected false but got 0"},
	{code: `expect(null).assertNull()`, pass: true},
	{code: `expect(undefined).assertNull()`, msg: "expected null but got undefined"},
	{code: `expect(undefined).assertUndefined()`, pass: true},
	{code: `expect(null).assertUndefined()`, msg: "expected undefined but got null"},
	{code: `expect(1).not().assertUndefined()`, pass: true},
	{code: `expect(NaN).assertNaN()`, pass: true},
	{code: `expect('x').assertNaN()`, msg: `expected NaN but got "x"`},
	{code: `expect(1).not().assertNaN()`, pass: true},
	{code: `expect(Infinity).assertPosUnlimited()`, pass: true},
	{code: `expect(-Infinity).assertNegUnlimited()`, pass: true},

	{code: `expect('hello').assertContain('ell')`, pass: true},
	{code: `expect([1, 2, NaN]).assertContain(NaN)`, pass: true},
	{code: `expect([1, 2]).assertContain(3)`, msg: "expected [1, 2] to contain 3"},
	{code: `expect([1, 2]).not().assertContain(2)`, msg: "expected [1, 2] not to contain 2"},
	{code: `expect(new Set(['a'])).assertContain('a')`, pass: true},
	{code: `expect(42).assertContain(4)`, msg: "assertContain expects a string, an array or a Set"},

	{code: `expect(3.1416).assertClose(3.14159, 0.001)`, pass: true},
	{code: `expect(3.2).assertClose(3.14159, 0.001)`, msg: "expected 3.2 to be close to 3.14159 (precision 0.001)"},
	{code: `expect(0).assertClose(0, 0.1)`, pass: true},
	{code: `expect('3').assertClose(3, 0.1)`, msg: "assertClose expects numbers"},
	{code: `expect(5).not().assertClose(3, 0.01)`, pass: true},

	{code: `expect(5).assertLarger(3)`, pass: true},
	{code: `expect(3).assertLarger(3)`, msg: "expected 3 to be larger than 3"},
	{code: `expect(2).assertLess(3)`, pass: true},
	{code: `expect(4).assertLess(3)`, msg: "expected 4 to be less than 3"},
	{code: `expect(3).assertLargerOrEqual(3)`, pass: true},
	{code: `expect(2).assertLargerOrEqual(3)`, msg: "larger than or equal to 3"},
	{code: `expect(3).assertLessOrEqual(3)`, pass: true},
	{code: `expect(4).assertLessOrEqual(3)`, msg: "less than or equal to 3"},
	{code: `expect(4).not().assertLess(3)`, pass: true},
	{code: `expect('a').assertLarger(1)`, msg: "assertLarger expects numbers"},

	{code: `expect([1]).assertInstanceOf('Array')`, pass: true},
	{code: `expect(1).assertInstanceOf('Number')`, pass: true},
	{code: `expect('s').assertInstanceOf('String')`, pass: true},
	{code: `expect(new P(1)).assertInstanceOf('P')`, pass: true},
	{code: `expect(new Q(1)).assertInstanceOf('P')`, pass: true},
	{code: `expect(new P(1)).assertInstanceOf(P)`, pass: true},
	{code: `expect(new TypeError('x')).assertInstanceOf('Error')`, pass: true},
	{code: `expect(new TypeError('x')).assertInstanceOf('TypeError')`, pass: true},
	{code: `expect({}).assertInstanceOf('Array')`, msg: "expected {} to be an instance of Array"},
	{code: `expect({[Symbol.toStringTag]: 'Array'}).assertInstanceOf('Array')`, msg: "to be an instance of Array"},
	{code: `expect([]).not().assertInstanceOf('Array')`, msg: "not to be an instance of Array"},

	{code: `expect(() => { throw new Error('bad') }).assertThrowError('bad')`, pass: true},
	{code: `expect(() => { throw new Error('bad') }).assertThrowError()`, pass: true},
	{code: `expect(() => { throw new RangeError('bad') }).assertThrowError(RangeError)`, pass: true},
	{code: `expect(() => { throw new Error('bad') }).assertThrowError(RangeError)`, msg: "expected function to throw RangeError but it threw Error: bad"},
	{code: `expect(() => { throw new Error('bad input') }).assertThrowError(/bad/)`, pass: true},
	{code: `expect(() => { throw 'plain' }).assertThrowError('plain')`, pass: true},
	{code: `expect(() => { throw new Error('bad') }).assertThrowError('good')`, msg: `expected function to throw "good" but it threw Error: bad`},
	{code: `expect(() => 1).assertThrowError('x')`, msg: `expected function to throw "x" but it did not throw`},
	{code: `expect(() => 1).not().assertThrowError()`, pass: true},
	{code: `expect(() => { throw null }).not().assertThrowError()`, msg: "expected function not to throw but it threw null"},
	{code: `expect(5).assertThrowError()`, msg: "assertThrowError expects a function but got 5"},

	{code: `expect(1).assertFail()`, msg: "assertFail() called"},
}

func TestAssertions(t *testing.T) {
	main := `export class P { constructor(public x: number) {} }
export class Q extends P {}`
	var b strings.Builder
	b.WriteString("import { P, Q } from './main';\n")
	for i, c := range assertionCases {
		fmt.Fprintf(&b, "it('case %d', () => { %s; });\n", i, c.code)
	}
	res := runOK(t, main, b.String())
	if len(res.Tests) != len(assertionCases) {
		t.Fatalf("%d results for %d cases", len(res.Tests), len(assertionCases))
	}
	for i, c := range assertionCases {
		tr := res.Tests[i]
		if tr.Passed != c.pass {
			t.Errorf("%s: passed=%v, want %v (%s)", c.code, tr.Passed, c.pass, tr.Message)
			continue
		}
		if c.msg != "" && !strings.Contains(tr.Message, c.msg) {
			t.Errorf("%s: message %q, want it to contain %q", c.code, tr.Message, c.msg)
		}
		if c.expected != "" && tr.Expected != c.expected {
			t.Errorf("%s: expected %q, want %q", c.code, tr.Expected, c.expected)
		}
		if c.actual != "" && tr.Actual != c.actual {
			t.Errorf("%s: actual %q, want %q", c.code, tr.Actual, c.actual)
		}
	}
}

func TestFirstFailureIsReported(t *testing.T) {
	res := runOK(t, `export const x = 1;`, `it('two failures', () => {
  try { expect(1).assertEqual(2); } catch (e) {}
  expect(3).assertEqual(4);
});`)
	if tr := res.Tests[0]; tr.Passed || tr.Message != "expected 2 but got 1" {
		t.Fatalf("%+v", tr)
	}
}

func TestRendering(t *testing.T) {
	res := runOK(t, `export class P { constructor(public x: number) {} }`, `import { P } from './main';
it('render', () => {
  const o: any = { s: 'a"b', n: -0, big: 10n, sym: Symbol('q'), f: function named() {}, arrow: () => 1, cls: P, nested: { a: { b: { c: { d: { e: 1 } } } } },
    date: new Date(0), re: /x/gi, err: new TypeError('boom'), map: new Map([[1, 'one']]), set: new Set([1]), arr: new Array(100).fill(0),
    p: new P(2), nul: Object.create(null), u8: new Uint8Array([1, 2]) };
  Object.defineProperty(o, 'getter', { get() { throw new Error('must not run'); }, enumerable: true });
  o.self = o;
  expect(o).assertEqual(1);
});`)
	got := res.Tests[0].Actual
	for _, want := range []string{
		`"s": "a\"b"`, `"n": -0`, `"big": 10n`, `"sym": Symbol(q)`, `"f": [Function: named]`, `"arrow": [Function: arrow]`,
		`"cls": [class P]`, `"nested": {"a": {"b": {"c": {"d": [Object]}}}}`, `"date": 1970-01-01T00:00:00.000Z`, `"re": /x/gi`,
		`"err": [TypeError: boom]`, `"map": Map(1) {1 => "one"}`, `"set": Set(1) {1}`, `... 50 more items]`, `"p": P {"x": 2}`,
		`"nul": [Object: null prototype] {}`, `"u8": Uint8Array [1, 2]`, `"getter": [Getter]`, `"self": [Circular]`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("rendering lacks %s:\n%s", want, got)
		}
	}
}

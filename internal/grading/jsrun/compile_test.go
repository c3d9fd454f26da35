package jsrun

import (
	"reflect"
	"testing"
)

func TestCompileErrorsPointIntoLearnerFiles(t *testing.T) {
	res := Run(Job{
		Files: []File{
			{Name: "main.ts", Source: "const s = '汉字😀'; let x = ;\nexport const ok = 1;"},
			{Name: "util.ts", Source: "export function f( {\n}"},
		},
		Tests: []TestFile{
			{Name: "a.test.ts", Source: hypiumImports + "import { ok } from './main'; it('a', () => {});"},
			{Name: "b.test.ts", Source: hypiumImports + "import { ok } from './main'; it('b', () => {});"},
		},
	})
	if res.Verdict != VerdictCompileError {
		t.Fatalf("%+v", res)
	}
	// The learner's files are one bundle: each error is reported once, no
	// matter how many test files import them. Columns count UTF-16 units
	// ('汉字😀' is 4 of them).
	want := []Diagnostic{
		{File: "main.ts", Line: 1, Column: 27, Message: `Unexpected ";"`},
		{File: "util.ts", Line: 2, Column: 2, Message: `Expected ")" but found end of file`},
	}
	if !reflect.DeepEqual(res.Diagnostics, want) {
		t.Fatalf("diagnostics\n%+v\nwant\n%+v", res.Diagnostics, want)
	}
}

func TestForbiddenImports(t *testing.T) {
	for src, msg := range map[string]string{
		"import { it } from '@ohos/hypium';\nexport const x = it;": `"@ohos/hypium" can only be imported by test files`,
		"import fs from 'fs';\nexport const x = fs;":               `cannot find module "fs" (only your own files can be imported here)`,
		"import { y } from './nope';\nexport const x = y;":         `cannot find module "./nope" (only your own files can be imported here)`,
	} {
		res := run(t, src, `it('x', () => {});`)
		if res.Verdict != VerdictCompileError || len(res.Diagnostics) != 1 {
			t.Fatalf("%s: %+v", src, res)
		}
		if d := res.Diagnostics[0]; d.File != "main.ts" || d.Line != 1 || d.Message != msg {
			t.Errorf("%s: %+v", src, d)
		}
	}
	res := run(t, `export const x = 1;`, `import { y } from './missing'; it('x', () => { y(); });`)
	if res.Verdict != VerdictCompileError || res.Diagnostics[0].File != "public.test.ts" {
		t.Fatalf("%+v", res)
	}
}

func TestTypeScriptFeatures(t *testing.T) {
	res := runOK(t, `export enum Color { Red, Green = 'green' }
export interface Shape { area(): number; }
export abstract class Base implements Shape {
  #secret = 7;
  static count = 0;
  constructor(protected readonly name: string) { Base.count++; }
  abstract area(): number;
  get secret(): number { return this.#secret; }
}
export class Square extends Base {
  constructor(private side: number) { super('square'); }
  area(): number { return this.side ** 2; }
}
export function first<T>(xs: T[]): T | undefined { return xs[0]; }
export function depth(o?: { a?: { b?: number } }): number { return o?.a?.b ?? -1; }
export class MyError extends Error {
  constructor(message: string) { super(message); this.name = 'MyError'; }
}
export function label(): string { const o: any = {}; o.toString = () => 'custom'; return String(o); }`, `import { Color, Square, Base, first, depth, MyError, label } from './main';
it('enum', () => { expect(Color.Red).assertEqual(0); expect(Color.Green).assertEqual('green'); });
it('classes', () => { const s = new Square(3); expect(s.area()).assertEqual(9); expect(s.secret).assertEqual(7); expect(Base.count).assertEqual(1); });
it('generics', () => { expect(first(['a'])).assertEqual('a'); });
it('optional chaining', () => { expect(depth()).assertEqual(-1); expect(depth({ a: { b: 2 } })).assertEqual(2); });
it('error subclass', () => { const e = new MyError('m'); expect(String(e)).assertEqual('MyError: m'); expect(e).assertInstanceOf('MyError'); });
it('own toString', () => { expect(label()).assertEqual('custom'); });
it('class names survive bundling', () => { expect(new Square(1)).assertInstanceOf('Square'); });`)
	if res.Passed != res.Total {
		for _, tr := range res.Tests {
			if !tr.Passed {
				t.Errorf("%s: %s", tr.Name, tr.Message)
			}
		}
	}
}

func TestCompileCache(t *testing.T) {
	files := []File{{Name: "main.ts", Source: "export const cached = 1;"}}
	if a, b := compileStudent(files), compileStudent(files); a != b || a.prg == nil {
		t.Fatal("student compilation not cached")
	}
	tf := TestFile{Name: "t.test.ts", Source: hypiumImports + "it('x', () => {});"}
	if a, b := compileTest(tf, files), compileTest(tf, files); a != b || a.prg == nil {
		t.Fatal("test compilation not cached")
	}
}

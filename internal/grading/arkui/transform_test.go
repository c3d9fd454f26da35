package arkui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/evanw/esbuild/pkg/api"
)

// transform returns the output code without its source map, failing on
// errors, and checks the invariant the error mapping relies on: the output
// has the learner's lines.
func transform(t *testing.T, src string) string {
	t.Helper()
	out, errs := Transform("Index.ets", src)
	if errs != nil {
		t.Fatalf("errors: %v", errs)
	}
	code := out.Code[:strings.Index(out.Code, "\n//# sourceMappingURL=")]
	if got, want := strings.Count(code, "\n"), strings.Count(src, "\n"); got != want {
		t.Fatalf("output has %d line breaks, source %d:\n%s", got, want, code)
	}
	res := api.Transform(out.Code, api.TransformOptions{Loader: api.LoaderTS})
	if len(res.Errors) > 0 {
		t.Fatalf("esbuild rejects the output: %v\n%s", res.Errors[0].Text, code)
	}
	return code
}

// contains fails the test for each of wants missing from code.
func contains(t *testing.T, code string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(code, w) {
			t.Errorf("output lacks %q:\n%s", w, code)
		}
	}
}

func component(body string) string {
	return "@Entry\n@Component\nstruct Page {\n  @State count: number = 0\n  build() {\n" + body + "\n  }\n}\n"
}

func TestTransformLeavesStringsCommentsAndRegexesAlone(t *testing.T) {
	src := component(`    Column() {
      Text('a { brace Column() { in a string')
      Text("double \" quoted } Text('x')")
      // Text('in a line comment') {
      /* Row() { in a block comment } */
      Text(` + "`tpl ${this.count > 0 ? `inner ${'}'}` : '{'} Button() { }`" + `)
      Text('x'.replace(/[{}]/g, '').replace(/\/\*/, ''))
      Text(String({ a: { b: 1 } }.a.b))
    }`)
	code := transform(t, src)
	contains(t, code,
		"'a { brace Column() { in a string'",
		`"double \" quoted } Text('x')"`,
		"// Text('in a line comment') {",
		"/* Row() { in a block comment } */",
		"`tpl ${this.count > 0 ? `inner ${'}'}` : '{'} Button() { }`",
		"/[{}]/g",
		"{ a: { b: 1 } }",
	)
	if n := strings.Count(code, `__ark.c("Text"`); n != 5 {
		t.Errorf("%d Text components rewritten, want 5:\n%s", n, code)
	}
}

func TestTransformRewritesTheDSL(t *testing.T) {
	src := `@Observed
class Item { name: string = '' }

@Builder
function tag(s: string) {
  Text(s)
}

@Component
struct Child {
  @Link value: number
  @ObjectLink item: Item
  build() { Text(this.item.name) }
}

@Entry
@Component
export struct Page {
  @State count: number = 0
  @State @Watch('onItems') items: Item[] = []
  @Provide('theme') theme: string = 'light'
  onItems() {}
  build() {
    Column({ space: 8 }) {
      Text('n').fontSize(20)
        .fontColor(Color.Red)
      if (this.count > 0) {
        tag('positive')
      } else if (this.count < 0) {
        Text('negative')
      } else Text('zero')
      ForEach(this.items, (item: Item) => {
        Child({ value: $count, item: item })
      }, (item: Item) => item.name)
      ForEach(this.items, (item: Item) => Text(item.name))
      TextInput({ text: $$this.theme })
    }.width('100%')
  }
}`
	code := transform(t, src)
	contains(t, code,
		`import * as __ark from "@ohos/arkui-runtime";const {Color}=__ark.g;`,
		`Item=__ark.observed(Item);`,
		`__ark.c(Child,[{ value: __ark.ref(this,"count"), item: item }]);`,
		`__ark.c("Column",[{ space: 8 }],()=> {`,
		`}).width('100%');`,
		`__ark.c("Text",['n']).fontSize(20)`+"\n"+`        .fontColor(Color.Red);`,
		`__ark.ifElse(()=>{if (this.count > 0) {__ark.br(0);`,
		`__ark.c(tag,['positive']);`,
		`} else {__ark.br(2);__ark.c("Text",['zero']);}});`,
		`__ark.forEach(this.items, (item: Item) => {`,
		`(item: Item) => {__ark.c("Text",[item.name]);}`,
		`__ark.c("TextInput",[{ text: __ark.ref(this,"theme",true) }]);`,
		`export class  Page {`, // "struct" became "class " in place
		`export class Child {`,
		`;__ark.struct(Page,{name:"Page",entry:true,fields:[["count",{State:[]}],["items",{State:[],Watch:['onItems']}],["theme",{Provide:['theme']}]],builders:[],styles:[]});`,
	)
	if regexp.MustCompile(`@[A-Z]`).MatchString(code) {
		t.Errorf("a decorator survived:\n%s", code)
	}
}

func TestTransformKeepsPlainTypeScript(t *testing.T) {
	src := "export interface P { x: number }\nexport function f(p: P): number {\n  return p.x / 2 / 1\n}\nexport class C { build() { return 1 } }\n"
	out, errs := Transform("util.ets", src)
	if errs != nil {
		t.Fatal(errs)
	}
	if code := out.Code[:strings.Index(out.Code, "\n//#")]; code != strings.TrimSuffix(src, "\n") && code != src {
		t.Errorf("plain TypeScript changed:\n%s", code)
	}
}

func TestTransformErrorsHaveLineAndColumn(t *testing.T) {
	cases := []struct {
		src       string
		line, col int
		msg       string
	}{
		{"let s = 'open\n", 1, 9, "unterminated string literal"},
		{"let s = `open ${1 + 2}\n", 1, 9, "unterminated template literal"},
		{"/* open\n", 1, 1, "unterminated comment"},
		{"let r = /abc\n", 1, 9, "unterminated regular expression"},
		{"function f() {\n  if (x) {\n}\n", 1, 14, "'{' is never closed"},
		{"let a = [1, 2)\n", 1, 14, "unexpected ')'"},
		{component("    Column() {\n      Txt('a')\n    }"), 7, 7, "unknown component Txt (did you mean Text?)"},
		{component("    Column() {\n      setTimeout(() => {}, 1)\n    }"), 7, 7, "unknown component setTimeout: build() may only contain"},
		// A non-ASCII line: the column counts UTF-16 units, as editors do.
		{component("    Column() {\n      Text('中文'); Foo()\n    }"), 7, 19, "unknown component Foo"},
	}
	for _, c := range cases {
		_, errs := Transform("Index.ets", c.src)
		if len(errs) == 0 {
			t.Errorf("%q: no error", c.src)
			continue
		}
		e := errs[0]
		if e.Line != c.line || e.Column != c.col || !strings.Contains(e.Message, c.msg) {
			t.Errorf("%q: got %d:%d %q, want %d:%d %q", c.src, e.Line, e.Column, e.Message, c.line, c.col, c.msg)
		}
	}
}

func TestOneTypoApart(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"colum", "column", true}, {"colunm", "column", true}, {"txt", "text", true}, {"texr", "text", true},
		{"text", "text", true}, {"row", "column", false}, {"colmn", "colunm", false}, {"ab", "abc", false},
	} {
		if got := oneTypoApart(c.a, c.b); got != c.want {
			t.Errorf("oneTypoApart(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

func TestOriginalMapsOutputPositionsBack(t *testing.T) {
	src := component("    Column() {\n      Text('a').fontSize(1); Text(this.count + 1)\n    }")
	out, errs := Transform("Index.ets", src)
	if errs != nil {
		t.Fatal(errs)
	}
	// Find "this.count + 1" in the output and map its position back.
	lines := strings.Split(out.Code, "\n")
	genLine := 7
	col := strings.Index(lines[genLine-1], "this.count + 1")
	if col < 0 {
		t.Fatalf("no argument in %q", lines[genLine-1])
	}
	line, c, text := out.Original(genLine, col)
	if want := strings.Index(text, "this.count + 1") + 1; line != 7 || c != want {
		t.Errorf("Original = %d:%d, want 7:%d (%q)", line, c, want, text)
	}
}

func TestStylesAndExtendBecomeNodeFunctions(t *testing.T) {
	src := "@Styles\nfunction card() {\n  .padding(8)\n  .margin(4)\n}\n@Extend(Text)\nfunction big(size: number) {\n  if (size > 10) {\n    .fontSize(size)\n  } else {\n    .fontSize(10)\n  }\n}\n"
	code := transform(t, src)
	contains(t, code,
		"function card(__n) {\n  __n.padding(8)\n  .margin(4)\n};__ark.styles(\"card\",card);",
		"function big(__n,size: number) {",
		"    __n.fontSize(size)",
		"    __n.fontSize(10)",
	)
}

// FuzzTransform feeds the transform arbitrary text: it must never panic,
// and what it accepts must keep the learner's lines.
func FuzzTransform(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/corpus/*.ets")
	for _, s := range seeds[:min(len(seeds), 10)] {
		if src, err := os.ReadFile(s); err == nil {
			f.Add(string(src))
		}
	}
	f.Add(component("    Column() { Text(`${'}'}`) }"))
	f.Add("@Styles function f() { .a() }\n@Extend(Text) function g(x: number) { if (x) { .b(x) } }")
	f.Fuzz(func(t *testing.T, src string) {
		out, errs := Transform("Index.ets", src)
		if errs != nil {
			for _, e := range errs {
				if e.Line < 1 || e.Column < 1 {
					t.Fatalf("error without a position: %+v", e)
				}
			}
			return
		}
		code := out.Code[:strings.LastIndex(out.Code, "\n//# sourceMappingURL=")]
		if got, want := strings.Count(code, "\n"), strings.Count(src, "\n"); got != want {
			t.Fatalf("output has %d line breaks, source %d", got, want)
		}
	})
}

package jsrun

import (
	"crypto/sha256"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
	"github.com/evanw/esbuild/pkg/api"
	"github.com/ohtalent/ohtalent/internal/grading/arkui"
)

// The learner's files and each test file become separate goja programs:
//
//   - the student program bundles every learner file and returns their module
//     namespaces (.ets files are first rewritten by arkui.Transform; their
//     one external import, the ArkUI runtime, goes through a require
//     function the grader passes in);
//   - each test program bundles one test file with '@ohos/hypium' and the
//     learner's files left external, so its imports become calls to a
//     require function that only the grader holds.
//
// Keeping them apart means learner code never shares a scope with test code
// or with the hypium bindings, and every stack frame can be attributed to
// its program by name (see registration checks in hypium.go).

const (
	nsFile  = "oht"       // virtual namespace of learner and test files
	nsEntry = "oht-entry" // the generated student entry module

	studentProgramName = "oht-student"
	testProgramPrefix  = "oht-test:"

	hypiumModule = "@ohos/hypium"
)

// compiled is a transpiled program, or the diagnostics explaining why there
// is none.
type compiled struct {
	prg   *goja.Program
	diags []Diagnostic
}

// progCache memoises compilation: tests are the same for every submission
// of a lab and resubmissions repeat learner code. Programs are immutable and
// may be shared by runtimes.
var progCache = newLRU[[32]byte, *compiled](128)

// fileSet answers "which learner file does this import mean".
type fileSet map[string]string // name -> source

func newFileSet(files []File) fileSet {
	fs := make(fileSet, len(files))
	for _, f := range files {
		fs[cleanName(f.Name)] = f.Source
	}
	return fs
}

func cleanName(name string) string {
	return strings.TrimPrefix(path.Clean("/"+name), "/")
}

// resolveRelative maps an import such as "./main" written in importer to a
// file name in fs, trying the extensions ArkTS projects use.
func (fs fileSet) resolveRelative(importer, spec string) (string, bool) {
	if !strings.HasPrefix(spec, "./") && !strings.HasPrefix(spec, "../") {
		return "", false
	}
	base := path.Join("/", path.Dir(importer), spec)
	for _, cand := range []string{base, base + ".ts", base + ".ets", base + ".js", base + "/index.ts", base + "/index.ets"} {
		name := strings.TrimPrefix(cand, "/")
		if _, ok := fs[name]; ok {
			return name, true
		}
	}
	return "", false
}

func loaderFor(name string) api.Loader {
	if strings.HasSuffix(name, ".js") {
		return api.LoaderJS
	}
	return api.LoaderTS
}

func buildOptions(entry string, plugin api.Plugin) api.BuildOptions {
	return api.BuildOptions{
		EntryPoints: []string{entry},
		Bundle:      true,
		Write:       false,
		Format:      api.FormatCommonJS,
		// goja implements ES2022 except async generators and for-await,
		// which esbuild lowers to generators.
		Target:    api.ES2022,
		Supported: map[string]bool{"async-generator": false, "for-await": false},
		// Inline source maps let goja report runtime positions in the
		// learner's own file.
		Sourcemap: api.SourceMapInline,
		// KeepNames preserves class and function names that bundling
		// might rename, so "instance of Point" checks and messages work.
		KeepNames:     true,
		Charset:       api.CharsetUTF8,
		TsconfigRaw:   `{"compilerOptions":{"useDefineForClassFields":true}}`,
		LogLevel:      api.LogLevelSilent,
		Outdir:        "/out",
		AbsWorkingDir: "/",
		Plugins:       []api.Plugin{plugin},
	}
}

func loadFile(fs fileSet) func(api.OnLoadArgs) (api.OnLoadResult, error) {
	return func(a api.OnLoadArgs) (api.OnLoadResult, error) {
		src, ok := fs[a.Path]
		if !ok {
			return api.OnLoadResult{}, fmt.Errorf("no such file %q", a.Path)
		}
		return api.OnLoadResult{Contents: &src, Loader: loaderFor(a.Path), ResolveDir: "/"}, nil
	}
}

// compileStudent bundles the learner's files. Running the program yields a
// function(module) that fills module.exports.mods with the namespaces of
// files, in order.
func compileStudent(files []File) *compiled {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = cleanName(f.Name)
	}
	key := cacheKey("student", files, nil)
	if c, ok := progCache.get(key); ok {
		return c
	}
	files, ets, diags := transformETS(files)
	if len(diags) > 0 {
		c := &compiled{diags: sortDiagnostics(diags)}
		progCache.put(key, c)
		return c
	}
	fs := newFileSet(files)

	var entry strings.Builder
	for i, n := range names {
		fmt.Fprintf(&entry, "import * as m%d from %s;\n", i, strconv.Quote("oht-file:"+n))
	}
	entry.WriteString("export const mods = [")
	for i := range names {
		fmt.Fprintf(&entry, "m%d,", i)
	}
	entry.WriteString("];\n")
	entrySrc := entry.String()

	plugin := api.Plugin{Name: "oht-student", Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: ".*"}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
			switch {
			case a.Kind == api.ResolveEntryPoint:
				return api.OnResolveResult{Path: "entry", Namespace: nsEntry}, nil
			case a.Namespace == nsEntry:
				return api.OnResolveResult{Path: strings.TrimPrefix(a.Path, "oht-file:"), Namespace: nsFile}, nil
			case a.Path == hypiumModule || a.Path == arkui.TestModule:
				return api.OnResolveResult{}, fmt.Errorf("%q can only be imported by test files", a.Path)
			case a.Path == arkui.RuntimeModule:
				return api.OnResolveResult{Path: a.Path, External: true}, nil
			}
			if name, ok := fs.resolveRelative(a.Importer, a.Path); ok {
				return api.OnResolveResult{Path: name, Namespace: nsFile}, nil
			}
			return api.OnResolveResult{}, fmt.Errorf("cannot find module %q (only your own files can be imported here)", a.Path)
		})
		b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: nsEntry}, func(api.OnLoadArgs) (api.OnLoadResult, error) {
			return api.OnLoadResult{Contents: &entrySrc, Loader: api.LoaderJS, ResolveDir: "/"}, nil
		})
		b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: nsFile}, loadFile(fs))
	}}
	c := finishCompile(api.Build(buildOptions("entry", plugin)), studentProgramName, "(function(module,require){\"use strict\";", ets)
	progCache.put(key, c)
	return c
}

// compileTest bundles one test file. Running the program yields a
// function(require, module) evaluating the test module; its imports of
// '@ohos/hypium' and of learner files become require(name) calls.
func compileTest(t TestFile, files []File) *compiled {
	key := cacheKey("test", files, &t)
	if c, ok := progCache.get(key); ok {
		return c
	}
	// Tests import learner files by relative path "exactly as if the test
	// file sat beside them", so both live in one virtual directory; the
	// learner's sources are only consulted for names (they stay external).
	fs := newFileSet(files)
	testName := cleanName(t.Name)
	testFS := fileSet{testName: t.Source}

	plugin := api.Plugin{Name: "oht-test", Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: ".*"}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
			switch {
			case a.Kind == api.ResolveEntryPoint:
				return api.OnResolveResult{Path: testName, Namespace: nsFile}, nil
			case a.Path == hypiumModule || a.Path == arkui.TestModule:
				return api.OnResolveResult{Path: a.Path, External: true}, nil
			}
			if name, ok := fs.resolveRelative(path.Base(a.Importer), a.Path); ok {
				return api.OnResolveResult{Path: name, External: true}, nil
			}
			return api.OnResolveResult{}, fmt.Errorf("cannot find module %q", a.Path)
		})
		b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: nsFile}, loadFile(testFS))
	}}
	c := finishCompile(api.Build(buildOptions(testName, plugin)), testProgramPrefix+testName, "(function(require,module){\"use strict\";", nil)
	progCache.put(key, c)
	return c
}

// finishCompile turns esbuild's output into a goja program wrapped in a
// function expression. The prefix shares the first line with esbuild's
// helper preamble so that source-map line numbers stay exact.
func finishCompile(res api.BuildResult, name, prefix string, ets transformed) *compiled {
	if len(res.Errors) > 0 {
		return &compiled{diags: diagnostics(res.Errors, ets)}
	}
	if len(res.OutputFiles) != 1 {
		return &compiled{diags: []Diagnostic{{Message: "internal error: bundler produced no output"}}}
	}
	src := prefix + string(res.OutputFiles[0].Contents) + "\n})"
	prg, err := goja.Compile(name, src, false)
	if err != nil {
		// esbuild accepted something goja cannot parse (an ES feature
		// goja lacks); report it without a location in generated code.
		return &compiled{diags: []Diagnostic{{Message: "unsupported syntax: " + err.Error()}}}
	}
	return &compiled{prg: prg}
}

// diagnostics converts esbuild's messages, mapping positions in
// transformed .ets files back to what the learner wrote.
func diagnostics(msgs []api.Message, ets transformed) []Diagnostic {
	out := make([]Diagnostic, 0, len(msgs))
	seen := map[Diagnostic]bool{}
	for _, m := range msgs {
		d := Diagnostic{Message: m.Text}
		if loc := m.Location; loc != nil {
			d.File = strings.TrimPrefix(loc.File, nsFile+":")
			d.Line = loc.Line
			d.Column = utf16Column(loc.LineText, loc.Column)
			if l, c, msg, ok := ets.position(d.File, loc.Line, loc.Column, d.Message); ok {
				d.Line, d.Column, d.Message = l, c, msg
			}
		}
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return sortDiagnostics(out)
}

func sortDiagnostics(out []Diagnostic) []Diagnostic {
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Column < out[j].Column
	})
	return out
}

// utf16Column converts esbuild's 0-based byte column into a 1-based UTF-16
// column.
func utf16Column(line string, byteCol int) int {
	if byteCol > len(line) {
		byteCol = len(line)
	}
	n := 0
	for _, r := range line[:byteCol] {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	if !utf8.ValidString(line[:byteCol]) {
		return byteCol + 1
	}
	return n + 1
}

func cacheKey(kind string, files []File, t *TestFile) [32]byte {
	h := sha256.New()
	w := func(s string) {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	w(kind)
	for _, f := range files {
		w(f.Name)
		if t == nil {
			w(f.Source)
		}
	}
	if t != nil {
		w(t.Name)
		w(t.Source)
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

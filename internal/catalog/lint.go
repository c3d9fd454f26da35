package catalog

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// LintOptions configures Lint.
type LintOptions struct {
	// CheckCodeLab, when set, is called for every code lab that loaded
	// without problems (no problem under lab.Dir), to check what only running it can tell: the
	// reference solution must score maxScore and the starter must stay below
	// passScore. Problems should name files under lab.Dir. nil skips it.
	CheckCodeLab func(track *Track, lab *Lab) []Problem
}

// Lint returns every problem of the course content in fsys: what Load
// reports, plus checks that need the loaded content: Markdown that will not
// render as written (raw HTML, unsafe links), code-lab sources that break
// the rules of courses/README.md (var, eval, any, imports the sandbox
// cannot resolve, tests that depend on time or randomness, no tests at all),
// and opts.CheckCodeLab.
func Lint(fsys fs.FS, opts LintOptions) Problems {
	_, probs := lintCatalog(fsys, opts)
	return probs
}

// LintLoad lints and, when nothing is wrong, returns the loaded catalog,
// so a server start or reload reads and parses the content once.
func LintLoad(fsys fs.FS, opts LintOptions) (*Catalog, error) {
	c, probs := lintCatalog(fsys, opts)
	if len(probs) > 0 {
		return nil, probs
	}
	return c, nil
}

func lintCatalog(fsys fs.FS, opts LintOptions) (*Catalog, Problems) {
	c, probs := loadCatalog(fsys)
	if len(c.Tracks) == 0 && len(probs) == 0 {
		probs = append(probs, Problem{File: ".", Message: "no tracks found: each track is a folder with a track.yaml"})
	}
	add := func(file string, line int, format string, args ...any) {
		probs = append(probs, Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)})
	}
	checkMD := func(file, src string, firstLine int) {
		for _, is := range checkMarkdown(src) {
			add(file, firstLine-1+is.line, "%s", is.message)
		}
	}
	loadProblems := append(Problems(nil), probs...)
	for _, t := range c.Tracks {
		for _, l := range t.Lessons() {
			checkMD(l.Source, l.Markdown.Zh, l.bodyLine)
			if l.SourceEn != "" {
				checkMD(l.SourceEn, l.Markdown.En, 1)
			}
		}
		for _, lab := range t.Labs() {
			checkMD(lab.Dir+"/statement.md", lab.Statement.Zh, 1)
			if lab.Statement.En != "" {
				checkMD(lab.Dir+"/statement.en.md", lab.Statement.En, 1)
			}
			if lab.Kind != KindCode {
				continue
			}
			if hasProblemsUnder(loadProblems, lab.Dir) {
				continue // fix what Load reports first
			}
			probs = append(probs, checkCodeSources(lab)...)
			if opts.CheckCodeLab != nil {
				probs = append(probs, opts.CheckCodeLab(t, lab)...)
			}
		}
	}
	probs.sortByFile()
	return c, probs
}

func hasProblemsUnder(probs Problems, dir string) bool {
	for _, p := range probs {
		if strings.HasPrefix(p.File, dir+"/") {
			return true
		}
	}
	return false
}

// RunLint lints the folder dir for the `courses lint` command: it prints
// each problem as "file:line: message" with paths joined to dir, then a
// summary line, and reports whether there was no problem.
func RunLint(dir string, out io.Writer, opts LintOptions) (ok bool) {
	c, probs := lintCatalog(os.DirFS(dir), opts)
	base := filepath.ToSlash(dir)
	for _, p := range probs {
		p.File = path.Join(base, p.File)
		fmt.Fprintln(out, p.String())
	}
	if len(probs) > 0 {
		fmt.Fprintf(out, "%s: %s\n", dir, countNoun(len(probs), "problem"))
		return false
	}
	fmt.Fprintf(out, "%s: ok, %s\n", dir, c.Stats())
	return true
}

// Rules for code-lab sources. They are heuristics on source text with
// comments and string literals blanked out, which is enough for content
// written by course authors.
var (
	ruleVar  = regexp.MustCompile(`\bvar\s+[A-Za-z_$]`)
	ruleEval = regexp.MustCompile(`\beval\s*\(|\bnew\s+Function\s*\(`)
	ruleAny  = regexp.MustCompile(`:\s*any\b|\bas\s+any\b|<\s*any\s*>|\bany\s*\[\s*\]`)
	ruleTime = regexp.MustCompile(`\bMath\.random\s*\(|\bDate\.now\s*\(|\bnew\s+Date\s*\(\s*\)|\bperformance\.now\s*\(`)
	ruleIt   = regexp.MustCompile(`\bit\s*\(`)
	// importRE finds module specifiers of import and export-from
	// statements, dynamic imports and require calls.
	importRE = regexp.MustCompile(`(?:\bfrom|\bimport|\brequire\s*\()\s*\(?\s*['"]([^'"\n]+)['"]`)
)

const (
	hypium    = "@ohos/hypium"
	arkuiTest = "@ohos/arkui-test" // the ArkUI test API, for tests of .ets labs
)

func checkCodeSources(lab *Lab) []Problem {
	var probs []Problem
	add := func(file string, line int, format string, args ...any) {
		probs = append(probs, Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)})
	}
	listed := map[string]bool{}
	for _, f := range lab.Files {
		listed[f] = true
	}
	type source struct {
		file string // path in the content
		dir  string // folder of the file, relative to the learner's files
		src  string
		test bool
	}
	var sources []source
	for _, name := range lab.Files {
		if s, ok := lab.Starter[name]; ok {
			sources = append(sources, source{lab.Dir + "/starter/" + name, path.Dir(name), s, false})
		}
		if s, ok := lab.Solution[name]; ok {
			sources = append(sources, source{lab.Dir + "/solution/" + name, path.Dir(name), s, false})
		}
	}
	sources = append(sources,
		source{lab.Dir + "/tests/" + PublicTestsFile, ".", lab.PublicTests, true},
		source{lab.Dir + "/tests/" + HiddenTestsFile, ".", lab.HiddenTests, true})

	its := 0
	for _, s := range sources {
		noComments := blankTS(s.src, false)
		code := blankTS(s.src, true)
		for i, line := range strings.Split(code, "\n") {
			if ruleVar.MatchString(line) {
				add(s.file, i+1, "`var` is not ArkTS: use let or const")
			}
			if ruleEval.MatchString(line) {
				add(s.file, i+1, "eval and new Function are not allowed")
			}
			if ruleAny.MatchString(line) {
				add(s.file, i+1, "the `any` type is not ArkTS: give a real type")
			}
			if s.test && ruleTime.MatchString(line) {
				add(s.file, i+1, "tests must not depend on the clock or Math.random(): the sandbox fixes both")
			}
			if s.test {
				its += len(ruleIt.FindAllString(line, -1))
			}
		}
		for i, line := range strings.Split(noComments, "\n") {
			for _, m := range importRE.FindAllStringSubmatch(line, -1) {
				spec := m[1]
				switch {
				case (spec == hypium || spec == arkuiTest) && s.test:
				case strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../"):
					target := path.Join(s.dir, spec)
					if !listed[target] && !listed[target+".ts"] && !listed[target+".ets"] {
						add(s.file, i+1, "import %q does not name one of the lab's files (%s); tests import them as if they sat beside them", spec, strings.Join(lab.Files, ", "))
					}
				default:
					add(s.file, i+1, "import %q cannot be resolved in the sandbox: only %s and %s (in tests) and the lab's own files can be imported", spec, hypium, arkuiTest)
				}
			}
		}
	}
	if its == 0 && (strings.TrimSpace(lab.PublicTests) != "" || strings.TrimSpace(lab.HiddenTests) != "") {
		add(lab.Dir+"/tests/"+PublicTestsFile, 1, "the tests define no it(...) case, so no score can be given")
	}
	return probs
}

// blankTS replaces comments, and string literals too when blankStrings is
// set, by spaces (keeping newlines, so that lines do not move).
func blankTS(src string, blankStrings bool) string {
	b := []byte(src)
	blank := func(from, to int) {
		for j := from; j < to; j++ {
			if b[j] != '\n' {
				b[j] = ' '
			}
		}
	}
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '/' && i+1 < len(b) && b[i+1] == '/':
			end := bytes.IndexByte(b[i:], '\n')
			if end < 0 {
				end = len(b) - i
			}
			blank(i, i+end)
			i += end - 1
		case c == '/' && i+1 < len(b) && b[i+1] == '*':
			end := bytes.Index(b[i+2:], []byte("*/"))
			stop := len(b)
			if end >= 0 {
				stop = i + 2 + end + 2
			}
			blank(i, stop)
			i = stop - 1
		case c == '\'' || c == '"' || c == '`':
			j := i + 1
			for ; j < len(b) && b[j] != c; j++ {
				if c != '`' && b[j] == '\n' {
					break // unterminated: stop at the end of the line
				}
				if b[j] == '\\' {
					j++
				}
			}
			j = min(j, len(b))
			if blankStrings {
				blank(i+1, j)
			}
			i = j
		}
	}
	return string(b)
}

package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Problem is one thing wrong with the course content. Line is 1-based; it is
// 0 when the problem concerns a whole file or folder.
type Problem struct {
	File    string `json:"file"` // slash-separated, relative to the content root
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// String formats the problem as "file:line: message" ("file: message" when
// there is no line).
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	}
	return p.File + ": " + p.Message
}

// Problems is every problem found in the course content. It is the error
// returned by Load.
type Problems []Problem

// Error prints one problem a line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

func (ps Problems) sortByFile() {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}

// LoadDir loads the course content of a folder; see Load.
func LoadDir(dir string) (*Catalog, error) {
	return Load(os.DirFS(dir))
}

// Load reads the course content laid out as courses/README.md describes,
// from the root of fsys. Files at the root (README.md, embed.go) are not
// content; names starting with "." or "_" are ignored everywhere, as
// go:embed does.
//
// When anything is wrong, Load returns a nil catalog and a Problems error
// that lists every problem found, not just the first.
func Load(fsys fs.FS) (*Catalog, error) {
	c, probs := loadCatalog(fsys)
	if len(probs) > 0 {
		return nil, probs
	}
	return c, nil
}

// loadCatalog returns whatever could be loaded along with the problems, so
// that the linter can go on checking the parts that are sound.
func loadCatalog(fsys fs.FS) (*Catalog, Problems) {
	ld := &loader{fsys: fsys}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		ld.add(".", 0, "cannot read the course folder: %v", err)
		return newCatalog(nil), ld.probs
	}
	var tracks []*Track
	seen := map[string]string{} // slug -> folder
	for _, e := range entries {
		if ignored(e.Name()) || !e.IsDir() {
			continue
		}
		t, slugLine := ld.loadTrack(e.Name())
		if t == nil {
			continue
		}
		if other, dup := seen[t.Slug]; dup {
			ld.add(t.Dir+"/track.yaml", slugLine, "duplicate track slug %q (%s/track.yaml has it too)", t.Slug, other)
			continue
		}
		seen[t.Slug] = t.Dir
		tracks = append(tracks, t)
	}
	// Lab slugs are unique across the whole catalog, not just a track, so
	// the API and submissions can name a lab by its slug alone.
	labTrack := map[string]string{}
	for _, t := range tracks {
		for _, lab := range t.Labs() {
			if other, dup := labTrack[lab.Slug]; dup && other != t.Slug {
				ld.add(lab.Dir+"/lab.yaml", 1, "lab slug %q is already used by track %q; lab slugs must be unique across all tracks", lab.Slug, other)
				continue
			}
			labTrack[lab.Slug] = t.Slug
		}
	}
	ld.probs.sortByFile()
	return newCatalog(tracks), ld.probs
}

type loader struct {
	fsys  fs.FS
	probs Problems
}

func (ld *loader) add(file string, line int, format string, args ...any) {
	ld.probs = append(ld.probs, Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)})
}

// ignored says whether a file name is left out of the content, like go:embed
// leaves out such names inside embedded folders.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

func (ld *loader) read(name string) ([]byte, bool) {
	b, err := fs.ReadFile(ld.fsys, name)
	if err != nil {
		return nil, false
	}
	return b, true
}

func (ld *loader) isDir(name string) bool {
	st, err := fs.Stat(ld.fsys, name)
	return err == nil && st.IsDir()
}

func (ld *loader) readDir(name string) []fs.DirEntry {
	entries, _ := fs.ReadDir(ld.fsys, name)
	out := entries[:0:0]
	for _, e := range entries {
		if !ignored(e.Name()) {
			out = append(out, e)
		}
	}
	return out
}

// readTree returns the files under dir by slash-separated relative path.
func (ld *loader) readTree(dir string) map[string]string {
	files := map[string]string{}
	_ = fs.WalkDir(ld.fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if p != dir && ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			if b, ok := ld.read(p); ok {
				files[strings.TrimPrefix(p, dir+"/")] = string(b)
			}
		}
		return nil
	})
	return files
}

func (ld *loader) unexpected(path string, isDir bool, where string) {
	if isDir {
		ld.add(path, 0, "unexpected folder: %s", where)
	} else {
		ld.add(path, 0, "unexpected file: %s", where)
	}
}

// trackState is what loading a track must remember across its modules.
type trackState struct {
	t         *Track
	lessonMod map[string]string // lesson slug -> module that lists it
	labMod    map[string]string // lab slug -> module that lists it
}

var trackKeys = []string{"slug", "version", "title", "summary", "level", "estimatedHours", "outcomes", "modules", "certificate"}

// loadTrack returns the track and the line of its slug, or nil when
// track.yaml cannot be read as a mapping.
func (ld *loader) loadTrack(dir string) (*Track, int) {
	file := dir + "/track.yaml"
	t := &Track{Slug: dir, Dir: dir, lessons: map[string]*Lesson{}, labs: map[string]*Lab{}}
	ts := &trackState{t: t, lessonMod: map[string]string{}, labMod: map[string]string{}}
	f := &yamlFile{ld: ld, file: file}
	var m *yamlMap
	if src, ok := ld.read(file); !ok {
		ld.add(dir, 0, "track folder has no track.yaml")
	} else if root := f.parse(src); root != nil {
		m = f.mapping(root, "", trackKeys...)
	}
	if m == nil {
		// Still check the modules, in folder order, so that one missing or
		// broken file does not hide the problems of all the others.
		for _, e := range ld.readDir(dir) {
			if _, err := fs.Stat(ld.fsys, dir+"/"+e.Name()+"/module.yaml"); err == nil && e.IsDir() {
				if mod := ld.loadModule(ts, f, strItem{val: e.Name()}); mod != nil {
					t.Modules = append(t.Modules, mod)
				}
			}
		}
		return t, 1
	}
	if t.Slug = m.slug(dir, "folder"); t.Slug == "" {
		t.Slug = dir
	}
	t.Version, _ = m.positive("version", true)
	t.Title, _ = m.text("title", true)
	t.Summary, _ = m.text("summary", true)
	if lv, ok := m.str("level", true); ok {
		t.Level = Level(lv)
		if t.Level.rank() < 0 {
			f.errf(m.keyNode("level"), "level %q is invalid: expected foundation, advanced or specialist", lv)
		}
	}
	t.EstimatedHours, _ = m.positive("estimatedHours", true)
	if items, ok := m.seq("outcomes", true); ok {
		m.nonEmpty("outcomes")
		for i, it := range items {
			tx, _ := f.text(it, fmt.Sprintf("outcomes[%d]", i))
			t.Outcomes = append(t.Outcomes, tx)
		}
	}

	mods, modsOK := m.strings("modules", true)
	m.nonEmpty("modules")
	listed := map[string]bool{}
	for i, it := range mods {
		switch {
		case !ValidSlug(it.val):
			f.errf(it.node, "modules[%d]: %q is not a valid slug: %s", i, it.val, slugRule)
		case listed[it.val]:
			f.errf(it.node, "modules[%d]: module %q is listed twice", i, it.val)
		default:
			listed[it.val] = true
			if mod := ld.loadModule(ts, f, it); mod != nil {
				t.Modules = append(t.Modules, mod)
			}
		}
	}
	for _, e := range ld.readDir(dir) {
		name := e.Name()
		switch {
		case e.IsDir():
			if modsOK && !listed[name] {
				f.errf(m.keyNode("modules"), "module folder %s/ is not listed in modules", name)
			}
		case name != "track.yaml":
			ld.unexpected(dir+"/"+name, false, "a track folder holds track.yaml and module folders")
		}
	}

	if v := m.get("certificate", true); v != nil {
		if cm := f.mapping(v, "certificate", "labs", "threshold"); cm != nil {
			labs, _ := cm.strings("labs", true)
			cm.nonEmpty("labs")
			seen := map[string]bool{}
			for _, it := range labs {
				switch {
				case seen[it.val]:
					f.errf(it.node, "certificate.labs: lab %q is listed twice", it.val)
				case ts.labMod[it.val] == "":
					f.errf(it.node, "certificate.labs: lab %q does not exist in this track", it.val)
				}
				if !seen[it.val] {
					t.Certificate.Labs = append(t.Certificate.Labs, it.val)
				}
				seen[it.val] = true
			}
			if th, ok := cm.integer("threshold", true); ok {
				if th < 1 || th > 100 {
					f.errf(cm.keyNode("threshold"), "certificate.threshold: must be a percentage from 1 to 100, found %d", th)
				}
				t.Certificate.Threshold = th
			}
		}
	}
	return t, f.line(m.keyNode("slug"))
}

var moduleKeys = []string{"slug", "title", "summary", "lessons", "labs"}

// loadModule loads the module that track.yaml lists at item (in tf).
func (ld *loader) loadModule(ts *trackState, tf *yamlFile, item strItem) *Module {
	dir := ts.t.Dir + "/" + item.val
	if !ld.isDir(dir) {
		tf.errf(item.node, "module %q is listed but folder %s/ does not exist", item.val, dir)
		return nil
	}
	file := dir + "/module.yaml"
	src, ok := ld.read(file)
	if !ok {
		tf.errf(item.node, "module %q: %s is missing", item.val, file)
		return nil
	}
	mod := &Module{Slug: item.val, Dir: dir}
	f := &yamlFile{ld: ld, file: file}
	var m *yamlMap
	if root := f.parse(src); root != nil {
		m = f.mapping(root, "", moduleKeys...)
	}
	if m == nil {
		ld.salvageModule(ts, mod, f)
		return mod
	}
	m.slug(item.val, "folder")
	mod.Title, _ = m.text("title", true)
	mod.Summary, _ = m.text("summary", true)
	lessons, lessonsOK := m.strings("lessons", false)
	labs, labsOK := m.strings("labs", false)
	if seqLen(m.vals["lessons"]) == 0 && seqLen(m.vals["labs"]) == 0 {
		f.errf(m.node, "module has no lessons and no labs")
	}

	listedLessons := map[string]bool{}
	for i, it := range lessons {
		if !ValidSlug(it.val) {
			f.errf(it.node, "lessons[%d]: %q is not a valid slug: %s", i, it.val, slugRule)
			continue
		}
		listedLessons[it.val] = true
		if other, dup := ts.lessonMod[it.val]; dup {
			if other == mod.Slug {
				f.errf(it.node, "lessons[%d]: lesson %q is listed twice", i, it.val)
			} else {
				f.errf(it.node, "lessons[%d]: lesson slug %q is already used in module %q of this track", i, it.val, other)
			}
			continue
		}
		ts.lessonMod[it.val] = mod.Slug
		if l := ld.loadLesson(ts, mod, f, it); l != nil {
			mod.Lessons = append(mod.Lessons, l)
			ts.t.lessons[l.Slug] = l
		}
	}
	for _, e := range ld.readDir(dir + "/lessons") {
		name := e.Name()
		if e.IsDir() {
			ld.unexpected(dir+"/lessons/"+name, true, "lessons/ holds only <slug>.md and <slug>.en.md files")
			continue
		}
		slug, isEn := strings.CutSuffix(name, ".en.md")
		if !isEn {
			var isMd bool
			if slug, isMd = strings.CutSuffix(name, ".md"); !isMd {
				ld.unexpected(dir+"/lessons/"+name, false, "lessons/ holds only <slug>.md and <slug>.en.md files")
				continue
			}
		}
		if lessonsOK && !listedLessons[slug] {
			f.errf(m.keyNode("lessons"), "lessons/%s is not listed in lessons", name)
		}
	}

	listedLabs := map[string]bool{}
	for i, it := range labs {
		if !ValidSlug(it.val) {
			f.errf(it.node, "labs[%d]: %q is not a valid slug: %s", i, it.val, slugRule)
			continue
		}
		listedLabs[it.val] = true
		if other, dup := ts.labMod[it.val]; dup {
			if other == mod.Slug {
				f.errf(it.node, "labs[%d]: lab %q is listed twice", i, it.val)
			} else {
				f.errf(it.node, "labs[%d]: lab slug %q is already used in module %q of this track", i, it.val, other)
			}
			continue
		}
		ts.labMod[it.val] = mod.Slug
		if l := ld.loadLab(ts, mod, f, it); l != nil {
			mod.Labs = append(mod.Labs, l)
			ts.t.labs[l.Slug] = l
		}
	}
	for _, e := range ld.readDir(dir + "/labs") {
		name := e.Name()
		if !e.IsDir() {
			ld.unexpected(dir+"/labs/"+name, false, "labs/ holds only lab folders")
			continue
		}
		if labsOK && !listedLabs[name] {
			f.errf(m.keyNode("labs"), "lab folder labs/%s/ is not listed in labs", name)
		}
	}

	for _, e := range ld.readDir(dir) {
		switch name := e.Name(); {
		case e.IsDir() && (name == "lessons" || name == "labs"):
		case !e.IsDir() && name == "module.yaml":
		default:
			ld.unexpected(dir+"/"+name, e.IsDir(), "a module folder holds module.yaml, lessons/ and labs/")
		}
	}
	return mod
}

// salvageModule loads the lessons and labs found in the folder of a module
// whose module.yaml is broken, so that their own problems are reported too.
func (ld *loader) salvageModule(ts *trackState, mod *Module, f *yamlFile) {
	for _, e := range ld.readDir(mod.Dir + "/lessons") {
		slug, ok := strings.CutSuffix(e.Name(), ".md")
		if e.IsDir() || !ok || strings.HasSuffix(slug, ".en") || ts.lessonMod[slug] != "" {
			continue
		}
		ts.lessonMod[slug] = mod.Slug
		if l := ld.loadLesson(ts, mod, f, strItem{val: slug}); l != nil {
			mod.Lessons = append(mod.Lessons, l)
			ts.t.lessons[slug] = l
		}
	}
	for _, e := range ld.readDir(mod.Dir + "/labs") {
		if !e.IsDir() || ts.labMod[e.Name()] != "" {
			continue
		}
		ts.labMod[e.Name()] = mod.Slug
		if l := ld.loadLab(ts, mod, f, strItem{val: e.Name()}); l != nil {
			mod.Labs = append(mod.Labs, l)
			ts.t.labs[l.Slug] = l
		}
	}
}

func seqLen(n *yaml.Node) int {
	if n == nil || n.Kind != yaml.SequenceNode {
		return 0
	}
	return len(n.Content)
}

// loadLesson loads the lesson that module.yaml lists at item (in mf).
func (ld *loader) loadLesson(ts *trackState, mod *Module, mf *yamlFile, item strItem) *Lesson {
	file := mod.Dir + "/lessons/" + item.val + ".md"
	src, ok := ld.read(file)
	if !ok {
		mf.errf(item.node, "lesson %q is listed but lessons/%s.md does not exist", item.val, item.val)
		return nil
	}
	fm, body, bodyLine, ok := ld.frontMatter(file, string(src))
	if !ok {
		return nil
	}
	f := &yamlFile{ld: ld, file: file, off: 1}
	root := f.parse([]byte(fm))
	if root == nil {
		return nil
	}
	m := f.mapping(root, "", "slug", "title", "minutes")
	if m == nil {
		return nil
	}
	l := &Lesson{Track: ts.t.Slug, Module: mod.Slug, Slug: item.val, Source: file, bodyLine: bodyLine}
	m.slug(item.val, "file")
	l.Title, _ = m.text("title", true)
	l.Minutes, _ = m.positive("minutes", true)
	l.Markdown.Zh = body
	if strings.TrimSpace(body) == "" {
		ld.add(file, bodyLine-1, "lesson has no body after its front matter")
	}

	enFile := mod.Dir + "/lessons/" + item.val + ".en.md"
	if b, ok := ld.read(enFile); ok {
		en := strings.TrimPrefix(string(b), "\ufeff")
		first, _, _ := strings.Cut(en, "\n")
		switch {
		case isFence(first):
			ld.add(enFile, 1, "an English lesson body has no front matter (title and minutes come from %s.md)", item.val)
		case strings.TrimSpace(en) == "":
			ld.add(enFile, 1, "English lesson body is empty")
		}
		l.Markdown.En = en
		l.SourceEn = enFile
	}
	return l
}

func isFence(line string) bool { return strings.TrimRight(line, " \t\r\n") == "---" }

// frontMatter splits a lesson into its front matter (without the fences)
// and its body, and returns the line where the body starts.
func (ld *loader) frontMatter(file, src string) (fm, body string, bodyLine int, ok bool) {
	src = strings.TrimPrefix(src, "\ufeff")
	lines := strings.SplitAfter(src, "\n")
	if !isFence(lines[0]) {
		ld.add(file, 1, "missing front matter: a lesson starts with a line \"---\", then slug, title and minutes, then \"---\"")
		return "", "", 0, false
	}
	for i := 1; i < len(lines); i++ {
		if isFence(lines[i]) {
			return strings.Join(lines[1:i], ""), strings.Join(lines[i+1:], ""), i + 2, true
		}
	}
	ld.add(file, 1, "front matter is not closed: add a line \"---\" after it")
	return "", "", 0, false
}

var (
	labKeys = []string{"slug", "kind", "title", "maxScore", "passScore", "timeLimitMs",
		"files", "questions", "runner", "command"}
	labKindKeys = map[string]LabKind{"files": KindCode, "questions": KindQuiz, "runner": KindExternal, "command": KindExternal}
	// labEntries are the names a lab folder may hold, by kind; external
	// labs may hold anything their runner needs.
	labEntries = map[LabKind][]string{
		KindCode: {"lab.yaml", "statement.md", "statement.en.md", "starter/", "solution/", "tests/"},
		KindQuiz: {"lab.yaml", "statement.md", "statement.en.md"},
	}
)

// loadLab loads the lab that module.yaml lists at item (in mf).
func (ld *loader) loadLab(ts *trackState, mod *Module, mf *yamlFile, item strItem) *Lab {
	dir := mod.Dir + "/labs/" + item.val
	if !ld.isDir(dir) {
		mf.errf(item.node, "lab %q is listed but folder labs/%s/ does not exist", item.val, item.val)
		return nil
	}
	file := dir + "/lab.yaml"
	src, ok := ld.read(file)
	if !ok {
		mf.errf(item.node, "lab %q: labs/%s/lab.yaml is missing", item.val, item.val)
		return nil
	}
	f := &yamlFile{ld: ld, file: file}
	root := f.parse(src)
	if root == nil {
		return nil
	}
	m := f.mapping(root, "", labKeys...)
	if m == nil {
		return nil
	}
	lab := &Lab{Track: ts.t.Slug, Module: mod.Slug, Slug: item.val, Dir: dir}
	m.slug(item.val, "folder")
	kind, kindOK := m.str("kind", true)
	if kindOK {
		lab.Kind = LabKind(kind)
		if _, valid := map[LabKind]bool{KindCode: true, KindQuiz: true, KindExternal: true}[lab.Kind]; !valid {
			f.errf(m.keyNode("kind"), "kind %q is invalid: expected code, quiz or external", kind)
			kindOK = false
		}
	}
	if kindOK {
		for i := 0; i+1 < len(m.node.Content); i += 2 {
			k := resolveAlias(m.node.Content[i])
			externalFiles := k.Value == "files" && lab.Kind == KindExternal // learner files for the runner
			if owner, ok := labKindKeys[k.Value]; ok && owner != lab.Kind && m.keys[k.Value] == k && !externalFiles {
				f.errf(k, "key %q is only allowed in %s labs", k.Value, owner)
			}
		}
	}
	lab.Title, _ = m.text("title", true)
	maxOK, passOK := false, false
	lab.MaxScore, maxOK = m.positive("maxScore", true)
	lab.PassScore, passOK = m.positive("passScore", true)
	if maxOK && passOK && lab.PassScore > lab.MaxScore {
		f.errf(m.keyNode("passScore"), "passScore %d is greater than maxScore %d", lab.PassScore, lab.MaxScore)
	}
	needTime := kindOK && lab.Kind != KindQuiz
	lab.TimeLimitMs, _ = m.positive("timeLimitMs", needTime)

	if b, ok := ld.read(dir + "/statement.md"); ok {
		lab.Statement.Zh = strings.TrimPrefix(string(b), "\ufeff")
		if strings.TrimSpace(lab.Statement.Zh) == "" {
			ld.add(dir+"/statement.md", 1, "statement is empty")
		}
	} else {
		f.errf(m.node, "statement.md is missing (every lab has a Chinese statement)")
	}
	if b, ok := ld.read(dir + "/statement.en.md"); ok {
		lab.Statement.En = strings.TrimPrefix(string(b), "\ufeff")
		if strings.TrimSpace(lab.Statement.En) == "" {
			ld.add(dir+"/statement.en.md", 1, "English statement is empty")
		}
	}

	if !kindOK {
		return lab
	}
	switch lab.Kind {
	case KindCode:
		ld.codeLab(f, m, lab)
	case KindQuiz:
		ld.quizLab(f, m, lab, maxOK)
	case KindExternal:
		lab.Runner, _ = m.str("runner", true)
		lab.Command, _ = m.str("command", true)
		if names, ok := m.strings("files", false); ok {
			for _, it := range names {
				lab.Files = append(lab.Files, it.val)
			}
		}
		lab.Starter = ld.readTree(dir + "/starter")
		// Assets keep their grader/ prefix: the runner lays them out as
		// they are in the lab folder, where the command expects them.
		lab.Assets = map[string]string{}
		for name, content := range ld.readTree(dir + "/grader") {
			lab.Assets["grader/"+name] = content
		}
	}
	if allowed, ok := labEntries[lab.Kind]; ok {
		for _, e := range ld.readDir(dir) {
			name := e.Name()
			if e.IsDir() {
				name += "/"
			}
			if !slices.Contains(allowed, name) {
				ld.unexpected(dir+"/"+e.Name(), e.IsDir(), fmt.Sprintf("a %s lab folder holds %s", lab.Kind, strings.Join(allowed, ", ")))
			}
		}
	}
	return lab
}

func (ld *loader) codeLab(f *yamlFile, m *yamlMap, lab *Lab) {
	files, filesOK := m.strings("files", true)
	m.nonEmpty("files")
	listed := map[string]*yaml.Node{}
	for i, it := range files {
		name := it.val
		switch {
		case !fs.ValidPath(name) || name == "." || !strings.HasSuffix(name, ".ts") && !strings.HasSuffix(name, ".ets"):
			f.errf(it.node, "files[%d]: %q must be a relative path to a .ts file (or an .ets file for ArkUI code)", i, name)
		case listed[name] != nil:
			f.errf(it.node, "files[%d]: %q is listed twice", i, name)
		default:
			listed[name] = it.node
			lab.Files = append(lab.Files, name)
		}
	}
	starter := ld.readTree(lab.Dir + "/starter")
	solution := ld.readTree(lab.Dir + "/solution")
	lab.Starter = map[string]string{}
	lab.Solution = map[string]string{}
	for _, name := range lab.Files {
		if src, ok := starter[name]; ok {
			lab.Starter[name] = src
		} else {
			f.errf(listed[name], "starter/%s is missing", name)
		}
		if src, ok := solution[name]; ok {
			lab.Solution[name] = src
		} else {
			f.errf(listed[name], "solution/%s is missing", name)
		}
	}
	if filesOK {
		for _, dir := range []struct {
			name  string
			files map[string]string
		}{{"starter", starter}, {"solution", solution}} {
			for _, name := range sortedKeys(dir.files) {
				if listed[name] == nil {
					f.errf(m.keyNode("files"), "%s/%s is not listed in files (the solution must hold the same files as the starter)", dir.name, name)
				}
			}
		}
	}
	for _, t := range []struct {
		name string
		dst  *string
	}{{PublicTestsFile, &lab.PublicTests}, {HiddenTestsFile, &lab.HiddenTests}} {
		path := lab.Dir + "/tests/" + t.name
		b, ok := ld.read(path)
		if !ok {
			f.errf(m.keyNode("kind"), "tests/%s is missing (code labs need tests/%s and tests/%s)", t.name, PublicTestsFile, HiddenTestsFile)
			continue
		}
		*t.dst = strings.TrimPrefix(string(b), "\ufeff")
		if strings.TrimSpace(*t.dst) == "" {
			ld.add(path, 1, "test file is empty")
		}
	}
	for _, e := range ld.readDir(lab.Dir + "/tests") {
		if e.IsDir() || (e.Name() != PublicTestsFile && e.Name() != HiddenTestsFile) {
			ld.unexpected(lab.Dir+"/tests/"+e.Name(), e.IsDir(), "tests/ holds "+PublicTestsFile+" and "+HiddenTestsFile)
		}
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var idRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

const idRule = "ids are 1 to 64 characters of A-Z, a-z, 0-9, _ and -"

func (ld *loader) quizLab(f *yamlFile, m *yamlMap, lab *Lab, maxOK bool) {
	items, ok := m.seq("questions", true)
	m.nonEmpty("questions")
	ids := map[string]int{}
	sum, sumOK := 0, ok && len(items) > 0
	for i, n := range items {
		q, ok := ld.question(f, n, fmt.Sprintf("questions[%d]", i), ids)
		if !ok {
			sumOK = false
			continue
		}
		sum += q.Points
		lab.Questions = append(lab.Questions, q)
	}
	if sumOK && maxOK && sum != lab.MaxScore {
		f.errf(m.keyNode("maxScore"), "maxScore %d must equal the sum of the questions' points (%d)", lab.MaxScore, sum)
	}
}

// question reads one quiz question; ok is false when its points are not
// known (the other problems are reported but do not matter to the caller).
func (ld *loader) question(f *yamlFile, n *yaml.Node, path string, ids map[string]int) (Question, bool) {
	var q Question
	qm := f.mapping(n, path, "id", "type", "prompt", "options", "answer", "points", "explanation")
	if qm == nil {
		return q, false
	}
	if id, ok := qm.str("id", true); ok {
		q.ID = id
		if !idRE.MatchString(id) {
			f.errf(qm.keyNode("id"), "%s.id: %q is invalid: %s", path, id, idRule)
		} else if first, dup := ids[id]; dup {
			f.errf(qm.keyNode("id"), "%s.id: duplicate question id %q (first at line %d)", path, id, first)
		} else {
			ids[id] = f.line(qm.keyNode("id"))
		}
	}
	typ, typeOK := qm.str("type", true)
	q.Type = QuestionType(typ)
	if typeOK {
		switch q.Type {
		case QuestionSingle, QuestionMultiple, QuestionNumeric, QuestionText:
		default:
			f.errf(qm.keyNode("type"), "%s.type: %q is invalid: expected single, multiple, numeric or text", path, typ)
			typeOK = false
		}
	}
	q.Prompt, _ = qm.text("prompt", true)
	points, pointsOK := qm.positive("points", true)
	q.Points = points
	if qm.has("explanation") {
		q.Explanation, _ = qm.text("explanation", false)
	}

	choice := typeOK && (q.Type == QuestionSingle || q.Type == QuestionMultiple)
	optIDs := map[string]bool{}
	optsOK := false
	if choice {
		var opts []*yaml.Node
		opts, optsOK = qm.seq("options", true)
		if optsOK && len(opts) < 2 {
			f.errf(qm.keyNode("options"), "%s.options: a %s question needs at least 2 options", path, q.Type)
			optsOK = false
		}
		for j, on := range opts {
			opath := fmt.Sprintf("%s.options[%d]", path, j)
			om := f.mapping(on, opath, "id", "zh", "en")
			if om == nil {
				optsOK = false
				continue
			}
			id, ok := om.str("id", true)
			switch {
			case !ok:
				optsOK = false
			case !idRE.MatchString(id):
				f.errf(om.keyNode("id"), "%s.id: %q is invalid: %s", opath, id, idRule)
				optsOK = false
			case optIDs[id]:
				f.errf(om.keyNode("id"), "%s.id: duplicate option id %q", opath, id)
			}
			optIDs[id] = true
			tx, _ := om.textFields()
			q.Options = append(q.Options, Option{ID: id, Text: tx})
		}
	} else if typeOK && qm.has("options") {
		f.errf(qm.keyNode("options"), "%s.options: only single and multiple questions have options", path)
	}

	av := qm.get("answer", true)
	if av == nil || !typeOK {
		return q, pointsOK
	}
	optList := func() string {
		ids := make([]string, 0, len(q.Options))
		for _, o := range q.Options {
			ids = append(ids, o.ID)
		}
		return strings.Join(ids, ", ")
	}
	switch q.Type {
	case QuestionSingle:
		s, ok := scalarString(av)
		if !ok {
			qm.wrongType("answer", "an option id")
			break
		}
		q.Answer.Choice = s
		if optsOK && !optIDs[s] {
			f.errf(qm.keyNode("answer"), "%s.answer: %q is not one of the option ids (%s)", path, s, optList())
		}
	case QuestionMultiple:
		if av.Kind != yaml.SequenceNode {
			qm.wrongType("answer", "a list of option ids")
			break
		}
		if len(av.Content) == 0 {
			f.errf(qm.keyNode("answer"), "%s.answer: must name at least one option", path)
		}
		seen := map[string]bool{}
		for _, it := range av.Content {
			it = resolveAlias(it)
			s, ok := scalarString(it)
			switch {
			case !ok:
				f.errf(it, "%s.answer: expected an option id, found %s", path, describeNode(it))
			case seen[s]:
				f.errf(it, "%s.answer: %q is listed twice", path, s)
			case optsOK && !optIDs[s]:
				f.errf(it, "%s.answer: %q is not one of the option ids (%s)", path, s, optList())
			default:
				seen[s] = true
				q.Answer.Choices = append(q.Answer.Choices, s)
			}
		}
	case QuestionNumeric:
		am := f.mapping(av, path+".answer", "value", "tolerance")
		if am == nil {
			break
		}
		q.Answer.Value, _ = am.number("value", true)
		if tol, ok := am.number("tolerance", false); ok {
			if tol < 0 {
				f.errf(am.keyNode("tolerance"), "%s.answer.tolerance: must not be negative, found %g", path, tol)
			}
			q.Answer.Tolerance = tol
		}
	case QuestionText:
		am := f.mapping(av, path+".answer", "pattern", "ignoreCase")
		if am == nil {
			break
		}
		q.Answer.IgnoreCase, _ = am.boolean("ignoreCase")
		pat, ok := am.str("pattern", true)
		if !ok {
			break
		}
		q.Answer.Pattern = pat
		expr := pat
		if q.Answer.IgnoreCase {
			expr = "(?i)" + pat
		}
		re, err := regexp.Compile(expr)
		if err != nil {
			f.errf(am.keyNode("pattern"), "%s.answer.pattern: not a valid Go (RE2) regular expression: %v", path, err)
			break
		}
		q.Answer.re = re
	}
	return q, pointsOK
}

// YAML is read through yaml.v3 nodes rather than struct decoding, so that
// every problem can name the line of the key at fault, and unknown keys,
// missing keys and wrong types are all reported, not just the first.

// yamlFile reports problems in one YAML document. Lines in the document are
// shifted by off (front matter starts on the second line of its file).
type yamlFile struct {
	ld   *loader
	file string
	off  int
}

func (f *yamlFile) line(n *yaml.Node) int {
	if n == nil {
		return 1 + f.off
	}
	return n.Line + f.off
}

func (f *yamlFile) errf(n *yaml.Node, format string, args ...any) {
	f.ld.add(f.file, f.line(n), format, args...)
}

var yamlErrLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parse parses src as a single YAML document and returns its root node, or
// nil after reporting why it cannot.
func (f *yamlFile) parse(src []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			f.ld.add(f.file, 1+f.off, "empty YAML document")
			return nil
		}
		f.yamlError(err)
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		f.yamlError(err)
		return nil
	default:
		f.errf(&next, "only one YAML document is allowed")
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	return resolveAlias(root)
}

func (f *yamlFile) yamlError(err error) {
	msg := err.Error()
	line := 1
	if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		msg += ` (a text that holds ": " must be quoted)`
	case strings.Contains(msg, "did not find expected ',' or '}'"):
		msg += ` (inside {...}, a text that holds ",", "?", ":", "[" or "{" must be quoted)`
	}
	f.ld.add(f.file, line+f.off, "invalid YAML: %s", msg)
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// describeNode names what a node holds, for "expected X, found Y" messages.
func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "nothing"
		case "!!int":
			return "an integer (" + n.Value + ")"
		case "!!float":
			return "a number (" + n.Value + ")"
		case "!!bool":
			return "a boolean (" + n.Value + ")"
		}
		return strconv.Quote(n.Value)
	}
	return "an unsupported YAML node"
}

// yamlMap is a mapping node whose keys are checked against a known set.
type yamlMap struct {
	f    *yamlFile
	node *yaml.Node
	path string // "certificate", "questions[2].answer", or "" at the top
	keys map[string]*yaml.Node
	vals map[string]*yaml.Node
}

// mapping checks that n is a mapping with no duplicate or unknown keys, and
// returns it, or nil after reporting that n is not a mapping.
func (f *yamlFile) mapping(n *yaml.Node, path string, known ...string) *yamlMap {
	n = resolveAlias(n)
	if n.Kind != yaml.MappingNode {
		f.errf(n, "%sexpected a mapping, found %s", pathPrefix(path), describeNode(n))
		return nil
	}
	m := &yamlMap{f: f, node: n, path: path, keys: map[string]*yaml.Node{}, vals: map[string]*yaml.Node{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolveAlias(n.Content[i]), resolveAlias(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			f.errf(k, "%skeys must be plain names", pathPrefix(path))
			continue
		}
		if first, dup := m.keys[k.Value]; dup {
			f.errf(k, "%sduplicate key %q (first at line %d)", pathPrefix(path), k.Value, f.line(first))
			continue
		}
		m.keys[k.Value] = k
		m.vals[k.Value] = v
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolveAlias(n.Content[i])
		if k.Kind == yaml.ScalarNode && !slices.Contains(known, k.Value) && m.keys[k.Value] == k {
			hint := ""
			if n.Style&yaml.FlowStyle != 0 && m.vals[k.Value].ShortTag() == "!!null" {
				hint = " (inside {...} a comma separates keys: quote a text that holds one)"
			}
			f.errf(k, "%sunknown key %q%s", pathPrefix(path), k.Value, hint)
		}
	}
	return m
}

func pathPrefix(path string) string {
	if path == "" {
		return ""
	}
	return path + ": "
}

func (m *yamlMap) sub(key string) string {
	if m.path == "" {
		return key
	}
	return m.path + "." + key
}

// keyNode returns the node of key, or the mapping itself when key is absent,
// for problems that concern it.
func (m *yamlMap) keyNode(key string) *yaml.Node {
	if k := m.keys[key]; k != nil {
		return k
	}
	return m.node
}

func (m *yamlMap) has(key string) bool { return m.vals[key] != nil }

// get returns the value of key, reporting it when it is required and absent.
func (m *yamlMap) get(key string, required bool) *yaml.Node {
	v := m.vals[key]
	if v == nil && required {
		m.f.errf(m.node, "%smissing required key %q", pathPrefix(m.path), key)
	}
	return v
}

func (m *yamlMap) wrongType(key, want string) {
	m.f.errf(m.keyNode(key), "%s: expected %s, found %s", m.sub(key), want, describeNode(m.vals[key]))
}

// scalarString returns a scalar's text; numbers and booleans are accepted
// as their text, null and collections are not.
func scalarString(n *yaml.Node) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		return "", false
	}
	return n.Value, true
}

func (m *yamlMap) str(key string, required bool) (string, bool) {
	v := m.get(key, required)
	if v == nil {
		return "", false
	}
	s, ok := scalarString(v)
	if !ok {
		m.wrongType(key, "a string")
		return "", false
	}
	if strings.TrimSpace(s) == "" {
		m.f.errf(m.keyNode(key), "%s: must not be empty", m.sub(key))
		return "", false
	}
	return s, true
}

func (m *yamlMap) integer(key string, required bool) (int, bool) {
	v := m.get(key, required)
	if v == nil {
		return 0, false
	}
	var i int
	if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!int" || v.Decode(&i) != nil {
		m.wrongType(key, "an integer")
		return 0, false
	}
	return i, true
}

// positive reads an integer that must be at least 1.
func (m *yamlMap) positive(key string, required bool) (int, bool) {
	i, ok := m.integer(key, required)
	if ok && i < 1 {
		m.f.errf(m.keyNode(key), "%s: must be a positive integer, found %d", m.sub(key), i)
		return i, false
	}
	return i, ok
}

func (m *yamlMap) number(key string, required bool) (float64, bool) {
	v := m.get(key, required)
	if v == nil {
		return 0, false
	}
	var x float64
	tag := v.ShortTag()
	if v.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") || v.Decode(&x) != nil {
		m.wrongType(key, "a number")
		return 0, false
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		m.f.errf(m.keyNode(key), "%s: must be a finite number", m.sub(key))
		return 0, false
	}
	return x, true
}

func (m *yamlMap) boolean(key string) (bool, bool) {
	v := m.get(key, false)
	if v == nil {
		return false, false
	}
	var b bool
	if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" || v.Decode(&b) != nil {
		m.wrongType(key, "true or false")
		return false, false
	}
	return b, true
}

// text reads a bilingual {zh, en} mapping.
func (m *yamlMap) text(key string, required bool) (Text, bool) {
	v := m.get(key, required)
	if v == nil {
		return Text{}, false
	}
	return m.f.text(v, m.sub(key))
}

func (f *yamlFile) text(n *yaml.Node, path string) (Text, bool) {
	n = resolveAlias(n)
	if n.Kind != yaml.MappingNode {
		f.errf(n, "%s: expected {zh: ..., en: ...}, found %s", path, describeNode(n))
		return Text{}, false
	}
	tm := f.mapping(n, path, "zh", "en")
	return tm.textFields()
}

// textFields reads zh (required, not empty) and en (optional) of a mapping
// that may also hold other keys (quiz options).
func (m *yamlMap) textFields() (Text, bool) {
	var t Text
	zh, ok := m.str("zh", true)
	t.Zh = zh
	if v := m.vals["en"]; v != nil {
		if s, isStr := scalarString(v); isStr {
			t.En = s
		} else if v.ShortTag() != "!!null" {
			m.wrongType("en", "a string")
			ok = false
		}
	}
	return t, ok
}

// seq returns the items of a list value.
func (m *yamlMap) seq(key string, required bool) ([]*yaml.Node, bool) {
	v := m.get(key, required)
	if v == nil {
		return nil, false
	}
	if v.Kind != yaml.SequenceNode {
		m.wrongType(key, "a list")
		return nil, false
	}
	items := make([]*yaml.Node, len(v.Content))
	for i, it := range v.Content {
		items[i] = resolveAlias(it)
	}
	return items, true
}

// strItem is a string of a list, with the node that held it.
type strItem struct {
	val  string
	node *yaml.Node
}

// strings reads a list of strings; items that are not strings are reported
// and left out.
func (m *yamlMap) strings(key string, required bool) ([]strItem, bool) {
	items, ok := m.seq(key, required)
	if !ok {
		return nil, false
	}
	out := make([]strItem, 0, len(items))
	for i, it := range items {
		s, isStr := scalarString(it)
		if !isStr || strings.TrimSpace(s) == "" {
			m.f.errf(it, "%s[%d]: expected a string, found %s", m.sub(key), i, describeNode(it))
			ok = false
			continue
		}
		out = append(out, strItem{s, it})
	}
	return out, ok
}

// nonEmpty reports an empty list.
func (m *yamlMap) nonEmpty(key string) bool {
	if v := m.vals[key]; v != nil && v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
		m.f.errf(m.keyNode(key), "%s: must not be empty", m.sub(key))
		return false
	}
	return true
}

// slugRE is the slug rule of courses/README.md.
var slugRE = regexp.MustCompile(`^[a-z0-9-]{3,64}$`)

// ValidSlug reports whether s is a valid track, module, lesson or lab slug:
// 3 to 64 characters of a-z, 0-9 and -.
func ValidSlug(s string) bool { return slugRE.MatchString(s) }

const slugRule = "a slug is 3 to 64 characters of a-z, 0-9 and -"

// slug reads the slug key and checks it against the rule and the name of
// the folder or file it must equal (what says which: "folder", "file").
func (m *yamlMap) slug(want, what string) string {
	s, ok := m.str("slug", true)
	if !ok {
		return ""
	}
	switch {
	case !ValidSlug(s):
		m.f.errf(m.keyNode("slug"), "slug %q is invalid: %s", s, slugRule)
	case s != want:
		m.f.errf(m.keyNode("slug"), "slug %q does not match the %s name %q", s, what, want)
	}
	return s
}

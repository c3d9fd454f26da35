package catalog

import (
	"errors"
	"io/fs"
	"os"
	"sort"
	"testing"
	"testing/fstest"
)

// fuzzPaths are the files of testdata/valid that FuzzLoad may replace, in
// a fixed order so that a corpus entry always names the same file.
var fuzzPaths = []string{
	"demo-track/track.yaml",
	"demo-track/basics/module.yaml",
	"demo-track/basics/labs/sum-lab/lab.yaml",
	"demo-track/basics/labs/basics-quiz/lab.yaml",
	"demo-track/basics/lessons/intro-lesson.md",
	"demo-track/basics/labs/sum-lab/statement.md",
	"demo-track/basics/labs/sum-lab/tests/public.test.ts",
}

// FuzzLoad replaces one file of a valid course with fuzzed bytes. The
// loader must not panic, must either load or explain itself with problems
// that name a file, and must say the same thing twice (no dependence on
// map order).
func FuzzLoad(f *testing.F) {
	base := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("testdata/valid"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(os.DirFS("testdata/valid"), p)
		base[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	for i, p := range fuzzPaths {
		if base[p] == nil {
			f.Fatalf("testdata/valid has no %s", p)
		}
		f.Add(uint8(i), base[p].Data)
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		m := make(fstest.MapFS, len(base))
		for p, file := range base {
			m[p] = file
		}
		name := fuzzPaths[int(which)%len(fuzzPaths)]
		m[name] = &fstest.MapFile{Data: data}
		c, err := Load(m)
		c2, err2 := Load(m)
		if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) {
			t.Fatalf("two loads disagree:\n%v\n---\n%v", err, err2)
		}
		if err == nil {
			if c == nil || len(c.Tracks) != 1 {
				t.Fatalf("loaded without error but catalog is %v", c)
			}
			for _, lab := range c.AllLabs() {
				if c.LabBySlug(lab.Slug) != lab || !ValidSlug(lab.Slug) {
					t.Fatalf("lab %q is not reachable by its slug", lab.Slug)
				}
			}
			_ = c2
			return
		}
		var probs Problems
		if !errors.As(err, &probs) || len(probs) == 0 || c != nil {
			t.Fatalf("load failed without problems: %v (catalog %v)", err, c)
		}
		if !sort.SliceIsSorted(probs, func(i, j int) bool { return probs[i].File < probs[j].File }) {
			t.Fatalf("problems are not sorted by file:\n%v", probs)
		}
		for _, p := range probs {
			if p.File == "" || p.Message == "" || p.Line < 0 {
				t.Fatalf("problem without a place or message: %+v", p)
			}
		}
	})
}

package arkui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evanw/esbuild/pkg/api"
	"github.com/ohtalent/ohtalent/internal/grading/arkui"
)

// corpusMinShare is the share of the real-world corpus (testdata/corpus:
// ArkTS files from OpenHarmony's public sample applications, listed in
// SOURCES.md) that must transform into TypeScript esbuild accepts. It is
// set just under the measured share, so a regression in the transform
// fails here.
const corpusMinShare = 0.97

// TestCorpus transforms every corpus file and parses the output with
// esbuild (without bundling: the samples import SDK modules the sandbox
// does not have), and reports the share that parsed.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/corpus/*.ets")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 40 {
		t.Fatalf("the corpus holds %d files, want at least 40", len(files))
	}
	sources, err := os.ReadFile("testdata/corpus/SOURCES.md")
	if err != nil {
		t.Fatal(err)
	}
	parsed := 0
	for _, f := range files {
		name := filepath.Base(f)
		if !strings.Contains(string(sources), "| "+name+" |") {
			t.Errorf("%s is not listed in testdata/corpus/SOURCES.md", name)
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if msg := parseETS(name, string(src)); msg != "" {
			t.Logf("not parsed: %s", msg)
			continue
		}
		parsed++
	}
	share := float64(parsed) / float64(len(files))
	t.Logf("corpus: %d of %d real-world ArkTS files parsed (%.1f%%)", parsed, len(files), 100*share)
	if share < corpusMinShare {
		t.Errorf("only %.1f%% of the corpus parsed, want at least %.1f%%", 100*share, 100*corpusMinShare)
	}
}

// parseETS transforms one file and parses the result; it returns why it
// failed, or "".
func parseETS(name, src string) string {
	out, errs := arkui.Transform(name, src)
	if len(errs) > 0 {
		return name + ":" + errs[0].Error()
	}
	res := api.Transform(out.Code, api.TransformOptions{Loader: api.LoaderTS, Sourcefile: name, LogLevel: api.LogLevelSilent})
	if len(res.Errors) > 0 {
		m := res.Errors[0]
		if m.Location != nil {
			l, c, msg := out.Diagnostic(m.Location.Line, m.Location.Column, m.Text)
			return name + ":" + (arkui.Error{Line: l, Column: c, Message: "esbuild: " + msg}).Error()
		}
		return name + ": esbuild: " + m.Text
	}
	return ""
}

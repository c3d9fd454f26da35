package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/evanw/esbuild/pkg/api"
	"github.com/ohtalent/ohtalent/internal/catalog"
)

// benchLab is a typical code lab: 15 tests over three functions.
const benchLab = "modbus-rtu-lab"

func loadBenchLab() (*catalog.Lab, error) { return loadLab(benchLab) }

// loadLab reads one lab from courses/.
func loadLab(slug string) (*catalog.Lab, error) {
	cat, err := catalog.LoadDir("courses")
	if err != nil {
		return nil, err
	}
	lab := cat.LabBySlug(slug)
	if lab == nil {
		return nil, fmt.Errorf("lab %s not in courses/", slug)
	}
	return lab, nil
}

// nodeBundle compiles the lab's solution with its public and hidden tests
// into one CommonJS file that Node runs with the shim in hypium-node.js.
func nodeBundle(lab *catalog.Lab, dir string) (string, error) {
	shim, err := filepath.Abs("scripts/bench/hypium-node.js")
	if err != nil {
		return "", err
	}
	files := map[string]string{
		"/lab/main.ts":   lab.Solution["main.ts"],
		"/lab/public.ts": lab.PublicTests,
		"/lab/hidden.ts": lab.HiddenTests,
		"/lab/entry.ts": `import pub from './public'; import hid from './hidden'; import * as h from '@ohos/hypium';
if (typeof pub === 'function') pub(); if (typeof hid === 'function') hid(); (h as any).run();`,
	}
	plugin := api.Plugin{Name: "vfs", Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: ".*"}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
			if a.Path == "@ohos/hypium" {
				return api.OnResolveResult{Path: shim}, nil
			}
			p := a.Path
			if strings.HasPrefix(p, "./") {
				p = "/lab/" + strings.TrimPrefix(p, "./")
			}
			if !strings.HasSuffix(p, ".ts") {
				p += ".ts"
			}
			return api.OnResolveResult{Path: p, Namespace: "vfs"}, nil
		})
		b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: "vfs"}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
			src := files[a.Path]
			return api.OnLoadResult{Contents: &src, Loader: api.LoaderTS}, nil
		})
	}}
	res := api.Build(api.BuildOptions{EntryPoints: []string{"/lab/entry.ts"}, Bundle: true, Format: api.FormatCommonJS,
		Platform: api.PlatformNode, Plugins: []api.Plugin{plugin}, Write: false})
	if len(res.Errors) > 0 {
		return "", fmt.Errorf("bundle for node: %s", res.Errors[0].Text)
	}
	out := filepath.Join(dir, "lab.cjs")
	return out, os.WriteFile(out, res.OutputFiles[0].Contents, 0o644)
}

// nodePerGrading spawns one node process per grading, as process-per-run
// judges do, with `workers` running at once, and checks every result.
func nodePerGrading(ctx context.Context, bundle string, workers int, d time.Duration) (result, error) {
	if _, err := exec.LookPath("node"); err != nil {
		return result{}, fmt.Errorf("node is not installed: %w", err)
	}
	deadline := time.Now().Add(d)
	var mu sync.Mutex
	var lats []time.Duration
	errs, first := 0, ""
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				t0 := time.Now()
				out, err := exec.CommandContext(ctx, "node", bundle).Output()
				lat := time.Since(t0)
				var r struct{ Passed, Total int }
				ok := err == nil && json.Unmarshal(out, &r) == nil && r.Total > 0 && r.Passed == r.Total
				mu.Lock()
				lats = append(lats, lat)
				if !ok {
					errs++
					if first == "" {
						first = fmt.Sprintf("%v %s", err, out)
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
	return result{Name: "node process per grading", Requests: len(lats), Errors: errs, Elapsed: time.Since(start),
		P50: percentile(lats, 0.5), P99: percentile(lats, 0.99), FirstErr: first}, nil
}

package arkui_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/grading/jsrun"
)

// BenchmarkDashboardLab grades the dashboard lab's reference solution in
// process, caches warm: the cost of the ArkUI runtime and its tests alone.
// (Figures beside a baseline come from scripts/bench.)
func BenchmarkDashboardLab(b *testing.B) {
	dir := "../../../courses/app-foundation/arkui-practice/labs/arkui-dashboard-lab"
	read := func(p string) string {
		src, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			b.Fatal(err)
		}
		return string(src)
	}
	job := jsrun.Job{Files: []jsrun.File{{Name: "Index.ets", Source: read("solution/Index.ets")}},
		Tests:     []jsrun.TestFile{{Name: "public.test.ts", Source: read("tests/public.test.ts")}, {Name: "hidden.test.ts", Source: read("tests/hidden.test.ts"), Hidden: true}},
		TimeLimit: 5 * time.Second}
	jsrun.Warmup()
	if res := jsrun.Run(job); res.Passed != res.Total || res.Total == 0 {
		b.Fatalf("%s %d/%d %s", res.Verdict, res.Passed, res.Total, res.Error)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		jsrun.Run(job)
	}
}

package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/config"
	"github.com/ohtalent/ohtalent/internal/grading"
	"github.com/ohtalent/ohtalent/internal/grading/sandbox"
)

func init() {
	register("courses", command{summary: "check course content: courses lint [DIR]", run: runCourses})
}

func runCourses(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "lint" {
		return fmt.Errorf("%w: ohtalent courses lint [DIR]", errUsage)
	}
	dir := "courses"
	if cfg.CoursesDir != "" {
		dir = cfg.CoursesDir
	}
	if len(args) > 1 {
		dir = args[1]
	}
	// Beyond the format, run every code lab's reference solution and starter
	// in the sandbox, as graders would.
	pool, err := sandbox.NewPool(sandbox.Options{Workers: cfg.GradeWorkers})
	if err != nil {
		return err
	}
	defer pool.Close()
	if !catalog.RunLint(dir, stdout, catalog.LintOptions{CheckCodeLab: grading.CheckCodeLab(ctx, pool)}) {
		return fmt.Errorf("course content in %s has problems", dir)
	}
	return nil
}

package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/config"
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
	if !catalog.RunLint(dir, stdout, lintOptions(ctx)) {
		return fmt.Errorf("course content in %s has problems", dir)
	}
	return nil
}

// lintOptions are the checks beyond the format that `courses lint` runs.
func lintOptions(ctx context.Context) catalog.LintOptions { return catalog.LintOptions{} }

package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/ohtalent/ohtalent/courses"
	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/config"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/grading"
)

// contentFS is where course content comes from: OHT_COURSES_DIR when set
// (a university authoring its own), else the copy embedded in the binary.
func contentFS(cfg config.Config) (fsys fs.FS, reload func() fs.FS) {
	if cfg.CoursesDir != "" {
		return os.DirFS(cfg.CoursesDir), func() fs.FS { return os.DirFS(cfg.CoursesDir) }
	}
	return courses.FS, nil
}

// openCatalog lints and loads the content; broken content never half-loads:
// the server refuses to start and lists every problem. At start only the
// format is checked (fast, and a replica must start even while the sandbox
// is busy); an admin reload and `ohtalent courses lint` also grade every
// code lab's solution and starter.
func openCatalog(cfg config.Config, d *db.DB, pool grading.CodeRunner) (*catalog.Service, error) {
	fsys, reload := contentFS(cfg)
	cat, err := catalog.LintLoad(fsys, catalog.LintOptions{})
	var probs catalog.Problems
	if errors.As(err, &probs) {
		return nil, fmt.Errorf("course content has %d problem(s):\n%w", len(probs), probs)
	}
	if err != nil {
		return nil, err
	}
	return catalog.New(d, cat, reload, catalog.LintOptions{CheckCodeLab: grading.CheckCodeLab(context.Background(), pool)})
}

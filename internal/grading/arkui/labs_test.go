package arkui_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/grading"
	"github.com/ohtalent/ohtalent/internal/grading/jsrun"
)

// inProcess grades in this process; the server uses worker processes, but
// the job and the scoring are the same.
type inProcess struct{}

func (inProcess) Grade(_ context.Context, job jsrun.Job) (jsrun.Result, error) {
	return jsrun.Run(job), nil
}

// TestCourseUILabs grades every ArkUI lab of the course content the way
// `ohtalent courses lint` and the server's start-up check do: the
// reference solution must score full marks and the starter must fail.
func TestCourseUILabs(t *testing.T) {
	cat, err := catalog.LoadDir("../../../courses")
	if err != nil {
		t.Fatal(err)
	}
	check := grading.CheckCodeLab(context.Background(), inProcess{})
	n := 0
	for _, tr := range cat.Tracks {
		for _, lab := range tr.Labs() {
			if lab.Kind != catalog.KindCode || len(lab.Files) == 0 || !strings.HasSuffix(lab.Files[0], ".ets") {
				continue
			}
			n++
			for _, p := range check(tr, lab) {
				t.Errorf("%s", p.String())
			}
		}
	}
	if n < 8 {
		t.Errorf("%d ArkUI labs in the courses, want at least 8", n)
	}
}

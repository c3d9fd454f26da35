package roster

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/httpx"
)

// MaxRows bounds one import.
const MaxRows = 50000

type jsonStudent struct {
	StudentNumber string `json:"studentNumber"`
	Name          string `json:"name"`
	Email         string `json:"email"`
	IDCard        string `json:"idCard,omitempty"`
}

type jsonImport struct {
	Students []jsonStudent `json:"students"`
}

// handleImport imports a roster into a cohort. ?dryRun=true reports
// without writing; ?mode=sync also deactivates members missing from the
// roster. An Idempotency-Key makes a retried request return the first
// result. Any rejected row rejects the whole import (422, nothing written).
func (s *Service) handleImport(c *gin.Context) {
	ctx := c.Request.Context()
	co, err := s.cohortInOrg(ctx, s.db.R, c.Param("orgId"), c.Param("cohortId"))
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	rep := &Report{CohortID: co.ID, Mode: c.DefaultQuery("mode", ModeUpsert), Rejected: []Problem{}}
	var v httpx.Validation
	if rep.Mode != ModeUpsert && rep.Mode != ModeSync {
		v.Add("mode", "must be upsert or sync")
	}
	switch c.DefaultQuery("dryRun", "false") {
	case "true", "1":
		rep.DryRun = true
	case "false", "0":
	default:
		v.Add("dryRun", "must be true or false")
	}
	if err := v.Err(); err != nil {
		httpx.Abort(c, err)
		return
	}
	var in jsonImport
	if err := httpx.BindJSON(c, &in); err != nil {
		httpx.Abort(c, err)
		return
	}
	if len(in.Students) == 0 {
		httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "students", Message: "send at least one student"}))
		return
	}
	if len(in.Students) > MaxRows {
		httpx.Abort(c, httpx.NewProblem(413, "too-many-rows", "an import holds at most 50000 students; split the roster"))
		return
	}
	rep.Format = "json"
	rep.Rows = len(in.Students)
	students := make([]Student, 0, len(in.Students))
	for i, js := range in.Students {
		students = append(students, Student{Line: i + 1, StudentNumber: js.StudentNumber, Name: js.Name, Email: js.Email, IDCard: js.IDCard})
	}
	students, rep.Rejected = Check(students)
	s.finish(c, co, students, rep)
}

func (s *Service) finish(c *gin.Context, co *Cohort, students []Student, rep *Report) {
	if len(rep.Rejected) > 0 {
		// Rows with problems: the whole import is refused, and the dry-run
		// report tells the registrar every row to fix.
		rep.DryRun = true
	}
	if err := s.apply(c.Request.Context(), co, students, rep); err != nil {
		httpx.Abort(c, err)
		return
	}
	status := http.StatusOK
	if len(rep.Rejected) > 0 {
		status = http.StatusUnprocessableEntity
	}
	httpx.JSON(c, status, rep)
}

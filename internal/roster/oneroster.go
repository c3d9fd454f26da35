package roster

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"github.com/ohtalent/ohtalent/internal/roster/rosterfile"
	"gorm.io/gorm"
)

// A OneRoster bundle can go two ways. Into one chosen cohort (the cohort
// import route): every enrolled student joins it. Or onto the org as a
// whole (ImportOneRoster): each class becomes the org's cohort with the
// class's sourcedId as its external id, so the next export from the
// student information system updates the same cohorts. The bundle's
// schools (orgs.csv) are campuses or colleges of the importing org; their
// names are kept on the class reports, and no platform orgs are created
// from a file.

// bundleStudents is a bundle's students keyed by sourcedId, with the
// problems that keep others out. A student's number is the identifier the
// SIS gives, else the username, else the sourcedId.
func bundleStudents(b *rosterfile.Bundle) (map[string]rosterfile.Row, []rosterfile.RowProblem) {
	enrolled := map[string]bool{}
	for _, e := range b.Enrollments {
		if e.Role == "student" && e.Status != "tobedeleted" {
			enrolled[e.UserSourcedID] = true
		}
	}
	problems := append([]rosterfile.RowProblem(nil), b.Problems...)
	rows := map[string]rosterfile.Row{}
	seen := map[string]bool{}
	for _, u := range b.Users {
		if u.Role != "student" || !enrolled[u.SourcedID] || u.Status == "tobedeleted" {
			continue
		}
		number := firstNonEmpty(u.Identifier, u.Username, u.SourcedID)
		switch {
		case u.Email == "":
			problems = append(problems, rosterfile.RowProblem{Row: u.Line, Column: "users.csv:email", Code: "required",
				MessageZh: "学生缺少邮箱", MessageEn: "the student has no email"})
		case seen[number]:
			problems = append(problems, rosterfile.RowProblem{Row: u.Line, Column: "users.csv:identifier", Code: "duplicate_student_number",
				MessageZh: "学号重复", MessageEn: "student number repeats"})
		default:
			seen[number] = true
			name := strings.TrimSpace(u.FamilyName + u.GivenName)
			rows[u.SourcedID] = rosterfile.Row{Line: u.Line, StudentNumber: number, Name: name, Email: strings.ToLower(u.Email)}
		}
	}
	return rows, problems
}

// oneRosterStudents takes every enrolled student of the bundle into one
// cohort, in users.csv order.
func oneRosterStudents(b *rosterfile.Bundle) *rosterfile.Table {
	rows, problems := bundleStudents(b)
	t := &rosterfile.Table{Format: rosterfile.FormatOneRoster, Problems: problems}
	for _, u := range b.Users {
		if r, ok := rows[u.SourcedID]; ok {
			t.Rows = append(t.Rows, r)
		}
	}
	return t
}

// ClassReport is what a OneRoster import did to one class's cohort.
type ClassReport struct {
	SourcedID     string `json:"sourcedId"`
	Title         string `json:"title"`
	School        string `json:"school"`
	CohortID      string `json:"cohortId"`
	CohortCreated bool   `json:"cohortCreated"`
	Counts        Counts `json:"counts"`
}

// OneRosterReport answers an org-wide OneRoster import. Counts add up the
// classes' counts (a student in two classes counts in each).
type OneRosterReport struct {
	Format   string        `json:"format"`
	Mode     string        `json:"mode"`
	DryRun   bool          `json:"dryRun"`
	Applied  bool          `json:"applied"`
	Rows     int           `json:"rows"`
	Classes  []ClassReport `json:"classes"`
	Counts   Counts        `json:"counts"`
	Rejected []Problem     `json:"rejected"`
}

// handleOneRosterImport maps a OneRoster 1.2 bundle onto the org: classes
// become cohorts, student enrollments become cohort members.
func (s *Service) handleOneRosterImport(c *gin.Context) {
	probe := &Report{}
	opts, err := importFlags(c, probe)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	body, _, err := readUpload(c)
	if err != nil {
		abortImport(c, err)
		return
	}
	rep, err := s.ImportOneRoster(c.Request.Context(), c.Param("orgId"), body, opts, probe.DryRun, probe.Mode, nil)
	if err != nil {
		abortImport(c, err)
		return
	}
	status := http.StatusOK
	if len(rep.Rejected) > 0 {
		status = http.StatusUnprocessableEntity
	}
	httpx.JSON(c, status, rep)
}

// ImportOneRoster applies a bundle to the org in one transaction: all
// classes or none. progress, when set, hears how many writes are done.
func (s *Service) ImportOneRoster(ctx context.Context, orgID string, body []byte, opts rosterfile.Options, dryRun bool, mode string, progress Progress) (*OneRosterReport, error) {
	if rosterfile.Detect(body[:min(len(body), 512)], "", "application/zip") != rosterfile.FormatOneRoster {
		return nil, httpx.NewProblem(415, "unsupported-media-type", "send a OneRoster 1.2 CSV bundle: a zip with manifest.csv, users.csv, classes.csv, enrollments.csv and orgs.csv")
	}
	b, err := rosterfile.ParseOneRoster(strings.NewReader(string(body)), int64(len(body)), opts)
	if err != nil {
		return nil, err
	}
	rows, problems := bundleStudents(b)
	rep := &OneRosterReport{Format: rosterfile.FormatOneRoster, Mode: mode, DryRun: dryRun || len(problems) > 0,
		Classes: []ClassReport{}, Rejected: []Problem{}}
	for _, p := range problems {
		rep.Rejected = append(rep.Rejected, Problem(p))
	}
	rep.Rows = len(rows) + countRows(problems)
	members := map[string][]Student{}
	for _, e := range b.Enrollments {
		r, ok := rows[e.UserSourcedID]
		if e.Role != "student" || e.Status == "tobedeleted" || !ok {
			continue
		}
		members[e.ClassSourcedID] = append(members[e.ClassSourcedID],
			Student{Line: r.Line, StudentNumber: r.StudentNumber, Name: r.Name, Email: r.Email})
	}
	total := 0
	for _, m := range members {
		total += len(m)
	}
	tracker := progressTracker(progress, total)
	err = s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, class := range b.Classes {
			if class.Status == "tobedeleted" || len(members[class.SourcedID]) == 0 {
				continue
			}
			co, created, err := s.classCohort(ctx, tx, orgID, class)
			if err != nil {
				return err
			}
			classRep := &Report{CohortID: co.ID, Format: rosterfile.FormatOneRoster, Mode: mode, DryRun: rep.DryRun, Rejected: []Problem{}}
			if err := s.applyTx(ctx, tx, co, members[class.SourcedID], classRep, tracker); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, importedEntry(co, classRep)); err != nil {
				return err // rolled back with the rest when this is a dry run
			}
			rep.Rejected = append(rep.Rejected, classRep.Rejected...)
			rep.Classes = append(rep.Classes, ClassReport{SourcedID: class.SourcedID, Title: class.Title, School: class.School,
				CohortID: co.ID, CohortCreated: created, Counts: classRep.Counts})
			rep.Counts.add(classRep.Counts)
		}
		if rep.DryRun || len(rep.Rejected) > 0 {
			return errRollback
		}
		return nil
	})
	if errors.Is(err, errRollback) {
		err = nil
	}
	rep.Applied = err == nil && !rep.DryRun && len(rep.Rejected) == 0
	rep.Counts.Rejected = len(rep.Rejected)
	return rep, err
}

func (c *Counts) add(o Counts) {
	c.Created += o.Created
	c.Updated += o.Updated
	c.Unchanged += o.Unchanged
	c.Deactivated += o.Deactivated
}

// classCohort finds the org's cohort for a class by its sourcedId, or
// creates it named after the class (with the class code when the title is
// taken by another cohort).
func (s *Service) classCohort(ctx context.Context, tx *gorm.DB, orgID string, class rosterfile.ORClass) (*Cohort, bool, error) {
	var id string
	if err := tx.Raw("SELECT id FROM cohorts WHERE org_id = ? AND external_id = ?", orgID, class.SourcedID).Scan(&id).Error; err != nil {
		return nil, false, err
	}
	created := false
	if id == "" {
		name := firstNonEmpty(class.Title, class.ClassCode, class.SourcedID)
		var taken int64
		if err := tx.Raw("SELECT COUNT(*) FROM cohorts WHERE org_id = ? AND name = ? AND term = ''", orgID, name).Scan(&taken).Error; err != nil {
			return nil, false, err
		}
		if taken > 0 {
			name = fmt.Sprintf("%s (%s)", name, firstNonEmpty(class.ClassCode, class.SourcedID))
		}
		now := time.Now().UTC()
		id = db.NewID()
		if err := tx.Create(&Cohort{ID: id, OrgID: orgID, Name: name, ExternalID: class.SourcedID, CreatedAt: now, UpdatedAt: now}).Error; err != nil {
			if db.IsUniqueViolation(err) {
				return nil, false, errConcurrentImport
			}
			return nil, false, err
		}
		created = true
	}
	co, err := s.cohortInOrg(ctx, tx, orgID, id)
	return co, created, err
}

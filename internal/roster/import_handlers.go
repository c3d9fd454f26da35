package roster

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"encoding/csv"
	"errors"
	"github.com/ohtalent/ohtalent/internal/db"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"github.com/ohtalent/ohtalent/internal/roster/rosterfile"
)

// MaxRows bounds one import.
const MaxRows = rosterfile.DefaultMaxRows

type jsonStudent struct {
	StudentNumber string `json:"studentNumber"`
	Name          string `json:"name"`
	Email         string `json:"email"`
	IDCard        string `json:"idCard,omitempty"`
}

type jsonImport struct {
	Students []jsonStudent `json:"students"`
}

// handleImport imports a roster into a cohort: JSON {students}, a CSV or
// XLSX file, or a OneRoster 1.2 CSV bundle (zip), as the body or as the
// `file` part of a multipart form. ?dryRun=true reports without writing;
// ?mode=sync also deactivates members missing from the roster. An
// Idempotency-Key makes a retried request return the first result. Any
// rejected row rejects the whole import (422, nothing written).
func (s *Service) handleImport(c *gin.Context) {
	ctx := c.Request.Context()
	co, err := s.cohortInOrg(ctx, s.db.R, c.Param("orgId"), c.Param("cohortId"))
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	rep := &Report{CohortID: co.ID, Rejected: []Problem{}}
	opts, err := importFlags(c, rep)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	var table *rosterfile.Table
	if c.ContentType() == "application/json" {
		table, err = s.jsonTable(c, rep)
	} else {
		var body []byte
		var filename string
		body, filename, err = readUpload(c)
		if err == nil {
			table, err = parseFile(body, filename, c.ContentType(), opts, rep)
		}
	}
	if err != nil {
		abortImport(c, err)
		return
	}
	if err := s.importTable(ctx, co, table, rep, nil); err != nil {
		httpx.Abort(c, err)
		return
	}
	status := http.StatusOK
	if len(rep.Rejected) > 0 {
		status = http.StatusUnprocessableEntity
	}
	httpx.JSON(c, status, rep)
}

// importFlags reads ?mode=upsert|sync, ?dryRun and ?encoding into the
// report and the parser options.
func importFlags(c *gin.Context, rep *Report) (rosterfile.Options, error) {
	rep.Mode = c.DefaultQuery("mode", ModeUpsert)
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
	return rosterfile.Options{Encoding: c.DefaultQuery("encoding", "auto")}, v.Err()
}

// readUpload takes the roster file from the body or from the multipart
// part named file.
func readUpload(c *gin.Context) ([]byte, string, error) {
	if c.ContentType() == "multipart/form-data" {
		return formFile(c)
	}
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return nil, "", httpx.NewProblem(413, "body-too-large", "the roster is larger than the upload limit of 32 MiB")
	}
	return body, "", nil
}

// abortImport answers a file-level fault in both languages.
func abortImport(c *gin.Context, err error) {
	var fe *rosterfile.FileError
	if errors.As(err, &fe) {
		p := httpx.NewProblem(fe.Status, "roster-file", fe.MessageEn+" / "+fe.MessageZh)
		p.Errors = []httpx.FieldError{{Field: fe.Code, Message: fe.MessageZh}}
		err = p
	}
	httpx.Abort(c, err)
}

// importTable applies a parsed roster: any rejected row turns the import
// into a dry run, so the report lists every row to fix and nothing is
// written.
func (s *Service) importTable(ctx context.Context, co *Cohort, table *rosterfile.Table, rep *Report, progress Progress) error {
	students := make([]Student, len(table.Rows))
	for i, r := range table.Rows {
		students[i] = Student{Line: r.Line, StudentNumber: r.StudentNumber, Name: r.Name, Email: r.Email, IDCard: r.IDCard}
	}
	for _, p := range table.Problems {
		rep.Rejected = append(rep.Rejected, Problem(p))
	}
	if len(rep.Rejected) > 0 {
		rep.DryRun = true
	}
	return s.apply(ctx, co, students, rep, progress)
}

// jsonTable runs JSON rows through the same validation as files, so every
// format reports the same codes and messages; rows are numbered from 1 in
// the order sent and columns carry the JSON field names.
func (s *Service) jsonTable(c *gin.Context, rep *Report) (*rosterfile.Table, error) {
	var in jsonImport
	if err := httpx.BindJSON(c, &in); err != nil {
		return nil, err
	}
	if len(in.Students) == 0 {
		return nil, httpx.Invalid(httpx.FieldError{Field: "students", Message: "send at least one student"})
	}
	if len(in.Students) > MaxRows {
		return nil, httpx.NewProblem(413, "too-many-rows", "an import holds at most 50000 students; split the roster")
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"student_number", "name", "email", "id_card"})
	for _, st := range in.Students {
		w.Write([]string{st.StudentNumber, st.Name, st.Email, st.IDCard})
	}
	w.Flush()
	table, err := rosterfile.ParseCSV(&b, rosterfile.Options{Encoding: "utf-8"})
	if err != nil {
		return nil, err
	}
	jsonNames := map[string]string{"student_number": "studentNumber", "name": "name", "email": "email", "id_card": "idCard"}
	for i := range table.Rows {
		table.Rows[i].Line-- // the generated header is not a student
	}
	for i := range table.Problems {
		table.Problems[i].Row--
		if n, ok := jsonNames[table.Problems[i].Column]; ok {
			table.Problems[i].Column = n
		}
	}
	rep.Format, rep.Rows = "json", len(in.Students)
	return table, nil
}

func formFile(c *gin.Context) ([]byte, string, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, "", httpx.Invalid(httpx.FieldError{Field: "file", Message: "attach the roster as the form part named file"})
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, rosterfile.MaxFileBytes+1))
	return body, fh.Filename, err
}

// parseFile reads a CSV, XLSX or OneRoster upload into a table.
func parseFile(body []byte, filename, ctype string, opts rosterfile.Options, rep *Report) (*rosterfile.Table, error) {
	if len(body) == 0 {
		return nil, httpx.BadRequest("the roster is empty; send JSON {students}, a CSV or XLSX file, or a OneRoster zip")
	}
	if mt, _, err := mime.ParseMediaType(ctype); err == nil {
		ctype = mt
	}
	switch ctype {
	case "", "text/csv", "text/plain", "application/csv", "application/octet-stream", "application/zip",
		"application/x-zip-compressed", "application/vnd.ms-excel",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
	default:
		if filename == "" { // a multipart part's type is the browser's guess; trust the content there
			return nil, httpx.NewProblem(415, "unsupported-media-type",
				"send application/json {students}, text/csv, an XLSX workbook, or a OneRoster 1.2 CSV bundle (application/zip)")
		}
	}
	format := rosterfile.Detect(body[:min(len(body), 512)], filename, ctype)
	rep.Format = format
	switch format {
	case rosterfile.FormatCSV:
		t, err := rosterfile.ParseCSV(bytes.NewReader(body), opts)
		if t != nil {
			rep.Encoding, rep.Rows = t.Encoding, len(t.Rows)+countRows(t.Problems)
		}
		return t, err
	case rosterfile.FormatXLSX:
		t, err := rosterfile.ParseXLSX(bytes.NewReader(body), int64(len(body)), opts)
		if t != nil {
			rep.Rows = len(t.Rows) + countRows(t.Problems)
		}
		return t, err
	case rosterfile.FormatOneRoster:
		b, err := rosterfile.ParseOneRoster(bytes.NewReader(body), int64(len(body)), opts)
		if err != nil {
			return nil, err
		}
		t := oneRosterStudents(b)
		rep.Rows = len(t.Rows) + countRows(t.Problems)
		return t, nil
	}
	return nil, httpx.NewProblem(415, "unsupported-media-type",
		"send application/json {students}, text/csv, an XLSX workbook, or a OneRoster 1.2 CSV bundle (zip)")
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			return strings.TrimSpace(x)
		}
	}
	return ""
}

// countRows counts the distinct rows that have problems.
func countRows(ps []rosterfile.RowProblem) int {
	rows := map[int]bool{}
	for _, p := range ps {
		rows[p.Row] = true
	}
	return len(rows)
}

// ImportFile imports a roster file into the org's cohort named cohortName
// (created if missing): the `ohtalent import` command.
func (s *Service) ImportFile(ctx context.Context, orgCode, cohortName, filename string, body []byte, dryRun bool, mode string, progress Progress) (*Report, error) {
	orgID, err := s.orgIDByCode(ctx, orgCode)
	if err != nil {
		return nil, err
	}
	var cohortID string
	if err := s.db.R.WithContext(ctx).Raw("SELECT id FROM cohorts WHERE org_id = ? AND name = ? ORDER BY id LIMIT 1", orgID, cohortName).Scan(&cohortID).Error; err != nil {
		return nil, err
	}
	if cohortID == "" {
		now := time.Now().UTC()
		cohortID = db.NewID()
		if err := s.db.W.WithContext(ctx).Create(&Cohort{ID: cohortID, OrgID: orgID, Name: cohortName, CreatedAt: now, UpdatedAt: now}).Error; err != nil {
			return nil, err
		}
	}
	co, err := s.cohortInOrg(ctx, s.db.R, orgID, cohortID)
	if err != nil {
		return nil, err
	}
	rep := &Report{CohortID: co.ID, Mode: mode, DryRun: dryRun, Rejected: []Problem{}}
	table, err := parseFile(body, filename, "", rosterfile.Options{}, rep)
	if err != nil {
		return nil, err
	}
	return rep, s.importTable(ctx, co, table, rep, progress)
}

// ImportOneRosterFile maps a OneRoster bundle onto the org with this code
// (the `ohtalent import` command without --cohort).
func (s *Service) ImportOneRosterFile(ctx context.Context, orgCode string, body []byte, dryRun bool, mode string, progress Progress) (*OneRosterReport, error) {
	orgID, err := s.orgIDByCode(ctx, orgCode)
	if err != nil {
		return nil, err
	}
	return s.ImportOneRoster(ctx, orgID, body, rosterfile.Options{}, dryRun, mode, progress)
}

func (s *Service) orgIDByCode(ctx context.Context, code string) (string, error) {
	var orgID string
	if err := s.db.R.WithContext(ctx).Raw("SELECT id FROM orgs WHERE code = ?", strings.ToUpper(code)).Scan(&orgID).Error; err != nil {
		return "", err
	}
	if orgID == "" {
		return "", fmt.Errorf("no organization with code %s", code)
	}
	return orgID, nil
}

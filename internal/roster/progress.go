package roster

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"github.com/ohtalent/ohtalent/internal/tabular"
)

// StudentProgress is one student's standing in each of the cohort's tracks.
type StudentProgress struct {
	UserID        string          `json:"userId"`
	StudentNumber string          `json:"studentNumber"`
	Name          string          `json:"name"`
	Email         string          `json:"email"`
	Status        string          `json:"status"`
	Tracks        []TrackProgress `json:"tracks"`
}

// TrackProgress is a student's progress toward one track's certificate.
type TrackProgress struct {
	Track            string `json:"track"`
	LabsPassed       int    `json:"labsPassed"`
	LabsRequired     int    `json:"labsRequired"`
	Percent          int    `json:"percent"`
	ScorePercent     int    `json:"scorePercent"`
	Eligible         bool   `json:"certificateEligible"`
	CredentialID     string `json:"credentialId,omitempty"`
	CredentialStatus string `json:"credentialStatus,omitempty"`
}

// handleProgress reports every member's progress in the cohort's tracks,
// as JSON, CSV (?format=csv) or XLSX (?format=xlsx). Three queries cover
// the whole cohort, however large.
func (s *Service) handleProgress(c *gin.Context) {
	ctx := c.Request.Context()
	orgID := c.Param("orgId")
	co, err := s.cohortInOrg(ctx, s.db.R, orgID, c.Param("cohortId"))
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	format, err := tabular.CheckFormat(c.Query("format"))
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	var rows []struct {
		UserID, StudentNumber, Name, Email, Status string
	}
	if err := s.db.R.WithContext(ctx).Raw(`SELECT cm.user_id, COALESCE(os.student_number, '') AS student_number, u.display_name AS name, u.email, cm.status
		FROM cohort_members cm JOIN users u ON u.id = cm.user_id
		LEFT JOIN org_students os ON os.user_id = u.id AND os.org_id = ?
		WHERE cm.cohort_id = ? ORDER BY student_number, cm.user_id`, orgID, co.ID).Scan(&rows).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	members := make([]StudentProgress, len(rows))
	for i, r := range rows {
		members[i] = StudentProgress{UserID: r.UserID, StudentNumber: r.StudentNumber, Name: r.Name, Email: r.Email, Status: r.Status}
	}
	var scores []struct {
		UserID, LabSlug string
		BestScore       int
	}
	if err := s.db.R.WithContext(ctx).Raw(`SELECT ls.user_id, ls.lab_slug, ls.best_score FROM lab_scores ls
		JOIN cohort_members cm ON cm.user_id = ls.user_id WHERE cm.cohort_id = ?`, co.ID).Scan(&scores).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	var creds []struct {
		UserID, TrackSlug, ID, Status string
	}
	if err := s.db.R.WithContext(ctx).Raw(`SELECT cr.user_id, cr.track_slug, cr.id, cr.status FROM credentials cr
		JOIN cohort_members cm ON cm.user_id = cr.user_id WHERE cm.cohort_id = ?`, co.ID).Scan(&creds).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	best := map[string]map[string]int{}
	for _, sc := range scores {
		if best[sc.UserID] == nil {
			best[sc.UserID] = map[string]int{}
		}
		best[sc.UserID][sc.LabSlug] = sc.BestScore
	}
	held := map[string][2]string{}
	for _, cr := range creds {
		held[cr.UserID+"\x00"+cr.TrackSlug] = [2]string{cr.ID, cr.Status}
	}
	cat := s.catalog.Catalog()
	for i := range members {
		m := &members[i]
		m.Tracks = []TrackProgress{}
		for _, slug := range co.Tracks {
			t := cat.Track(slug)
			if t == nil {
				continue
			}
			tp := TrackProgress{Track: slug, LabsRequired: len(t.Certificate.Labs)}
			tp.LabsPassed, tp.ScorePercent, tp.Eligible = catalog.EvaluateRule(t, best[m.UserID])
			if tp.LabsRequired > 0 {
				tp.Percent = 100 * tp.LabsPassed / tp.LabsRequired
				if tp.Percent == 100 && !tp.Eligible {
					tp.Percent = 99 // as in learner progress: the score share gates the last step
				}
			}
			if h, ok := held[m.UserID+"\x00"+slug]; ok {
				tp.CredentialID, tp.CredentialStatus = h[0], h[1]
			}
			m.Tracks = append(m.Tracks, tp)
		}
	}
	switch format {
	case "json":
		httpx.JSON(c, http.StatusOK, httpx.List[StudentProgress]{Items: members})
	default:
		tabular.Send(c, format, "cohort-progress", progressTable(co, members))
	}
}

// progressTable lays the report out with a bilingual header, every cell
// defused against formula injection.
func progressTable(co *Cohort, members []StudentProgress) [][]string {
	header := []string{"学号 student_number", "姓名 name", "邮箱 email", "状态 status"}
	for _, t := range co.Tracks {
		header = append(header, t+" 通过实验 labs_passed", t+" 进度% percent", t+" 可获证 eligible", t+" 证书 credential")
	}
	out := [][]string{header}
	for _, m := range members {
		row := []string{tabular.SafeCell(m.StudentNumber), tabular.SafeCell(m.Name), tabular.SafeCell(m.Email), m.Status}
		for _, tp := range m.Tracks {
			row = append(row, fmt.Sprintf("%d/%d", tp.LabsPassed, tp.LabsRequired), strconv.Itoa(tp.Percent),
				strconv.FormatBool(tp.Eligible), strings.TrimSpace(tp.CredentialID+" "+tp.CredentialStatus))
		}
		out = append(out, row)
	}
	return out
}

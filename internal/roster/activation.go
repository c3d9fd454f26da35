package roster

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"github.com/ohtalent/ohtalent/internal/tabular"
	"gorm.io/gorm"
)

// ActivationLink is what a university hands to one student.
type ActivationLink struct {
	StudentNumber string `json:"studentNumber"`
	Name          string `json:"name"`
	Email         string `json:"email"`
	URL           string `json:"url"`
}

// handleActivationLinks makes fresh one-time activation links for the
// cohort's active members who have not activated yet (older links stop
// working). The answer is never cached or stored: it holds secrets.
// ?format=csv gives a spreadsheet for mail merge.
func (s *Service) handleActivationLinks(c *gin.Context) {
	ctx := c.Request.Context()
	orgID := c.Param("orgId")
	co, err := s.cohortInOrg(ctx, s.db.R, orgID, c.Param("cohortId"))
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	links := []ActivationLink{}
	err = s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var rows []struct {
			UserID, StudentNumber, DisplayName, Email string
		}
		if err := tx.Raw(`SELECT u.id AS user_id, COALESCE(os.student_number, '') AS student_number, u.display_name, u.email
			FROM cohort_members cm JOIN users u ON u.id = cm.user_id
			LEFT JOIN org_students os ON os.user_id = u.id AND os.org_id = ?
			WHERE cm.cohort_id = ? AND cm.status = 'active' AND u.password_hash = '' ORDER BY os.student_number`, orgID, co.ID).Scan(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			tok, err := auth.NewActivationToken(ctx, tx, r.UserID)
			if err != nil {
				return err
			}
			links = append(links, ActivationLink{StudentNumber: r.StudentNumber, Name: r.DisplayName, Email: r.Email,
				URL: s.publicURL + "/activate?token=" + tok})
		}
		return nil
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	if c.Query("format") == "csv" {
		table := [][]string{{"学号 student_number", "姓名 name", "邮箱 email", "激活链接 activation_url"}}
		for _, l := range links {
			table = append(table, []string{tabular.SafeCell(l.StudentNumber), tabular.SafeCell(l.Name), tabular.SafeCell(l.Email), l.URL})
		}
		tabular.Send(c, "csv", "activation-links", table)
		return
	}
	httpx.JSON(c, http.StatusOK, httpx.List[ActivationLink]{Items: links})
}

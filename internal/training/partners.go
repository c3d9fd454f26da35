package training

import (
	"context"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"gorm.io/gorm"
)

// partnerOrder loads an order only if orgID is invited to it: an order the
// school was not invited to is "not found".
func (s *Service) partnerOrder(ctx context.Context, g *gorm.DB, orgID, orderID string) (*orderRow, string, error) {
	var status []string
	err := g.WithContext(ctx).Raw("SELECT status FROM training_order_partners WHERE order_id = ? AND org_id = ?", orderID, orgID).Scan(&status).Error
	if err != nil {
		return nil, "", err
	}
	var rows []orderRow
	if len(status) == 1 {
		if err := g.WithContext(ctx).Where("id = ?", orderID).Limit(1).Find(&rows).Error; err != nil {
			return nil, "", err
		}
	}
	if len(rows) == 0 {
		return nil, "", httpx.NotFound("order")
	}
	return &rows[0], status[0], nil
}

func (s *Service) handleListPartnerOrders(c *gin.Context) {
	page, err := httpx.ParsePage(c)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	orgID := c.Param("orgId")
	q := `SELECT o.* FROM training_orders o JOIN training_order_partners p ON p.order_id = o.id AND p.org_id = ?
		WHERE o.id > ?`
	args := []any{orgID, page.After}
	if st := c.Query("status"); st != "" {
		if st != PartnerInvited && st != PartnerAccepted && st != PartnerDeclined {
			httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "status", Message: "must be invited, accepted or declined"}))
			return
		}
		q += " AND p.status = ?"
		args = append(args, st)
	}
	var rows []orderRow
	if err := s.db.R.WithContext(c.Request.Context()).Raw(q+" ORDER BY o.id LIMIT ?", append(args, page.Limit+1)...).Scan(&rows).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	s.respondOrders(c, rows, page, orgID)
}

func (s *Service) handleGetPartnerOrder(c *gin.Context) {
	orgID := c.Param("orgId")
	row, _, err := s.partnerOrder(c.Request.Context(), s.db.R, orgID, c.Param("orderId"))
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.respondOrder(c, s.db.R, row, orgID, http.StatusOK)
}

type respondRequest struct {
	Decision string `json:"decision"`
	Note     string `json:"note"`
}

// handleRespond records a school's answer to an invitation. A school may
// change its mind while the order is open; declining unlinks its cohorts
// (hires already confirmed stay).
func (s *Service) handleRespond(c *gin.Context) {
	var req respondRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	var v httpx.Validation
	status := map[string]string{"accept": PartnerAccepted, "decline": PartnerDeclined}[req.Decision]
	if status == "" {
		v.Add("decision", "must be accept or decline")
	}
	req.Note = strings.TrimSpace(req.Note)
	if utf8.RuneCountInString(req.Note) > 1000 {
		v.Add("note", "must be at most 1000 characters")
	}
	if err := v.Err(); err != nil {
		httpx.Abort(c, err)
		return
	}
	ctx := c.Request.Context()
	orgID := c.Param("orgId")
	var row *orderRow
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var previous string
		var err error
		if row, previous, err = s.partnerOrder(ctx, tx, orgID, c.Param("orderId")); err != nil {
			return err
		}
		if row.Status != OrderOpen {
			return httpx.Conflict("the order is " + row.Status + "; answers are taken only while it is open")
		}
		now := s.now().UTC()
		if err := tx.Exec(`UPDATE training_order_partners SET status = ?, note = ?, responded_by = ?, responded_at = ?
			WHERE order_id = ? AND org_id = ?`, status, req.Note, auth.Current(c).User.ID, now, row.ID, orgID).Error; err != nil {
			return err
		}
		// The event is the school's (it answered); the note is free text
		// and stays out of it.
		details := map[string]any{"response": status, "previous": previous, "orderOrgId": row.OrgID}
		if status == PartnerDeclined {
			res := tx.Exec("DELETE FROM training_order_cohorts WHERE order_id = ? AND org_id = ?", row.ID, orgID)
			if res.Error != nil {
				return res.Error
			}
			details["unlinkedCohorts"] = res.RowsAffected
		}
		return audit.Record(ctx, tx, audit.Entry{Action: audit.PartnerResponded, OrgID: orgID, TargetType: targetOrder, TargetID: row.ID,
			Details: details})
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.log.Info("training order answered", "order_id", row.ID, "org_id", orgID, "decision", req.Decision)
	s.respondOrder(c, s.db.W, row, orgID, http.StatusOK)
}

type linkCohortRequest struct {
	CohortID string `json:"cohortId"`
}

// handleLinkCohort links one of the school's own cohorts to an order it
// accepted; another org's cohort is "not found".
func (s *Service) handleLinkCohort(c *gin.Context) {
	var req linkCohortRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	if req.CohortID == "" {
		httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "cohortId", Message: "is required"}))
		return
	}
	ctx := c.Request.Context()
	orgID := c.Param("orgId")
	var row *orderRow
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var status string
		var err error
		if row, status, err = s.partnerOrder(ctx, tx, orgID, c.Param("orderId")); err != nil {
			return err
		}
		var n int64
		if err := tx.Raw("SELECT COUNT(*) FROM cohorts WHERE id = ? AND org_id = ?", req.CohortID, orgID).Scan(&n).Error; err != nil {
			return err
		}
		switch {
		case n == 0:
			return httpx.NotFound("cohort")
		case row.Status != OrderOpen:
			return httpx.Conflict("the order is " + row.Status + "; cohorts are linked only while it is open")
		case status != PartnerAccepted:
			return httpx.Conflict("accept the order first (POST .../response with decision accept), then link cohorts")
		}
		err = tx.Exec("INSERT INTO training_order_cohorts (order_id, cohort_id, org_id, linked_by, linked_at) VALUES (?, ?, ?, ?, ?)",
			row.ID, req.CohortID, orgID, auth.Current(c).User.ID, s.now().UTC()).Error
		if db.IsUniqueViolation(err) {
			return httpx.Conflict("this cohort is already linked to the order")
		}
		return err
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.respondOrder(c, s.db.W, row, orgID, http.StatusCreated)
}

func (s *Service) handleUnlinkCohort(c *gin.Context) {
	ctx := c.Request.Context()
	orgID := c.Param("orgId")
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row, _, err := s.partnerOrder(ctx, tx, orgID, c.Param("orderId"))
		if err != nil {
			return err
		}
		res := tx.Exec("DELETE FROM training_order_cohorts WHERE order_id = ? AND cohort_id = ? AND org_id = ?", row.ID, c.Param("cohortId"), orgID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return httpx.NotFound("linked cohort")
		}
		return nil
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

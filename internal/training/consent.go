package training

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"github.com/ohtalent/ohtalent/internal/org"
	"gorm.io/gorm"
)

// Consent scopes.
const (
	ScopeOrder      = "order"
	ScopeConsortium = "consortium"
)

// A learner's consent lets enterprises see their profile (display name,
// school, credentials; email only when they chose to share it):
//
//   - scope "order": the enterprise that placed one order, for that order;
//   - scope "consortium": every enterprise of a consortium, for each of
//     their orders that trains the learner (links one of their cohorts).
//
// Either way an enterprise sees a person only among the active members of
// the cohorts linked to its order, and only while a consent is in force:
// every read checks the database, so a withdrawal takes effect on the
// very next request.

// Consent is a learner's consent as they see it.
type Consent struct {
	ID          string         `json:"id"`
	Scope       string         `json:"scope"`
	Order       *ConsentOrder  `json:"order"`
	Consortium  *ConsortiumRef `json:"consortium"`
	ShareEmail  bool           `json:"shareEmail"`
	CreatedAt   time.Time      `json:"createdAt"`
	UpdatedAt   time.Time      `json:"updatedAt"`
	WithdrawnAt *time.Time     `json:"withdrawnAt"`
}

// ConsentOrder names the order a consent covers and who placed it.
type ConsentOrder struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Org   OrgRef `json:"org"`
}

// ConsortiumRef names a consortium.
type ConsortiumRef struct {
	ID   string   `json:"id"`
	Code string   `json:"code"`
	Name org.Text `json:"name"`
}

type consentRow struct {
	ID           string     `gorm:"column:id;primaryKey"`
	UserID       string     `gorm:"column:user_id"`
	Scope        string     `gorm:"column:scope"`
	OrderID      *string    `gorm:"column:order_id"`
	ConsortiumID *string    `gorm:"column:consortium_id"`
	ShareEmail   bool       `gorm:"column:share_email"`
	CreatedAt    time.Time  `gorm:"column:created_at"`
	UpdatedAt    time.Time  `gorm:"column:updated_at"`
	WithdrawnAt  *time.Time `gorm:"column:withdrawn_at"`
}

func (consentRow) TableName() string { return "training_consents" }

// consents describes consent rows for their holder.
func (s *Service) consents(ctx context.Context, g *gorm.DB, rows []consentRow) ([]Consent, error) {
	out := make([]Consent, len(rows))
	var orderIDs, consortiumIDs []string
	for _, r := range rows {
		if r.OrderID != nil {
			orderIDs = append(orderIDs, *r.OrderID)
		}
		if r.ConsortiumID != nil {
			consortiumIDs = append(consortiumIDs, *r.ConsortiumID)
		}
	}
	orders := map[string]ConsentOrder{}
	if len(orderIDs) > 0 {
		var os []struct{ ID, Title, OrgID string }
		if err := g.WithContext(ctx).Raw("SELECT id, title, org_id FROM training_orders WHERE id IN ?", orderIDs).Scan(&os).Error; err != nil {
			return nil, err
		}
		ids := make([]string, len(os))
		for i, o := range os {
			ids[i] = o.OrgID
		}
		refs, err := orgRefs(ctx, g, ids)
		if err != nil {
			return nil, err
		}
		for _, o := range os {
			orders[o.ID] = ConsentOrder{ID: o.ID, Title: o.Title, Org: refs[o.OrgID]}
		}
	}
	consortiums, err := consortiumRefs(ctx, g, consortiumIDs)
	if err != nil {
		return nil, err
	}
	for i, r := range rows {
		c := Consent{ID: r.ID, Scope: r.Scope, ShareEmail: r.ShareEmail, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
		if r.WithdrawnAt != nil {
			t := r.WithdrawnAt.UTC()
			c.WithdrawnAt = &t
		}
		if r.OrderID != nil {
			o := orders[*r.OrderID]
			c.Order = &o
		}
		if r.ConsortiumID != nil {
			x := consortiums[*r.ConsortiumID]
			c.Consortium = &x
		}
		out[i] = c
	}
	return out, nil
}

func consortiumRefs(ctx context.Context, g *gorm.DB, ids []string) (map[string]ConsortiumRef, error) {
	out := map[string]ConsortiumRef{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct{ ID, Code, NameZh, NameEn string }
	if err := g.WithContext(ctx).Raw("SELECT id, code, name_zh, name_en FROM consortiums WHERE id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = ConsortiumRef{ID: r.ID, Code: r.Code, Name: org.Text{Zh: r.NameZh, En: r.NameEn}}
	}
	return out, nil
}

func (s *Service) handleListConsents(c *gin.Context) {
	ctx := c.Request.Context()
	q := s.db.R.WithContext(ctx).Where("user_id = ?", auth.Current(c).User.ID)
	switch c.Query("include") {
	case "":
		q = q.Where("withdrawn_at IS NULL")
	case "withdrawn":
	default:
		httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "include", Message: "must be withdrawn or absent"}))
		return
	}
	var rows []consentRow
	if err := q.Order("id").Find(&rows).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	list, err := s.consents(ctx, s.db.R, rows)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, httpx.List[Consent]{Items: list})
}

type consentRequest struct {
	OrderID      *string `json:"orderId"`
	ConsortiumID *string `json:"consortiumId"`
	ShareEmail   bool    `json:"shareEmail"`
}

// learnerOrgsSQL lists the orgs a learner belongs to as a student: those
// of the cohorts they are an active member of, and those where they hold
// an active student role.
const learnerOrgsSQL = `SELECT c.org_id FROM cohort_members cm JOIN cohorts c ON c.id = cm.cohort_id
	WHERE cm.user_id = ? AND cm.status = 'active'
	UNION SELECT org_id FROM memberships WHERE user_id = ? AND role = 'student' AND status = 'active'`

// handleGiveConsent records a consent, or updates shareEmail on the one
// already in force for the same order or consortium.
func (s *Service) handleGiveConsent(c *gin.Context) {
	var req consentRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	if (req.OrderID == nil) == (req.ConsortiumID == nil) {
		httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "orderId", Message: "send exactly one of orderId (one order's enterprise) or consortiumId (every enterprise of a consortium)"}))
		return
	}
	ctx := c.Request.Context()
	userID := auth.Current(c).User.ID
	var out consentRow
	created := false
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row := consentRow{UserID: userID, OrderID: req.OrderID, ConsortiumID: req.ConsortiumID, ShareEmail: req.ShareEmail}
		var n int64
		if req.OrderID != nil {
			// Only an order that trains the learner can be consented to;
			// any other order id is "not found".
			row.Scope = ScopeOrder
			err := tx.Raw(`SELECT COUNT(*) FROM training_order_cohorts oc JOIN cohort_members cm ON cm.cohort_id = oc.cohort_id
				WHERE oc.order_id = ? AND cm.user_id = ? AND cm.status = 'active'`, *req.OrderID, userID).Scan(&n).Error
			if err != nil {
				return err
			}
			if n == 0 {
				return httpx.NotFound("order")
			}
		} else {
			row.Scope = ScopeConsortium
			var exists int64
			if err := tx.Raw("SELECT COUNT(*) FROM consortiums WHERE id = ?", *req.ConsortiumID).Scan(&exists).Error; err != nil {
				return err
			}
			if exists == 0 {
				return httpx.NotFound("consortium")
			}
			err := tx.Raw(`SELECT COUNT(*) FROM consortium_members WHERE consortium_id = ? AND org_id IN (`+learnerOrgsSQL+`)`,
				*req.ConsortiumID, userID, userID).Scan(&n).Error
			if err != nil {
				return err
			}
			if n == 0 {
				return httpx.Invalid(httpx.FieldError{Field: "consortiumId", Message: "you are not a student of any member organization of this consortium"})
			}
		}
		now := s.now().UTC()
		var existing []consentRow
		q := tx.Where("user_id = ? AND withdrawn_at IS NULL", userID)
		if req.OrderID != nil {
			q = q.Where("order_id = ?", *req.OrderID)
		} else {
			q = q.Where("consortium_id = ?", *req.ConsortiumID)
		}
		if err := q.Limit(1).Find(&existing).Error; err != nil {
			return err
		}
		if len(existing) == 1 {
			out = existing[0]
			out.ShareEmail, out.UpdatedAt = req.ShareEmail, now
			return tx.Model(&consentRow{}).Where("id = ?", out.ID).Updates(map[string]any{"share_email": out.ShareEmail, "updated_at": now}).Error
		}
		row.ID, row.CreatedAt, row.UpdatedAt = db.NewID(), now, now
		if err := tx.Create(&row).Error; err != nil {
			if db.IsUniqueViolation(err) {
				return httpx.Conflict("a consent for this was just given; reload")
			}
			return err
		}
		out, created = row, true
		return nil
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	list, err := s.consents(ctx, s.db.W, []consentRow{out})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		c.Header("Location", "/api/v1/me/consents/"+out.ID)
	}
	httpx.JSON(c, status, list[0])
}

// handleWithdrawConsent withdraws a consent at once. The row is kept,
// marked withdrawn, because hires confirmed under it cite it.
func (s *Service) handleWithdrawConsent(c *gin.Context) {
	ctx := c.Request.Context()
	userID := auth.Current(c).User.ID
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var rows []consentRow
		if err := tx.Raw("SELECT * FROM training_consents WHERE id = ? AND user_id = ?"+s.forUpdate(), c.Param("consentId"), userID).Scan(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return httpx.NotFound("consent")
		}
		if rows[0].WithdrawnAt != nil {
			return nil // already withdrawn: the same end state
		}
		now := s.now().UTC()
		return tx.Model(&consentRow{}).Where("id = ?", rows[0].ID).Updates(map[string]any{"withdrawn_at": now, "updated_at": now}).Error
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.log.Info("consent withdrawn", "consent_id", c.Param("consentId"))
	c.Status(http.StatusNoContent)
}

// ConsentOptions are what a learner may consent to: the open orders that
// train them (link one of their cohorts) and the consortiums their schools
// belong to, each with the consent in force, if any.
type ConsentOptions struct {
	Orders      []OrderOption      `json:"orders"`
	Consortiums []ConsortiumOption `json:"consortiums"`
}

// OrderOption is an order that trains the learner.
type OrderOption struct {
	Order     ConsentOrder `json:"order"`
	Tracks    []string     `json:"tracks"`
	Deadline  time.Time    `json:"deadline"`
	School    OrgRef       `json:"school"`
	ConsentID *string      `json:"consentId"`
}

// ConsortiumOption is a consortium one of the learner's schools belongs to.
type ConsortiumOption struct {
	Consortium ConsortiumRef `json:"consortium"`
	ConsentID  *string       `json:"consentId"`
}

func (s *Service) handleConsentOptions(c *gin.Context) {
	ctx := c.Request.Context()
	g := s.db.R.WithContext(ctx)
	userID := auth.Current(c).User.ID
	var orders []struct {
		ID, Title, OrgID, SchoolID string
		Deadline                   time.Time
	}
	if err := g.Raw(`SELECT o.id, o.title, o.org_id, MIN(oc.org_id) AS school_id, o.deadline FROM training_orders o
		JOIN training_order_cohorts oc ON oc.order_id = o.id
		JOIN cohort_members cm ON cm.cohort_id = oc.cohort_id AND cm.user_id = ? AND cm.status = 'active'
		WHERE o.status = ? GROUP BY o.id, o.title, o.org_id, o.deadline ORDER BY o.id`, userID, OrderOpen).Scan(&orders).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	var consortiumIDs []string
	if err := g.Raw(`SELECT DISTINCT consortium_id FROM consortium_members WHERE org_id IN (`+learnerOrgsSQL+`) ORDER BY consortium_id`,
		userID, userID).Scan(&consortiumIDs).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	var active []consentRow
	if err := g.Where("user_id = ? AND withdrawn_at IS NULL", userID).Find(&active).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	byTarget := map[string]*string{}
	for _, a := range active {
		id := a.ID
		if a.OrderID != nil {
			byTarget[*a.OrderID] = &id
		}
		if a.ConsortiumID != nil {
			byTarget[*a.ConsortiumID] = &id
		}
	}
	var orgIDs, orderIDs []string
	for _, o := range orders {
		orgIDs = append(orgIDs, o.OrgID, o.SchoolID)
		orderIDs = append(orderIDs, o.ID)
	}
	refs, err := orgRefs(ctx, s.db.R, orgIDs)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	tracks := map[string][]string{}
	if len(orderIDs) > 0 {
		var ts []struct{ OrderID, TrackSlug string }
		if err := g.Raw("SELECT order_id, track_slug FROM training_order_tracks WHERE order_id IN ? ORDER BY track_slug", orderIDs).Scan(&ts).Error; err != nil {
			httpx.Abort(c, err)
			return
		}
		for _, t := range ts {
			tracks[t.OrderID] = append(tracks[t.OrderID], t.TrackSlug)
		}
	}
	consortiums, err := consortiumRefs(ctx, s.db.R, consortiumIDs)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	out := ConsentOptions{Orders: []OrderOption{}, Consortiums: []ConsortiumOption{}}
	for _, o := range orders {
		out.Orders = append(out.Orders, OrderOption{Order: ConsentOrder{ID: o.ID, Title: o.Title, Org: refs[o.OrgID]},
			Tracks: nonNil(tracks[o.ID]), Deadline: o.Deadline.UTC(), School: refs[o.SchoolID], ConsentID: byTarget[o.ID]})
	}
	for _, id := range consortiumIDs {
		out.Consortiums = append(out.Consortiums, ConsortiumOption{Consortium: consortiums[id], ConsentID: byTarget[id]})
	}
	httpx.JSON(c, http.StatusOK, out)
}

package training

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"github.com/ohtalent/ohtalent/internal/org"
	"gorm.io/gorm"
)

// Order statuses. Cancelled is final; a closed order can be reopened.
const (
	OrderOpen      = "open"
	OrderClosed    = "closed"
	OrderCancelled = "cancelled"
)

// Partner statuses.
const (
	PartnerInvited  = "invited"
	PartnerAccepted = "accepted"
	PartnerDeclined = "declined"
)

// Limits of an order's fields.
const (
	maxHeadcount = 100000
	maxTracks    = 10
	maxSkills    = 30
	maxPartners  = 50
)

// chinaTime is the zone a bare date means: the platform serves Chongqing.
var chinaTime = time.FixedZone("CST", 8*3600)

// orderRow is a training_orders row.
type orderRow struct {
	ID           string    `gorm:"column:id;primaryKey"`
	OrgID        string    `gorm:"column:org_id"`
	ConsortiumID *string   `gorm:"column:consortium_id"`
	Title        string    `gorm:"column:title"`
	Headcount    int       `gorm:"column:headcount"`
	Deadline     time.Time `gorm:"column:deadline"`
	Skills       string    `gorm:"column:skills"`
	Notes        string    `gorm:"column:notes"`
	Status       string    `gorm:"column:status"`
	CreatedBy    string    `gorm:"column:created_by"`
	CreatedAt    time.Time `gorm:"column:created_at"`
	UpdatedAt    time.Time `gorm:"column:updated_at"`
}

func (orderRow) TableName() string { return "training_orders" }

// Order is a training order as both sides see it.
type Order struct {
	ID           string    `json:"id"`
	Org          OrgRef    `json:"org"`
	ConsortiumID *string   `json:"consortiumId"`
	Title        string    `json:"title"`
	Tracks       []string  `json:"tracks"`
	Headcount    int       `json:"headcount"`
	Deadline     time.Time `json:"deadline"`
	Skills       []string  `json:"skills"`
	Notes        string    `json:"notes"`
	Status       string    `json:"status"`
	Partners     []Partner `json:"partners"`
	Progress     Progress  `json:"progress"`
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt"`
}

// Partner is a school invited to an order, with its answer, the cohorts
// it links and its share of the progress.
type Partner struct {
	Org         OrgRef      `json:"org"`
	Status      string      `json:"status"`
	Note        string      `json:"note"`
	InvitedAt   time.Time   `json:"invitedAt"`
	RespondedAt *time.Time  `json:"respondedAt"`
	Cohorts     []CohortRef `json:"cohorts"`
	Progress    Counts      `json:"progress"`
}

// CohortRef is a cohort linked to an order.
type CohortRef struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Term     string    `json:"term"`
	LinkedAt time.Time `json:"linkedAt"`
}

type orderInput struct {
	Title         *string  `json:"title"`
	Tracks        []string `json:"tracks"`
	Headcount     *int     `json:"headcount"`
	Deadline      *string  `json:"deadline"`
	Skills        []string `json:"skills"`
	Notes         *string  `json:"notes"`
	PartnerOrgIDs []string `json:"partnerOrgIds"`
	ConsortiumID  *string  `json:"consortiumId"`
	Status        *string  `json:"status"`
}

// validate checks the fields present (create requires title, tracks,
// headcount, deadline and partners) and returns the parsed deadline.
func (s *Service) validateOrder(in *orderInput, create bool) (time.Time, httpx.Validation) {
	var v httpx.Validation
	var deadline time.Time
	if in.Title != nil {
		t := strings.TrimSpace(*in.Title)
		in.Title = &t
		if n := utf8.RuneCountInString(t); n == 0 || n > 120 {
			v.Add("title", "must be 1 to 120 characters, such as 鸿蒙应用开发工程师 20 名")
		}
	} else if create {
		v.Add("title", "is required")
	}
	if in.Tracks != nil || create {
		if len(in.Tracks) == 0 || len(in.Tracks) > maxTracks {
			v.Add("tracks", "list 1 to %d tracks of the catalog (GET /api/v1/tracks)", maxTracks)
		}
		for i, t := range in.Tracks {
			if s.catalog.Catalog().Track(t) == nil {
				v.Add("tracks", "entry %d (%q) is not a track of the catalog", i, t)
			}
		}
		slices.Sort(in.Tracks)
		in.Tracks = slices.Compact(in.Tracks)
	}
	if in.Headcount != nil {
		if *in.Headcount < 1 || *in.Headcount > maxHeadcount {
			v.Add("headcount", "must be a whole number from 1 to %d", maxHeadcount)
		}
	} else if create {
		v.Add("headcount", "is required")
	}
	if in.Deadline != nil {
		d, msg := parseDeadline(*in.Deadline, s.now())
		if msg != "" {
			v.Add("deadline", "%s", msg)
		}
		deadline = d
	} else if create {
		v.Add("deadline", "is required")
	}
	if in.Skills != nil {
		if len(in.Skills) > maxSkills {
			v.Add("skills", "may list at most %d skills", maxSkills)
		}
		for i := range in.Skills {
			in.Skills[i] = strings.TrimSpace(in.Skills[i])
			if n := utf8.RuneCountInString(in.Skills[i]); n == 0 || n > 40 {
				v.Add("skills", "entry %d must be 1 to 40 characters, such as ArkTS", i)
			}
		}
	}
	if in.Notes != nil {
		n := strings.TrimSpace(*in.Notes)
		in.Notes = &n
		if utf8.RuneCountInString(n) > 4000 {
			v.Add("notes", "must be at most 4000 characters")
		}
	}
	if create {
		if len(in.PartnerOrgIDs) == 0 || len(in.PartnerOrgIDs) > maxPartners {
			v.Add("partnerOrgIds", "invite 1 to %d partner schools (ids from GET /api/v1/orgs?kind=university)", maxPartners)
		}
		if in.Status != nil {
			v.Add("status", "a new order is open; change its status later")
		}
	} else {
		if in.PartnerOrgIDs != nil {
			v.Add("partnerOrgIds", "invite more partners with POST /api/v1/orgs/{orgId}/orders/{orderId}/partners")
		}
		if in.ConsortiumID != nil {
			v.Add("consortiumId", "cannot change after the order is placed")
		}
		if in.Status != nil && !slices.Contains([]string{OrderOpen, OrderClosed, OrderCancelled}, *in.Status) {
			v.Add("status", "must be open, closed or cancelled")
		}
	}
	return deadline, v
}

// parseDeadline reads an RFC 3339 date-time, or a bare date meaning the
// end of that day in China Standard Time, and requires it in the future.
func parseDeadline(raw string, now time.Time) (time.Time, string) {
	raw = strings.TrimSpace(raw)
	d, err := time.Parse(time.RFC3339, raw)
	if err != nil {
		day, derr := time.ParseInLocation(time.DateOnly, raw, chinaTime)
		if derr != nil {
			return time.Time{}, "must be a date (2027-06-30) or an RFC 3339 date-time"
		}
		d = day.Add(24*time.Hour - time.Second)
	}
	d = d.UTC().Truncate(time.Second)
	switch {
	case !d.After(now):
		return d, "must be in the future"
	case d.After(now.AddDate(5, 0, 0)):
		return d, "must be within five years"
	}
	return d, ""
}

// checkPartners requires every id to name a school (university or
// vocational college) other than the ordering org.
func checkPartners(ctx context.Context, g *gorm.DB, orderOrg string, ids []string, field string) (httpx.Validation, error) {
	var v httpx.Validation
	refs, err := orgRefs(ctx, g, ids)
	if err != nil {
		return nil, err
	}
	for i, id := range ids {
		o, ok := refs[id]
		switch {
		case !ok:
			v.Add(field, "entry %d (%q) is not an existing organization", i, id)
		case id == orderOrg:
			v.Add(field, "entry %d is the ordering organization itself", i)
		case o.Kind != org.KindUniversity && o.Kind != org.KindVocationalCollege:
			v.Add(field, "entry %d (%s) is a %s, not a university or vocational college", i, o.Code, o.Kind)
		}
	}
	return v, nil
}

func (s *Service) handleCreateOrder(c *gin.Context) {
	var in orderInput
	if err := httpx.BindJSON(c, &in); err != nil {
		httpx.Abort(c, err)
		return
	}
	ctx := c.Request.Context()
	orgID := c.Param("orgId")
	deadline, v := s.validateOrder(&in, true)
	slices.Sort(in.PartnerOrgIDs)
	in.PartnerOrgIDs = slices.Compact(in.PartnerOrgIDs)
	pv, err := checkPartners(ctx, s.db.R, orgID, in.PartnerOrgIDs, "partnerOrgIds")
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	v = append(v, pv...)
	refs, err := orgRefs(ctx, s.db.R, []string{orgID})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	orderer, ok := refs[orgID]
	if !ok {
		httpx.Abort(c, httpx.NotFound("organization"))
		return
	}
	// Enterprises order for themselves; a consortium's lead org (often a
	// school or a park) orders for the consortium.
	if in.ConsortiumID != nil {
		var lead []string
		if err := s.db.R.WithContext(ctx).Raw("SELECT lead_org_id FROM consortiums WHERE id = ?", *in.ConsortiumID).Scan(&lead).Error; err != nil {
			httpx.Abort(c, err)
			return
		}
		if len(lead) == 0 {
			v.Add("consortiumId", "is not an existing consortium")
		} else if lead[0] != orgID {
			v.Add("consortiumId", "your organization is not this consortium's lead organization")
		}
	} else if orderer.Kind != org.KindEnterprise {
		httpx.Abort(c, httpx.Forbidden("only an enterprise, or a consortium's lead organization naming its consortium in consortiumId, may place training orders"))
		return
	}
	if err := v.Err(); err != nil {
		httpx.Abort(c, err)
		return
	}
	skills, _ := json.Marshal(nonNil(in.Skills))
	now := s.now().UTC()
	row := orderRow{ID: db.NewID(), OrgID: orgID, ConsortiumID: in.ConsortiumID, Title: *in.Title, Headcount: *in.Headcount,
		Deadline: deadline, Skills: string(skills), Notes: deref(in.Notes), Status: OrderOpen,
		CreatedBy: auth.Current(c).User.ID, CreatedAt: now, UpdatedAt: now}
	var out *Order
	err = s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		for _, t := range in.Tracks {
			if err := tx.Exec("INSERT INTO training_order_tracks (order_id, track_slug) VALUES (?, ?)", row.ID, t).Error; err != nil {
				return err
			}
		}
		for _, p := range in.PartnerOrgIDs {
			if err := tx.Exec("INSERT INTO training_order_partners (order_id, org_id, status, invited_at) VALUES (?, ?, ?, ?)",
				row.ID, p, PartnerInvited, now).Error; err != nil {
				return err
			}
		}
		details := map[string]any{"tracks": in.Tracks, "headcount": row.Headcount, "partners": len(in.PartnerOrgIDs), "status": row.Status}
		if row.ConsortiumID != nil {
			details["consortiumId"] = *row.ConsortiumID
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: audit.OrderCreated, OrgID: orgID, TargetType: targetOrder, TargetID: row.ID,
			Details: details}); err != nil {
			return err
		}
		list, err := s.loadOrders(ctx, tx, []orderRow{row}, "")
		if err != nil {
			return err
		}
		out = &list[0]
		return nil
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.log.Info("training order placed", "order_id", row.ID, "org_id", orgID, "headcount", row.Headcount)
	c.Header("Location", "/api/v1/orgs/"+orgID+"/orders/"+row.ID)
	httpx.JSON(c, http.StatusCreated, out)
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// orderOf loads an order only if orgID placed it: another org's order id
// is "not found", never its data.
func (s *Service) orderOf(ctx context.Context, g *gorm.DB, orgID, orderID string) (*orderRow, error) {
	var rows []orderRow
	if err := g.WithContext(ctx).Where("id = ? AND org_id = ?", orderID, orgID).Limit(1).Find(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, httpx.NotFound("order")
	}
	return &rows[0], nil
}

func (s *Service) handleListOrders(c *gin.Context) {
	page, err := httpx.ParsePage(c)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	q := s.db.R.WithContext(c.Request.Context()).Where("org_id = ? AND id > ?", c.Param("orgId"), page.After)
	if st := c.Query("status"); st != "" {
		if !slices.Contains([]string{OrderOpen, OrderClosed, OrderCancelled}, st) {
			httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "status", Message: "must be open, closed or cancelled"}))
			return
		}
		q = q.Where("status = ?", st)
	}
	var rows []orderRow
	if err := q.Order("id").Limit(page.Limit + 1).Find(&rows).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	s.respondOrders(c, rows, page, "")
}

// respondOrders answers a page of orders as seen by viewer ("" for the
// ordering org, else the partner org's id).
func (s *Service) respondOrders(c *gin.Context, rows []orderRow, page httpx.Page, viewer string) {
	list, err := s.loadOrders(c.Request.Context(), s.db.R, rows, viewer)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, httpx.NewList(list, page, func(o Order) string { return o.ID }))
}

func (s *Service) handleGetOrder(c *gin.Context) {
	ctx := c.Request.Context()
	row, err := s.orderOf(ctx, s.db.R, c.Param("orgId"), c.Param("orderId"))
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.respondOrder(c, s.db.R, row, "", http.StatusOK)
}

func (s *Service) respondOrder(c *gin.Context, g *gorm.DB, row *orderRow, viewer string, status int) {
	list, err := s.loadOrders(c.Request.Context(), g, []orderRow{*row}, viewer)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, status, list[0])
}

func (s *Service) handleUpdateOrder(c *gin.Context) {
	var in orderInput
	if err := httpx.BindJSON(c, &in); err != nil {
		httpx.Abort(c, err)
		return
	}
	deadline, v := s.validateOrder(&in, false)
	if err := v.Err(); err != nil {
		httpx.Abort(c, err)
		return
	}
	ctx := c.Request.Context()
	var row *orderRow
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if row, err = s.orderOf(ctx, tx, c.Param("orgId"), c.Param("orderId")); err != nil {
			return err
		}
		if row.Status == OrderCancelled {
			return httpx.Conflict("a cancelled order cannot be changed; place a new order")
		}
		changes := map[string]any{"updated_at": s.now().UTC()}
		var logged changeSet
		if in.Title != nil {
			changes["title"] = *in.Title
			logged.note("title", *in.Title != row.Title)
		}
		if in.Headcount != nil {
			changes["headcount"] = *in.Headcount
			logged.note("headcount", *in.Headcount != row.Headcount)
		}
		if in.Deadline != nil {
			changes["deadline"] = deadline
			logged.note("deadline", !deadline.Equal(row.Deadline))
		}
		if in.Skills != nil {
			raw, _ := json.Marshal(in.Skills)
			changes["skills"] = string(raw)
			logged.note("skills", string(raw) != row.Skills)
		}
		if in.Notes != nil {
			changes["notes"] = *in.Notes
			logged.note("notes", *in.Notes != row.Notes)
		}
		if in.Status != nil {
			changes["status"] = *in.Status
			logged.status(row.Status, *in.Status)
		}
		if in.Tracks != nil {
			var before []string
			if err := tx.Raw("SELECT track_slug FROM training_order_tracks WHERE order_id = ?", row.ID).Scan(&before).Error; err != nil {
				return err
			}
			slices.Sort(before) // as in.Tracks is: byte order, not the database's collation
			logged.note("tracks", !slices.Equal(before, in.Tracks))
		}
		if err := tx.Model(&orderRow{}).Where("id = ?", row.ID).Updates(changes).Error; err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, logged.entry(audit.OrderChanged, row.OrgID, targetOrder, row.ID)); err != nil {
			return err
		}
		if in.Tracks != nil {
			if err := tx.Exec("DELETE FROM training_order_tracks WHERE order_id = ?", row.ID).Error; err != nil {
				return err
			}
			for _, t := range in.Tracks {
				if err := tx.Exec("INSERT INTO training_order_tracks (order_id, track_slug) VALUES (?, ?)", row.ID, t).Error; err != nil {
					return err
				}
			}
		}
		return tx.Where("id = ?", row.ID).Take(row).Error
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.respondOrder(c, s.db.W, row, "", http.StatusOK)
}

type invitePartnerRequest struct {
	PartnerOrgID string `json:"partnerOrgId"`
}

func (s *Service) handleInvitePartner(c *gin.Context) {
	var req invitePartnerRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	ctx := c.Request.Context()
	orgID := c.Param("orgId")
	var row *orderRow
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if row, err = s.orderOf(ctx, tx, orgID, c.Param("orderId")); err != nil {
			return err
		}
		v, err := checkPartners(ctx, tx, orgID, []string{req.PartnerOrgID}, "partnerOrgId")
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if row.Status != OrderOpen {
			return httpx.Conflict("the order is " + row.Status + "; only open orders take new partners")
		}
		err = tx.Exec("INSERT INTO training_order_partners (order_id, org_id, status, invited_at) VALUES (?, ?, ?, ?)",
			row.ID, req.PartnerOrgID, PartnerInvited, s.now().UTC()).Error
		if db.IsUniqueViolation(err) {
			return httpx.Conflict("this school is already invited to the order")
		}
		return err
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.respondOrder(c, s.db.W, row, "", http.StatusCreated)
}

// loadOrders assembles orders with their tracks, partners, cohorts and
// progress in a fixed number of queries however many orders a page holds.
// viewer "" is the ordering org, which sees every partner's cohorts; a
// partner sees the others' answers and counts but only its own cohorts.
func (s *Service) loadOrders(ctx context.Context, g *gorm.DB, rows []orderRow, viewer string) ([]Order, error) {
	out := make([]Order, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]string, len(rows))
	orgIDs := []string{}
	at := map[string]*Order{}
	for i, r := range rows {
		ids[i] = r.ID
		orgIDs = append(orgIDs, r.OrgID)
		o := Order{ID: r.ID, Org: OrgRef{ID: r.OrgID}, ConsortiumID: r.ConsortiumID, Title: r.Title, Tracks: []string{},
			Headcount: r.Headcount, Deadline: r.Deadline.UTC(), Skills: []string{}, Notes: r.Notes, Status: r.Status,
			Partners: []Partner{}, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
		_ = json.Unmarshal([]byte(r.Skills), &o.Skills)
		out[i] = o
		at[r.ID] = &out[i]
	}
	var tracks []struct{ OrderID, TrackSlug string }
	if err := g.WithContext(ctx).Raw("SELECT order_id, track_slug FROM training_order_tracks WHERE order_id IN ? ORDER BY track_slug", ids).Scan(&tracks).Error; err != nil {
		return nil, err
	}
	for _, t := range tracks {
		at[t.OrderID].Tracks = append(at[t.OrderID].Tracks, t.TrackSlug)
	}
	var partners []struct {
		OrderID, OrgID, Status, Note string
		InvitedAt                    time.Time
		RespondedAt                  *time.Time
	}
	if err := g.WithContext(ctx).Raw(`SELECT order_id, org_id, status, note, invited_at, responded_at FROM training_order_partners
		WHERE order_id IN ? ORDER BY invited_at, org_id`, ids).Scan(&partners).Error; err != nil {
		return nil, err
	}
	for _, p := range partners {
		orgIDs = append(orgIDs, p.OrgID)
	}
	var cohorts []struct {
		OrderID, OrgID, ID, Name, Term string
		LinkedAt                       time.Time
	}
	if err := g.WithContext(ctx).Raw(`SELECT oc.order_id, oc.org_id, c.id, c.name, c.term, oc.linked_at FROM training_order_cohorts oc
		JOIN cohorts c ON c.id = oc.cohort_id WHERE oc.order_id IN ? ORDER BY c.name, c.id`, ids).Scan(&cohorts).Error; err != nil {
		return nil, err
	}
	refs, err := orgRefs(ctx, g, orgIDs)
	if err != nil {
		return nil, err
	}
	totals, perPartner, err := s.counts(ctx, g, ids)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	for i := range out {
		o := &out[i]
		o.Org = refs[o.Org.ID]
		o.Progress = progressOf(rows[i], totals[o.ID], now)
	}
	for _, p := range partners {
		cs := []CohortRef{}
		if viewer == "" || viewer == p.OrgID {
			for _, co := range cohorts {
				if co.OrderID == p.OrderID && co.OrgID == p.OrgID {
					cs = append(cs, CohortRef{ID: co.ID, Name: co.Name, Term: co.Term, LinkedAt: co.LinkedAt.UTC()})
				}
			}
		}
		var responded *time.Time
		if p.RespondedAt != nil {
			t := p.RespondedAt.UTC()
			responded = &t
		}
		o := at[p.OrderID]
		o.Partners = append(o.Partners, Partner{Org: refs[p.OrgID], Status: p.Status, Note: p.Note, InvitedAt: p.InvitedAt.UTC(),
			RespondedAt: responded, Cohorts: cs, Progress: perPartner[p.OrderID+"\x00"+p.OrgID]})
	}
	return out, nil
}

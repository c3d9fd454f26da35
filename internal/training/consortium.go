package training

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/httpx"
)

// maxJointOrders bounds the orders a consortium view lists (newest
// first); the totals cover every joint order.
const maxJointOrders = 200

// ConsortiumTraining is a consortium's shared view of order-based
// training: aggregates only, no person.
type ConsortiumTraining struct {
	Consortium ConsortiumRef `json:"consortium"`
	LeadOrgID  string        `json:"leadOrgId"`
	Members    []OrgRef      `json:"members"`
	// Orders are the joint orders, newest first: placed by the lead org
	// (or for the consortium), or placed by a member with at least one
	// partner school inside the consortium. Cohorts are not listed here.
	Orders          []Order          `json:"orders"`
	OrdersTruncated bool             `json:"ordersTruncated"`
	Totals          ConsortiumTotals `json:"totals"`
	Placements      ConsortiumHires  `json:"placements"`
}

// ConsortiumTotals adds up every joint order.
type ConsortiumTotals struct {
	Counts
	Orders     int   `json:"orders"`
	OpenOrders int   `json:"openOrders"`
	Headcount  int64 `json:"headcount"`
}

// ConsortiumHires counts the hires of joint orders by hiring org and by
// start month.
type ConsortiumHires struct {
	Total   int64          `json:"total"`
	ByOrg   []OrgHires     `json:"byOrg"`
	ByMonth []MonthlyHires `json:"byMonth"`
}

// OrgHires counts one org's hires.
type OrgHires struct {
	Org   OrgRef `json:"org"`
	Hires int64  `json:"hires"`
}

// jointOrdersSQL selects a consortium's joint orders. Parameters: the
// consortium id four times.
const jointOrdersSQL = `SELECT o.* FROM training_orders o WHERE o.consortium_id = ?
	OR o.org_id = (SELECT lead_org_id FROM consortiums WHERE id = ?)
	OR (o.org_id IN (SELECT org_id FROM consortium_members WHERE consortium_id = ?)
		AND EXISTS (SELECT 1 FROM training_order_partners p JOIN consortium_members m ON m.org_id = p.org_id
			WHERE p.order_id = o.id AND m.consortium_id = ?))
	ORDER BY o.id DESC`

// handleConsortium serves the view to platform admins and to org_admins
// of the consortium's member orgs.
func (s *Service) handleConsortium(c *gin.Context) {
	ctx := c.Request.Context()
	g := s.db.R.WithContext(ctx)
	id := c.Param("consortiumId")
	var heads []struct{ ID, Code, NameZh, NameEn, LeadOrgID string }
	if err := g.Raw("SELECT id, code, name_zh, name_en, lead_org_id FROM consortiums WHERE id = ?", id).Scan(&heads).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	if len(heads) == 0 {
		httpx.Abort(c, httpx.NotFound("consortium"))
		return
	}
	var memberIDs []string
	if err := g.Raw("SELECT org_id FROM consortium_members WHERE consortium_id = ?", id).Scan(&memberIDs).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	p := auth.Current(c)
	allowed := p.IsPlatformAdmin()
	for _, m := range memberIDs {
		allowed = allowed || p.HasOrgRole(m, auth.RoleOrgAdmin)
	}
	if !allowed {
		httpx.Abort(c, httpx.Forbidden("the consortium view is for org_admins of its member organizations and platform admins"))
		return
	}
	var rows []orderRow
	if err := g.Raw(jointOrdersSQL+" LIMIT ?", id, id, id, id, 5000).Scan(&rows).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	h := heads[0]
	out := ConsortiumTraining{Consortium: ConsortiumRef{ID: h.ID, Code: h.Code}, LeadOrgID: h.LeadOrgID, Members: []OrgRef{},
		Placements: ConsortiumHires{ByOrg: []OrgHires{}, ByMonth: []MonthlyHires{}}}
	out.Consortium.Name.Zh, out.Consortium.Name.En = h.NameZh, h.NameEn
	refs, err := orgRefs(ctx, s.db.R, memberIDs)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	for _, m := range memberIDs {
		out.Members = append(out.Members, refs[m])
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
		out.Totals.Orders++
		out.Totals.Headcount += int64(r.Headcount)
		if r.Status == OrderOpen {
			out.Totals.OpenOrders++
		}
	}
	if len(rows) > maxJointOrders {
		rows, out.OrdersTruncated = rows[:maxJointOrders], true
	}
	// "-" is no partner: cohorts stay with the orderer and each school.
	if out.Orders, err = s.loadOrders(ctx, s.db.R, rows, "-"); err != nil {
		httpx.Abort(c, err)
		return
	}
	if len(ids) > 0 {
		totals, _, err := s.counts(ctx, s.db.R, ids)
		if err != nil {
			httpx.Abort(c, err)
			return
		}
		for _, t := range totals {
			out.Totals.add(t)
		}
		var byOrg []struct {
			OrgID string
			Hires int64
		}
		if err := g.Raw(`SELECT org_id, COUNT(*) AS hires FROM training_placements WHERE order_id IN ? GROUP BY org_id ORDER BY org_id`, ids).Scan(&byOrg).Error; err != nil {
			httpx.Abort(c, err)
			return
		}
		var hirers []string
		for _, b := range byOrg {
			hirers = append(hirers, b.OrgID)
		}
		hrefs, err := orgRefs(ctx, s.db.R, hirers)
		if err != nil {
			httpx.Abort(c, err)
			return
		}
		for _, b := range byOrg {
			out.Placements.ByOrg = append(out.Placements.ByOrg, OrgHires{Org: hrefs[b.OrgID], Hires: b.Hires})
			out.Placements.Total += b.Hires
		}
		if err := g.Raw(`SELECT substr(start_date, 1, 7) AS month, COUNT(*) AS hires FROM training_placements WHERE order_id IN ?
			GROUP BY substr(start_date, 1, 7) ORDER BY month`, ids).Scan(&out.Placements.ByMonth).Error; err != nil {
			httpx.Abort(c, err)
			return
		}
	}
	httpx.JSON(c, http.StatusOK, out)
}

package training

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/credential"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"github.com/ohtalent/ohtalent/internal/tabular"
	"gorm.io/gorm"
)

// Placement is a confirmed hire: who, on which credential (verified at
// the moment of confirmation), for which order, from when.
type Placement struct {
	ID          string              `json:"id"`
	Order       OrderRef            `json:"order"`
	Person      PersonRef           `json:"person"`
	Credential  PlacementCredential `json:"credential"`
	School      *OrgRef             `json:"school"`
	StartDate   string              `json:"startDate"`
	ConfirmedBy PersonRef           `json:"confirmedBy"`
	ConfirmedAt time.Time           `json:"confirmedAt"`
}

// OrderRef names an order.
type OrderRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// PlacementCredential is the credential a hire was confirmed on.
type PlacementCredential struct {
	ID         string    `json:"id"`
	Track      string    `json:"track"`
	IssuedAt   time.Time `json:"issuedAt"`
	VerifiedAt time.Time `json:"verifiedAt"`
}

type hireRequest struct {
	UserID       string `json:"userId"`
	CredentialID string `json:"credentialId"`
	StartDate    string `json:"startDate"`
}

var datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// refuse is a hire refused for a reason the enterprise can act on; the
// problem type names the reason.
func refuse(slug, field, detail string) *httpx.Problem {
	p := httpx.NewProblem(http.StatusUnprocessableEntity, slug, detail)
	p.Errors = []httpx.FieldError{{Field: field, Message: detail}}
	return p
}

// verdictProblem maps a verification verdict other than valid to the
// reason a hire is refused.
func verdictProblem(check credential.VerifyResult) *httpx.Problem {
	reason := strings.Join(check.Reasons, "; ")
	switch check.Verdict {
	case credential.Revoked:
		return refuse("credential-revoked", "credentialId", "the credential was revoked by its issuer: "+reason)
	case credential.Suspended:
		return refuse("credential-suspended", "credentialId", "the credential is suspended by its issuer: "+reason)
	case credential.Expired:
		return refuse("credential-expired", "credentialId", "the credential has expired: "+reason)
	}
	return refuse("credential-invalid", "credentialId", "the credential does not verify ("+string(check.Verdict)+"): "+reason)
}

// handleHire confirms the hire of a candidate. Inside one transaction it
// checks that a consent covering the order is in force (locking it, so a
// withdrawal waits for the hire or wins before it) and that the person is
// one the order trains; then it verifies the credential as POST /verify
// does (holder, signature, dates, live status) and that it certifies one
// of the order's tracks; only then is the placement written. Consent is
// checked first so that a person who never consented leaks nothing about
// their credentials.
func (s *Service) handleHire(c *gin.Context) {
	var req hireRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	now := s.now().UTC()
	var v httpx.Validation
	if req.UserID == "" {
		v.Add("userId", "is required: the candidate's userId from the candidates list")
	}
	if req.CredentialID == "" {
		v.Add("credentialId", "is required: the id of the credential the hire rests on")
	}
	start, err := time.ParseInLocation(time.DateOnly, req.StartDate, chinaTime)
	switch {
	case !datePattern.MatchString(req.StartDate) || err != nil:
		v.Add("startDate", "must be a date such as 2026-09-01")
	case start.Before(now.AddDate(-1, 0, -1)) || start.After(now.AddDate(1, 0, 1)):
		v.Add("startDate", "must be within a year of today")
	}
	if err := v.Err(); err != nil {
		httpx.Abort(c, err)
		return
	}
	ctx := c.Request.Context()
	orgID := c.Param("orgId")
	actor := auth.Current(c).User.ID
	var out *Placement
	err = s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		order, err := s.orderOf(ctx, tx, orgID, c.Param("orderId"))
		if err != nil {
			return err
		}
		if order.Status != OrderOpen {
			return httpx.Conflict("the order is " + order.Status + "; hires are confirmed only on open orders")
		}
		var consents []consentRow
		if err := tx.Raw(`SELECT tc.* FROM training_consents tc WHERE tc.user_id = ? AND `+coversSQL+` ORDER BY tc.scope DESC, tc.id`+s.forUpdate(),
			req.UserID, order.ID, orgID).Scan(&consents).Error; err != nil {
			return err
		}
		if len(consents) == 0 {
			return refuse("no-consent", "userId", "this person has not consented (or has withdrawn consent) to share their profile with your organization for this order")
		}
		var pool []struct{ UserID, SchoolID string }
		if err := tx.Raw(poolSQL+" AND cm.user_id = ? GROUP BY cm.user_id", order.ID, req.UserID).Scan(&pool).Error; err != nil {
			return err
		}
		if len(pool) == 0 {
			return refuse("not-a-candidate", "userId", "this person is not an active member of a cohort linked to this order")
		}
		held, err := s.creds.CheckHeld(ctx, req.CredentialID)
		if err != nil {
			return err
		}
		switch {
		case held == nil || held.UserID != req.UserID:
			return refuse("credential-not-held", "credentialId", "this person holds no credential with this id")
		case held.Check.Verdict != credential.Valid:
			return verdictProblem(held.Check)
		}
		var tracks []string
		if err := tx.Raw("SELECT track_slug FROM training_order_tracks WHERE order_id = ?", order.ID).Scan(&tracks).Error; err != nil {
			return err
		}
		if !slices.Contains(tracks, held.TrackSlug) {
			return refuse("credential-wrong-track", "credentialId", "the credential certifies "+held.TrackSlug+", which is not one of the order's tracks ("+strings.Join(tracks, ", ")+")")
		}
		id := db.NewID()
		// scope DESC puts an order consent before a consortium one.
		err = tx.Exec(`INSERT INTO training_placements (id, order_id, org_id, user_id, credential_id, consent_id, partner_org_id, track_slug,
			start_date, verified_at, confirmed_by, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, order.ID, orgID, req.UserID, held.ID, consents[0].ID, pool[0].SchoolID, held.TrackSlug, req.StartDate, now, actor, now).Error
		if db.IsUniqueViolation(err) {
			return httpx.Conflict("this person's hire for this order is already confirmed")
		}
		if err != nil {
			return err
		}
		// Ids and the track only: who was hired is in the placement, for
		// those allowed to see it.
		if err := audit.Record(ctx, tx, audit.Entry{Action: audit.HireConfirmed, OrgID: orgID, TargetType: targetPlacement, TargetID: id,
			Details: map[string]any{"orderId": order.ID, "track": held.TrackSlug}}); err != nil {
			return err
		}
		list, err := s.placements(ctx, tx, "tp.id = ?", []any{id}, 1)
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
	s.log.Info("hire confirmed", "placement_id", out.ID, "order_id", out.Order.ID, "org_id", orgID, "credential_id", out.Credential.ID)
	httpx.JSON(c, http.StatusCreated, out)
}

// placements loads placements matching where (on training_placements tp)
// in id order, at most limit of them.
func (s *Service) placements(ctx context.Context, g *gorm.DB, where string, args []any, limit int) ([]Placement, error) {
	var rows []struct {
		ID, OrderID, OrderTitle, UserID, DisplayName, CredentialID, TrackSlug string
		CredentialIssuedAt, VerifiedAt, ConfirmedAt                           time.Time
		PartnerOrgID                                                          *string
		StartDate, ConfirmedBy, ConfirmedByName                               string
	}
	err := g.WithContext(ctx).Raw(`SELECT tp.id, tp.order_id, o.title AS order_title, tp.user_id, u.display_name, tp.credential_id,
			tp.track_slug, cr.issued_at AS credential_issued_at, tp.verified_at, tp.confirmed_at, tp.partner_org_id, tp.start_date,
			tp.confirmed_by, COALESCE(cu.display_name, '') AS confirmed_by_name
		FROM training_placements tp JOIN training_orders o ON o.id = tp.order_id JOIN users u ON u.id = tp.user_id
		JOIN credentials cr ON cr.id = tp.credential_id LEFT JOIN users cu ON cu.id = tp.confirmed_by
		WHERE `+where+` ORDER BY tp.id LIMIT ?`, append(args, limit)...).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	var schools []string
	for _, r := range rows {
		if r.PartnerOrgID != nil {
			schools = append(schools, *r.PartnerOrgID)
		}
	}
	refs, err := orgRefs(ctx, g, schools)
	if err != nil {
		return nil, err
	}
	out := make([]Placement, len(rows))
	for i, r := range rows {
		p := Placement{ID: r.ID, Order: OrderRef{ID: r.OrderID, Title: r.OrderTitle}, Person: PersonRef{ID: r.UserID, DisplayName: r.DisplayName},
			Credential: PlacementCredential{ID: r.CredentialID, Track: r.TrackSlug, IssuedAt: r.CredentialIssuedAt.UTC(), VerifiedAt: r.VerifiedAt.UTC()},
			StartDate:  r.StartDate, ConfirmedBy: PersonRef{ID: r.ConfirmedBy, DisplayName: r.ConfirmedByName}, ConfirmedAt: r.ConfirmedAt.UTC()}
		if r.PartnerOrgID != nil {
			if ref, ok := refs[*r.PartnerOrgID]; ok {
				p.School = &ref
			}
		}
		out[i] = p
	}
	return out, nil
}

// placementFilter reads ?orderId= and ?month=YYYY-MM (of the start date).
func placementFilter(c *gin.Context) (string, []any, error) {
	where, args := "tp.org_id = ?", []any{c.Param("orgId")}
	if id := c.Query("orderId"); id != "" {
		where += " AND tp.order_id = ?"
		args = append(args, id)
	}
	if m := c.Query("month"); m != "" {
		if _, err := time.Parse("2006-01", m); err != nil {
			return "", nil, httpx.Invalid(httpx.FieldError{Field: "month", Message: "must be a month such as 2026-09"})
		}
		where += " AND substr(tp.start_date, 1, 7) = ?"
		args = append(args, m)
	}
	return where, args, nil
}

// maxExportRows bounds one export; subsidy reports are per month or order.
const maxExportRows = 100000

// handlePlacements lists the org's confirmed hires, or exports them for
// subsidy programs as CSV or XLSX (?format=), the whole filtered set.
func (s *Service) handlePlacements(c *gin.Context) {
	format, err := tabular.CheckFormat(c.Query("format"))
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	where, args, err := placementFilter(c)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	ctx := c.Request.Context()
	if format != "json" {
		list, err := s.placements(ctx, s.db.R, where, args, maxExportRows)
		if err != nil {
			httpx.Abort(c, err)
			return
		}
		tabular.Send(c, format, "placements", placementTable(list))
		return
	}
	page, err := httpx.ParsePage(c)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	list, err := s.placements(ctx, s.db.R, where+" AND tp.id > ?", append(args, page.After), page.Limit+1)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, httpx.NewList(list, page, func(p Placement) string { return p.ID }))
}

// placementTable lays hires out for subsidy programs, bilingual header,
// every free-text cell defused against formula injection.
func placementTable(list []Placement) [][]string {
	out := [][]string{{"录用编号 placement_id", "订单 order", "订单编号 order_id", "姓名 name", "证书编号 credential_id",
		"方向 track", "发证日期 credential_issued_on", "入职日期 start_date", "核验时间 verified_at", "确认时间 confirmed_at",
		"培养院校 school", "确认人 confirmed_by"}}
	for _, p := range list {
		school := ""
		if p.School != nil {
			school = p.School.Name.Zh
		}
		out = append(out, []string{p.ID, tabular.SafeCell(p.Order.Title), p.Order.ID, tabular.SafeCell(p.Person.DisplayName), p.Credential.ID,
			p.Credential.Track, p.Credential.IssuedAt.In(chinaTime).Format(time.DateOnly), p.StartDate,
			p.Credential.VerifiedAt.Format(time.RFC3339), p.ConfirmedAt.Format(time.RFC3339),
			tabular.SafeCell(school), tabular.SafeCell(p.ConfirmedBy.DisplayName)})
	}
	return out
}

// PlacementSummary counts an org's hires per order and per start month.
type PlacementSummary struct {
	Total   int64          `json:"total"`
	ByOrder []OrderHires   `json:"byOrder"`
	ByMonth []MonthlyHires `json:"byMonth"`
}

// OrderHires is one order's hires against its headcount.
type OrderHires struct {
	Order     OrderRef `json:"order"`
	Headcount int      `json:"headcount"`
	Hires     int64    `json:"hires"`
}

// MonthlyHires counts hires starting in a month (YYYY-MM).
type MonthlyHires struct {
	Month string `json:"month"`
	Hires int64  `json:"hires"`
}

func (s *Service) handlePlacementSummary(c *gin.Context) {
	ctx := c.Request.Context()
	g := s.db.R.WithContext(ctx)
	orgID := c.Param("orgId")
	out := PlacementSummary{ByOrder: []OrderHires{}, ByMonth: []MonthlyHires{}}
	var byOrder []struct {
		ID, Title string
		Headcount int
		Hires     int64
	}
	if err := g.Raw(`SELECT o.id, o.title, o.headcount, COUNT(tp.id) AS hires FROM training_orders o
		LEFT JOIN training_placements tp ON tp.order_id = o.id WHERE o.org_id = ?
		GROUP BY o.id, o.title, o.headcount ORDER BY o.id`, orgID).Scan(&byOrder).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	for _, o := range byOrder {
		out.ByOrder = append(out.ByOrder, OrderHires{Order: OrderRef{ID: o.ID, Title: o.Title}, Headcount: o.Headcount, Hires: o.Hires})
		out.Total += o.Hires
	}
	if err := g.Raw(`SELECT substr(start_date, 1, 7) AS month, COUNT(*) AS hires FROM training_placements WHERE org_id = ?
		GROUP BY substr(start_date, 1, 7) ORDER BY month`, orgID).Scan(&out.ByMonth).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, out)
}

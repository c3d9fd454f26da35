package training

import (
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/credential"
	"github.com/ohtalent/ohtalent/internal/httpx"
)

// coversSQL is true when a consent (alias tc) in force covers an order for
// its enterprise: a consent to that order, or to a consortium the
// enterprise belongs to. Parameters: order id, enterprise org id.
const coversSQL = `tc.withdrawn_at IS NULL AND (tc.order_id = ?
	OR tc.consortium_id IN (SELECT consortium_id FROM consortium_members WHERE org_id = ?))`

// poolSQL selects the people an order trains: active members of its linked
// cohorts, with one of their schools. Parameter: order id.
const poolSQL = `SELECT cm.user_id, MIN(oc.org_id) AS school_id FROM training_order_cohorts oc
	JOIN cohort_members cm ON cm.cohort_id = oc.cohort_id AND cm.status = 'active'
	WHERE oc.order_id = ?`

// validCredentialSQL is true when a person (alias cm) holds a currently
// valid credential of one of the order's tracks. Parameters: order id,
// now, now.
const validCredentialSQL = `EXISTS (SELECT 1 FROM credentials cr JOIN training_order_tracks ot ON ot.track_slug = cr.track_slug
	WHERE ot.order_id = ? AND cr.user_id = cm.user_id AND cr.status = 'active'
	AND cr.valid_from <= ? AND (cr.valid_until IS NULL OR cr.valid_until > ?))`

// Candidate is a person an enterprise may consider for an order: one of
// the people the order trains who consented to be seen.
type Candidate struct {
	UserID      string `json:"userId"`
	DisplayName string `json:"displayName"`
	// Email is null unless the consent in force shares it.
	Email       *string               `json:"email"`
	School      OrgRef                `json:"school"`
	Consent     CandidateConsent      `json:"consent"`
	Certified   bool                  `json:"certified"`
	Credentials []CandidateCredential `json:"credentials"`
	Hire        *HireRef              `json:"hire"`
}

// CandidateConsent is the consent that lets the enterprise see a person;
// an order consent wins over a consortium one.
type CandidateConsent struct {
	ID    string    `json:"id"`
	Scope string    `json:"scope"`
	Since time.Time `json:"since"`
}

// CandidateCredential is one of a candidate's credentials. Valid reflects
// the stored status and dates; the signature is checked again when a hire
// is confirmed.
type CandidateCredential struct {
	ID           string     `json:"id"`
	Track        string     `json:"track"`
	Title        any        `json:"title"`
	Status       string     `json:"status"`
	Valid        bool       `json:"valid"`
	MatchesOrder bool       `json:"matchesOrder"`
	IssuedAt     time.Time  `json:"issuedAt"`
	ValidUntil   *time.Time `json:"validUntil"`
}

// HireRef points at a confirmed hire.
type HireRef struct {
	PlacementID string `json:"placementId"`
	StartDate   string `json:"startDate"`
}

// handleCandidates lists the consenting people of an order, by user id;
// ?certified=true keeps those holding a valid credential of its tracks.
func (s *Service) handleCandidates(c *gin.Context) {
	ctx := c.Request.Context()
	orgID := c.Param("orgId")
	order, err := s.orderOf(ctx, s.db.R, orgID, c.Param("orderId"))
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	page, err := httpx.ParsePage(c)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	now := s.now().UTC()
	q := poolSQL + ` AND cm.user_id > ? AND EXISTS (SELECT 1 FROM training_consents tc WHERE tc.user_id = cm.user_id AND ` + coversSQL + `)`
	args := []any{order.ID, page.After, order.ID, orgID}
	switch c.Query("certified") {
	case "":
	case "true":
		q += " AND " + validCredentialSQL
		args = append(args, order.ID, now, now)
	default:
		httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "certified", Message: "must be true or absent"}))
		return
	}
	var pool []struct{ UserID, SchoolID string }
	g := s.db.R.WithContext(ctx)
	if err := g.Raw(q+" GROUP BY cm.user_id ORDER BY cm.user_id LIMIT ?", append(args, page.Limit+1)...).Scan(&pool).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	out := make([]Candidate, len(pool))
	if len(pool) == 0 {
		httpx.JSON(c, http.StatusOK, httpx.NewList(out, page, func(x Candidate) string { return x.UserID }))
		return
	}
	ids, schools := make([]string, len(pool)), make([]string, len(pool))
	at := map[string]*Candidate{}
	for i, p := range pool {
		ids[i], schools[i] = p.UserID, p.SchoolID
		out[i] = Candidate{UserID: p.UserID, Credentials: []CandidateCredential{}}
		at[p.UserID] = &out[i]
	}
	var users []struct{ ID, DisplayName, Email string }
	if err := g.Raw("SELECT id, display_name, email FROM users WHERE id IN ?", ids).Scan(&users).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	var consents []consentRow
	if err := g.Raw(`SELECT tc.* FROM training_consents tc WHERE tc.user_id IN ? AND `+coversSQL+` ORDER BY tc.id`, ids, order.ID, orgID).Scan(&consents).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	var creds []struct {
		ID, UserID, TrackSlug, Status string
		IssuedAt, ValidFrom           time.Time
		ValidUntil                    *time.Time
	}
	if err := g.Raw(`SELECT id, user_id, track_slug, status, issued_at, valid_from, valid_until FROM credentials
		WHERE user_id IN ? ORDER BY issued_at`, ids).Scan(&creds).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	var hires []struct{ ID, UserID, StartDate string }
	if err := g.Raw("SELECT id, user_id, start_date FROM training_placements WHERE order_id = ? AND user_id IN ?", order.ID, ids).Scan(&hires).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	refs, err := orgRefs(ctx, s.db.R, schools)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	var tracks []string
	if err := g.Raw("SELECT track_slug FROM training_order_tracks WHERE order_id = ?", order.ID).Scan(&tracks).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	email := map[string]string{}
	for _, u := range users {
		at[u.ID].DisplayName = u.DisplayName
		email[u.ID] = u.Email
	}
	for i, p := range pool {
		out[i].School = refs[p.SchoolID]
	}
	for _, tc := range consents {
		cand := at[tc.UserID]
		// The most specific consent decides: an order consent wins.
		if cand.Consent.ID == "" || (tc.Scope == ScopeOrder && cand.Consent.Scope != ScopeOrder) {
			cand.Consent = CandidateConsent{ID: tc.ID, Scope: tc.Scope, Since: tc.CreatedAt.UTC()}
			cand.Email = nil
			if tc.ShareEmail {
				e := email[tc.UserID]
				cand.Email = &e
			}
		}
	}
	slugs := make([]string, len(creds))
	for i, cr := range creds {
		slugs[i] = cr.TrackSlug
	}
	events, err := s.achievementTitles(ctx, slugs)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	cat := s.catalog.Catalog()
	for _, cr := range creds {
		cand := at[cr.UserID]
		cc := CandidateCredential{ID: cr.ID, Track: cr.TrackSlug, Status: cr.Status, IssuedAt: cr.IssuedAt.UTC(),
			MatchesOrder: slices.Contains(tracks, cr.TrackSlug),
			Valid:        cr.Status == credential.StatusActive && !cr.ValidFrom.After(now) && (cr.ValidUntil == nil || cr.ValidUntil.After(now))}
		if cr.ValidUntil != nil {
			t := cr.ValidUntil.UTC()
			cc.ValidUntil = &t
		}
		if t := cat.Track(cr.TrackSlug); t != nil {
			cc.Title = t.Title
		} else if title, ok := events[cr.TrackSlug]; ok {
			cc.Title = title
		}
		cand.Certified = cand.Certified || (cc.Valid && cc.MatchesOrder)
		cand.Credentials = append(cand.Credentials, cc)
	}
	for _, h := range hires {
		at[h.UserID].Hire = &HireRef{PlacementID: h.ID, StartDate: h.StartDate}
	}
	httpx.JSON(c, http.StatusOK, httpx.NewList(out, page, func(x Candidate) string { return x.UserID }))
}

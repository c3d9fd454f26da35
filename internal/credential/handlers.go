package credential

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"gorm.io/gorm"
)

// View is a credential as its certificate page shows it.
type View struct {
	ID         string          `json:"id"`
	URL        string          `json:"url"`
	Status     string          `json:"status"`
	Verdict    Verdict         `json:"verdict"`
	HolderName string          `json:"holderName"`
	Track      TrackRef        `json:"track"`
	Issuer     IssuerRef       `json:"issuer"`
	IssuedAt   time.Time       `json:"issuedAt"`
	ValidFrom  time.Time       `json:"validFrom"`
	ValidUntil *time.Time      `json:"validUntil"`
	JWT        string          `json:"jwt"`
	Document   json.RawMessage `json:"document"`
}

// TrackRef names the track a credential certifies.
type TrackRef struct {
	Slug    string `json:"slug"`
	Version int    `json:"version"`
	Title   any    `json:"title"`
	Level   string `json:"level"`
}

// IssuerRef names the issuer.
type IssuerRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

func (s *Service) view(r *record) View {
	v := View{ID: r.ID, URL: s.issuer.BaseURL + "/c/" + r.ID, Status: r.Status, Verdict: verdictOf(r.Status, r.ValidFrom, r.ValidUntil, s.now()),
		Track:    TrackRef{Slug: r.TrackSlug, Version: r.TrackVersion},
		Issuer:   IssuerRef{ID: s.issuer.ID(), Name: s.issuer.Name, URL: s.issuer.BaseURL},
		IssuedAt: r.IssuedAt, ValidFrom: r.ValidFrom, ValidUntil: r.ValidUntil, JWT: r.JWT, Document: json.RawMessage(r.Document)}
	if t := s.catalog.Catalog().Track(r.TrackSlug); t != nil {
		v.Track.Title, v.Track.Level = t.Title, string(t.Level)
	} else if IsAchievement(r.TrackSlug) {
		v.Track.Title, v.Track.Level = achievementTitle(r), "competition"
	}
	var doc struct {
		CredentialSubject struct {
			Identifier []struct {
				IdentityType string `json:"identityType"`
				IdentityHash string `json:"identityHash"`
			} `json:"identifier"`
		} `json:"credentialSubject"`
	}
	_ = json.Unmarshal([]byte(r.Document), &doc)
	for _, id := range doc.CredentialSubject.Identifier {
		if id.IdentityType == "name" {
			v.HolderName = id.IdentityHash
		}
	}
	return v
}

// verdictOf is the verdict a credential's stored state alone implies.
func verdictOf(status string, validFrom time.Time, validUntil *time.Time, now time.Time) Verdict {
	switch {
	case status == StatusRevoked:
		return Revoked
	case status == StatusSuspended:
		return Suspended
	case validUntil != nil && now.After(*validUntil):
		return Expired
	case now.Before(validFrom.Add(-clockSkew)):
		return NotYetValid
	}
	return Valid
}

func (s *Service) load(c *gin.Context, g *gorm.DB) (*record, bool) {
	id := c.Param("credentialId")
	var rows []record
	if len(id) > 64 {
		httpx.Abort(c, httpx.NotFound("credential"))
		return nil, false
	}
	if err := g.WithContext(c.Request.Context()).Where("id = ?", id).Limit(1).Find(&rows).Error; err != nil {
		httpx.Abort(c, err)
		return nil, false
	}
	if len(rows) == 0 {
		httpx.Abort(c, httpx.NotFound("credential"))
		return nil, false
	}
	return &rows[0], true
}

// handleGet serves the certificate page's data. Everything in it but the
// status is fixed at issuance, so the encoded answer is kept per credential,
// status and catalog, and only the live status is read per request.
func (s *Service) handleGet(c *gin.Context) {
	id := c.Param("credentialId")
	if len(id) > 64 {
		httpx.Abort(c, httpx.NotFound("credential"))
		return
	}
	live, err := s.status.read(c.Request.Context(), id)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	if !live.Found {
		httpx.Abort(c, httpx.NotFound("credential"))
		return
	}
	key := pageKey{id: id, status: live.Status, verdict: verdictOf(live.Status, live.ValidFrom, live.ValidUntil, s.now()), cat: s.catalog.Catalog()}
	body, ok := s.cache.pages.get(key)
	if !ok {
		r, ok := s.load(c, s.db.R)
		if !ok {
			return
		}
		v := s.view(r)
		// The page shows the status it is kept under, even if the row
		// changed since the status was read.
		v.Status, v.Verdict = key.status, key.verdict
		body = httpx.EncodeJSON(v)
		s.cache.pages.put(key, body)
	}
	c.Header("Cache-Control", "no-cache") // status changes must show at once
	httpx.JSONEncoded(c, http.StatusOK, body)
}

func (s *Service) handleMine(c *gin.Context) {
	var rows []record
	if err := s.db.R.WithContext(c.Request.Context()).Where("user_id = ?", auth.Current(c).User.ID).Order("issued_at DESC").Find(&rows).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	out := make([]View, len(rows))
	for i := range rows {
		out[i] = s.view(&rows[i])
	}
	httpx.JSON(c, http.StatusOK, httpx.List[View]{Items: out})
}

type issueRequest struct {
	Email      string     `json:"email"`
	Track      string     `json:"track"`
	Evidence   string     `json:"evidence"`
	OrgID      *string    `json:"orgId"`
	ValidUntil *time.Time `json:"validUntil"`
}

// handleIssue is exam-based certification by hand, with an evidence note.
func (s *Service) handleIssue(c *gin.Context) {
	var req issueRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	ctx := c.Request.Context()
	var v httpx.Validation
	t := s.catalog.Catalog().Track(req.Track)
	if t == nil {
		v.Add("track", "is not a track of the catalog")
	}
	req.Evidence = strings.TrimSpace(req.Evidence)
	if req.Evidence == "" || utf8.RuneCountInString(req.Evidence) > 2000 {
		v.Add("evidence", "describe the evidence (exam, date, score) in 1 to 2000 characters")
	}
	if req.ValidUntil != nil && !req.ValidUntil.After(s.now()) {
		v.Add("validUntil", "must be in the future")
	}
	u, err := auth.UserByEmail(ctx, s.db.R, req.Email)
	if errors.Is(err, auth.ErrNoUser) {
		v.Add("email", "no account has this email")
	} else if err != nil {
		httpx.Abort(c, err)
		return
	}
	if err := v.Err(); err != nil {
		httpx.Abort(c, err)
		return
	}
	if req.ValidUntil != nil {
		vu := req.ValidUntil.UTC().Truncate(time.Second)
		req.ValidUntil = &vu
	}
	rec, created, err := s.Issue(ctx, IssueRequest{UserID: u.ID, Track: t, IssuedBy: auth.Current(c).User.ID,
		Evidence: req.Evidence, OrgID: req.OrgID, ValidUntil: req.ValidUntil})
	if db.IsForeignKeyViolation(err) {
		httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "orgId", Message: "is not an existing organization"}))
		return
	}
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	if !created {
		httpx.Abort(c, httpx.Conflict(ErrAlreadyIssued.Error()+" ("+rec.ID+")"))
		return
	}
	c.Header("Location", "/api/v1/credentials/"+rec.ID)
	httpx.JSON(c, http.StatusCreated, s.view(rec))
}

// mayManage: platform admins, and the issuing org's admins for credentials
// issued through an org.
func mayManage(p *auth.Principal, r *record) bool {
	return p.IsPlatformAdmin() || (r.OrgID != nil && p.HasOrgRole(*r.OrgID, auth.RoleOrgAdmin))
}

type statusRequest struct {
	Action string `json:"action"`
	Reason string `json:"reason"`
}

// transitions: revocation is final; suspension can be lifted.
var transitions = map[string]struct {
	from []string
	to   string
}{
	"revoke":    {[]string{StatusActive, StatusSuspended}, StatusRevoked},
	"suspend":   {[]string{StatusActive}, StatusSuspended},
	"reinstate": {[]string{StatusSuspended}, StatusActive},
}

func (s *Service) handleSetStatus(c *gin.Context) {
	// Who may act comes before what they sent: someone who may not manage
	// the credential gets the same 404 whatever the body says.
	var found []record
	if err := s.db.R.WithContext(c.Request.Context()).Select("id", "org_id").Where("id = ?", c.Param("credentialId")).Limit(1).Find(&found).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	if len(found) == 0 || !mayManage(auth.Current(c), &found[0]) {
		httpx.Abort(c, httpx.NotFound("credential"))
		return
	}
	var req statusRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	var v httpx.Validation
	tr, ok := transitions[req.Action]
	if !ok {
		v.Add("action", "must be revoke, suspend or reinstate")
	}
	req.Reason = strings.TrimSpace(req.Reason)
	if req.Reason == "" || utf8.RuneCountInString(req.Reason) > 1000 {
		v.Add("reason", "give a reason of 1 to 1000 characters; it is kept in the audit log")
	}
	if err := v.Err(); err != nil {
		httpx.Abort(c, err)
		return
	}
	ctx := c.Request.Context()
	p := auth.Current(c)
	var out *record
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var rows []record
		if err := tx.Where("id = ?", c.Param("credentialId")).Limit(1).Find(&rows).Error; err != nil {
			return err
		}
		// Someone who may not manage it learns nothing about it.
		if len(rows) == 0 || !mayManage(p, &rows[0]) {
			return httpx.NotFound("credential")
		}
		r := &rows[0]
		allowed := false
		for _, f := range tr.from {
			allowed = allowed || r.Status == f
		}
		if !allowed {
			return httpx.Conflict("a " + r.Status + " credential cannot be changed with " + req.Action)
		}
		now, from := s.now().UTC(), r.Status
		res := tx.Model(&record{}).Where("id = ? AND status = ?", r.ID, r.Status).
			Updates(map[string]any{"status": tr.to, "status_changed_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return httpx.Conflict("the credential changed meanwhile; reload and retry")
		}
		r.Status, r.StatusChangedAt = tr.to, &now
		out = r
		if err := tx.Create(&event{ID: db.NewID(), CredentialID: r.ID, Action: req.Action, Reason: req.Reason,
			ActorID: p.User.ID, CreatedAt: now}).Error; err != nil {
			return err
		}
		if err := s.changed(ctx, tx, r.ID, req.Action); err != nil {
			return err
		}
		return audit.Record(ctx, tx, statusChangeEntry(r, from))
	})
	// Dropped even when the transaction failed: a status kept in memory
	// may only be one the database holds now.
	s.status.changed(c.Param("credentialId"))
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.log.Info("credential status changed", "credential_id", out.ID, "action", req.Action, "actor_id", p.User.ID)
	httpx.JSON(c, http.StatusOK, s.view(out))
}

func (s *Service) handleEvents(c *gin.Context) {
	r, ok := s.load(c, s.db.R)
	if !ok {
		return
	}
	if !mayManage(auth.Current(c), r) {
		httpx.Abort(c, httpx.NotFound("credential"))
		return
	}
	var evs []event
	if err := s.db.R.WithContext(c.Request.Context()).Where("credential_id = ?", r.ID).Order("created_at, id").Find(&evs).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	if evs == nil {
		evs = []event{}
	}
	httpx.JSON(c, http.StatusOK, httpx.List[event]{Items: evs})
}

package credential

import (
	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/auth"
)

// issuedEntry is the audit entry of an issuance: automatic ones (a learner
// met the certificate rule) are the system's doing.
func issuedEntry(r *record) audit.Entry {
	e := audit.Entry{Action: audit.CredentialIssued, TargetType: "credential", TargetID: r.ID,
		Details: map[string]any{"track": r.TrackSlug, "trackVersion": r.TrackVersion, "holderId": r.UserID, "kid": r.KID}}
	if r.OrgID != nil {
		e.OrgID = *r.OrgID
	}
	if r.IssuedBy == "system" {
		e.ActorType = audit.ActorSystem
	}
	return e
}

// statusActions maps a new status to its audit action.
var statusActions = map[string]string{
	StatusRevoked:   audit.CredentialRevoked,
	StatusSuspended: audit.CredentialSuspended,
	StatusActive:    audit.CredentialReinstate,
}

// statusChangeEntry is the audit entry of a status change. The reason stays in
// the credential's own events: it is free text and may name people.
func statusChangeEntry(r *record, from string) audit.Entry {
	e := audit.Entry{Action: statusActions[r.Status], TargetType: "credential", TargetID: r.ID,
		Details: map[string]any{"from": from, "to": r.Status, "holderId": r.UserID}}
	if r.OrgID != nil {
		e.OrgID = *r.OrgID
	}
	return e
}

// LimitVerification caps verification requests (single and batch) per
// client address and minute; 0 leaves them uncapped. Call it before Routes.
func (s *Service) LimitVerification(perMinute int) { s.verifyLimit = auth.AddressLimit(perMinute) }

func (s *Service) limitVerification(c *gin.Context) {
	if s.verifyLimit != nil {
		s.verifyLimit(c)
	}
}

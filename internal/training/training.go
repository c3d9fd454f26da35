// Package training carries order-based training from an enterprise's
// order to a confirmed hire: training orders and the partner schools
// invited to them, the cohorts those schools train for an order, progress
// toward the order's headcount and deadline, learners' consent to be seen
// by enterprises, hires confirmed against a credential verified at that
// moment (with exports for employment-subsidy programs), and the technical
// salons and developer competitions where the consortium's people meet.
//
// Enterprises never see a roster: only people who consented, and only
// through the orders their consent covers.
package training

import (
	"context"
	"log/slog"
	"time"

	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/credential"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/org"
	"gorm.io/gorm"
)

// Service is the training feature.
type Service struct {
	db      *db.DB
	catalog *catalog.Service
	creds   *credential.Service
	log     *slog.Logger
	now     func() time.Time
}

// New returns the service.
func New(d *db.DB, cat *catalog.Service, creds *credential.Service, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{db: d, catalog: cat, creds: creds, log: log, now: time.Now}
}

// Routes registers the training routes.
func (s *Service) Routes(r *auth.Router) {
	// The enterprise (or consortium lead) that places orders. Its HR staff
	// (enterprise_verifier) follow orders, see candidates and confirm hires.
	admin := auth.OrgScoped("orgId", auth.RoleOrgAdmin)
	hr := auth.OrgScoped("orgId", auth.RoleOrgAdmin, auth.RoleEnterpriseVerifier)
	r.GET("/orgs/:orgId/orders", hr, s.handleListOrders)
	r.POST("/orgs/:orgId/orders", admin, s.handleCreateOrder)
	r.GET("/orgs/:orgId/orders/:orderId", hr, s.handleGetOrder)
	r.PATCH("/orgs/:orgId/orders/:orderId", admin, s.handleUpdateOrder)
	r.POST("/orgs/:orgId/orders/:orderId/partners", admin, s.handleInvitePartner)
	r.GET("/orgs/:orgId/orders/:orderId/candidates", hr, s.handleCandidates)
	r.POST("/orgs/:orgId/orders/:orderId/hires", hr, s.handleHire)
	r.GET("/orgs/:orgId/placements", hr, s.handlePlacements)
	r.GET("/orgs/:orgId/placements/summary", hr, s.handlePlacementSummary)

	// The partner school: its admins answer invitations; its staff link
	// the cohorts they train for an accepted order.
	staff := auth.OrgScoped("orgId", auth.RoleOrgAdmin, auth.RoleInstructor)
	r.GET("/orgs/:orgId/partner-orders", staff, s.handleListPartnerOrders)
	r.GET("/orgs/:orgId/partner-orders/:orderId", staff, s.handleGetPartnerOrder)
	r.POST("/orgs/:orgId/partner-orders/:orderId/response", admin, s.handleRespond)
	r.POST("/orgs/:orgId/partner-orders/:orderId/cohorts", staff, s.handleLinkCohort)
	r.DELETE("/orgs/:orgId/partner-orders/:orderId/cohorts/:cohortId", staff, s.handleUnlinkCohort)

	// Learners decide who sees them.
	r.GET("/me/consents", auth.Authenticated(), s.handleListConsents)
	r.POST("/me/consents", auth.Authenticated(), s.handleGiveConsent)
	r.DELETE("/me/consents/:consentId", auth.Authenticated(), s.handleWithdrawConsent)
	r.GET("/me/consent-options", auth.Authenticated(), s.handleConsentOptions)

	// Salons and competitions.
	r.GET("/events", auth.Public(), s.handlePublicEvents)
	r.GET("/events/:eventId", auth.Public(), s.handlePublicEvent)
	r.POST("/events/:eventId/registration", auth.Authenticated(), s.handleRegister)
	r.DELETE("/events/:eventId/registration", auth.Authenticated(), s.handleCancelRegistration)
	r.GET("/me/events", auth.Authenticated(), s.handleMyEvents)
	r.GET("/orgs/:orgId/events", staff, s.handleListOrgEvents)
	r.POST("/orgs/:orgId/events", admin, s.handleCreateEvent)
	r.GET("/orgs/:orgId/events/:eventId", staff, s.handleGetOrgEvent)
	r.PATCH("/orgs/:orgId/events/:eventId", admin, s.handleUpdateEvent)
	r.GET("/orgs/:orgId/events/:eventId/registrations", staff, s.handleRegistrations)
	r.POST("/orgs/:orgId/events/:eventId/check-ins", staff, s.handleCheckIn)
	r.PUT("/orgs/:orgId/events/:eventId/results/:userId", admin, s.handleResult)

	// The consortium's shared view (admins of member orgs).
	r.GET("/consortiums/:consortiumId/training", auth.Authenticated(), s.handleConsortium)
}

// OrgRef names an organization in training answers.
type OrgRef struct {
	ID   string   `json:"id"`
	Code string   `json:"code"`
	Kind string   `json:"kind"`
	Name org.Text `json:"name"`
}

// orgRefs loads the named orgs, keyed by id.
func orgRefs(ctx context.Context, g *gorm.DB, ids []string) (map[string]OrgRef, error) {
	out := map[string]OrgRef{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct{ ID, Code, Kind, NameZh, NameEn string }
	if err := g.WithContext(ctx).Raw("SELECT id, code, kind, name_zh, name_en FROM orgs WHERE id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = OrgRef{ID: r.ID, Code: r.Code, Kind: r.Kind, Name: org.Text{Zh: r.NameZh, En: r.NameEn}}
	}
	return out, nil
}

// PersonRef names a person: display name only, never contact details.
type PersonRef struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
}

// forUpdate locks the rows a read returns until the transaction ends, on
// PostgreSQL; SQLite transactions already hold the only write lock.
func (s *Service) forUpdate() string {
	if s.db.Dialect == db.Postgres {
		return " FOR UPDATE"
	}
	return ""
}

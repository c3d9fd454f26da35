// Package roster owns cohorts and the import of student rosters into them:
// JSON over REST, CSV (UTF-8 or GBK) and XLSX files, all through one
// importer that is all-or-nothing, safe to retry and exact in its report.
package roster

import (
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/keyring"
)

// Service is the roster feature.
type Service struct {
	db      *db.DB
	catalog *catalog.Service
	ring    *keyring.Keyring
	// publicURL starts activation links.
	publicURL string
}

// New returns the service.
func New(d *db.DB, cat *catalog.Service, ring *keyring.Keyring, publicURL string) *Service {
	return &Service{db: d, catalog: cat, ring: ring, publicURL: publicURL}
}

// Routes registers the cohort routes; all are scoped to the org in the path.
func (s *Service) Routes(r *auth.Router) {
	// Staff work in the console; the student information system calls the
	// same routes with an org API key or OAuth client holding the scope.
	staff := auth.OrgScoped("orgId", auth.RoleOrgAdmin, auth.RoleInstructor)
	read, write := staff.WithScopes(auth.ScopeRosterRead, auth.ScopeRosterWrite), staff.WithScopes(auth.ScopeRosterWrite)
	r.GET("/orgs/:orgId/cohorts", read, s.handleListCohorts)
	r.POST("/orgs/:orgId/cohorts", write, s.handleCreateCohort)
	r.GET("/orgs/:orgId/cohorts/:cohortId", read, s.handleGetCohort)
	r.GET("/orgs/:orgId/cohorts/:cohortId/members", read, s.handleListMembers)
	r.POST("/orgs/:orgId/cohorts/:cohortId/imports", write, s.handleImport)
	r.POST("/orgs/:orgId/oneroster-imports", write, s.handleOneRosterImport)
	r.GET("/orgs/:orgId/cohorts/:cohortId/progress", staff.WithScopes(auth.ScopeProgressRead), s.handleProgress)
	r.POST("/orgs/:orgId/cohorts/:cohortId/activation-links", auth.OrgScoped("orgId", auth.RoleOrgAdmin), s.handleActivationLinks)
}

package org

import (
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/db"
)

// Service is the organization feature.
type Service struct {
	db *db.DB
}

// New returns the service.
func New(d *db.DB) *Service { return &Service{db: d} }

// Routes registers the org, member, district and consortium routes.
func (s *Service) Routes(r *auth.Router) {
	r.GET("/districts", auth.Public(), s.listDistricts)

	r.GET("/orgs", auth.Public(), s.listOrgs)
	r.POST("/orgs", auth.PlatformAdmin(), s.createOrg)
	r.GET("/orgs/:orgId", auth.Public(), s.getOrg)
	r.PATCH("/orgs/:orgId", auth.OrgScoped("orgId", auth.RoleOrgAdmin), s.updateOrg)

	r.GET("/orgs/:orgId/members", auth.OrgScoped("orgId", auth.RoleOrgAdmin, auth.RoleInstructor), s.listMembers)
	r.POST("/orgs/:orgId/members", auth.OrgScoped("orgId", auth.RoleOrgAdmin), s.addMember)
	r.PATCH("/orgs/:orgId/members/:memberId", auth.OrgScoped("orgId", auth.RoleOrgAdmin), s.updateMember)
	r.DELETE("/orgs/:orgId/members/:memberId", auth.OrgScoped("orgId", auth.RoleOrgAdmin), s.removeMember)

	r.GET("/consortiums", auth.Public(), s.listConsortiums)
	r.POST("/consortiums", auth.PlatformAdmin(), s.createConsortium)
	r.GET("/consortiums/:consortiumId", auth.Public(), s.getConsortium)
	r.PATCH("/consortiums/:consortiumId", auth.PlatformAdmin(), s.updateConsortium)
	r.POST("/consortiums/:consortiumId/members", auth.PlatformAdmin(), s.addConsortiumMember)
	r.DELETE("/consortiums/:consortiumId/members/:orgId", auth.PlatformAdmin(), s.removeConsortiumMember)
}

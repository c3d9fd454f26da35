package auth

import (
	"context"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/httpx"
)

// Role is what a person may do in an organization (or, for platform_admin,
// across the platform).
type Role string

const (
	RolePlatformAdmin      Role = "platform_admin"
	RoleOrgAdmin           Role = "org_admin"
	RoleInstructor         Role = "instructor"
	RoleStudent            Role = "student"
	RoleEnterpriseVerifier Role = "enterprise_verifier"
)

// OrgRoles are the roles a membership may carry.
var OrgRoles = []Role{RoleOrgAdmin, RoleInstructor, RoleStudent, RoleEnterpriseVerifier}

// ValidOrgRole reports whether r can be given through a membership.
func ValidOrgRole(r string) bool { return slices.Contains(OrgRoles, Role(r)) }

// Membership statuses.
const (
	MemberActive   = "active"
	MemberInactive = "inactive"
)

// Membership is one role of one person in one organization, joined with
// the organization's names for display.
type Membership struct {
	ID      string `json:"id"`
	OrgID   string `json:"orgId"`
	OrgCode string `json:"orgCode"`
	OrgKind string `json:"orgKind"`
	OrgName struct {
		Zh string `json:"zh"`
		En string `json:"en"`
	} `json:"orgName"`
	Role   Role   `json:"role"`
	Status string `json:"status"`
}

// Principal is the authenticated caller of a request.
type Principal struct {
	User        User
	Memberships []Membership
	// Key is set when an org integration (API key or OAuth client) calls;
	// User is then empty.
	Key *KeyPrincipal
}

// IsPlatformAdmin reports the platform-wide role.
func (p *Principal) IsPlatformAdmin() bool { return p != nil && p.User.PlatformAdmin }

// HasOrgRole reports whether the caller holds one of roles, actively, in org.
func (p *Principal) HasOrgRole(orgID string, roles ...Role) bool {
	if p == nil {
		return false
	}
	for _, m := range p.Memberships {
		if m.OrgID == orgID && m.Status == MemberActive && slices.Contains(roles, m.Role) {
			return true
		}
	}
	return false
}

// HasEnterpriseRole reports whether the caller verifies or administers for
// an enterprise.
func (p *Principal) HasEnterpriseRole() bool {
	for _, m := range p.Memberships {
		if m.Status == MemberActive && m.OrgKind == "enterprise" && (m.Role == RoleEnterpriseVerifier || m.Role == RoleOrgAdmin) {
			return true
		}
	}
	return false
}

// OrgIDs lists the orgs where the caller actively holds one of roles.
func (p *Principal) OrgIDs(roles ...Role) []string {
	var out []string
	for _, m := range p.Memberships {
		if m.Status == MemberActive && slices.Contains(roles, m.Role) && !slices.Contains(out, m.OrgID) {
			out = append(out, m.OrgID)
		}
	}
	return out
}

const principalKey = "auth.principal"

// Current returns the authenticated caller, or nil on a public route.
func Current(c *gin.Context) *Principal {
	p, _ := c.Get(principalKey)
	pr, _ := p.(*Principal)
	return pr
}

// authenticate resolves a Bearer token into a Principal. Roles are read
// from the database on every request (not baked into the JWT) so that a
// removed membership takes effect at once.
func (s *Service) authenticate(c *gin.Context) (*Principal, error) {
	h := c.GetHeader("Authorization")
	if h == "" {
		return nil, httpx.Unauthorized("log in first: send Authorization: Bearer <access token>")
	}
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return nil, httpx.Unauthorized("the Authorization header must be: Bearer <access token>")
	}
	tok = strings.TrimSpace(tok)
	if p, err := s.authenticateKey(c.Request.Context(), tok); p != nil || err != nil {
		return p, err
	}
	userID, err := s.keys.verify(c.Request.Context(), tok)
	if err != nil {
		return nil, httpx.Unauthorized(err.Error())
	}
	p, err := s.LoadPrincipal(c.Request.Context(), userID)
	if err != nil {
		return nil, err
	}
	if p == nil || p.User.Status != UserActive {
		return nil, httpx.Unauthorized("this account no longer exists or is disabled")
	}
	return p, nil
}

// LoadPrincipal reads a user and their memberships; nil when no such user.
func (s *Service) LoadPrincipal(ctx context.Context, userID string) (*Principal, error) {
	var users []User
	if err := s.db.R.WithContext(ctx).Where("id = ?", userID).Limit(1).Find(&users).Error; err != nil {
		return nil, err
	}
	if len(users) == 0 {
		return nil, nil
	}
	rows, err := s.db.R.WithContext(ctx).Raw(`SELECT m.id, m.org_id, o.code, o.kind, o.name_zh, o.name_en, m.role, m.status
		FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE m.user_id = ? ORDER BY o.code, m.role`, userID).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	p := &Principal{User: users[0], Memberships: []Membership{}}
	for rows.Next() {
		var m Membership
		if err := rows.Scan(&m.ID, &m.OrgID, &m.OrgCode, &m.OrgKind, &m.OrgName.Zh, &m.OrgName.En, &m.Role, &m.Status); err != nil {
			return nil, err
		}
		p.Memberships = append(p.Memberships, m)
	}
	return p, rows.Err()
}

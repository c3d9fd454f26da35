package server

import (
	"strings"
	"testing"

	"github.com/ohtalent/ohtalent/internal/auth"
)

// TestEveryAPIRouteDeclaresAPolicy keeps routes from bypassing auth.Router.
func TestEveryAPIRouteDeclaresAPolicy(t *testing.T) {
	k := newKit(t)
	for _, r := range k.srv.Engine().Routes() {
		if !strings.HasPrefix(r.Path, "/api/v1") {
			continue
		}
		if _, ok := k.srv.Routes.Lookup(r.Method, r.Path); !ok {
			t.Errorf("%s %s is registered without an access policy", r.Method, r.Path)
		}
	}
}

// TestOrgScopedRoutesRefuseOutsiders walks every org-scoped route as an
// admin of another org, as a student and as an enterprise verifier of the
// org, and as a platform admin, and checks that outsiders get 403/404 and
// never data.
func TestOrgScopedRoutesRefuseOutsiders(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	orgA := k.org(admin, "ORG-A", "university")
	orgB := k.org(admin, "ORG-B", "university")
	_, adminA := k.member(admin, orgA, "admin@a.example.cn", "org_admin")
	memberA, _ := k.member(adminA, orgA, "member@a.example.cn", "instructor")
	_, adminB := k.member(admin, orgB, "admin@b.example.cn", "org_admin")
	memberB, _ := k.member(adminB, orgB, "member@b.example.cn", "instructor")
	_, studentA := k.member(adminA, orgA, "student@a.example.cn", "student")
	_, verifierA := k.member(adminA, orgA, "hr@a.example.cn", "enterprise_verifier")

	params := map[string]string{"orgId": orgA, "memberId": memberA}
	bodies := map[string]any{
		"POST":   map[string]any{"email": "x@example.cn", "role": "student", "displayName": "x", "initialPassword": testPassword},
		"PATCH":  map[string]any{},
		"PUT":    map[string]any{},
		"DELETE": nil,
		"GET":    nil,
	}
	walked := 0
	for _, r := range k.srv.Routes.Routes() {
		if r.Policy.Kind != auth.KindOrgScoped {
			continue
		}
		walked++
		path := fill(r.Path, params)
		callers := map[string]string{"admin of another org": adminB}
		for role, tok := range map[auth.Role]string{auth.RoleStudent: studentA, auth.RoleEnterpriseVerifier: verifierA} {
			if !containsRole(r.Policy.Roles, role) {
				callers[string(role)+" of the org"] = tok
			}
		}
		for who, tok := range callers {
			resp := k.do(r.Method, path, tok, bodies[r.Method])
			if resp.Status != 403 && resp.Status != 404 {
				t.Errorf("%s %s as %s: status %d, want 403 or 404: %s", r.Method, r.Path, who, resp.Status, resp.Body)
			}
		}
		// An admin of org B naming its own org with org A's member id must
		// not reach org A's member (object-level check).
		if strings.Contains(r.Path, ":memberId") {
			resp := k.do(r.Method, fill(r.Path, map[string]string{"orgId": orgB, "memberId": memberA}), adminB, bodies[r.Method])
			if resp.Status != 404 {
				t.Errorf("%s %s with another org's member id: status %d, want 404: %s", r.Method, r.Path, resp.Status, resp.Body)
			}
		}
		if resp := k.do(r.Method, path, "", bodies[r.Method]); resp.Status != 401 {
			t.Errorf("%s %s anonymously: status %d, want 401", r.Method, r.Path, resp.Status)
		}
	}
	if walked < 5 {
		t.Fatalf("walked only %d org-scoped routes", walked)
	}
	_ = memberB
}

func fill(path string, params map[string]string) string {
	p, _ := fillParams(path, params)
	return p
}

func containsRole(rs []auth.Role, r auth.Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// TestPlatformAdminRoutesRefuseOthers checks every platform-admin route
// against an org admin and a student.
func TestPlatformAdminRoutesRefuseOthers(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	orgA := k.org(admin, "ORG-A", "university")
	_, orgAdmin := k.member(admin, orgA, "admin@a.example.cn", "org_admin")
	_, student := k.member(orgAdmin, orgA, "s@a.example.cn", "student")
	for _, r := range k.srv.Routes.Routes() {
		if r.Policy.Kind != auth.KindPlatformAdmin {
			continue
		}
		for who, tok := range map[string]string{"org admin": orgAdmin, "student": student} {
			resp := k.do(r.Method, fill(r.Path, map[string]string{"orgId": orgA}), tok, map[string]any{})
			if resp.Status != 403 {
				t.Errorf("%s %s as %s: status %d, want 403", r.Method, r.Path, who, resp.Status)
			}
		}
	}
}

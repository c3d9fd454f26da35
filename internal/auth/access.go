package auth

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/httpx"
)

// Policy declares who may call a route. Every API route is registered
// through Router.Handle with a Policy, and the route table built from those
// declarations is what the authorization tests walk.
type Policy struct {
	Kind     PolicyKind
	Machine  string // for MachineToken: which kind of machine credential
	OrgParam string // for OrgScoped: the path parameter naming the org
	Roles    []Role // for OrgScoped: roles that may call (platform admins always may)
	// Scopes open an org-scoped route to the org's integrations (API keys,
	// OAuth clients) holding one of them; without scopes, keys are refused.
	Scopes []string
}

// WithScopes opens the route to integrations holding one of scopes.
func (p Policy) WithScopes(scopes ...string) Policy {
	p.Scopes = scopes
	return p
}

// PolicyKind is the broad class of a policy.
type PolicyKind string

const (
	KindPublic        PolicyKind = "public"
	KindAuthenticated PolicyKind = "authenticated"
	KindPlatformAdmin PolicyKind = "platform_admin"
	KindOrgScoped     PolicyKind = "org_scoped"
	KindMachine       PolicyKind = "machine"
)

// Public routes need no login. They are rate limited per client address.
func Public() Policy { return Policy{Kind: KindPublic} }

// Authenticated routes need any logged-in user.
func Authenticated() Policy { return Policy{Kind: KindAuthenticated} }

// PlatformAdmin routes need the platform-wide admin role.
func PlatformAdmin() Policy { return Policy{Kind: KindPlatformAdmin} }

// OrgScoped routes act on the org named by the path parameter param; the
// caller needs one of roles there. Handlers must still check that nested
// objects (members, cohorts, ...) belong to that org.
func OrgScoped(param string, roles ...Role) Policy {
	return Policy{Kind: KindOrgScoped, OrgParam: param, Roles: roles}
}

// MachineToken routes are called by machines (grading runners, ...) with a
// bearer token that the verifier registered under name checks.
func MachineToken(name string) Policy { return Policy{Kind: KindMachine, Machine: name} }

// MachineVerifier checks a machine's bearer token and returns who it is.
type MachineVerifier func(c *gin.Context, token string) (any, error)

// RegisterMachine installs the verifier for MachineToken(name) routes.
func (s *Service) RegisterMachine(name string, v MachineVerifier) {
	s.machines[name] = v
}

const machineKey = "auth.machine"

// CurrentMachine returns what the machine verifier returned for this request.
func CurrentMachine(c *gin.Context) any {
	m, _ := c.Get(machineKey)
	return m
}

func (p Policy) String() string {
	if p.Kind == KindMachine {
		return "machine(" + p.Machine + ")"
	}
	if p.Kind == KindOrgScoped {
		rs := make([]string, len(p.Roles))
		for i, r := range p.Roles {
			rs[i] = string(r)
		}
		out := fmt.Sprintf("org_scoped(%s: %s)", p.OrgParam, strings.Join(rs, ","))
		if len(p.Scopes) > 0 {
			out += " scopes(" + strings.Join(p.Scopes, ",") + ")"
		}
		return out
	}
	return string(p.Kind)
}

// RouteTable records the policy of every registered route.
type RouteTable struct {
	mu     sync.Mutex
	routes map[string]Policy
}

// NewRouteTable returns an empty table.
func NewRouteTable() *RouteTable { return &RouteTable{routes: map[string]Policy{}} }

// DeclaredRoute is one entry of the table.
type DeclaredRoute struct {
	Method string
	Path   string // gin syntax, e.g. /api/v1/orgs/:orgId
	Policy Policy
}

// Routes lists the table sorted by path and method.
func (t *RouteTable) Routes() []DeclaredRoute {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]DeclaredRoute, 0, len(t.routes))
	for k, p := range t.routes {
		m, path, _ := strings.Cut(k, " ")
		out = append(out, DeclaredRoute{Method: m, Path: path, Policy: p})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// Lookup returns the policy of a route, if declared.
func (t *RouteTable) Lookup(method, path string) (Policy, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p, ok := t.routes[method+" "+path]
	return p, ok
}

// Router registers routes with their policies.
type Router struct {
	group *gin.RouterGroup
	svc   *Service
	table *RouteTable
}

// NewRouter wraps a gin group.
func (s *Service) NewRouter(g *gin.RouterGroup, table *RouteTable) *Router {
	return &Router{group: g, svc: s, table: table}
}

// Group returns a router for a sub-path.
func (r *Router) Group(path string) *Router {
	return &Router{group: r.group.Group(path), svc: r.svc, table: r.table}
}

// Handle registers handlers behind the checks p requires.
func (r *Router) Handle(method, path string, p Policy, handlers ...gin.HandlerFunc) {
	full := joinPath(r.group.BasePath(), path)
	r.table.mu.Lock()
	if _, dup := r.table.routes[method+" "+full]; dup {
		r.table.mu.Unlock()
		panic("route declared twice: " + method + " " + full)
	}
	r.table.routes[method+" "+full] = p
	r.table.mu.Unlock()
	chain := []gin.HandlerFunc{r.svc.guard(p)}
	if method != http.MethodGet && p.Kind != KindPublic {
		// Authenticated writes accept Idempotency-Key, scoped to the caller.
		// Public writes (login, refresh) do not: their responses hold
		// secrets that must never be stored.
		chain = append(chain, r.svc.idem.Middleware(func(c *gin.Context) string {
			if pr := Current(c); pr != nil && pr.Key != nil {
				return "key:" + pr.Key.ID
			} else if pr != nil {
				return "user:" + pr.User.ID
			}
			return ""
		}))
	}
	chain = append(chain, handlers...)
	r.group.Handle(method, path, chain...)
}

// Shorthands.
func (r *Router) GET(path string, p Policy, h ...gin.HandlerFunc) {
	r.Handle(http.MethodGet, path, p, h...)
}
func (r *Router) POST(path string, p Policy, h ...gin.HandlerFunc) {
	r.Handle(http.MethodPost, path, p, h...)
}
func (r *Router) PATCH(path string, p Policy, h ...gin.HandlerFunc) {
	r.Handle(http.MethodPatch, path, p, h...)
}
func (r *Router) PUT(path string, p Policy, h ...gin.HandlerFunc) {
	r.Handle(http.MethodPut, path, p, h...)
}
func (r *Router) DELETE(path string, p Policy, h ...gin.HandlerFunc) {
	r.Handle(http.MethodDelete, path, p, h...)
}

func joinPath(base, p string) string {
	if p == "" || p == "/" {
		return base
	}
	return strings.TrimSuffix(base, "/") + "/" + strings.TrimPrefix(p, "/")
}

// guard enforces a policy before the handlers run.
func (s *Service) guard(p Policy) gin.HandlerFunc {
	return func(c *gin.Context) {
		if p.Kind == KindPublic {
			// A public route still knows its caller when a token is sent,
			// but a bad token is not an error there.
			if c.GetHeader("Authorization") != "" {
				if pr, err := s.authenticate(c); err == nil {
					setPrincipal(c, pr)
				}
			}
			if Current(c) == nil && !s.allowPublic(c) {
				return
			}
			c.Next()
			return
		}
		if p.Kind == KindMachine {
			s.guardMachine(c, p.Machine)
			return
		}
		pr, err := s.authenticate(c)
		if err != nil {
			httpx.Abort(c, err)
			return
		}
		setPrincipal(c, pr)
		if pr.Key != nil {
			// An integration reaches only org-scoped routes that declare one
			// of its scopes, and only for its own org.
			switch {
			case p.Kind != KindOrgScoped || len(p.Scopes) == 0:
				httpx.Abort(c, httpx.Forbidden("this route is not open to API keys"))
				return
			case !pr.Key.Has(p.Scopes...):
				httpx.Abort(c, httpx.Forbidden("the API key lacks the scope this route needs: "+strings.Join(p.Scopes, " or ")))
				return
			case pr.Key.OrgID != c.Param(p.OrgParam):
				httpx.Abort(c, httpx.Forbidden("an API key acts only for its own organization"))
				return
			}
			c.Next()
			return
		}
		switch p.Kind {
		case KindAuthenticated:
		case KindPlatformAdmin:
			if !pr.IsPlatformAdmin() {
				httpx.Abort(c, httpx.Forbidden("this action needs the platform admin role"))
				return
			}
		case KindOrgScoped:
			if !pr.IsPlatformAdmin() && !pr.HasOrgRole(c.Param(p.OrgParam), p.Roles...) {
				httpx.Abort(c, httpx.Forbidden("you do not have a role in this organization that allows this action"))
				return
			}
		default:
			httpx.Abort(c, fmt.Errorf("route %s has unknown policy kind %q", c.FullPath(), p.Kind))
			return
		}
		c.Next()
	}
}

// setPrincipal makes pr the request's caller, for handlers and for the
// audit events they record.
func setPrincipal(c *gin.Context, pr *Principal) {
	c.Set(principalKey, pr)
	if pr.Key != nil {
		audit.SetActor(c.Request.Context(), audit.ActorAPIKey, pr.Key.ID)
	} else {
		audit.SetActor(c.Request.Context(), audit.ActorUser, pr.User.ID)
	}
}

func (s *Service) guardMachine(c *gin.Context, name string) {
	verify, ok := s.machines[name]
	if !ok {
		httpx.Abort(c, fmt.Errorf("no verifier registered for machine tokens %q", name))
		return
	}
	scheme, tok, _ := strings.Cut(c.GetHeader("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || tok == "" {
		httpx.Abort(c, httpx.Unauthorized("send Authorization: Bearer <"+name+" token>"))
		return
	}
	who, err := verify(c, strings.TrimSpace(tok))
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Set(machineKey, who)
	c.Next()
}

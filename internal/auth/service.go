// Package auth owns accounts, passwords, sessions (access JWTs and rotating
// refresh tokens), roles and the per-route access policies.
package auth

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/idempotency"
	"github.com/ohtalent/ohtalent/internal/keyring"
	"github.com/ohtalent/ohtalent/internal/ratelimit"
)

// Settings are the auth knobs from config.
type Settings struct {
	AccessTTL                time.Duration
	RefreshTTL               time.Duration
	LoginPerIPPerMinute      int
	LoginPerAccountPerWindow int           // failed logins per account and network before delays begin (see throttle.go)
	LoginDelayMax            time.Duration // longest delay between attempts after failed logins
	PublicPerIPPerMinute     int
}

// Service is the auth feature: it authenticates requests and serves the
// /auth and /me routes.
type Service struct {
	db       *db.DB
	keys     *tokenKeys
	limiter  *ratelimit.Limiter
	public   *memoryLimiter
	idem     *idempotency.Store
	throttle *loginThrottle
	ring     *keyring.Keyring
	machines map[string]MachineVerifier
	settings Settings
	log      *slog.Logger
}

// New builds the service and makes sure a JWT signing secret exists.
func New(ctx context.Context, d *db.DB, ring *keyring.Keyring, s Settings, log *slog.Logger) (*Service, error) {
	if s.AccessTTL == 0 {
		s.AccessTTL = 15 * time.Minute
	}
	if s.RefreshTTL == 0 {
		s.RefreshTTL = 30 * 24 * time.Hour
	}
	if s.LoginDelayMax == 0 {
		s.LoginDelayMax = 15 * time.Minute
	}
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	svc := &Service{db: d, keys: newTokenKeys(d, ring), limiter: ratelimit.New(d),
		public: newMemoryLimiter(s.PublicPerIPPerMinute, time.Minute), idem: idempotency.New(d), machines: map[string]MachineVerifier{}, settings: s, log: log,
		throttle: &loginThrottle{free: s.LoginPerAccountPerWindow, maxDelay: s.LoginDelayMax, now: time.Now}, ring: ring}
	if err := svc.keys.ensure(ctx); err != nil {
		return nil, fmt.Errorf("load JWT keys: %w", err)
	}
	return svc, nil
}

// RotateSigningKey adds a new JWT secret; tokens signed with older secrets
// stay valid until they expire.
func (s *Service) RotateSigningKey(ctx context.Context) (string, error) { return s.keys.rotate(ctx) }

// IssueAccessToken signs a token for a user (used by tests and tools).
func (s *Service) IssueAccessToken(userID string) (string, error) {
	tok, _, err := s.keys.sign(userID, s.settings.AccessTTL)
	return tok, err
}

// Routes registers /auth and /me.
func (s *Service) Routes(r *Router) {
	r.POST("/auth/register", Public(), s.handleRegister)
	r.POST("/auth/login", Public(), s.handleLogin)
	r.POST("/auth/refresh", Public(), s.handleRefresh)
	r.POST("/auth/logout", Public(), s.handleLogout)
	r.POST("/auth/activate", Public(), s.handleActivate)
	r.POST("/oauth/token", Public(), s.handleToken)
	r.GET("/orgs/:orgId/api-keys", OrgScoped("orgId", RoleOrgAdmin), s.handleListKeys)
	r.POST("/orgs/:orgId/api-keys", OrgScoped("orgId", RoleOrgAdmin), s.handleCreateKey)
	r.DELETE("/orgs/:orgId/api-keys/:keyId", OrgScoped("orgId", RoleOrgAdmin), s.handleRevokeKey)
	r.GET("/me", Authenticated(), s.handleMe)
	r.PATCH("/me", Authenticated(), s.handleUpdateMe)
	r.POST("/me/password", Authenticated(), s.handleChangePassword)
}

// allowPublic applies the per-address limit of anonymous calls.
func (s *Service) allowPublic(c *gin.Context) bool {
	ok, retry := s.public.allow(c.ClientIP())
	if !ok {
		abortLimited(c, retry)
	}
	return ok
}

// Package server wires configuration, the database and every feature
// service into one gin router. It is the only package that knows them all.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/api"
	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/config"
	"github.com/ohtalent/ohtalent/internal/credential"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/grading"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"github.com/ohtalent/ohtalent/internal/keyring"
	"github.com/ohtalent/ohtalent/internal/org"
	"github.com/ohtalent/ohtalent/internal/roster"
	"github.com/ohtalent/ohtalent/internal/talent"
	"github.com/ohtalent/ohtalent/internal/training"
)

// Server is a wired ohtalent instance.
type Server struct {
	Config  config.Config
	DB      *db.DB
	Log     *slog.Logger
	Auth    *auth.Service
	Orgs    *org.Service
	Catalog *catalog.Service
	Grading *grading.Service
	Creds   *credential.Service
	Roster  *roster.Service
	Routes  *auth.RouteTable
	Metrics *httpx.Metrics
	Audit   *audit.Service

	// Training carries order-based training, consent, hires and events.
	Training *training.Service
	// Talent counts certified developers toward the goals.
	Talent *talent.Service

	engine *gin.Engine
	pool   *lazyPool
}

// Open opens and migrates the configured database, then builds the server.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*Server, error) {
	d, err := db.Open(db.Options{URL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath()})
	if err != nil {
		return nil, err
	}
	applied, err := d.Migrate(ctx)
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	if len(applied) > 0 {
		log.Info("migrations applied", "versions", applied, "engine", d.Dialect)
	}
	s, err := New(ctx, cfg, d, log)
	if err != nil {
		d.Close()
		return nil, err
	}
	return s, nil
}

// New builds the server over an open, migrated database.
func New(ctx context.Context, cfg config.Config, d *db.DB, log *slog.Logger) (*Server, error) {
	if log == nil {
		log = slog.New(slog.NewJSONHandler(io.Discard, nil))
	}
	// Content first: broken content must stop the start before anything else.
	pool := newLazyPool(cfg.GradeWorkers)
	catalogSvc, err := openCatalog(cfg, d, pool)
	if err != nil {
		return nil, err
	}
	ring, err := keyring.Load(cfg.MasterKey, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	authSvc, err := auth.New(ctx, d, ring, auth.Settings{
		AccessTTL:                cfg.AccessTTL,
		RefreshTTL:               cfg.RefreshTTL,
		LoginPerIPPerMinute:      cfg.LoginPerIPPerMinute,
		LoginPerAccountPerWindow: cfg.LoginPerAccountPerWindow,
		LoginDelayMax:            cfg.LoginDelayMax,
		PublicPerIPPerMinute:     cfg.PublicPerIPPerMinute,
	}, log)
	if err != nil {
		return nil, err
	}
	gradingSvc := grading.New(d, catalogSvc, pool, grading.Settings{SubmitPerMinute: cfg.SubmitPerMinute}, log)
	authSvc.RegisterMachine("runner", gradingSvc.VerifyRunner)
	keys, err := credential.OpenKeys(ctx, d, ring)
	if err != nil {
		return nil, fmt.Errorf("credential keys: %w", err)
	}
	creds := credential.New(d, keys, credential.Issuer{BaseURL: cfg.PublicURL, Name: cfg.IssuerName}, catalogSvc, log)
	creds.LimitVerification(cfg.VerifyPerIPPerMinute)
	// The counts follow every issuance and status change in its transaction.
	talentSvc, err := talent.New(d, catalogSvc, log)
	if err != nil {
		return nil, err
	}
	creds.OnChange(talentSvc.CredentialChanged)
	if err := talentSvc.Prepare(ctx); err != nil {
		return nil, fmt.Errorf("talent counts: %w", err)
	}
	s := &Server{Config: cfg, DB: d, Log: log, Auth: authSvc, Orgs: org.New(d), Catalog: catalogSvc,
		Grading: gradingSvc, Creds: creds, Roster: roster.New(d, catalogSvc, ring, cfg.PublicURL), Routes: auth.NewRouteTable(), Metrics: httpx.NewMetrics(), pool: pool, Audit: audit.New(d)}
	s.Training = training.New(d, catalogSvc, creds, log)
	s.Talent = talentSvc
	s.engine = s.router()
	return s, nil
}

func (s *Server) router() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = true
	// Trust no proxy headers unless configured: X-Forwarded-For from a
	// client would otherwise let it dodge per-address rate limits.
	_ = e.SetTrustedProxies(s.Config.TrustedProxies)
	e.Use(httpx.RequestIDs(), s.Metrics.Middleware(), httpx.AccessLog(s.Log), httpx.Recover(s.Log),
		httpx.SecurityHeaders(), audit.Middleware(), httpx.LimitBody(s.Config.MaxBodyBytes, map[string]int64{
			// 1,000 VC-JWTs of a few KiB each.
			"/api/v1/verify/batch": 8 << 20,
			// Rosters of up to 50,000 students as JSON, CSV or XLSX.
			"/api/v1/orgs/:orgId/cohorts/:cohortId/imports": 32 << 20,
			"/api/v1/orgs/:orgId/oneroster-imports":         32 << 20,
		}))
	// Path and query text must be valid UTF-8 without NUL before any handler
	// looks it up: PostgreSQL refuses anything else with an error (a 500).
	e.Use(httpx.RejectUnsafeText())

	e.GET("/healthz", func(c *gin.Context) { httpx.JSON(c, http.StatusOK, gin.H{"status": "ok"}) })
	e.GET("/readyz", s.ready)
	e.GET("/metrics", s.Metrics.Handler())
	e.GET("/api/openapi.yaml", func(c *gin.Context) {
		c.Header("Cache-Control", "no-cache")
		c.Data(http.StatusOK, "application/yaml; charset=utf-8", api.OpenAPI)
	})

	v1 := s.Auth.NewRouter(e.Group("/api/v1"), s.Routes)
	s.Auth.Routes(v1)
	s.Orgs.Routes(v1)
	s.Catalog.Routes(v1)
	s.Grading.Routes(v1)
	s.Creds.Routes(v1)
	s.Talent.Routes(v1)
	s.Roster.Routes(v1)
	s.Training.Routes(v1)
	// The security audit log: auth records into it, so its routes are
	// declared here rather than by a package that auth would import.
	v1.GET("/audit", auth.PlatformAdmin(), s.Audit.HandleList)
	v1.GET("/orgs/:orgId/audit", auth.OrgScoped("orgId", auth.RoleOrgAdmin), s.Audit.HandleOrgList)
	e.GET("/.well-known/jwks.json", func(c *gin.Context) {
		c.Header("Cache-Control", "public, max-age=300")
		httpx.JSON(c, http.StatusOK, s.Creds.Keys().JWKS(c.Request.Context()))
	})

	e.NoRoute(s.spaOrNotFound)
	e.NoMethod(func(c *gin.Context) {
		httpx.WriteProblem(c, httpx.NewProblem(405, "method-not-allowed", c.Request.Method+" is not allowed on this path"))
	})
	return e
}

func (s *Server) ready(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := s.DB.Ping(ctx); err != nil {
		s.Log.Error("readiness check failed", "error", err.Error())
		httpx.WriteProblem(c, httpx.NewProblem(503, "not-ready", "the database is not answering"))
		return
	}
	httpx.JSON(c, http.StatusOK, gin.H{"status": "ready", "database": s.DB.Dialect})
}

// Handler is the HTTP handler of the whole platform.
func (s *Server) Handler() http.Handler { return s.engine }

// Engine exposes the gin engine (route listing in tests).
func (s *Server) Engine() *gin.Engine { return s.engine }

// Serve listens on cfg.Addr until ctx ends, then drains in-flight requests.
func (s *Server) Serve(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", s.Config.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           s.engine,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.Log.Info("shutting down: draining in-flight requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Close stops grading, the sandbox workers and the database.
func (s *Server) Close() error {
	s.Grading.Close()
	s.pool.Close()
	return s.DB.Close()
}

// NewLogger returns the JSON logger at the configured level.
func NewLogger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

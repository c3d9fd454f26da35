// Package talent counts certified developers toward the city's goals,
// exactly and fast.
//
// A certified developer is a distinct person holding at least one active
// credential (not revoked, not suspended, not expired) of a qualifying
// track (configurable; every catalog track by default, never an event
// achievement). A person counts once in the city, once in each track, and
// once in each org, org kind, district and consortium their credentials
// count for: the credential's issuing org and the orgs the holder belonged
// to when it was issued (see CredentialChanged).
//
// Counts are maintained, not scanned: each person's active days per (org,
// track) are kept as spans, and when a credential is issued or changes
// status the person is recomputed inside the same transaction and the
// difference is written as +1/-1 deltas per scope and day (and per month).
// The count of a scope as of a day D is the sum of its deltas up to D, so
// counts as of any day are exact and reproducible (a suspension or
// revocation never rewrites the days before it), and expiry needs no job:
// it is a -1 written in advance on the day it happens. Days are counted in
// China Standard Time (PlanZone).
//
// Breakdowns by org kind, district and consortium place each org where it
// sits now: when an org moves (kind, district, consortium membership), the
// people it counts are moved in one transaction (Reconcile), which the
// service runs when it notices, within seconds. Changing the qualifying
// tracks recounts everything (Rebuild).
//
// Answers are cached in process, keyed on a change counter that every
// writer of the counts bumps in its transaction, so a request costs a map
// lookup until something changes.
package talent

import (
	"context"
	"database/sql"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/db"
)

// Service serves the talent statistics and goals and maintains the counts.
type Service struct {
	db   *db.DB
	sqlR *sql.DB // the read pool without gorm, for the per-request version check
	cat  *catalog.Service
	log  *slog.Logger
	now  func() time.Time

	dirMu       sync.Mutex
	dir         *directory
	reconciled  string        // directory structure the counts were last reconciled with
	reconMu     sync.Mutex    // guards reconciling
	reconciling chan struct{} // closed when the running reconciliation ends; nil when none runs

	cacheMu sync.Mutex
	cache   map[cacheKey]*cached

	verMu      sync.Mutex
	ver        int64
	verAt      time.Time // when ver was read
	exactUntil time.Time // until then, read the version on every request

	// settingsWait is how long a qualifying-track change waits for its
	// recount before answering 202; recounts counts those still running
	// in this process.
	settingsWait time.Duration
	recounts     atomic.Int32
}

// New returns the service. Call Prepare before serving.
func New(d *db.DB, cat *catalog.Service, log *slog.Logger) (*Service, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	sqlR, err := d.R.DB()
	if err != nil {
		return nil, err
	}
	return &Service{db: d, sqlR: sqlR, cat: cat, log: log, now: time.Now, cache: map[cacheKey]*cached{}, settingsWait: defaultSettingsWait}, nil
}

// Prepare counts everything when the database asks for it (once after the
// migration that introduced the counts) and reconciles the counts with the
// orgs as they are now.
func (s *Service) Prepare(ctx context.Context) error {
	if err := s.prepare(ctx); err != nil {
		return err
	}
	_, err := s.directory(ctx, true)
	return err
}

// Routes registers the statistics, the goals and the settings.
func (s *Service) Routes(r *auth.Router) {
	r.GET("/stats/summary", auth.Public(), s.handleSummary)
	r.GET("/stats/goals", auth.Public(), s.handleCityStats)
	r.GET("/orgs/:orgId/stats", auth.OrgScoped("orgId", auth.RoleOrgAdmin, auth.RoleInstructor), s.handleOrgStats)
	// Consortium dashboards are for the admins of its member orgs, which
	// no route policy expresses: the handler checks.
	r.GET("/consortiums/:consortiumId/stats", auth.Authenticated(), s.handleConsortiumStats)

	r.GET("/goals", auth.PlatformAdmin(), s.handleListGoals)
	r.POST("/goals", auth.PlatformAdmin(), s.handleCreateGoal)
	r.PATCH("/goals/:goalId", auth.PlatformAdmin(), s.handleUpdateGoal)
	r.DELETE("/goals/:goalId", auth.PlatformAdmin(), s.handleDeleteGoal)

	r.GET("/admin/talent-settings", auth.PlatformAdmin(), s.handleGetSettings)
	r.PUT("/admin/talent-settings", auth.PlatformAdmin(), s.handlePutSettings)
}

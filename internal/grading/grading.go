package grading

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"sync"
	"time"

	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/grading/jsrun"
	"github.com/ohtalent/ohtalent/internal/ratelimit"
)

// CodeRunner grades code in isolation; *sandbox.Pool is the real one.
type CodeRunner interface {
	Grade(ctx context.Context, job jsrun.Job) (jsrun.Result, error)
}

// Settings are the grading knobs.
type Settings struct {
	SubmitPerMinute int           // per learner; 0 disables
	InlineWait      time.Duration // how long a submit request waits for its result before answering 202
	SweepEvery      time.Duration // how often orphaned local gradings are picked up
	Lease           time.Duration // how long a local grading's claim lasts unless renewed (it is, while grading runs)
}

// Service owns submissions: it grades quizzes at once, hands code to the
// sandbox pool, queues external labs for runners, and records scores.
type Service struct {
	db       *db.DB
	catalog  *catalog.Service
	pool     CodeRunner
	limiter  *ratelimit.Limiter
	log      *slog.Logger
	settings Settings
	// owner names this replica in leases, so a grading claimed here is
	// finished here or, if this replica dies, re-claimed after its lease.
	owner string

	mu      sync.Mutex
	waiters map[string][]chan struct{}

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// New builds the service and starts its sweeper; call Close to stop it.
func New(d *db.DB, cat *catalog.Service, pool CodeRunner, s Settings, log *slog.Logger) *Service {
	if s.InlineWait == 0 {
		s.InlineWait = 5 * time.Second
	}
	if s.SweepEvery == 0 {
		s.SweepEvery = 2 * time.Second
	}
	if s.Lease == 0 {
		s.Lease = 15 * time.Second
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	ctx, cancel := context.WithCancel(context.Background())
	svc := &Service{db: d, catalog: cat, pool: pool, limiter: ratelimit.New(d), log: log, settings: s,
		owner: "replica:" + hex.EncodeToString(b), waiters: map[string][]chan struct{}{}, ctx: ctx, cancel: cancel}
	svc.wg.Add(1)
	go svc.sweep()
	return svc
}

// Close stops background grading and waits for it.
func (s *Service) Close() {
	s.cancel()
	s.wg.Wait()
}

// Routes registers the submission and runner routes.
func (s *Service) Routes(r *auth.Router) {
	r.POST("/labs/:lab/submissions", auth.Authenticated(), s.handleSubmit)
	r.GET("/labs/:lab/submissions", auth.Authenticated(), s.handleHistory)
	r.GET("/submissions/:submissionId", auth.Authenticated(), s.handleGet)

	r.POST("/admin/runners", auth.PlatformAdmin(), s.handleCreateRunner)
	r.GET("/admin/runners", auth.PlatformAdmin(), s.handleListRunners)
	r.DELETE("/admin/runners/:runnerId", auth.PlatformAdmin(), s.handleRevokeRunner)
	r.POST("/runner/claim", auth.MachineToken("runner"), s.handleClaim)
	r.POST("/runner/jobs/:submissionId/result", auth.MachineToken("runner"), s.handleResult)
}

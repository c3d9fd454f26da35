package grading

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"gorm.io/gorm"
)

// Runner is an external grading machine with the OpenHarmony toolchain. It
// authenticates with a token (stored hashed) scoped to runner kinds.
type Runner struct {
	ID         string     `gorm:"column:id;primaryKey" json:"id"`
	Name       string     `gorm:"column:name" json:"name"`
	TokenHash  string     `gorm:"column:token_hash" json:"-"`
	KindsCSV   string     `gorm:"column:kinds" json:"-"`
	Kinds      []string   `gorm:"-" json:"kinds"`
	CreatedAt  time.Time  `gorm:"column:created_at" json:"createdAt"`
	LastSeenAt *time.Time `gorm:"column:last_seen_at" json:"lastSeenAt"`
	RevokedAt  *time.Time `gorm:"column:revoked_at" json:"revokedAt"`
}

func (Runner) TableName() string { return "runners" }

// AfterFind splits the stored kinds.
func (r *Runner) AfterFind(*gorm.DB) error {
	r.Kinds = strings.Split(r.KindsCSV, ",")
	return nil
}

const runnerTokenPrefix = "ohrun_"

// maxAttempts bounds how often an external job is handed out again after
// runners died holding it.
const maxAttempts = 5

// VerifyRunner is the auth.MachineVerifier for runner routes.
func (s *Service) VerifyRunner(c *gin.Context, token string) (any, error) {
	if !strings.HasPrefix(token, runnerTokenPrefix) {
		return nil, httpx.Unauthorized("not a runner token")
	}
	var r Runner
	err := s.db.R.WithContext(c.Request.Context()).Where("token_hash = ? AND revoked_at IS NULL", auth.HashToken(token)).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, httpx.Unauthorized("the runner token is unknown or revoked")
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

type createRunnerRequest struct {
	Name  string   `json:"name"`
	Kinds []string `json:"kinds"`
}

func (s *Service) handleCreateRunner(c *gin.Context) {
	var req createRunnerRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	var v httpx.Validation
	req.Name = strings.TrimSpace(req.Name)
	if req.Name == "" || len(req.Name) > 100 {
		v.Add("name", "must be 1 to 100 characters")
	}
	if len(req.Kinds) == 0 {
		v.Add("kinds", "name at least one runner kind, such as hvigor")
	}
	for i, k := range req.Kinds {
		if !catalog.ValidSlug(k) {
			v.Add("kinds", "entry %d (%q) must be a slug like hvigor", i, k)
		}
	}
	if err := v.Err(); err != nil {
		httpx.Abort(c, err)
		return
	}
	token := auth.NewSecretToken(runnerTokenPrefix)
	r := Runner{ID: db.NewID(), Name: req.Name, TokenHash: auth.HashToken(token), KindsCSV: strings.Join(req.Kinds, ","),
		Kinds: req.Kinds, CreatedAt: time.Now().UTC()}
	if err := s.db.W.WithContext(c.Request.Context()).Create(&r).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	httpx.JSON(c, http.StatusCreated, struct {
		Runner
		Token string `json:"token"`
	}{r, token})
}

func (s *Service) handleListRunners(c *gin.Context) {
	var rows []Runner
	if err := s.db.R.WithContext(c.Request.Context()).Order("id").Limit(httpx.MaxLimit).Find(&rows).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	if rows == nil {
		rows = []Runner{}
	}
	httpx.JSON(c, http.StatusOK, httpx.List[Runner]{Items: rows})
}

func (s *Service) handleRevokeRunner(c *gin.Context) {
	res := s.db.W.WithContext(c.Request.Context()).Model(&Runner{}).
		Where("id = ? AND revoked_at IS NULL", c.Param("runnerId")).Update("revoked_at", time.Now().UTC())
	if res.Error != nil {
		httpx.Abort(c, res.Error)
		return
	}
	if res.RowsAffected == 0 {
		httpx.Abort(c, httpx.NotFound("runner"))
		return
	}
	c.Status(http.StatusNoContent)
}

// RunnerJob is what a runner gets when it claims work.
type RunnerJob struct {
	ID             string            `json:"id"`
	Lab            string            `json:"lab"`
	Runner         string            `json:"runner"`
	Command        string            `json:"command"`
	TimeLimitMs    int               `json:"timeLimitMs"`
	MaxScore       int               `json:"maxScore"`
	Files          map[string]string `json:"files"`
	Assets         map[string]string `json:"assets"`
	LeaseExpiresAt time.Time         `json:"leaseExpiresAt"`
}

func (s *Service) handleClaim(c *gin.Context) {
	runner := auth.CurrentMachine(c).(*Runner)
	ctx := c.Request.Context()
	now := time.Now().UTC()
	_ = s.db.W.WithContext(ctx).Model(&Runner{}).Where("id = ?", runner.ID).Update("last_seen_at", now).Error
	graders := make([]string, len(runner.Kinds))
	for i, k := range runner.Kinds {
		graders[i] = "external:" + k
	}
	// SKIP LOCKED lets concurrent claims on PostgreSQL pass each other
	// instead of queueing on the same row; SQLite has a single writer, so
	// the statement is atomic there as it is.
	lock := ""
	if s.db.Dialect == db.Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	lease := 10 * time.Minute
	var ids []string
	err := s.db.W.WithContext(ctx).Raw(`UPDATE submissions SET status = ?, lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1
		WHERE id = (SELECT id FROM submissions WHERE grader IN ? AND attempts < ?
			AND (status = ? OR (status = ? AND lease_expires_at < ?)) ORDER BY created_at LIMIT 1`+lock+`)
		AND (status = ? OR (status = ? AND lease_expires_at < ?))
		RETURNING id`,
		StatusRunning, "runner:"+runner.ID, now.Add(lease), graders, maxAttempts, StatusQueued, StatusRunning, now,
		StatusQueued, StatusRunning, now).Scan(&ids).Error
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	if len(ids) == 0 {
		c.Status(http.StatusNoContent)
		return
	}
	var row submissionRow
	if err := s.db.W.WithContext(ctx).Where("id = ?", ids[0]).Take(&row).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	lab := s.catalog.Catalog().LabBySlug(row.LabSlug)
	if lab == nil {
		httpx.Abort(c, httpx.Conflict("the lab of this job is no longer in the catalog"))
		return
	}
	var p payload
	_ = json.Unmarshal([]byte(row.Payload), &p)
	job := RunnerJob{ID: row.ID, Lab: lab.Slug, Runner: lab.Runner, Command: lab.Command, TimeLimitMs: lab.TimeLimitMs,
		MaxScore: lab.MaxScore, Files: p.Files, Assets: lab.Assets, LeaseExpiresAt: now.Add(lease)}
	if job.Files == nil {
		job.Files = map[string]string{}
	}
	if job.Assets == nil {
		job.Assets = map[string]string{}
	}
	httpx.JSON(c, http.StatusOK, job)
}

// RunnerResult is what a runner reports.
type RunnerResult struct {
	Score   int               `json:"score"`
	Verdict string            `json:"verdict,omitempty"`
	Tests   []RunnerTestCase  `json:"tests,omitempty"`
	Output  string            `json:"output,omitempty"`
	Meta    map[string]string `json:"meta,omitempty"`
}

// RunnerTestCase is one check the runner made.
type RunnerTestCase struct {
	Name    string `json:"name"`
	Passed  bool   `json:"passed"`
	Message string `json:"message,omitempty"`
}

var runnerVerdicts = []string{"ok", "compile_error", "time_limit_exceeded", "runtime_error", "memory_limit_exceeded"}

func (s *Service) handleResult(c *gin.Context) {
	runner := auth.CurrentMachine(c).(*Runner)
	ctx := c.Request.Context()
	var res RunnerResult
	if err := httpx.BindJSON(c, &res); err != nil {
		httpx.Abort(c, err)
		return
	}
	var row submissionRow
	err := s.db.W.WithContext(ctx).Where("id = ? AND lease_owner = ?", c.Param("submissionId"), "runner:"+runner.ID).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		httpx.Abort(c, httpx.NotFound("job held by this runner"))
		return
	}
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	var v httpx.Validation
	if res.Verdict == "" {
		res.Verdict = "ok"
	}
	if !slices.Contains(runnerVerdicts, res.Verdict) {
		v.Add("verdict", "must be one of %s", strings.Join(runnerVerdicts, ", "))
	}
	if res.Score < 0 || res.Score > row.MaxScore {
		v.Add("score", "must be between 0 and %d", row.MaxScore)
	}
	if len(res.Output) > 64<<10 {
		v.Add("output", "must be at most 64 KiB")
	}
	if len(res.Tests) > 500 {
		v.Add("tests", "may hold at most 500 cases")
	}
	if err := v.Err(); err != nil {
		httpx.Abort(c, err)
		return
	}
	if res.Verdict != "ok" {
		res.Score = 0
	}
	var eligible bool
	err = s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		eligible, err = s.finish(ctx, tx, &row, "runner:"+runner.ID, outcome{Verdict: res.Verdict, Score: res.Score,
			Result: map[string]any{"tests": res.Tests, "output": res.Output}})
		return err
	})
	if errors.Is(err, errLeaseLost) {
		httpx.Abort(c, httpx.Conflict("this job is no longer held by this runner (already graded or re-assigned)"))
		return
	}
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.afterFinish(row.UserID, row.TrackSlug, eligible)
	httpx.JSON(c, http.StatusOK, row.view(false))
}

package grading

import (
	"context"
	"encoding/json"
	"errors"

	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"github.com/ohtalent/ohtalent/internal/ratelimit"
	"gorm.io/gorm"
)

// Submission statuses.
const (
	StatusQueued  = "queued"
	StatusRunning = "running"
	StatusGraded  = "graded"
)

// Modes: "submit" grades against every test and counts toward progress;
// "run" runs only the public tests, as the lab workspace's Run button does.
const (
	ModeSubmit = "submit"
	ModeRun    = "run"
)

// Graders: who grades a submission.
const (
	graderQuiz  = "quiz"
	graderLocal = "local"
	// external graders are "external:<runner kind>"
)

// Limits on what a learner may submit.
const (
	maxFileBytes  = 64 << 10
	maxTotalBytes = 256 << 10
	maxAnswerLen  = 2000
)

type submissionRow struct {
	ID             string     `gorm:"column:id;primaryKey"`
	UserID         string     `gorm:"column:user_id"`
	LabSlug        string     `gorm:"column:lab_slug"`
	TrackSlug      string     `gorm:"column:track_slug"`
	Kind           string     `gorm:"column:kind"`
	Mode           string     `gorm:"column:mode"`
	Grader         string     `gorm:"column:grader"`
	Status         string     `gorm:"column:status"`
	Verdict        string     `gorm:"column:verdict"`
	Score          int        `gorm:"column:score"`
	MaxScore       int        `gorm:"column:max_score"`
	Passed         bool       `gorm:"column:passed"`
	Payload        string     `gorm:"column:payload"`
	Result         string     `gorm:"column:result"`
	LeaseOwner     string     `gorm:"column:lease_owner"`
	LeaseExpiresAt *time.Time `gorm:"column:lease_expires_at"`
	Attempts       int        `gorm:"column:attempts"`
	CreatedAt      time.Time  `gorm:"column:created_at"`
	GradedAt       *time.Time `gorm:"column:graded_at"`
	DurationMs     int64      `gorm:"column:duration_ms"`
}

func (submissionRow) TableName() string { return "submissions" }

// payload is what the learner sent.
type payload struct {
	Mode    string                     `json:"mode,omitempty"`
	Files   map[string]string          `json:"files,omitempty"`
	Answers map[string]json.RawMessage `json:"answers,omitempty"`
}

// Submission is a submission as its learner sees it.
type Submission struct {
	ID         string            `json:"id"`
	Lab        string            `json:"lab"`
	Track      string            `json:"track"`
	Kind       string            `json:"kind"`
	Mode       string            `json:"mode"`
	Status     string            `json:"status"`
	Verdict    string            `json:"verdict,omitempty"`
	Score      int               `json:"score"`
	MaxScore   int               `json:"maxScore"`
	Passed     bool              `json:"passed"`
	CreatedAt  time.Time         `json:"createdAt"`
	GradedAt   *time.Time        `json:"gradedAt"`
	DurationMs int64             `json:"durationMs"`
	Result     json.RawMessage   `json:"result,omitempty"`
	Files      map[string]string `json:"files,omitempty"`
	Answers    json.RawMessage   `json:"answers,omitempty"`
}

func (r *submissionRow) view(withPayload bool) Submission {
	s := Submission{ID: r.ID, Lab: r.LabSlug, Track: r.TrackSlug, Kind: r.Kind, Mode: r.Mode, Status: r.Status,
		Verdict: r.Verdict, Score: r.Score, MaxScore: r.MaxScore, Passed: r.Passed, CreatedAt: r.CreatedAt,
		GradedAt: r.GradedAt, DurationMs: r.DurationMs}
	if r.Result != "" {
		s.Result = json.RawMessage(r.Result)
	}
	if withPayload {
		var p payload
		if json.Unmarshal([]byte(r.Payload), &p) == nil {
			s.Files = p.Files
			if len(p.Answers) > 0 {
				s.Answers, _ = json.Marshal(p.Answers)
			}
		}
	}
	return s
}

// validate checks a payload against its lab and returns a normalized copy.
func validate(lab *catalog.Lab, p payload) (payload, error) {
	var v httpx.Validation
	if p.Mode == "" {
		p.Mode = ModeSubmit
	}
	if p.Mode != ModeSubmit && p.Mode != ModeRun {
		v.Add("mode", "must be submit or run")
	}
	switch lab.Kind {
	case catalog.KindQuiz:
		if p.Mode == ModeRun {
			v.Add("mode", "quizzes have no run mode; submit your answers")
		}
		if len(p.Files) > 0 {
			v.Add("files", "a quiz takes answers, not files")
		}
		if len(p.Answers) == 0 {
			v.Add("answers", "answer at least one question: {\"answers\": {\"q1\": \"a\"}}")
		}
		known := map[string]bool{}
		for _, q := range lab.Questions {
			known[q.ID] = true
		}
		for id, raw := range p.Answers {
			if !known[id] {
				v.Add("answers."+id, "is not a question of this quiz")
			} else if len(raw) > maxAnswerLen {
				v.Add("answers."+id, "is longer than %d bytes", maxAnswerLen)
			}
		}
	default:
		if len(p.Answers) > 0 {
			v.Add("answers", "this lab takes files, not answers")
		}
		if lab.Kind == catalog.KindExternal && p.Mode == ModeRun {
			v.Add("mode", "labs graded by external runners have no run mode")
		}
		allowed := map[string]bool{}
		for _, f := range lab.Files {
			allowed[f] = true
		}
		total := 0
		for name, src := range p.Files {
			switch {
			case !allowed[name]:
				v.Add("files."+name, "is not a file of this lab (expected %s)", strings.Join(lab.Files, ", "))
			case len(src) > maxFileBytes:
				v.Add("files."+name, "is larger than %d KiB", maxFileBytes>>10)
			case !utf8.ValidString(src):
				v.Add("files."+name, "is not valid UTF-8 text")
			}
			total += len(src)
		}
		for _, f := range lab.Files {
			if _, ok := p.Files[f]; !ok {
				v.Add("files."+f, "is missing")
			}
		}
		if total > maxTotalBytes {
			v.Add("files", "together are larger than %d KiB", maxTotalBytes>>10)
		}
	}
	return p, v.Err()
}

func (s *Service) handleSubmit(c *gin.Context) {
	ctx := c.Request.Context()
	lab := s.catalog.Catalog().LabBySlug(c.Param("lab"))
	if lab == nil {
		httpx.Abort(c, httpx.NotFound("lab "+c.Param("lab")))
		return
	}
	var p payload
	if err := httpx.BindJSON(c, &p); err != nil {
		httpx.Abort(c, err)
		return
	}
	p, err := validate(lab, p)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	userID := auth.Current(c).User.ID
	ok, retry, err := s.limiter.Allow(ctx, ratelimit.Key("submit", userID), ratelimit.Rule{Max: s.settings.SubmitPerMinute, Window: time.Minute})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	if !ok {
		httpx.Abort(c, httpx.TooManyRequests(retry))
		return
	}
	raw, _ := json.Marshal(p)
	row := submissionRow{ID: db.NewID(), UserID: userID, LabSlug: lab.Slug, TrackSlug: lab.Track, Kind: string(lab.Kind),
		Mode: p.Mode, Status: StatusQueued, MaxScore: lab.MaxScore, Payload: string(raw), CreatedAt: time.Now().UTC()}
	switch lab.Kind {
	case catalog.KindQuiz:
		row.Grader = graderQuiz
		res := gradeQuiz(lab, p.Answers)
		var eligible bool
		// Graded in the request: stored as held by this replica, then
		// finished in the same transaction.
		row.Status, row.LeaseOwner = StatusRunning, s.owner
		err = s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if err := tx.Create(&row).Error; err != nil {
				return err
			}
			var err error
			eligible, err = s.finish(ctx, tx, &row, s.owner, res.outcome())
			return err
		})
		if err != nil {
			httpx.Abort(c, err)
			return
		}
		s.afterFinish(row.UserID, row.TrackSlug, eligible)
		s.respond(c, row.ID, http.StatusCreated)
		return
	case catalog.KindExternal:
		row.Grader = "external:" + lab.Runner
	default:
		row.Grader = graderLocal
	}
	if err := s.db.W.WithContext(ctx).Create(&row).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	if row.Grader != graderLocal {
		c.Header("Location", "/api/v1/submissions/"+row.ID)
		s.respond(c, row.ID, http.StatusAccepted)
		return
	}
	done := s.waitFor(row.ID)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.gradeLocal(row.ID)
	}()
	select {
	case <-done:
		s.respond(c, row.ID, http.StatusCreated)
	case <-time.After(s.settings.InlineWait):
		c.Header("Location", "/api/v1/submissions/"+row.ID)
		s.respond(c, row.ID, http.StatusAccepted)
	case <-ctx.Done():
	}
}

func (s *Service) respond(c *gin.Context, id string, status int) {
	var row submissionRow
	if err := s.db.W.WithContext(c.Request.Context()).Where("id = ?", id).Take(&row).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	if row.Status != StatusGraded && status == http.StatusCreated {
		status = http.StatusAccepted
	}
	httpx.JSON(c, status, row.view(false))
}

// waitFor returns a channel closed when submission id is graded here.
func (s *Service) waitFor(id string) <-chan struct{} {
	ch := make(chan struct{})
	s.mu.Lock()
	s.waiters[id] = append(s.waiters[id], ch)
	s.mu.Unlock()
	return ch
}

func (s *Service) notify(id string) {
	s.mu.Lock()
	chs := s.waiters[id]
	delete(s.waiters, id)
	s.mu.Unlock()
	for _, ch := range chs {
		close(ch)
	}
}

func (s *Service) handleGet(c *gin.Context) {
	var rows []submissionRow
	err := s.db.R.WithContext(c.Request.Context()).Where("id = ?", c.Param("submissionId")).Limit(1).Find(&rows).Error
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	p := auth.Current(c)
	// Someone else's submission is "not found", never a 403 that confirms
	// it exists.
	if len(rows) == 0 || (rows[0].UserID != p.User.ID && !p.IsPlatformAdmin()) {
		httpx.Abort(c, httpx.NotFound("submission"))
		return
	}
	httpx.JSON(c, http.StatusOK, rows[0].view(true))
}

func (s *Service) handleHistory(c *gin.Context) {
	lab := s.catalog.Catalog().LabBySlug(c.Param("lab"))
	if lab == nil {
		httpx.Abort(c, httpx.NotFound("lab "+c.Param("lab")))
		return
	}
	page, err := httpx.ParsePage(c)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	// Newest first: the cursor is the last (oldest) id of the page.
	q := s.db.R.WithContext(c.Request.Context()).Where("user_id = ? AND lab_slug = ?", auth.Current(c).User.ID, lab.Slug)
	if page.After != "" {
		q = q.Where("id < ?", page.After)
	}
	var rows []submissionRow
	if err := q.Order("id DESC").Limit(page.Limit + 1).Find(&rows).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	views := make([]Submission, len(rows))
	for i := range rows {
		views[i] = rows[i].view(false)
	}
	httpx.JSON(c, http.StatusOK, httpx.NewList(views, page, func(v Submission) string { return v.ID }))
}

// outcome is a finished grading, whoever graded it.
type outcome struct {
	Verdict    string
	Score      int
	Result     any
	DurationMs int64
}

// claim takes a queued submission, or one whose lease ran out, for owner.
// The conditional update is the lock: of two claimers only one changes the
// row, so no submission is graded by two graders at once.
func (s *Service) claim(ctx context.Context, id, owner string, lease time.Duration) (bool, error) {
	now := time.Now().UTC()
	res := s.db.W.WithContext(ctx).Exec(`UPDATE submissions SET status = ?, lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1
		WHERE id = ? AND (status = ? OR (status = ? AND lease_expires_at < ?))`,
		StatusRunning, owner, now.Add(lease), id, StatusQueued, StatusRunning, now)
	return res.RowsAffected == 1, res.Error
}

var errLeaseLost = errors.New("the grading lease was lost to another grader")

// finish stores an outcome if owner still holds the lease, and records the
// score toward progress. It reports whether the certificate rule is now
// satisfied.
func (s *Service) finish(ctx context.Context, tx *gorm.DB, row *submissionRow, owner string, o outcome) (bool, error) {
	raw, err := json.Marshal(o.Result)
	if err != nil {
		return false, err
	}
	lab := s.catalog.Catalog().LabBySlug(row.LabSlug)
	passed := lab != nil && o.Score >= lab.PassScore && o.Verdict == "ok"
	now := time.Now().UTC()
	res := tx.WithContext(ctx).Exec(`UPDATE submissions SET status = ?, verdict = ?, score = ?, passed = ?, result = ?, graded_at = ?, duration_ms = ?, lease_expires_at = NULL
		WHERE id = ? AND status = ? AND lease_owner = ?`,
		StatusGraded, o.Verdict, o.Score, passed, string(raw), now, o.DurationMs, row.ID, StatusRunning, owner)
	if res.Error != nil {
		return false, res.Error
	}
	if res.RowsAffected != 1 {
		return false, errLeaseLost
	}
	row.Status, row.Verdict, row.Score, row.Passed, row.Result, row.GradedAt = StatusGraded, o.Verdict, o.Score, passed, string(raw), &now
	if row.Mode != ModeSubmit || lab == nil {
		return false, nil
	}
	return s.catalog.RecordScore(ctx, tx, row.UserID, lab, o.Score)
}

// afterFinish runs once the grading transaction has committed.
func (s *Service) afterFinish(userID, track string, eligible bool) {
	if eligible {
		s.catalog.CertificateReached(s.ctx, userID, track)
	}
}

// gradeLocal claims and grades a code submission in the sandbox pool.
func (s *Service) gradeLocal(id string) {
	defer s.notify(id)
	ctx := s.ctx
	var row submissionRow
	if err := s.db.W.WithContext(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		s.log.Error("load submission", "submission_id", id, "error", err.Error())
		return
	}
	lab := s.catalog.Catalog().LabBySlug(row.LabSlug)
	ok, err := s.claim(ctx, id, s.owner, s.settings.Lease)
	if err != nil || !ok {
		return
	}
	var o outcome
	if lab == nil || lab.Kind != catalog.KindCode {
		o = outcome{Verdict: "runtime_error", Result: map[string]string{"error": "this lab is no longer in the catalog"}}
	} else {
		var p payload
		_ = json.Unmarshal([]byte(row.Payload), &p)
		stop := s.holdLease(id)
		o, err = s.runCode(ctx, lab, p)
		stop()
		if err != nil {
			// The pool is shutting down: leave the lease to expire so
			// another replica (or this one after restart) grades it.
			s.log.Warn("grading interrupted", "submission_id", id, "error", err.Error())
			return
		}
	}
	var eligible bool
	err = s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		eligible, err = s.finish(ctx, tx, &row, s.owner, o)
		return err
	})
	if err != nil {
		s.log.Error("store grading", "submission_id", id, "error", err.Error())
		return
	}
	s.afterFinish(row.UserID, row.TrackSlug, eligible)
}

// holdLease renews this replica's lease on a grading while it waits for
// and runs in the sandbox pool, and returns the function that stops. The
// lease can then be short, so that the gradings of a replica that died
// (kill -9, power loss) are picked up by the sweeper within seconds rather
// than after a lease long enough for the slowest queue.
func (s *Service) holdLease(id string) func() {
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(s.settings.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-s.ctx.Done():
				return
			case <-t.C:
				s.db.W.WithContext(s.ctx).Exec("UPDATE submissions SET lease_expires_at = ? WHERE id = ? AND status = ? AND lease_owner = ?",
					time.Now().UTC().Add(s.settings.Lease), id, StatusRunning, s.owner)
			}
		}
	}()
	return func() { close(done); <-stopped }
}

// sweep picks up local gradings that a crashed or stopped replica left
// behind: queued for a while, or running with an expired lease.
func (s *Service) sweep() {
	defer s.wg.Done()
	t := time.NewTicker(s.settings.SweepEvery)
	defer t.Stop()
	for {
		now := time.Now().UTC()
		var ids []string
		err := s.db.R.WithContext(s.ctx).Raw(`SELECT id FROM submissions WHERE grader = ? AND
			((status = ? AND created_at < ?) OR (status = ? AND lease_expires_at < ?)) ORDER BY created_at LIMIT 50`,
			graderLocal, StatusQueued, now.Add(-3*time.Second), StatusRunning, now).Scan(&ids).Error
		if err == nil {
			for _, id := range ids {
				if s.ctx.Err() != nil {
					return
				}
				s.gradeLocal(id)
			}
		}
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		}
	}
}

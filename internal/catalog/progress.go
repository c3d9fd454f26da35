package catalog

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"gorm.io/gorm"
)

// Progress is a learner's standing in one track.
type Progress struct {
	TrackSlug           string     `json:"trackSlug"`
	Enrolled            bool       `json:"enrolled"`
	EnrolledAt          *time.Time `json:"enrolledAt"`
	LessonsCompleted    int        `json:"lessonsCompleted"`
	LessonsTotal        int        `json:"lessonsTotal"`
	CompletedLessons    []string   `json:"completedLessons"`
	LabsPassed          int        `json:"labsPassed"`
	LabsRequired        int        `json:"labsRequired"`
	Labs                []LabScore `json:"labs"`
	ScorePercent        int        `json:"scorePercent"` // best scores over required labs, as % of their max
	Threshold           int        `json:"threshold"`
	Percent             int        `json:"percent"` // toward the certificate rule
	CertificateEligible bool       `json:"certificateEligible"`
}

// LabScore is a learner's best result on a lab.
type LabScore struct {
	Lab       string    `json:"lab"`
	BestScore int       `json:"bestScore"`
	MaxScore  int       `json:"maxScore"`
	Passed    bool      `json:"passed"`
	Attempts  int       `json:"attempts"`
	UpdatedAt time.Time `json:"updatedAt"`
}

type enrollment struct {
	ID           string    `gorm:"column:id;primaryKey"`
	UserID       string    `gorm:"column:user_id"`
	TrackSlug    string    `gorm:"column:track_slug"`
	TrackVersion int       `gorm:"column:track_version"`
	EnrolledAt   time.Time `gorm:"column:enrolled_at"`
}

func (enrollment) TableName() string { return "enrollments" }

type labScoreRow struct {
	UserID    string    `gorm:"column:user_id;primaryKey"`
	LabSlug   string    `gorm:"column:lab_slug;primaryKey"`
	TrackSlug string    `gorm:"column:track_slug"`
	BestScore int       `gorm:"column:best_score"`
	MaxScore  int       `gorm:"column:max_score"`
	Passed    bool      `gorm:"column:passed"`
	Attempts  int       `gorm:"column:attempts"`
	UpdatedAt time.Time `gorm:"column:updated_at"`
}

func (labScoreRow) TableName() string { return "lab_scores" }

// Enroll puts a user in a track; enrolling twice is harmless. It reports
// whether a new enrollment was made.
func (s *Service) Enroll(ctx context.Context, g *gorm.DB, userID string, t *Track) (bool, error) {
	res := g.WithContext(ctx).Exec(`INSERT INTO enrollments (id, user_id, track_slug, track_version, enrolled_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, track_slug) DO NOTHING`,
		db.NewID(), userID, t.Slug, t.Version, time.Now().UTC())
	return res.RowsAffected == 1, res.Error
}

func (s *Service) enroll(c *gin.Context) {
	t, ok := s.track(c)
	if !ok {
		return
	}
	created, err := s.Enroll(c.Request.Context(), s.db.W, auth.Current(c).User.ID, t)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	p, err := s.ProgressOf(c.Request.Context(), s.db.W, auth.Current(c).User.ID, t)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	httpx.JSON(c, status, p)
}

func (s *Service) completeLesson(c *gin.Context) {
	t, ok := s.track(c)
	if !ok {
		return
	}
	l := t.Lesson(c.Param("lesson"))
	if l == nil {
		httpx.Abort(c, httpx.NotFound("lesson "+c.Param("lesson")))
		return
	}
	ctx := c.Request.Context()
	userID := auth.Current(c).User.ID
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := s.Enroll(ctx, tx, userID, t); err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO lesson_completions (user_id, track_slug, lesson_slug, completed_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id, track_slug, lesson_slug) DO NOTHING`, userID, t.Slug, l.Slug, time.Now().UTC()).Error
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	p, err := s.ProgressOf(ctx, s.db.W, userID, t)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, p)
}

func (s *Service) trackProgress(c *gin.Context) {
	t, ok := s.track(c)
	if !ok {
		return
	}
	p, err := s.ProgressOf(c.Request.Context(), s.db.R, auth.Current(c).User.ID, t)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, p)
}

func (s *Service) myProgress(c *gin.Context) {
	ctx := c.Request.Context()
	userID := auth.Current(c).User.ID
	var rows []enrollment
	if err := s.db.R.WithContext(ctx).Where("user_id = ?", userID).Order("enrolled_at").Find(&rows).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	cat := s.Catalog()
	out := []Progress{}
	for _, e := range rows {
		t := cat.Track(e.TrackSlug)
		if t == nil {
			continue // a track withdrawn from the content keeps its records but is not shown
		}
		p, err := s.ProgressOf(ctx, s.db.R, userID, t)
		if err != nil {
			httpx.Abort(c, err)
			return
		}
		out = append(out, p)
	}
	httpx.JSON(c, http.StatusOK, httpx.List[Progress]{Items: out})
}

// ProgressOf computes a user's progress in a track from their records.
func (s *Service) ProgressOf(ctx context.Context, g *gorm.DB, userID string, t *Track) (Progress, error) {
	p := Progress{TrackSlug: t.Slug, LessonsTotal: len(t.Lessons()), LabsRequired: len(t.Certificate.Labs),
		Threshold: t.Certificate.Threshold, CompletedLessons: []string{}, Labs: []LabScore{}}
	var enr []enrollment
	if err := g.WithContext(ctx).Where("user_id = ? AND track_slug = ?", userID, t.Slug).Limit(1).Find(&enr).Error; err != nil {
		return p, err
	}
	if len(enr) == 1 {
		p.Enrolled, p.EnrolledAt = true, &enr[0].EnrolledAt
	}
	var lessons []string
	if err := g.WithContext(ctx).Raw("SELECT lesson_slug FROM lesson_completions WHERE user_id = ? AND track_slug = ? ORDER BY completed_at",
		userID, t.Slug).Scan(&lessons).Error; err != nil {
		return p, err
	}
	for _, l := range lessons {
		if t.Lesson(l) != nil {
			p.CompletedLessons = append(p.CompletedLessons, l)
		}
	}
	p.LessonsCompleted = len(p.CompletedLessons)
	var scores []labScoreRow
	if err := g.WithContext(ctx).Where("user_id = ? AND track_slug = ?", userID, t.Slug).Find(&scores).Error; err != nil {
		return p, err
	}
	byLab := map[string]int{}
	for _, r := range scores {
		byLab[r.LabSlug] = r.BestScore
		p.Labs = append(p.Labs, LabScore{Lab: r.LabSlug, BestScore: r.BestScore, MaxScore: r.MaxScore, Passed: r.Passed,
			Attempts: r.Attempts, UpdatedAt: r.UpdatedAt})
	}
	p.LabsPassed, p.ScorePercent, p.CertificateEligible = EvaluateRule(t, byLab)
	if p.LabsRequired > 0 {
		// Passing labs is the path; the score share gates the last step.
		p.Percent = 100 * p.LabsPassed / p.LabsRequired
		if p.Percent == 100 && !p.CertificateEligible {
			p.Percent = 99
		}
	}
	return p, nil
}

// EvaluateRule applies a track's certificate rule to best scores by lab
// slug: how many required labs are passed, the score share over them, and
// whether the rule is satisfied.
func EvaluateRule(t *Track, best map[string]int) (passed, scorePercent int, eligible bool) {
	sum, max := 0, 0
	for _, slug := range t.Certificate.Labs {
		lab := t.Lab(slug)
		if lab == nil {
			continue
		}
		max += lab.MaxScore
		if score, ok := best[slug]; ok {
			sum += min(score, lab.MaxScore)
			if score >= lab.PassScore {
				passed++
			}
		}
	}
	if max > 0 {
		scorePercent = 100 * sum / max
	}
	eligible = passed == len(t.Certificate.Labs) && max > 0 && sum*100 >= t.Certificate.Threshold*max
	return passed, scorePercent, eligible
}

// RecordScore keeps a graded attempt's score if it is the user's best, in
// tx (the grading transaction), and reports whether the track's certificate
// rule is satisfied afterwards. The caller runs the certificate hooks after
// commit through CertificateReached.
func (s *Service) RecordScore(ctx context.Context, tx *gorm.DB, userID string, lab *Lab, score int) (bool, error) {
	t := s.Catalog().Track(lab.Track)
	if t == nil {
		return false, nil
	}
	if _, err := s.Enroll(ctx, tx, userID, t); err != nil {
		return false, err
	}
	now := time.Now().UTC()
	passed := score >= lab.PassScore
	// Insert or raise the best score in one statement so concurrent
	// gradings of one learner cannot lose the higher result.
	err := tx.WithContext(ctx).Exec(`INSERT INTO lab_scores (user_id, lab_slug, track_slug, best_score, max_score, passed, attempts, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, 1, ?)
		ON CONFLICT (user_id, lab_slug) DO UPDATE SET
			attempts = lab_scores.attempts + 1,
			passed = (lab_scores.passed OR excluded.passed),
			max_score = excluded.max_score,
			updated_at = CASE WHEN excluded.best_score > lab_scores.best_score THEN excluded.updated_at ELSE lab_scores.updated_at END,
			best_score = CASE WHEN excluded.best_score > lab_scores.best_score THEN excluded.best_score ELSE lab_scores.best_score END`,
		userID, lab.Slug, t.Slug, score, lab.MaxScore, passed, now).Error
	if err != nil {
		return false, err
	}
	var scores []labScoreRow
	if err := tx.WithContext(ctx).Where("user_id = ? AND track_slug = ?", userID, t.Slug).Find(&scores).Error; err != nil {
		return false, err
	}
	byLab := map[string]int{}
	for _, r := range scores {
		byLab[r.LabSlug] = r.BestScore
	}
	_, _, eligible := EvaluateRule(t, byLab)
	return eligible, nil
}

// CertificateReached runs the certificate hooks for a user and track.
func (s *Service) CertificateReached(ctx context.Context, userID string, trackSlug string) {
	t := s.Catalog().Track(trackSlug)
	if t == nil {
		return
	}
	for _, h := range s.hooks {
		h(ctx, userID, t)
	}
}

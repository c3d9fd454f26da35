package roster

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"gorm.io/gorm"
)

// Cohort is a group of students enrolled together in tracks.
type Cohort struct {
	ID          string    `gorm:"column:id;primaryKey" json:"id"`
	OrgID       string    `gorm:"column:org_id" json:"orgId"`
	Name        string    `gorm:"column:name" json:"name"`
	Term        string    `gorm:"column:term" json:"term"`
	ExternalID  string    `gorm:"column:external_id" json:"externalId"`
	Tracks      []string  `gorm:"-" json:"tracks"`
	ActiveCount int64     `gorm:"-" json:"activeMembers"`
	CreatedAt   time.Time `gorm:"column:created_at" json:"createdAt"`
	UpdatedAt   time.Time `gorm:"column:updated_at" json:"updatedAt"`
}

func (Cohort) TableName() string { return "cohorts" }

type cohortInput struct {
	Name       string   `json:"name"`
	Term       string   `json:"term"`
	ExternalID string   `json:"externalId"`
	Tracks     []string `json:"tracks"`
}

func (s *Service) handleCreateCohort(c *gin.Context) {
	var in cohortInput
	if err := httpx.BindJSON(c, &in); err != nil {
		httpx.Abort(c, err)
		return
	}
	var v httpx.Validation
	in.Name, in.Term, in.ExternalID = strings.TrimSpace(in.Name), strings.TrimSpace(in.Term), strings.TrimSpace(in.ExternalID)
	if n := utf8.RuneCountInString(in.Name); n == 0 || n > 100 {
		v.Add("name", "must be 1 to 100 characters, such as 2026 秋 鸿蒙应用开发 1 班")
	}
	if utf8.RuneCountInString(in.Term) > 40 {
		v.Add("term", "must be at most 40 characters, such as 2026-autumn")
	}
	if len(in.ExternalID) > 100 {
		v.Add("externalId", "must be at most 100 characters")
	}
	for i, t := range in.Tracks {
		if s.catalog.Catalog().Track(t) == nil {
			v.Add("tracks", "entry %d (%q) is not a track of the catalog", i, t)
		}
	}
	if err := v.Err(); err != nil {
		httpx.Abort(c, err)
		return
	}
	now := time.Now().UTC()
	co := Cohort{ID: db.NewID(), OrgID: c.Param("orgId"), Name: in.Name, Term: in.Term, ExternalID: in.ExternalID, CreatedAt: now, UpdatedAt: now}
	err := s.db.W.WithContext(c.Request.Context()).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&co).Error; err != nil {
			return err
		}
		for _, t := range in.Tracks {
			if err := tx.Exec("INSERT INTO cohort_tracks (cohort_id, track_slug) VALUES (?, ?) ON CONFLICT DO NOTHING", co.ID, t).Error; err != nil {
				return err
			}
		}
		return nil
	})
	switch {
	case db.IsUniqueViolation(err):
		httpx.Abort(c, httpx.Conflict("this organization already has a cohort with that name and term, or that external id"))
		return
	case db.IsForeignKeyViolation(err):
		httpx.Abort(c, httpx.NotFound("organization"))
		return
	case err != nil:
		httpx.Abort(c, err)
		return
	}
	co.Tracks = append([]string{}, in.Tracks...)
	c.Header("Location", "/api/v1/orgs/"+co.OrgID+"/cohorts/"+co.ID)
	httpx.JSON(c, http.StatusCreated, co)
}

// fill adds tracks and active-member counts to cohorts with two grouped
// queries, however many cohorts a page holds.
func (s *Service) fill(ctx context.Context, g *gorm.DB, cs []Cohort) error {
	if len(cs) == 0 {
		return nil
	}
	ids := make([]string, len(cs))
	for i := range cs {
		ids[i] = cs[i].ID
		cs[i].Tracks = []string{}
	}
	var tracks []struct{ CohortID, TrackSlug string }
	if err := g.WithContext(ctx).Raw("SELECT cohort_id, track_slug FROM cohort_tracks WHERE cohort_id IN ? ORDER BY track_slug", ids).Scan(&tracks).Error; err != nil {
		return err
	}
	var counts []struct {
		CohortID string
		N        int64
	}
	if err := g.WithContext(ctx).Raw("SELECT cohort_id, COUNT(*) AS n FROM cohort_members WHERE cohort_id IN ? AND status = 'active' GROUP BY cohort_id", ids).Scan(&counts).Error; err != nil {
		return err
	}
	at := make(map[string]*Cohort, len(cs))
	for i := range cs {
		at[cs[i].ID] = &cs[i]
	}
	for _, t := range tracks {
		at[t.CohortID].Tracks = append(at[t.CohortID].Tracks, t.TrackSlug)
	}
	for _, c := range counts {
		at[c.CohortID].ActiveCount = c.N
	}
	return nil
}

func (s *Service) handleListCohorts(c *gin.Context) {
	page, err := httpx.ParsePage(c)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	var rows []Cohort
	ctx := c.Request.Context()
	if err := s.db.R.WithContext(ctx).Where("org_id = ? AND id > ?", c.Param("orgId"), page.After).Order("id").Limit(page.Limit + 1).Find(&rows).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	if err := s.fill(ctx, s.db.R, rows); err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, httpx.NewList(rows, page, func(x Cohort) string { return x.ID }))
}

// cohortInOrg loads a cohort only if it belongs to orgID: another org's
// cohort id is "not found", never its data.
func (s *Service) cohortInOrg(ctx context.Context, g *gorm.DB, orgID, cohortID string) (*Cohort, error) {
	var co Cohort
	err := g.WithContext(ctx).Where("id = ? AND org_id = ?", cohortID, orgID).Take(&co).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, httpx.NotFound("cohort")
	}
	if err != nil {
		return nil, err
	}
	cs := []Cohort{co}
	if err := s.fill(ctx, g, cs); err != nil {
		return nil, err
	}
	return &cs[0], nil
}

func (s *Service) handleGetCohort(c *gin.Context) {
	co, err := s.cohortInOrg(c.Request.Context(), s.db.R, c.Param("orgId"), c.Param("cohortId"))
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, co)
}

// Member is a student in a cohort, as the cohort's staff sees them.
type Member struct {
	UserID        string    `json:"userId"`
	StudentNumber string    `json:"studentNumber"`
	DisplayName   string    `json:"displayName"`
	Email         string    `json:"email"`
	Status        string    `json:"status"`
	Activated     bool      `json:"activated"`
	JoinedAt      time.Time `json:"joinedAt"`
}

func (s *Service) handleListMembers(c *gin.Context) {
	ctx := c.Request.Context()
	orgID := c.Param("orgId")
	co, err := s.cohortInOrg(ctx, s.db.R, orgID, c.Param("cohortId"))
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	page, err := httpx.ParsePage(c)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	var rows []struct {
		Member
		PasswordSet bool
	}
	err = s.db.R.WithContext(ctx).Raw(`SELECT cm.user_id, COALESCE(os.student_number, '') AS student_number, u.display_name, u.email,
			cm.status, cm.joined_at, u.password_hash <> '' AS password_set
		FROM cohort_members cm JOIN users u ON u.id = cm.user_id
		LEFT JOIN org_students os ON os.user_id = cm.user_id AND os.org_id = ?
		WHERE cm.cohort_id = ? AND cm.user_id > ? ORDER BY cm.user_id LIMIT ?`, orgID, co.ID, page.After, page.Limit+1).Scan(&rows).Error
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	out := make([]Member, len(rows))
	for i, r := range rows {
		out[i] = r.Member
		out[i].Activated = r.PasswordSet
	}
	httpx.JSON(c, http.StatusOK, httpx.NewList(out, page, func(m Member) string { return m.UserID }))
}

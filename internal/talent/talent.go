// Package talent counts certified developers toward the city's goals.
//
// For now it answers one public summary from the credentials table; the
// goals issue replaces the scan with counts maintained as credentials
// change, with series, projections and breakdowns.
package talent

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
)

// Goal is a target number of certified developers by a deadline.
type Goal struct {
	Name     string    `json:"name"`
	Target   int64     `json:"target"`
	Deadline time.Time `json:"deadline"`
}

// DefaultGoals are the city plan's: 20,000 by the end of 2027 and 50,000
// by the end of 2030.
var DefaultGoals = []Goal{
	{Name: "2027", Target: 20000, Deadline: time.Date(2027, 12, 31, 23, 59, 59, 0, time.UTC)},
	{Name: "2030", Target: 50000, Deadline: time.Date(2030, 12, 31, 23, 59, 59, 0, time.UTC)},
}

// Service serves the talent statistics.
type Service struct {
	db  *db.DB
	now func() time.Time
}

// New returns the service.
func New(d *db.DB) *Service { return &Service{db: d, now: time.Now} }

// Routes registers the public statistics.
func (s *Service) Routes(r *auth.Router) {
	r.GET("/stats/summary", auth.Public(), s.handleSummary)
}

// Summary is the headline figure: aggregates only, never a person.
type Summary struct {
	CertifiedDevelopers int64     `json:"certifiedDevelopers"`
	CredentialsIssued   int64     `json:"credentialsIssued"`
	Goals               []Goal    `json:"goals"`
	AsOf                time.Time `json:"asOf"`
}

func (s *Service) handleSummary(c *gin.Context) {
	now := s.now().UTC()
	var out Summary
	// A certified developer is a distinct person holding at least one
	// active, unexpired credential.
	err := s.db.R.WithContext(c.Request.Context()).Raw(`SELECT
		(SELECT COUNT(DISTINCT user_id) FROM credentials WHERE status = 'active' AND valid_from <= ? AND (valid_until IS NULL OR valid_until > ?)),
		(SELECT COUNT(*) FROM credentials)`, now, now).Row().Scan(&out.CertifiedDevelopers, &out.CredentialsIssued)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	out.Goals, out.AsOf = DefaultGoals, now
	c.Header("Cache-Control", "public, max-age=30")
	httpx.JSON(c, http.StatusOK, out)
}

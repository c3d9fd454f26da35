package catalog

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/httpx"
)

// TrackSummary is a track in the catalog list.
type TrackSummary struct {
	Slug           string          `json:"slug"`
	Version        int             `json:"version"`
	Title          Text            `json:"title"`
	Summary        Text            `json:"summary"`
	Level          Level           `json:"level"`
	EstimatedHours int             `json:"estimatedHours"`
	Outcomes       []Text          `json:"outcomes"`
	ModuleCount    int             `json:"moduleCount"`
	LessonCount    int             `json:"lessonCount"`
	LabCount       int             `json:"labCount"`
	Certificate    CertificateRule `json:"certificate"`
}

func summarize(t *Track) TrackSummary {
	return TrackSummary{Slug: t.Slug, Version: t.Version, Title: t.Title, Summary: t.Summary, Level: t.Level,
		EstimatedHours: t.EstimatedHours, Outcomes: t.Outcomes, ModuleCount: len(t.Modules),
		LessonCount: len(t.Lessons()), LabCount: len(t.Labs()), Certificate: t.Certificate}
}

// TrackDetail is a track with its outline (no lesson bodies, no lab code).
type TrackDetail struct {
	TrackSummary
	Modules []ModuleOutline `json:"modules"`
}

// ModuleOutline lists a module's lessons and labs.
type ModuleOutline struct {
	Slug    string          `json:"slug"`
	Title   Text            `json:"title"`
	Summary Text            `json:"summary"`
	Lessons []LessonOutline `json:"lessons"`
	Labs    []LabOutline    `json:"labs"`
}

// LessonOutline names a lesson.
type LessonOutline struct {
	Slug    string `json:"slug"`
	Title   Text   `json:"title"`
	Minutes int    `json:"minutes"`
}

// LabOutline names a lab.
type LabOutline struct {
	Slug      string  `json:"slug"`
	Kind      LabKind `json:"kind"`
	Title     Text    `json:"title"`
	MaxScore  int     `json:"maxScore"`
	PassScore int     `json:"passScore"`
	Required  bool    `json:"required"`
}

func (s *Service) listTracks(c *gin.Context) {
	cat := s.Catalog()
	out := make([]TrackSummary, 0, len(cat.Tracks))
	for _, t := range cat.Tracks {
		out = append(out, summarize(t))
	}
	c.Header("Cache-Control", "public, max-age=60")
	httpx.JSON(c, http.StatusOK, httpx.List[TrackSummary]{Items: out})
}

func (s *Service) track(c *gin.Context) (*Track, bool) {
	t := s.Catalog().Track(c.Param("track"))
	if t == nil {
		httpx.Abort(c, httpx.NotFound("track "+c.Param("track")))
		return nil, false
	}
	return t, true
}

func (s *Service) getTrack(c *gin.Context) {
	t, ok := s.track(c)
	if !ok {
		return
	}
	required := map[string]bool{}
	for _, l := range t.Certificate.Labs {
		required[l] = true
	}
	d := TrackDetail{TrackSummary: summarize(t), Modules: make([]ModuleOutline, 0, len(t.Modules))}
	for _, m := range t.Modules {
		mo := ModuleOutline{Slug: m.Slug, Title: m.Title, Summary: m.Summary, Lessons: []LessonOutline{}, Labs: []LabOutline{}}
		for _, l := range m.Lessons {
			mo.Lessons = append(mo.Lessons, LessonOutline{Slug: l.Slug, Title: l.Title, Minutes: l.Minutes})
		}
		for _, l := range m.Labs {
			mo.Labs = append(mo.Labs, LabOutline{Slug: l.Slug, Kind: l.Kind, Title: l.Title, MaxScore: l.MaxScore,
				PassScore: l.PassScore, Required: required[l.Slug]})
		}
		d.Modules = append(d.Modules, mo)
	}
	c.Header("Cache-Control", "public, max-age=60")
	httpx.JSON(c, http.StatusOK, d)
}

// LessonPage is a lesson rendered to sanitized HTML, with its neighbours
// for navigation.
type LessonPage struct {
	Track   string         `json:"track"`
	Module  string         `json:"module"`
	Slug    string         `json:"slug"`
	Title   Text           `json:"title"`
	Minutes int            `json:"minutes"`
	HTML    string         `json:"html"`
	HTMLEn  string         `json:"htmlEn,omitempty"`
	Prev    *LessonOutline `json:"prev"`
	Next    *LessonOutline `json:"next"`
}

func (s *Service) getLesson(c *gin.Context) {
	snap := s.current.Load()
	t := snap.cat.Track(c.Param("track"))
	if t == nil {
		httpx.Abort(c, httpx.NotFound("track "+c.Param("track")))
		return
	}
	l := t.Lesson(c.Param("lesson"))
	if l == nil {
		httpx.Abort(c, httpx.NotFound("lesson "+c.Param("lesson")))
		return
	}
	html := snap.lessonHTML[l]
	page := LessonPage{Track: t.Slug, Module: l.Module, Slug: l.Slug, Title: l.Title, Minutes: l.Minutes, HTML: html.Zh, HTMLEn: html.En}
	all := t.Lessons()
	for i, x := range all {
		if x != l {
			continue
		}
		if i > 0 {
			page.Prev = &LessonOutline{Slug: all[i-1].Slug, Title: all[i-1].Title, Minutes: all[i-1].Minutes}
		}
		if i+1 < len(all) {
			page.Next = &LessonOutline{Slug: all[i+1].Slug, Title: all[i+1].Title, Minutes: all[i+1].Minutes}
		}
	}
	c.Header("Cache-Control", "public, max-age=60")
	httpx.JSON(c, http.StatusOK, page)
}

// LabPage is what a learner sees of a lab, with the statement rendered.
type LabPage struct {
	PublicLab
	StatementHTML Text `json:"statementHtml"`
}

func (s *Service) getLab(c *gin.Context) {
	snap := s.current.Load()
	l := snap.cat.LabBySlug(c.Param("lab"))
	if l == nil {
		httpx.Abort(c, httpx.NotFound("lab "+c.Param("lab")))
		return
	}
	c.Header("Cache-Control", "public, max-age=60")
	httpx.JSON(c, http.StatusOK, LabPage{PublicLab: l.PublicLab(), StatementHTML: snap.labHTML[l]})
}

func (s *Service) reload(c *gin.Context) {
	stats, err := s.Reload(c.Request.Context())
	var probs Problems
	switch {
	case errors.Is(err, ErrEmbedded):
		httpx.Abort(c, httpx.Conflict(err.Error()))
		return
	case errors.As(err, &probs):
		p := httpx.NewProblem(422, "invalid-course-content", "the course folder has problems; the current content stays in service")
		for _, pr := range probs {
			p.Errors = append(p.Errors, httpx.FieldError{Field: pr.File, Row: pr.Line, Message: pr.Message})
		}
		httpx.Abort(c, p)
		return
	case err != nil:
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, stats)
}

package talent

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"github.com/ohtalent/ohtalent/internal/tabular"
)

// parseAsOf reads ?asOf=YYYY-MM-DD; today (in PlanZone) when absent.
func (s *Service) parseAsOf(c *gin.Context) (Day, error) {
	v := c.Query("asOf")
	if v == "" {
		return DayOf(s.now()), nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil || t.Year() < minYear || t.Year() > maxYear {
		msg := fmt.Sprintf("must be a date written YYYY-MM-DD from %d-01-01 to %d-12-31", minYear, maxYear)
		p := httpx.BadRequest("asOf " + msg)
		p.Errors = []httpx.FieldError{{Field: "asOf", Message: msg}}
		return 0, p
	}
	return DayOfDate(t.Date()), nil
}

func (s *Service) handleCityStats(c *gin.Context) {
	s.serveStats(c, cityView, "public, max-age=30", "", nil)
}

func (s *Service) handleOrgStats(c *gin.Context) {
	id := c.Param("orgId")
	dir, err := s.directoryKnowing(c.Request.Context(), func(d *directory) bool { _, ok := d.orgs[id]; return ok })
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	o, ok := dir.orgs[id]
	if !ok {
		httpx.Abort(c, httpx.NotFound("organization"))
		return
	}
	s.serveStats(c, view{KindOrg, id}, "private, no-cache", "org-stats-"+o.Code, []string{"机构 Organization", o.Code, o.Name.Zh, o.Name.En})
}

func (s *Service) handleConsortiumStats(c *gin.Context) {
	ctx := c.Request.Context()
	id := c.Param("consortiumId")
	var members []string
	if err := s.db.R.WithContext(ctx).Raw("SELECT org_id FROM consortium_members WHERE consortium_id = ?", id).Scan(&members).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	// Without members it does not exist: no reload for made-up ids.
	dir, err := s.directoryKnowing(ctx, func(d *directory) bool { _, ok := d.consortiums[id]; return ok || len(members) == 0 })
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	x, ok := dir.consortiums[id]
	if !ok {
		httpx.Abort(c, httpx.NotFound("consortium"))
		return
	}
	if p := auth.Current(c); !p.IsPlatformAdmin() {
		allowed := false
		for _, m := range members { // the live list, not the directory's copy
			allowed = allowed || p.HasOrgRole(m, auth.RoleOrgAdmin)
		}
		if !allowed {
			httpx.Abort(c, httpx.Forbidden("a consortium's dashboard is for the admins of its member organizations"))
			return
		}
	}
	s.serveStats(c, view{KindConsortium, id}, "private, no-cache", "consortium-stats-"+x.Code, []string{"联盟 Consortium", x.Code, x.Name.Zh, x.Name.En})
}

// serveStats answers a dashboard as JSON, or (with a file name) as CSV or
// XLSX on ?format=, headed by the title row.
func (s *Service) serveStats(c *gin.Context, v view, cacheControl, fileName string, title []string) {
	ctx := c.Request.Context()
	d, err := s.parseAsOf(c)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	format := "json"
	if fileName != "" {
		if format, err = tabular.CheckFormat(c.Query("format")); err != nil {
			httpx.Abort(c, err)
			return
		}
	}
	out, err := s.stats(ctx, v, d)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Header("Cache-Control", cacheControl)
	if format == "json" {
		c.Data(http.StatusOK, "application/json; charset=utf-8", out.body)
		return
	}
	tabular.Send(c, format, fileName+"-"+out.stats.AsOf, statsTable(title, out.stats))
}

// statsTable lays a dashboard out as one sheet of blocks with bilingual
// headers; every text that came from users is defused.
func statsTable(title []string, st *Stats) [][]string {
	num := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	for i := range title {
		title[i] = tabular.SafeCell(title[i])
	}
	out := [][]string{
		title,
		{"截至 As of", st.AsOf},
		{"认证开发者 Certified developers", strconv.FormatInt(st.CertifiedDevelopers, 10)},
		{},
		{"目标 Goal", "目标人数 Target", "截止日期 Deadline", "当前人数 Count", "完成率% Percent", "所需月增 Required per month",
			"近3月月增 Last 3 months per month", "近6月月增 Last 6 months per month", "预计达成 Projected", "按期 On track"},
	}
	for _, g := range st.Goals {
		count, projected := "", ""
		if g.Count != nil {
			count = strconv.FormatInt(*g.Count, 10)
		}
		if g.ProjectedDate != nil {
			projected = *g.ProjectedDate
		}
		out = append(out, []string{tabular.SafeCell(g.Name), strconv.FormatInt(g.Target, 10), g.Deadline, count, num(g.Percent),
			num(g.RequiredMonthlyRate), num(g.Trailing3MonthRate), num(g.Trailing6MonthRate), projected, strconv.FormatBool(g.OnTrack)})
	}
	out = append(out, []string{}, []string{"月份 Month", "净新增 New", "累计 Cumulative"})
	for _, m := range st.Series {
		out = append(out, []string{m.Month, strconv.FormatInt(m.New, 10), strconv.FormatInt(m.Cumulative, 10)})
	}
	out = append(out, []string{}, []string{"分组 Breakdown", "键 Key", "名称 Name", "Name (English)", "人数 Count"})
	b := st.Breakdowns
	for _, part := range []struct {
		name   string
		groups []Group
	}{{"机构 byOrg", b.ByOrg}, {"机构类型 byOrgKind", b.ByOrgKind}, {"区县 byDistrict", b.ByDistrict},
		{"联盟 byConsortium", b.ByConsortium}, {"方向 byTrack", b.ByTrack}} {
		for _, g := range part.groups {
			count := "<5"
			if g.Count != nil {
				count = strconv.FormatInt(*g.Count, 10)
			}
			out = append(out, []string{part.name, g.Key, tabular.SafeCell(g.Label.Zh), tabular.SafeCell(g.Label.En), count})
		}
	}
	return out
}

// Summary is the headline figure: aggregates only, never a person.
type Summary struct {
	CertifiedDevelopers int64         `json:"certifiedDevelopers"`
	CredentialsIssued   int64         `json:"credentialsIssued"`
	Goals               []SummaryGoal `json:"goals"`
	AsOf                time.Time     `json:"asOf"`
}

// SummaryGoal is a city goal as the summary lists it.
type SummaryGoal struct {
	Name     string    `json:"name"`
	Target   int64     `json:"target"`
	Deadline time.Time `json:"deadline"`
}

func (s *Service) handleSummary(c *gin.Context) {
	ctx := c.Request.Context()
	now := s.now().UTC()
	var out Summary
	if err := s.sqlR.QueryRowContext(ctx, "SELECT credentials_issued FROM talent_state WHERE id = 1").Scan(&out.CredentialsIssued); err != nil {
		httpx.Abort(c, err)
		return
	}
	today := DayOf(now)
	h, err := loadHistory(ctx, s.db.R, Scope{KindCity, ""}, today)
	if err == nil {
		out.CertifiedDevelopers, err = h.at(ctx, s.db.R, today)
	}
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	goals, err := s.loadGoals(ctx)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	out.Goals = []SummaryGoal{}
	for _, g := range goals {
		if g.ScopeKind != GoalCity {
			continue
		}
		deadline, _ := time.Parse(time.DateOnly, g.Deadline)
		out.Goals = append(out.Goals, SummaryGoal{Name: g.Name, Target: g.Target, Deadline: deadline.Add(24*time.Hour - time.Second)})
	}
	out.AsOf = now
	c.Header("Cache-Control", "public, max-age=30")
	httpx.JSON(c, http.StatusOK, out)
}

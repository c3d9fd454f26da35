package talent

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"sort"
	"time"

	"gorm.io/gorm"
)

// The range of dates the statistics answer for.
const (
	minYear = 2020
	maxYear = 2100
)

// suppressBelow: public breakdowns show groups of 1 to 4 people as "<5",
// never as a number, so that no group small enough to point at a person
// is published.
const suppressBelow = 5

// daysPerMonth is an average month, for rates per month over spans of days.
const daysPerMonth = 365.25 / 12

// Stats is the goal dashboard of a scope: the city's (public), an org's or
// a consortium's. Aggregates only: no answer names a person.
type Stats struct {
	AsOf                string         `json:"asOf"`
	CertifiedDevelopers int64          `json:"certifiedDevelopers"`
	Goals               []GoalProgress `json:"goals"`
	Series              []MonthPoint   `json:"series"`
	Breakdowns          Breakdowns     `json:"breakdowns"`
}

// GoalProgress is a goal with the pace toward it; rates are certified
// developers per month. In the public answer, a goal whose scope holds 1
// to 4 people shows no figures (Suppressed).
type GoalProgress struct {
	Goal
	Count               *int64   `json:"count"`
	Percent             *float64 `json:"percent"`
	RequiredMonthlyRate *float64 `json:"requiredMonthlyRate"` // null once the deadline has passed unmet
	Trailing3MonthRate  *float64 `json:"trailing3MonthRate"`
	Trailing6MonthRate  *float64 `json:"trailing6MonthRate"`
	ProjectedDate       *string  `json:"projectedDate"` // null when the recent pace never gets there
	OnTrack             bool     `json:"onTrack"`
	Suppressed          bool     `json:"suppressed"`
}

// MonthPoint is a month's net new certified developers and the total at
// its end (at asOf for asOf's month).
type MonthPoint struct {
	Month      string `json:"month"`
	New        int64  `json:"new"`
	Cumulative int64  `json:"cumulative"`
}

// Breakdowns split the scope's certified developers; a person in several
// groups counts in each.
type Breakdowns struct {
	ByOrg        []Group `json:"byOrg"`
	ByOrgKind    []Group `json:"byOrgKind"`
	ByDistrict   []Group `json:"byDistrict"`
	ByConsortium []Group `json:"byConsortium"`
	ByTrack      []Group `json:"byTrack"`
}

// Group is one group of a breakdown; Count is null when suppressed.
type Group struct {
	Key        string `json:"key"`
	Label      Text   `json:"label"`
	Count      *int64 `json:"count"`
	Suppressed bool   `json:"suppressed"`
}

// view is whose dashboard: the city's, an org's or a consortium's.
type view struct{ Kind, ID string }

var cityView = view{KindCity, ""}

func (v view) scope() Scope { return Scope(v) }

var orgKindLabels = map[string]Text{
	"university":         {"高校", "University"},
	"vocational_college": {"职业院校", "Vocational college"},
	"enterprise":         {"企业", "Enterprise"},
	"training_center":    {"培训机构", "Training center"},
}

func (s *Service) trackLabel(slug string) Text {
	if t := s.cat.Catalog().Track(slug); t != nil {
		return Text{t.Title.Zh, t.Title.En}
	}
	return Text{slug, slug}
}

type cacheKey struct {
	view    view
	day     Day
	version int64
	labels  string
}

type cached struct {
	stats *Stats
	body  []byte
}

const cacheEntries = 256

// stats answers a dashboard from the cache while nothing changed: the key
// holds the counts' version and the directory's labels, so any credential
// change, goal edit or rename makes a new answer. An org or consortium
// newer than the directory makes it reload once.
func (s *Service) stats(ctx context.Context, v view, d Day) (*cached, error) {
	version, err := s.version(ctx)
	if err != nil {
		return nil, err
	}
	for reload := false; ; reload = true {
		dir, err := s.directory(ctx, reload)
		if err != nil {
			return nil, err
		}
		key := cacheKey{v, d, version, dir.labels}
		s.cacheMu.Lock()
		hit := s.cache[key]
		s.cacheMu.Unlock()
		if hit != nil {
			return hit, nil
		}
		st, err := s.build(ctx, s.db.R, v, d, dir)
		if err != nil {
			return nil, err
		}
		if !reload && dir.lacks(st) {
			continue
		}
		var body bytes.Buffer
		enc := json.NewEncoder(&body)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(st); err != nil {
			return nil, err
		}
		out := &cached{stats: st, body: body.Bytes()}
		s.cacheMu.Lock()
		if len(s.cache) >= cacheEntries {
			clear(s.cache)
		}
		s.cache[key] = out
		s.cacheMu.Unlock()
		return out, nil
	}
}

// lacks reports whether st names an org or consortium dir does not know.
func (dir *directory) lacks(st *Stats) bool {
	for _, g := range st.Breakdowns.ByOrg {
		if _, ok := dir.orgs[g.Key]; !ok {
			return true
		}
	}
	for _, g := range st.Breakdowns.ByConsortium {
		if _, ok := dir.consortiums[g.Key]; !ok {
			return true
		}
	}
	for _, g := range st.Goals {
		_, org := dir.orgs[g.Scope.ID]
		_, con := dir.consortiums[g.Scope.ID]
		if g.Scope.Kind == GoalOrg && !org || g.Scope.Kind == GoalConsortium && !con {
			return true
		}
	}
	return false
}

// build reads the dashboard of v as of the end of day d.
func (s *Service) build(ctx context.Context, g *gorm.DB, v view, d Day, dir *directory) (*Stats, error) {
	goals, err := s.loadGoals(ctx)
	if err != nil {
		return nil, err
	}
	hists := map[Scope]*history{}
	hist := func(k Scope) (*history, error) {
		if h := hists[k]; h != nil {
			return h, nil
		}
		h, err := loadHistory(ctx, g, k, d)
		hists[k] = h
		return h, err
	}
	head, err := hist(v.scope())
	if err != nil {
		return nil, err
	}
	st := &Stats{AsOf: d.String(), Goals: []GoalProgress{}, Series: []MonthPoint{}}
	if st.CertifiedDevelopers, err = head.at(ctx, g, d); err != nil {
		return nil, err
	}
	if head.first != 0 {
		prev := int64(0)
		for m := head.first; m <= d.Month(); m++ {
			cum := head.endOf(m)
			if m == d.Month() {
				cum = st.CertifiedDevelopers
			}
			st.Series = append(st.Series, MonthPoint{Month: m.String(), New: cum - prev, Cumulative: cum})
			prev = cum
		}
	}
	for _, r := range goals {
		if v != cityView && (r.ScopeKind != v.Kind || r.ScopeID != v.ID) {
			continue
		}
		h, err := hist(r.counted())
		if err != nil {
			return nil, err
		}
		var at [3]int64
		for i, day := range []Day{d, d.addMonths(-3), d.addMonths(-6)} {
			if at[i], err = h.at(ctx, g, day); err != nil {
				return nil, err
			}
		}
		gp := progress(r.goal(dir), at, d)
		if v == cityView && r.ScopeKind != GoalCity && at[0] > 0 && at[0] < suppressBelow {
			gp = GoalProgress{Goal: gp.Goal, Suppressed: true}
		}
		st.Goals = append(st.Goals, gp)
	}
	st.Breakdowns, err = s.breakdowns(ctx, g, v, d, dir, st.CertifiedDevelopers)
	return st, err
}

// progress measures a goal as of d from its scope's count then, three and
// six months before.
func progress(goal Goal, at [3]int64, d Day) GoalProgress {
	count := at[0]
	p := GoalProgress{Goal: goal, Count: &count}
	p.Percent = round2(float64(count) * 100 / float64(goal.Target))
	r3, r6 := float64(count-at[1])/3, float64(count-at[2])/6
	p.Trailing3MonthRate, p.Trailing6MonthRate = round2(r3), round2(r6)
	deadline, _ := time.Parse(time.DateOnly, goal.Deadline)
	due := DayOfDate(deadline.Date())
	remaining := goal.Target - count
	if remaining <= 0 {
		reached := d.String()
		p.RequiredMonthlyRate, p.ProjectedDate, p.OnTrack = round2(0), &reached, true
		return p
	}
	if due > d {
		p.RequiredMonthlyRate = round2(float64(remaining) / (float64(due-d) / daysPerMonth))
	}
	if r3 > 0 {
		days := math.Ceil(float64(remaining) / r3 * daysPerMonth)
		if when := float64(d) + days; when <= float64(DayOfDate(maxYear+99, 12, 31)) {
			date := Day(when).String()
			p.ProjectedDate = &date
			p.OnTrack = Day(when) <= due
		}
	}
	return p
}

func round2(x float64) *float64 {
	r := math.Round(x*100) / 100
	return &r
}

// breakdowns splits the view's developers by org, org kind, district,
// consortium and track. Inside one org every group is that org's own
// people, so nothing is suppressed there; the city's and a consortium's
// groups of 1 to 4 are.
func (s *Service) breakdowns(ctx context.Context, g *gorm.DB, v view, d Day, dir *directory, total int64) (Breakdowns, error) {
	var sels []scopeSel
	switch v.Kind {
	case KindCity:
		sels = []scopeSel{{KindOrg, ""}, {KindOrgKind, ""}, {KindDistrict, ""}, {KindConsortium, ""}, {KindTrack, ""}}
	case KindOrg:
		sels = []scopeSel{{KindOrgTrack, v.ID + "/"}}
	case KindConsortium:
		sels = []scopeSel{{KindOrg, ""}, {KindConsortiumOrgKind, v.ID + "/"}, {KindConsortiumDistrict, v.ID + "/"}, {KindConsortiumTrack, v.ID + "/"}}
	}
	counts, err := countsAsOf(ctx, g, d, sels)
	if err != nil {
		return Breakdowns{}, err
	}
	by := func(kind, prefix string) map[string]int64 {
		out := map[string]int64{}
		for k, n := range counts {
			if k.Kind == kind && len(k.ID) > len(prefix) && k.ID[:len(prefix)] == prefix {
				out[k.ID[len(prefix):]] = n
			}
		}
		return out
	}
	orgLabel := func(id string) Text { return dir.orgs[id].Name }
	consortiumLabel := func(id string) Text { return dir.consortiums[id].Name }
	kindLabel := func(k string) Text { return orgKindLabels[k] }
	var b Breakdowns
	switch v.Kind {
	case KindCity:
		b.ByOrg = groups(by(KindOrg, ""), orgLabel, true)
		b.ByOrgKind = groups(by(KindOrgKind, ""), kindLabel, true)
		b.ByDistrict = groups(by(KindDistrict, ""), districtLabel, true)
		b.ByConsortium = groups(by(KindConsortium, ""), consortiumLabel, true)
		b.ByTrack = groups(by(KindTrack, ""), s.trackLabel, true)
	case KindOrg:
		// All of the org's people share its kind, district and consortiums.
		o := dir.orgs[v.ID]
		b.ByOrg = groups(map[string]int64{v.ID: total}, orgLabel, false)
		b.ByOrgKind = groups(map[string]int64{o.Kind: total}, kindLabel, false)
		b.ByDistrict = groups(map[string]int64{o.District: total}, districtLabel, false)
		cons := map[string]int64{}
		for _, c := range o.Consortiums {
			cons[c] = total
		}
		b.ByConsortium = groups(cons, consortiumLabel, false)
		b.ByTrack = groups(by(KindOrgTrack, v.ID+"/"), s.trackLabel, false)
	case KindConsortium:
		members := map[string]int64{}
		all := by(KindOrg, "")
		for _, id := range dir.consortiums[v.ID].Members {
			members[id] = all[id]
		}
		b.ByOrg = groups(members, orgLabel, true)
		b.ByOrgKind = groups(by(KindConsortiumOrgKind, v.ID+"/"), kindLabel, true)
		b.ByDistrict = groups(by(KindConsortiumDistrict, v.ID+"/"), districtLabel, true)
		b.ByConsortium = groups(map[string]int64{v.ID: total}, consortiumLabel, true)
		b.ByTrack = groups(by(KindConsortiumTrack, v.ID+"/"), s.trackLabel, true)
	}
	return b, nil
}

// groups lists the non-empty groups, largest first; suppressed groups come
// last in key order, so that their order reveals nothing either.
func groups(counts map[string]int64, label func(string) Text, suppress bool) []Group {
	out := []Group{}
	for k, n := range counts {
		if k == "" || n <= 0 {
			continue
		}
		g := Group{Key: k, Label: label(k)}
		if suppress && n < suppressBelow {
			g.Suppressed = true
		} else {
			g.Count = &n
		}
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Suppressed != b.Suppressed {
			return !a.Suppressed
		}
		if !a.Suppressed && *a.Count != *b.Count {
			return *a.Count > *b.Count
		}
		return a.Key < b.Key
	})
	return out
}

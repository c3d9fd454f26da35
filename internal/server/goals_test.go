package server

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/talent"
	"github.com/xuri/excelize/v2"
)

// goalsWorld: a university with six certified students, an enterprise
// with one, and their admins.
type goalsWorld struct {
	k                  *kit
	admin              string
	uni, ent           string
	uniAdmin, entAdmin string
	uniCreds           []string
}

func newGoalsWorld(t *testing.T) *goalsWorld {
	k := newKit(t)
	w := &goalsWorld{k: k, admin: k.admin()}
	w.uni = k.org(w.admin, "UNIA", "university")
	w.ent = k.org(w.admin, "ENTB", "enterprise")
	_, w.uniAdmin = k.member(w.admin, w.uni, "admin@unia.example.cn", "org_admin")
	_, w.entAdmin = k.member(w.admin, w.ent, "admin@entb.example.cn", "org_admin")
	issue := func(orgID, email string) string {
		k.must(201, k.do("POST", "/api/v1/orgs/"+orgID+"/members", w.admin, map[string]any{
			"email": email, "role": "student", "displayName": "学生 " + email, "initialPassword": testPassword}))
		rec, created, err := k.srv.Creds.Issue(t.Context(), issueFor(t, k.srv, email, "app-foundation"))
		if err != nil || !created {
			t.Fatalf("issue to %s: %v", email, err)
		}
		return rec.ID
	}
	for i := range 6 {
		w.uniCreds = append(w.uniCreds, issue(w.uni, fmt.Sprintf("s%d@unia.example.cn", i)))
	}
	issue(w.ent, "dev@entb.example.cn")
	return w
}

func (w *goalsWorld) stats(t *testing.T, path, token string) map[string]any {
	t.Helper()
	return w.k.must(200, w.k.do("GET", path, token, nil)).JSON(t)
}

// group finds a breakdown group by key.
func group(t *testing.T, st map[string]any, breakdown, key string) map[string]any {
	t.Helper()
	for _, g := range st["breakdowns"].(map[string]any)[breakdown].([]any) {
		if g := g.(map[string]any); g["key"] == key {
			return g
		}
	}
	t.Fatalf("%s has no group %s: %v", breakdown, key, st["breakdowns"])
	return nil
}

func TestPublicGoalStatsCountPeopleAndSuppressSmallGroups(t *testing.T) {
	w := newGoalsWorld(t)
	k := w.k
	r := k.must(200, k.do("GET", "/api/v1/stats/goals", "", nil))
	if cc := r.Header.Get("Cache-Control"); cc != "public, max-age=30" {
		t.Fatalf("Cache-Control %q", cc)
	}
	st := r.JSON(t)
	if st["certifiedDevelopers"] != 7.0 {
		t.Fatalf("certified developers %v, want 7", st["certifiedDevelopers"])
	}
	today := talent.DayOf(time.Now())
	if st["asOf"] != today.String() {
		t.Fatalf("asOf %v, want %s", st["asOf"], today)
	}
	goals := st["goals"].([]any)
	if len(goals) != 2 {
		t.Fatalf("goals %v, want the two defaults", goals)
	}
	g := goals[0].(map[string]any)
	if g["name"] != "2027" || g["target"] != 20000.0 || g["deadline"] != "2027-12-31" || g["count"] != 7.0 ||
		g["scope"].(map[string]any)["kind"] != "city" || g["percent"].(float64) <= 0 || g["requiredMonthlyRate"].(float64) <= 0 {
		t.Fatalf("first goal %v", g)
	}
	series := st["series"].([]any)
	last := series[len(series)-1].(map[string]any)
	if last["month"] != today.Month().String() || last["cumulative"] != 7.0 || last["new"] != 7.0 {
		t.Fatalf("series %v", series)
	}
	if g := group(t, st, "byOrg", w.uni); g["count"] != 6.0 || g["suppressed"] != false || g["label"].(map[string]any)["zh"] != "UNIA 名称" {
		t.Fatalf("university group %v", g)
	}
	if g := group(t, st, "byOrg", w.ent); g["count"] != nil || g["suppressed"] != true {
		t.Fatalf("a group of one must be suppressed: %v", g)
	}
	if g := group(t, st, "byOrgKind", "enterprise"); g["suppressed"] != true {
		t.Fatalf("enterprise kind %v", g)
	}
	if g := group(t, st, "byDistrict", "yubei"); g["count"] != 7.0 {
		t.Fatalf("district %v", g)
	}
	if g := group(t, st, "byTrack", "app-foundation"); g["count"] != 7.0 {
		t.Fatalf("track %v", g)
	}
	// Aggregates only: no name or email of anyone.
	for _, leak := range []string{"@unia.example.cn", "@entb.example.cn", "学生", "成员"} {
		if bytes.Contains(r.Body, []byte(leak)) {
			t.Fatalf("public stats contain %q: %s", leak, r.Body)
		}
	}

	// A revocation shows at once; yesterday's count stays what it was.
	k.must(200, k.do("POST", "/api/v1/credentials/"+w.uniCreds[0]+"/status", w.admin, map[string]any{"action": "revoke", "reason": "exam fraud"}))
	if st := w.stats(t, "/api/v1/stats/goals", ""); st["certifiedDevelopers"] != 6.0 {
		t.Fatalf("after a revocation: %v", st["certifiedDevelopers"])
	}
	st = w.stats(t, "/api/v1/stats/goals?asOf="+(today-1).String(), "")
	if st["certifiedDevelopers"] != 0.0 || st["asOf"] != (today-1).String() {
		t.Fatalf("as of yesterday: %v", st["certifiedDevelopers"])
	}
	if st := w.stats(t, "/api/v1/stats/goals?asOf=2031-06-30", ""); st["certifiedDevelopers"] != 6.0 {
		t.Fatalf("as of 2031 (nothing expires): %v", st["certifiedDevelopers"])
	}
	for _, bad := range []string{"2026-13-01", "2019-12-31", "2101-01-01", "yesterday", "2026-11-24T00:00:00Z"} {
		p := k.expectProblem(k.do("GET", "/api/v1/stats/goals?asOf="+bad, "", nil), 400, "bad-request")
		if errs := p["errors"].([]any); errs[0].(map[string]any)["field"] != "asOf" {
			t.Fatalf("asOf=%s: %v", bad, p)
		}
	}

	// The summary reads the same maintained counts.
	sum := w.stats(t, "/api/v1/stats/summary", "")
	if sum["certifiedDevelopers"] != 6.0 || sum["credentialsIssued"] != 7.0 || len(sum["goals"].([]any)) != 2 {
		t.Fatalf("summary %v", sum)
	}
	if d := sum["goals"].([]any)[0].(map[string]any)["deadline"]; d != "2027-12-31T23:59:59Z" {
		t.Fatalf("summary deadline %v", d)
	}
}

func TestGoalsAreManagedByPlatformAdminsWithClearErrors(t *testing.T) {
	w := newGoalsWorld(t)
	k := w.k
	valid := map[string]any{"name": "两江新区 2028", "target": 3000, "deadline": "2028-12-31", "scope": map[string]any{"kind": "district", "id": "liangjiang"}}
	k.expectProblem(k.do("POST", "/api/v1/goals", w.uniAdmin, valid), 403, "forbidden")
	k.expectProblem(k.do("GET", "/api/v1/goals", w.uniAdmin, nil), 403, "forbidden")
	created := k.must(201, k.do("POST", "/api/v1/goals", w.admin, valid)).JSON(t)
	id := created["id"].(string)
	if created["scope"].(map[string]any)["name"].(map[string]any)["zh"] != "两江新区" {
		t.Fatalf("created %v", created)
	}
	past := talent.DayOf(time.Now()) - 1
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"name": "x", "target": 0, "deadline": "2028-12-31", "scope": map[string]any{"kind": "city"}}, "target"},
		{map[string]any{"name": "x", "target": -5, "deadline": "2028-12-31", "scope": map[string]any{"kind": "city"}}, "target"},
		{map[string]any{"name": "x", "target": 1.5, "deadline": "2028-12-31", "scope": map[string]any{"kind": "city"}}, "target"},
		{map[string]any{"name": "x", "target": 10, "deadline": past.String(), "scope": map[string]any{"kind": "city"}}, "deadline"},
		{map[string]any{"name": "x", "target": 10, "deadline": "31/12/2028", "scope": map[string]any{"kind": "city"}}, "deadline"},
		{map[string]any{"name": "x", "target": 10, "deadline": "2028-12-31", "scope": map[string]any{"kind": "planet"}}, "scope.kind"},
		{map[string]any{"name": "x", "target": 10, "deadline": "2028-12-31", "scope": map[string]any{"kind": "org", "id": "nope"}}, "scope.id"},
		{map[string]any{"name": "x", "target": 10, "deadline": "2028-12-31", "scope": map[string]any{"kind": "consortium", "id": "nope"}}, "scope.id"},
		{map[string]any{"name": "x", "target": 10, "deadline": "2028-12-31", "scope": map[string]any{"kind": "district", "id": "atlantis"}}, "scope.id"},
		{map[string]any{"name": " ", "target": 10, "deadline": "2028-12-31", "scope": map[string]any{"kind": "city"}}, "name"},
		{map[string]any{"target": 10, "deadline": "2028-12-31", "scope": map[string]any{"kind": "city"}}, "name"},
		{map[string]any{"name": "x", "target": 10, "deadline": "2028-12-31"}, "scope"},
	} {
		p := k.expectProblem(k.do("POST", "/api/v1/goals", w.admin, c.body), 422, "validation")
		found := false
		for _, e := range p["errors"].([]any) {
			found = found || e.(map[string]any)["field"] == c.field
		}
		if !found {
			t.Errorf("%v: errors %v, want one about %s", c.body, p["errors"], c.field)
		}
	}
	// The new goal shows on the public dashboard beside the defaults.
	st := w.stats(t, "/api/v1/stats/goals", "")
	if len(st["goals"].([]any)) != 3 {
		t.Fatalf("goals %v", st["goals"])
	}
	patched := k.must(200, k.do("PATCH", "/api/v1/goals/"+id, w.admin, map[string]any{"target": 4000})).JSON(t)
	if patched["target"] != 4000.0 || patched["name"] != "两江新区 2028" {
		t.Fatalf("patched %v", patched)
	}
	k.expectProblem(k.do("PATCH", "/api/v1/goals/"+id, w.admin, map[string]any{"deadline": past.String()}), 422, "validation")
	k.expectProblem(k.do("PATCH", "/api/v1/goals/nope", w.admin, map[string]any{"target": 1}), 404, "not-found")
	list := k.must(200, k.do("GET", "/api/v1/goals", w.admin, nil)).JSON(t)["items"].([]any)
	if len(list) != 3 {
		t.Fatalf("list %v", list)
	}
	k.must(204, k.do("DELETE", "/api/v1/goals/"+id, w.admin, nil))
	k.expectProblem(k.do("DELETE", "/api/v1/goals/"+id, w.admin, nil), 404, "not-found")
	if st := w.stats(t, "/api/v1/stats/goals", ""); len(st["goals"].([]any)) != 2 {
		t.Fatalf("after delete: %v", st["goals"])
	}
}

func TestOrgAndConsortiumDashboardsForTheirAdmins(t *testing.T) {
	w := newGoalsWorld(t)
	k := w.k
	// An org goal shows on the org's dashboard; inside its own org nothing is suppressed.
	k.must(201, k.do("POST", "/api/v1/goals", w.admin, map[string]any{"name": "ENTB 2027", "target": 50, "deadline": "2027-06-30",
		"scope": map[string]any{"kind": "org", "id": w.ent}}))
	st := w.stats(t, "/api/v1/orgs/"+w.ent+"/stats", w.entAdmin)
	if st["certifiedDevelopers"] != 1.0 || len(st["goals"].([]any)) != 1 || group(t, st, "byTrack", "app-foundation")["count"] != 1.0 {
		t.Fatalf("enterprise dashboard %v", st)
	}
	// On the public dashboard, that goal's figures would single out one person.
	for _, g := range w.stats(t, "/api/v1/stats/goals", "")["goals"].([]any) {
		if g := g.(map[string]any); g["name"] == "ENTB 2027" && (g["suppressed"] != true || g["count"] != nil) {
			t.Fatalf("public org goal of one person: %v", g)
		}
	}
	k.expectProblem(k.do("GET", "/api/v1/orgs/"+w.uni+"/stats", w.entAdmin, nil), 403, "forbidden")
	_, student := k.member(w.admin, w.uni, "plain@unia.example.cn", "student")
	k.expectProblem(k.do("GET", "/api/v1/orgs/"+w.uni+"/stats", student, nil), 403, "forbidden")
	k.expectProblem(k.do("GET", "/api/v1/orgs/"+w.uni+"/stats?format=pdf", w.uniAdmin, nil), 422, "validation")

	// Exports defuse formula-leading names.
	r := k.must(201, k.do("POST", "/api/v1/orgs", w.admin, map[string]any{"code": "EVIL", "kind": "training_center",
		"name": map[string]string{"zh": "=HYPERLINK(\"http://x\")", "en": "+cmd"}}))
	evil := r.JSON(t)["id"].(string)
	_, evilAdmin := k.member(w.admin, evil, "admin@evil.example.cn", "org_admin")
	k.must(201, k.do("POST", "/api/v1/orgs/"+evil+"/members", w.admin, map[string]any{
		"email": "s@evil.example.cn", "role": "student", "displayName": "学生", "initialPassword": testPassword}))
	if _, _, err := k.srv.Creds.Issue(t.Context(), issueFor(t, k.srv, "s@evil.example.cn", "distributed-dev")); err != nil {
		t.Fatal(err)
	}
	csv := k.must(200, k.do("GET", "/api/v1/orgs/"+evil+"/stats?format=csv", evilAdmin, nil))
	if ct := csv.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" || !bytes.HasPrefix(csv.Body, []byte("\ufeff")) {
		t.Fatalf("csv %q %q", ct, csv.Body[:min(20, len(csv.Body))])
	}
	if !strings.Contains(string(csv.Body), `"'=HYPERLINK(""http://x"")"`) || !strings.Contains(string(csv.Body), "'+cmd") ||
		!strings.Contains(csv.Header.Get("Content-Disposition"), "org-stats-EVIL-") {
		t.Fatalf("csv not defused:\n%s", csv.Body)
	}
	xlsx := k.must(200, k.do("GET", "/api/v1/orgs/"+evil+"/stats?format=xlsx", evilAdmin, nil))
	f, err := excelize.OpenReader(bytes.NewReader(xlsx.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(f.GetSheetName(0))
	if fmt.Sprint(rows[0]) != `[机构 Organization EVIL '=HYPERLINK("http://x") '+cmd]` || fmt.Sprint(rows[2]) != "[认证开发者 Certified developers 1]" || !strings.Contains(fmt.Sprint(rows), `'=HYPERLINK("http://x")`) {
		t.Fatalf("xlsx rows %v", rows)
	}

	// A consortium of the university (lead) and the enterprise: its
	// dashboard is for the admins of its member orgs.
	con := k.must(201, k.do("POST", "/api/v1/consortiums", w.admin, map[string]any{"code": "ALLY", "name": map[string]string{"zh": "联盟"},
		"leadOrgId": w.uni, "memberOrgIds": []string{w.ent}})).JSON(t)["id"].(string)
	for _, tok := range []string{w.uniAdmin, w.entAdmin, w.admin} {
		st := w.stats(t, "/api/v1/consortiums/"+con+"/stats", tok)
		if st["certifiedDevelopers"] != 7.0 || group(t, st, "byOrg", w.uni)["count"] != 6.0 || group(t, st, "byOrg", w.ent)["suppressed"] != true ||
			group(t, st, "byConsortium", con)["count"] != 7.0 || group(t, st, "byTrack", "app-foundation")["count"] != 7.0 {
			t.Fatalf("consortium dashboard %v", st)
		}
	}
	k.expectProblem(k.do("GET", "/api/v1/consortiums/"+con+"/stats", evilAdmin, nil), 403, "forbidden")
	k.expectProblem(k.do("GET", "/api/v1/consortiums/"+con+"/stats", student, nil), 403, "forbidden")
	k.expectProblem(k.do("GET", "/api/v1/consortiums/nope/stats", w.admin, nil), 404, "not-found")
	k.expectProblem(k.do("GET", "/api/v1/consortiums/"+con+"/stats", "", nil), 401, "unauthorized")
	// The public breakdown follows the new consortium as well.
	if g := group(t, w.stats(t, "/api/v1/stats/goals", ""), "byConsortium", con); g["count"] != 7.0 {
		t.Fatalf("public consortium group %v", g)
	}
}

func TestQualifyingTracksRebuildTheCounts(t *testing.T) {
	w := newGoalsWorld(t)
	k := w.k
	s := k.must(200, k.do("GET", "/api/v1/admin/talent-settings", w.admin, nil)).JSON(t)
	if len(s["qualifyingTracks"].([]any)) != 0 || s["certifiedDevelopers"] != 7.0 {
		t.Fatalf("settings %v", s)
	}
	s = k.must(200, k.do("PUT", "/api/v1/admin/talent-settings", w.admin, map[string]any{"qualifyingTracks": []string{"distributed-dev"}})).JSON(t)
	if s["certifiedDevelopers"] != 0.0 {
		t.Fatalf("only distributed-dev qualifies, nobody holds it: %v", s)
	}
	if st := w.stats(t, "/api/v1/stats/goals", ""); st["certifiedDevelopers"] != 0.0 || len(st["breakdowns"].(map[string]any)["byTrack"].([]any)) != 0 {
		t.Fatalf("public stats after the change: %v", st)
	}
	p := k.expectProblem(k.do("PUT", "/api/v1/admin/talent-settings", w.admin, map[string]any{"qualifyingTracks": []string{"app-foundation", "nope"}}), 422, "validation")
	if p["errors"].([]any)[0].(map[string]any)["field"] != "qualifyingTracks[1]" {
		t.Fatalf("problem %v", p)
	}
	k.expectProblem(k.do("PUT", "/api/v1/admin/talent-settings", w.admin, map[string]any{}), 422, "validation")
	k.expectProblem(k.do("PUT", "/api/v1/admin/talent-settings", w.uniAdmin, map[string]any{"qualifyingTracks": []string{}}), 403, "forbidden")
	s = k.must(200, k.do("PUT", "/api/v1/admin/talent-settings", w.admin, map[string]any{"qualifyingTracks": []string{}})).JSON(t)
	if s["certifiedDevelopers"] != 7.0 {
		t.Fatalf("back to every track: %v", s)
	}
}

// TestQualifyingTrackChangeThatOutlastsTheRequest: at hundreds of thousands
// of developers the recount outlasts the request. The change answers 202
// and shows as rebuilding; until the recount commits, counts and settings
// stay whole under the old definition; then the new one applies at once.
func TestQualifyingTrackChangeThatOutlastsTheRequest(t *testing.T) {
	w := newGoalsWorld(t)
	k := w.k
	k.srv.Talent.SetSettingsWait(50 * time.Millisecond)
	// Holding the counts' row makes the recount wait, as a long one would.
	hold := k.srv.DB.W.Begin()
	if err := hold.Exec("UPDATE talent_state SET qualifying_tracks = qualifying_tracks WHERE id = 1").Error; err != nil {
		t.Fatal(err)
	}
	released := false
	defer func() {
		if !released {
			hold.Rollback()
		}
	}()
	s := k.must(202, k.do("PUT", "/api/v1/admin/talent-settings", w.admin, map[string]any{"qualifyingTracks": []string{"distributed-dev"}})).JSON(t)
	if s["rebuilding"] != true || s["certifiedDevelopers"] != 7.0 || fmt.Sprint(s["qualifyingTracks"]) != "[distributed-dev]" {
		t.Fatalf("accepted change: %v", s)
	}
	s = k.must(200, k.do("GET", "/api/v1/admin/talent-settings", w.admin, nil)).JSON(t)
	if s["rebuilding"] != true || len(s["qualifyingTracks"].([]any)) != 0 || s["certifiedDevelopers"] != 7.0 {
		t.Fatalf("settings while the recount waits: %v", s)
	}
	if st := w.stats(t, "/api/v1/stats/goals", ""); st["certifiedDevelopers"] != 7.0 {
		t.Fatalf("public stats while the recount waits: %v", st["certifiedDevelopers"])
	}
	if err := hold.Commit().Error; err != nil {
		t.Fatal(err)
	}
	released = true
	deadline := time.Now().Add(15 * time.Second)
	for {
		s = k.must(200, k.do("GET", "/api/v1/admin/talent-settings", w.admin, nil)).JSON(t)
		if s["rebuilding"] == false && fmt.Sprint(s["qualifyingTracks"]) == "[distributed-dev]" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the recount did not finish: %v", s)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if s["certifiedDevelopers"] != 0.0 {
		t.Fatalf("after the recount: %v", s)
	}
	if st := w.stats(t, "/api/v1/stats/goals", ""); st["certifiedDevelopers"] != 0.0 {
		t.Fatalf("public stats after the recount: %v", st["certifiedDevelopers"])
	}
	if ev := k.lastEvent(w.admin, audit.QualifyingChanged); ev["actorType"] != "user" {
		t.Fatalf("audit event of the finished recount: %v", ev)
	}
}

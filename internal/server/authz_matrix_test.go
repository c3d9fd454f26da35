package server

import (
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/config"
)

// The authorization matrix: every route of the router's own table, called
// as every kind of caller, against objects that belong to university A (or,
// for an enterprise's orders, to enterprise E), compared with the
// expectation declared below. A route without a declared expectation fails
// the test, so a new route cannot ship without someone deciding who may
// call it.

// Callers. A is the university that owns the objects, B another
// university, E the enterprise whose training order A is a partner of.
const (
	anon             = "anon"
	student          = "student"    // A's student: owns the submission, consent, credential
	instructor       = "instructor" // A's instructor
	orgAdmin         = "admin"      // A's org admin
	otherAdmin       = "otherAdmin" // B's org admin
	otherInstructor  = "otherInstructor"
	enterpriseAdmin  = "entAdmin"  // E's org admin: owns the order
	enterpriseVerify = "entVerify" // E's enterprise verifier
	platformAdmin    = "platform"  // platform admin
	outsider         = "outsider"  // a registered learner of no org
)

var matrixCallers = []string{anon, outsider, student, instructor, orgAdmin, otherAdmin, otherInstructor, enterpriseAdmin, enterpriseVerify, platformAdmin}

// Shorthands for the expectation table.
var (
	everyone  = strings.Join(matrixCallers, " ")
	signedIn  = strings.Join(matrixCallers[1:], " ")
	onlyAdmin = platformAdmin
	aStaff    = "instructor admin platform"
	aAdmin    = "admin platform"
	eOrder    = "entAdmin entVerify platform"
	eAdmin    = "entAdmin platform"
)

// routeExpectation says who may call a route. org overrides which org's
// objects fill the path (default A).
type routeExpectation struct {
	allowed string
	org     string // "A" or "E"
	// selfAuthenticating routes check a secret in the body (a refresh
	// token, an activation token, client credentials): a 401 there means
	// the empty body held none, not that the caller was turned away.
	selfAuthenticating bool
}

var authzMatrix = map[string]routeExpectation{
	// Platform administration.
	"POST /api/v1/admin/courses/reload":                       {allowed: onlyAdmin},
	"GET /api/v1/admin/runners":                               {allowed: onlyAdmin},
	"POST /api/v1/admin/runners":                              {allowed: onlyAdmin},
	"DELETE /api/v1/admin/runners/:runnerId":                  {allowed: onlyAdmin},
	"GET /api/v1/admin/talent-settings":                       {allowed: onlyAdmin},
	"PUT /api/v1/admin/talent-settings":                       {allowed: onlyAdmin},
	"GET /api/v1/audit":                                       {allowed: onlyAdmin},
	"POST /api/v1/credentials":                                {allowed: onlyAdmin},
	"GET /api/v1/goals":                                       {allowed: onlyAdmin},
	"POST /api/v1/goals":                                      {allowed: onlyAdmin},
	"PATCH /api/v1/goals/:goalId":                             {allowed: onlyAdmin},
	"DELETE /api/v1/goals/:goalId":                            {allowed: onlyAdmin},
	"POST /api/v1/orgs":                                       {allowed: onlyAdmin},
	"POST /api/v1/consortiums":                                {allowed: onlyAdmin},
	"PATCH /api/v1/consortiums/:consortiumId":                 {allowed: onlyAdmin},
	"POST /api/v1/consortiums/:consortiumId/members":          {allowed: onlyAdmin},
	"DELETE /api/v1/consortiums/:consortiumId/members/:orgId": {allowed: onlyAdmin},

	// Public: sign-in, catalog, certificates, statistics.
	"POST /api/v1/auth/activate":                {allowed: everyone, selfAuthenticating: true},
	"POST /api/v1/auth/login":                   {allowed: everyone},
	"POST /api/v1/auth/logout":                  {allowed: everyone},
	"POST /api/v1/auth/refresh":                 {allowed: everyone, selfAuthenticating: true},
	"POST /api/v1/auth/register":                {allowed: everyone},
	"POST /api/v1/oauth/token":                  {allowed: everyone, selfAuthenticating: true},
	"GET /api/v1/consortiums":                   {allowed: everyone},
	"GET /api/v1/consortiums/:consortiumId":     {allowed: everyone},
	"GET /api/v1/credentials/:credentialId":     {allowed: everyone},
	"GET /api/v1/districts":                     {allowed: everyone},
	"GET /api/v1/events":                        {allowed: everyone},
	"GET /api/v1/events/:eventId":               {allowed: everyone},
	"GET /api/v1/labs/:lab":                     {allowed: everyone},
	"GET /api/v1/orgs":                          {allowed: everyone},
	"GET /api/v1/orgs/:orgId":                   {allowed: everyone},
	"GET /api/v1/stats/goals":                   {allowed: everyone},
	"GET /api/v1/stats/summary":                 {allowed: everyone},
	"GET /api/v1/status-lists/:purpose/:list":   {allowed: everyone},
	"GET /api/v1/tracks":                        {allowed: everyone},
	"GET /api/v1/tracks/:track":                 {allowed: everyone},
	"GET /api/v1/tracks/:track/lessons/:lesson": {allowed: everyone},
	"POST /api/v1/verify":                       {allowed: everyone},

	// A signed-in person's own things: the route names no one else's
	// object, so every signed-in caller may call it for themselves.
	"GET /api/v1/me":                                       {allowed: signedIn},
	"PATCH /api/v1/me":                                     {allowed: signedIn},
	"POST /api/v1/me/password":                             {allowed: signedIn},
	"GET /api/v1/me/progress":                              {allowed: signedIn},
	"GET /api/v1/me/credentials":                           {allowed: signedIn},
	"GET /api/v1/me/consents":                              {allowed: signedIn},
	"POST /api/v1/me/consents":                             {allowed: signedIn},
	"GET /api/v1/me/consent-options":                       {allowed: signedIn},
	"GET /api/v1/me/events":                                {allowed: signedIn},
	"POST /api/v1/events/:eventId/registration":            {allowed: signedIn},
	"DELETE /api/v1/events/:eventId/registration":          {allowed: signedIn},
	"GET /api/v1/labs/:lab/submissions":                    {allowed: signedIn},
	"POST /api/v1/labs/:lab/submissions":                   {allowed: signedIn},
	"POST /api/v1/tracks/:track/enrollment":                {allowed: signedIn},
	"PUT /api/v1/tracks/:track/lessons/:lesson/completion": {allowed: signedIn},
	"GET /api/v1/tracks/:track/progress":                   {allowed: signedIn},
	"POST /api/v1/verify/batch":                            {allowed: eOrder}, // enterprises checking hires

	// Someone's particular object, reached by id.
	"GET /api/v1/submissions/:submissionId":          {allowed: "student platform"},
	"DELETE /api/v1/me/consents/:consentId":          {allowed: "student"},
	"GET /api/v1/credentials/:credentialId/events":   {allowed: "platform"},
	"POST /api/v1/credentials/:credentialId/status":  {allowed: "platform"},
	"GET /api/v1/consortiums/:consortiumId/stats":    {allowed: "admin entAdmin platform"},
	"GET /api/v1/consortiums/:consortiumId/training": {allowed: "admin entAdmin platform"},

	// External runners authenticate with a runner token, never a person's.
	"POST /api/v1/runner/claim":                     {allowed: ""},
	"POST /api/v1/runner/jobs/:submissionId/result": {allowed: ""},

	// University A's console.
	"PATCH /api/v1/orgs/:orgId":                                            {allowed: aAdmin},
	"GET /api/v1/orgs/:orgId/api-keys":                                     {allowed: aAdmin},
	"POST /api/v1/orgs/:orgId/api-keys":                                    {allowed: aAdmin},
	"DELETE /api/v1/orgs/:orgId/api-keys/:keyId":                           {allowed: aAdmin},
	"GET /api/v1/orgs/:orgId/audit":                                        {allowed: aAdmin},
	"GET /api/v1/orgs/:orgId/members":                                      {allowed: aStaff},
	"POST /api/v1/orgs/:orgId/members":                                     {allowed: aAdmin},
	"PATCH /api/v1/orgs/:orgId/members/:memberId":                          {allowed: aAdmin},
	"DELETE /api/v1/orgs/:orgId/members/:memberId":                         {allowed: aAdmin},
	"GET /api/v1/orgs/:orgId/cohorts":                                      {allowed: aStaff},
	"POST /api/v1/orgs/:orgId/cohorts":                                     {allowed: aStaff},
	"GET /api/v1/orgs/:orgId/cohorts/:cohortId":                            {allowed: aStaff},
	"GET /api/v1/orgs/:orgId/cohorts/:cohortId/members":                    {allowed: aStaff},
	"GET /api/v1/orgs/:orgId/cohorts/:cohortId/progress":                   {allowed: aStaff},
	"POST /api/v1/orgs/:orgId/cohorts/:cohortId/imports":                   {allowed: aStaff},
	"POST /api/v1/orgs/:orgId/cohorts/:cohortId/activation-links":          {allowed: aAdmin},
	"POST /api/v1/orgs/:orgId/oneroster-imports":                           {allowed: aStaff},
	"GET /api/v1/orgs/:orgId/stats":                                        {allowed: aStaff},
	"GET /api/v1/orgs/:orgId/events":                                       {allowed: aStaff},
	"POST /api/v1/orgs/:orgId/events":                                      {allowed: aAdmin},
	"GET /api/v1/orgs/:orgId/events/:eventId":                              {allowed: aStaff},
	"PATCH /api/v1/orgs/:orgId/events/:eventId":                            {allowed: aAdmin},
	"GET /api/v1/orgs/:orgId/events/:eventId/registrations":                {allowed: aStaff},
	"POST /api/v1/orgs/:orgId/events/:eventId/check-ins":                   {allowed: aStaff},
	"PUT /api/v1/orgs/:orgId/events/:eventId/results/:userId":              {allowed: aAdmin},
	"GET /api/v1/orgs/:orgId/partner-orders":                               {allowed: aStaff},
	"GET /api/v1/orgs/:orgId/partner-orders/:orderId":                      {allowed: aStaff},
	"POST /api/v1/orgs/:orgId/partner-orders/:orderId/response":            {allowed: aAdmin},
	"POST /api/v1/orgs/:orgId/partner-orders/:orderId/cohorts":             {allowed: aStaff},
	"DELETE /api/v1/orgs/:orgId/partner-orders/:orderId/cohorts/:cohortId": {allowed: aStaff},

	// Enterprise E's console: its order and hires.
	"GET /api/v1/orgs/:orgId/orders":                     {allowed: eOrder, org: "E"},
	"POST /api/v1/orgs/:orgId/orders":                    {allowed: eAdmin, org: "E"},
	"GET /api/v1/orgs/:orgId/orders/:orderId":            {allowed: eOrder, org: "E"},
	"PATCH /api/v1/orgs/:orgId/orders/:orderId":          {allowed: eAdmin, org: "E"},
	"POST /api/v1/orgs/:orgId/orders/:orderId/partners":  {allowed: eAdmin, org: "E"},
	"GET /api/v1/orgs/:orgId/orders/:orderId/candidates": {allowed: eOrder, org: "E"},
	"POST /api/v1/orgs/:orgId/orders/:orderId/hires":     {allowed: eOrder, org: "E"},
	"GET /api/v1/orgs/:orgId/placements":                 {allowed: eOrder, org: "E"},
	"GET /api/v1/orgs/:orgId/placements/summary":         {allowed: eOrder, org: "E"},
}

// matrixFixture is the world the matrix runs in.
type matrixFixture struct {
	tokens      map[string]string
	params      map[string]map[string]string // org ("A", "E", "B") -> path parameter -> value
	crossParams map[string]string            // B's org with A's objects
}

func newMatrixFixture(k *kit) *matrixFixture {
	t := k.t
	f := &matrixFixture{tokens: map[string]string{}, params: map[string]map[string]string{}}
	padmin := k.admin()
	f.tokens[platformAdmin] = padmin
	a := k.org(padmin, "MX-A", "university")
	b := k.org(padmin, "MX-B", "university")
	e := k.org(padmin, "MX-E", "enterprise")
	_, f.tokens[orgAdmin] = k.member(padmin, a, "admin@a.example.cn", "org_admin")
	_, f.tokens[instructor] = k.member(padmin, a, "teacher@a.example.cn", "instructor")
	memberID, _ := k.member(padmin, a, "spare@a.example.cn", "student") // the member that PATCH and DELETE name
	_, f.tokens[student] = k.member(padmin, a, "student@a.example.cn", "student")
	_, f.tokens[otherAdmin] = k.member(padmin, b, "admin@b.example.cn", "org_admin")
	_, f.tokens[otherInstructor] = k.member(padmin, b, "teacher@b.example.cn", "instructor")
	_, f.tokens[enterpriseAdmin] = k.member(padmin, e, "admin@e.example.cn", "org_admin")
	_, f.tokens[enterpriseVerify] = k.member(padmin, e, "hr@e.example.cn", "enterprise_verifier")
	_, f.tokens[outsider] = k.user("outsider@example.cn", "路人")
	studentID := k.must(200, k.do("GET", "/api/v1/me", f.tokens[student], nil)).JSON(t)["id"].(string)

	cohort := k.must(201, k.do("POST", "/api/v1/orgs/"+a+"/cohorts", padmin, map[string]any{"name": "矩阵班", "tracks": []string{"app-foundation"}})).JSON(t)["id"].(string)
	k.must(200, k.do("POST", "/api/v1/orgs/"+a+"/cohorts/"+cohort+"/imports", padmin, map[string]any{"students": []map[string]any{
		{"studentNumber": "MX001", "name": "矩阵学生", "email": "student@a.example.cn"}}}))
	key := k.must(201, k.do("POST", "/api/v1/orgs/"+a+"/api-keys", padmin, map[string]any{"name": "sis", "scopes": []string{"roster:read"}})).JSON(t)["id"].(string)
	consortium := k.must(201, k.do("POST", "/api/v1/consortiums", padmin, map[string]any{"code": "MX-C", "name": map[string]string{"zh": "矩阵联盟"},
		"leadOrgId": a, "memberOrgIds": []string{a, e}})).JSON(t)["id"].(string)
	credential := k.must(201, k.do("POST", "/api/v1/credentials", padmin, map[string]any{"email": "student@a.example.cn", "track": "app-foundation", "evidence": "考试"})).JSON(t)["id"].(string)
	lab := codeLab(t.(*testing.T), k, "ring-buffer-lab")
	submission := k.must(201, submitFiles(k, f.tokens[student], lab.Slug, lab.Starter, "")).JSON(t)["id"].(string)
	runner := k.must(201, k.do("POST", "/api/v1/admin/runners", padmin, map[string]any{"name": "r1", "kinds": []string{"toolchain"}})).JSON(t)["id"].(string)
	goal := k.must(201, k.do("POST", "/api/v1/goals", padmin, map[string]any{"name": "矩阵目标", "target": 100, "deadline": "2029-12-31",
		"scope": map[string]string{"kind": "org", "id": a}})).JSON(t)["id"].(string)
	start := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
	end := time.Now().Add(50 * time.Hour).UTC().Format(time.RFC3339)
	event := k.must(201, k.do("POST", "/api/v1/orgs/"+a+"/events", padmin, map[string]any{"kind": "competition", "title": "矩阵大赛",
		"startsAt": start, "endsAt": end, "capacity": 50})).JSON(t)["id"].(string)
	order := k.must(201, k.do("POST", "/api/v1/orgs/"+e+"/orders", f.tokens[enterpriseAdmin], map[string]any{"title": "矩阵订单",
		"tracks": []string{"app-foundation"}, "headcount": 3, "deadline": time.Now().AddDate(0, 6, 0).Format("2006-01-02"),
		"partnerOrgIds": []string{a}})).JSON(t)["id"].(string)
	k.must(200, k.do("POST", "/api/v1/orgs/"+a+"/partner-orders/"+order+"/response", f.tokens[orgAdmin], map[string]any{"decision": "accept"}))
	k.must(201, k.do("POST", "/api/v1/orgs/"+a+"/partner-orders/"+order+"/cohorts", f.tokens[orgAdmin], map[string]any{"cohortId": cohort}))
	consent := k.must(201, k.do("POST", "/api/v1/me/consents", f.tokens[student], map[string]any{"orderId": order})).JSON(t)["id"].(string)

	common := map[string]string{"lab": lab.Slug, "track": "app-foundation", "lesson": firstLesson(k, "app-foundation"), "purpose": "revocation",
		"list": "1", "credentialId": credential, "submissionId": submission, "runnerId": runner, "goalId": goal, "consortiumId": consortium,
		"eventId": event, "orderId": order, "consentId": consent, "cohortId": cohort, "keyId": key, "memberId": memberID, "userId": studentID}
	with := func(org string) map[string]string {
		m := map[string]string{"orgId": org}
		for k, v := range common {
			m[k] = v
		}
		return m
	}
	f.params["A"], f.params["E"] = with(a), with(e)
	f.crossParams = with(b)
	return f
}

func firstLesson(k *kit, track string) string {
	tr := k.srv.Catalog.Catalog().Track(track)
	return tr.Modules[0].Lessons[0].Slug
}

func TestAuthorizationMatrix(t *testing.T) {
	k := newKit(t, func(c *config.Config) { c.VerifyPerIPPerMinute, c.SubmitPerMinute = 100000, 100000 })
	f := newMatrixFixture(k)
	routes := k.srv.Routes.Routes()
	// Deletions last, so the objects other routes name still exist.
	sort.SliceStable(routes, func(i, j int) bool { return routes[i].Method != "DELETE" && routes[j].Method == "DELETE" })
	var calls, checked int
	for _, r := range routes {
		key := r.Method + " " + r.Path
		exp, ok := authzMatrix[key]
		if !ok {
			t.Errorf("%s has no expectation in authzMatrix: decide who may call it", key)
			continue
		}
		org := exp.org
		if org == "" {
			org = "A"
		}
		path, missing := fillParams(r.Path, f.params[org])
		if missing != "" {
			t.Errorf("%s: the fixture has no object for :%s", key, missing)
			continue
		}
		allowed := map[string]bool{}
		for _, c := range strings.Fields(exp.allowed) {
			allowed[c] = true
		}
		checked++
		// Denied callers first, then allowed ones; a deletion is tried by
		// one allowed caller only, since it removes its object.
		order := append([]string{}, matrixCallers...)
		sort.SliceStable(order, func(i, j int) bool { return !allowed[order[i]] && allowed[order[j]] })
		triedAllowed := false
		for _, who := range order {
			if allowed[who] && r.Method == "DELETE" && triedAllowed {
				continue
			}
			resp := k.do(r.Method, path, f.tokens[who], matrixBody(r.Method))
			calls++
			switch {
			case resp.Status >= 500:
				t.Errorf("%s as %s: %d %s", key, who, resp.Status, resp.Body)
			case !allowed[who] && who == anon && exp.allowed != "" && resp.Status != http.StatusUnauthorized:
				t.Errorf("%s anonymously: %d, want 401: %.200s", key, resp.Status, resp.Body)
			case !allowed[who] && resp.Status != 401 && resp.Status != 403 && resp.Status != 404:
				t.Errorf("UNEXPECTED ALLOW: %s as %s: %d %.200s", key, who, resp.Status, resp.Body)
			case allowed[who] && (resp.Status == 401 && !exp.selfAuthenticating || resp.Status == 403):
				t.Errorf("unexpected deny: %s as %s: %d %.200s", key, who, resp.Status, resp.Body)
			case allowed[who] && r.Method == "GET" && resp.Status != 200:
				t.Errorf("%s as %s: %d, want 200: %.200s", key, who, resp.Status, resp.Body)
			}
			if allowed[who] {
				triedAllowed = true
			}
		}
		// Object level: B's admin naming B's org with A's objects reaches
		// nothing.
		if strings.HasPrefix(r.Path, "/api/v1/orgs/:orgId/") && strings.Count(r.Path, ":") > 1 {
			cross, _ := fillParams(r.Path, f.crossParams)
			resp := k.do(r.Method, cross, f.tokens[otherAdmin], matrixBody(r.Method))
			calls++
			if resp.Status/100 == 2 || resp.Status >= 500 || (r.Method == "GET" && resp.Status != 403 && resp.Status != 404) {
				t.Errorf("UNEXPECTED ALLOW (object level): %s as B's admin with A's objects: %d %.200s", key, resp.Status, resp.Body)
			}
		}
	}
	for key := range authzMatrix {
		m, p, _ := strings.Cut(key, " ")
		if _, ok := k.srv.Routes.Lookup(m, p); !ok {
			t.Errorf("authzMatrix names %s, which the router does not have", key)
		}
	}
	t.Logf("authorization matrix: %d routes x %d callers, %d requests", checked, len(matrixCallers), calls)
}

// matrixBody is an empty object for methods that take a body: enough to
// pass authorization and fail validation, so no allowed call changes
// anything but deletions.
func matrixBody(method string) any {
	if method == "GET" || method == "DELETE" {
		return nil
	}
	return map[string]any{}
}

// fillParams puts params into a route pattern. A parameter without a value
// becomes an id that names nothing, and the first such name is returned so
// callers that need every object can say which is missing.
func fillParams(pattern string, params map[string]string) (path, missing string) {
	parts := strings.Split(pattern, "/")
	for i, p := range parts {
		if !strings.HasPrefix(p, ":") {
			continue
		}
		v, ok := params[p[1:]]
		if !ok {
			v = "00000000-0000-7000-8000-000000000000"
			if missing == "" {
				missing = p[1:]
			}
		}
		parts[i] = v
	}
	return strings.Join(parts, "/"), missing
}

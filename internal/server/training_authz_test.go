package server

import (
	"strings"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/auth"
)

// trainingRoute reports whether a route belongs to the training feature.
func trainingRoute(path string) bool {
	for _, p := range []string{"/api/v1/orgs/:orgId/orders", "/api/v1/orgs/:orgId/placements", "/api/v1/orgs/:orgId/partner-orders",
		"/api/v1/orgs/:orgId/events", "/api/v1/me/consent", "/api/v1/me/events", "/api/v1/events", "/api/v1/consortiums/:consortiumId/training"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// TestTrainingRoutesRefuseOutsiders walks every training route as
// anonymous, as a learner, and as admins of another enterprise and of
// another university, with bodies that would succeed for the rightful
// caller. Outsiders get 401, 403 or 404 and never the data; an admin of
// another org naming its own org in the path with this org's order,
// cohort, event or person ids gets 404; and nothing changed.
func TestTrainingRoutesRefuseOutsiders(t *testing.T) {
	w := newTrainingWorld(t)
	k := w.k
	k.must(200, k.do("POST", w.partnerPath+"/response", w.uniAdmin, map[string]any{"decision": "accept"}))
	k.must(201, k.do("POST", w.partnerPath+"/cohorts", w.teacher, map[string]any{"cohortId": w.cohort}))
	cred := w.issue(t, 0)
	consent := k.must(201, k.do("POST", "/api/v1/me/consents", w.studentTokens[0], map[string]any{"orderId": w.order, "shareEmail": true})).JSON(t)["id"].(string)
	start := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	event := k.must(201, k.do("POST", "/api/v1/orgs/"+w.uni+"/events", w.uniAdmin, map[string]any{"kind": "competition", "title": "大赛",
		"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(time.Hour).Format(time.RFC3339), "capacity": 10})).JSON(t)["id"].(string)
	k.must(201, k.do("POST", "/api/v1/events/"+event+"/registration", w.studentTokens[0], nil))
	k.must(200, k.do("POST", "/api/v1/orgs/"+w.uni+"/events/"+event+"/check-ins", w.teacher, map[string]any{"userId": w.studentIDs[0]}))

	startDate := time.Now().AddDate(0, 1, 0).Format(time.DateOnly)
	// What the rightful caller would send: if a check were missing, these
	// would succeed.
	bodies := map[string]any{
		"POST /api/v1/orgs/:orgId/orders": map[string]any{"title": "偷单", "tracks": []string{"app-foundation"}, "headcount": 1,
			"deadline": w.deadline, "partnerOrgIds": []string{w.uni}},
		"PATCH /api/v1/orgs/:orgId/orders/:orderId":                            map[string]any{"title": "被改了", "status": "cancelled"},
		"POST /api/v1/orgs/:orgId/orders/:orderId/partners":                    map[string]any{"partnerOrgId": w.otherUni},
		"POST /api/v1/orgs/:orgId/orders/:orderId/hires":                       map[string]any{"userId": w.studentIDs[0], "credentialId": cred, "startDate": startDate},
		"POST /api/v1/orgs/:orgId/partner-orders/:orderId/response":            map[string]any{"decision": "decline"},
		"POST /api/v1/orgs/:orgId/partner-orders/:orderId/cohorts":             map[string]any{"cohortId": w.cohort},
		"DELETE /api/v1/orgs/:orgId/partner-orders/:orderId/cohorts/:cohortId": nil,
		"POST /api/v1/me/consents":                                             map[string]any{"orderId": w.order},
		"DELETE /api/v1/me/consents/:consentId":                                nil,
		"POST /api/v1/events/:eventId/registration":                            nil,
		"DELETE /api/v1/events/:eventId/registration":                          nil,
		"POST /api/v1/orgs/:orgId/events": map[string]any{"kind": "salon", "title": "x", "startsAt": start.Format(time.RFC3339),
			"endsAt": start.Add(time.Hour).Format(time.RFC3339), "capacity": 5},
		"PATCH /api/v1/orgs/:orgId/events/:eventId":               map[string]any{"status": "cancelled"},
		"POST /api/v1/orgs/:orgId/events/:eventId/check-ins":      map[string]any{"userId": w.studentIDs[0]},
		"PUT /api/v1/orgs/:orgId/events/:eventId/results/:userId": map[string]any{"award": "一等奖", "awardCredential": true},
		"GET /api/v1/orgs/:orgId/orders":                          nil,
		"GET /api/v1/orgs/:orgId/orders/:orderId":                 nil,
		"GET /api/v1/orgs/:orgId/orders/:orderId/candidates":      nil,
		"GET /api/v1/orgs/:orgId/placements":                      nil,
		"GET /api/v1/orgs/:orgId/placements/summary":              nil,
		"GET /api/v1/orgs/:orgId/partner-orders":                  nil,
		"GET /api/v1/orgs/:orgId/partner-orders/:orderId":         nil,
		"GET /api/v1/me/consents":                                 nil,
		"GET /api/v1/me/consent-options":                          nil,
		"GET /api/v1/me/events":                                   nil,
		"GET /api/v1/events":                                      nil,
		"GET /api/v1/events/:eventId":                             nil,
		"GET /api/v1/orgs/:orgId/events":                          nil,
		"GET /api/v1/orgs/:orgId/events/:eventId":                 nil,
		"GET /api/v1/orgs/:orgId/events/:eventId/registrations":   nil,
		"GET /api/v1/consortiums/:consortiumId/training":          nil,
	}
	// The org that owns each route's objects.
	owner := func(path string) string {
		if strings.Contains(path, "/partner-orders") || strings.Contains(path, "/events") {
			return w.uni
		}
		return w.ent
	}
	// Whose own org an outsider names for the object-level check.
	ownOrg := map[string]string{}
	params := func(orgID string) map[string]string {
		return map[string]string{"orgId": orgID, "orderId": w.order, "cohortId": w.cohort, "eventId": event,
			"userId": w.studentIDs[0], "consentId": consent, "consortiumId": w.consortium}
	}
	secrets := []string{"小明", w.studentEmails[0], cred}
	leaks := func(r response) bool {
		for _, s := range secrets {
			if strings.Contains(string(r.Body), s) {
				return true
			}
		}
		return false
	}
	outsiders := map[string]string{"admin of another enterprise": w.otherEntAdmin, "admin of another university": w.otherUniAdm, "a learner": w.studentTokens[1]}
	ownOrg[w.otherEntAdmin], ownOrg[w.otherUniAdm] = w.otherEnt, w.otherUni

	walked := 0
	for _, r := range k.srv.Routes.Routes() {
		if !trainingRoute(r.Path) {
			continue
		}
		walked++
		key := r.Method + " " + r.Path
		body, ok := bodies[key]
		if !ok {
			t.Errorf("%s: not covered by this test; add a body for it", key)
			continue
		}
		path := fill(r.Path, params(owner(r.Path)))
		if r.Policy.Kind != auth.KindPublic {
			if resp := k.do(r.Method, path, "", body); resp.Status != 401 {
				t.Errorf("%s anonymously: %d, want 401", key, resp.Status)
			}
		} else if resp := k.do(r.Method, path, "", body); leaks(resp) {
			t.Errorf("%s (public) shows personal data: %s", key, resp.Body)
		}
		if r.Policy.Kind != auth.KindOrgScoped && !strings.Contains(r.Path, "/consortiums/") {
			continue // the caller's own data (/me, registration) or public
		}
		for who, tok := range outsiders {
			resp := k.do(r.Method, path, tok, body)
			if resp.Status != 403 && resp.Status != 404 {
				t.Errorf("%s as %s: %d, want 403 or 404: %s", key, who, resp.Status, resp.Body)
			}
			if leaks(resp) {
				t.Errorf("%s as %s leaks data: %s", key, who, resp.Body)
			}
			own := ownOrg[tok]
			if own == "" || r.Policy.Kind != auth.KindOrgScoped {
				continue
			}
			// The same ids through the outsider's own org.
			resp = k.do(r.Method, fill(r.Path, params(own)), tok, body)
			objectRoute := strings.Contains(r.Path, ":orderId") || strings.Contains(r.Path, ":eventId")
			switch {
			case objectRoute && resp.Status != 404:
				t.Errorf("%s as %s through its own org with another org's ids: %d, want 404: %s", key, who, resp.Status, resp.Body)
			// (A problem's instance echoes the ids the caller sent.)
			case leaks(resp) || (resp.Status < 300 && (strings.Contains(string(resp.Body), w.order) || strings.Contains(string(resp.Body), event))):
				t.Errorf("%s as %s through its own org shows the other org's data: %s", key, who, resp.Body)
			}
		}
	}
	if walked != len(bodies) {
		t.Errorf("walked %d training routes, the test knows %d", walked, len(bodies))
	}

	// Nothing the outsiders sent took effect.
	o := k.must(200, k.do("GET", w.orderPath, w.entAdmin, nil)).JSON(t)
	if o["title"] != "鸿蒙应用开发工程师" || o["status"] != "open" || len(o["partners"].([]any)) != 1 ||
		o["partners"].([]any)[0].(map[string]any)["status"] != "accepted" || len(o["partners"].([]any)[0].(map[string]any)["cohorts"].([]any)) != 1 {
		t.Fatalf("order changed by outsiders: %v", o)
	}
	if got := progressOf(t, o); got["hired"] != 0 {
		t.Fatalf("an outsider confirmed a hire: %v", got)
	}
	ev := k.must(200, k.do("GET", "/api/v1/orgs/"+w.uni+"/events/"+event, w.uniAdmin, nil)).JSON(t)
	if ev["status"] != "scheduled" || ev["registered"].(float64) != 1 {
		t.Fatalf("event changed by outsiders: %v", ev)
	}
	regs := k.must(200, k.do("GET", "/api/v1/orgs/"+w.uni+"/events/"+event+"/registrations", w.uniAdmin, nil)).JSON(t)["items"].([]any)
	if len(regs) != 1 || regs[0].(map[string]any)["result"] != nil {
		t.Fatalf("registrations changed by outsiders: %v", regs)
	}
	// Another learner cannot withdraw someone's consent.
	k.expectProblem(k.do("DELETE", "/api/v1/me/consents/"+consent, w.studentTokens[1], nil), 404, "not-found")
	if ids := candidateIDs(t, w, ""); len(ids) != 1 {
		t.Fatalf("the consenting candidate disappeared: %v", ids)
	}
	// The HR verifier reads and hires but may not change the order or
	// answer for a school; a teacher links cohorts but may not answer.
	k.expectProblem(k.do("PATCH", w.orderPath, w.hr, map[string]any{"title": "x"}), 403, "forbidden")
	k.expectProblem(k.do("GET", "/api/v1/orgs/"+w.ent+"/partner-orders", w.hr, nil), 403, "forbidden")
	k.expectProblem(k.do("POST", w.partnerPath+"/response", w.teacher, map[string]any{"decision": "decline"}), 403, "forbidden")
	k.expectProblem(k.do("GET", w.orderPath+"/candidates", w.teacher, nil), 403, "forbidden")
}

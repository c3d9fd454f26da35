package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/demo"
	"github.com/xuri/excelize/v2"
)

// trainingWorld is an enterprise, a partner university with a cohort of
// two students who can log in, and an order from the one to the other.
type trainingWorld struct {
	k                                              *kit
	admin, entAdmin, hr, uniAdmin, teacher         string
	ent, uni, cohort, order                        string
	studentIDs, studentTokens, studentEmails       [2]string
	orderPath, partnerPath                         string
	deadline                                       string
	consortium                                     string
	consortiumPath                                 string
	otherEnt, otherEntAdmin, otherUni, otherUniAdm string
}

func newTrainingWorld(t *testing.T) *trainingWorld {
	t.Helper()
	k := newKit(t)
	w := &trainingWorld{k: k, admin: k.admin()}
	w.ent = k.org(w.admin, "ENT", "enterprise")
	w.uni = k.org(w.admin, "UNI", "university")
	_, w.entAdmin = k.member(w.admin, w.ent, "boss@ent.example.cn", "org_admin")
	_, w.hr = k.member(w.entAdmin, w.ent, "hr@ent.example.cn", "enterprise_verifier")
	_, w.uniAdmin = k.member(w.admin, w.uni, "dean@uni.example.cn", "org_admin")
	_, w.teacher = k.member(w.uniAdmin, w.uni, "teacher@uni.example.cn", "instructor")
	// Outsiders: another enterprise and another university.
	w.otherEnt = k.org(w.admin, "ENT-B", "enterprise")
	_, w.otherEntAdmin = k.member(w.admin, w.otherEnt, "boss@entb.example.cn", "org_admin")
	w.otherUni = k.org(w.admin, "UNI-B", "university")
	_, w.otherUniAdm = k.member(w.admin, w.otherUni, "dean@unib.example.cn", "org_admin")

	for i, name := range []string{"小明", "小红"} {
		w.studentEmails[i] = []string{"ming@uni.example.cn", "hong@uni.example.cn"}[i]
		w.studentIDs[i], w.studentTokens[i] = k.user(w.studentEmails[i], name)
	}
	w.cohort = k.must(201, k.do("POST", "/api/v1/orgs/"+w.uni+"/cohorts", w.teacher, map[string]any{
		"name": "2026 秋 鸿蒙 1 班", "term": "2026-autumn", "tracks": []string{"app-foundation"}})).JSON(t)["id"].(string)
	k.must(200, k.do("POST", "/api/v1/orgs/"+w.uni+"/cohorts/"+w.cohort+"/imports", w.teacher, map[string]any{"students": []map[string]any{
		{"studentNumber": "20260001", "name": "小明", "email": w.studentEmails[0]},
		{"studentNumber": "20260002", "name": "小红", "email": w.studentEmails[1]},
	}}))
	w.deadline = time.Now().AddDate(0, 3, 0).Format(time.DateOnly)
	o := k.must(201, k.do("POST", "/api/v1/orgs/"+w.ent+"/orders", w.entAdmin, map[string]any{
		"title": "鸿蒙应用开发工程师", "tracks": []string{"app-foundation"}, "headcount": 2, "deadline": w.deadline,
		"skills": []string{"ArkTS", "ArkUI"}, "notes": "重庆两江新区 onsite", "partnerOrgIds": []string{w.uni}})).JSON(t)
	w.order = o["id"].(string)
	w.orderPath = "/api/v1/orgs/" + w.ent + "/orders/" + w.order
	w.partnerPath = "/api/v1/orgs/" + w.uni + "/partner-orders/" + w.order
	x := k.must(201, k.do("POST", "/api/v1/consortiums", w.admin, map[string]any{"code": "CQ-TRAIN",
		"name": map[string]string{"zh": "联合体"}, "leadOrgId": w.ent, "memberOrgIds": []string{w.uni}})).JSON(t)
	w.consortium = x["id"].(string)
	w.consortiumPath = "/api/v1/consortiums/" + w.consortium + "/training"
	return w
}

func (w *trainingWorld) issue(t *testing.T, i int) string {
	t.Helper()
	r := w.k.must(201, w.k.do("POST", "/api/v1/credentials", w.admin, map[string]any{
		"email": w.studentEmails[i], "track": "app-foundation", "evidence": "2026-06 鸿蒙应用开发考试 92 分"}))
	return r.JSON(t)["id"].(string)
}

func progressOf(t *testing.T, order map[string]any) map[string]float64 {
	t.Helper()
	p := order["progress"].(map[string]any)
	out := map[string]float64{}
	for _, key := range []string{"headcount", "enrolled", "active", "certified", "hired", "daysLeft", "expectedCertified"} {
		out[key], _ = p[key].(float64)
	}
	return out
}

func candidateIDs(t *testing.T, w *trainingWorld, query string) []string {
	t.Helper()
	items := w.k.must(200, w.k.do("GET", w.orderPath+"/candidates"+query, w.hr, nil)).JSON(t)["items"].([]any)
	var ids []string
	for _, it := range items {
		ids = append(ids, it.(map[string]any)["userId"].(string))
	}
	return ids
}

// TestTrainingOrderToConfirmedHire walks an order from its creation to a
// confirmed hire through the API, then withdraws consent.
func TestTrainingOrderToConfirmedHire(t *testing.T) {
	w := newTrainingWorld(t)
	k := w.k

	// The university sees the invitation; cohorts wait for an accept.
	inv := k.must(200, k.do("GET", "/api/v1/orgs/"+w.uni+"/partner-orders?status=invited", w.teacher, nil)).JSON(t)["items"].([]any)
	if len(inv) != 1 || inv[0].(map[string]any)["id"] != w.order {
		t.Fatalf("invitations: %v", inv)
	}
	k.expectProblem(k.do("POST", w.partnerPath+"/cohorts", w.teacher, map[string]any{"cohortId": w.cohort}), 409, "conflict")
	k.expectProblem(k.do("POST", w.partnerPath+"/response", w.teacher, map[string]any{"decision": "accept"}), 403, "forbidden")
	acc := k.must(200, k.do("POST", w.partnerPath+"/response", w.uniAdmin, map[string]any{"decision": "accept", "note": "可以承接 2 名"})).JSON(t)
	if p := acc["partners"].([]any)[0].(map[string]any); p["status"] != "accepted" || p["note"] != "可以承接 2 名" {
		t.Fatalf("after accept: %v", p)
	}
	linked := k.must(201, k.do("POST", w.partnerPath+"/cohorts", w.teacher, map[string]any{"cohortId": w.cohort})).JSON(t)
	if got := progressOf(t, linked); got["enrolled"] != 2 || got["certified"] != 0 || got["headcount"] != 2 {
		t.Fatalf("progress after linking: %v", got)
	}
	k.expectProblem(k.do("POST", w.partnerPath+"/cohorts", w.teacher, map[string]any{"cohortId": w.cohort}), 409, "conflict")

	// Student 0 is certified; student 1 holds a credential that gets revoked.
	cred0 := w.issue(t, 0)
	cred1 := w.issue(t, 1)
	order := k.must(200, k.do("GET", w.orderPath, w.hr, nil)).JSON(t)
	if got := progressOf(t, order); got["certified"] != 2 || got["enrolled"] != 2 {
		t.Fatalf("progress after certification: %v", got)
	}
	part := order["partners"].([]any)[0].(map[string]any)
	if cs := part["cohorts"].([]any); len(cs) != 1 || part["progress"].(map[string]any)["certified"].(float64) != 2 {
		t.Fatalf("partner share: %v", part)
	}

	// Without consent the enterprise sees nobody and cannot hire.
	if ids := candidateIDs(t, w, ""); len(ids) != 0 {
		t.Fatalf("candidates before consent: %v", ids)
	}
	hire := func(i int, cred string) response {
		return k.do("POST", w.orderPath+"/hires", w.hr, map[string]any{"userId": w.studentIDs[i], "credentialId": cred, "startDate": time.Now().AddDate(0, 1, 0).Format(time.DateOnly)})
	}
	p := k.expectProblem(hire(0, cred0), 422, "no-consent")
	if errs := p["errors"].([]any); errs[0].(map[string]any)["field"] != "userId" {
		t.Fatalf("no-consent problem: %v", p)
	}

	// Student 0 consents to the order, sharing their email.
	opts := k.must(200, k.do("GET", "/api/v1/me/consent-options", w.studentTokens[0], nil)).JSON(t)
	oo := opts["orders"].([]any)
	if len(oo) != 1 || oo[0].(map[string]any)["order"].(map[string]any)["id"] != w.order || oo[0].(map[string]any)["consentId"] != nil {
		t.Fatalf("consent options: %v", opts)
	}
	if cs := opts["consortiums"].([]any); len(cs) != 1 || cs[0].(map[string]any)["consortium"].(map[string]any)["id"] != w.consortium {
		t.Fatalf("consortium options: %v", opts)
	}
	consent := k.must(201, k.do("POST", "/api/v1/me/consents", w.studentTokens[0], map[string]any{"orderId": w.order, "shareEmail": true})).JSON(t)
	if consent["scope"] != "order" || consent["order"].(map[string]any)["org"].(map[string]any)["id"] != w.ent {
		t.Fatalf("consent: %v", consent)
	}
	// Giving it again updates it instead of adding a second.
	again := k.must(200, k.do("POST", "/api/v1/me/consents", w.studentTokens[0], map[string]any{"orderId": w.order, "shareEmail": true})).JSON(t)
	if again["id"] != consent["id"] {
		t.Fatalf("second consent %v, want the first back", again["id"])
	}
	items := k.must(200, k.do("GET", w.orderPath+"/candidates", w.hr, nil)).JSON(t)["items"].([]any)
	if len(items) != 1 {
		t.Fatalf("candidates after consent: %v", items)
	}
	cand := items[0].(map[string]any)
	if cand["userId"] != w.studentIDs[0] || cand["email"] != w.studentEmails[0] || cand["certified"] != true ||
		cand["school"].(map[string]any)["id"] != w.uni || cand["hire"] != nil {
		t.Fatalf("candidate: %v", cand)
	}
	if cr := cand["credentials"].([]any); len(cr) != 1 || cr[0].(map[string]any)["id"] != cred0 || cr[0].(map[string]any)["matchesOrder"] != true {
		t.Fatalf("candidate credentials: %v", cr)
	}

	// Another person's credential is refused; the right one is verified
	// and recorded.
	k.expectProblem(hire(0, cred1), 422, "credential-not-held")
	k.expectProblem(k.do("POST", w.orderPath+"/hires", w.hr, map[string]any{"userId": w.studentIDs[0], "credentialId": cred0, "startDate": "2026-13-01"}), 422, "validation")
	placed := k.must(201, hire(0, cred0)).JSON(t)
	if placed["credential"].(map[string]any)["id"] != cred0 || placed["person"].(map[string]any)["id"] != w.studentIDs[0] ||
		placed["order"].(map[string]any)["id"] != w.order || placed["school"].(map[string]any)["id"] != w.uni ||
		placed["confirmedBy"].(map[string]any)["displayName"] == "" {
		t.Fatalf("placement: %v", placed)
	}
	k.expectProblem(hire(0, cred0), 409, "conflict")

	// Student 1 consents for the whole consortium; their revoked
	// credential is refused with the reason.
	k.must(201, k.do("POST", "/api/v1/me/consents", w.studentTokens[1], map[string]any{"consortiumId": w.consortium}))
	k.must(200, k.do("POST", "/api/v1/credentials/"+cred1+"/status", w.admin, map[string]any{"action": "revoke", "reason": "考试作弊 exam misconduct"}))
	k.expectProblem(hire(1, cred1), 422, "credential-revoked")
	cands := k.must(200, k.do("GET", w.orderPath+"/candidates", w.hr, nil)).JSON(t)["items"].([]any)
	if len(cands) != 2 {
		t.Fatalf("candidates: %v", cands)
	}
	c1 := cands[0].(map[string]any)
	if c1["userId"] != w.studentIDs[1] {
		c1 = cands[1].(map[string]any)
	}
	if c1["email"] != nil || c1["certified"] != false || c1["consent"].(map[string]any)["scope"] != "consortium" {
		t.Fatalf("consortium candidate (email not shared, revoked credential): %v", c1)
	}
	if ids := candidateIDs(t, w, "?certified=true"); len(ids) != 1 || ids[0] != w.studentIDs[0] {
		t.Fatalf("certified candidates: %v", ids)
	}

	// Both sides see the hire in the progress.
	for _, path := range []string{w.orderPath, w.partnerPath} {
		tok := w.hr
		if strings.Contains(path, "partner-orders") {
			tok = w.teacher
		}
		got := progressOf(t, k.must(200, k.do("GET", path, tok, nil)).JSON(t))
		if got["hired"] != 1 || got["certified"] != 1 || got["enrolled"] != 2 || got["daysLeft"] < 80 {
			t.Fatalf("progress at %s: %v", path, got)
		}
	}

	// Exports for the subsidy programs.
	month := time.Now().AddDate(0, 1, 0).Format("2006-01")
	csvResp := k.must(200, k.do("GET", "/api/v1/orgs/"+w.ent+"/placements?format=csv&month="+month, w.hr, nil))
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(csvResp.Body, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][4] != cred0 || rows[1][0] != placed["id"] || rows[1][3] != "小明" || rows[1][7] != placed["startDate"] {
		t.Fatalf("CSV export: %v %v", rows, err)
	}
	xResp := k.must(200, k.do("GET", "/api/v1/orgs/"+w.ent+"/placements?format=xlsx&orderId="+w.order, w.entAdmin, nil))
	f, err := excelize.OpenReader(bytes.NewReader(xResp.Body))
	if err != nil {
		t.Fatal(err)
	}
	xrows, err := f.GetRows(f.GetSheetName(0))
	f.Close()
	if err != nil || len(xrows) != 2 || xrows[1][4] != cred0 || xrows[1][2] != w.order {
		t.Fatalf("XLSX export: %v %v", xrows, err)
	}
	if empty := k.must(200, k.do("GET", "/api/v1/orgs/"+w.ent+"/placements?month=2020-01", w.hr, nil)).JSON(t); len(empty["items"].([]any)) != 0 {
		t.Fatalf("placements of another month: %v", empty)
	}
	sum := k.must(200, k.do("GET", "/api/v1/orgs/"+w.ent+"/placements/summary", w.hr, nil)).JSON(t)
	if sum["total"].(float64) != 1 || sum["byMonth"].([]any)[0].(map[string]any)["month"] != month {
		t.Fatalf("summary: %v", sum)
	}

	// Withdrawal is immediate: the next list drops the person and a hire
	// is refused; the confirmed placement stays on record.
	mine := k.must(200, k.do("GET", "/api/v1/me/consents", w.studentTokens[1], nil)).JSON(t)["items"].([]any)
	k.must(204, k.do("DELETE", "/api/v1/me/consents/"+mine[0].(map[string]any)["id"].(string), w.studentTokens[1], nil))
	if ids := candidateIDs(t, w, ""); len(ids) != 1 || ids[0] != w.studentIDs[0] {
		t.Fatalf("candidates after student 1 withdrew: %v", ids)
	}
	k.must(204, k.do("DELETE", "/api/v1/me/consents/"+consent["id"].(string), w.studentTokens[0], nil))
	if ids := candidateIDs(t, w, ""); len(ids) != 0 {
		t.Fatalf("candidates after both withdrew: %v", ids)
	}
	k.expectProblem(hire(0, cred0), 422, "no-consent")
	if all := k.must(200, k.do("GET", "/api/v1/me/consents?include=withdrawn", w.studentTokens[0], nil)).JSON(t)["items"].([]any); len(all) != 1 || all[0].(map[string]any)["withdrawnAt"] == nil {
		t.Fatalf("withdrawn consent history: %v", all)
	}
	if still := k.must(200, k.do("GET", "/api/v1/orgs/"+w.ent+"/placements", w.hr, nil)).JSON(t)["items"].([]any); len(still) != 1 {
		t.Fatalf("placements after withdrawal: %v", still)
	}

	// The consortium's view aggregates the joint order.
	view := k.must(200, k.do("GET", w.consortiumPath, w.uniAdmin, nil)).JSON(t)
	tot := view["totals"].(map[string]any)
	if tot["orders"].(float64) != 1 || tot["hired"].(float64) != 1 || tot["enrolled"].(float64) != 2 || len(view["members"].([]any)) != 2 ||
		view["placements"].(map[string]any)["total"].(float64) != 1 {
		t.Fatalf("consortium view: %v", view)
	}
	if cs := view["orders"].([]any)[0].(map[string]any)["partners"].([]any)[0].(map[string]any)["cohorts"].([]any); len(cs) != 0 {
		t.Fatalf("the consortium view lists cohorts: %v", cs)
	}
	k.expectProblem(k.do("GET", w.consortiumPath, w.teacher, nil), 403, "forbidden")
	k.expectProblem(k.do("GET", w.consortiumPath, w.otherEntAdmin, nil), 403, "forbidden")
}

// TestTrainingOrderBadInput checks that every wrong field of an order is
// named, and the other refusals.
func TestTrainingOrderBadInput(t *testing.T) {
	w := newTrainingWorld(t)
	k := w.k
	path := "/api/v1/orgs/" + w.ent + "/orders"
	p := k.expectProblem(k.do("POST", path, w.entAdmin, map[string]any{
		"title": "", "tracks": []string{"no-such-track"}, "headcount": 0, "deadline": "2020-01-01",
		"skills": []string{""}, "partnerOrgIds": []string{"00000000-0000-7000-8000-000000000000", w.otherEnt, w.ent}}), 422, "validation")
	fields := map[string]int{}
	for _, e := range p["errors"].([]any) {
		fields[e.(map[string]any)["field"].(string)]++
	}
	for _, f := range []string{"title", "tracks", "headcount", "deadline", "skills"} {
		if fields[f] == 0 {
			t.Errorf("no error for %s: %v", f, p["errors"])
		}
	}
	if fields["partnerOrgIds"] != 3 {
		t.Errorf("want 3 partner errors (unknown, an enterprise, itself): %v", p["errors"])
	}
	k.expectProblem(k.do("POST", path, w.entAdmin, map[string]any{"title": "x", "tracks": []string{"app-foundation"}, "headcount": 1,
		"deadline": time.Now().Add(-time.Hour).Format(time.RFC3339), "partnerOrgIds": []string{w.uni}}), 422, "validation")
	k.expectProblem(k.do("POST", path, w.entAdmin, map[string]any{"title": "x", "tracks": []string{"app-foundation"}, "headcount": 1,
		"deadline": w.deadline, "partnerOrgIds": []string{w.uni}, "unknown": true}), 422, "validation")
	// A university places orders only as a consortium's lead.
	k.expectProblem(k.do("POST", "/api/v1/orgs/"+w.uni+"/orders", w.uniAdmin, map[string]any{"title": "x", "tracks": []string{"app-foundation"},
		"headcount": 1, "deadline": w.deadline, "partnerOrgIds": []string{w.otherUni}}), 403, "forbidden")
	k.expectProblem(k.do("POST", "/api/v1/orgs/"+w.uni+"/orders", w.uniAdmin, map[string]any{"title": "x", "tracks": []string{"app-foundation"},
		"headcount": 1, "deadline": w.deadline, "partnerOrgIds": []string{w.otherUni}, "consortiumId": w.consortium}), 422, "validation")
	// The lead (here the enterprise) may order for the consortium.
	joint := k.must(201, k.do("POST", path, w.entAdmin, map[string]any{"title": "联合体订单", "tracks": []string{"app-foundation"},
		"headcount": 5, "deadline": w.deadline, "partnerOrgIds": []string{w.uni, w.otherUni}, "consortiumId": w.consortium})).JSON(t)
	if joint["consortiumId"] != w.consortium || len(joint["partners"].([]any)) != 2 {
		t.Fatalf("joint order: %v", joint)
	}
	// Updates: the same rules, then cancellation is final.
	k.expectProblem(k.do("PATCH", w.orderPath, w.entAdmin, map[string]any{"headcount": 0}), 422, "validation")
	k.expectProblem(k.do("PATCH", w.orderPath, w.entAdmin, map[string]any{"deadline": "2001-01-01"}), 422, "validation")
	k.expectProblem(k.do("PATCH", w.orderPath, w.hr, map[string]any{"headcount": 3}), 403, "forbidden")
	up := k.must(200, k.do("PATCH", w.orderPath, w.entAdmin, map[string]any{"headcount": 3, "skills": []string{"ArkTS"}})).JSON(t)
	if up["headcount"].(float64) != 3 || len(up["skills"].([]any)) != 1 {
		t.Fatalf("update: %v", up)
	}
	k.expectProblem(k.do("POST", w.orderPath+"/partners", w.entAdmin, map[string]any{"partnerOrgId": w.uni}), 409, "conflict")
	k.expectProblem(k.do("POST", w.orderPath+"/partners", w.entAdmin, map[string]any{"partnerOrgId": w.otherEnt}), 422, "validation")
	k.must(201, k.do("POST", w.orderPath+"/partners", w.entAdmin, map[string]any{"partnerOrgId": w.otherUni}))
	// A school links only its own cohorts.
	k.must(200, k.do("POST", w.partnerPath+"/response", w.uniAdmin, map[string]any{"decision": "accept"}))
	k.must(200, k.do("POST", "/api/v1/orgs/"+w.otherUni+"/partner-orders/"+w.order+"/response", w.otherUniAdm, map[string]any{"decision": "accept"}))
	k.expectProblem(k.do("POST", "/api/v1/orgs/"+w.otherUni+"/partner-orders/"+w.order+"/cohorts", w.otherUniAdm, map[string]any{"cohortId": w.cohort}), 404, "not-found")
	k.expectProblem(k.do("POST", w.partnerPath+"/response", w.uniAdmin, map[string]any{"decision": "maybe"}), 422, "validation")
	// Consent only to an order that trains you.
	k.expectProblem(k.do("POST", "/api/v1/me/consents", w.studentTokens[0], map[string]any{"orderId": joint["id"]}), 404, "not-found")
	k.expectProblem(k.do("POST", "/api/v1/me/consents", w.studentTokens[0], map[string]any{}), 422, "validation")
	k.must(200, k.do("PATCH", w.orderPath, w.entAdmin, map[string]any{"status": "cancelled"}))
	k.expectProblem(k.do("PATCH", w.orderPath, w.entAdmin, map[string]any{"status": "open"}), 409, "conflict")
	k.expectProblem(k.do("POST", w.partnerPath+"/cohorts", w.teacher, map[string]any{"cohortId": w.cohort}), 409, "conflict")
	open := k.must(200, k.do("GET", "/api/v1/orgs/"+w.ent+"/orders?status=open", w.hr, nil)).JSON(t)["items"].([]any)
	if len(open) != 1 || open[0].(map[string]any)["id"] != joint["id"] {
		t.Fatalf("open orders: %v", open)
	}
}

// TestTrainingEvents runs a competition from creation to an awarded
// credential.
func TestTrainingEvents(t *testing.T) {
	w := newTrainingWorld(t)
	k := w.k
	path := "/api/v1/orgs/" + w.uni + "/events"
	start := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	body := func(kind string, capacity int) map[string]any {
		return map[string]any{"kind": kind, "title": "开源鸿蒙开发者大赛", "place": "重庆 两江新区", "description": "ArkUI 挑战",
			"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(6 * time.Hour).Format(time.RFC3339), "capacity": capacity}
	}
	bad := body("party", 0)
	bad["startsAt"] = time.Now().Add(-time.Hour).Format(time.RFC3339)
	p := k.expectProblem(k.do("POST", path, w.uniAdmin, bad), 422, "validation")
	if len(p["errors"].([]any)) < 2 {
		t.Fatalf("want kind and capacity errors: %v", p)
	}
	bad = body("salon", 10)
	bad["endsAt"] = start.Add(-time.Minute).Format(time.RFC3339)
	k.expectProblem(k.do("POST", path, w.uniAdmin, bad), 422, "validation")
	k.expectProblem(k.do("POST", path, w.teacher, body("salon", 10)), 403, "forbidden")

	comp := k.must(201, k.do("POST", path, w.uniAdmin, body("competition", 1))).JSON(t)
	salon := k.must(201, k.do("POST", path, w.uniAdmin, body("salon", 50))).JSON(t)
	compID, salonID := comp["id"].(string), salon["id"].(string)

	reg := func(i int, id string) response {
		return k.do("POST", "/api/v1/events/"+id+"/registration", w.studentTokens[i], nil)
	}
	k.must(201, reg(0, compID))
	k.expectProblem(reg(0, compID), 409, "conflict")
	k.expectProblem(reg(1, compID), 409, "conflict") // full
	pub := k.must(200, k.do("GET", "/api/v1/events/"+compID, "", nil))
	if pub.JSON(t)["registered"].(float64) != 1 || strings.Contains(string(pub.Body), "小明") {
		t.Fatalf("public event: %s", pub.Body)
	}
	k.must(204, k.do("DELETE", "/api/v1/events/"+compID+"/registration", w.studentTokens[0], nil))
	k.must(201, reg(1, compID))
	k.must(201, reg(0, salonID))
	list := k.must(200, k.do("GET", "/api/v1/events?kind=competition", "", nil)).JSON(t)["items"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["id"] != compID {
		t.Fatalf("public competitions: %v", list)
	}

	// Check-in at the door, then the result and its credential.
	k.expectProblem(k.do("PUT", path+"/"+compID+"/results/"+w.studentIDs[1], w.uniAdmin, map[string]any{"award": "一等奖", "rank": 1}), 409, "conflict")
	k.expectProblem(k.do("POST", path+"/"+compID+"/check-ins", w.teacher, map[string]any{"userId": w.studentIDs[0]}), 404, "not-found")
	in := k.must(200, k.do("POST", path+"/"+compID+"/check-ins", w.teacher, map[string]any{"userId": w.studentIDs[1]})).JSON(t)
	if in["checkedInAt"] == nil {
		t.Fatalf("check-in: %v", in)
	}
	k.must(200, k.do("POST", path+"/"+compID+"/check-ins", w.teacher, map[string]any{"userId": w.studentIDs[1]}))
	k.expectProblem(k.do("DELETE", "/api/v1/events/"+compID+"/registration", w.studentTokens[1], nil), 409, "conflict")
	k.must(200, k.do("POST", path+"/"+salonID+"/check-ins", w.teacher, map[string]any{"userId": w.studentIDs[0]}))
	k.expectProblem(k.do("PUT", path+"/"+salonID+"/results/"+w.studentIDs[0], w.uniAdmin, map[string]any{"award": "一等奖"}), 409, "conflict")
	k.expectProblem(k.do("PUT", path+"/"+compID+"/results/"+w.studentIDs[1], w.uniAdmin, map[string]any{"award": "", "rank": 0}), 422, "validation")
	res := k.must(200, k.do("PUT", path+"/"+compID+"/results/"+w.studentIDs[1], w.uniAdmin, map[string]any{"award": "一等奖", "rank": 1, "awardCredential": true})).JSON(t)
	credID, _ := res["result"].(map[string]any)["credentialId"].(string)
	if credID == "" {
		t.Fatalf("result: %v", res)
	}
	// Recording the same result again is harmless; changing it is not.
	if again := k.must(200, k.do("PUT", path+"/"+compID+"/results/"+w.studentIDs[1], w.uniAdmin, map[string]any{"award": "一等奖", "rank": 1, "awardCredential": true})).JSON(t); again["result"].(map[string]any)["credentialId"] != credID {
		t.Fatalf("second award: %v", again)
	}
	k.expectProblem(k.do("PUT", path+"/"+compID+"/results/"+w.studentIDs[1], w.uniAdmin, map[string]any{"award": "二等奖"}), 409, "conflict")

	// The credential verifies and names the competition.
	v := verify(t, k, map[string]any{"id": credID})
	if v["verdict"] != "valid" {
		t.Fatalf("verify: %v", v)
	}
	cred := myCredential(t, k, w.studentTokens[1])
	doc := cred["document"].(map[string]any)
	ach := doc["credentialSubject"].(map[string]any)["achievement"].(map[string]any)
	if ach["achievementType"] != "Award" || ach["name"] != "开源鸿蒙开发者大赛" || cred["track"].(map[string]any)["level"] != "competition" ||
		!strings.Contains(doc["credentialSubject"].(map[string]any)["result"].([]any)[0].(map[string]any)["value"].(string), "一等奖") {
		t.Fatalf("competition credential: %v", cred)
	}
	// The organizer can revoke it (it was issued through the org).
	k.must(200, k.do("POST", "/api/v1/credentials/"+credID+"/status", w.uniAdmin, map[string]any{"action": "suspend", "reason": "复核 under review"}))

	regs := k.must(200, k.do("GET", path+"/"+compID+"/registrations", w.teacher, nil)).JSON(t)["items"].([]any)
	if len(regs) != 2 {
		t.Fatalf("registrations (one cancelled, one checked in): %v", regs)
	}
	mine := k.must(200, k.do("GET", "/api/v1/me/events", w.studentTokens[1], nil)).JSON(t)["items"].([]any)
	if len(mine) != 1 || mine[0].(map[string]any)["event"].(map[string]any)["id"] != compID || mine[0].(map[string]any)["result"] == nil {
		t.Fatalf("my events: %v", mine)
	}
	// Capacity cannot drop below the registrations; cancellation is final.
	k.expectProblem(k.do("PATCH", path+"/"+salonID, w.uniAdmin, map[string]any{"capacity": 0}), 422, "validation")
	k.must(200, k.do("PATCH", path+"/"+salonID, w.uniAdmin, map[string]any{"status": "cancelled"}))
	k.expectProblem(reg(1, salonID), 409, "conflict")
	k.expectProblem(k.do("PATCH", path+"/"+salonID, w.uniAdmin, map[string]any{"title": "x"}), 409, "conflict")
}

// TestTrainingDemoSeed seeds the demo twice and checks that the demo
// enterprise sees its consenting certified candidate.
func TestTrainingDemoSeed(t *testing.T) {
	k := newKit(t)
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if err := demo.Seed(ctx, k.srv.DB, k.srv.Orgs, io.Discard); err != nil {
			t.Fatal(err)
		}
		if err := demo.SeedTraining(ctx, demo.TrainingDeps{DB: k.srv.DB, Catalog: k.srv.Catalog, Creds: k.srv.Creds}, io.Discard); err != nil {
			t.Fatalf("seed run %d: %v", i+1, err)
		}
	}
	for table, want := range map[string]int64{"training_orders": 1, "training_consents": 1, "training_events": 1, "credentials": 1, "cohorts": 1} {
		var n int64
		k.srv.DB.R.Table(table).Count(&n)
		if n != want {
			t.Errorf("%s: %d rows after two seeds, want %d", table, n, want)
		}
	}
	r := k.must(200, k.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "orgadmin@ljhs.demo.ohtalent.cn", "password": demo.Password}))
	tok := r.JSON(t)["accessToken"].(string)
	var ent string
	k.srv.DB.R.Raw("SELECT id FROM orgs WHERE code = 'LJHS'").Scan(&ent)
	orders := k.must(200, k.do("GET", "/api/v1/orgs/"+ent+"/orders", tok, nil)).JSON(t)["items"].([]any)
	if len(orders) != 1 {
		t.Fatalf("demo orders: %v", orders)
	}
	o := orders[0].(map[string]any)
	items := k.must(200, k.do("GET", "/api/v1/orgs/"+ent+"/orders/"+o["id"].(string)+"/candidates", tok, nil)).JSON(t)["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["certified"] != true {
		t.Fatalf("demo candidates: %v", items)
	}
}

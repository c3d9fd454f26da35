package server

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/api"
	"github.com/ohtalent/ohtalent/internal/audit"
	"gopkg.in/yaml.v3"
)

// auditEvents pages through GET path (with query q) as token and returns
// every event, following nextCursor.
func (k *kit) auditEvents(path, token string, q url.Values) []map[string]any {
	k.t.Helper()
	var out []map[string]any
	for page := 0; page < 100; page++ {
		r := k.must(200, k.do("GET", path+"?"+q.Encode(), token, nil)).JSON(k.t)
		for _, it := range r["items"].([]any) {
			out = append(out, it.(map[string]any))
		}
		next, _ := r["nextCursor"].(string)
		if next == "" {
			return out
		}
		q.Set("cursor", next)
	}
	k.t.Fatal("audit pages do not end")
	return nil
}

// lastEvent returns the newest event with the action, failing when none.
func (k *kit) lastEvent(admin, action string) map[string]any {
	k.t.Helper()
	evs := k.auditEvents("/api/v1/audit", admin, url.Values{"action": {action}, "limit": {"1"}})
	if len(evs) == 0 {
		k.t.Fatalf("no %s event in the audit log", action)
	}
	return evs[0]
}

func detail(ev map[string]any, key string) any {
	d, _ := ev["details"].(map[string]any)
	return d[key]
}

// TestAuditLogRecordsSecurityEvents performs each audited action through
// the API (or, for key rotation, as the CLI does) and checks that its
// event is there with the right actor, org, target and details, and that
// the whole log holds none of the personal data the requests carried.
func TestAuditLogRecordsSecurityEvents(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	adminID := k.must(200, k.do("GET", "/api/v1/me", admin, nil)).JSON(t)["id"].(string)

	ev := k.lastEvent(admin, audit.LoginSucceeded)
	if ev["actorType"] != "user" || ev["actorId"] != adminID || ev["targetId"] != adminID || ev["requestId"] == "" || ev["clientNetwork"] != "127.0.0.0/24" {
		t.Fatalf("login event: %v", ev)
	}

	// Failed logins: a known account is named by id, an unknown email only
	// by a keyed hash; the password is nowhere.
	k.expectProblem(k.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "root@ohtalent.test", "password": "hunter2-wrong-guess"}), 401, "invalid-credentials")
	ev = k.lastEvent(admin, audit.LoginFailed)
	if ev["actorType"] != "anonymous" || ev["targetId"] != adminID || detail(ev, "reason") != "wrong_password" {
		t.Fatalf("failed login of a known account: %v", ev)
	}
	k.expectProblem(k.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "nobody@secret.example.cn", "password": "hunter2-wrong-guess"}), 401, "invalid-credentials")
	ev = k.lastEvent(admin, audit.LoginFailed)
	if ev["targetId"] != "" || detail(ev, "reason") != "no_such_account" || len(fmt.Sprint(detail(ev, "emailHash"))) != 32 {
		t.Fatalf("failed login of an unknown email: %v", ev)
	}

	// Members: added, role changed, removed, all under the org.
	uni := k.org(admin, "AUDU", "university")
	memberID, _ := k.member(admin, uni, "teacher@audit.example.cn", "instructor")
	ev = k.lastEvent(admin, audit.MemberAdded)
	if ev["orgId"] != uni || ev["targetId"] != memberID || ev["actorId"] != adminID || detail(ev, "role") != "instructor" {
		t.Fatalf("member added: %v", ev)
	}
	k.must(200, k.do("PATCH", "/api/v1/orgs/"+uni+"/members/"+memberID, admin, map[string]any{"role": "student"}))
	ev = k.lastEvent(admin, audit.MemberChanged)
	if ev["targetId"] != memberID || detail(ev, "role") != "student" || detail(ev, "previousRole") != "instructor" {
		t.Fatalf("role change: %v", ev)
	}
	k.must(204, k.do("DELETE", "/api/v1/orgs/"+uni+"/members/"+memberID, admin, nil))
	ev = k.lastEvent(admin, audit.MemberRemoved)
	if ev["targetId"] != memberID || ev["orgId"] != uni {
		t.Fatalf("member removed: %v", ev)
	}

	// API keys: created and revoked, never with the secret.
	key := k.must(201, k.do("POST", "/api/v1/orgs/"+uni+"/api-keys", admin, map[string]any{"name": "教务系统", "scopes": []string{"roster:write"}})).JSON(t)
	ev = k.lastEvent(admin, audit.APIKeyCreated)
	if ev["targetId"] != key["id"] || ev["orgId"] != uni || strings.Contains(fmt.Sprint(ev), key["secret"].(string)) {
		t.Fatalf("API key created: %v", ev)
	}
	k.must(204, k.do("DELETE", "/api/v1/orgs/"+uni+"/api-keys/"+key["id"].(string), admin, nil))
	if ev = k.lastEvent(admin, audit.APIKeyRevoked); ev["targetId"] != key["id"] {
		t.Fatalf("API key revoked: %v", ev)
	}

	// Imports: who, which cohort, the counts. A dry run logs nothing.
	co := k.must(201, k.do("POST", "/api/v1/orgs/"+uni+"/cohorts", admin, map[string]any{"name": "审计班"})).JSON(t)["id"].(string)
	imports := "/api/v1/orgs/" + uni + "/cohorts/" + co + "/imports"
	k.must(200, k.do("POST", imports+"?dryRun=true", admin, map[string]any{"students": students(0, 3)}))
	if n := len(k.auditEvents("/api/v1/audit", admin, url.Values{"action": {audit.RosterImported}})); n != 0 {
		t.Fatalf("a dry run was logged as an import (%d events)", n)
	}
	k.must(200, k.do("POST", imports, admin, map[string]any{"students": students(0, 3)}))
	ev = k.lastEvent(admin, audit.RosterImported)
	if ev["targetId"] != co || ev["orgId"] != uni || ev["actorId"] != adminID || detail(ev, "created") != 3.0 || detail(ev, "rows") != 3.0 {
		t.Fatalf("import: %v", ev)
	}

	// Credentials: issued through the org, suspended, reinstated, revoked.
	cred := k.must(201, k.do("POST", "/api/v1/credentials", admin, map[string]any{"email": "s1@univ.example.cn", "track": "app-foundation",
		"evidence": "2026 春 统考 92 分", "orgId": uni})).JSON(t)
	id := cred["id"].(string)
	ev = k.lastEvent(admin, audit.CredentialIssued)
	if ev["targetId"] != id || ev["orgId"] != uni || ev["actorId"] != adminID || detail(ev, "track") != "app-foundation" {
		t.Fatalf("issued: %v", ev)
	}
	for _, step := range []struct{ action, event, to string }{
		{"suspend", audit.CredentialSuspended, "suspended"},
		{"reinstate", audit.CredentialReinstate, "active"},
		{"revoke", audit.CredentialRevoked, "revoked"},
	} {
		k.must(200, k.do("POST", "/api/v1/credentials/"+id+"/status", admin, map[string]any{"action": step.action, "reason": "复核：张三的考试记录有误"}))
		ev = k.lastEvent(admin, step.event)
		if ev["targetId"] != id || detail(ev, "to") != step.to || ev["orgId"] != uni {
			t.Fatalf("%s: %v", step.action, ev)
		}
	}

	// Key rotation as `ohtalent keys rotate` does it.
	kid, err := k.srv.Creds.Keys().Rotate(audit.WithActor(context.Background(), audit.ActorCLI, ""))
	if err != nil {
		t.Fatal(err)
	}
	ev = k.lastEvent(admin, audit.CredentialKeyRotate)
	if ev["targetId"] != kid || ev["actorType"] != "cli" || ev["requestId"] != "" {
		t.Fatalf("key rotation: %v", ev)
	}
	jwtKid, err := k.srv.Auth.RotateSigningKey(audit.WithActor(context.Background(), audit.ActorCLI, ""))
	if err != nil {
		t.Fatal(err)
	}
	if ev = k.lastEvent(admin, audit.TokenKeyRotated); ev["targetId"] != jwtKid || ev["actorType"] != "cli" {
		t.Fatalf("session key rotation: %v", ev)
	}

	// Goals and what counts toward them: the figures the city reports.
	goal := k.must(201, k.do("POST", "/api/v1/goals", admin, map[string]any{"name": "审计目标", "target": 300, "deadline": "2029-12-31",
		"scope": map[string]string{"kind": "city"}})).JSON(t)["id"].(string)
	if ev = k.lastEvent(admin, audit.GoalCreated); ev["targetId"] != goal || detail(ev, "target") != float64(300) {
		t.Fatalf("goal created: %v", ev)
	}
	k.must(200, k.do("PATCH", "/api/v1/goals/"+goal, admin, map[string]any{"target": 400}))
	if ev = k.lastEvent(admin, audit.GoalChanged); ev["targetId"] != goal || detail(ev, "target") != float64(400) {
		t.Fatalf("goal changed: %v", ev)
	}
	k.must(204, k.do("DELETE", "/api/v1/goals/"+goal, admin, nil))
	if ev = k.lastEvent(admin, audit.GoalDeleted); ev["targetId"] != goal {
		t.Fatalf("goal deleted: %v", ev)
	}
	k.must(200, k.do("PUT", "/api/v1/admin/talent-settings", admin, map[string]any{"qualifyingTracks": []string{"app-foundation"}}))
	if ev = k.lastEvent(admin, audit.QualifyingChanged); ev["actorType"] != "user" || len(detail(ev, "qualifyingTracks").([]any)) != 1 {
		t.Fatalf("qualifying tracks changed: %v", ev)
	}

	// Nothing personal anywhere in the log: emails, names, passwords,
	// reasons typed by admins.
	all := k.must(200, k.do("GET", "/api/v1/audit?limit=200", admin, nil))
	for _, secret := range []string{"root@ohtalent.test", "nobody@secret.example.cn", "teacher@audit.example.cn", "s1@univ.example.cn",
		"hunter2", testPassword, "学生1", "张三", "成员"} {
		if strings.Contains(string(all.Body), secret) {
			t.Errorf("the audit log contains %q", secret)
		}
	}
}

// TestAuditEventsCommitWithTheirAction: a refused action leaves no event.
func TestAuditEventsCommitWithTheirAction(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	uni := k.org(admin, "AUDR", "university")
	deanID, dean := k.member(admin, uni, "dean@audit.example.cn", "org_admin")
	before := len(k.auditEvents("/api/v1/audit", admin, url.Values{"action": {"org.member.*"}}))
	// The last admin cannot go: 409, and no "removed" event.
	k.expectProblem(k.do("DELETE", "/api/v1/orgs/"+uni+"/members/"+deanID, dean, nil), 409, "conflict")
	// An import with a bad row writes nothing, its event included.
	co := k.must(201, k.do("POST", "/api/v1/orgs/"+uni+"/cohorts", dean, map[string]any{"name": "坏名单"})).JSON(t)["id"].(string)
	bad := students(0, 2)
	bad[1]["email"] = "not an email"
	k.must(422, k.do("POST", "/api/v1/orgs/"+uni+"/cohorts/"+co+"/imports", dean, map[string]any{"students": bad}))
	if after := len(k.auditEvents("/api/v1/audit", admin, url.Values{"action": {"org.member.*"}})); after != before {
		t.Fatalf("refused member removal logged: %d -> %d events", before, after)
	}
	if n := len(k.auditEvents("/api/v1/audit", admin, url.Values{"action": {audit.RosterImported}})); n != 0 {
		t.Fatalf("a rejected import was logged (%d events)", n)
	}
}

// TestOrgAuditIsScopedToTheOrg: an org admin pages through their own org's
// events and nothing else; the platform log is for platform admins.
func TestOrgAuditIsScopedToTheOrg(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	a := k.org(admin, "AUDA", "university")
	b := k.org(admin, "AUDB", "enterprise")
	_, deanA := k.member(admin, a, "dean-a@audit.example.cn", "org_admin")
	_, deanB := k.member(admin, b, "dean-b@audit.example.cn", "org_admin")
	_, teacherA := k.member(deanA, a, "teacher-a@audit.example.cn", "instructor")
	for i := 0; i < 3; i++ {
		k.member(deanB, b, fmt.Sprintf("hr%d@audit.example.cn", i), "enterprise_verifier")
	}
	evs := k.auditEvents("/api/v1/orgs/"+a+"/audit", deanA, url.Values{"limit": {"1"}})
	if len(evs) != 2 { // the dean and the teacher joining
		t.Fatalf("org A's admin sees %d events, want 2: %v", len(evs), evs)
	}
	for _, ev := range evs {
		if ev["orgId"] != a {
			t.Fatalf("org A's admin sees another org's event: %v", ev)
		}
	}
	k.expectProblem(k.do("GET", "/api/v1/orgs/"+b+"/audit", deanA, nil), 403, "forbidden")
	k.expectProblem(k.do("GET", "/api/v1/orgs/"+a+"/audit", teacherA, nil), 403, "forbidden")
	k.expectProblem(k.do("GET", "/api/v1/audit", deanA, nil), 403, "forbidden")
	k.expectProblem(k.do("GET", "/api/v1/audit", "", nil), 401, "unauthorized")
	if n := len(k.auditEvents("/api/v1/audit", admin, url.Values{"orgId": {b}})); n != 4 {
		t.Fatalf("platform admin sees %d events of org B, want 4", n)
	}
}

// TestAuditFilters: action (exact and prefix), actor, target, time range,
// and clear 422s for filters that cannot match anything.
func TestAuditFilters(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	adminID := k.must(200, k.do("GET", "/api/v1/me", admin, nil)).JSON(t)["id"].(string)
	uni := k.org(admin, "AUDF", "university")
	start := time.Now().UTC().Add(-time.Second)
	m1, _ := k.member(admin, uni, "f1@audit.example.cn", "student")
	k.member(admin, uni, "f2@audit.example.cn", "student")
	k.must(200, k.do("PATCH", "/api/v1/orgs/"+uni+"/members/"+m1, admin, map[string]any{"status": "inactive"}))

	count := func(q url.Values) int { return len(k.auditEvents("/api/v1/audit", admin, q)) }
	if n := count(url.Values{"action": {audit.MemberAdded}}); n != 2 {
		t.Fatalf("action filter: %d", n)
	}
	if n := count(url.Values{"action": {"org.member.*"}, "orgId": {uni}}); n != 3 {
		t.Fatalf("prefix filter: %d", n)
	}
	if n := count(url.Values{"target": {m1}}); n != 2 {
		t.Fatalf("target filter: %d", n)
	}
	if n := count(url.Values{"actor": {adminID}, "action": {"org.*"}}); n != 3 {
		t.Fatalf("actor filter: %d", n)
	}
	if n := count(url.Values{"orgId": {uni}, "since": {start.Format(time.RFC3339Nano)}}); n != 3 {
		t.Fatalf("since: %d", n)
	}
	if n := count(url.Values{"orgId": {uni}, "until": {start.Format(time.RFC3339Nano)}}); n != 0 {
		t.Fatalf("until before the events: %d", n)
	}
	for q, field := range map[string]string{
		"action=org.member.deleted": "action",
		"action=nothing.*":          "action",
		"since=yesterday":           "since",
		"since=2026-03-02T00:00:00Z&until=2026-03-01T00:00:00Z": "until",
		"actor=" + strings.Repeat("x", 65):                      "actor",
		"cursor=@@@@":                                           "cursor",
	} {
		p := k.expectProblem(k.do("GET", "/api/v1/audit?"+q, admin, nil), 422, "validation")
		if !strings.Contains(fmt.Sprint(p["errors"]), field) {
			t.Errorf("%s: errors do not name %s: %v", q, field, p["errors"])
		}
	}
}

// TestAuditLogRecordsTrainingActions performs each audited training action
// through the API as the role that may, and checks its event: the org it
// belongs to, the user who acted, the target, and details made of ids,
// counts, states and field names only. An admin of another org sees none.
func TestAuditLogRecordsTrainingActions(t *testing.T) {
	w := newTrainingWorld(t)
	k := w.k
	userID := func(token string) string {
		return k.must(200, k.do("GET", "/api/v1/me", token, nil)).JSON(t)["id"].(string)
	}
	expect := func(action, orgID, actor, targetType, targetID string) map[string]any {
		t.Helper()
		ev := k.lastEvent(w.admin, action)
		if ev["orgId"] != orgID || ev["actorType"] != "user" || ev["actorId"] != actor || ev["targetType"] != targetType || ev["targetId"] != targetID {
			t.Fatalf("%s: got %v, want org %s, user %s, %s %s", action, ev, orgID, actor, targetType, targetID)
		}
		return ev
	}
	fields := func(ev map[string]any) string { return fmt.Sprint(detail(ev, "fields")) }
	entAdminID, hrID, uniAdminID := userID(w.entAdmin), userID(w.hr), userID(w.uniAdmin)

	// The order newTrainingWorld placed.
	ev := expect(audit.OrderCreated, w.ent, entAdminID, "training_order", w.order)
	if detail(ev, "headcount") != 2.0 || detail(ev, "partners") != 1.0 || fmt.Sprint(detail(ev, "tracks")) != "[app-foundation]" || detail(ev, "status") != "open" {
		t.Fatalf("order created details: %v", ev["details"])
	}
	// Only fields whose value changes are named; the title is resent as is.
	k.must(200, k.do("PATCH", w.orderPath, w.entAdmin, map[string]any{"title": "鸿蒙应用开发工程师", "headcount": 3, "notes": "江北嘴 onsite 保密"}))
	ev = expect(audit.OrderChanged, w.ent, entAdminID, "training_order", w.order)
	if fields(ev) != "[headcount notes]" || detail(ev, "from") != nil {
		t.Fatalf("order changed details: %v", ev["details"])
	}

	// The school answers: its event, the order as target, no note.
	k.must(200, k.do("POST", w.partnerPath+"/response", w.uniAdmin, map[string]any{"decision": "accept", "note": "可以承接 2 名"}))
	ev = expect(audit.PartnerResponded, w.uni, uniAdminID, "training_order", w.order)
	if detail(ev, "response") != "accepted" || detail(ev, "previous") != "invited" || detail(ev, "orderOrgId") != w.ent {
		t.Fatalf("partner responded details: %v", ev["details"])
	}

	// A hire, confirmed by HR: the placement is the target.
	k.must(201, k.do("POST", w.partnerPath+"/cohorts", w.teacher, map[string]any{"cohortId": w.cohort}))
	cred := w.issue(t, 0)
	k.must(201, k.do("POST", "/api/v1/me/consents", w.studentTokens[0], map[string]any{"orderId": w.order, "shareEmail": true}))
	placed := k.must(201, k.do("POST", w.orderPath+"/hires", w.hr, map[string]any{"userId": w.studentIDs[0], "credentialId": cred,
		"startDate": time.Now().AddDate(0, 1, 0).Format(time.DateOnly)})).JSON(t)
	ev = expect(audit.HireConfirmed, w.ent, hrID, "placement", placed["id"].(string))
	if detail(ev, "orderId") != w.order || detail(ev, "track") != "app-foundation" {
		t.Fatalf("hire confirmed details: %v", ev["details"])
	}

	// Closing the order is a status move.
	k.must(200, k.do("PATCH", w.orderPath, w.entAdmin, map[string]any{"status": "closed"}))
	ev = expect(audit.OrderChanged, w.ent, entAdminID, "training_order", w.order)
	if fields(ev) != "[status]" || detail(ev, "from") != "open" || detail(ev, "to") != "closed" {
		t.Fatalf("order closed details: %v", ev["details"])
	}

	// Events: created, then changed and cancelled in one request.
	start := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	evt := k.must(201, k.do("POST", "/api/v1/orgs/"+w.uni+"/events", w.uniAdmin, map[string]any{"kind": "salon", "title": "鸿蒙技术沙龙",
		"place": "重庆大学 A 楼", "startsAt": start.Format(time.RFC3339), "endsAt": start.Add(2 * time.Hour).Format(time.RFC3339), "capacity": 30})).JSON(t)
	eventID := evt["id"].(string)
	ev = expect(audit.EventCreated, w.uni, uniAdminID, "training_event", eventID)
	if detail(ev, "kind") != "salon" || detail(ev, "capacity") != 30.0 || detail(ev, "status") != "scheduled" {
		t.Fatalf("event created details: %v", ev["details"])
	}
	eventPath := "/api/v1/orgs/" + w.uni + "/events/" + eventID
	k.must(200, k.do("PATCH", eventPath, w.uniAdmin, map[string]any{"place": "重庆大学 B 楼", "capacity": 30, "status": "cancelled"}))
	ev = expect(audit.EventChanged, w.uni, uniAdminID, "training_event", eventID)
	if fields(ev) != "[place status]" || detail(ev, "from") != "scheduled" || detail(ev, "to") != "cancelled" {
		t.Fatalf("event changed details: %v", ev["details"])
	}
	// A refused change leaves no event.
	before := len(k.auditEvents("/api/v1/audit", w.admin, url.Values{"action": {audit.EventChanged}}))
	k.expectProblem(k.do("PATCH", eventPath, w.uniAdmin, map[string]any{"capacity": 40}), 409, "conflict")
	if after := len(k.auditEvents("/api/v1/audit", w.admin, url.Values{"action": {audit.EventChanged}})); after != before {
		t.Fatalf("a refused event change was logged: %d -> %d", before, after)
	}

	// No personal data or free text in any training event.
	all := k.auditEvents("/api/v1/audit", w.admin, url.Values{"action": {"training.*"}})
	if len(all) != 7 {
		t.Fatalf("%d training events, want 7: %v", len(all), all)
	}
	raw := string(mustJSON(t, all))
	for _, secret := range []string{w.studentEmails[0], "小明", "@", "可以承接", "保密", "鸿蒙", "重庆大学", "成员 "} {
		if strings.Contains(raw, secret) {
			t.Errorf("the training events contain %q", secret)
		}
	}

	// Each org's admins see their own training events; another org's
	// admins see none of them and cannot read these orgs' logs.
	for org, token := range map[string]string{w.ent: w.entAdmin, w.uni: w.uniAdmin} {
		for _, e := range k.auditEvents("/api/v1/orgs/"+org+"/audit", token, url.Values{"action": {"training.*"}}) {
			if e["orgId"] != org {
				t.Fatalf("org %s's log shows %v", org, e)
			}
		}
	}
	if n := len(k.auditEvents("/api/v1/orgs/"+w.ent+"/audit", w.entAdmin, url.Values{"action": {"training.*"}})); n != 4 {
		t.Fatalf("the enterprise sees %d training events, want 4", n)
	}
	for org, token := range map[string]string{w.otherEnt: w.otherEntAdmin, w.otherUni: w.otherUniAdm} {
		if evs := k.auditEvents("/api/v1/orgs/"+org+"/audit", token, url.Values{"action": {"training.*"}}); len(evs) != 0 {
			t.Fatalf("another org's admin sees training events: %v", evs)
		}
		k.expectProblem(k.do("GET", "/api/v1/orgs/"+w.ent+"/audit", token, nil), 403, "forbidden")
		k.expectProblem(k.do("GET", "/api/v1/orgs/"+w.uni+"/audit", token, nil), 403, "forbidden")
	}
}

// TestOpenAPIListsAuditActions: the AuditEvent action enum of the API
// document is audit.Actions, in its order (the console's list is checked
// against the document by frontend/unit/audit.test.ts).
func TestOpenAPIListsAuditActions(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas struct {
				AuditEvent struct {
					Properties struct {
						Action struct {
							Enum []string `yaml:"enum"`
						} `yaml:"action"`
					} `yaml:"properties"`
				} `yaml:"AuditEvent"`
			} `yaml:"schemas"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(api.OpenAPI, &doc); err != nil {
		t.Fatal(err)
	}
	if got := doc.Components.Schemas.AuditEvent.Properties.Action.Enum; !slices.Equal(got, audit.Actions) {
		t.Fatalf("AuditEvent action enum\n %v\nwant audit.Actions\n %v", got, audit.Actions)
	}
}

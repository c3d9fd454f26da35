package server

import (
	"fmt"
	"testing"
)

func TestOrgLifecycleAndMembers(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	uni := k.org(admin, "cqu-demo", "university")
	got := k.must(200, k.do("GET", "/api/v1/orgs/"+uni, "", nil)).JSON(t)
	if got["code"] != "CQU-DEMO" || got["kind"] != "university" || got["district"] != "yubei" {
		t.Fatalf("org: %v", got)
	}
	k.expectProblem(k.do("POST", "/api/v1/orgs", admin, map[string]any{"code": "CQU-DEMO", "kind": "university", "name": map[string]string{"zh": "重复"}}), 409, "conflict")
	p := k.expectProblem(k.do("POST", "/api/v1/orgs", admin, map[string]any{"code": "x", "kind": "school", "name": map[string]string{"zh": ""}, "district": "atlantis"}), 422, "validation")
	if n := len(p["errors"].([]any)); n != 4 {
		t.Fatalf("want 4 field errors (code, kind, name.zh, district), got %d: %v", n, p["errors"])
	}

	orgAdminID, orgAdmin := k.member(admin, uni, "dean@cqu.example.cn", "org_admin")
	// An org admin adds an existing account and a new one.
	k.user("already@example.cn", "已注册")
	k.must(201, k.do("POST", "/api/v1/orgs/"+uni+"/members", orgAdmin, map[string]any{"email": "ALREADY@example.cn", "role": "student"}))
	k.expectProblem(k.do("POST", "/api/v1/orgs/"+uni+"/members", orgAdmin, map[string]any{"email": "already@example.cn", "role": "student"}), 409, "conflict")
	p = k.expectProblem(k.do("POST", "/api/v1/orgs/"+uni+"/members", orgAdmin, map[string]any{"email": "new@example.cn", "role": "student"}), 422, "validation")
	if len(p["errors"].([]any)) != 2 {
		t.Fatalf("a new person needs displayName and initialPassword: %v", p["errors"])
	}
	k.member(orgAdmin, uni, "teacher@cqu.example.cn", "instructor")

	// Pagination walks every member exactly once.
	for i := 0; i < 5; i++ {
		k.member(orgAdmin, uni, fmt.Sprintf("s%d@cqu.example.cn", i), "student")
	}
	seen := map[string]bool{}
	cursor := ""
	for pages := 0; pages < 10; pages++ {
		path := "/api/v1/orgs/" + uni + "/members?limit=3"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		page := k.must(200, k.do("GET", path, orgAdmin, nil)).JSON(t)
		for _, it := range page["items"].([]any) {
			id := it.(map[string]any)["id"].(string)
			if seen[id] {
				t.Fatalf("member %s listed twice", id)
			}
			seen[id] = true
		}
		if page["nextCursor"] == nil {
			break
		}
		cursor = page["nextCursor"].(string)
	}
	if len(seen) != 8 {
		t.Fatalf("listed %d members, want 8", len(seen))
	}
	k.expectProblem(k.do("GET", "/api/v1/orgs/"+uni+"/members?limit=0", orgAdmin, nil), 422, "validation")
	k.expectProblem(k.do("GET", "/api/v1/orgs/"+uni+"/members?cursor=!!!", orgAdmin, nil), 422, "validation")
	students := k.must(200, k.do("GET", "/api/v1/orgs/"+uni+"/members?role=student&limit=200", orgAdmin, nil)).JSON(t)
	if n := len(students["items"].([]any)); n != 6 {
		t.Fatalf("role filter: %d students, want 6", n)
	}

	// The last admin cannot demote or remove themselves.
	k.expectProblem(k.do("PATCH", "/api/v1/orgs/"+uni+"/members/"+orgAdminID, orgAdmin, map[string]any{"role": "student"}), 409, "conflict")
	k.expectProblem(k.do("DELETE", "/api/v1/orgs/"+uni+"/members/"+orgAdminID, orgAdmin, nil), 409, "conflict")

	// Deactivating a member takes their role away at once.
	tID, tTok := k.member(orgAdmin, uni, "leaving@cqu.example.cn", "instructor")
	k.must(200, k.do("GET", "/api/v1/orgs/"+uni+"/members", tTok, nil))
	k.must(200, k.do("PATCH", "/api/v1/orgs/"+uni+"/members/"+tID, orgAdmin, map[string]any{"status": "inactive"}))
	k.expectProblem(k.do("GET", "/api/v1/orgs/"+uni+"/members", tTok, nil), 403, "forbidden")
	k.must(204, k.do("DELETE", "/api/v1/orgs/"+uni+"/members/"+tID, orgAdmin, nil))
	k.expectProblem(k.do("DELETE", "/api/v1/orgs/"+uni+"/members/"+tID, orgAdmin, nil), 404, "not-found")

	// An org admin edits their own org.
	upd := k.must(200, k.do("PATCH", "/api/v1/orgs/"+uni, orgAdmin, map[string]any{"name": map[string]string{"zh": "重庆示范大学", "en": "Demo University"}})).JSON(t)
	if upd["name"].(map[string]any)["zh"] != "重庆示范大学" {
		t.Fatalf("rename: %v", upd)
	}
	me := k.must(200, k.do("GET", "/api/v1/me", orgAdmin, nil)).JSON(t)
	ms := me["memberships"].([]any)
	if len(ms) != 1 || ms[0].(map[string]any)["role"] != "org_admin" || ms[0].(map[string]any)["orgCode"] != "CQU-DEMO" {
		t.Fatalf("memberships in /me: %v", ms)
	}
}

func TestOnePersonInSeveralOrgs(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	uni := k.org(admin, "UNI-A", "university")
	ent := k.org(admin, "ENT-B", "enterprise")
	_, uniAdmin := k.member(admin, uni, "a@uni.example.cn", "org_admin")
	_, entAdmin := k.member(admin, ent, "b@ent.example.cn", "org_admin")
	_, tok := k.member(uniAdmin, uni, "grad@example.cn", "student")
	k.must(201, k.do("POST", "/api/v1/orgs/"+ent+"/members", entAdmin, map[string]any{"email": "grad@example.cn", "role": "enterprise_verifier"}))
	me := k.must(200, k.do("GET", "/api/v1/me", tok, nil)).JSON(t)
	if n := len(me["memberships"].([]any)); n != 2 {
		t.Fatalf("graduate has %d memberships, want 2", n)
	}
}

func TestConsortiums(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	ent := k.org(admin, "LEAD", "enterprise")
	uni := k.org(admin, "UNI", "university")
	col := k.org(admin, "COL", "vocational_college")
	x := k.must(201, k.do("POST", "/api/v1/consortiums", admin, map[string]any{
		"code": "cq-alliance", "name": map[string]string{"zh": "产教联合体"}, "leadOrgId": ent, "memberOrgIds": []string{uni, uni}})).JSON(t)
	id := x["id"].(string)
	if len(x["members"].([]any)) != 2 || x["code"] != "CQ-ALLIANCE" {
		t.Fatalf("consortium: %v", x)
	}
	k.expectProblem(k.do("POST", "/api/v1/consortiums", admin, map[string]any{
		"code": "other", "name": map[string]string{"zh": "x"}, "leadOrgId": "missing"}), 422, "validation")
	k.must(201, k.do("POST", "/api/v1/consortiums/"+id+"/members", admin, map[string]any{"orgId": col}))
	k.expectProblem(k.do("POST", "/api/v1/consortiums/"+id+"/members", admin, map[string]any{"orgId": col}), 409, "conflict")
	k.expectProblem(k.do("DELETE", "/api/v1/consortiums/"+id+"/members/"+ent, admin, nil), 409, "conflict")
	k.must(204, k.do("DELETE", "/api/v1/consortiums/"+id+"/members/"+col, admin, nil))
	moved := k.must(200, k.do("PATCH", "/api/v1/consortiums/"+id, admin, map[string]any{"leadOrgId": col})).JSON(t)
	if moved["leadOrgId"] != col || len(moved["members"].([]any)) != 3 {
		t.Fatalf("new lead must join the members: %v", moved)
	}
	list := k.must(200, k.do("GET", "/api/v1/consortiums", "", nil)).JSON(t)
	if len(list["items"].([]any)) != 1 {
		t.Fatalf("list: %v", list)
	}
	_, student := k.member(admin, uni, "s@uni.example.cn", "student")
	k.expectProblem(k.do("POST", "/api/v1/consortiums", student, map[string]any{"code": "X1", "name": map[string]string{"zh": "x"}, "leadOrgId": uni}), 403, "forbidden")
}

func TestIdempotencyKeyReplaysWrites(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	body := map[string]any{"code": "IDEM", "kind": "enterprise", "name": map[string]string{"zh": "幂等"}}
	a := k.must(201, k.do("POST", "/api/v1/orgs", admin, body, "Idempotency-Key", "key-1"))
	b := k.must(201, k.do("POST", "/api/v1/orgs", admin, body, "Idempotency-Key", "key-1"))
	if a.JSON(t)["id"] != b.JSON(t)["id"] || b.Header.Get("Idempotency-Replayed") != "true" {
		t.Fatalf("retry was not replayed: %s / %s", a.Body, b.Body)
	}
	body["code"] = "IDEM2"
	k.expectProblem(k.do("POST", "/api/v1/orgs", admin, body, "Idempotency-Key", "key-1"), 422, "idempotency-key-reused")
	// A failed request does not burn the key.
	k.expectProblem(k.do("POST", "/api/v1/orgs", admin, map[string]any{"code": "!"}, "Idempotency-Key", "key-2"), 422, "validation")
	k.must(201, k.do("POST", "/api/v1/orgs", admin, body, "Idempotency-Key", "key-2"))
}

func TestIdempotencyNeverStoresSecretsAndKeepsLocation(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	body := map[string]any{"name": "lab-02", "kinds": []string{"hvigor"}}
	k.must(201, k.do("POST", "/api/v1/admin/runners", admin, body, "Idempotency-Key", "runner-key"))
	var n int64
	k.srv.DB.R.Table("idempotency_keys").Where("idem_key = ?", "runner-key").Count(&n)
	if n != 0 {
		t.Fatal("a response holding a runner token was stored for replay")
	}
	org := map[string]any{"code": "LOC", "kind": "enterprise", "name": map[string]string{"zh": "位置"}}
	a := k.must(201, k.do("POST", "/api/v1/orgs", admin, org, "Idempotency-Key", "loc-key"))
	b := k.must(201, k.do("POST", "/api/v1/orgs", admin, org, "Idempotency-Key", "loc-key"))
	if a.Header.Get("Location") == "" || b.Header.Get("Location") != a.Header.Get("Location") {
		t.Fatalf("replay lost Location: %q vs %q", a.Header.Get("Location"), b.Header.Get("Location"))
	}
}

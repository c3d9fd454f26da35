package server

import (
	"fmt"
	"strings"
	"testing"
)

func students(from, n int) []map[string]any {
	var out []map[string]any
	for i := from; i < from+n; i++ {
		out = append(out, map[string]any{"studentNumber": fmt.Sprintf("2026%04d", i), "name": fmt.Sprintf("学生%d", i),
			"email": fmt.Sprintf("s%d@univ.example.cn", i)})
	}
	return out
}

func counts(t *testing.T, rep map[string]any) string {
	t.Helper()
	c := rep["counts"].(map[string]any)
	return fmt.Sprintf("c%v u%v n%v d%v r%v", c["created"], c["updated"], c["unchanged"], c["deactivated"], c["rejected"])
}

func TestRosterImportSemantics(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	uni := k.org(admin, "UNI", "university")
	_, teacher := k.member(admin, uni, "t@univ.example.cn", "instructor")
	co := k.must(201, k.do("POST", "/api/v1/orgs/"+uni+"/cohorts", teacher, map[string]any{
		"name": "2026 秋 鸿蒙 1 班", "term": "2026-autumn", "tracks": []string{"app-foundation"}})).JSON(t)
	path := "/api/v1/orgs/" + uni + "/cohorts/" + co["id"].(string) + "/imports"

	// Dry run: the full report, nothing written.
	rep := k.must(200, k.do("POST", path+"?dryRun=true", teacher, map[string]any{"students": students(0, 5)})).JSON(t)
	if counts(t, rep) != "c5 u0 n0 d0 r0" || rep["applied"] != false {
		t.Fatalf("dry run: %s %v", counts(t, rep), rep)
	}
	var n int64
	k.srv.DB.R.Table("cohort_members").Count(&n)
	if n != 0 {
		t.Fatalf("dry run wrote %d members", n)
	}
	rep = k.must(200, k.do("POST", path, teacher, map[string]any{"students": students(0, 5)}, "Idempotency-Key", "roster-1")).JSON(t)
	if counts(t, rep) != "c5 u0 n0 d0 r0" || rep["applied"] != true {
		t.Fatalf("import: %s", counts(t, rep))
	}
	// A retried request returns the first result, not a second import.
	again := k.must(200, k.do("POST", path, teacher, map[string]any{"students": students(0, 5)}, "Idempotency-Key", "roster-1"))
	if again.Header.Get("Idempotency-Replayed") != "true" || counts(t, again.JSON(t)) != "c5 u0 n0 d0 r0" {
		t.Fatalf("retry: %s", again.Body)
	}
	// Same roster again: unchanged. A renamed student: updated.
	next := students(0, 5)
	next[1]["name"] = "改名的学生"
	rep = k.must(200, k.do("POST", path, teacher, map[string]any{"students": next})).JSON(t)
	if counts(t, rep) != "c0 u1 n4 d0 r0" {
		t.Fatalf("re-import: %s", counts(t, rep))
	}
	// Sync with a shorter roster deactivates the missing, never deletes.
	rep = k.must(200, k.do("POST", path+"?mode=sync", teacher, map[string]any{"students": students(0, 3)})).JSON(t)
	if counts(t, rep) != "c0 u1 n2 d2 r0" { // student 1 gets the old name back
		t.Fatalf("sync: %s", counts(t, rep))
	}
	list := k.must(200, k.do("GET", "/api/v1/orgs/"+uni+"/cohorts", teacher, nil)).JSON(t)["items"].([]any)
	if c0 := list[0].(map[string]any); c0["activeMembers"].(float64) != 3 || len(c0["tracks"].([]any)) != 1 {
		t.Fatalf("cohort list after sync: %v", c0)
	}
	members := k.must(200, k.do("GET", "/api/v1/orgs/"+uni+"/cohorts/"+co["id"].(string)+"/members", teacher, nil)).JSON(t)
	if len(members["items"].([]any)) != 5 {
		t.Fatalf("members after sync: %v", members)
	}
	// Imported students are enrolled in the cohort's tracks and cannot log
	// in before activation (and get no hint that they exist).
	var enrolled int64
	k.srv.DB.R.Table("enrollments").Where("track_slug = ?", "app-foundation").Count(&enrolled)
	if enrolled != 5 {
		t.Fatalf("%d enrollments, want 5", enrolled)
	}
	k.expectProblem(k.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "s0@univ.example.cn", "password": "anything at all"}), 401, "invalid-credentials")
}

func TestRosterImportIsAllOrNothing(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	path := importPath(t, k, admin)
	rows := students(0, 6)
	rows[2]["email"] = "not-an-email"
	rows[3]["studentNumber"] = rows[0]["studentNumber"]
	rows[4]["name"] = ""
	rows[5]["idCard"] = "110101199003071234"
	rep := k.must(422, k.do("POST", path, admin, map[string]any{"students": rows})).JSON(t)
	want := map[string]bool{"3:email:invalid_email": true, "4:studentNumber:duplicate_student_number": true, "5:name:required": true, "6:idCard:id_card_checksum": true}
	for _, p := range rep["rejected"].([]any) {
		pr := p.(map[string]any)
		key := fmt.Sprintf("%v:%v:%v", pr["row"], pr["column"], pr["code"])
		if !want[key] || pr["messageZh"] == "" || pr["messageEn"] == "" {
			t.Errorf("unexpected problem %v", pr)
		}
		delete(want, key)
	}
	if len(want) > 0 {
		t.Fatalf("problems not reported: %v", want)
	}
	var n int64
	k.srv.DB.R.Table("users").Where("email LIKE ?", "%univ.example.cn").Count(&n)
	if n != 0 || rep["applied"] != false {
		t.Fatalf("a rejected import wrote %d users", n)
	}
}

func TestOnePersonAcrossOrgsAndIDCardMatching(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	a := k.org(admin, "UNI-A", "university")
	b := k.org(admin, "COL-B", "vocational_college")
	coA := k.must(201, k.do("POST", "/api/v1/orgs/"+a+"/cohorts", admin, map[string]any{"name": "A"})).JSON(t)["id"].(string)
	coB := k.must(201, k.do("POST", "/api/v1/orgs/"+b+"/cohorts", admin, map[string]any{"name": "B"})).JSON(t)["id"].(string)
	const idCard = "11010519491231002X" // a valid check digit
	k.must(200, k.do("POST", "/api/v1/orgs/"+a+"/cohorts/"+coA+"/imports", admin, map[string]any{"students": []map[string]any{
		{"studentNumber": "A1", "name": "同一人", "email": "same@example.cn", "idCard": idCard}}}))
	// The college knows the same person by another email but the same ID.
	rep := k.must(200, k.do("POST", "/api/v1/orgs/"+b+"/cohorts/"+coB+"/imports", admin, map[string]any{"students": []map[string]any{
		{"studentNumber": "B9", "name": "同一人", "email": "same@example.cn"}}})).JSON(t)
	if counts(t, rep) != "c0 u1 n0 d0 r0" {
		t.Fatalf("same email in a second org: %s", counts(t, rep))
	}
	var users, stored int64
	k.srv.DB.R.Table("users").Where("email = ?", "same@example.cn").Count(&users)
	k.srv.DB.R.Table("users").Where("id_card_hash = ?", idCard).Count(&stored)
	if users != 1 || stored != 0 {
		t.Fatalf("one person should be one user (%d), and the ID number never stored in clear (%d)", users, stored)
	}
}

func TestCohortsAreOrgScoped(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	a := k.org(admin, "UNI-A", "university")
	b := k.org(admin, "UNI-B", "university")
	_, adminB := k.member(admin, b, "b@b.example.cn", "org_admin")
	coA := k.must(201, k.do("POST", "/api/v1/orgs/"+a+"/cohorts", admin, map[string]any{"name": "A"})).JSON(t)["id"].(string)
	// Org B's admin naming their own org with org A's cohort id.
	k.expectProblem(k.do("GET", "/api/v1/orgs/"+b+"/cohorts/"+coA, adminB, nil), 404, "not-found")
	k.expectProblem(k.do("POST", "/api/v1/orgs/"+b+"/cohorts/"+coA+"/imports", adminB, map[string]any{"students": students(0, 1)}), 404, "not-found")
	k.expectProblem(k.do("POST", "/api/v1/orgs/"+a+"/cohorts", adminB, map[string]any{"name": "x"}), 403, "forbidden")
	k.expectProblem(k.do("POST", "/api/v1/orgs/"+a+"/cohorts", admin, map[string]any{"name": "A"}), 409, "conflict")
	k.expectProblem(k.do("POST", "/api/v1/orgs/"+a+"/cohorts", admin, map[string]any{"name": "", "tracks": []string{"nope"}}), 422, "validation")
}

func TestImportedStudentsActivateWithOneTimeLinks(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	uni := k.org(admin, "UNI", "university")
	_, orgAdmin := k.member(admin, uni, "dean@univ.example.cn", "org_admin")
	_, teacher := k.member(orgAdmin, uni, "t@univ.example.cn", "instructor")
	co := k.must(201, k.do("POST", "/api/v1/orgs/"+uni+"/cohorts", orgAdmin, map[string]any{"name": "A"})).JSON(t)["id"].(string)
	base := "/api/v1/orgs/" + uni + "/cohorts/" + co
	rows := students(0, 2)
	rows[1]["name"] = "=HYPERLINK(\"http://evil\")"
	k.must(200, k.do("POST", base+"/imports", orgAdmin, map[string]any{"students": rows}))
	k.expectProblem(k.do("POST", base+"/activation-links", teacher, nil), 403, "forbidden")
	r := k.must(200, k.do("POST", base+"/activation-links", orgAdmin, nil, "Idempotency-Key", "links-1"))
	links := r.JSON(t)["items"].([]any)
	if len(links) != 2 || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("links: %s", r.Body)
	}
	url := links[0].(map[string]any)["url"].(string)
	token := url[strings.Index(url, "token=")+6:]
	k.expectProblem(k.do("POST", "/api/v1/auth/activate", "", map[string]any{"token": token, "password": "short"}), 422, "validation")
	k.must(204, k.do("POST", "/api/v1/auth/activate", "", map[string]any{"token": token, "password": "my own password 1"}))
	k.expectProblem(k.do("POST", "/api/v1/auth/activate", "", map[string]any{"token": token, "password": "my own password 2"}), 400, "invalid-activation")
	k.must(200, k.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "s0@univ.example.cn", "password": "my own password 1"}))
	// The CSV for mail merge: only the student still to activate, formula-safe.
	csvBody := string(k.must(200, k.do("POST", base+"/activation-links?format=csv", orgAdmin, nil)).Body)
	if strings.Count(csvBody, "/activate?token=") != 1 || !strings.Contains(csvBody, "'=HYPERLINK") {
		t.Fatalf("csv: %s", csvBody)
	}
}

func TestCohortProgressExport(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	uni := k.org(admin, "UNI", "university")
	co := k.must(201, k.do("POST", "/api/v1/orgs/"+uni+"/cohorts", admin, map[string]any{"name": "A", "tracks": []string{"industry-scenarios"}})).JSON(t)["id"].(string)
	base := "/api/v1/orgs/" + uni + "/cohorts/" + co
	rows := students(0, 2)
	rows[1]["name"] = "+SUM(A1:A9)"
	k.must(200, k.do("POST", base+"/imports", admin, map[string]any{"students": rows}))
	// Student 0 activates and passes one lab.
	links := k.must(200, k.do("POST", base+"/activation-links", admin, nil)).JSON(t)["items"].([]any)
	url := links[0].(map[string]any)["url"].(string)
	k.must(204, k.do("POST", "/api/v1/auth/activate", "", map[string]any{"token": url[strings.Index(url, "token=")+6:], "password": testPassword}))
	tok := k.login("s0@univ.example.cn")
	lab := k.srv.Catalog.Catalog().LabBySlug("modbus-rtu-lab")
	k.must(201, submitFiles(k, tok, lab.Slug, lab.Solution, ""))
	pr := k.do("GET", base+"/progress", admin, nil)
	if pr.Status != 200 {
		k.dumpErrors()
	}
	p := k.must(200, pr).JSON(t)["items"].([]any)
	first := p[0].(map[string]any)["tracks"].([]any)[0].(map[string]any)
	if len(p) != 2 || first["labsPassed"].(float64) != 1 || first["labsRequired"].(float64) != 8 {
		t.Fatalf("progress: %v", p)
	}
	csvBody := string(k.must(200, k.do("GET", base+"/progress?format=csv", admin, nil)).Body)
	if !strings.Contains(csvBody, "1/8") || !strings.Contains(csvBody, "'+SUM") {
		t.Fatalf("csv: %s", csvBody)
	}
	x := k.must(200, k.do("GET", base+"/progress?format=xlsx", admin, nil))
	if !strings.HasPrefix(string(x.Body), "PK") {
		t.Fatal("xlsx is not a zip")
	}
	k.expectProblem(k.do("GET", base+"/progress?format=pdf", admin, nil), 422, "validation")
}

func TestDryRunThenImportWithOneIdempotencyKey(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	uni := k.org(admin, "UNI", "university")
	co := k.must(201, k.do("POST", "/api/v1/orgs/"+uni+"/cohorts", admin, map[string]any{"name": "A"})).JSON(t)["id"].(string)
	path := "/api/v1/orgs/" + uni + "/cohorts/" + co + "/imports"
	body := map[string]any{"students": students(0, 2)}
	k.must(200, k.do("POST", path+"?dryRun=true", admin, body, "Idempotency-Key", "same"))
	// The real import is a different request (the query differs), so the
	// reused key is refused rather than replaying the dry run's report.
	k.expectProblem(k.do("POST", path, admin, body, "Idempotency-Key", "same"), 422, "idempotency-key-reused")
	if rep := k.must(200, k.do("POST", path, admin, body, "Idempotency-Key", "fresh")).JSON(t); rep["applied"] != true {
		t.Fatalf("real import: %v", rep)
	}
}

// TestRowsThatResolveToOnePersonAreRejected: conflicts that only show when
// rows are matched against stored accounts are found before anything is
// written, so the report names the row and the import writes nothing.
func TestRowsThatResolveToOnePersonAreRejected(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	path := importPath(t, k, admin)
	const idCard, otherIDCard = "11010519491231002X", "110101199003071233"
	first := students(0, 2)
	first[0]["idCard"] = idCard
	k.must(200, k.do("POST", path, admin, map[string]any{"students": first}))

	// Row 2 is a new number and email with student 0's ID card: the same
	// person as row 1 under two numbers in one file.
	rows := students(0, 1)
	second := students(9, 1)
	second[0]["idCard"] = idCard
	rows = append(rows, second...)
	rows = append(rows, students(5, 1)...)
	// Rows 4 and 5 are new people sharing one ID card number.
	twins := students(7, 2)
	twins[0]["idCard"], twins[1]["idCard"] = otherIDCard, otherIDCard
	rows = append(rows, twins...)
	rep := k.must(422, k.do("POST", path, admin, map[string]any{"students": rows})).JSON(t)
	got := map[string]bool{}
	for _, p := range rep["rejected"].([]any) {
		pr := p.(map[string]any)
		got[fmt.Sprintf("%v:%v:%v", pr["row"], pr["column"], pr["code"])] = true
	}
	if len(got) != 2 || !got["2:idCard:conflict"] || !got["5:idCard:conflict"] {
		t.Fatalf("rejected rows: %v", rep["rejected"])
	}
	var n int64
	k.srv.DB.R.Table("users").Where("email IN ?", []string{"s5@univ.example.cn", "s7@univ.example.cn", "s9@univ.example.cn"}).Count(&n)
	if n != 0 {
		t.Fatalf("a rejected import wrote %d users", n)
	}
}

// TestAnEmailGivenUpCanBeTakenInTheSameRoster: student 0 moves to a new
// address and a new student arrives with the old one, in one file.
func TestAnEmailGivenUpCanBeTakenInTheSameRoster(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	path := importPath(t, k, admin)
	k.must(200, k.do("POST", path, admin, map[string]any{"students": students(0, 1)}))
	rows := students(0, 2)
	rows[0]["email"] = "moved@univ.example.cn"
	rows[1]["email"] = "s0@univ.example.cn"
	rep := k.must(200, k.do("POST", path, admin, map[string]any{"students": rows})).JSON(t)
	if counts(t, rep) != "c1 u1 n0 d0 r0" {
		t.Fatalf("handover: %s %v", counts(t, rep), rep["rejected"])
	}
}

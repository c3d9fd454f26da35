package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sampleBundle zips testdata/oneroster-1.2-sample, with an optional edit
// to one of its files.
func sampleBundle(t *testing.T, edit func(name, content string) string) string {
	t.Helper()
	dir := filepath.Join("testdata", "oneroster-1.2-sample")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".csv") {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		content := string(raw)
		if edit != nil {
			content = edit(e.Name(), content)
		}
		files[e.Name()] = content
	}
	return zipOf(t, files)
}

// TestOneRosterSampleMapsClassesOntoCohorts imports a bundle built from
// the OneRoster 1.2 CSV binding's column lists: each class becomes a
// cohort found again by its sourcedId, students join their classes'
// cohorts, teachers and parents are not imported as students, and a later
// export in sync mode deactivates a dropped enrollment.
func TestOneRosterSampleMapsClassesOntoCohorts(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	uni := k.org(admin, "SUT", "university")
	path := "/api/v1/orgs/" + uni + "/oneroster-imports"

	dry := k.must(200, k.do("POST", path+"?dryRun=true", admin, sampleBundle(t, nil), "Content-Type", "application/zip")).JSON(t)
	if dry["applied"] != false || len(dry["classes"].([]any)) != 3 {
		t.Fatalf("dry run: %v", dry)
	}
	var n int64
	k.srv.DB.R.Table("cohorts").Count(&n)
	if n != 0 {
		t.Fatalf("a dry run created %d cohorts", n)
	}

	rep := k.must(200, k.do("POST", path, admin, sampleBundle(t, nil), "Content-Type", "application/zip")).JSON(t)
	if rep["applied"] != true || counts(t, rep) != "c6 u1 n0 d0 r0" { // 张明 is in two classes: created, then joins
		t.Fatalf("import: %s %v", counts(t, rep), rep)
	}
	want := map[string]int{"鸿蒙应用开发 1 班": 2, "鸿蒙应用开发 2 班": 2, "鸿蒙设备开发 1 班": 3}
	cohorts := k.must(200, k.do("GET", "/api/v1/orgs/"+uni+"/cohorts", admin, nil)).JSON(t)["items"].([]any)
	if len(cohorts) != 3 {
		t.Fatalf("cohorts: %v", cohorts)
	}
	for _, c := range cohorts {
		co := c.(map[string]any)
		if int(co["activeMembers"].(float64)) != want[co["name"].(string)] || !strings.HasPrefix(co["externalId"].(string), "class-") {
			t.Errorf("cohort %v: want %d members", co, want[co["name"].(string)])
		}
	}
	for _, class := range rep["classes"].([]any) {
		if cl := class.(map[string]any); cl["cohortCreated"] != true || cl["school"] == "" {
			t.Errorf("class report %v", cl)
		}
	}
	k.srv.DB.R.Table("users").Where("email IN ?", []string{"zhao.min@sut.example.cn", "zhang.jg@example.cn"}).Count(&n)
	if n != 0 {
		t.Fatalf("teachers or parents imported as students: %d", n)
	}

	// The next export: the same classes, and 王芳 dropped from class 1.
	next := sampleBundle(t, func(name, content string) string {
		if name == "enrollments.csv" {
			return strings.Replace(content, "e-02,active", "e-02,tobedeleted", 1)
		}
		return content
	})
	rep = k.must(200, k.do("POST", path+"?mode=sync", admin, next, "Content-Type", "application/zip")).JSON(t)
	if counts(t, rep) != "c0 u0 n6 d1 r0" {
		t.Fatalf("sync: %s %v", counts(t, rep), rep)
	}
	for _, class := range rep["classes"].([]any) {
		if class.(map[string]any)["cohortCreated"] != false {
			t.Errorf("a later export created a new cohort: %v", class)
		}
	}
	k.srv.DB.R.Table("cohorts").Count(&n)
	if n != 3 {
		t.Fatalf("%d cohorts after the second export", n)
	}
}

// TestOneRosterBundleIsAllOrNothing: one bad row in one class keeps every
// class out.
func TestOneRosterBundleIsAllOrNothing(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	uni := k.org(admin, "SUT", "university")
	broken := sampleBundle(t, func(name, content string) string {
		if name == "users.csv" {
			return strings.Replace(content, "yang.yang@stu.sut.example.cn", "", 1)
		}
		return content
	})
	rep := k.must(422, k.do("POST", "/api/v1/orgs/"+uni+"/oneroster-imports", admin, broken, "Content-Type", "application/zip")).JSON(t)
	rejected := rep["rejected"].([]any)
	if len(rejected) != 1 || rejected[0].(map[string]any)["column"] != "users.csv:email" || rep["applied"] != false {
		t.Fatalf("report: %v", rep)
	}
	var n int64
	k.srv.DB.R.Table("cohorts").Count(&n)
	if n != 0 {
		t.Fatalf("a rejected bundle created %d cohorts", n)
	}
	k.expectProblem(k.do("POST", "/api/v1/orgs/"+uni+"/oneroster-imports", admin, "学号,姓名,邮箱\n1,a,a@b.cn\n", "Content-Type", "text/csv"), 415, "unsupported-media-type")
}

package server

import (
	"archive/zip"
	"bytes"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func importPath(t *testing.T, k *kit, admin string) string {
	t.Helper()
	uni := k.org(admin, "UNI", "university")
	co := k.must(201, k.do("POST", "/api/v1/orgs/"+uni+"/cohorts", admin, map[string]any{"name": "文件班"})).JSON(t)["id"].(string)
	return "/api/v1/orgs/" + uni + "/cohorts/" + co + "/imports"
}

func TestImportGBKCSVAndXLSXFiles(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	path := importPath(t, k, admin)
	csvText := "学号,姓名,邮箱\r\n2026001,张三,zhang@univ.example.cn\r\n2026002,李四,li@univ.example.cn\r\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(csvText)
	if err != nil {
		t.Fatal(err)
	}
	rep := k.must(200, k.do("POST", path+"?dryRun=true", admin, gbk, "Content-Type", "text/csv")).JSON(t)
	if rep["encoding"] != "gb18030" || counts(t, rep) != "c2 u0 n0 d0 r0" {
		t.Fatalf("GBK CSV: %v", rep)
	}
	// XLSX with a student number that must keep its leading zero, sent as
	// a multipart upload the way a browser does.
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"学号", "姓名", "邮箱"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"0026003", "王五", "wang@univ.example.cn"})
	var xb bytes.Buffer
	f.Write(&xb)
	var mb bytes.Buffer
	mw := multipart.NewWriter(&mb)
	part, _ := mw.CreateFormFile("file", "roster.xlsx")
	part.Write(xb.Bytes())
	mw.Close()
	rep = k.must(200, k.do("POST", path, admin, mb.String(), "Content-Type", mw.FormDataContentType())).JSON(t)
	if rep["format"] != "xlsx" || counts(t, rep) != "c1 u0 n0 d0 r0" {
		t.Fatalf("XLSX: %v", rep)
	}
	members := k.must(200, k.do("GET", strings.TrimSuffix(path, "/imports")+"/members", admin, nil))
	if !strings.Contains(string(members.Body), `"studentNumber":"0026003"`) {
		t.Fatalf("leading zero lost: %s", members.Body)
	}
	// A formula cell is refused with its row, and nothing is written.
	f2 := excelize.NewFile()
	f2.SetSheetRow("Sheet1", "A1", &[]any{"学号", "姓名", "邮箱"})
	f2.SetSheetRow("Sheet1", "A2", &[]any{"2026009", "赵六", "zhao@univ.example.cn"})
	f2.SetCellFormula("Sheet1", "B2", `HYPERLINK("http://evil","x")`)
	var fb bytes.Buffer
	f2.Write(&fb)
	rep = k.must(422, k.do("POST", path, admin, fb.String(), "Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).JSON(t)
	if !strings.Contains(string(mustJSON(t, rep["rejected"])), "formula_cell") {
		t.Fatalf("formula: %v", rep)
	}
	// A misspelled header is a file-level problem that names the fix.
	p := k.expectProblem(k.do("POST", path, admin, "学号,姓名,油箱\n1,a,a@b.cn\n", "Content-Type", "text/csv"), 422, "roster-file")
	if !strings.Contains(p["detail"].(string), "邮箱") {
		t.Fatalf("header suggestion missing: %v", p["detail"])
	}
	k.expectProblem(k.do("POST", path, admin, "%PDF-1.4 not a roster", "Content-Type", "application/pdf"), 415, "unsupported-media-type")
}

func zipOf(t *testing.T, files map[string]string) string {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, content := range files {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	z.Close()
	return b.String()
}

func TestImportOneRosterBundleAndHostileZips(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	path := importPath(t, k, admin)
	bundle := map[string]string{
		"manifest.csv": "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\nfile.academicSessions,absent\nfile.categories,absent\nfile.classes,bulk\nfile.classResources,absent\nfile.courses,absent\nfile.courseResources,absent\nfile.demographics,absent\nfile.enrollments,bulk\nfile.lineItemLearningObjectiveIds,absent\nfile.lineItems,absent\nfile.lineItemScoreScales,absent\nfile.orgs,bulk\nfile.resources,absent\nfile.results,absent\nfile.roles,absent\nfile.scoreScales,absent\nfile.userProfiles,absent\nfile.userResources,absent\nfile.users,bulk\nsource.systemName,test\nsource.systemCode,test\n",
		"orgs.csv":     "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\norg1,active,2026-09-01T00:00:00Z,山城理工大学,school,SUT,\n",
		"users.csv":    "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns,role,orgSourcedIds\nu1,active,2026-09-01T00:00:00Z,true,s1,,明,张,,20260101,zhangming@univ.example.cn,,,,,,,,,,,org1,,student,org1\nu2,active,2026-09-01T00:00:00Z,true,t1,,老师,王,,T01,wang.t@univ.example.cn,,,,,,,,,,,org1,,teacher,org1\n",
		"classes.csv":  "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\nc1,active,2026-09-01T00:00:00Z,鸿蒙开发 1 班,,,OH1,scheduled,,org1,,,,\n",
		"enrollments.csv": "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n" +
			"e1,active,2026-09-01T00:00:00Z,c1,org1,u1,student,false,,\ne2,active,2026-09-01T00:00:00Z,c1,org1,u2,teacher,true,,\n",
	}
	r := k.do("POST", path, admin, zipOf(t, bundle), "Content-Type", "application/zip")
	if r.Status != 200 {
		t.Fatalf("OneRoster bundle: %d %s", r.Status, r.Body)
	}
	if rep := r.JSON(t); rep["format"] != "oneroster" || counts(t, rep) != "c1 u0 n0 d0 r0" {
		t.Fatalf("OneRoster: %v", rep)
	}
	// Path traversal and zip bombs are refused before anything is read.
	k.expectProblem(k.do("POST", path, admin, zipOf(t, map[string]string{"../../etc/passwd": "x", "manifest.csv": "a"}), "Content-Type", "application/zip"), 400, "roster-file")
	bomb := zipOf(t, map[string]string{"manifest.csv": "propertyName,value\n", "users.csv": strings.Repeat("0", 30<<20)})
	r = k.do("POST", path, admin, bomb, "Content-Type", "application/zip")
	if r.Status != 413 && r.Status != 400 && r.Status != 422 {
		t.Fatalf("zip bomb: %d %s", r.Status, r.Body)
	}
	var n int64
	k.srv.DB.R.Table("cohort_members").Count(&n)
	if n != 1 {
		t.Fatalf("%d members after hostile zips, want the 1 from the bundle", n)
	}
}

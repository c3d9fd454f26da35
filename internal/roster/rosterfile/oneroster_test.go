package rosterfile

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// spec12Columns are the OneRoster 1.2 CSV binding's columns for a file,
// without the 1.1 columns we merely tolerate.
func spec12Columns(file string) []string {
	var out []string
	for _, c := range orSpecs[file].columns {
		if file == orUsers && (c == "role" || c == "orgSourcedIds") {
			continue
		}
		out = append(out, c)
	}
	return out
}

// orCSV writes a bundle CSV with every specification column as header;
// rows give values by column name.
func orCSV(t *testing.T, cols []string, rows ...map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(cols)
	for _, r := range rows {
		rec := make([]string, len(cols))
		for i, c := range cols {
			rec[i] = r[c]
		}
		_ = w.Write(rec)
	}
	w.Flush()
	return buf.Bytes()
}

var manifest12 = [][2]string{
	{"manifest.version", "1.0"}, {"oneroster.version", "1.2"},
	{"file.academicSessions", "bulk"}, {"file.categories", "absent"}, {"file.classes", "bulk"},
	{"file.classResources", "absent"}, {"file.courses", "bulk"}, {"file.courseResources", "absent"},
	{"file.demographics", "bulk"}, {"file.enrollments", "bulk"}, {"file.lineItemLearningObjectiveIds", "absent"},
	{"file.lineItems", "absent"}, {"file.lineItemScoreScales", "absent"}, {"file.orgs", "bulk"},
	{"file.resources", "absent"}, {"file.resultLearningObjectiveIds", "absent"}, {"file.results", "absent"},
	{"file.resultScoreScales", "absent"}, {"file.roles", "bulk"}, {"file.scoreScales", "absent"},
	{"file.userProfiles", "absent"}, {"file.userResources", "absent"}, {"file.users", "bulk"},
	{"source.systemName", "示例大学教务系统"}, {"source.systemCode", "EDU"},
}

func manifestCSV(t *testing.T, override map[string]string) []byte {
	t.Helper()
	var rows []map[string]string
	for _, kv := range manifest12 {
		v, ok := override[kv[0]]
		if !ok {
			v = kv[1]
		}
		if v == "-" {
			continue
		}
		rows = append(rows, map[string]string{"propertyName": kv[0], "value": v})
	}
	return orCSV(t, []string{"propertyName", "value"}, rows...)
}

// validBundleFiles is a complete OneRoster 1.2 bundle: a university
// (district) with one school, a term, a course, two classes, three
// students, a teacher and a parent.
func validBundleFiles(t *testing.T) map[string][]byte {
	t.Helper()
	row := func(kv ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	return map[string][]byte{
		orManifest: manifestCSV(t, nil),
		orOrgs: orCSV(t, spec12Columns(orOrgs),
			row("sourcedId", "org-u", "name", "示例大学", "type", "district", "identifier", "10001"),
			row("sourcedId", "org-cs", "name", "计算机学院", "type", "school", "identifier", "CS", "parentSourcedId", "org-u"),
		),
		orAcademicSessions: orCSV(t, spec12Columns(orAcademicSessions),
			row("sourcedId", "term-1", "title", "2024秋", "type", "term", "startDate", "2024-09-01", "endDate", "2025-01-15", "schoolYear", "2025"),
		),
		orCourses: orCSV(t, spec12Columns(orCourses),
			row("sourcedId", "course-ds", "title", "数据结构", "courseCode", "CS201", "orgSourcedId", "org-cs"),
		),
		orUsers: orCSV(t, spec12Columns(orUsers),
			row("sourcedId", "u-1", "enabledUser", "true", "username", "zhangsan", "userIds", "{SIS:2023001},{LDAP:zhangsan}",
				"givenName", "三", "familyName", "张", "identifier", "2023001", "email", "ZhangSan@Example.edu.cn", "primaryOrgSourcedId", "org-cs"),
			row("sourcedId", "u-2", "enabledUser", "true", "username", "lisi", "givenName", "四", "familyName", "李",
				"identifier", "2023002", "email", "lisi@example.edu.cn", "primaryOrgSourcedId", "org-cs"),
			row("sourcedId", "u-3", "enabledUser", "false", "username", "wangwu", "givenName", "五", "familyName", "王",
				"identifier", "2023003"),
			row("sourcedId", "t-1", "enabledUser", "true", "username", "prof.zhao", "givenName", "老师", "familyName", "赵",
				"email", "zhao@example.edu.cn", "primaryOrgSourcedId", "org-cs"),
			row("sourcedId", "p-1", "enabledUser", "true", "username", "parent.zhang", "givenName", "父", "familyName", "张",
				"agentSourcedIds", "u-1"),
		),
		orRoles: orCSV(t, spec12Columns(orRoles),
			row("sourcedId", "r-1", "userSourcedId", "u-1", "roleType", "primary", "role", "student", "orgSourcedId", "org-cs"),
			row("sourcedId", "r-2", "userSourcedId", "u-2", "roleType", "primary", "role", "student", "orgSourcedId", "org-cs"),
			row("sourcedId", "r-3", "userSourcedId", "u-3", "roleType", "primary", "role", "student", "orgSourcedId", "org-cs"),
			row("sourcedId", "r-4", "userSourcedId", "t-1", "roleType", "primary", "role", "teacher", "orgSourcedId", "org-cs"),
			row("sourcedId", "r-5", "userSourcedId", "t-1", "roleType", "secondary", "role", "proctor", "orgSourcedId", "org-u"),
			row("sourcedId", "r-6", "userSourcedId", "p-1", "roleType", "primary", "role", "parent", "orgSourcedId", "org-cs"),
		),
		orClasses: orCSV(t, spec12Columns(orClasses),
			row("sourcedId", "k-ds", "title", "数据结构 1 班", "courseSourcedId", "course-ds", "classCode", "CS201-01",
				"classType", "scheduled", "schoolSourcedId", "org-cs", "termSourcedIds", "term-1"),
			row("sourcedId", "k-home", "title", "计科2301", "courseSourcedId", "course-ds", "classType", "homeroom",
				"schoolSourcedId", "org-cs", "termSourcedIds", "term-1"),
		),
		orEnrollments: orCSV(t, spec12Columns(orEnrollments),
			row("sourcedId", "e-1", "classSourcedId", "k-ds", "schoolSourcedId", "org-cs", "userSourcedId", "u-1", "role", "student"),
			row("sourcedId", "e-2", "classSourcedId", "k-ds", "schoolSourcedId", "org-cs", "userSourcedId", "u-2", "role", "student"),
			row("sourcedId", "e-3", "classSourcedId", "k-ds", "schoolSourcedId", "org-cs", "userSourcedId", "u-3", "role", "student"),
			row("sourcedId", "e-4", "classSourcedId", "k-ds", "schoolSourcedId", "org-cs", "userSourcedId", "t-1", "role", "teacher", "primary", "true"),
			row("sourcedId", "e-5", "classSourcedId", "k-home", "schoolSourcedId", "org-cs", "userSourcedId", "u-1", "role", "student",
				"beginDate", "2023-09-01"),
			row("sourcedId", "e-6", "classSourcedId", "k-home", "schoolSourcedId", "org-cs", "userSourcedId", "t-1", "role", "administrator"),
		),
		orDemographics: orCSV(t, spec12Columns(orDemographics),
			row("sourcedId", "u-1", "birthDate", "2005-03-01", "sex", "male"),
		),
	}
}

// bundleZip zips the files, manifest first, others in name order.
func bundleZip(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		mi, mj := strings.HasSuffix(names[i], orManifest), strings.HasSuffix(names[j], orManifest)
		if mi != mj {
			return mi
		}
		return names[i] < names[j]
	})
	var entries []zipEntry
	for _, n := range names {
		entries = append(entries, zipEntry{name: n, data: files[n]})
	}
	return buildZip(t, entries...)
}

func parseBundle(t *testing.T, data []byte, opts Options) (*Bundle, error) {
	t.Helper()
	return ParseOneRoster(bytes.NewReader(data), int64(len(data)), opts)
}

func TestParseOneRosterValid(t *testing.T) {
	b, err := parseBundle(t, bundleZip(t, validBundleFiles(t)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Problems) != 0 {
		t.Fatalf("problems: %+v", b.Problems)
	}
	if len(b.Orgs) != 2 || len(b.Users) != 4 || len(b.Classes) != 2 || len(b.Enrollments) != 5 {
		t.Fatalf("counts orgs %d users %d classes %d enrollments %d", len(b.Orgs), len(b.Users), len(b.Classes), len(b.Enrollments))
	}
	u := b.Users[0]
	if u.SourcedID != "u-1" || u.Role != "student" || u.Email != "zhangsan@example.edu.cn" || !u.EnabledUser ||
		u.Username != "zhangsan" || u.GivenName != "三" || u.FamilyName != "张" || u.Identifier != "2023001" || u.Line != 2 ||
		u.PrimaryOrgSourcedID != "org-cs" || fmt.Sprint(u.OrgSourcedIDs) != "[org-cs]" ||
		fmt.Sprint(u.UserIDs) != "[{SIS 2023001} {LDAP zhangsan}]" {
		t.Fatalf("user = %+v", u)
	}
	if b.Users[2].EnabledUser || b.Users[2].Email != "" {
		t.Fatalf("u-3 = %+v", b.Users[2])
	}
	teacher := b.Users[3]
	if teacher.SourcedID != "t-1" || teacher.Role != "teacher" || fmt.Sprint(teacher.OrgSourcedIDs) != "[org-cs org-u]" {
		t.Fatalf("teacher = %+v", teacher)
	}
	c := b.Classes[0]
	if c.SourcedID != "k-ds" || c.Title != "数据结构 1 班" || c.ClassCode != "CS201-01" || c.SchoolSourcedID != "org-cs" ||
		c.School != "计算机学院" || c.ClassType != "scheduled" || c.CourseSourcedID != "course-ds" {
		t.Fatalf("class = %+v", c)
	}
	e := b.Enrollments[3]
	if e.UserSourcedID != "t-1" || e.Role != "teacher" || !e.Primary || e.ClassSourcedID != "k-ds" || e.Line != 5 {
		t.Fatalf("enrollment = %+v", e)
	}
	if b.Orgs[1].ParentSourcedID != "org-u" || b.Orgs[1].Type != "school" {
		t.Fatalf("org = %+v", b.Orgs[1])
	}
}

func TestParseOneRosterRoleSources(t *testing.T) {
	t.Run("no roles.csv: roles from enrollments", func(t *testing.T) {
		files := validBundleFiles(t)
		delete(files, orRoles)
		files[orManifest] = manifestCSV(t, map[string]string{"file.roles": "absent"})
		b, err := parseBundle(t, bundleZip(t, files), Options{})
		if err != nil {
			t.Fatal(err)
		}
		// The parent has no enrollment and no role anywhere.
		wantOnlyProblem(t, b.Problems, 6, "users.csv:sourcedId", CodeRoleUnknown)
		if len(b.Users) != 4 || b.Users[3].Role != "teacher" || len(b.Enrollments) != 5 {
			t.Fatalf("users %+v enrollments %d", b.Users, len(b.Enrollments))
		}
	})
	t.Run("1.1 role column", func(t *testing.T) {
		files := validBundleFiles(t)
		delete(files, orRoles)
		files[orManifest] = manifestCSV(t, map[string]string{"file.roles": "-", "oneroster.version": "1.1"})
		cols := append(spec12Columns(orUsers)[:4], "orgSourcedIds", "role")
		cols = append(cols, spec12Columns(orUsers)[4:18]...)
		files[orUsers] = orCSV(t, cols,
			map[string]string{"sourcedId": "u-1", "enabledUser": "true", "orgSourcedIds": "org-cs", "role": "student", "username": "zs", "givenName": "三", "familyName": "张"},
			map[string]string{"sourcedId": "u-2", "enabledUser": "true", "orgSourcedIds": "org-cs", "role": "Student", "username": "ls", "givenName": "四", "familyName": "李"},
			map[string]string{"sourcedId": "u-3", "enabledUser": "true", "orgSourcedIds": "org-cs", "role": "student", "username": "ww", "givenName": "五", "familyName": "王"},
			map[string]string{"sourcedId": "t-1", "enabledUser": "true", "orgSourcedIds": "org-cs,org-u", "role": "teacher", "username": "zhao", "givenName": "老师", "familyName": "赵"},
			map[string]string{"sourcedId": "p-1", "enabledUser": "true", "orgSourcedIds": "org-cs", "role": "parent", "username": "pz", "givenName": "父", "familyName": "张"},
		)
		b, err := parseBundle(t, bundleZip(t, files), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Problems) != 0 || len(b.Users) != 4 || b.Users[1].Role != "student" || fmt.Sprint(b.Users[3].OrgSourcedIDs) != "[org-cs org-u]" {
			t.Fatalf("users %+v problems %+v", b.Users, b.Problems)
		}
	})
}

func TestParseOneRosterPackaging(t *testing.T) {
	t.Run("zipped folder with macOS junk and extension columns", func(t *testing.T) {
		files := map[string][]byte{}
		for n, d := range validBundleFiles(t) {
			files["export/"+n] = d
		}
		files["__MACOSX/export/._users.csv"] = []byte{0, 5, 22, 7}
		files["readme.txt"] = []byte("exported")
		files["export/"+orOrgs] = orCSV(t, append(spec12Columns(orOrgs), "metadata.edu.level"),
			map[string]string{"sourcedId": "org-u", "name": "示例大学", "type": "district", "metadata.edu.level": "985"},
			map[string]string{"sourcedId": "org-cs", "name": "计算机学院", "type": "school", "parentSourcedId": "org-u"},
		)
		b, err := parseBundle(t, bundleZip(t, files), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Problems) != 0 || len(b.Users) != 4 {
			t.Fatalf("problems %+v", b.Problems)
		}
	})
	t.Run("gbk users.csv", func(t *testing.T) {
		files := validBundleFiles(t)
		files[orUsers] = gbk(t, string(files[orUsers]))
		b, err := parseBundle(t, bundleZip(t, files), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Problems) != 0 || b.Users[0].FamilyName != "张" {
			t.Fatalf("users %+v problems %+v", b.Users, b.Problems)
		}
	})
}

// TestParseOneRosterRowProblems: one bad input per case, at the exact row
// and "file:column".
func TestParseOneRosterRowProblems(t *testing.T) {
	replace := func(file, old, new string) func(map[string][]byte) {
		return func(files map[string][]byte) {
			s := string(files[file])
			if !strings.Contains(s, old) {
				panic("fixture lacks " + old)
			}
			files[file] = []byte(strings.Replace(s, old, new, 1))
		}
	}
	tests := []struct {
		name   string
		edit   func(map[string][]byte)
		row    int
		column string
		code   string
		// counts after the edit: users, classes, enrollments
		users, classes, enrollments int
	}{
		{"enrollment to unknown class", replace(orEnrollments, "e-3,,,k-ds", "e-3,,,k-nope"), 4, "enrollments.csv:classSourcedId", CodeUnknownClass, 4, 2, 4},
		{"enrollment to unknown user", replace(orEnrollments, "org-cs,u-2,", "org-cs,u-404,"), 3, "enrollments.csv:userSourcedId", CodeUnknownUser, 4, 2, 4},
		{"enrollment bad role", replace(orEnrollments, "u-2,student", "u-2,pupil"), 3, "enrollments.csv:role", CodeInvalidValue, 4, 2, 4},
		{"enrollment bad primary", replace(orEnrollments, "teacher,true", "teacher,yes"), 5, "enrollments.csv:primary", CodeInvalidValue, 4, 2, 4},
		{"enrollment missing classSourcedId", replace(orEnrollments, "e-2,,,k-ds", "e-2,,,"), 3, "enrollments.csv:classSourcedId", CodeRequired, 4, 2, 4},
		{"class with unknown school drops its enrollments", replace(orClasses, "homeroom,,org-cs", "homeroom,,org-x"), 3, "classes.csv:schoolSourcedId", CodeUnknownOrg, 4, 1, 4},
		{"class with unknown course", replace(orClasses, "course-ds,CS201-01", "course-x,CS201-01"), 2, "classes.csv:courseSourcedId", CodeUnknownCourse, 4, 1, 1},
		{"duplicate user sourcedId", appendRow(t, orUsers, map[string]string{"sourcedId": "u-2", "enabledUser": "true", "username": "dup",
			"givenName": "重", "familyName": "复"}), 7, "users.csv:sourcedId", CodeDuplicateSourcedID, 4, 2, 5},
		{"duplicate enrollment sourcedId", appendRow(t, orEnrollments, map[string]string{"sourcedId": "e-1", "classSourcedId": "k-home",
			"userSourcedId": "u-2", "role": "student"}), 8, "enrollments.csv:sourcedId", CodeDuplicateSourcedID, 4, 2, 5},
		{"invalid email", replace(orUsers, "lisi@example.edu.cn", "lisi@example"), 3, "users.csv:email", CodeInvalidEmail, 3, 2, 4},
		{"duplicate email", replace(orUsers, "lisi@example.edu.cn", "zhangsan@EXAMPLE.edu.cn"), 3, "users.csv:email", CodeDuplicateEmail, 3, 2, 4},
		{"enabledUser not boolean", replace(orUsers, "u-2,,,true", "u-2,,,yes"), 3, "users.csv:enabledUser", CodeInvalidValue, 3, 2, 4},
		{"malformed userIds", replace(orUsers, "{SIS:2023001},{LDAP:zhangsan}", "SIS 2023001"), 2, "users.csv:userIds", CodeInvalidValue, 3, 2, 3},
		{"empty givenName", replace(orUsers, "lisi,,四,李", "lisi,,,李"), 3, "users.csv:givenName", CodeRequired, 3, 2, 4},
		{"name with control char", replace(orUsers, "lisi,,四,李", "lisi,,\"四\t五\",李"), 3, "users.csv:givenName", CodeInvalidName, 3, 2, 4},
		{"unknown primary org", replace(orUsers, "lisi@example.edu.cn,,,,,,,,,,,org-cs", "lisi@example.edu.cn,,,,,,,,,,,org-404"), 3, "users.csv:primaryOrgSourcedId", CodeUnknownOrg, 3, 2, 4},
		// A user whose roles.csv rows are all rejected falls back to its
		// enrollments, so u-2 is still a student.
		{"role for unknown user", replace(orRoles, "r-2,,,u-2", "r-2,,,u-9"), 3, "roles.csv:userSourcedId", CodeUnknownUser, 4, 2, 5},
		{"bad roleType", replace(orRoles, "u-3,primary", "u-3,main"), 4, "roles.csv:roleType", CodeInvalidValue, 4, 2, 5},
		{"org bad type", replace(orOrgs, "district", "college"), 2, "orgs.csv:type", CodeInvalidValue, 4, 2, 5},
		// Rejecting the school drops what hangs off it; u-3 has no org.
		{"org unknown parent", replace(orOrgs, "CS,org-u", "CS,org-404"), 3, "orgs.csv:parentSourcedId", CodeUnknownOrg, 1, 0, 0},
		{"bad status", replace(orEnrollments, "e-1,,", "e-1,deleted,"), 2, "enrollments.csv:status", CodeInvalidValue, 4, 2, 4},
		{"extra column", replace(orEnrollments, "u-1,student,,,", "u-1,student,,,,surprise"), 2, "enrollments.csv:K", CodeExtraColumns, 4, 2, 4},
		{"missing columns", replace(orEnrollments, "e-2,,,k-ds,org-cs,u-2,student,,,", "e-2,,,k-ds"), 3, "enrollments.csv:schoolSourcedId", CodeMissingColumns, 4, 2, 4},
		{"cell too large", replace(orUsers, "prof.zhao", strings.Repeat("z", 1200)), 5, "users.csv:username", CodeCellTooLarge, 3, 2, 4},
		{"broken quote", replace(orEnrollments, "e-2,,,k-ds", "e-2,,,\"k\"ds"), 3, "enrollments.csv", CodeCSVSyntax, 4, 2, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := validBundleFiles(t)
			tc.edit(files)
			b, err := parseBundle(t, bundleZip(t, files), Options{})
			if err != nil {
				t.Fatal(err)
			}
			wantOnlyProblem(t, b.Problems, tc.row, tc.column, tc.code)
			if len(b.Users) != tc.users || len(b.Classes) != tc.classes || len(b.Enrollments) != tc.enrollments {
				t.Fatalf("counts users %d classes %d enrollments %d, want %d %d %d",
					len(b.Users), len(b.Classes), len(b.Enrollments), tc.users, tc.classes, tc.enrollments)
			}
			assertResolves(t, b)
		})
	}
}

// appendRow adds a data row to a bundle file.
func appendRow(t *testing.T, file string, row map[string]string) func(map[string][]byte) {
	return func(files map[string][]byte) {
		body := orCSV(t, spec12Columns(file), row)
		files[file] = append(files[file], body[bytes.IndexByte(body, '\n')+1:]...)
	}
}

// assertResolves checks the Bundle invariant: every reference resolves
// within the bundle.
func assertResolves(t *testing.T, b *Bundle) {
	t.Helper()
	orgs, users, classes := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, o := range b.Orgs {
		orgs[o.SourcedID] = true
	}
	for _, u := range b.Users {
		users[u.SourcedID] = true
		if u.PrimaryOrgSourcedID != "" && !orgs[u.PrimaryOrgSourcedID] {
			t.Fatalf("user %s: dangling org", u.SourcedID)
		}
	}
	for _, c := range b.Classes {
		classes[c.SourcedID] = true
		if !orgs[c.SchoolSourcedID] {
			t.Fatalf("class %s: dangling school", c.SourcedID)
		}
	}
	for _, e := range b.Enrollments {
		if !classes[e.ClassSourcedID] || !users[e.UserSourcedID] {
			t.Fatalf("enrollment %s dangles", e.SourcedID)
		}
	}
}

func TestParseOneRosterFileErrors(t *testing.T) {
	edit := func(fn func(files map[string][]byte)) []byte {
		files := validBundleFiles(t)
		fn(files)
		return bundleZip(t, files)
	}
	tests := []struct {
		name     string
		data     []byte
		opts     Options
		status   int
		code     string
		contains string
	}{
		{"missing classes.csv", edit(func(f map[string][]byte) { delete(f, orClasses) }), Options{}, 422, CodeMissingFile, "classes.csv"},
		{"missing manifest", edit(func(f map[string][]byte) { delete(f, orManifest) }), Options{}, 422, CodeMissingFile, "manifest.csv"},
		{"users marked absent", edit(func(f map[string][]byte) {
			f[orManifest] = manifestCSV(t, map[string]string{"file.users": "absent"})
		}), Options{}, 422, CodeMissingFile, "users.csv"},
		{"declared courses missing", edit(func(f map[string][]byte) { delete(f, orCourses) }), Options{}, 422, CodeMissingFile, "courses.csv"},
		{"version 1.0", edit(func(f map[string][]byte) {
			f[orManifest] = manifestCSV(t, map[string]string{"oneroster.version": "1.0"})
		}), Options{}, 422, CodeUnsupportedVersion, "1.0"},
		{"no version", edit(func(f map[string][]byte) {
			f[orManifest] = manifestCSV(t, map[string]string{"oneroster.version": "-"})
		}), Options{}, 422, CodeManifestInvalid, "oneroster.version"},
		{"bad mode", edit(func(f map[string][]byte) {
			f[orManifest] = manifestCSV(t, map[string]string{"file.classes": "full"})
		}), Options{}, 422, CodeManifestInvalid, "file.classes"},
		{"missing required column", edit(func(f map[string][]byte) {
			f[orUsers] = orCSV(t, []string{"sourcedId", "enabledUser", "username", "familyName"})
		}), Options{}, 422, CodeMissingHeaders, "users.csv is missing required columns: givenName"},
		{"misspelled column", edit(func(f map[string][]byte) {
			f[orUsers] = []byte(strings.Replace(string(f[orUsers]), "givenName", "givenNmae", 1))
		}), Options{}, 422, CodeUnknownHeaders, `"givenNmae" (did you mean "givenName"?)`},
		{"duplicate column", edit(func(f map[string][]byte) {
			f[orOrgs] = []byte(strings.Replace(string(f[orOrgs]), "identifier", "name", 1))
		}), Options{}, 422, CodeDuplicateHeaders, "orgs.csv"},
		{"empty users.csv", edit(func(f map[string][]byte) { f[orUsers] = nil }), Options{}, 422, CodeEmptyFile, "users.csv"},
		{"malformed header", edit(func(f map[string][]byte) {
			f[orClasses] = []byte("sourcedId,\"title\"x\n")
		}), Options{}, 400, CodeCSVHeaderSyntax, "classes.csv"},
		{"binary users.csv", edit(func(f map[string][]byte) { f[orUsers] = []byte{0x80, 0x00, 0x81} }), Options{}, 415, CodeEncodingInvalid, "users.csv"},
		{"row limit", bundleZip(t, validBundleFiles(t)), Options{MaxRows: 4}, 413, CodeTooManyRows, "users.csv has more than 4"},
		{"path traversal", edit(func(f map[string][]byte) { f["../../etc/passwd"] = []byte("root:x:0:0") }), Options{}, 400, CodeUnsafeEntry, "../../etc/passwd"},
		{"absolute path", edit(func(f map[string][]byte) { f["/etc/passwd"] = []byte("x") }), Options{}, 400, CodeUnsafeEntry, "/etc/passwd"},
		{"backslash", edit(func(f map[string][]byte) { f[`..\evil.csv`] = []byte("x") }), Options{}, 400, CodeUnsafeEntry, "evil"},
		{"NUL in name", edit(func(f map[string][]byte) { f["users.csv\x00.txt"] = []byte("x") }), Options{}, 400, CodeUnsafeEntry, "users.csv"},
		{"drive letter", edit(func(f map[string][]byte) { f["C:/x.csv"] = []byte("x") }), Options{}, 400, CodeUnsafeEntry, "C:"},
		{"nested zip", edit(func(f map[string][]byte) {
			f["more/inner.zip"] = buildZip(t, zipEntry{name: "users.csv", data: []byte("x")})
		}), Options{}, 400, CodeNestedArchive, "inner.zip"},
		{"zip disguised as csv", edit(func(f map[string][]byte) {
			f[orUsers] = buildZip(t, zipEntry{name: "users.csv", data: f[orUsers]})
		}), Options{}, 400, CodeNestedArchive, "users.csv"},
		{"duplicate entry", func() []byte {
			files := validBundleFiles(t)
			return buildZip(t, zipEntry{name: orManifest, data: files[orManifest]}, zipEntry{name: orUsers, data: files[orUsers]},
				zipEntry{name: "USERS.csv", data: files[orUsers]})
		}(), Options{}, 400, CodeDuplicateEntry, "more than once"},
		{"zip bomb entry", edit(func(f map[string][]byte) { f[orDemographics] = make([]byte, 50<<20) }), Options{}, 413, CodeZipBomb, "demographics.csv"},
		{"too many entries", edit(func(f map[string][]byte) {
			for i := 0; i < 50; i++ {
				f[fmt.Sprintf("extra/%02d.txt", i)] = []byte("x")
			}
		}), Options{}, 413, CodeTooManyEntries, "50"},
		{"not a zip", []byte("sourcedId,name\n"), Options{}, 415, CodeInvalidZip, "zip"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseBundle(t, tc.data, tc.opts)
			fe := wantFileError(t, err, tc.status, tc.code)
			if !strings.Contains(fe.MessageEn, tc.contains) {
				t.Fatalf("message lacks %q: %s", tc.contains, fe.MessageEn)
			}
		})
	}
}

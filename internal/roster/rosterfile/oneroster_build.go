package rosterfile

import (
	"fmt"
	"sort"
	"strings"
)

// build validates the rows of every table, resolves references and user
// roles, and assembles the Bundle.
func (p *orParser) build() *Bundle {
	ids := map[string]map[string]int{}
	for name, t := range p.tables {
		ids[name] = p.sourcedIDs(t)
	}
	exists := func(file, id string) bool {
		_, ok := ids[file][id]
		return ok
	}

	orgs := p.buildOrgs(exists)
	if t := p.tables[orCourses]; t != nil {
		p.eachRow(t, func(r *orRow) {
			p.checkStatus(t, r)
			if o := t.get(r, "orgSourcedId"); o != "" && !exists(orOrgs, o) {
				p.unknown(t, r, "orgSourcedId", CodeUnknownOrg, orOrgs, o)
			}
		})
	}
	users := p.buildUsers(exists)
	rolesByUser := p.checkRoles(exists)
	classes := p.buildClasses(exists, orgs)
	enrollments := p.buildEnrollments(exists)
	for _, name := range []string{orAcademicSessions, orDemographics} {
		if t := p.tables[name]; t != nil {
			p.eachRow(t, func(r *orRow) { p.checkStatus(t, r) })
		}
	}

	b := &Bundle{}
	keptOrgs := map[string]bool{}
	for _, o := range orgs {
		keptOrgs[o.SourcedID] = true
		b.Orgs = append(b.Orgs, o)
	}

	// Role resolution looks at every valid enrollment, including those the
	// cascade below drops with their class, so a teacher stays a teacher
	// when one of their classes has a problem.
	enrollRoles := map[string]map[string]bool{}
	for _, e := range enrollments {
		if enrollRoles[e.UserSourcedID] == nil {
			enrollRoles[e.UserSourcedID] = map[string]bool{}
		}
		enrollRoles[e.UserSourcedID][e.Role] = true
	}
	ut := p.tables[orUsers]
	keptUsers := map[string]bool{}
	for _, u := range users {
		role, orgIDs, ok := resolveRole(u, rolesByUser[u.user.SourcedID], enrollRoles[u.user.SourcedID], p.tables[orRoles] != nil)
		if !ok {
			p.problem(ut, u.row, "sourcedId", CodeRoleUnknown,
				"无法确定该用户的角色：roles.csv、users.csv 和 enrollments.csv 中都没有",
				"the user's role cannot be determined: it is in none of roles.csv, users.csv or enrollments.csv")
			continue
		}
		if role != "student" && role != "teacher" {
			continue // parents, administrators: not ours to import
		}
		if u.user.PrimaryOrgSourcedID != "" && !keptOrgs[u.user.PrimaryOrgSourcedID] {
			continue // its org has a problem of its own
		}
		user := u.user
		user.Role = role
		for _, o := range append(orgIDs, u.legacyOrgs...) {
			if keptOrgs[o] && !contains(user.OrgSourcedIDs, o) {
				user.OrgSourcedIDs = append(user.OrgSourcedIDs, o)
			}
		}
		keptUsers[user.SourcedID] = true
		b.Users = append(b.Users, user)
	}

	keptClasses := map[string]bool{}
	for _, c := range classes {
		if keptOrgs[c.SchoolSourcedID] {
			keptClasses[c.SourcedID] = true
			b.Classes = append(b.Classes, c)
		}
	}
	for _, e := range enrollments {
		if (e.Role == "student" || e.Role == "teacher") && keptClasses[e.ClassSourcedID] && keptUsers[e.UserSourcedID] &&
			(e.SchoolSourcedID == "" || keptOrgs[e.SchoolSourcedID]) {
			b.Enrollments = append(b.Enrollments, e)
		}
	}

	for _, name := range orDataFiles {
		ps := p.problems[name]
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].Row < ps[j].Row })
		b.Problems = append(b.Problems, ps...)
	}
	return b
}

// sourcedIDs indexes a table's sourcedIds, bad rows included (a row that
// fails for another reason still exists), and reports duplicates on the
// later row.
func (p *orParser) sourcedIDs(t *orTable) map[string]int {
	first := map[string]int{}
	for i := range t.rows {
		r := &t.rows[i]
		id := t.get(r, "sourcedId")
		if id == "" {
			continue
		}
		if line, dup := first[id]; dup {
			p.problem(t, r, "sourcedId", CodeDuplicateSourcedID,
				fmt.Sprintf("sourcedId %s 与第 %d 行重复", id, line),
				fmt.Sprintf("sourcedId %s repeats row %d", id, line))
			continue
		}
		first[id] = r.line
	}
	return first
}

// eachRow calls fn for every row that has no problem yet.
func (p *orParser) eachRow(t *orTable, fn func(r *orRow)) {
	for i := range t.rows {
		if !t.rows[i].bad {
			fn(&t.rows[i])
		}
	}
}

func (p *orParser) problem(t *orTable, r *orRow, column, code, zh, en string) {
	r.bad = true
	p.problems[t.file] = append(p.problems[t.file], RowProblem{Row: r.line, Column: t.where(column), Code: code, MessageZh: zh, MessageEn: en})
}

func (p *orParser) unknown(t *orTable, r *orRow, column, code, target, id string) {
	p.problem(t, r, column, code,
		fmt.Sprintf("%s 引用的 %s 在 %s 中不存在", column, truncateForMessage(id), target),
		fmt.Sprintf("%s refers to %s, which is not in %s", column, truncateForMessage(id), target))
}

func (p *orParser) invalid(t *orTable, r *orRow, column, value, expected string) {
	p.problem(t, r, column, CodeInvalidValue,
		fmt.Sprintf("%s 的值“%s”无效，应为 %s", column, truncateForMessage(value), expected),
		fmt.Sprintf("%s %q is invalid; expected %s", column, truncateForMessage(value), expected))
}

func (p *orParser) checkStatus(t *orTable, r *orRow) {
	if s := t.get(r, "status"); s != "" && !orStatuses[strings.ToLower(s)] {
		p.invalid(t, r, "status", s, "active / tobedeleted")
	}
}

func (p *orParser) checkEnum(t *orTable, r *orRow, column string, allowed map[string]bool, expected string) string {
	v := t.get(r, column)
	if v != "" && !enumOK(allowed, v) {
		p.invalid(t, r, column, v, expected)
	}
	return v
}

func (p *orParser) buildOrgs(exists func(file, id string) bool) []ORG {
	t := p.tables[orOrgs]
	var out []ORG
	p.eachRow(t, func(r *orRow) {
		p.checkStatus(t, r)
		typ := p.checkEnum(t, r, "type", orOrgTypes, "school / district / department / local / state / national / ext:…")
		parent := t.get(r, "parentSourcedId")
		if parent != "" && !exists(orOrgs, parent) {
			p.unknown(t, r, "parentSourcedId", CodeUnknownOrg, orOrgs, parent)
		}
		if r.bad {
			return
		}
		out = append(out, ORG{
			Line: r.line, SourcedID: t.get(r, "sourcedId"), Status: strings.ToLower(t.get(r, "status")),
			Name: t.get(r, "name"), Type: typ, Identifier: t.get(r, "identifier"), ParentSourcedID: parent,
		})
	})
	return out
}

func (p *orParser) buildClasses(exists func(file, id string) bool, orgs []ORG) []ORClass {
	t := p.tables[orClasses]
	orgName := map[string]string{}
	for _, o := range orgs {
		orgName[o.SourcedID] = o.Name
	}
	var out []ORClass
	p.eachRow(t, func(r *orRow) {
		p.checkStatus(t, r)
		typ := p.checkEnum(t, r, "classType", orClassTypes, "homeroom / scheduled / ext:…")
		school := t.get(r, "schoolSourcedId")
		if !exists(orOrgs, school) {
			p.unknown(t, r, "schoolSourcedId", CodeUnknownOrg, orOrgs, school)
		}
		course := t.get(r, "courseSourcedId")
		if course != "" && p.tables[orCourses] != nil && !exists(orCourses, course) {
			p.unknown(t, r, "courseSourcedId", CodeUnknownCourse, orCourses, course)
		}
		if r.bad {
			return
		}
		out = append(out, ORClass{
			Line: r.line, SourcedID: t.get(r, "sourcedId"), Status: strings.ToLower(t.get(r, "status")),
			Title: t.get(r, "title"), ClassCode: t.get(r, "classCode"), ClassType: strings.ToLower(typ),
			CourseSourcedID: course, SchoolSourcedID: school, School: orgName[school],
		})
	})
	return out
}

func (p *orParser) buildEnrollments(exists func(file, id string) bool) []OREnrollment {
	t := p.tables[orEnrollments]
	var out []OREnrollment
	p.eachRow(t, func(r *orRow) {
		p.checkStatus(t, r)
		class := t.get(r, "classSourcedId")
		if !exists(orClasses, class) {
			p.unknown(t, r, "classSourcedId", CodeUnknownClass, orClasses, class)
		}
		user := t.get(r, "userSourcedId")
		if !exists(orUsers, user) {
			p.unknown(t, r, "userSourcedId", CodeUnknownUser, orUsers, user)
		}
		school := t.get(r, "schoolSourcedId")
		if school != "" && !exists(orOrgs, school) {
			p.unknown(t, r, "schoolSourcedId", CodeUnknownOrg, orOrgs, school)
		}
		role := p.checkEnum(t, r, "role", orEnrollmentRoles, "student / teacher / administrator / proctor")
		var primary bool
		switch v := strings.ToLower(t.get(r, "primary")); v {
		case "", "false":
		case "true":
			primary = true
		default:
			p.invalid(t, r, "primary", t.get(r, "primary"), "true / false")
		}
		if r.bad {
			return
		}
		out = append(out, OREnrollment{
			Line: r.line, SourcedID: t.get(r, "sourcedId"), Status: strings.ToLower(t.get(r, "status")),
			ClassSourcedID: class, SchoolSourcedID: school, UserSourcedID: user, Role: strings.ToLower(role),
			Primary: primary, BeginDate: t.get(r, "beginDate"), EndDate: t.get(r, "endDate"),
		})
	})
	return out
}

package rosterfile

import (
	"fmt"
	"strings"
)

// Users and their roles. In OneRoster 1.2 a user's role lives in
// roles.csv, not users.csv; this file also accepts the 1.1 way and falls
// back to enrollments, because SIS exports mix the two.

// userCandidate is a valid users.csv row waiting for role resolution.
type userCandidate struct {
	row        *orRow
	user       ORUser
	legacyRole string
	legacyOrgs []string
}

func (p *orParser) buildUsers(exists func(file, id string) bool) []userCandidate {
	t := p.tables[orUsers]
	var out []userCandidate
	firstEmail := map[string]int{}
	p.eachRow(t, func(r *orRow) {
		p.checkStatus(t, r)
		u := ORUser{Line: r.line, SourcedID: t.get(r, "sourcedId"), Status: strings.ToLower(t.get(r, "status")),
			Username: t.get(r, "username"), Identifier: t.get(r, "identifier")}
		switch v := strings.ToLower(t.get(r, "enabledUser")); v {
		case "true", "false":
			u.EnabledUser = v == "true"
		default:
			p.invalid(t, r, "enabledUser", t.get(r, "enabledUser"), "true / false")
		}
		for _, c := range []struct {
			column string
			dst    *string
		}{{"givenName", &u.GivenName}, {"familyName", &u.FamilyName}, {"middleName", &u.MiddleName}} {
			raw := t.get(r, c.column)
			if raw == "" {
				continue // required ones were checked with the row
			}
			s, ok := cleanText(raw, maxNameRunes)
			if !ok {
				p.problem(t, r, c.column, CodeInvalidName,
					fmt.Sprintf("%s 长度须为 1–%d 个字符，且不能包含控制字符", c.column, maxNameRunes),
					fmt.Sprintf("%s must be 1–%d characters without control characters", c.column, maxNameRunes))
				continue
			}
			*c.dst = s
		}
		if raw := t.get(r, "email"); raw != "" {
			if e, ok := normalizeEmail(raw); !ok {
				p.problem(t, r, "email", CodeInvalidEmail,
					"邮箱格式不正确，应为 name@example.edu.cn 这样的单个地址",
					"not a valid email address; expected a single address such as name@example.edu")
			} else if line, dup := firstEmail[e]; dup {
				p.problem(t, r, "email", CodeDuplicateEmail,
					fmt.Sprintf("邮箱 %s 与第 %d 行重复", e, line),
					fmt.Sprintf("email %s repeats row %d", e, line))
			} else {
				firstEmail[e] = r.line
				u.Email = e
			}
		}
		if ids, ok := parseUserIDs(t.get(r, "userIds")); ok {
			u.UserIDs = ids
		} else {
			p.invalid(t, r, "userIds", t.get(r, "userIds"), "{type:identifier},{type:identifier}")
		}
		if o := t.get(r, "primaryOrgSourcedId"); o != "" {
			if exists(orOrgs, o) {
				u.PrimaryOrgSourcedID = o
			} else {
				p.unknown(t, r, "primaryOrgSourcedId", CodeUnknownOrg, orOrgs, o)
			}
		}
		c := userCandidate{row: r}
		for _, o := range splitList(t.get(r, "orgSourcedIds")) {
			if !exists(orOrgs, o) {
				p.unknown(t, r, "orgSourcedIds", CodeUnknownOrg, orOrgs, o)
				break
			}
			c.legacyOrgs = append(c.legacyOrgs, o)
		}
		c.legacyRole = p.checkEnum(t, r, "role", orUserRoles, "student / teacher / …")
		if r.bad {
			return
		}
		c.user = u
		out = append(out, c)
	})
	return out
}

// roleRow is a valid roles.csv row.
type roleRow struct {
	role, roleType, org string
}

func (p *orParser) checkRoles(exists func(file, id string) bool) map[string][]roleRow {
	t := p.tables[orRoles]
	if t == nil {
		return nil
	}
	out := map[string][]roleRow{}
	p.eachRow(t, func(r *orRow) {
		p.checkStatus(t, r)
		user := t.get(r, "userSourcedId")
		if !exists(orUsers, user) {
			p.unknown(t, r, "userSourcedId", CodeUnknownUser, orUsers, user)
		}
		org := t.get(r, "orgSourcedId")
		if org != "" && !exists(orOrgs, org) {
			p.unknown(t, r, "orgSourcedId", CodeUnknownOrg, orOrgs, org)
		}
		role := p.checkEnum(t, r, "role", orUserRoles, "student / teacher / …")
		roleType := p.checkEnum(t, r, "roleType", orRoleTypes, "primary / secondary")
		if r.bad {
			return
		}
		out[user] = append(out[user], roleRow{role: strings.ToLower(role), roleType: strings.ToLower(roleType), org: org})
	})
	return out
}

// resolveRole picks a user's role: the primary role in roles.csv (1.2),
// else the users.csv role column (1.1), else what the user's enrollments
// say (teacher wins: a teacher may also sit in a class). It also returns
// the orgs roles.csv ties the user to.
func resolveRole(u userCandidate, roles []roleRow, enrolled map[string]bool, haveRoles bool) (string, []string, bool) {
	var orgs []string
	for _, r := range roles {
		if r.org != "" {
			orgs = append(orgs, r.org)
		}
	}
	if haveRoles && len(roles) > 0 {
		for _, r := range roles {
			if r.roleType == "primary" {
				return r.role, orgs, true
			}
		}
		return roles[0].role, orgs, true
	}
	if u.legacyRole != "" {
		return strings.ToLower(u.legacyRole), orgs, true
	}
	switch {
	case enrolled["teacher"]:
		return "teacher", orgs, true
	case enrolled["student"]:
		return "student", orgs, true
	}
	for role := range enrolled {
		return role, orgs, true
	}
	return "", nil, false
}

// parseUserIDs reads the binding's list of "{type:identifier}" items,
// comma-separated, e.g. {LDAP:zhang3},{SIS:2023001}.
func parseUserIDs(s string) ([]ORUserID, bool) {
	if s == "" {
		return nil, true
	}
	var items []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
		case ',':
			if depth == 0 {
				items = append(items, s[start:i])
				start = i + 1
			}
		}
		if depth < 0 || depth > 1 {
			return nil, false
		}
	}
	if depth != 0 {
		return nil, false
	}
	items = append(items, s[start:])
	var out []ORUserID
	for _, it := range items {
		it = strings.TrimSpace(it)
		if len(it) < 2 || it[0] != '{' || it[len(it)-1] != '}' {
			return nil, false
		}
		typ, id, ok := strings.Cut(it[1:len(it)-1], ":")
		typ, id = strings.TrimSpace(typ), strings.TrimSpace(id)
		if !ok || typ == "" || id == "" {
			return nil, false
		}
		out = append(out, ORUserID{Type: typ, Identifier: id})
	}
	return out, true
}

// splitList splits the binding's comma-separated list of references.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

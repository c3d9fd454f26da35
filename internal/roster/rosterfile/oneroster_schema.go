package rosterfile

import "strings"

// Column lists of the OneRoster 1.2 CSV binding (1EdTech, CSV Binding
// 1.2.1), in specification order. Conformant exporters write every column
// header even when its values are blank; we insist only on the headers the
// specification marks required (required), and on non-empty values only
// where ohtalent depends on them (values). A few OneRoster 1.1 columns
// (users.role, users.orgSourcedIds) are accepted as well because SIS
// exports in the wild still mix them into 1.2 bundles. Extension columns
// are allowed under the spec's "metadata." prefix.

type orFileSpec struct {
	name     string
	columns  []string
	required []string // headers that must be present
	values   []string // columns whose value must be non-empty
	// rowFactor multiplies Options.MaxRows for this file: enrollments and
	// roles have several rows per person.
	rowFactor int
	// fixedRows, when set, replaces the MaxRows-based limit: the manifest
	// has a fixed set of properties.
	fixedRows int
}

const (
	orManifest         = "manifest.csv"
	orOrgs             = "orgs.csv"
	orAcademicSessions = "academicSessions.csv"
	orCourses          = "courses.csv"
	orClasses          = "classes.csv"
	orUsers            = "users.csv"
	orRoles            = "roles.csv"
	orEnrollments      = "enrollments.csv"
	orDemographics     = "demographics.csv"
)

var orSpecs = map[string]orFileSpec{
	orManifest: {
		name:      orManifest,
		columns:   []string{"propertyName", "value"},
		required:  []string{"propertyName", "value"},
		values:    []string{"propertyName"},
		fixedRows: 200,
	},
	orOrgs: {
		name:      orOrgs,
		columns:   []string{"sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"},
		required:  []string{"sourcedId", "name", "type"},
		values:    []string{"sourcedId", "name", "type"},
		rowFactor: 1,
	},
	orAcademicSessions: {
		name:      orAcademicSessions,
		columns:   []string{"sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear"},
		required:  []string{"sourcedId", "title", "type", "startDate", "endDate", "schoolYear"},
		values:    []string{"sourcedId"},
		rowFactor: 1,
	},
	orCourses: {
		name:      orCourses,
		columns:   []string{"sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId", "subjects", "subjectCodes"},
		required:  []string{"sourcedId", "title", "orgSourcedId"},
		values:    []string{"sourcedId"},
		rowFactor: 1,
	},
	orClasses: {
		name:      orClasses,
		columns:   []string{"sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode", "classType", "location", "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods"},
		required:  []string{"sourcedId", "title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds"},
		values:    []string{"sourcedId", "title", "schoolSourcedId"},
		rowFactor: 1,
	},
	orUsers: {
		name: orUsers,
		columns: []string{"sourcedId", "status", "dateLastModified", "enabledUser", "username", "userIds", "givenName", "familyName",
			"middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password", "userMasterIdentifier",
			"resourceSourcedIds", "preferredGivenName", "preferredMiddleName", "preferredFamilyName", "primaryOrgSourcedId", "pronouns",
			// OneRoster 1.1, tolerated.
			"orgSourcedIds", "role"},
		required:  []string{"sourcedId", "enabledUser", "username", "givenName", "familyName"},
		values:    []string{"sourcedId", "enabledUser", "username", "givenName", "familyName"},
		rowFactor: 1,
	},
	orRoles: {
		name:      orRoles,
		columns:   []string{"sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate", "endDate", "orgSourcedId", "userProfileSourcedId"},
		required:  []string{"sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"},
		values:    []string{"sourcedId", "userSourcedId", "roleType", "role"},
		rowFactor: 4,
	},
	orEnrollments: {
		name:      orEnrollments,
		columns:   []string{"sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary", "beginDate", "endDate"},
		required:  []string{"sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"},
		values:    []string{"sourcedId", "classSourcedId", "userSourcedId", "role"},
		rowFactor: 20,
	},
	orDemographics: {
		name: orDemographics,
		columns: []string{"sourcedId", "status", "dateLastModified", "birthDate", "sex", "americanIndianOrAlaskaNative", "asian",
			"blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white", "demographicRaceTwoOrMoreRaces",
			"hispanicOrLatinoEthnicity", "countryOfBirthCode", "stateOfBirthAbbreviation", "cityOfBirth", "publicSchoolResidenceStatus"},
		required:  []string{"sourcedId"},
		values:    []string{"sourcedId"},
		rowFactor: 1,
	},
}

// orRequiredFiles must be in every bundle we import; the others are read
// when present.
var orRequiredFiles = []string{orManifest, orOrgs, orUsers, orClasses, orEnrollments}

// orDataFiles in the order they are parsed and their problems reported:
// referenced entities before the files that reference them.
var orDataFiles = []string{orOrgs, orAcademicSessions, orCourses, orUsers, orRoles, orClasses, orEnrollments, orDemographics}

// Enumerations used in validation. "ext:" values are the specification's
// extension mechanism and always accepted.
var (
	orStatuses        = set("active", "tobedeleted", "inactive") // inactive: 1.1
	orOrgTypes        = set("department", "school", "district", "local", "state", "national")
	orClassTypes      = set("homeroom", "scheduled")
	orEnrollmentRoles = set("administrator", "proctor", "student", "teacher", "aide", "guardian", "parent")
	orRoleTypes       = set("primary", "secondary")
	orUserRoles       = set("aide", "counselor", "districtAdministrator", "guardian", "parent", "principal", "proctor",
		"relative", "siteAdministrator", "student", "systemAdministrator", "teacher", "administrator")
)

// set builds a lower-cased lookup: the binding's enumerations are
// camelCase, and exports vary the case ("Student", "TRUE").
func set(vals ...string) map[string]bool {
	m := make(map[string]bool, len(vals))
	for _, v := range vals {
		m[strings.ToLower(v)] = true
	}
	return m
}

// enumOK accepts an enumeration value or an "ext:" extension value.
func enumOK(allowed map[string]bool, v string) bool {
	l := strings.ToLower(v)
	return allowed[l] || (strings.HasPrefix(l, "ext:") && len(l) > 4)
}

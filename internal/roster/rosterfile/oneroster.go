package rosterfile

import (
	"fmt"
	"io"
	"strings"
)

// ORG is an organization of a OneRoster bundle (orgs.csv).
type ORG struct {
	Line            int
	SourcedID       string
	Status          string
	Name            string
	Type            string
	Identifier      string
	ParentSourcedID string
}

// ORUserID is one entry of users.csv's userIds list, "{type:identifier}".
type ORUserID struct {
	Type       string
	Identifier string
}

// ORUser is a student or teacher of a bundle (users.csv). Role comes from
// roles.csv (OneRoster 1.2), else a users.csv role column (1.1), else the
// user's enrollments; users in other roles (parents, administrators) are
// left out of Bundle.Users without a problem.
type ORUser struct {
	Line                int
	SourcedID           string
	Status              string
	EnabledUser         bool
	Username            string
	UserIDs             []ORUserID
	GivenName           string
	FamilyName          string
	MiddleName          string
	Identifier          string
	Email               string // lower-cased; may be empty
	Role                string // "student" or "teacher"
	PrimaryOrgSourcedID string
	OrgSourcedIDs       []string
}

// ORClass is a class of a bundle (classes.csv); School is the name of the
// org its schoolSourcedId points to.
type ORClass struct {
	Line            int
	SourcedID       string
	Status          string
	Title           string
	ClassCode       string
	ClassType       string
	CourseSourcedID string
	SchoolSourcedID string
	School          string
}

// OREnrollment puts a user in a class (enrollments.csv); only student and
// teacher enrollments are kept.
type OREnrollment struct {
	Line            int
	SourcedID       string
	Status          string
	ClassSourcedID  string
	SchoolSourcedID string
	UserSourcedID   string
	Role            string // "student" or "teacher"
	Primary         bool
	BeginDate       string
	EndDate         string
}

// Bundle is a parsed OneRoster bundle. Every reference in it resolves
// within it: an enrollment's class and user, a class's school, a user's
// primary org. Rows with faults, and rows that depend on them, are left
// out; Problems explains the faults, with Column as "file.csv:column".
type Bundle struct {
	Orgs        []ORG
	Users       []ORUser
	Classes     []ORClass
	Enrollments []OREnrollment
	Problems    []RowProblem
}

// ParseOneRoster reads a OneRoster 1.2 CSV bundle (a zip). The zip is
// checked before anything is decompressed (entry names, nesting, count,
// declared sizes and ratio) and again while reading.
func ParseOneRoster(r io.ReaderAt, size int64, opts Options) (*Bundle, error) {
	opts = opts.withDefaults()
	zr, ferr := openZip(r, size, orLimits)
	if ferr != nil {
		return nil, ferr
	}
	files, ferr := indexBundle(zr)
	if ferr != nil {
		return nil, ferr
	}
	budget := orLimits.maxTotalBytes
	p := &orParser{opts: opts, tables: map[string]*orTable{}, problems: map[string][]RowProblem{}}

	manifestData, ferr := readBundleFile(files[strings.ToLower(orManifest)], &budget)
	if ferr != nil {
		return nil, ferr
	}
	modes, ferr := p.readManifest(manifestData)
	if ferr != nil {
		return nil, ferr
	}
	for _, name := range orDataFiles {
		f := files[strings.ToLower(name)]
		mode, declared := modes[name]
		required := contains(orRequiredFiles, name)
		switch {
		case mode == "absent" && required:
			return nil, missingFile(name, "manifest.csv 将其标为 absent", "manifest.csv marks it absent")
		case mode == "absent":
			continue
		case f == nil && required:
			return nil, missingFile(name, "", "")
		case f == nil && declared:
			return nil, unprocessable(CodeMissingFile,
				fmt.Sprintf("manifest.csv 声明了 %s（%s），但压缩包中没有该文件", name, mode),
				fmt.Sprintf("manifest.csv declares %s (%s) but the archive does not contain it", name, mode))
		case f == nil:
			continue
		}
		data, ferr := readBundleFile(f, &budget)
		if ferr != nil {
			return nil, ferr
		}
		t, ferr := readORTable(data, orSpecs[name], opts, p.adder(name))
		if ferr != nil {
			return nil, ferr
		}
		p.tables[name] = t
	}
	return p.build(), nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// orParser holds the tables of one bundle while entities are built.
type orParser struct {
	opts     Options
	tables   map[string]*orTable
	problems map[string][]RowProblem
}

func (p *orParser) adder(file string) func(RowProblem) {
	return func(rp RowProblem) { p.problems[file] = append(p.problems[file], rp) }
}

// readManifest checks the versions and returns each file's declared mode
// ("bulk", "delta" or "absent") keyed by file name.
func (p *orParser) readManifest(data []byte) (map[string]string, *FileError) {
	t, ferr := readORTable(data, orSpecs[orManifest], p.opts, func(rp RowProblem) {})
	if ferr != nil {
		return nil, ferr
	}
	props := map[string]string{}
	for i := range t.rows {
		r := &t.rows[i]
		props[strings.ToLower(t.get(r, "propertyName"))] = t.get(r, "value")
	}
	version := props["oneroster.version"]
	switch {
	case version == "":
		return nil, unprocessable(CodeManifestInvalid,
			"manifest.csv 缺少 oneroster.version", "manifest.csv lacks oneroster.version")
	case version != "1.2" && !strings.HasPrefix(version, "1.2.") && version != "1.1":
		return nil, unprocessable(CodeUnsupportedVersion,
			fmt.Sprintf("不支持 OneRoster %s，请导出 OneRoster 1.2 CSV", truncateForMessage(version)),
			fmt.Sprintf("OneRoster %s is not supported; export OneRoster 1.2 CSV", truncateForMessage(version)))
	}
	modes := map[string]string{}
	for _, name := range orDataFiles {
		prop := "file." + strings.ToLower(strings.TrimSuffix(name, ".csv"))
		v, ok := props[prop]
		if !ok {
			continue
		}
		mode := strings.ToLower(v)
		switch mode {
		case "bulk", "delta", "absent":
			modes[name] = mode
		default:
			return nil, unprocessable(CodeManifestInvalid,
				fmt.Sprintf("manifest.csv 中 %s 的值“%s”无效，应为 bulk、delta 或 absent", "file."+strings.TrimSuffix(name, ".csv"), truncateForMessage(v)),
				fmt.Sprintf("manifest.csv: %s is %q; expected bulk, delta or absent", "file."+strings.TrimSuffix(name, ".csv"), truncateForMessage(v)))
		}
	}
	return modes, nil
}

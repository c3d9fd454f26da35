package rosterfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// The fuzzers' contract: never panic, fail only with a *FileError, and
// never hand back a row that violates the validation rules.

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("学号,姓名,邮箱\n2023001,张三,zs@x.edu.cn\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opts := range []Options{{}, {Encoding: "gbk", MaxRows: 5, MaxCellBytes: 16}} {
			tab, err := ParseCSV(bytes.NewReader(data), opts)
			checkTable(t, tab, err)
		}
	})
}

func FuzzParseOneRoster(f *testing.F) {
	f.Add([]byte("PK\x05\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseOneRoster(bytes.NewReader(data), int64(len(data)), Options{MaxRows: 100})
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("non-FileError: %v", err)
			}
			return
		}
		assertResolves(t, b)
		for _, p := range b.Problems {
			if p.Code == "" || p.MessageZh == "" || p.MessageEn == "" || p.Row < 2 {
				t.Fatalf("bad problem %+v", p)
			}
		}
		for _, u := range b.Users {
			if u.Role != "student" && u.Role != "teacher" {
				t.Fatalf("user role %q", u.Role)
			}
		}
	})
}

func checkTable(t *testing.T, tab *Table, err error) {
	t.Helper()
	if err != nil {
		var fe *FileError
		if !errors.As(err, &fe) || fe.Code == "" || fe.Status < 400 {
			t.Fatalf("unexpected error %v", err)
		}
		return
	}
	for _, r := range tab.Rows {
		if !validStudentNumber(r.StudentNumber) || r.Name == "" || r.Line < 2 {
			t.Fatalf("invalid row passed: %+v", r)
		}
		if e, ok := normalizeEmail(r.Email); !ok || e != r.Email {
			t.Fatalf("invalid email passed: %+v", r)
		}
		if r.IDCard != "" && !ValidIDCard(r.IDCard) {
			t.Fatalf("invalid id card passed: %+v", r)
		}
	}
	for _, p := range tab.Problems {
		if p.Code == "" || p.MessageZh == "" || p.MessageEn == "" || p.Row < 2 {
			t.Fatalf("bad problem %+v", p)
		}
	}
}

// TestWriteFuzzSeeds regenerates the committed seed corpora under
// testdata/fuzz. Run with ROSTERFILE_WRITE_SEEDS=1 after changing the
// fixtures.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("ROSTERFILE_WRITE_SEEDS") == "" {
		t.Skip("set ROSTERFILE_WRITE_SEEDS=1 to regenerate testdata/fuzz")
	}
	id := idCard("11010519491231002")
	csvSeeds := map[string][]byte{
		"utf8":           csvText(hdr, "2023001,张三,zs@example.edu.cn,"+id+",计科2301", "2023002,李四,ls@example.edu.cn,,"),
		"utf8-bom":       append([]byte{0xEF, 0xBB, 0xBF}, csvText("学号,姓名,邮箱", "2023001,张三,zs@x.edu.cn")...),
		"gbk":            gbk(t, "学号,姓名,邮箱\r\n2023001,张三,zs@x.edu.cn\r\n"),
		"trailing-comma": csvText("student_number,name,email,", "S1,Zhang,z@x.cn,", "S2,Li,l@x.cn,"),
		"quotes":         csvText(hdr, `2023001,"张,三",zs@x.edu.cn,,`, `2023002,李"四,ls@x.edu.cn,,`, `2023003,"王""五",ww@x.edu.cn,,`),
		"problems":       csvText(hdr, "2023001,,bad,123,", "2023001,张三,zs@x.edu.cn,"+badCheck("11010519491231002")+",", ",,,,", "x,y,z@x.cn,,,extra"),
		"bad-header":     csvText("学号,姓铭,邮箱", "1,2,3"),
	}
	files := validBundleFiles(t)
	orSeeds := map[string][]byte{
		"valid": bundleZip(t, files),
		"bad-refs": func() []byte {
			f := validBundleFiles(t)
			f[orEnrollments] = bytes.Replace(f[orEnrollments], []byte("k-ds"), []byte("k-x"), 1)
			return bundleZip(t, f)
		}(),
		"traversal": buildZip(t, zipEntry{name: "../../etc/passwd", data: []byte("root")}, zipEntry{name: orManifest, data: files[orManifest]}),
		"nested":    buildZip(t, zipEntry{name: orManifest, data: files[orManifest]}, zipEntry{name: "inner.zip", data: buildZip(t, zipEntry{name: "a", data: []byte("b")})}),
		"minimal": bundleZip(t, map[string][]byte{
			orManifest: manifestCSV(t, map[string]string{"file.academicSessions": "absent", "file.courses": "absent",
				"file.roles": "absent", "file.demographics": "absent"}),
			orOrgs:        []byte("sourcedId,name,type\no1,U,school\n"),
			orUsers:       []byte("sourcedId,enabledUser,username,givenName,familyName,email\nu1,true,a,A,B,a@x.cn\n"),
			orClasses:     []byte("sourcedId,title,courseSourcedId,classType,schoolSourcedId,termSourcedIds\nc1,T,,scheduled,o1,\n"),
			orEnrollments: []byte("sourcedId,classSourcedId,schoolSourcedId,userSourcedId,role\ne1,c1,o1,u1,student\n"),
		}),
	}
	writeCorpus(t, "FuzzParseCSV", csvSeeds)
	writeCorpus(t, "FuzzParseOneRoster", orSeeds)
}

func writeCorpus(t *testing.T, fuzzer string, seeds map[string][]byte) {
	t.Helper()
	dir := filepath.Join("testdata", "fuzz", fuzzer)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range seeds {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(data)))
		if err := os.WriteFile(filepath.Join(dir, "seed-"+name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

package rosterfile

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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

func FuzzParseXLSX(f *testing.F) {
	f.Add(minimalXLSX(nil, seedSheetXML, seedSharedStrings, false))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ParseXLSX(bytes.NewReader(data), int64(len(data)), Options{MaxRows: 100})
		checkTable(t, tab, err)
	})
}

// FuzzParseXLSXSheet mutates the XML of a worksheet and of the shared
// strings inside a well-formed package, so mutations reach the sheet
// readers instead of dying at the zip checksum.
func FuzzParseXLSXSheet(f *testing.F) {
	f.Add([]byte(seedSheetXML), []byte(seedSharedStrings))
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		data := minimalXLSX(t, string(sheet), string(sst), false)
		tab, err := ParseXLSX(bytes.NewReader(data), int64(len(data)), Options{MaxRows: 100, MaxCellBytes: 64})
		checkTable(t, tab, err)
	})
}

const seedSharedStrings = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">` +
	`<si><t>学号</t></si><si><t>姓名</t></si><si><t>邮箱</t></si></sst>`

// seedSheetXML has shared strings, an inline string, a number with a
// format, a formula and a gap between rows.
const seedSheetXML = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
	`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>` +
	`<row r="2"><c r="A2"><v>2023001</v></c><c r="B2" t="inlineStr"><is><t>张三</t></is></c><c r="C2" t="inlineStr"><is><t>zs@x.edu.cn</t></is></c></row>` +
	`<row r="4"><c r="A4" t="str"><f>A2+1</f><v>2023002</v></c><c r="B4" t="inlineStr"><is><t>李四</t></is></c><c r="C4" t="inlineStr"><is><t>ls@x.edu.cn</t></is></c></row>` +
	`</sheetData></worksheet>`

// minimalXLSX packs a worksheet (and shared strings unless empty) into the
// smallest package excelize and the part reader accept; stored leaves the
// parts uncompressed, so byte mutations land in the XML. t may be nil.
func minimalXLSX(t testing.TB, sheet, sst string, stored bool) []byte {
	parts := []zipEntry{
		{name: "[Content_Types].xml", data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)},
		{name: "_rels/.rels", data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{name: "xl/workbook.xml", data: []byte(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{name: "xl/_rels/workbook.xml.rels", data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)},
		{name: "xl/worksheets/sheet1.xml", data: []byte(sheet)},
	}
	if sst != "" {
		parts = append(parts, zipEntry{name: "xl/sharedStrings.xml", data: []byte(sst)})
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		m := zip.Deflate
		if stored {
			m = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: m})
		if err == nil {
			_, err = w.Write(p.data)
		}
		if err != nil && t != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil && t != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
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
	xlsxSeeds := map[string][]byte{
		"minimal": minimalXLSX(t, seedSheetXML, seedSharedStrings, false),
		"stored":  minimalXLSX(t, seedSheetXML, seedSharedStrings, true),
		"no-sst":  minimalXLSX(t, strings.ReplaceAll(seedSheetXML, `t="s"><v>0</v>`, `t="inlineStr"><is><t>学号</t></is>`), "", false),
		"not-zip": []byte("学号,姓名,邮箱\n"),
		"empty":   minimalXLSX(t, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>`, "", false),
	}
	sheetSeeds := map[string][2]string{
		"minimal":    {seedSheetXML, seedSharedStrings},
		"far-row":    {strings.Replace(seedSheetXML, `r="4"`, `r="1048576"`, 1), seedSharedStrings},
		"far-col":    {strings.Replace(seedSheetXML, `r="C2"`, `r="XFD2"`, 1), seedSharedStrings},
		"bad-index":  {strings.Replace(seedSheetXML, `<v>2</v>`, `<v>99</v>`, 1), seedSharedStrings},
		"rich-text":  {seedSheetXML, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><t>学</t></r><r><t>号</t></r></si><si><t>姓名</t></si><si><t xml:space="preserve"> 邮箱 </t></si></sst>`},
		"error-cell": {strings.Replace(seedSheetXML, `<c r="A2"><v>2023001</v></c>`, `<c r="A2" t="e"><v>#REF!</v></c>`, 1), seedSharedStrings},
	}
	writeCorpus(t, "FuzzParseXLSX", xlsxSeeds)
	writeCorpus2(t, "FuzzParseXLSXSheet", sheetSeeds)
	writeCorpus(t, "FuzzParseCSV", csvSeeds)
	writeCorpus(t, "FuzzParseOneRoster", orSeeds)
}

// writeCorpus2 writes seeds of a fuzzer that takes two []byte arguments.
func writeCorpus2(t *testing.T, fuzzer string, seeds map[string][2]string) {
	t.Helper()
	dir := filepath.Join("testdata", "fuzz", fuzzer)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, s := range seeds {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n[]byte(%s)\n", strconv.Quote(s[0]), strconv.Quote(s[1]))
		if err := os.WriteFile(filepath.Join(dir, "seed-"+name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
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

// TestXLSXFuzzSeedParses keeps the seed meaningful: a seed the parser
// rejects outright would leave the fuzzer mutating an error path.
func TestXLSXFuzzSeedParses(t *testing.T) {
	for _, stored := range []bool{false, true} {
		data := minimalXLSX(t, seedSheetXML, seedSharedStrings, stored)
		tab, err := ParseXLSX(bytes.NewReader(data), int64(len(data)), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(tab.Rows) != 1 || tab.Rows[0].StudentNumber != "2023001" || len(tab.Problems) != 1 || tab.Problems[0].Row != 4 {
			t.Fatalf("stored=%v: rows %+v problems %+v", stored, tab.Rows, tab.Problems)
		}
	}
}

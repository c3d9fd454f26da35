package rosterfile

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestParseXLSXValid(t *testing.T) {
	id := idCard("11010519491231002")
	data := buildXLSX(t, func(f *excelize.File) {
		setRows(t, f, "Sheet1",
			[]any{"学号", "姓名", "邮箱", "身份证号", "班级"},
			[]any{"00123", "张三", "ZS@x.edu.cn", id, "计科2301"}, // text with leading zeros
			[]any{123, "李四", "ls@x.edu.cn"},                   // number shown as 000123 below
			[]any{20230001, "王五", "ww@x.edu.cn"},              // plain number
			[]any{12000000000, "赵六", "zl@x.edu.cn"},           // scientific format below
			[]any{nil, nil, nil},
			[]any{"S-7_x", "Émile", "em@x.edu.cn"},
		)
		zeros, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("000000")})
		_ = f.SetCellStyle("Sheet1", "A3", "A3", zeros)
		sci, _ := f.NewStyle(&excelize.Style{NumFmt: 11}) // 0.00E+00
		_ = f.SetCellStyle("Sheet1", "A5", "A5", sci)
	})
	tab, err := parseXLSXBytes(t, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Format != "xlsx" || len(tab.Problems) != 0 {
		t.Fatalf("format %s problems %+v", tab.Format, tab.Problems)
	}
	want := []Row{
		{Line: 2, StudentNumber: "00123", Name: "张三", Email: "zs@x.edu.cn", IDCard: id, Class: "计科2301"},
		{Line: 3, StudentNumber: "000123", Name: "李四", Email: "ls@x.edu.cn"},
		{Line: 4, StudentNumber: "20230001", Name: "王五", Email: "ww@x.edu.cn"},
		{Line: 5, StudentNumber: "12000000000", Name: "赵六", Email: "zl@x.edu.cn"},
		{Line: 7, StudentNumber: "S-7_x", Name: "Émile", Email: "em@x.edu.cn"},
	}
	if len(tab.Rows) != len(want) {
		t.Fatalf("rows = %+v", tab.Rows)
	}
	for i := range want {
		if tab.Rows[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, tab.Rows[i], want[i])
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestParseXLSXFormulas(t *testing.T) {
	data := buildXLSX(t, func(f *excelize.File) {
		setRows(t, f, "Sheet1",
			[]any{"学号", "姓名", "邮箱"},
			[]any{"2023001", "张三", "zs@x.edu.cn"},
			[]any{"2023002", "李四"},
			[]any{"2023003", "王五", "ww@x.edu.cn"},
		)
		_ = f.SetCellFormula("Sheet1", "C3", `LOWER("LS@x.edu.cn")`)
		_ = f.SetCellFormula("Sheet1", "A4", "A2+2")
	})
	tab, err := parseXLSXBytes(t, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Problems) != 2 {
		t.Fatalf("problems = %+v", tab.Problems)
	}
	wantOnlyProblem(t, tab.Problems[:1], 3, "邮箱", CodeFormulaCell)
	p := wantOnlyProblem(t, tab.Problems[1:], 4, "学号", CodeFormulaCell)
	if p.MessageZh != "公式单元格不被接受，请粘贴为数值" || p.MessageEn != "formula cells are not accepted; paste values" {
		t.Fatalf("message = %s / %s", p.MessageZh, p.MessageEn)
	}
	if len(tab.Rows) != 1 || tab.Rows[0].Line != 2 {
		t.Fatalf("rows = %+v", tab.Rows)
	}
}

func TestParseXLSXSharedFormulaWithCachedValues(t *testing.T) {
	// Excel writes a filled-down formula as a master cell and followers
	// holding only <f t="shared" si="0"/>, each with a cached value; the
	// cached values look like ordinary data, so the <f> must be seen.
	sheet := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>学号</t></is></c><c r="B1" t="inlineStr"><is><t>姓名</t></is></c><c r="C1" t="inlineStr"><is><t>邮箱</t></is></c></row>
<row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2" t="inlineStr"><is><t>张三</t></is></c><c r="C2" t="inlineStr"><is><t>zs@x.edu.cn</t></is></c></row>
<row r="3"><c r="A3"><f t="shared" ref="A3:A4" si="0">ROW()</f><v>3</v></c><c r="B3" t="inlineStr"><is><t>李四</t></is></c><c r="C3" t="inlineStr"><is><t>ls@x.edu.cn</t></is></c></row>
<row r="4"><c r="A4"><f t="shared" si="0"/><v>4</v></c><c r="B4" t="inlineStr"><is><t>王五</t></is></c><c r="C4" t="inlineStr"><is><t>ww@x.edu.cn</t></is></c></row>
<row r="6"><c r="A6" t="inlineStr"><is><t>2023006</t></is></c><c r="B6" t="inlineStr"><is><t>赵六</t></is></c><c r="C6" t="inlineStr"><is><t>zl@x.edu.cn</t></is></c></row>
</sheetData></worksheet>`
	data := replaceZipEntry(t, buildXLSX(t, func(f *excelize.File) {
		setRows(t, f, "Sheet1", []any{"placeholder"})
	}), "xl/worksheets/sheet1.xml", []byte(sheet))
	tab, err := parseXLSXBytes(t, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range tab.Problems {
		got = append(got, fmt.Sprintf("%d:%s:%s", p.Row, p.Column, p.Code))
	}
	if strings.Join(got, " ") != "2:学号:formula_cell 3:学号:formula_cell 4:学号:formula_cell" {
		t.Fatalf("problems = %v", got)
	}
	if len(tab.Rows) != 1 || tab.Rows[0].Line != 6 || tab.Rows[0].StudentNumber != "2023006" {
		t.Fatalf("rows = %+v", tab.Rows)
	}
}

// replaceZipEntry rewrites one part of a zip.
func replaceZipEntry(t *testing.T, data []byte, name string, content []byte) []byte {
	t.Helper()
	zr := mustZipReader(t, data)
	var entries []zipEntry
	for _, f := range zr.File {
		b := content
		if f.Name != name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			_, _ = buf.ReadFrom(rc)
			rc.Close()
			b = buf.Bytes()
		}
		entries = append(entries, zipEntry{name: f.Name, data: b})
	}
	return buildZip(t, entries...)
}

func TestParseXLSXRowProblems(t *testing.T) {
	huge := strings.Repeat("张", 2000) // 6,000 bytes
	tests := []struct {
		name   string
		rows   [][]any
		row    int
		column string
		code   string
	}{
		{"huge cell", [][]any{{"2023001", huge, "zs@x.edu.cn"}}, 2, "姓名", CodeCellTooLarge},
		{"extra column", [][]any{{"2023001", "张三", "zs@x.edu.cn", nil, nil, "x"}}, 2, "F", CodeExtraColumns},
		{"short row means empty cells", [][]any{{"2023001", "张三"}}, 2, "Email", CodeRequired},
		{"invalid email", [][]any{{"2023001", "张三", "not-an-email"}}, 2, "Email", CodeInvalidEmail},
		{"duplicate after gap", [][]any{{"2023001", "张三", "zs@x.edu.cn"}, {}, {}, {"2023001", "李四", "ls@x.edu.cn"}}, 5, "学号", CodeDuplicateStudentNumber},
		{"number too long for excel", [][]any{{1234567890123456789.0, "张三", "zs@x.edu.cn"}}, 2, "学号", CodeInvalidStudentNumber},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := buildXLSX(t, func(f *excelize.File) {
				setRows(t, f, "Sheet1", append([][]any{{"学号", "姓名", "Email"}}, tc.rows...)...)
			})
			tab, err := parseXLSXBytes(t, data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			wantOnlyProblem(t, tab.Problems, tc.row, tc.column, tc.code)
		})
	}
}

func TestParseXLSXSheets(t *testing.T) {
	data := buildXLSX(t, func(f *excelize.File) {
		setRows(t, f, "Sheet1", []any{"说明"}, []any{"请看第二个工作表"})
		if _, err := f.NewSheet("名单"); err != nil {
			t.Fatal(err)
		}
		setRows(t, f, "名单", nil, nil, []any{"学号", "姓名", "邮箱"}, []any{"2023001", "张三", "zs@x.edu.cn"})
	})
	_, err := parseXLSXBytes(t, data, Options{})
	wantFileError(t, err, 422, CodeUnknownHeaders) // first sheet by default
	tab, err := parseXLSXBytes(t, data, Options{Sheet: "名单"})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 1 || tab.Rows[0].Line != 4 {
		t.Fatalf("rows = %+v problems = %+v", tab.Rows, tab.Problems)
	}
	fe := wantFileError(t, errOf(parseXLSXBytes(t, data, Options{Sheet: "Roster"})), 422, CodeSheetNotFound)
	if !strings.Contains(fe.MessageEn, "名单") {
		t.Fatalf("message does not list the sheets: %s", fe.MessageEn)
	}
}

func errOf(_ *Table, err error) error { return err }

func TestParseXLSXEmpty(t *testing.T) {
	_, err := parseXLSXBytes(t, buildXLSX(t, func(f *excelize.File) {}), Options{})
	wantFileError(t, err, 422, CodeEmptyFile)
	_, err = parseXLSXBytes(t, buildXLSX(t, func(f *excelize.File) {
		setRows(t, f, "Sheet1", []any{"学号", "姓名", "邮箱"})
	}), Options{})
	wantFileError(t, err, 422, CodeNoDataRows)
}

func TestParseXLSXMaxRows(t *testing.T) {
	build := func(n int) []byte {
		return buildXLSX(t, func(f *excelize.File) {
			sw, err := f.NewStreamWriter("Sheet1")
			if err != nil {
				t.Fatal(err)
			}
			_ = sw.SetRow("A1", []any{"学号", "姓名", "邮箱"})
			for i := 0; i < n; i++ {
				cell, _ := excelize.CoordinatesToCellName(1, i+2)
				_ = sw.SetRow(cell, []any{fmt.Sprintf("S%07d", i), "张三", fmt.Sprintf("s%d@x.edu.cn", i)})
			}
			if err := sw.Flush(); err != nil {
				t.Fatal(err)
			}
		})
	}
	small := build(4)
	if _, err := parseXLSXBytes(t, small, Options{MaxRows: 4}); err != nil {
		t.Fatalf("4 rows at MaxRows 4: %v", err)
	}
	_, err := parseXLSXBytes(t, small, Options{MaxRows: 3})
	wantFileError(t, err, 413, CodeTooManyRows)

	big := build(DefaultMaxRows + 1)
	start := time.Now()
	_, err = parseXLSXBytes(t, big, Options{})
	fe := wantFileError(t, err, 413, CodeTooManyRows)
	if !strings.Contains(fe.MessageEn, "50000") {
		t.Fatalf("message does not state the limit: %s", fe.MessageEn)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Fatalf("refusing took %v", d)
	}
}

func TestParseXLSXNotAWorkbook(t *testing.T) {
	_, err := parseXLSXBytes(t, []byte("学号,姓名,邮箱\n"), Options{})
	wantFileError(t, err, 415, CodeInvalidZip)
	_, err = parseXLSXBytes(t, buildZip(t, zipEntry{name: "hello.txt", data: []byte("hi")}), Options{})
	wantFileError(t, err, 415, CodeInvalidXLSX)
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	_, err = parseXLSXBytes(t, ole, Options{})
	wantFileError(t, err, 415, CodeInvalidZip)
}

func TestParseXLSXZipBomb(t *testing.T) {
	valid := buildXLSX(t, func(f *excelize.File) {
		setRows(t, f, "Sheet1", []any{"学号", "姓名", "邮箱"}, []any{"1", "张三", "zs@x.edu.cn"})
	})
	zr := mustZipReader(t, valid)
	var entries []zipEntry
	for _, f := range zr.File {
		rc, _ := f.Open()
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(rc)
		rc.Close()
		entries = append(entries, zipEntry{name: f.Name, data: buf.Bytes()})
	}
	entries = append(entries, zipEntry{name: "xl/media/zeros.bin", data: make([]byte, 20<<20)})
	_, err := parseXLSXBytes(t, buildZip(t, entries...), Options{})
	wantFileError(t, err, 413, CodeZipBomb)
}

func TestParseXLSXStrayFarColumn(t *testing.T) {
	data := buildXLSX(t, func(f *excelize.File) {
		setRows(t, f, "Sheet1", []any{"学号", "姓名", "邮箱"}, []any{"2023001", "张三", "zs@x.edu.cn"})
		_ = f.SetCellValue("Sheet1", "XFD3", "x")
	})
	_, err := parseXLSXBytes(t, data, Options{})
	fe := wantFileError(t, err, 422, CodeTooManyColumns)
	if !strings.Contains(fe.MessageEn, "row 3") || !strings.Contains(fe.MessageEn, "XFD") {
		t.Fatalf("message = %s", fe.MessageEn)
	}
}

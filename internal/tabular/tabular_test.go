package tabular

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestSafeCellDefusesFormulaLeads(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"+1":                "'+1",
		"-1":                "'-1",
		"@SUM(A1)":          "'@SUM(A1)",
		"\tx":               "'\tx",
		"张三":                "张三",
		"":                  "",
		"a=b":               "a=b",
	} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVAndXLSXRoundTrip(t *testing.T) {
	table := [][]string{{"姓名 name", "证书 credential"}, {SafeCell("=1+1"), "abc"}}
	raw := CSV(table)
	if !bytes.HasPrefix(raw, []byte("\ufeff")) {
		t.Fatal("CSV lacks the UTF-8 byte-order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != "'=1+1" || rows[0][0] != "姓名 name" {
		t.Fatalf("CSV read back %v, %v", rows, err)
	}
	x, err := XLSX(table)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(x))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows(f.GetSheetName(0))
	if err != nil || len(got) != 2 || got[1][0] != "'=1+1" || got[1][1] != "abc" {
		t.Fatalf("XLSX read back %v, %v", got, err)
	}
	if formula, _ := f.GetCellFormula(f.GetSheetName(0), "A2"); formula != "" {
		t.Fatalf("A2 holds a formula %q", formula)
	}
}

package rosterfile

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// idCard returns a valid 18-character ID number for a 17-digit body.
func idCard(body string) string {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(body[i]-'0') * idCardWeights[i]
	}
	return body + string("10X98765432"[sum%11])
}

// badCheck returns the ID number with a wrong check character.
func badCheck(body string) string {
	good := idCard(body)
	for _, c := range "0123456789X" {
		if byte(c) != good[17] {
			return body + string(c)
		}
	}
	panic("unreachable")
}

func csvText(lines ...string) []byte { return []byte(strings.Join(lines, "\r\n") + "\r\n") }

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("gbk encode: %v", err)
	}
	return b
}

func parseCSVBytes(t *testing.T, data []byte, opts Options) (*Table, error) {
	t.Helper()
	return ParseCSV(bytes.NewReader(data), opts)
}

// buildXLSX makes a workbook in memory; fill gets the file with its
// default sheet "Sheet1".
func buildXLSX(t *testing.T, fill func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	fill(f)
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatalf("write xlsx: %v", err)
	}
	return buf.Bytes()
}

func setRows(t *testing.T, f *excelize.File, sheet string, rows ...[]any) {
	t.Helper()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatalf("set row: %v", err)
		}
	}
}

func parseXLSXBytes(t *testing.T, data []byte, opts Options) (*Table, error) {
	t.Helper()
	return ParseXLSX(bytes.NewReader(data), int64(len(data)), opts)
}

type zipEntry struct {
	name   string
	data   []byte
	method uint16 // zip.Deflate unless zip.Store is asked for
}

func buildZip(t *testing.T, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		method := e.method
		if method == 0 {
			method = zip.Deflate
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: method})
		if err != nil {
			t.Fatalf("zip create %q: %v", e.name, err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatalf("zip write: %v", err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatalf("zip close: %v", err)
	}
	return buf.Bytes()
}

func wantFileError(t *testing.T, err error, status int, code string) *FileError {
	t.Helper()
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("want *FileError %d %s, got %v", status, code, err)
	}
	if fe.Status != status || fe.Code != code {
		t.Fatalf("want FileError %d %s, got %d %s: %s", status, code, fe.Status, fe.Code, fe.MessageEn)
	}
	if fe.MessageZh == "" || fe.MessageEn == "" {
		t.Fatalf("FileError %s lacks a message: %+v", code, fe)
	}
	return fe
}

// wantOnlyProblem asserts exactly one problem with the given position and
// code.
func wantOnlyProblem(t *testing.T, ps []RowProblem, row int, column, code string) RowProblem {
	t.Helper()
	if len(ps) != 1 {
		t.Fatalf("want 1 problem (%d %q %s), got %d: %+v", row, column, code, len(ps), ps)
	}
	p := ps[0]
	if p.Row != row || p.Column != column || p.Code != code {
		t.Fatalf("want problem (%d %q %s), got (%d %q %s) %s", row, column, code, p.Row, p.Column, p.Code, p.MessageEn)
	}
	if p.MessageZh == "" || p.MessageEn == "" {
		t.Fatalf("problem %s lacks a message", code)
	}
	return p
}

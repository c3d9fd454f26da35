package rosterfile

import (
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestDetect(t *testing.T) {
	xlsx := buildXLSX(t, func(f *excelize.File) {
		setRows(t, f, "Sheet1", []any{"学号", "姓名", "邮箱"})
	})
	bundle := bundleZip(t, validBundleFiles(t))
	// A bundle whose manifest is not the first entry and whose first entry
	// is too large to see past in 512 bytes.
	late := buildZip(t, zipEntry{name: "notes.txt", data: make([]byte, 4096), method: 0},
		zipEntry{name: orManifest, data: manifestCSV(t, nil)})
	docx := buildZip(t, zipEntry{name: "[Content_Types].xml", data: []byte("<Types/>")}, zipEntry{name: "word/document.xml", data: []byte("<w/>")})
	ole := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}
	head := func(b []byte, n int) []byte { return b[:min(n, len(b))] }

	tests := []struct {
		name        string
		head        []byte
		filename    string
		contentType string
		want        string
	}{
		{"csv utf-8", []byte("学号,姓名,邮箱\n"), "roster.csv", "text/csv", FormatCSV},
		{"csv BOM no name", append([]byte{0xEF, 0xBB, 0xBF}, "学号"...), "", "", FormatCSV},
		{"csv gbk as ms-excel", gbk(t, "学号,姓名,邮箱\n"), "名单.CSV", "application/vnd.ms-excel", FormatCSV},
		{"csv utf-16", []byte{0xFF, 0xFE, 'a', 0}, "roster.txt", "", FormatCSV},
		{"xlsx", head(xlsx, 4096), "roster.xlsx", "", FormatXLSX},
		{"xlsx 512 bytes, no name", head(xlsx, 512), "", "", FormatXLSX},
		{"xlsx renamed .zip", head(xlsx, 4096), "roster.zip", "application/zip", FormatXLSX},
		{"oneroster", head(bundle, 4096), "export.zip", "application/zip", FormatOneRoster},
		{"oneroster no name", head(bundle, 512), "", "application/octet-stream", FormatOneRoster},
		{"oneroster manifest not first", head(late, 512), `C:\fakepath\export.zip`, "", FormatOneRoster},
		{"unknown zip named xlsx", head(late, 30), "x.xlsx", "", FormatXLSX},
		{"docx", head(docx, 4096), "letter.docx", "", ""},
		{"legacy xls", ole, "old.xls", "application/vnd.ms-excel", ""},
		{"text named xlsx", []byte("学号,姓名"), "roster.xlsx", "", ""},
		{"binary", []byte{1, 2, 0, 4}, "data.bin", "", ""},
		{"empty zip", []byte("PK\x05\x06" + string(make([]byte, 18))), "a.zip", "", FormatOneRoster},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Detect(tc.head, tc.filename, tc.contentType); got != tc.want {
				t.Fatalf("Detect = %q, want %q", got, tc.want)
			}
		})
	}
}

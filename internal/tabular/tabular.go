// Package tabular writes reports as spreadsheets people open in Excel or
// WPS: UTF-8 CSV with a byte-order mark, and XLSX, both defused against
// formula injection.
package tabular

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"github.com/xuri/excelize/v2"
)

// SafeCell defuses spreadsheet formula injection: a cell that begins with
// = + - @ or a tab or carriage return is prefixed with an apostrophe, so a
// name such as "=HYPERLINK(...)" stays text when the file is opened.
func SafeCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// CSV lays the table out as CSV with a UTF-8 byte-order mark, so that
// spreadsheet tools read Chinese text correctly.
func CSV(table [][]string) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.WriteAll(table) // writes to memory; cannot fail
	return b.Bytes()
}

// XLSX lays the table out as the first sheet of a workbook. Every value is
// written as a string: excelize never turns a string into a formula.
func XLSX(table [][]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	for r, row := range table {
		for col, v := range row {
			cell, err := excelize.CoordinatesToCellName(col+1, r+1)
			if err != nil {
				return nil, err
			}
			if err := f.SetCellStr(sheet, cell, v); err != nil {
				return nil, err
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// CheckFormat validates a ?format= value among json, csv and xlsx; empty
// means json.
func CheckFormat(format string) (string, error) {
	switch format {
	case "":
		return "json", nil
	case "json", "csv", "xlsx":
		return format, nil
	}
	return "", httpx.Invalid(httpx.FieldError{Field: "format", Message: "must be json, csv or xlsx"})
}

// Send answers with the table as a CSV or XLSX attachment named
// name.csv or name.xlsx. The caller has already defused the cells.
func Send(c *gin.Context, format, name string, table [][]string) {
	if format == "csv" {
		c.Header("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		c.Data(http.StatusOK, "text/csv; charset=utf-8", CSV(table))
		return
	}
	raw, err := XLSX(table)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", raw)
}

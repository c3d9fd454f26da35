package rosterfile

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxLimits: a workbook is a zip of many small parts (styles, themes,
// one per sheet), so it gets a generous entry count; sizes are the common
// upload limits.
// maxSheetColumns bounds how far right a row may have content: 256 (IV)
// was Excel's own limit before 2007 and is far past any roster.
const maxSheetColumns = 256

var xlsxLimits = zipLimits{
	what:          "XLSX",
	maxEntries:    1000,
	maxEntryBytes: MaxFileBytes,
	maxTotalBytes: MaxFileBytes,
}

// ParseXLSX reads the first worksheet (or opts.Sheet) of a workbook. Rows
// are streamed, so a sheet with a million rows is refused at MaxRows
// without being loaded. Values are read as displayed, which keeps a
// student number like 000123 (a number with a 000000 format, or text)
// exactly as the registrar sees it.
func ParseXLSX(r io.ReaderAt, size int64, opts Options) (*Table, error) {
	opts = opts.withDefaults()
	// The zip's declared sizes are checked before excelize decompresses
	// anything.
	zr, ferr := openZip(r, size, xlsxLimits)
	if ferr != nil {
		return nil, ferr
	}
	budget := uint64(MaxFileBytes)
	sheets, ferr := workbookSheets(zr, xlsxLimits, &budget)
	if ferr != nil {
		return nil, ferr
	}
	sheet := sheets[0]
	if opts.Sheet != "" {
		found := false
		for _, s := range sheets {
			if strings.EqualFold(s.name, strings.TrimSpace(opts.Sheet)) {
				sheet, found = s, true
				break
			}
		}
		if !found {
			names := make([]string, len(sheets))
			for i, s := range sheets {
				names[i] = s.name
			}
			return nil, unprocessable(CodeSheetNotFound,
				fmt.Sprintf("工作簿中没有名为“%s”的工作表；现有：%s", truncateForMessage(opts.Sheet), strings.Join(names, "、")),
				fmt.Sprintf("the workbook has no sheet named %q; it has: %s", truncateForMessage(opts.Sheet), strings.Join(names, ", ")))
		}
	}
	part := findZipFile(zr, sheet.part)
	if part == nil {
		return nil, notWorkbook()
	}

	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		UnzipSizeLimit:    MaxFileBytes,
		UnzipXMLSizeLimit: 16 << 20, // bigger sheets are streamed from a temp file
	})
	if err != nil {
		return nil, notWorkbook()
	}
	defer f.Close()
	rows, err := f.Rows(sheet.name)
	if err != nil {
		return nil, notWorkbook()
	}
	defer rows.Close()
	meta, err := newSheetScanner(part, MaxFileBytes)
	if err != nil {
		return nil, corruptEntry(part.Name, err)
	}
	defer meta.Close()

	t := &Table{Format: "xlsx"}
	var b *tableBuilder
	// excelize yields every row number in order, gaps included, so the
	// iteration count is the row number the registrar sees.
	for rowNum := 1; rows.Next(); rowNum++ {
		// Metadata first: excelize allocates a slot for every column up to
		// the last non-empty one, so a stray value in column XFD on each of
		// 50,000 rows would cost gigabytes before we could object.
		info := meta.row(rowNum)
		width := 0
		for c := range info {
			width = max(width, c+1)
		}
		if width > maxSheetColumns {
			return nil, unprocessable(CodeTooManyColumns,
				fmt.Sprintf("第 %d 行在第 %s 列有内容，超出名单表的范围（最多 %d 列）；请删除右侧多余的内容", rowNum, columnLetter(width-1), maxSheetColumns),
				fmt.Sprintf("row %d has content in column %s, beyond any roster (at most %d columns); delete the stray cells on the right", rowNum, columnLetter(width-1), maxSheetColumns))
		}
		vals, err := rows.Columns()
		if err != nil {
			return nil, notWorkbook()
		}
		width = max(width, len(vals))
		cells := make([]cellInput, width)
		for i := range cells {
			if i < len(vals) {
				cells[i].value = vals[i]
			}
			cells[i].formula = info[i].formula
		}
		if b == nil {
			if blankRow(cells) {
				continue
			}
			names := make([]string, len(cells))
			for i, c := range cells {
				names[i] = c.value
			}
			h, ferr := resolveHeader(names, false)
			if ferr != nil {
				return nil, ferr
			}
			b = newTableBuilder(h, t, opts, false)
			continue
		}
		if i := b.h.col[fieldStudentNumber]; i < len(cells) {
			cells[i].value, cells[i].lostDigits = studentNumberFromNumber(cells[i].value, info[i])
		}
		if ferr := b.add(rowNum, cells); ferr != nil {
			return nil, ferr
		}
	}
	if err := rows.Error(); err != nil {
		return nil, notWorkbook()
	}
	if b == nil {
		return nil, unprocessable(CodeEmptyFile, "工作表是空的", "the worksheet is empty")
	}
	if ferr := b.finish(); ferr != nil {
		return nil, ferr
	}
	return t, nil
}

// studentNumberFromNumber returns the student number to validate for a
// cell: the displayed text, unless that is not a valid student number and
// the cell stores an integer, in which case the display format (scientific
// 1.20E+10, thousands separators, decimals) is hiding the digits the
// registrar typed and the stored integer is the intent. lost reports a
// number cell past 15 significant digits: Excel keeps 15, so its tail has
// already been replaced by zeros whatever the file now says.
func studentNumberFromNumber(shown string, m cellMeta) (value string, lost bool) {
	if m.formula || (m.typ != "" && m.typ != "n") || m.raw == "" {
		return shown, false
	}
	digits := ""
	if isDigits(m.raw) {
		digits = m.raw
	} else if v, err := strconv.ParseFloat(m.raw, 64); err == nil && v >= 0 && v == math.Trunc(v) {
		digits = strconv.FormatFloat(v, 'f', -1, 64)
	}
	if digits != "" && len(strings.TrimLeft(digits, "0")) > 15 {
		return shown, true
	}
	if validStudentNumber(cleanIdentifier(shown)) || digits == "" {
		return shown, false
	}
	return digits, false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

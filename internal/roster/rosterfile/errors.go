package rosterfile

import (
	"fmt"
	"net/http"
)

// FileError rejects a whole file; nothing in it is imported. Status is the
// HTTP status to answer with (400, 413, 415 or 422).
type FileError struct {
	Status    int
	Code      string
	MessageZh string
	MessageEn string
}

// Error returns the English message, prefixed with the code so logs can be
// grepped by it.
func (e *FileError) Error() string {
	return fmt.Sprintf("rosterfile: %s: %s", e.Code, e.MessageEn)
}

func fileErr(status int, code, zh, en string) *FileError {
	return &FileError{Status: status, Code: code, MessageZh: zh, MessageEn: en}
}

func badRequest(code, zh, en string) *FileError { return fileErr(http.StatusBadRequest, code, zh, en) }
func tooLarge(code, zh, en string) *FileError {
	return fileErr(http.StatusRequestEntityTooLarge, code, zh, en)
}
func unsupported(code, zh, en string) *FileError {
	return fileErr(http.StatusUnsupportedMediaType, code, zh, en)
}
func unprocessable(code, zh, en string) *FileError {
	return fileErr(http.StatusUnprocessableEntity, code, zh, en)
}

// tooManyRows states the limit in the message, so the registrar knows how
// to split the file.
func tooManyRows(limit int, file string) *FileError {
	where, whereEn := "", ""
	if file != "" {
		where, whereEn = file+" ", file+" "
	}
	return tooLarge(CodeTooManyRows,
		fmt.Sprintf("%s数据行超过上限 %d 行，请拆分成多个文件分别导入", where, limit),
		fmt.Sprintf("%shas more than %d data rows (the limit); split it into several files", whereEn, limit))
}

// RowProblem is one fault in one row. Row is the line (CSV) or row (XLSX)
// number the user sees, the header being row 1; Column is the header as
// written in the file, or a spreadsheet column letter where there is no
// header. For OneRoster bundles Column is "file.csv:column".
type RowProblem struct {
	Row       int    `json:"row"`
	Column    string `json:"column,omitempty"`
	Code      string `json:"code"`
	MessageZh string `json:"messageZh"`
	MessageEn string `json:"messageEn"`
}

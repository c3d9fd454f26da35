package rosterfile

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ParseCSV reads a comma-separated roster. The whole upload is read (up to
// MaxFileBytes) because the encoding can only be told from all of it: a
// GBK file often starts with an all-ASCII header.
func ParseCSV(r io.Reader, opts Options) (*Table, error) {
	opts = opts.withDefaults()
	data, err := readCapped(r, MaxFileBytes)
	if err != nil {
		return nil, err
	}
	text, enc, ferr := decodeText(data, opts.Encoding)
	if ferr != nil {
		return nil, ferr
	}
	t := &Table{Format: "csv", Encoding: enc}
	rec := newCSVRecords(text)

	var b *tableBuilder
	for {
		line, fields, synErr, err := rec.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("rosterfile: reading csv: %w", err)
		}
		if b == nil {
			if synErr != nil {
				return nil, badRequest(CodeCSVHeaderSyntax,
					fmt.Sprintf("表头（第 %d 行）格式错误：%s", line, csvSyntaxZh(synErr)),
					fmt.Sprintf("the header (line %d) is malformed: %v", line, synErr.Err))
			}
			if blankStrings(fields) {
				continue // leading ",,,," lines from a formatted sheet
			}
			h, ferr := resolveHeader(fields, true)
			if ferr != nil {
				return nil, ferr
			}
			b = newTableBuilder(h, t, opts, true)
			continue
		}
		if synErr != nil {
			// The reader resumes at the next line, so one stray quote costs
			// one row, not the file. It still counts toward the row limit,
			// or a file of broken lines could be arbitrarily long.
			b.dataRows++
			if b.dataRows > opts.MaxRows {
				return nil, tooManyRows(opts.MaxRows, "")
			}
			t.Problems = append(t.Problems, csvSyntaxProblem(line, synErr))
			continue
		}
		if ferr := b.add(line, dropTrailingEmpty(fields, len(b.h.names))); ferr != nil {
			return nil, ferr
		}
	}
	if b == nil {
		return nil, unprocessable(CodeEmptyFile, "文件是空的", "the file is empty")
	}
	if ferr := b.finish(); ferr != nil {
		return nil, ferr
	}
	return t, nil
}

// readCapped reads at most limit bytes and answers 413 past that, without
// holding more than limit+1 bytes. A read failure is the transport's fault,
// not the file's, so it stays a plain error.
func readCapped(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("rosterfile: reading upload: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(CodeFileTooLarge,
			fmt.Sprintf("文件超过 %d MB 上限", limit>>20),
			fmt.Sprintf("the file exceeds the %d MB limit", limit>>20))
	}
	return data, nil
}

// csvRecords wraps encoding/csv with the settings rosters need: strict
// quotes (LazyQuotes would silently glue rows together) and a variable
// field count, which we check ourselves to name the row and column.
type csvRecords struct {
	r *csv.Reader
}

func newCSVRecords(text string) *csvRecords {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.LazyQuotes = false
	r.ReuseRecord = false
	return &csvRecords{r: r}
}

// next returns the next record and its starting line. A malformed record
// comes back as synErr with the reader positioned after it.
func (c *csvRecords) next() (line int, fields []string, synErr *csv.ParseError, err error) {
	fields, err = c.r.Read()
	if err == nil {
		line, _ = c.r.FieldPos(0)
		return line, fields, nil, nil
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.StartLine, nil, pe, nil
	}
	return 0, nil, nil, err
}

// dropTrailingEmpty removes empty cells past the header width, the
// trailing comma Excel writes on every line when the sheet's used range is
// wider than the data. Non-empty extra cells stay and are reported.
func dropTrailingEmpty(fields []string, width int) []cellInput {
	end := len(fields)
	for end > width && strings.TrimSpace(fields[end-1]) == "" {
		end--
	}
	cells := make([]cellInput, end)
	for i := 0; i < end; i++ {
		cells[i] = cellInput{value: fields[i]}
	}
	return cells
}

func blankStrings(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func csvSyntaxZh(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return "未加引号的字段中出现了双引号"
	case errors.Is(pe.Err, csv.ErrQuote):
		return "引号不配对"
	}
	return pe.Err.Error()
}

func csvSyntaxProblem(line int, pe *csv.ParseError) RowProblem {
	return RowProblem{
		Row:  line,
		Code: CodeCSVSyntax,
		MessageZh: fmt.Sprintf("第 %d 行第 %d 个字符处 CSV 格式错误：%s；含逗号或引号的内容须用英文双引号括起，内部引号写两次",
			pe.Line, pe.Column, csvSyntaxZh(pe)),
		MessageEn: fmt.Sprintf("malformed CSV at line %d, character %d: %v; quote cells that contain commas or quotes and double inner quotes",
			pe.Line, pe.Column, pe.Err),
	}
}

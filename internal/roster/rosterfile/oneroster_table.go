package rosterfile

import (
	"fmt"
	"strings"
)

// orTable is one parsed CSV of a OneRoster bundle.
type orTable struct {
	file  string
	spec  orFileSpec
	col   map[string]int // canonical column name → index
	names []string       // headers as written
	rows  []orRow
}

// orRow is one data row; bad rows (syntax, width, size, empty required
// value) stay in the table so their sourcedId still counts as "exists"
// for reference checks, which keeps one typo from cascading into
// "unknown user" problems on every enrollment.
type orRow struct {
	line  int
	cells []string
	bad   bool
}

// get returns the trimmed value of a column, "" when absent.
func (t *orTable) get(r *orRow, column string) string {
	i, ok := t.col[column]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

// where names a column for a RowProblem: "users.csv:email", with the
// header as the file writes it.
func (t *orTable) where(column string) string {
	if i, ok := t.col[column]; ok {
		return t.file + ":" + t.names[i]
	}
	return t.file + ":" + column
}

func withFile(file string, fe *FileError) *FileError {
	return &FileError{Status: fe.Status, Code: fe.Code, MessageZh: file + "：" + fe.MessageZh, MessageEn: file + ": " + fe.MessageEn}
}

// readORTable decodes and parses one bundle CSV, checking its header
// against the specification and each row's shape, size and required
// values. Row problems go to add.
func readORTable(data []byte, spec orFileSpec, opts Options, add func(RowProblem)) (*orTable, *FileError) {
	text, _, ferr := decodeText(data, opts.Encoding)
	if ferr != nil {
		return nil, withFile(spec.name, ferr)
	}
	t := &orTable{file: spec.name, spec: spec, col: map[string]int{}}
	rec := newCSVRecords(text)
	width := -1
	limit := opts.MaxRows * spec.rowFactor
	if spec.fixedRows > 0 {
		limit = spec.fixedRows
	}
	count := 0
	for {
		line, fields, synErr, err := rec.next()
		if err != nil {
			break // io.EOF: strings.Reader has no other failure
		}
		if width < 0 {
			if synErr != nil {
				return nil, badRequest(CodeCSVHeaderSyntax,
					fmt.Sprintf("%s：表头（第 %d 行）格式错误：%s", spec.name, line, csvSyntaxZh(synErr)),
					fmt.Sprintf("%s: the header (line %d) is malformed: %v", spec.name, line, synErr.Err))
			}
			if blankStrings(fields) {
				continue
			}
			if ferr := t.resolveHeader(fields); ferr != nil {
				return nil, ferr
			}
			width = len(t.names)
			continue
		}
		if synErr == nil && blankStrings(fields) {
			continue
		}
		count++
		if count > limit {
			return nil, tooManyRows(limit, spec.name)
		}
		if synErr != nil {
			p := csvSyntaxProblem(line, synErr)
			p.Column = spec.name
			add(p)
			continue
		}
		r := orRow{line: line, cells: fields}
		t.checkRow(&r, width, opts, add)
		t.rows = append(t.rows, r)
	}
	if width < 0 {
		return nil, unprocessable(CodeEmptyFile,
			spec.name+" 是空的，连表头也没有（没有数据时也须保留表头行）",
			spec.name+" is empty; even a file without data must keep its header row")
	}
	return t, nil
}

// resolveHeader maps the header row to the specification's columns,
// case-insensitively (exports vary "sourcedID"/"sourcedId").
func (t *orTable) resolveHeader(fields []string) *FileError {
	canon := map[string]string{}
	for _, c := range t.spec.columns {
		canon[strings.ToLower(c)] = c
	}
	end := 0
	for i, f := range fields {
		if strings.TrimSpace(f) != "" {
			end = i + 1
		}
	}
	if end > len(t.spec.columns)+maxColumns {
		return unprocessable(CodeTooManyColumns,
			fmt.Sprintf("%s 的表头有 %d 列，过多", t.file, end),
			fmt.Sprintf("%s has %d header columns, too many", t.file, end))
	}
	var unknown, unknownEn []string
	for i := 0; i < end; i++ {
		name := strings.TrimSpace(strings.TrimPrefix(fields[i], "\ufeff"))
		t.names = append(t.names, name)
		if name == "" {
			return unprocessable(CodeBlankHeader,
				fmt.Sprintf("%s 第 %s 列表头为空", t.file, columnLetter(i)),
				fmt.Sprintf("%s: the header of column %s is blank", t.file, columnLetter(i)))
		}
		lower := strings.ToLower(name)
		if strings.HasPrefix(lower, "metadata.") {
			continue // the specification's extension columns
		}
		c, ok := canon[lower]
		if !ok {
			shown := truncateForMessage(name)
			if s := t.suggestColumn(name); s != "" {
				unknown = append(unknown, fmt.Sprintf("“%s”（您是否想输入“%s”？）", shown, s))
				unknownEn = append(unknownEn, fmt.Sprintf("%q (did you mean %q?)", shown, s))
			} else {
				unknown = append(unknown, fmt.Sprintf("“%s”", shown))
				unknownEn = append(unknownEn, fmt.Sprintf("%q", shown))
			}
			continue
		}
		if first, dup := t.col[c]; dup {
			return unprocessable(CodeDuplicateHeaders,
				fmt.Sprintf("%s 中列 %s 出现了两次（%s 列和 %s 列）", t.file, c, columnLetter(first), columnLetter(i)),
				fmt.Sprintf("%s: column %s appears twice (columns %s and %s)", t.file, c, columnLetter(first), columnLetter(i)))
		}
		t.col[c] = i
	}
	if len(unknown) > 0 {
		return unprocessable(CodeUnknownHeaders,
			fmt.Sprintf("%s 中有 OneRoster 1.2 未定义的列：%s。扩展列请以 metadata. 开头。可用列：%s",
				t.file, strings.Join(unknown, "、"), strings.Join(t.spec.columns, ", ")),
			fmt.Sprintf("%s has columns OneRoster 1.2 does not define: %s. Prefix extension columns with \"metadata.\". Defined columns: %s",
				t.file, strings.Join(unknownEn, ", "), strings.Join(t.spec.columns, ", ")))
	}
	var missing []string
	for _, c := range t.spec.required {
		if _, ok := t.col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return unprocessable(CodeMissingHeaders,
			fmt.Sprintf("%s 缺少必需的列：%s", t.file, strings.Join(missing, ", ")),
			fmt.Sprintf("%s is missing required columns: %s", t.file, strings.Join(missing, ", ")))
	}
	return nil
}

func (t *orTable) suggestColumn(name string) string {
	return suggest(strings.ToLower(name), func(yield func(key, shown string)) {
		for _, c := range t.spec.columns {
			yield(strings.ToLower(c), c)
		}
	})
}

// checkRow marks a row bad, with one problem per fault, when its width
// differs from the header, a cell is too large or a required value is
// empty.
func (t *orTable) checkRow(r *orRow, width int, opts Options, add func(RowProblem)) {
	problem := func(column, code, zh, en string) {
		r.bad = true
		add(RowProblem{Row: r.line, Column: column, Code: code, MessageZh: zh, MessageEn: en})
	}
	if len(r.cells) < width {
		missing := t.names[len(r.cells)]
		problem(t.file+":"+missing, CodeMissingColumns,
			fmt.Sprintf("本行只有 %d 列，表头有 %d 列，从“%s”起缺失", len(r.cells), width, missing),
			fmt.Sprintf("the row has %d columns but the header has %d; %q and later are missing", len(r.cells), width, missing))
		return
	}
	for i := width; i < len(r.cells); i++ {
		if strings.TrimSpace(r.cells[i]) != "" {
			problem(t.file+":"+columnLetter(i), CodeExtraColumns,
				fmt.Sprintf("第 %s 列超出表头范围却有内容", columnLetter(i)),
				fmt.Sprintf("column %s is beyond the header but not empty", columnLetter(i)))
			break
		}
	}
	for i := 0; i < width; i++ {
		if len(r.cells[i]) > opts.MaxCellBytes {
			problem(t.file+":"+t.names[i], CodeCellTooLarge,
				fmt.Sprintf("单元格内容 %d 字节，超过上限 %d 字节", len(r.cells[i]), opts.MaxCellBytes),
				fmt.Sprintf("the cell holds %d bytes; at most %d are accepted", len(r.cells[i]), opts.MaxCellBytes))
		}
	}
	if r.bad {
		return
	}
	for _, c := range t.spec.values {
		if t.get(r, c) == "" {
			problem(t.where(c), CodeRequired,
				fmt.Sprintf("%s 不能为空", c),
				fmt.Sprintf("%s is required", c))
		}
	}
}

package rosterfile

import (
	"fmt"
	"strings"
)

// Row is one valid roster row, normalized: trimmed, the email lower-cased,
// the ID card number upper-cased.
type Row struct {
	Line          int
	StudentNumber string
	Name          string
	Email         string
	IDCard        string
	Class         string
}

// Table is a parsed CSV or XLSX roster. Rows holds only the valid rows and
// Problems everything wrong with the others, so a dry run can show both.
type Table struct {
	Rows     []Row
	Problems []RowProblem
	Encoding string // CSV only: "utf-8", "gbk" or "gb18030"
	Format   string // "csv" or "xlsx"
}

// cellInput is one cell as the readers hand it to the builder.
type cellInput struct {
	value   string
	formula bool
	// lostDigits: an XLSX number cell too long for Excel's 15 digits.
	lostDigits bool
}

// tableBuilder validates data rows against a resolved header. CSV and XLSX
// share it so both formats report identical codes for identical faults.
type tableBuilder struct {
	opts  Options
	h     *header
	table *Table
	// strictWidth reports rows shorter than the header. CSV rows always
	// carry every column, so a short one means broken quoting; XLSX omits
	// trailing empty cells, so there a short row is normal.
	strictWidth bool
	dataRows    int
	firstNumber map[string]int // student number → first row
	firstEmail  map[string]int // normalized email → first row
}

func newTableBuilder(h *header, t *Table, opts Options, strictWidth bool) *tableBuilder {
	return &tableBuilder{
		opts: opts, h: h, table: t, strictWidth: strictWidth,
		firstNumber: map[string]int{}, firstEmail: map[string]int{},
	}
}

func blankRow(cells []cellInput) bool {
	for _, c := range cells {
		if c.formula || strings.TrimSpace(c.value) != "" {
			return false
		}
	}
	return true
}

// add validates one data row. Blank rows are skipped (Excel leaves them
// after deleted data); the only error it returns is the row limit.
func (b *tableBuilder) add(line int, cells []cellInput) *FileError {
	if blankRow(cells) {
		return nil
	}
	b.dataRows++
	if b.dataRows > b.opts.MaxRows {
		return tooManyRows(b.opts.MaxRows, "")
	}
	var ps []RowProblem
	problem := func(col, code, zh, en string) {
		ps = append(ps, RowProblem{Row: line, Column: col, Code: code, MessageZh: zh, MessageEn: en})
	}
	width := len(b.h.names)
	if b.strictWidth && len(cells) < width {
		missing := b.h.names[len(cells):]
		problem(missing[0], CodeMissingColumns,
			fmt.Sprintf("本行只有 %d 列，表头有 %d 列，缺少“%s”等列（可能是引号或换行不匹配）", len(cells), width, strings.Join(missing, "”“")),
			fmt.Sprintf("this row has %d columns but the header has %d; %q and later are missing (unbalanced quotes or line breaks?)", len(cells), width, missing[0]))
		b.table.Problems = append(b.table.Problems, ps...)
		return nil
	}

	// usable holds the cells that passed the size and formula checks;
	// field validation only looks at those, so one bad cell yields one
	// problem rather than a cascade.
	var vals [numFields]string
	var usable [numFields]bool
	for i := 0; i < width && i < len(cells); i++ {
		col := b.h.names[i]
		c := cells[i]
		f := b.h.fields[i]
		switch {
		case len(c.value) > b.opts.MaxCellBytes:
			problem(col, CodeCellTooLarge,
				fmt.Sprintf("单元格内容 %d 字节，超过上限 %d 字节", len(c.value), b.opts.MaxCellBytes),
				fmt.Sprintf("the cell holds %d bytes; at most %d are accepted", len(c.value), b.opts.MaxCellBytes))
		case c.formula:
			problem(col, CodeFormulaCell,
				"公式单元格不被接受，请粘贴为数值",
				"formula cells are not accepted; paste values")
		default:
			vals[f], usable[f] = c.value, true
		}
	}
	for f := field(0); f < numFields; f++ {
		if i := b.h.col[f]; i >= 0 && i >= len(cells) {
			usable[f] = true // short XLSX row: the cell is empty
		}
	}

	row := Row{Line: line}
	validNumber, validEmail := false, false
	for f := field(0); f < numFields; f++ {
		i := b.h.col[f]
		if i < 0 || !usable[f] {
			continue
		}
		col := b.h.names[i]
		raw := vals[f]
		if strings.TrimSpace(raw) == "" {
			if fieldSpecs[f].required {
				problem(col, CodeRequired,
					fmt.Sprintf("%s不能为空", fieldSpecs[f].labelZh),
					fmt.Sprintf("%s is required", fieldSpecs[f].key))
			}
			continue
		}
		switch f {
		case fieldStudentNumber:
			s := cleanIdentifier(raw)
			if cells[i].lostDigits {
				problem(col, CodeInvalidStudentNumber,
					"学号以数字形式存储且超过 15 位，Excel 已把末尾数字变成 0；请将该列设为“文本”格式后重新录入",
					"the student number is stored as a number longer than 15 digits, so Excel has replaced its last digits with zeros; format the column as Text and re-enter it")
				continue
			}
			if !validStudentNumber(s) {
				problem(col, CodeInvalidStudentNumber,
					"学号只能包含字母、数字、- 和 _，长度 1–32；如为数字，请在 Excel 中将该列设为“文本”格式",
					"a student number is 1–32 letters, digits, '-' or '_'; if Excel shows it as a number, format the column as Text")
				continue
			}
			row.StudentNumber, validNumber = s, true
		case fieldName:
			s, ok := cleanText(raw, maxNameRunes)
			if !ok {
				problem(col, CodeInvalidName,
					fmt.Sprintf("姓名长度须为 1–%d 个字符，且不能包含控制字符（如换行、制表符）", maxNameRunes),
					fmt.Sprintf("a name is 1–%d characters without control characters (line breaks, tabs)", maxNameRunes))
				continue
			}
			row.Name = s
		case fieldEmail:
			e, ok := normalizeEmail(raw)
			if !ok {
				problem(col, CodeInvalidEmail,
					"邮箱格式不正确，应为 name@example.edu.cn 这样的单个地址",
					"not a valid email address; expected a single address such as name@example.edu")
				continue
			}
			row.Email, validEmail = e, true
		case fieldIDCard:
			s := strings.ToUpper(cleanIdentifier(raw))
			switch {
			case !idCardFormatOK(s):
				problem(col, CodeInvalidIDCard,
					"身份证号应为 18 位：17 位数字加 1 位数字或 X",
					"an ID card number has 18 characters: 17 digits and a digit or X")
				continue
			case !ValidIDCard(s):
				problem(col, CodeIDCardChecksum,
					"身份证号校验位不正确，请核对是否录入有误",
					"the ID card number's check digit is wrong; check for a typo")
				continue
			}
			row.IDCard = s
		case fieldClass:
			s, ok := cleanText(raw, maxClassRunes)
			if !ok {
				problem(col, CodeInvalidClass,
					fmt.Sprintf("班级长度不能超过 %d 个字符，且不能包含控制字符", maxClassRunes),
					fmt.Sprintf("a class is at most %d characters without control characters", maxClassRunes))
				continue
			}
			row.Class = s
		}
	}

	// Duplicates are recorded against the first row that carried a valid
	// value, even if that row fails for another reason: the registrar has
	// to look at both rows either way.
	if validNumber {
		if first, dup := b.firstNumber[row.StudentNumber]; dup {
			problem(b.h.names[b.h.col[fieldStudentNumber]], CodeDuplicateStudentNumber,
				fmt.Sprintf("学号 %s 与第 %d 行重复", row.StudentNumber, first),
				fmt.Sprintf("student number %s repeats row %d", row.StudentNumber, first))
		} else {
			b.firstNumber[row.StudentNumber] = line
		}
	}
	if validEmail {
		if first, dup := b.firstEmail[row.Email]; dup {
			problem(b.h.names[b.h.col[fieldEmail]], CodeDuplicateEmail,
				fmt.Sprintf("邮箱 %s 与第 %d 行重复", row.Email, first),
				fmt.Sprintf("email %s repeats row %d", row.Email, first))
		} else {
			b.firstEmail[row.Email] = line
		}
	}

	for i := width; i < len(cells); i++ {
		if cells[i].formula || strings.TrimSpace(cells[i].value) != "" {
			problem(columnLetter(i), CodeExtraColumns,
				fmt.Sprintf("第 %s 列超出表头范围却有内容，请补充表头或删除多余内容", columnLetter(i)),
				fmt.Sprintf("column %s is beyond the header but not empty; add a header or delete the extra cells", columnLetter(i)))
			break
		}
	}

	if len(ps) > 0 {
		b.table.Problems = append(b.table.Problems, ps...)
		return nil
	}
	b.table.Rows = append(b.table.Rows, row)
	return nil
}

// finish rejects a roster with a header and no data: importing nothing is
// never what the registrar meant.
func (b *tableBuilder) finish() *FileError {
	if b.dataRows == 0 {
		return unprocessable(CodeNoDataRows, "文件只有表头，没有学生数据", "the file has a header but no student rows")
	}
	return nil
}

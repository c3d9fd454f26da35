package rosterfile

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// field is one canonical roster column.
type field int

const (
	fieldStudentNumber field = iota
	fieldName
	fieldEmail
	fieldIDCard
	fieldClass
	numFields
)

// fieldSpec describes a canonical column and the header spellings that
// mean it. Aliases cover what student systems and Chinese templates write.
type fieldSpec struct {
	key      string
	labelZh  string
	required bool
	aliases  []string
}

var fieldSpecs = [numFields]fieldSpec{
	fieldStudentNumber: {"student_number", "学号", true, []string{"学号", "学生编号", "student_number", "studentNumber", "student_id", "student no"}},
	fieldName:          {"name", "姓名", true, []string{"姓名", "名字", "name", "full_name", "display_name"}},
	fieldEmail:         {"email", "邮箱", true, []string{"邮箱", "电子邮箱", "电子邮件", "email", "e-mail"}},
	fieldIDCard:        {"id_card", "身份证号", false, []string{"身份证号", "身份证", "证件号", "id_card", "idCard"}},
	fieldClass:         {"class", "班级", false, []string{"班级", "class"}},
}

// aliasIndex maps a normalized header to its field.
var aliasIndex = func() map[string]field {
	m := map[string]field{}
	for f, spec := range fieldSpecs {
		for _, a := range spec.aliases {
			m[headerKey(a)] = field(f)
		}
	}
	return m
}()

// headerKey normalizes a header for matching: trimmed, width-folded,
// lower-cased, with the '*' that templates use to mark required columns
// and the separators people vary (space, '_', '-') removed, so
// "Student Number", "student_number" and "学号*" all match.
func headerKey(h string) string {
	h = strings.ToLower(narrow(strings.TrimSpace(h)))
	h = strings.Trim(h, "* ")
	var b strings.Builder
	for _, r := range h {
		if r == '_' || r == '-' || unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// acceptedHeaders lists every accepted spelling, for error messages.
func acceptedHeaders() string {
	parts := make([]string, 0, numFields)
	for _, spec := range fieldSpecs {
		opt := ""
		if !spec.required {
			opt = "?"
		}
		parts = append(parts, fmt.Sprintf("%s%s [%s]", spec.key, opt, strings.Join(spec.aliases, " / ")))
	}
	return strings.Join(parts, "; ")
}

// header is the resolved header row of a CSV or XLSX roster.
type header struct {
	names  []string       // as written, one per column up to width
	fields []field        // per column
	col    [numFields]int // column index of each field, -1 when absent
}

// resolveHeader maps a header row to canonical fields. Trailing blank cells
// are dropped because Excel exports them for formatted-but-empty columns;
// everything else that does not map is a file error, since guessing which
// column holds the email would import wrong data silently.
func resolveHeader(cells []string, csvInput bool) (*header, *FileError) {
	width := 0
	for i, c := range cells {
		if strings.TrimSpace(c) != "" {
			width = i + 1
		}
	}
	if width == 0 {
		return nil, unprocessable(CodeEmptyFile, "文件没有表头行", "the file has no header row")
	}
	if width > maxColumns {
		return nil, unprocessable(CodeTooManyColumns,
			fmt.Sprintf("表头有 %d 列，超过上限 %d 列", width, maxColumns),
			fmt.Sprintf("the header has %d columns; at most %d are accepted", width, maxColumns))
	}
	if csvInput && width == 1 && strings.ContainsAny(cells[0], ";\t") {
		return nil, unprocessable(CodeWrongDelimiter,
			"文件使用了分号或制表符分隔，请另存为逗号分隔的 CSV（CSV UTF-8）",
			"the file is separated by semicolons or tabs; save it as comma-separated CSV (CSV UTF-8)")
	}
	h := &header{names: make([]string, width), fields: make([]field, width)}
	for f := range h.col {
		h.col[f] = -1
	}
	var unknown []string
	var unknownEn []string
	var dups []string
	for i := 0; i < width; i++ {
		name := strings.TrimSpace(cells[i])
		h.names[i] = name
		if name == "" {
			return nil, unprocessable(CodeBlankHeader,
				fmt.Sprintf("第 %s 列表头为空，请填写列名或删除该列", columnLetter(i)),
				fmt.Sprintf("the header of column %s is blank; name it or delete the column", columnLetter(i)))
		}
		f, ok := aliasIndex[headerKey(name)]
		if !ok {
			shown := truncateForMessage(name)
			if s := suggestHeader(name); s != "" {
				unknown = append(unknown, fmt.Sprintf("“%s”（您是否想输入“%s”？）", shown, s))
				unknownEn = append(unknownEn, fmt.Sprintf("%q (did you mean %q?)", shown, s))
			} else {
				unknown = append(unknown, fmt.Sprintf("“%s”", shown))
				unknownEn = append(unknownEn, fmt.Sprintf("%q", shown))
			}
			continue
		}
		if first := h.col[f]; first >= 0 {
			dups = append(dups, fmt.Sprintf("%q (%s) / %q (%s)", h.names[first], columnLetter(first), name, columnLetter(i)))
			continue
		}
		h.col[f] = i
		h.fields[i] = f
	}
	if len(unknown) > 0 {
		return nil, unprocessable(CodeUnknownHeaders,
			fmt.Sprintf("无法识别的列名：%s。可接受的列名：%s", strings.Join(unknown, "、"), acceptedHeaders()),
			fmt.Sprintf("unknown column headers: %s. Accepted headers: %s", strings.Join(unknownEn, ", "), acceptedHeaders()))
	}
	if len(dups) > 0 {
		return nil, unprocessable(CodeDuplicateHeaders,
			fmt.Sprintf("同一字段出现了多列：%s，请只保留一列", strings.Join(dups, "、")),
			fmt.Sprintf("the same field appears in more than one column: %s; keep one", strings.Join(dups, ", ")))
	}
	var missing, missingEn []string
	for f, spec := range fieldSpecs {
		if spec.required && h.col[f] < 0 {
			missing = append(missing, spec.labelZh)
			missingEn = append(missingEn, spec.key)
		}
	}
	if len(missing) > 0 {
		return nil, unprocessable(CodeMissingHeaders,
			fmt.Sprintf("缺少必需的列：%s。可接受的列名：%s", strings.Join(missing, "、"), acceptedHeaders()),
			fmt.Sprintf("required columns are missing: %s. Accepted headers: %s", strings.Join(missingEn, ", "), acceptedHeaders()))
	}
	return h, nil
}

// suggestHeader returns the accepted header closest to a misspelled one,
// or "" when nothing is close enough to be a plausible typo.
func suggestHeader(name string) string {
	return suggest(headerKey(name), func(yield func(key, shown string)) {
		for _, spec := range fieldSpecs {
			for _, a := range spec.aliases {
				yield(headerKey(a), a)
			}
		}
	})
}

// suggest picks the candidate with the smallest edit distance to key,
// within a budget that grows with the length (1 for short keys such as
// two-character Chinese headers, up to 2 for longer ones); failing that, a
// candidate contained in the key ("学号（必填）" → "学号").
func suggest(key string, candidates func(yield func(key, shown string))) string {
	if key == "" {
		return ""
	}
	best, bestDist := "", 1<<30
	contained := ""
	n := utf8.RuneCountInString(key)
	budget := 1
	if n >= 7 {
		budget = 2
	}
	candidates(func(ck, shown string) {
		if d := editDistance(key, ck); d < bestDist {
			best, bestDist = shown, d
		}
		if contained == "" && utf8.RuneCountInString(ck) >= 2 && strings.Contains(key, ck) {
			contained = shown
		}
	})
	if bestDist <= budget {
		return best
	}
	return contained
}

// editDistance is the optimal-string-alignment distance over runes:
// Levenshtein plus adjacent transpositions, the commonest typo ("emial").
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		// Headers that long are not typos of ours; skip the quadratic work.
		return 1 << 20
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// columnLetter turns a 0-based column index into a spreadsheet letter
// (0 → A, 26 → AA): what the registrar sees in Excel or WPS.
func columnLetter(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}

// truncateForMessage keeps a pasted-in header from flooding the message.
func truncateForMessage(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}

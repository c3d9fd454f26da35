package roster

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ohtalent/ohtalent/internal/auth"
)

var studentNumberPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// Check validates rows and normalizes them; it returns the valid rows and
// one problem per fault, in Chinese and English, with row and column.
// Duplicates within the roster are faults: the first occurrence stays.
func Check(rows []Student) ([]Student, []Problem) {
	var ok []Student
	problems := []Problem{}
	numbers := map[string]int{}
	emails := map[string]int{}
	for _, r := range rows {
		var ps []Problem
		add := func(col, code, zh, en string) {
			ps = append(ps, Problem{Row: r.Line, Column: col, Code: code, MessageZh: zh, MessageEn: en})
		}
		r.StudentNumber = strings.TrimSpace(r.StudentNumber)
		r.Name = strings.TrimSpace(r.Name)
		r.IDCard = strings.ToUpper(strings.TrimSpace(r.IDCard))
		switch {
		case r.StudentNumber == "":
			add("studentNumber", "required", "学号不能为空", "student number is required")
		case !studentNumberPattern.MatchString(r.StudentNumber):
			add("studentNumber", "invalid_student_number", "学号只能包含字母、数字、- 和 _，最长 32 位", "student number: letters, digits, - and _, at most 32")
		}
		if r.Name == "" {
			add("name", "required", "姓名不能为空", "name is required")
		} else if _, why := auth.CheckDisplayName(r.Name); why != "" || utf8.RuneCountInString(r.Name) > 64 {
			add("name", "invalid_name", "姓名不能超过 64 个字符且不能含控制字符", "name must be at most 64 characters without control characters")
		}
		if strings.TrimSpace(r.Email) == "" {
			add("email", "required", "邮箱不能为空", "email is required")
		} else if e, valid := auth.NormalizeEmail(r.Email); !valid {
			add("email", "invalid_email", "邮箱格式不正确", "not a valid email address")
		} else {
			r.Email = e
		}
		if r.IDCard != "" && !ValidIDCard(r.IDCard) {
			add("idCard", "invalid_id_card", "身份证号格式或校验位不正确", "ID card number has a wrong format or check digit")
		}
		if len(ps) == 0 {
			if first, dup := numbers[r.StudentNumber]; dup {
				add("studentNumber", "duplicate_student_number", fmt.Sprintf("学号与第 %d 行重复", first), fmt.Sprintf("student number repeats row %d", first))
			}
			if first, dup := emails[r.Email]; dup {
				add("email", "duplicate_email", fmt.Sprintf("邮箱与第 %d 行重复", first), fmt.Sprintf("email repeats row %d", first))
			}
		}
		if len(ps) > 0 {
			problems = append(problems, ps...)
			continue
		}
		numbers[r.StudentNumber], emails[r.Email] = r.Line, r.Line
		ok = append(ok, r)
	}
	return ok, problems
}

// ValidIDCard checks an 18-character PRC resident ID number: 17 digits and
// a GB 11643 check character (0-9 or X).
func ValidIDCard(s string) bool {
	if len(s) != 18 {
		return false
	}
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		if !unicode.IsDigit(rune(s[i])) {
			return false
		}
		sum += int(s[i]-'0') * weights[i]
	}
	return "10X98765432"[sum%11] == s[17]
}

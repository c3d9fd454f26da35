package rosterfile

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ohtalent/ohtalent/internal/auth"
	"golang.org/x/text/width"
)

const (
	maxStudentNumberLen = 32
	maxNameRunes        = 64
	maxClassRunes       = 64
)

// narrow folds full-width forms (ＡＢＣ１２３＠) to ASCII. Chinese input
// methods produce them easily, and in an identifier they never mean
// anything different from the ASCII character.
func narrow(s string) string { return width.Narrow.String(s) }

// cleanIdentifier prepares a student number, email or ID card number for
// validation: trimmed (TrimSpace also removes NBSP and the ideographic
// space U+3000) and width-folded.
func cleanIdentifier(s string) string { return strings.TrimSpace(narrow(strings.TrimSpace(s))) }

// validStudentNumber: 1–32 letters, digits, '-' or '_'.
func validStudentNumber(s string) bool {
	if s == "" || len(s) > maxStudentNumberLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// normalizeEmail folds full-width characters and then applies the
// platform's one email rule (auth.NormalizeEmail), so a row accepted here is
// accepted at sign-in.
func normalizeEmail(raw string) (string, bool) {
	return auth.NormalizeEmail(cleanIdentifier(raw))
}

// cleanText trims a free-text cell and reports whether it is 1..max runes
// without control characters (a tab or newline inside a name is always a
// copy-paste accident and breaks exports later).
func cleanText(raw string, max int) (string, bool) {
	s := strings.TrimSpace(raw)
	n := utf8.RuneCountInString(s)
	if n == 0 || n > max {
		return s, false
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return s, false
		}
	}
	return s, true
}

// idCardWeights are the GB 11643-1999 weights of the 17 body digits.
var idCardWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCardFormatOK reports whether s has the shape of an 18-character PRC
// resident ID number: 17 digits and a digit or X.
func idCardFormatOK(s string) bool {
	if len(s) != 18 {
		return false
	}
	for i := 0; i < 17; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	last := s[17]
	return last >= '0' && last <= '9' || last == 'X' || last == 'x'
}

// ValidIDCard checks an 18-character PRC resident ID number: 17 digits and
// the GB 11643 check character (0-9 or X, either case).
func ValidIDCard(s string) bool {
	if !idCardFormatOK(s) {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(s[i]-'0') * idCardWeights[i]
	}
	want := "10X98765432"[sum%11]
	got := s[17]
	if got == 'x' {
		got = 'X'
	}
	return got == want
}

package arkui

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

// The transform works on tokens rather than characters so that strings,
// template literals, comments and regular expressions can never be mistaken
// for ArkUI syntax: each of them is one opaque token. Whitespace and
// comments are not tokens, but every token remembers whether a line break
// came before it, which is what ArkTS's automatic semicolons depend on.

type tokKind uint8

const (
	tIdent    tokKind = iota // identifiers and keywords
	tNumber                  // numeric and bigint literals
	tString                  // '...' and "..."
	tTemplate                // `...` including every ${...} inside it
	tRegex                   // /.../flags
	tPrivate                 // #name
	tPunct                   // operators and brackets
	tEOF
)

type token struct {
	kind  tokKind
	start int // byte offsets into the source
	end   int
	nl    bool // a line break (or a comment holding one) precedes it
	match int  // for ( [ { and ) ] }: index of the partner token, else -1
}

// lexError is a malformed token: an unterminated string, comment, template
// or regular expression, or a character that cannot start a token.
type lexError struct {
	pos int
	msg string
}

// puncts lists the multi-character punctuators, longest first, so that the
// first match is the longest one.
var puncts = []string{
	">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
	"=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=",
	"*=", "/=", "%=", "&=", "|=", "^=", "**", "<<", ">>",
}

// regexAfterKeyword lists the keywords after which a slash starts a regular
// expression rather than a division.
var regexAfterKeyword = map[string]bool{
	"return": true, "typeof": true, "case": true, "do": true, "else": true, "in": true,
	"of": true, "new": true, "delete": true, "void": true, "throw": true,
	"instanceof": true, "yield": true, "await": true,
}

type lexer struct {
	src  string
	pos  int
	toks []token
	err  *lexError
}

// tokenize splits src into tokens and pairs up brackets. It stops at the
// first malformed token or unbalanced bracket.
func tokenize(src string) ([]token, *lexError) {
	lx := &lexer{src: src}
	lx.run()
	if lx.err != nil {
		return nil, lx.err
	}
	if err := pairBrackets(src, lx.toks); err != nil {
		return nil, err
	}
	return lx.toks, nil
}

func (lx *lexer) fail(pos int, msg string) {
	if lx.err == nil {
		lx.err = &lexError{pos: pos, msg: msg}
	}
}

func (lx *lexer) run() {
	nl := false
	for lx.err == nil {
		// Skip whitespace and comments, noting line breaks.
		for lx.pos < len(lx.src) {
			c := lx.src[lx.pos]
			switch {
			case c == '\n':
				nl = true
				lx.pos++
			case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
				lx.pos++
			case c == '/' && lx.peek(1) == '/':
				for lx.pos < len(lx.src) && lx.src[lx.pos] != '\n' {
					lx.pos++
				}
			case c == '/' && lx.peek(1) == '*':
				end := indexFrom(lx.src, "*/", lx.pos+2)
				if end < 0 {
					lx.fail(lx.pos, "unterminated comment: /* has no matching */")
					return
				}
				if indexFrom(lx.src[:end], "\n", lx.pos) >= 0 {
					nl = true
				}
				lx.pos = end + 2
			case c >= 0x80:
				r, size := utf8.DecodeRuneInString(lx.src[lx.pos:])
				if r == 0xFEFF || r == 0x2028 || r == 0x2029 || unicode.IsSpace(r) {
					if r == 0x2028 || r == 0x2029 {
						nl = true
					}
					lx.pos += size
					continue
				}
				goto token
			default:
				goto token
			}
		}
	token:
		start := lx.pos
		if start >= len(lx.src) {
			lx.toks = append(lx.toks, token{kind: tEOF, start: start, end: start, nl: nl, match: -1})
			return
		}
		kind := lx.next()
		// An escape (`\`) as the last byte steps past the end; a token must
		// not (the fuzzer found `-\` slicing out of range).
		lx.pos = min(lx.pos, len(lx.src))
		lx.toks = append(lx.toks, token{kind: kind, start: start, end: lx.pos, nl: nl, match: -1})
		nl = false
	}
}

func (lx *lexer) peek(n int) byte {
	if lx.pos+n < len(lx.src) {
		return lx.src[lx.pos+n]
	}
	return 0
}

func indexFrom(s, sub string, from int) int {
	if from > len(s) {
		return -1
	}
	for i := from; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func isIdentStart(r rune) bool {
	return r == '$' || r == '_' || unicode.IsLetter(r)
}

func isIdentPart(r rune) bool {
	return isIdentStart(r) || unicode.IsDigit(r) || r == 0x200C || r == 0x200D || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Pc, r)
}

// next scans one token starting at lx.pos.
func (lx *lexer) next() tokKind {
	c := lx.src[lx.pos]
	r, size := rune(c), 1
	if c >= 0x80 {
		r, size = utf8.DecodeRuneInString(lx.src[lx.pos:])
	}
	switch {
	case isIdentStart(r) || c == '\\':
		lx.ident()
		return tIdent
	case c >= '0' && c <= '9' || (c == '.' && lx.peek(1) >= '0' && lx.peek(1) <= '9'):
		lx.number()
		return tNumber
	case c == '"' || c == '\'':
		lx.str(c)
		return tString
	case c == '`':
		lx.template()
		return tTemplate
	case c == '#':
		lx.pos++
		lx.ident()
		return tPrivate
	case c == '/' && lx.regexAllowed():
		lx.regex()
		return tRegex
	}
	for _, p := range puncts {
		if len(lx.src)-lx.pos >= len(p) && lx.src[lx.pos:lx.pos+len(p)] == p {
			// "?." followed by a digit is a conditional, as in a?.5:b
			if p == "?." && lx.peek(2) >= '0' && lx.peek(2) <= '9' {
				continue
			}
			lx.pos += len(p)
			return tPunct
		}
	}
	if c < 0x80 && c > ' ' && c != 0x7f {
		lx.pos++
		return tPunct
	}
	lx.fail(lx.pos, "unexpected character "+quoteRune(r))
	lx.pos += size
	return tPunct
}

func quoteRune(r rune) string {
	return "'" + string(r) + "'"
}

func (lx *lexer) ident() {
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		if c == '\\' { // \uXXXX escapes in identifiers
			lx.pos += 2
			continue
		}
		r, size := rune(c), 1
		if c >= 0x80 {
			r, size = utf8.DecodeRuneInString(lx.src[lx.pos:])
		}
		if !isIdentPart(r) {
			return
		}
		lx.pos += size
	}
}

func (lx *lexer) number() {
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == '.':
			lx.pos++
		case (c == '+' || c == '-') && (lx.src[lx.pos-1] == 'e' || lx.src[lx.pos-1] == 'E') && !isHexPrefixed(lx.src, lx.pos):
			lx.pos++
		default:
			return
		}
	}
}

// isHexPrefixed reports whether the number ending before pos is a hex
// literal, in which 'e' is a digit rather than an exponent.
func isHexPrefixed(src string, pos int) bool {
	i := pos - 1
	for i > 0 && (isAlnum(src[i-1]) || src[i-1] == '_' || src[i-1] == '.') {
		i--
	}
	return i+1 < len(src) && src[i] == '0' && (src[i+1] == 'x' || src[i+1] == 'X')
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func (lx *lexer) str(q byte) {
	start := lx.pos
	lx.pos++
	for lx.pos < len(lx.src) {
		switch c := lx.src[lx.pos]; c {
		case '\\':
			lx.pos += 2
			if lx.pos-1 < len(lx.src) && lx.src[lx.pos-1] == '\r' && lx.pos < len(lx.src) && lx.src[lx.pos] == '\n' {
				lx.pos++
			}
		case q:
			lx.pos++
			return
		case '\n':
			lx.fail(start, "unterminated string literal")
			return
		default:
			lx.pos++
		}
	}
	lx.fail(start, "unterminated string literal")
}

// template scans a template literal, recursing into each ${...} with a
// brace counter that itself skips nested strings, templates and comments.
func (lx *lexer) template() {
	start := lx.pos
	lx.pos++
	for lx.pos < len(lx.src) {
		switch lx.src[lx.pos] {
		case '\\':
			lx.pos += 2
		case '`':
			lx.pos++
			return
		case '$':
			if lx.peek(1) == '{' {
				lx.pos += 2
				if !lx.templateExpr() {
					return
				}
				continue
			}
			lx.pos++
		default:
			lx.pos++
		}
	}
	lx.fail(start, "unterminated template literal")
}

// templateExpr skips the expression of a ${...} up to and including its
// closing brace.
func (lx *lexer) templateExpr() bool {
	start := lx.pos - 2
	depth := 0
	prevSig := byte('{')
	for lx.pos < len(lx.src) && lx.err == nil {
		c := lx.src[lx.pos]
		switch {
		case c == '}' && depth == 0:
			lx.pos++
			return true
		case c == '{':
			depth++
			lx.pos++
		case c == '}':
			depth--
			lx.pos++
		case c == '\'' || c == '"':
			lx.str(c)
		case c == '`':
			lx.template()
		case c == '/' && lx.peek(1) == '/':
			for lx.pos < len(lx.src) && lx.src[lx.pos] != '\n' {
				lx.pos++
			}
			continue
		case c == '/' && lx.peek(1) == '*':
			end := indexFrom(lx.src, "*/", lx.pos+2)
			if end < 0 {
				lx.fail(lx.pos, "unterminated comment: /* has no matching */")
				return false
			}
			lx.pos = end + 2
			continue
		case c == '/' && (prevSig == '(' || prevSig == ',' || prevSig == '=' || prevSig == ':' || prevSig == '[' || prevSig == '!' || prevSig == '&' || prevSig == '|' || prevSig == '?' || prevSig == '{' || prevSig == '}' || prevSig == ';'):
			lx.regex()
		default:
			lx.pos++
		}
		if c > ' ' {
			prevSig = c
		}
	}
	lx.fail(start, "unterminated ${ in template literal")
	return false
}

// regexAllowed decides whether a slash starts a regular expression, from
// the previous token: after a value (identifier, literal, closing bracket)
// it is a division.
func (lx *lexer) regexAllowed() bool {
	if lx.peek(1) == '=' && len(lx.toks) > 0 {
		// "/=" after a value is an assignment operator.
		if p := lx.toks[len(lx.toks)-1]; p.kind != tPunct {
			return false
		}
	}
	if len(lx.toks) == 0 {
		return true
	}
	p := lx.toks[len(lx.toks)-1]
	switch p.kind {
	case tIdent:
		return regexAfterKeyword[lx.src[p.start:p.end]]
	case tNumber, tString, tTemplate, tRegex, tPrivate:
		return false
	}
	switch lx.src[p.start:p.end] {
	case ")", "]", "}", "++", "--":
		return false
	}
	return true
}

func (lx *lexer) regex() {
	start := lx.pos
	lx.pos++
	inClass := false
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		switch {
		case c == '\\':
			lx.pos += 2
			continue
		case c == '\n':
			lx.fail(start, "unterminated regular expression")
			return
		case c == '[':
			inClass = true
		case c == ']':
			inClass = false
		case c == '/' && !inClass:
			lx.pos++
			for lx.pos < len(lx.src) && isAlnum(lx.src[lx.pos]) {
				lx.pos++
			}
			return
		}
		lx.pos++
	}
	lx.fail(start, "unterminated regular expression")
}

// pairBrackets fills token.match for every bracket.
func pairBrackets(src string, toks []token) *lexError {
	var stack []int
	closer := map[string]string{")": "(", "]": "[", "}": "{"}
	for i := range toks {
		t := &toks[i]
		if t.kind != tPunct || t.end-t.start != 1 {
			continue
		}
		switch s := src[t.start:t.end]; s {
		case "(", "[", "{":
			stack = append(stack, i)
		case ")", "]", "}":
			if len(stack) == 0 {
				return &lexError{pos: t.start, msg: "unexpected '" + s + "': nothing to close"}
			}
			open := stack[len(stack)-1]
			if src[toks[open].start:toks[open].end] != closer[s] {
				return &lexError{pos: t.start, msg: "unexpected '" + s + "': '" + src[toks[open].start:toks[open].end] + "' at " + "line " + strconv.Itoa(lineOf(src, toks[open].start)) + " is still open"}
			}
			stack = stack[:len(stack)-1]
			toks[open].match = i
			t.match = open
		}
	}
	if len(stack) > 0 {
		open := toks[stack[len(stack)-1]]
		return &lexError{pos: open.start, msg: "'" + src[open.start:open.end] + "' is never closed"}
	}
	return nil
}

func lineOf(src string, pos int) int {
	n := 1
	for i := 0; i < pos && i < len(src); i++ {
		if src[i] == '\n' {
			n++
		}
	}
	return n
}

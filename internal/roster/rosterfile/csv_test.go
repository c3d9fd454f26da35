package rosterfile

import (
	"io"
	"strings"
	"testing"
)

const hdr = "学号,姓名,邮箱,身份证号,班级"

func TestParseCSVValid(t *testing.T) {
	id := idCard("11010519491231002")
	tab, err := parseCSVBytes(t, csvText(
		hdr,
		"2023001,张三,Zhang.San@Example.EDU.cn,"+id+",计科2301",
		"2023002, 李四 ,lisi@example.edu.cn,,",
	), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Format != "csv" || tab.Encoding != "utf-8" {
		t.Fatalf("format/encoding = %s/%s", tab.Format, tab.Encoding)
	}
	if len(tab.Problems) != 0 {
		t.Fatalf("problems: %+v", tab.Problems)
	}
	want := []Row{
		{Line: 2, StudentNumber: "2023001", Name: "张三", Email: "zhang.san@example.edu.cn", IDCard: id, Class: "计科2301"},
		{Line: 3, StudentNumber: "2023002", Name: "李四", Email: "lisi@example.edu.cn"},
	}
	if len(tab.Rows) != len(want) {
		t.Fatalf("rows = %+v", tab.Rows)
	}
	for i := range want {
		if tab.Rows[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, tab.Rows[i], want[i])
		}
	}
}

func TestParseCSVEncodings(t *testing.T) {
	body := "学号,姓名,邮箱\r\n2023001,张三,zs@example.edu.cn\r\n2023002,欧阳娜娜,on@example.edu.cn\r\n"
	tests := []struct {
		name    string
		data    []byte
		enc     string
		wantEnc string
	}{
		{"utf-8", []byte(body), "", "utf-8"},
		{"utf-8 BOM", append([]byte{0xEF, 0xBB, 0xBF}, body...), "", "utf-8"},
		{"utf-8 BOM declared", append([]byte{0xEF, 0xBB, 0xBF}, body...), "UTF-8", "utf-8"},
		{"gbk auto", gbk(t, body), "auto", "gb18030"},
		{"gbk declared", gbk(t, body), "gbk", "gbk"},
		{"gb18030 declared", gbk(t, body), "gb18030", "gb18030"},
		{"ascii declared gbk", []byte("student_number,name,email\n1,Zhang,z@x.cn\n"), "gbk", "gbk"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := parseCSVBytes(t, tc.data, Options{Encoding: tc.enc})
			if err != nil {
				t.Fatal(err)
			}
			if tab.Encoding != tc.wantEnc {
				t.Fatalf("encoding = %s, want %s", tab.Encoding, tc.wantEnc)
			}
			if len(tab.Problems) != 0 || len(tab.Rows) == 0 {
				t.Fatalf("rows %+v problems %+v", tab.Rows, tab.Problems)
			}
			if strings.HasPrefix(string(tc.data), "student") {
				return
			}
			if tab.Rows[0].Name != "张三" || tab.Rows[1].Name != "欧阳娜娜" {
				t.Fatalf("names decoded wrongly: %+v", tab.Rows)
			}
		})
	}
}

func TestParseCSVEncodingErrors(t *testing.T) {
	body := "学号,姓名,邮箱\n2023001,张三,zs@example.edu.cn\n"
	binary := []byte{0x80, 0x00, 0xFF, 0x01, 0x02, 0x81, 0x30}
	tests := []struct {
		name   string
		data   []byte
		enc    string
		status int
		code   string
	}{
		{"unknown option", []byte(body), "latin1", 400, CodeUnsupportedEncoding},
		{"declared utf-8 but gbk", gbk(t, body), "utf-8", 415, CodeEncodingMismatch},
		{"declared gbk but utf-8", []byte(body), "gbk", 415, CodeEncodingMismatch},
		{"declared gb18030 but BOM", append([]byte{0xEF, 0xBB, 0xBF}, body...), "gb18030", 415, CodeEncodingMismatch},
		{"declared gbk but binary", binary, "gbk", 415, CodeEncodingMismatch},
		{"auto binary", binary, "", 415, CodeEncodingInvalid},
		{"auto control chars after gb18030", append(gbk(t, "学号,姓名,邮箱\n"), 0x01, 0x02, 0xB0), "", 415, CodeEncodingInvalid},
		{"BOM then invalid utf-8", append([]byte{0xEF, 0xBB, 0xBF}, gbk(t, body)...), "", 415, CodeEncodingInvalid},
		{"utf-16", []byte{0xFF, 0xFE, 'a', 0, 'b', 0}, "", 415, CodeEncodingInvalid},
		{"NUL in utf-8", []byte("学号,姓名,邮箱\n1,\x00,a@b.cn\n"), "", 415, CodeEncodingInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseCSVBytes(t, tc.data, Options{Encoding: tc.enc})
			fe := wantFileError(t, err, tc.status, tc.code)
			if tc.code != CodeUnsupportedEncoding && !strings.Contains(fe.MessageEn, "UTF") && !strings.Contains(fe.MessageEn, "encod") {
				t.Fatalf("message does not name the encoding problem: %s", fe.MessageEn)
			}
		})
	}
}

func TestParseCSVHeaders(t *testing.T) {
	t.Run("aliases", func(t *testing.T) {
		for _, h := range []string{
			"学号,姓名,邮箱",
			"学生编号,名字,电子邮箱",
			"StudentNumber,NAME,E-Mail",
			" student_id , full_name , email ,证件号,Class",
			"Student No,display_name,电子邮件,idCard,班级",
			"学号*,姓名*,邮箱*",
			"Student Number,Name,Email",
		} {
			row := "2023001,张三,zs@x.edu.cn" + strings.Repeat(",", strings.Count(h, ",")-2)
			tab, err := parseCSVBytes(t, csvText(h, row), Options{})
			if err != nil {
				t.Fatalf("%q: %v", h, err)
			}
			if len(tab.Rows) != 1 || tab.Rows[0].Email != "zs@x.edu.cn" {
				t.Fatalf("%q: %+v %+v", h, tab.Rows, tab.Problems)
			}
		}
	})
	tests := []struct {
		name     string
		header   string
		code     string
		contains []string
	}{
		{"misspelled email", "学号,姓名,emial", CodeUnknownHeaders, []string{`"emial" (did you mean "email"?)`, "Accepted headers"}},
		{"misspelled chinese", "学号,姓铭,邮箱", CodeUnknownHeaders, []string{`"姓铭" (did you mean "姓名"?)`}},
		{"misspelled long", "studnet_number,name,email", CodeUnknownHeaders, []string{`did you mean "student_number"?`}},
		{"annotated", "学号（必填）,姓名,邮箱", CodeUnknownHeaders, []string{`did you mean "学号"?`}},
		{"unrelated", "学号,姓名,邮箱,性别", CodeUnknownHeaders, []string{`"性别"`, "student_number [学号"}},
		{"duplicate", "学号,姓名,邮箱,student_number", CodeDuplicateHeaders, []string{`"学号" (A) / "student_number" (D)`}},
		{"duplicate alias", "邮箱,姓名,学号,电子邮件", CodeDuplicateHeaders, []string{"邮箱"}},
		{"missing email", "学号,姓名", CodeMissingHeaders, []string{"email"}},
		{"blank middle", "学号,,姓名,邮箱", CodeBlankHeader, []string{"column B"}},
		{"semicolons", "学号;姓名;邮箱", CodeWrongDelimiter, []string{"semicolons"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseCSVBytes(t, csvText(tc.header, "1,2,3"), Options{})
			fe := wantFileError(t, err, 422, tc.code)
			for _, s := range tc.contains {
				if !strings.Contains(fe.MessageEn, s) && !strings.Contains(fe.MessageZh, s) {
					t.Errorf("message lacks %q: %s", s, fe.MessageEn)
				}
			}
		})
	}
	t.Run("too many columns", func(t *testing.T) {
		_, err := parseCSVBytes(t, csvText(hdr+strings.Repeat(",x", maxColumns)), Options{})
		wantFileError(t, err, 422, CodeTooManyColumns)
	})
}

func TestParseCSVEmpty(t *testing.T) {
	_, err := parseCSVBytes(t, nil, Options{})
	wantFileError(t, err, 422, CodeEmptyFile)
	_, err = parseCSVBytes(t, csvText(",,,", ""), Options{})
	wantFileError(t, err, 422, CodeEmptyFile)
	_, err = parseCSVBytes(t, csvText(hdr), Options{})
	wantFileError(t, err, 422, CodeNoDataRows)
	_, err = parseCSVBytes(t, csvText(hdr, ",,,,", ""), Options{})
	wantFileError(t, err, 422, CodeNoDataRows)
}

// TestParseCSVRowProblems: one bad input per case, each reported at the
// exact row (header = 1) and column as written in the header.
func TestParseCSVRowProblems(t *testing.T) {
	good := "2023001,张三,zs@example.edu.cn,,"
	body := "11010519491231002"
	tests := []struct {
		name   string
		lines  []string
		opts   Options
		row    int
		column string
		code   string
		msg    string
	}{
		{"empty student number", []string{",张三,zs@x.edu.cn,,"}, Options{}, 2, "学号", CodeRequired, ""},
		{"blank name", []string{"2023001,  ,zs@x.edu.cn,,"}, Options{}, 2, "姓名", CodeRequired, ""},
		{"empty email", []string{good, "2023002,李四,,,"}, Options{}, 3, "邮箱", CodeRequired, ""},
		{"email without domain dot", []string{"2023001,张三,zs@localhost,,"}, Options{}, 2, "邮箱", CodeInvalidEmail, ""},
		{"email with display name", []string{`2023001,张三,"Zhang <zs@x.edu.cn>",,`}, Options{}, 2, "邮箱", CodeInvalidEmail, ""},
		{"two emails", []string{`2023001,张三,"a@x.cn,b@x.cn",,`}, Options{}, 2, "邮箱", CodeInvalidEmail, ""},
		{"email trailing dot", []string{"2023001,张三,zs@x.edu.cn.,,"}, Options{}, 2, "邮箱", CodeInvalidEmail, ""},
		{"student number slash", []string{"2023/001,张三,zs@x.edu.cn,,"}, Options{}, 2, "学号", CodeInvalidStudentNumber, ""},
		{"student number inner space", []string{"2023 001,张三,zs@x.edu.cn,,"}, Options{}, 2, "学号", CodeInvalidStudentNumber, ""},
		{"student number scientific", []string{"2.02E+11,张三,zs@x.edu.cn,,"}, Options{}, 2, "学号", CodeInvalidStudentNumber, "Text"},
		{"student number 33 chars", []string{strings.Repeat("1", 33) + ",张三,zs@x.edu.cn,,"}, Options{}, 2, "学号", CodeInvalidStudentNumber, ""},
		{"name 65 runes", []string{"2023001," + strings.Repeat("张", 65) + ",zs@x.edu.cn,,"}, Options{}, 2, "姓名", CodeInvalidName, ""},
		{"name with tab", []string{"2023001,\"张\t三\",zs@x.edu.cn,,"}, Options{}, 2, "姓名", CodeInvalidName, ""},
		{"id card short", []string{"2023001,张三,zs@x.edu.cn,12345,"}, Options{}, 2, "身份证号", CodeInvalidIDCard, ""},
		{"id card letter", []string{"2023001,张三,zs@x.edu.cn,1101051949123100AX,"}, Options{}, 2, "身份证号", CodeInvalidIDCard, ""},
		{"id card checksum", []string{"2023001,张三,zs@x.edu.cn," + badCheck(body) + ","}, Options{}, 2, "身份证号", CodeIDCardChecksum, ""},
		{"class too long", []string{"2023001,张三,zs@x.edu.cn,," + strings.Repeat("班", 65)}, Options{}, 2, "班级", CodeInvalidClass, ""},
		{"duplicate student number", []string{good, "2023002,李四,ls@x.edu.cn,,", "2023001,王五,ww@x.edu.cn,,"}, Options{}, 4, "学号", CodeDuplicateStudentNumber, "repeats row 2"},
		{"duplicate email any case", []string{good, "2023002,李四,ZS@Example.EDU.CN,,"}, Options{}, 3, "邮箱", CodeDuplicateEmail, "repeats row 2"},
		{"extra column", []string{good, "2023002,李四,ls@x.edu.cn,,,多余"}, Options{}, 3, "F", CodeExtraColumns, ""},
		{"missing columns", []string{good, "2023002,李四"}, Options{}, 3, "邮箱", CodeMissingColumns, ""},
		{"cell too large", []string{good, "2023002," + strings.Repeat("李", 40) + ",ls@x.edu.cn,,"}, Options{MaxCellBytes: 100}, 3, "姓名", CodeCellTooLarge, "at most 100"},
		{"bare quote", []string{good, `2023002,李"四,ls@x.edu.cn,,`}, Options{}, 3, "", CodeCSVSyntax, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := parseCSVBytes(t, csvText(append([]string{hdr}, tc.lines...)...), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			p := wantOnlyProblem(t, tab.Problems, tc.row, tc.column, tc.code)
			if tc.msg != "" && !strings.Contains(p.MessageEn, tc.msg) {
				t.Fatalf("message %q lacks %q", p.MessageEn, tc.msg)
			}
			if len(tab.Rows)+1 != len(tc.lines) {
				t.Fatalf("want %d valid rows, got %+v", len(tc.lines)-1, tab.Rows)
			}
		})
	}
}

func TestParseCSVSeveralProblemsInOneRow(t *testing.T) {
	tab, err := parseCSVBytes(t, csvText(hdr, "20 23,,bad,123,"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range tab.Problems {
		got = append(got, p.Column+":"+p.Code)
	}
	want := "学号:invalid_student_number 姓名:required 邮箱:invalid_email 身份证号:invalid_id_card"
	if strings.Join(got, " ") != want {
		t.Fatalf("got %v, want %s", got, want)
	}
}

func TestParseCSVShapes(t *testing.T) {
	t.Run("trailing comma on every line", func(t *testing.T) {
		tab, err := parseCSVBytes(t, csvText("学号,姓名,邮箱,", "2023001,张三,zs@x.edu.cn,", "2023002,李四,ls@x.edu.cn,"), Options{})
		if err != nil || len(tab.Rows) != 2 || len(tab.Problems) != 0 {
			t.Fatalf("%v %+v %+v", err, tab.Rows, tab.Problems)
		}
	})
	t.Run("wide used range", func(t *testing.T) {
		tab, err := parseCSVBytes(t, csvText("学号,姓名,邮箱,,,", "2023001,张三,zs@x.edu.cn,,,", ",,,,,", "2023002,李四,ls@x.edu.cn,,,"), Options{})
		if err != nil || len(tab.Rows) != 2 || len(tab.Problems) != 0 {
			t.Fatalf("%v %+v %+v", err, tab.Rows, tab.Problems)
		}
		if tab.Rows[1].Line != 4 {
			t.Fatalf("line = %d, want 4", tab.Rows[1].Line)
		}
	})
	t.Run("LF only and blank lines", func(t *testing.T) {
		tab, err := parseCSVBytes(t, []byte("\n学号,姓名,邮箱\n\n2023001,张三,zs@x.edu.cn\n2023002,李四,ls@x.edu.cn"), Options{})
		if err != nil || len(tab.Rows) != 2 {
			t.Fatalf("%v %+v", err, tab)
		}
		if tab.Rows[0].Line != 4 || tab.Rows[1].Line != 5 {
			t.Fatalf("lines = %d, %d", tab.Rows[0].Line, tab.Rows[1].Line)
		}
	})
	t.Run("multi-line cell keeps later line numbers", func(t *testing.T) {
		tab, err := parseCSVBytes(t, csvText("学号,姓名,邮箱", "2023001,\"张\n三\",zs@x.edu.cn", "2023002,李四,ls@x.edu.cn"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		wantOnlyProblem(t, tab.Problems, 2, "姓名", CodeInvalidName)
		if len(tab.Rows) != 1 || tab.Rows[0].Line != 4 {
			t.Fatalf("rows = %+v", tab.Rows)
		}
	})
	t.Run("unterminated quote", func(t *testing.T) {
		tab, err := parseCSVBytes(t, csvText("学号,姓名,邮箱", "2023001,张三,zs@x.edu.cn", `2023002,"李四,ls@x.edu.cn`), Options{})
		if err != nil {
			t.Fatal(err)
		}
		wantOnlyProblem(t, tab.Problems, 3, "", CodeCSVSyntax)
	})
	t.Run("malformed header", func(t *testing.T) {
		_, err := parseCSVBytes(t, csvText(`学号,"姓名"x,邮箱`, "1,2,3"), Options{})
		wantFileError(t, err, 400, CodeCSVHeaderSyntax)
	})
}

func TestParseCSVNormalizes(t *testing.T) {
	id := idCard("44030419900101123")
	if id[17] != 'X' {
		// pick a body whose check character is X so lower-case x is tested
		for i := 0; i < 1000; i++ {
			b := "440304199001011" + string(rune('0'+i/10%10)) + string(rune('0'+i%10))
			if idCard(b)[17] == 'X' {
				id = idCard(b)
				break
			}
		}
	}
	lower := strings.ToLower(id)
	tab, err := parseCSVBytes(t, csvText(hdr, "２０２３００１,张三,ＺＳ＠ｘ．ｅｄｕ．ｃｎ,"+lower+",  "), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 1 {
		t.Fatalf("problems: %+v", tab.Problems)
	}
	r := tab.Rows[0]
	if r.StudentNumber != "2023001" || r.Email != "zs@x.edu.cn" || r.IDCard != id || r.Class != "" {
		t.Fatalf("row = %+v (id %s)", r, id)
	}
}

func TestParseCSVMaxRows(t *testing.T) {
	lines := []string{hdr}
	for i := 0; i < 4; i++ {
		lines = append(lines, "S"+strings.Repeat("1", i+1)+",张三,s"+strings.Repeat("1", i+1)+"@x.edu.cn,,")
	}
	if _, err := parseCSVBytes(t, csvText(lines[:4]...), Options{MaxRows: 3}); err != nil {
		t.Fatalf("3 rows at MaxRows 3: %v", err)
	}
	_, err := parseCSVBytes(t, csvText(lines...), Options{MaxRows: 3})
	fe := wantFileError(t, err, 413, CodeTooManyRows)
	if !strings.Contains(fe.MessageEn, "3") || !strings.Contains(fe.MessageZh, "3") {
		t.Fatalf("message does not state the limit: %s / %s", fe.MessageEn, fe.MessageZh)
	}
	// The default limit is 50,000 and is stated too.
	var b strings.Builder
	b.WriteString("学号,姓名,邮箱\n")
	for i := 0; i <= DefaultMaxRows; i++ {
		b.WriteString("1,a,b\n")
	}
	_, err = parseCSVBytes(t, []byte(b.String()), Options{})
	fe = wantFileError(t, err, 413, CodeTooManyRows)
	if !strings.Contains(fe.MessageEn, "50000") {
		t.Fatalf("message does not state the limit: %s", fe.MessageEn)
	}
}

func TestParseCSVTooLarge(t *testing.T) {
	_, err := ParseCSV(&zeroReader{n: MaxFileBytes + 1}, Options{})
	wantFileError(t, err, 413, CodeFileTooLarge)
}

// zeroReader yields n bytes of 'a' without allocating them up front.
type zeroReader struct{ n int }

func (z *zeroReader) Read(p []byte) (int, error) {
	if z.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), z.n)
	for i := range p[:k] {
		p[i] = 'a'
	}
	z.n -= k
	return k, nil
}

func TestValidIDCard(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"11010519491231002X", true},
		{"11010519491231002x", true},
		{idCard("44030419900101123"), true},
		{badCheck("44030419900101123"), false},
		{"110105194912310021", false},
		{"1101051949123100", false},
		{"11010519491231002XX", false},
		{"A1010519491231002X", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := ValidIDCard(tc.in); got != tc.want {
			t.Errorf("ValidIDCard(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestEditDistanceAndLetters(t *testing.T) {
	if d := editDistance("emial", "email"); d != 1 {
		t.Fatalf("emial/email = %d", d)
	}
	if d := editDistance("姓铭", "姓名"); d != 1 {
		t.Fatalf("姓铭/姓名 = %d", d)
	}
	for i, want := range map[int]string{0: "A", 5: "F", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := columnLetter(i); got != want {
			t.Errorf("columnLetter(%d) = %s, want %s", i, got, want)
		}
	}
}

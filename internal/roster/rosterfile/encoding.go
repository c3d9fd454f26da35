package rosterfile

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Encoding names reported in Table.Encoding.
const (
	encUTF8    = "utf-8"
	encGBK     = "gbk"
	encGB18030 = "gb18030"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// saveAsUTF8 is the fix we suggest for every encoding failure: it is one
// menu choice in both Excel and WPS.
const (
	saveAsUTF8Zh = "请在 Excel/WPS 中“另存为 → CSV UTF-8（逗号分隔）”后重新上传"
	saveAsUTF8En = "in Excel or WPS use Save As → “CSV UTF-8 (Comma delimited)” and upload again"
)

// declaredEncoding validates Options.Encoding; "" means auto.
func declaredEncoding(name string) (string, *FileError) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "auto":
		return "auto", nil
	case "utf-8", "utf8":
		return encUTF8, nil
	case "gbk", "cp936":
		return encGBK, nil
	case "gb18030":
		return encGB18030, nil
	}
	return "", badRequest(CodeUnsupportedEncoding,
		"不支持的编码 “"+truncateForMessage(name)+"”，可选：auto、utf-8、gbk、gb18030",
		"unsupported encoding “"+truncateForMessage(name)+"”; use auto, utf-8, gbk or gb18030")
}

// decodeText turns the raw bytes of a CSV into UTF-8 text and names the
// encoding it found. "auto" trusts a BOM, then valid UTF-8, and otherwise
// tries GB18030 (a superset of GBK, which is what Chinese Excel and WPS
// write); text that still decodes to U+FFFD or control characters is not
// a CSV in any encoding we read, and guessing further would import
// mojibake names.
func decodeText(data []byte, declared string) (string, string, *FileError) {
	enc, ferr := declaredEncoding(declared)
	if ferr != nil {
		return "", "", ferr
	}
	if bytes.HasPrefix(data, bomUTF16LE) || bytes.HasPrefix(data, bomUTF16BE) {
		return "", "", unsupported(CodeEncodingInvalid,
			"文件是 UTF-16（“Unicode 文本”）编码，不受支持；"+saveAsUTF8Zh,
			"the file is UTF-16 (“Unicode Text”), which is not supported; "+saveAsUTF8En)
	}
	hasBOM := bytes.HasPrefix(data, bomUTF8)
	switch enc {
	case encUTF8:
		body := bytes.TrimPrefix(data, bomUTF8)
		if !utf8.Valid(body) {
			return "", "", unsupported(CodeEncodingMismatch,
				"声明的编码是 UTF-8，但文件不是有效的 UTF-8（可能是 GBK）；请改选 GBK 或 "+saveAsUTF8Zh,
				"the declared encoding is UTF-8 but the file is not valid UTF-8 (GBK?); choose GBK or "+saveAsUTF8En)
		}
		if ferr := checkDecoded(string(body), encUTF8, false); ferr != nil {
			return "", "", ferr
		}
		return string(body), encUTF8, nil
	case encGBK, encGB18030:
		if hasBOM || (utf8.Valid(data) && hasNonASCII(data)) {
			return "", "", unsupported(CodeEncodingMismatch,
				"声明的编码是 "+strings.ToUpper(enc)+"，但文件实际是 UTF-8；请改选 UTF-8 或“自动”",
				"the declared encoding is "+strings.ToUpper(enc)+" but the file is UTF-8; choose UTF-8 or auto")
		}
		var dec *encoding.Decoder
		if enc == encGBK {
			dec = simplifiedchinese.GBK.NewDecoder()
		} else {
			dec = simplifiedchinese.GB18030.NewDecoder()
		}
		text, err := dec.String(string(data))
		if err != nil || checkDecoded(text, enc, true) != nil {
			return "", "", unsupported(CodeEncodingMismatch,
				"按声明的 "+strings.ToUpper(enc)+" 编码无法正确解码文件；请改选“自动”或 "+saveAsUTF8Zh,
				"the file does not decode as the declared "+strings.ToUpper(enc)+"; choose auto or "+saveAsUTF8En)
		}
		return text, enc, nil
	}

	// auto
	if hasBOM {
		body := data[len(bomUTF8):]
		if !utf8.Valid(body) {
			return "", "", unsupported(CodeEncodingInvalid,
				"文件以 UTF-8 标记（BOM）开头，但内容不是有效的 UTF-8；"+saveAsUTF8Zh,
				"the file starts with a UTF-8 byte order mark but is not valid UTF-8; "+saveAsUTF8En)
		}
		if ferr := checkDecoded(string(body), encUTF8, false); ferr != nil {
			return "", "", ferr
		}
		return string(body), encUTF8, nil
	}
	if utf8.Valid(data) {
		if ferr := checkDecoded(string(data), encUTF8, false); ferr != nil {
			return "", "", ferr
		}
		return string(data), encUTF8, nil
	}
	text, err := simplifiedchinese.GB18030.NewDecoder().String(string(data))
	if err != nil || checkDecoded(text, encGB18030, true) != nil {
		return "", "", unsupported(CodeEncodingInvalid,
			"无法识别文件编码：既不是 UTF-8，也不是 GBK/GB18030（解码后出现乱码或控制字符）；"+saveAsUTF8Zh,
			"cannot determine the file's encoding: it is neither UTF-8 nor GBK/GB18030 (decoding yields replacement or control characters); "+saveAsUTF8En)
	}
	return text, encGB18030, nil
}

// checkDecoded rejects text no CSV would contain. NUL bytes mark a binary
// file (often an .xlsx renamed to .csv) in any encoding; after a GB18030
// decode U+FFFD and other control characters also mean the guess was
// wrong. Tabs and line breaks are ordinary CSV content.
func checkDecoded(text, enc string, strict bool) *FileError {
	for _, r := range text {
		bad := r == 0
		if strict {
			bad = bad || r == utf8.RuneError || (unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r')
		}
		if bad {
			return unsupported(CodeEncodingInvalid,
				"文件包含二进制或无法解码的内容（编码 "+enc+"），不是文本 CSV；"+saveAsUTF8Zh,
				"the file contains binary or undecodable content (as "+enc+"), so it is not a text CSV; "+saveAsUTF8En)
		}
	}
	return nil
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

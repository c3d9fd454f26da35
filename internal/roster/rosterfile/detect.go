package rosterfile

import (
	"bytes"
	"encoding/binary"
	"mime"
	"path"
	"strings"
)

// Format names returned by Detect.
const (
	FormatCSV       = "csv"
	FormatXLSX      = "xlsx"
	FormatOneRoster = "oneroster"
)

const (
	mimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	// zipKind results besides the formats.
	kindOOXML = "ooxml" // an Office package of yet unknown kind
	kindOther = "other" // a Word or PowerPoint package
)

// oneRosterFileNames are the CSV names that mark a OneRoster bundle.
var oneRosterFileNames = map[string]bool{
	"manifest.csv": true, "orgs.csv": true, "users.csv": true, "classes.csv": true,
	"enrollments.csv": true, "academicsessions.csv": true, "roles.csv": true,
	"courses.csv": true, "demographics.csv": true,
}

// Detect tells which parser an upload needs from its first bytes, falling
// back to the file name and Content-Type only where the bytes cannot
// decide. head should be the start of the file; 512 bytes identify the
// magic, a few KB let a zip's first entry names be seen. A zip holding a
// manifest.csv is a OneRoster bundle; one holding [Content_Types].xml or
// xl/ parts is a workbook. "" means unsupported (legacy .xls, an unknown
// zip, binary data).
func Detect(head []byte, filename, contentType string) string {
	ext := strings.ToLower(path.Ext(strings.ReplaceAll(filename, `\`, "/")))
	ct, _, _ := mime.ParseMediaType(contentType)
	ct = strings.ToLower(ct)

	if bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")) {
		kind := zipKind(head)
		switch kind {
		case FormatOneRoster, FormatXLSX:
			return kind
		}
		switch {
		case ext == ".xlsx" || ext == ".xlsm" || ct == mimeXLSX:
			return FormatXLSX
		case kind == kindOOXML && (ext == "" || ext == ".zip"):
			// An Office package whose first parts did not show which
			// kind: a workbook is the only one we accept, so try it.
			return FormatXLSX
		case kind == "" && (ext == ".zip" || ct == "application/zip" || ct == "application/x-zip-compressed"):
			return FormatOneRoster
		}
		return ""
	}
	// OLE2 compound file: legacy .xls or a password-protected .xlsx.
	if bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		return ""
	}
	switch ext {
	case ".xlsx", ".xlsm", ".xls", ".zip", ".pdf", ".doc", ".docx", ".numbers":
		return "" // a text body under a binary format's name: refuse, don't guess
	}
	// UTF-16 text is CSV-shaped; ParseCSV then explains how to re-save it.
	if bytes.HasPrefix(head, bomUTF16LE) || bytes.HasPrefix(head, bomUTF16BE) {
		return FormatCSV
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return ""
	}
	return FormatCSV
}

// zipKind looks at the entry names in the local file headers within head.
// It walks header to header while sizes are known and otherwise scans for
// the next signature, which is good enough for a hint.
func zipKind(head []byte) string {
	kind := ""
	sig := []byte("PK\x03\x04")
	for i := 0; i+30 <= len(head); {
		if !bytes.Equal(head[i:i+4], sig) {
			j := bytes.Index(head[i+1:], sig)
			if j < 0 {
				break
			}
			i += 1 + j
			continue
		}
		nameLen := int(binary.LittleEndian.Uint16(head[i+26:]))
		extraLen := int(binary.LittleEndian.Uint16(head[i+28:]))
		if i+30+nameLen > len(head) {
			break
		}
		name := strings.ToLower(path.Base(string(head[i+30 : i+30+nameLen])))
		full := strings.ToLower(string(head[i+30 : i+30+nameLen]))
		switch {
		case oneRosterFileNames[name]:
			return FormatOneRoster
		case strings.HasPrefix(full, "xl/"):
			return FormatXLSX
		case strings.HasPrefix(full, "word/") || strings.HasPrefix(full, "ppt/"):
			return kindOther
		case full == "[content_types].xml":
			kind = kindOOXML
		}
		next := i + 30 + nameLen + extraLen
		if flags := binary.LittleEndian.Uint16(head[i+6:]); flags&0x8 == 0 {
			next += int(binary.LittleEndian.Uint32(head[i+18:]))
		}
		if next <= i {
			break
		}
		i = next
	}
	return kind
}

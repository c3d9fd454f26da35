package rosterfile

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"path"
	"strconv"
	"strings"
)

// The excelize row iterator gives displayed values but not whether a cell
// holds a formula, and excelize's GetCellFormula loads the whole sheet
// into memory, which defeats streaming. So the same sheet XML is also read
// here, in lockstep with excelize, one row at a time: O(one row) memory.

// workbookSheet is one worksheet of a workbook, in tab order.
type workbookSheet struct {
	name string
	part string // zip entry name, e.g. "xl/worksheets/sheet1.xml"
}

// workbookSheets lists the worksheets in tab order with their XML parts,
// following the package relationships as excelize does.
func workbookSheets(zr *zip.Reader, lim zipLimits, budget *uint64) ([]workbookSheet, *FileError) {
	wbPart := "xl/workbook.xml"
	if rels, ok := readRels(zr, "_rels/.rels", "", lim, budget); ok {
		for _, rel := range rels {
			if strings.HasSuffix(rel.Type, "/officeDocument") {
				wbPart = rel.Target
			}
		}
	}
	f := findZipFile(zr, wbPart)
	if f == nil {
		return nil, notWorkbook()
	}
	data, ferr := readZipEntry(f, lim, budget)
	if ferr != nil {
		return nil, ferr
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
			// Strict OOXML uses another namespace for the same attribute.
			RIDStrict string `xml:"http://purl.oclc.org/ooxml/officeDocument/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(data, &wb); err != nil {
		return nil, notWorkbook()
	}
	dir := path.Dir(wbPart)
	relPart := path.Join(dir, "_rels", path.Base(wbPart)+".rels")
	rels, _ := readRels(zr, relPart, dir, lim, budget)
	byID := map[string]string{}
	for _, rel := range rels {
		byID[rel.ID] = rel.Target
	}
	var out []workbookSheet
	for _, s := range wb.Sheets {
		id := s.RID
		if id == "" {
			id = s.RIDStrict
		}
		if target, ok := byID[id]; ok {
			out = append(out, workbookSheet{name: s.Name, part: target})
		}
	}
	if len(out) == 0 {
		return nil, notWorkbook()
	}
	return out, nil
}

type relationship struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
}

// readRels parses a .rels part and resolves targets against base (the
// directory of the part the relationships belong to).
func readRels(zr *zip.Reader, part, base string, lim zipLimits, budget *uint64) ([]relationship, bool) {
	f := findZipFile(zr, part)
	if f == nil {
		return nil, false
	}
	data, ferr := readZipEntry(f, lim, budget)
	if ferr != nil {
		return nil, false
	}
	var doc struct {
		Rels []relationship `xml:"Relationship"`
	}
	if xml.Unmarshal(data, &doc) != nil {
		return nil, false
	}
	for i, r := range doc.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(base, t)
		}
		doc.Rels[i].Target = t
	}
	return doc.Rels, true
}

// findZipFile finds a part by name; OOXML part names are case-insensitive.
func findZipFile(zr *zip.Reader, name string) *zip.File {
	var fold *zip.File
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
		if fold == nil && strings.EqualFold(f.Name, name) {
			fold = f
		}
	}
	return fold
}

func notWorkbook() *FileError {
	return unsupported(CodeInvalidXLSX,
		"文件不是有效的 Excel 工作簿（.xlsx）",
		"the file is not a valid Excel workbook (.xlsx)")
}

// cellMeta is what the streaming values lack: whether a cell is a formula,
// and its stored type and raw value (to recover a number that the display
// format turned into 1.20E+10).
type cellMeta struct {
	formula bool
	typ     string
	raw     string
	content bool // has a value (<v> or an inline string)
}

// sheetScanner walks a worksheet's <row> elements in order.
type sheetScanner struct {
	rc      io.ReadCloser
	dec     *xml.Decoder
	lastRow int       // number of the last <row> seen
	pending *rowStart // a row read ahead of the one asked for
	done    bool
	cells   map[int]cellMeta // reused between rows
}

type rowStart struct {
	num int
}

func newSheetScanner(f *zip.File, maxBytes int64) (*sheetScanner, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	return &sheetScanner{
		rc:    rc,
		dec:   xml.NewDecoder(io.LimitReader(rc, maxBytes)),
		cells: map[int]cellMeta{},
	}, nil
}

func (s *sheetScanner) Close() error { return s.rc.Close() }

// row returns the cell metadata of row n (1-based), keyed by 0-based
// column; rows must be asked for in increasing order. The map is reused
// by the next call. An unreadable sheet yields empty metadata: excelize
// reads the same bytes and reports the error.
func (s *sheetScanner) row(n int) map[int]cellMeta {
	clear(s.cells)
	for !s.done {
		if s.pending != nil {
			if s.pending.num > n {
				return s.cells
			}
			num := s.pending.num
			s.pending = nil
			if num == n {
				s.readCells()
				return s.cells
			}
			if s.dec.Skip() != nil {
				s.done = true
			}
			continue
		}
		tok, err := s.dec.Token()
		if err != nil {
			s.done = true
			break
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if el.Name.Local == "row" {
				num := s.lastRow + 1
				if v, ok := attr(el, "r"); ok {
					if r, err := strconv.Atoi(v); err == nil && r > 0 {
						num = r
					}
				}
				s.lastRow = num
				s.pending = &rowStart{num: num}
			}
		case xml.EndElement:
			if el.Name.Local == "sheetData" {
				s.done = true
			}
		}
	}
	return s.cells
}

// readCells consumes the current <row> element's children.
func (s *sheetScanner) readCells() {
	col := -1
	for {
		tok, err := s.dec.Token()
		if err != nil {
			s.done = true
			return
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if el.Name.Local != "c" {
				_ = s.dec.Skip()
				continue
			}
			col++
			if ref, ok := attr(el, "r"); ok {
				if c, ok := refColumn(ref); ok {
					col = c
				}
			}
			typ, _ := attr(el, "t")
			m := s.readCell(typ)
			if m.formula || m.content {
				s.cells[col] = m
			}
		case xml.EndElement:
			if el.Name.Local == "row" {
				return
			}
		}
	}
}

// readCell consumes one <c> element: <f> marks a formula (including the
// empty <f t="shared" si="0"/> of a filled-down formula), <v> is the raw
// stored value.
func (s *sheetScanner) readCell(typ string) cellMeta {
	m := cellMeta{typ: typ}
	for {
		tok, err := s.dec.Token()
		if err != nil {
			s.done = true
			return m
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "f":
				m.formula = true
				_ = s.dec.Skip()
			case "v":
				var v string
				if s.dec.DecodeElement(&v, &el) == nil && v != "" {
					m.content = true
					if len(v) <= 64 { // numbers are short; only they need the raw value
						m.raw = v
					}
				}
			case "is":
				m.content = true
				_ = s.dec.Skip()
			default:
				_ = s.dec.Skip()
			}
		case xml.EndElement:
			if el.Name.Local == "c" {
				return m
			}
		}
	}
}

func attr(el xml.StartElement, name string) (string, bool) {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// refColumn parses the column of a cell reference like "AB12" (0-based).
func refColumn(ref string) (int, bool) {
	col := 0
	i := 0
	for ; i < len(ref) && i < 3; i++ {
		c := ref[i] | 0x20 // lower-case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
	}
	if i == 0 {
		return 0, false
	}
	return col - 1, true
}

package rosterfile

// Options tune parsing; the zero value is the production default.
type Options struct {
	// Encoding of CSV text: "auto" (or empty), "utf-8", "gbk" or "gb18030".
	Encoding string
	// Sheet picks an XLSX worksheet by name (case-insensitive); empty means
	// the first sheet.
	Sheet string
	// MaxRows caps data rows; more is a 413. Default 50,000, the importer's
	// transaction budget.
	MaxRows int
	// MaxCellBytes caps one cell in bytes of UTF-8. Default 1,000: no roster
	// field is near that, so a bigger cell is a paste accident.
	MaxCellBytes int
}

// Defaults and hard limits. The size limits are not options: they protect
// the server, not the registrar's workflow.
const (
	DefaultMaxRows      = 50000
	DefaultMaxCellBytes = 1000

	// MaxFileBytes bounds a CSV upload, and the uncompressed size of an
	// XLSX or OneRoster zip.
	MaxFileBytes = 100 << 20
	// MaxCompressionRatio above which a zip (or one entry of it) is
	// treated as a zip bomb.
	MaxCompressionRatio = 100
	// maxColumns bounds the header width: a roster has five columns, and
	// the limit keeps error messages and per-row work small.
	maxColumns = 64
)

func (o Options) withDefaults() Options {
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	if o.MaxCellBytes <= 0 {
		o.MaxCellBytes = DefaultMaxCellBytes
	}
	return o
}

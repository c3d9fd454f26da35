package rosterfile

// Row problem codes. They are part of the API: the UI keys translations
// and help links on them, so never rename one.
const (
	CodeRequired               = "required"
	CodeInvalidStudentNumber   = "invalid_student_number"
	CodeInvalidName            = "invalid_name"
	CodeInvalidEmail           = "invalid_email"
	CodeInvalidIDCard          = "invalid_id_card"
	CodeIDCardChecksum         = "id_card_checksum"
	CodeInvalidClass           = "invalid_class"
	CodeDuplicateStudentNumber = "duplicate_student_number"
	CodeDuplicateEmail         = "duplicate_email"
	CodeExtraColumns           = "extra_columns"
	CodeMissingColumns         = "missing_columns"
	CodeCellTooLarge           = "cell_too_large"
	CodeFormulaCell            = "formula_cell"
	CodeCSVSyntax              = "csv_syntax"

	// OneRoster rows.
	CodeDuplicateSourcedID = "duplicate_sourced_id"
	CodeInvalidValue       = "invalid_value"
	CodeUnknownOrg         = "unknown_org"
	CodeUnknownUser        = "unknown_user"
	CodeUnknownClass       = "unknown_class"
	CodeUnknownCourse      = "unknown_course"
	CodeRoleUnknown        = "role_unknown"
)

// File error codes.
const (
	CodeUnsupportedEncoding = "unsupported_encoding" // 400: Options.Encoding is not one we know
	CodeEncodingMismatch    = "encoding_mismatch"    // 415: declared encoding does not fit the bytes
	CodeEncodingInvalid     = "encoding_invalid"     // 415: neither UTF-8 nor GB18030
	CodeFileTooLarge        = "file_too_large"       // 413
	CodeTooManyRows         = "too_many_rows"        // 413
	CodeTooManyEntries      = "too_many_entries"     // 413
	CodeZipBomb             = "zip_bomb"             // 413
	CodeEmptyFile           = "empty_file"           // 422
	CodeNoDataRows          = "no_data_rows"         // 422
	CodeMissingHeaders      = "missing_headers"      // 422
	CodeUnknownHeaders      = "unknown_headers"      // 422
	CodeDuplicateHeaders    = "duplicate_headers"    // 422
	CodeBlankHeader         = "blank_header"         // 422
	CodeTooManyColumns      = "too_many_columns"     // 422
	CodeWrongDelimiter      = "wrong_delimiter"      // 422
	CodeCSVHeaderSyntax     = "csv_header_syntax"    // 400
	CodeInvalidXLSX         = "invalid_xlsx"         // 415
	CodeSheetNotFound       = "sheet_not_found"      // 422
	CodeInvalidZip          = "invalid_zip"          // 415
	CodeUnsafeEntry         = "unsafe_entry"         // 400
	CodeNestedArchive       = "nested_archive"       // 400
	CodeDuplicateEntry      = "duplicate_entry"      // 400
	CodeMissingFile         = "missing_file"         // 422
	CodeManifestInvalid     = "manifest_invalid"     // 422
	CodeUnsupportedVersion  = "unsupported_version"  // 422
)

// Package rosterfile parses and validates the roster files universities
// upload: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030), XLSX workbooks and
// OneRoster 1.2 CSV bundles (zip). It only reads the file; the importer in
// package roster decides what to do with the rows.
//
// Two kinds of failure are kept apart on purpose:
//
//   - A *FileError rejects the whole upload (unreadable encoding, unknown
//     headers, zip bomb, too many rows...). Its Status is the HTTP status
//     the handler should answer with: 400 malformed or unsafe input,
//     413 over a size or row limit, 415 not a format or encoding we read,
//     422 readable but unusable (headers, required files).
//   - A RowProblem rejects one row and names the row and column as the
//     registrar sees them in Excel/WPS, so the dry-run report can list
//     every fix at once instead of failing on the first.
//
// Every message exists in Chinese and English; codes are stable slugs
// (see codes.go) that the UI and tests key on.
package rosterfile

// Package courses embeds the course content of this folder (see README.md
// for its format) so that the binary serves it without any file beside it.
package courses

import "embed"

// FS holds every track folder, with README.md and this file at its root
// (which the catalog loader ignores). Names starting with "." or "_" inside
// the track folders are left out, as go:embed does for folders.
//
//go:embed *
var FS embed.FS

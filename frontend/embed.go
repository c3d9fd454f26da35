// Package frontend holds the built web app (Vue SPA). The sources live beside
// this file; `cd frontend && npm ci && npm run build` regenerates dist/, which
// is committed so that a plain `go build` needs no Node toolchain.
// embed_test.go fails when dist/ no longer matches the sources.
package frontend

import "embed"

// Dist is the built SPA: dist/index.html plus hashed files under dist/assets/.
//
//go:embed all:dist
var Dist embed.FS

// Package api carries the HTTP contract, api/openapi.yaml, into the binary.
package api

import _ "embed"

// OpenAPI is the OpenAPI 3.1 document served at /api/openapi.yaml.
//
//go:embed openapi.yaml
var OpenAPI []byte

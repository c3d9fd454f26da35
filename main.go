// Command ohtalent is the OpenHarmony talent platform: API server, SPA,
// course tools and grading workers in one binary.
package main

import (
	"os"

	"github.com/ohtalent/ohtalent/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}

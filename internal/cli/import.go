package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ohtalent/ohtalent/internal/config"
	"github.com/ohtalent/ohtalent/internal/server"
)

func init() {
	register("import", command{summary: "import a roster: import FILE --org CODE --cohort NAME [--dry-run] [--sync]", run: runImport})
}

func runImport(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", stderr)
	orgCode := fs.String("org", "", "organization code (required)")
	cohort := fs.String("cohort", "", "cohort name; created when missing (required)")
	dry := fs.Bool("dry-run", false, "report what would change and write nothing")
	sync := fs.Bool("sync", false, "mark members missing from the file inactive")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory (OHT_DATA_DIR)")
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		args = append(args[1:], args[0])
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *orgCode == "" || *cohort == "" {
		return fmt.Errorf("%w: ohtalent import FILE --org CODE --cohort NAME [--dry-run] [--sync]", errUsage)
	}
	body, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "importing %s (%d KiB) ...\n", filepath.Base(fs.Arg(0)), len(body)>>10)
	s, err := server.Open(ctx, cfg, server.NewLogger("error"))
	if err != nil {
		return err
	}
	defer s.Close()
	mode := "upsert"
	if *sync {
		mode = "sync"
	}
	rep, err := s.Roster.ImportFile(ctx, *orgCode, *cohort, fs.Arg(0), body, *dry, mode)
	if err != nil {
		return err
	}
	out, _ := json.MarshalIndent(rep, "", "  ")
	fmt.Fprintln(stdout, string(out))
	if len(rep.Rejected) > 0 {
		return fmt.Errorf("%d row problem(s): nothing was imported", len(rep.Rejected))
	}
	return nil
}

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/config"
	"github.com/ohtalent/ohtalent/internal/server"
)

func init() {
	register("import", command{summary: "import a roster: import FILE --org CODE [--cohort NAME] [--dry-run] [--sync]", run: runImport})
}

func runImport(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", stderr)
	orgCode := fs.String("org", "", "organization code (required)")
	cohort := fs.String("cohort", "", "cohort name, created when missing; leave out for a OneRoster bundle to make each class a cohort")
	dry := fs.Bool("dry-run", false, "report what would change and write nothing")
	sync := fs.Bool("sync", false, "mark members missing from the file inactive")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory (OHT_DATA_DIR)")
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		args = append(args[1:], args[0])
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	const usage = "ohtalent import FILE --org CODE [--cohort NAME] [--dry-run] [--sync]"
	if fs.NArg() != 1 || *orgCode == "" {
		return fmt.Errorf("%w: %s", errUsage, usage)
	}
	body, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	isBundle := bytes.HasPrefix(body, []byte("PK")) && !strings.HasSuffix(strings.ToLower(fs.Arg(0)), ".xlsx")
	if *cohort == "" && !isBundle {
		return fmt.Errorf("%w: %s (--cohort is needed unless FILE is a OneRoster bundle)", errUsage, usage)
	}
	fmt.Fprintf(stderr, "importing %s (%d KiB) ...\n", filepath.Base(fs.Arg(0)), len(body)>>10)
	s, err := server.Open(ctx, cfg, server.NewLogger("error"))
	if err != nil {
		return err
	}
	defer s.Close()
	ctx = audit.WithActor(ctx, audit.ActorCLI, "")
	mode := "upsert"
	if *sync {
		mode = "sync"
	}
	bar := newProgressBar(stderr, "writing")
	var rep any
	var rejected int
	if *cohort == "" {
		r, err := s.Roster.ImportOneRosterFile(ctx, *orgCode, body, *dry, mode, bar.Set)
		if err != nil {
			return err
		}
		rep, rejected = r, len(r.Rejected)
	} else {
		r, err := s.Roster.ImportFile(ctx, *orgCode, *cohort, fs.Arg(0), body, *dry, mode, bar.Set)
		if err != nil {
			return err
		}
		rep, rejected = r, len(r.Rejected)
	}
	bar.Done()
	out, _ := json.MarshalIndent(rep, "", "  ")
	fmt.Fprintln(stdout, string(out))
	if rejected > 0 {
		return fmt.Errorf("%d row problem(s): nothing was imported", rejected)
	}
	return nil
}

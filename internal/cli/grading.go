package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ohtalent/ohtalent/internal/config"
	"github.com/ohtalent/ohtalent/internal/grading/runner"
	"github.com/ohtalent/ohtalent/internal/grading/sandbox"
)

func init() {
	register("grade-worker", command{hidden: true, summary: "sandbox worker (started by the server)", run: runGradeWorker})
	register("runner", command{summary: "reference external runner: runner --server URL --token T [--once]", run: runRunner})
}

func runGradeWorker(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	return sandbox.WorkerMain(os.Stdin, os.Stdout)
}

func runRunner(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("runner", stderr)
	server := fs.String("server", "", "platform base URL, e.g. https://ohtalent.example.cn (required)")
	token := fs.String("token", os.Getenv("OHT_RUNNER_TOKEN"), "runner token (or OHT_RUNNER_TOKEN)")
	once := fs.Bool("once", false, "handle at most one job and exit")
	poll := fs.Duration("poll", 2*time.Second, "wait between empty claims")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *server == "" || *token == "" {
		return fmt.Errorf("%w: --server and --token are required", errUsage)
	}
	return runner.Run(ctx, runner.Options{Server: *server, Token: *token, Once: *once, Poll: *poll, Log: stdout})
}

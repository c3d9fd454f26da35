// Command crash is `make test-crash`: crash consistency of the real
// binary on SQLite. For each scenario it runs trials of: start
// `ohtalent serve` on a fresh data dir, begin an operation, kill -9 the
// server (and its sandbox workers) at a random moment during it, restart
// it, and check what survived:
//
//   - import: a 10,000-row roster import is all-or-nothing (0 or 10,000
//     members, accounts, student numbers and one audit event), and all of
//     it when the client had been answered 200;
//   - issue: under concurrent manual issuance, every credential the client
//     was answered 201 for is stored and verifies after the restart;
//   - grading: every submission the client was answered 2xx for reaches a
//     final verdict after the restart, and each is counted toward progress
//     exactly once (lab_scores.attempts equals the graded submissions).
//
// Every trial also passes SQLite's integrity and foreign-key checks, run
// from here with the project's driver on the database file, read-only,
// after the server has stopped. It prints a table of the trials and exits
// 1 on any violation.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ohtalent/ohtalent/scripts/internal/harness"
)

const (
	adminEmail    = "crash-admin@ohtalent.test"
	adminPassword = "crash-password-123"
)

// trial is one kill and its findings.
type trial struct {
	Scenario   string
	N          int
	KillAfter  time.Duration
	Acked      string   // what the client had been told before the kill
	After      string   // what the checks found
	Violations []string // broken promises; empty is a pass
}

type scenario struct {
	name string
	run  func(ctx context.Context, t *trialEnv) error
}

// trialEnv is what a scenario works with.
type trialEnv struct {
	*trial
	srv  *harness.Server
	rng  *rand.Rand
	opts options
}

type options struct {
	rows int
}

func (t *trial) violate(format string, args ...any) {
	t.Violations = append(t.Violations, fmt.Sprintf(format, args...))
}

func main() {
	trials := flag.Int("trials", 3, "kills per scenario")
	only := flag.String("scenario", "", "run only this scenario: import, issue or grading")
	rows := flag.Int("rows", 10000, "roster rows of the import scenario")
	seed := flag.Uint64("seed", uint64(time.Now().UnixNano()), "random seed of the kill moments (printed, to replay a run)")
	prebuilt := flag.String("bin", "", "test this ohtalent binary instead of building one")
	keep := flag.Bool("keep", false, "keep every trial's data dir (those of failed trials are always kept)")
	flag.Parse()
	ok, err := run(*trials, *only, options{rows: *rows}, *seed, *keep, *prebuilt)
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash:", err)
		os.Exit(2)
	}
	if !ok {
		os.Exit(1)
	}
}

func run(trials int, only string, opts options, seed uint64, keep bool, prebuilt string) (bool, error) {
	scenarios := []scenario{{"import", importScenario}, {"issue", issueScenario}, {"grading", gradingScenario}}
	tmp, err := os.MkdirTemp("", "oht-crash-")
	if err != nil {
		return false, err
	}
	failed := 0
	defer func() {
		if !keep && failed == 0 {
			os.RemoveAll(tmp)
		}
	}()
	bin, err := harness.Build(tmp, prebuilt)
	if err != nil {
		return false, err
	}
	fmt.Printf("seed %d; %d trial(s) per scenario; SQLite\n\n", seed, trials)
	rng := rand.New(rand.NewPCG(seed, seed>>1|1))
	ctx := context.Background()
	var done []*trial
	for _, sc := range scenarios {
		if only != "" && sc.name != only {
			continue
		}
		for i := 1; i <= trials; i++ {
			tr := &trial{Scenario: sc.name, N: i}
			addr := harness.FreeAddr()
			srv := &harness.Server{Bin: bin, DataDir: filepath.Join(tmp, fmt.Sprintf("%s-%d", sc.name, i)), Addr: addr, Env: []string{
				"OHT_ADMIN_EMAIL=" + adminEmail, "OHT_ADMIN_PASSWORD=" + adminPassword, "OHT_PUBLIC_URL=http://" + addr,
				"OHT_LOG_LEVEL=warn",
				// Limits are not what is tested here; they would only slow
				// the load that keeps the server busy when it is killed.
				"OHT_LOGIN_RATE_IP=0", "OHT_PUBLIC_RATE_IP=0", "OHT_VERIFY_RATE_IP=0", "OHT_SUBMIT_RATE=0",
			}}
			start := time.Now()
			err := sc.run(ctx, &trialEnv{trial: tr, srv: srv, rng: rng, opts: opts})
			srv.Kill() // whatever happened, leave no process behind
			if err != nil {
				tr.violate("trial could not run: %v", err)
			}
			fmt.Printf("  %s #%d: %s (%.1fs)\n", sc.name, i, verdict(tr), time.Since(start).Seconds())
			if len(tr.Violations) == 0 && !keep {
				os.RemoveAll(srv.DataDir)
			}
			done = append(done, tr)
		}
	}
	fmt.Println()
	fmt.Printf("| %-8s | %-5s | %-10s | %-44s | %-62s | %-6s |\n", "scenario", "trial", "killed at", "acknowledged before the kill", "after restart", "result")
	fmt.Printf("|%s|%s|%s|%s|%s|%s|\n", strings.Repeat("-", 10), strings.Repeat("-", 7), strings.Repeat("-", 12), strings.Repeat("-", 46), strings.Repeat("-", 64), strings.Repeat("-", 8))
	for _, t := range done {
		fmt.Printf("| %-8s | %-5d | %-10s | %-44s | %-62s | %-6s |\n", t.Scenario, t.N, t.KillAfter.Round(time.Millisecond), t.Acked, t.After, verdict(t))
	}
	for _, t := range done {
		for _, v := range t.Violations {
			failed++
			fmt.Fprintf(os.Stderr, "VIOLATION %s #%d: %s\n", t.Scenario, t.N, v)
		}
	}
	if failed > 0 {
		fmt.Fprintf(os.Stderr, "\n%d violation(s); the failed trials' data dirs are kept under %s\n", failed, tmp)
		return false, nil
	}
	fmt.Printf("\nall %d trials kept every promise\n", len(done))
	return true, nil
}

func verdict(t *trial) string {
	if len(t.Violations) > 0 {
		return "FAIL"
	}
	return "ok"
}

// admin starts the server and returns the platform admin's client.
func (t *trialEnv) admin(ctx context.Context) (*harness.Client, error) {
	if err := t.srv.Start(60 * time.Second); err != nil {
		return nil, err
	}
	c := harness.NewClient(t.srv.URL())
	return c, c.Login(ctx, adminEmail, adminPassword)
}

// killAt sleeps d, then kills the server as a crash would.
func (t *trialEnv) killAt(d time.Duration) {
	time.Sleep(d)
	t.KillAfter = d
	t.srv.Kill()
}

// restart brings the server back on the same data after a kill.
func (t *trialEnv) restart() error {
	if err := t.srv.Start(60 * time.Second); err != nil {
		return fmt.Errorf("restart after the kill: %w", err)
	}
	return nil
}

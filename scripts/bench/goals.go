package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ohtalent/ohtalent/scripts/internal/harness"
)

// Goal targets of the issue: the public goals endpoint at 500,000
// developers and 1,000,000 credentials on SQLite answers with p50 <= 5 ms,
// and the server stays within 150 MB of resident memory.
const (
	goalsP50Target = 5 * time.Millisecond
	goalsRSSTarget = 150 << 20
)

// printGoalsBench builds the data set with `ohtalent simulate` (timed),
// starts a server on it, drives GET /api/v1/stats/goals beside the bare
// gin handler, measures answers that miss the cache (a new asOf each
// time), and reads the server's memory. OHT_BENCH_GOALS_DEVELOPERS makes
// a smaller data set for a quick look (credentials: twice as many).
func printGoalsBench(ctx context.Context, bin, tmp string, baseline scenario, workers int, d time.Duration) error {
	developers := 500_000
	if v := os.Getenv("OHT_BENCH_GOALS_DEVELOPERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fmt.Errorf("OHT_BENCH_GOALS_DEVELOPERS must be a positive whole number")
		}
		developers = n
	}
	credentials := 2 * developers
	data := filepath.Join(tmp, "goals-data")
	fmt.Printf("\ngoals: building %d developers and %d credentials with ohtalent simulate (SQLite) ...\n", developers, credentials)
	sim := exec.Command(bin, "simulate", "--developers", strconv.Itoa(developers), "--credentials", strconv.Itoa(credentials))
	sim.Env = append(os.Environ(), "OHT_DATA_DIR="+data, "OHT_DATABASE_URL=")
	sim.Stdout, sim.Stderr = os.Stdout, os.Stderr
	began := time.Now()
	if err := sim.Run(); err != nil {
		return fmt.Errorf("simulate: %w", err)
	}
	built := time.Since(began)
	size := int64(0)
	filepath.Walk(data, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			size += info.Size()
		}
		return nil
	})

	addr := harness.FreeAddr()
	env := []string{"OHT_ADDR=" + addr, "OHT_DATA_DIR=" + data, "OHT_DATABASE_URL=", "OHT_LOG_LEVEL=error",
		"OHT_ADMIN_EMAIL=bench-admin@ohtalent.test", "OHT_ADMIN_PASSWORD=bench-password-123",
		// Rate limits would turn the load into 429s; they are tested elsewhere.
		"OHT_PUBLIC_RATE_IP=100000000", "OHT_LOGIN_RATE_IP=100000000"}
	_, stop, proc, err := startProcess(bin, []string{"serve"}, env, "/healthz")
	if err != nil {
		return err
	}
	defer stop()
	url := "http://" + addr + "/api/v1/stats/goals"
	goals := scenario{Name: "GET /api/v1/stats/goals", Method: "GET", URL: url, Want: 200}
	run(ctx, goals, workers, d/5) // warm up: the first answer is computed, then served until a change
	res := paired(ctx, goals, baseline, workers, d, pairRounds)

	// Answers that miss the cache: a different day each time.
	var misses []time.Duration
	missErr := ""
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 60 {
		t0 := time.Now()
		resp, err := http.Get(url + "?asOf=" + day.AddDate(0, 0, 5*i).Format(time.DateOnly))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != 200 && missErr == "" {
				missErr = fmt.Sprintf("status %d", resp.StatusCode)
			}
		} else if missErr == "" {
			missErr = err.Error()
		}
		misses = append(misses, time.Since(t0))
	}
	sort.Slice(misses, func(i, j int) bool { return misses[i] < misses[j] })
	rss, peak := harness.ProcMemory(proc.Pid)

	fmt.Printf("\ngoals at %d developers / %d credentials (SQLite, %.0f MB on disk; simulate took %s):\n\n",
		developers, credentials, float64(size)/(1<<20), built.Round(100*time.Millisecond))
	fmt.Printf("| %-40s | %10s | %9s | %9s | %-20s | %6s |\n", "endpoint", "req/s", "p50", "p99", "vs gin (paired rounds)", "errors")
	fmt.Printf("|%s|%s|%s|%s|%s|%s|\n", strings.Repeat("-", 42), strings.Repeat("-", 12), strings.Repeat("-", 11), strings.Repeat("-", 11), strings.Repeat("-", 22), strings.Repeat("-", 8))
	row := func(name string, rps float64, p50, p99 time.Duration, ratio string, errs int) {
		fmt.Printf("| %-40s | %10.0f | %9s | %9s | %-20s | %6d |\n", name, rps, fmtDur(p50), fmtDur(p99), ratio, errs)
	}
	row("baseline: bare gin JSON handler", res.Base.RPS(), res.Base.P50, res.Base.P99, "1.00x", res.Base.Errors)
	row(res.Name, res.RPS(), res.P50, res.P99, res.RatioText(), res.Errors)
	missErrs := 0
	if missErr != "" {
		missErrs = 1
	}
	row("  same, cache missed (a new asOf, 1 conn)", float64(len(misses))/sum(misses).Seconds(), percentile(misses, 0.5), percentile(misses, 0.99), "", missErrs)
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "MISSED"
	}
	fmt.Printf("\ntarget p50 <= %s: %s (%s); server RSS after the run %.0f MB (peak %.0f MB), target <= %d MB: %s\n",
		fmtDur(goalsP50Target), verdict(res.P50 <= goalsP50Target), fmtDur(res.P50), float64(rss)/(1<<20), float64(peak)/(1<<20),
		goalsRSSTarget>>20, verdict(rss <= goalsRSSTarget))
	if res.Errors > 0 || missErr != "" {
		return fmt.Errorf("goals requests failed: %d errors, first: %s %s", res.Errors, res.FirstErr, missErr)
	}
	return nil
}

func sum(ds []time.Duration) time.Duration {
	var t time.Duration
	for _, d := range ds {
		t += d
	}
	return t
}

// Command bench is `make bench`: it builds ohtalent and a bare gin handler,
// starts both on loopback over a temporary SQLite database, drives each
// endpoint with a closed-loop load generator, and prints requests/s, p50
// and p99 beside the baseline measured in the same run. Shared machines are
// noisy, so the ratio to the baseline is the figure to read.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/ohtalent/ohtalent/scripts/internal/harness"
)

// pairRounds is how many alternating rounds each endpoint gets.
const pairRounds = 3

// verifyTarget is the credentials issue's floor for verify throughput.
const verifyTarget = 0.5

func main() {
	duration := flag.Duration("d", 5*time.Second, "load duration per endpoint")
	workers := flag.Int("c", 32, "concurrent connections")
	only := flag.String("only", "", "run only scenarios whose name contains this")
	flag.Parse()
	if err := bench(*duration, *workers, *only); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func bench(d time.Duration, workers int, only string) error {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "oht-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	fmt.Println("building ohtalent and the baseline ...")
	bin := filepath.Join(tmp, "ohtalent")
	base := filepath.Join(tmp, "baseline")
	for _, b := range [][]string{{"build", "-o", bin, "."}, {"build", "-o", base, "./scripts/bench/baseline"}} {
		cmd := exec.Command("go", b...)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go %s: %w", strings.Join(b, " "), err)
		}
	}

	baseAddr, stopBase, err := start(base, []string{"-addr", harness.FreeAddr()}, nil, "/")
	if err != nil {
		return err
	}
	defer stopBase()
	const adminEmail, adminPassword = "bench-admin@ohtalent.test", "bench-password-123"
	ohtAddr := harness.FreeAddr()
	env := []string{"OHT_ADDR=" + ohtAddr, "OHT_DATA_DIR=" + filepath.Join(tmp, "data"), "OHT_LOG_LEVEL=error",
		"OHT_ADMIN_EMAIL=" + adminEmail, "OHT_ADMIN_PASSWORD=" + adminPassword,
		// Rate limits would turn the load into 429s; they are tested elsewhere.
		"OHT_LOGIN_RATE_IP=100000000", "OHT_LOGIN_RATE_ACCOUNT=100000000", "OHT_PUBLIC_RATE_IP=100000000", "OHT_VERIFY_RATE_IP=100000000", "OHT_SUBMIT_RATE=0"}
	_, stopOht, err := start(bin, []string{"serve"}, env, "/healthz")
	if err != nil {
		return err
	}
	defer stopOht()
	url := "http://" + ohtAddr
	login := []byte(fmt.Sprintf(`{"email":%q,"password":%q}`, adminEmail, adminPassword))
	token, err := loginToken(url, login)
	if err != nil {
		return err
	}
	auth := map[string]string{"Authorization": "Bearer " + token}

	scenarios := []scenario{
		{Name: "GET /healthz", Method: "GET", URL: url + "/healthz", Want: 200},
		{Name: "GET /api/v1/me", Method: "GET", URL: url + "/api/v1/me", Headers: auth, Want: 200},
		{Name: "GET /api/v1/orgs", Method: "GET", URL: url + "/api/v1/orgs", Want: 200},
		{Name: "POST /api/v1/auth/login (argon2id)", Method: "POST", URL: url + "/api/v1/auth/login",
			Body: func(int, int) []byte { return login }, Want: 200, Concurrency: 8},
		{Name: "GET /api/v1/tracks", Method: "GET", URL: url + "/api/v1/tracks", Want: 200},
		{Name: "GET /api/v1/tracks/{track}", Method: "GET", URL: url + "/api/v1/tracks/app-foundation", Want: 200},
		{Name: "GET /api/v1/tracks/{track}/lessons/{l}", Method: "GET", URL: url + "/api/v1/tracks/app-foundation/lessons/arkts-static-typing", Want: 200},
		{Name: "GET /api/v1/labs/{lab}", Method: "GET", URL: url + "/api/v1/labs/" + benchLab, Want: 200},
		{Name: "GET /api/v1/me/progress", Method: "GET", URL: url + "/api/v1/me/progress", Headers: auth, Want: 200},
	}
	credID, credJWT, err := benchCredential(url, auth["Authorization"], adminEmail)
	if err != nil {
		return err
	}
	verifyBody, _ := json.Marshal(map[string]string{"credential": credJWT})
	postBaseline := scenario{Name: fmt.Sprintf("bare gin handler, %d-byte POST body", len(credJWT)), Method: "POST",
		URL: "http://" + baseAddr + "/", Body: func(int, int) []byte { return []byte(credJWT) }, Want: 200}
	scenarios = append(scenarios,
		scenario{Name: "POST /api/v1/verify (JSON body)", Method: "POST", URL: url + "/api/v1/verify",
			Body: func(int, int) []byte { return verifyBody }, Want: 200},
		scenario{Name: "POST /api/v1/verify (application/vc+jwt)", Method: "POST", URL: url + "/api/v1/verify",
			Body: func(int, int) []byte { return []byte(credJWT) }, Headers: map[string]string{"Content-Type": "application/vc+jwt"}, Want: 200},
		scenario{Name: "GET /api/v1/credentials/{id}", Method: "GET", URL: url + "/api/v1/credentials/" + credID, Want: 200},
		scenario{Name: "GET /.well-known/jwks.json", Method: "GET", URL: url + "/.well-known/jwks.json", Want: 200},
	)
	lab, err := loadBenchLab()
	if err != nil {
		return err
	}
	submission, _ := json.Marshal(map[string]any{"files": lab.Solution})
	grade := scenario{Name: "POST /labs/{lab}/submissions (ohtalent)", Method: "POST", URL: url + "/api/v1/labs/" + benchLab + "/submissions",
		Body: func(int, int) []byte { return submission }, Headers: auth, Want: 201, Concurrency: 8}
	baseline := scenario{Name: "bare gin JSON handler", Method: "GET", URL: "http://" + baseAddr + "/", Want: 200}

	fmt.Printf("load: %d connections (8 for login), %s per endpoint, loopback, GOMAXPROCS of the servers = all %d cores\n\n", workers, d, numCPU())
	run(ctx, baseline, workers, time.Second) // warm up
	var results []pairedResult
	for _, s := range scenarios {
		if only != "" && !strings.Contains(s.Name, only) {
			continue
		}
		run(ctx, s, workers, d/5) // warm up caches and connections
		results = append(results, paired(ctx, s, baseline, workers, d, pairRounds))
	}
	if only == "" || strings.Contains("verify", only) {
		results = append(results, paired(ctx, postBaseline, baseline, workers, d, pairRounds))
	}
	var baseAll result
	for _, r := range results {
		baseAll = merge(baseAll, r.Base)
	}

	// Grading: ohtalent's pooled sandbox, end to end over HTTP with every
	// result stored, against spawning node once per grading on the same lab.
	var graded, nodeRes result
	gradeOnly := only == "" || strings.Contains("grading", only)
	if gradeOnly {
		bundle, err := nodeBundle(lab, tmp)
		if err != nil {
			return err
		}
		run(ctx, grade, workers, d/5)
		graded = run(ctx, grade, workers, d)
		if nodeRes, err = nodePerGrading(ctx, bundle, numCPU(), d); err != nil {
			return err
		}
	}

	// Isolation: other users' API latency while every sandbox worker is
	// busy with submissions that loop until the time limit kills them.
	var quiet, loaded, hostile result
	if gradeOnly {
		tracks := scenario{Name: "GET /api/v1/tracks", Method: "GET", URL: url + "/api/v1/tracks", Want: 200, Concurrency: 8}
		quiet = run(ctx, tracks, workers, d)
		loop, _ := json.Marshal(map[string]any{"files": map[string]string{"main.ts": lab.Starter["main.ts"] + "\nwhile (true) {}\n"}})
		hostileScenario := scenario{Name: "hostile submissions (infinite loops)", Method: "POST", URL: grade.URL,
			Body: func(int, int) []byte { return loop }, Headers: auth, Want: 0, Concurrency: 2 * numCPU()}
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); hostile = run(ctx, hostileScenario, workers, d+3*time.Second) }()
		time.Sleep(time.Second) // let the loops occupy every worker
		loaded = run(ctx, tracks, workers, d)
		loaded.Name = "GET /api/v1/tracks while workers loop"
		wg.Wait()
	}

	fmt.Printf("each endpoint runs in %d rounds of %s, each right after a round of the baseline; \"vs gin\" is the median round's ratio (range)\n\n", pairRounds, d/pairRounds)
	fmt.Printf("| %-38s | %10s | %9s | %9s | %-20s | %6s |\n", "endpoint", "req/s", "p50", "p99", "vs gin", "errors")
	fmt.Printf("|%s|%s|%s|%s|%s|%s|\n", strings.Repeat("-", 40), strings.Repeat("-", 12), strings.Repeat("-", 11), strings.Repeat("-", 11), strings.Repeat("-", 22), strings.Repeat("-", 8))
	row := func(r result, ratio string) {
		fmt.Printf("| %-38s | %10.0f | %9s | %9s | %-20s | %6d |\n", r.Name, r.RPS(), fmtDur(r.P50), fmtDur(r.P99), ratio, r.Errors)
	}
	baseAll.Name = "baseline: bare gin JSON handler"
	row(baseAll, "1.00x")
	failed := false
	for _, r := range results {
		row(r.result, r.RatioText())
		for _, x := range []result{r.result, r.Base} {
			if x.Errors > 0 {
				failed = true
				fmt.Fprintf(os.Stderr, "  %s: %d errors, first: %s\n", x.Name, x.Errors, x.FirstErr)
			}
		}
	}
	if only == "" || strings.Contains("verify", only) {
		printUncachedVerify()
	}
	for _, r := range results {
		if strings.HasPrefix(r.Name, "POST /api/v1/verify") {
			verdict := "met"
			if r.Ratio() < verifyTarget {
				verdict = "MISSED"
			}
			fmt.Printf("target: %s at least %.2fx the bare handler: %s (%s)\n", r.Name, verifyTarget, verdict, ratio(r.Ratio()))
		}
	}
	if gradeOnly {
		fmt.Printf("\ngrading lab %s (%d tests per grading), %d cores:\n\n", benchLab, 15, numCPU())
		fmt.Printf("| %-40s | %10s | %9s | %9s | %8s | %6s |\n", "grader", "gradings/s", "p50", "p99", "vs node", "errors")
		fmt.Printf("|%s|%s|%s|%s|%s|%s|\n", strings.Repeat("-", 42), strings.Repeat("-", 12), strings.Repeat("-", 11), strings.Repeat("-", 11), strings.Repeat("-", 10), strings.Repeat("-", 8))
		grow := func(r result, ratio string) {
			fmt.Printf("| %-40s | %10.1f | %9s | %9s | %8s | %6d |\n", r.Name, r.RPS(), fmtDur(r.P50), fmtDur(r.P99), ratio, r.Errors)
		}
		grow(nodeRes, "1.00x")
		grow(graded, ratio(graded.RPS()/nodeRes.RPS()))
		fmt.Printf("\nisolation: %d hostile gradings ran (each until its 2 s limit); API latency for everyone else:\n\n", hostile.Requests)
		fmt.Printf("| %-40s | %10s | %9s | %9s |\n", "endpoint", "req/s", "p50", "p99")
		fmt.Printf("|%s|%s|%s|%s|\n", strings.Repeat("-", 42), strings.Repeat("-", 12), strings.Repeat("-", 11), strings.Repeat("-", 11))
		for _, r := range []result{quiet, loaded} {
			fmt.Printf("| %-40s | %10.0f | %9s | %9s |\n", r.Name, r.RPS(), fmtDur(r.P50), fmtDur(r.P99))
		}
		for _, r := range []result{graded, nodeRes, quiet, loaded, hostile} {
			if r.Errors > 0 {
				failed = true
				fmt.Fprintf(os.Stderr, "  %s: %d errors, first: %s\n", r.Name, r.Errors, r.FirstErr)
			}
		}
	}
	if only == "" || strings.Contains("grading", only) || strings.Contains("arkui", only) {
		var codeLab *result
		if gradeOnly {
			codeLab = &graded
		}
		if err := benchArkUI(ctx, url, auth, grade, codeLab, workers, d); err != nil {
			failed = true
			fmt.Fprintln(os.Stderr, "  ArkUI lab bench:", err)
		}
	}
	if only == "" || strings.Contains("import", only) {
		if err := printImportBench(bin, tmp, url, auth["Authorization"]); err != nil {
			return err
		}
	}
	if only == "" || strings.Contains("goals", only) {
		if err := printGoalsBench(ctx, bin, tmp, baseline, workers, d); err != nil {
			failed = true
			fmt.Fprintln(os.Stderr, "  goals bench:", err)
		}
	}
	if only == "" || strings.Contains("web ui", only) {
		fmt.Println()
		if err := benchUI(bin); err != nil {
			failed = true
			fmt.Fprintln(os.Stderr, "  web app bench:", err)
		}
	}
	if failed {
		return fmt.Errorf("some requests failed")
	}
	return nil
}

// benchUI runs the web app's bench (frontend/scripts/bench-ui.mjs: bytes
// the first screens load, time to a rendered lab) against bin, when
// Chromium and Node are installed.
func benchUI(bin string) error {
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		fmt.Printf("web app bench skipped: no Chromium at %s (set CHROMIUM)\n", chromium)
		return nil
	}
	if _, err := exec.LookPath("node"); err != nil {
		fmt.Println("web app bench skipped: node is not on PATH")
		return nil
	}
	if _, err := os.Stat(filepath.Join("frontend", "node_modules")); err != nil {
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir = "frontend"
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("npm ci: %w", err)
		}
	}
	cmd := exec.Command("node", filepath.Join("frontend", "scripts", "bench-ui.mjs"))
	cmd.Env = append(os.Environ(), "OHT_BIN="+bin)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

func fmtDur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2fs", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000)
	default:
		return fmt.Sprintf("%dµs", d.Microseconds())
	}
}

// start runs a server binary and waits until probe answers 200.
func start(bin string, args, env []string, probe string) (string, func(), error) {
	addr, stop, _, err := startProcess(bin, args, env, probe)
	return addr, stop, err
}

// startProcess is start that also hands back the process (to read its
// memory use).
func startProcess(bin string, args, env []string, probe string) (string, func(), *os.Process, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		return "", nil, nil, err
	}
	go func() { // keep the pipe drained; show only errors
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.Contains(sc.Text(), `"level":"ERROR"`) {
				fmt.Fprintln(os.Stderr, "server:", sc.Text())
			}
		}
	}()
	stop := func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
	}
	addr := ""
	for i, a := range args {
		if a == "-addr" && i+1 < len(args) {
			addr = args[i+1]
		}
	}
	for _, e := range env {
		if strings.HasPrefix(e, "OHT_ADDR=") {
			addr = strings.TrimPrefix(e, "OHT_ADDR=")
		}
	}
	for i := 0; i < 300; i++ {
		resp, err := http.Get("http://" + addr + probe)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return addr, stop, cmd.Process, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	return "", nil, nil, fmt.Errorf("%s did not become ready on %s", filepath.Base(bin), addr)
}

func loginToken(url string, body []byte) (string, error) {
	resp, err := http.Post(url+"/api/v1/auth/login", "application/json", strings.NewReader(string(body)))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		AccessToken string `json:"accessToken"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.AccessToken == "" {
		return "", fmt.Errorf("login for the bench failed (status %d)", resp.StatusCode)
	}
	return out.AccessToken, nil
}

// ratio prints small ratios with enough digits to compare runs.
func ratio(x float64) string {
	if x < 0.1 {
		return fmt.Sprintf("%.4fx", x)
	}
	return fmt.Sprintf("%.2fx", x)
}

// benchCredential issues a credential by hand to the bench admin.
func benchCredential(url, bearer, email string) (string, string, error) {
	body := fmt.Sprintf(`{"email":%q,"track":"app-foundation","evidence":"bench"}`, email)
	req, _ := http.NewRequest("POST", url+"/api/v1/credentials", strings.NewReader(body))
	req.Header.Set("Authorization", bearer)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	var out struct {
		ID  string `json:"id"`
		JWT string `json:"jwt"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.JWT == "" {
		return "", "", fmt.Errorf("issue a credential for the bench: status %d", resp.StatusCode)
	}
	return out.ID, out.JWT, nil
}

// printUncachedVerify reports the first verification of a token, which the
// HTTP rows above do not show: they verify one token again and again, and
// its signature check is cached after the first request.
func printUncachedVerify() {
	out, err := exec.Command("go", "test", "-run", "^$", "-bench", "^BenchmarkVerifyJWTUncached$", "-benchtime", "2s", "./internal/credential").CombinedOutput()
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) >= 3 && strings.HasPrefix(f[0], "BenchmarkVerifyJWTUncached") {
			fmt.Printf("\nfirst verification of a token (Ed25519, base64 and JSON of a %s-byte VC-JWT, in process, one core): %s ns\n", f[4], f[2])
			fmt.Println("later verifications of that token reuse its signature check, as the rows above do")
			return
		}
	}
	fmt.Printf("\nfirst-verification benchmark failed: %v\n%s", err, out)
}

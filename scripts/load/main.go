// Command load is `make load`: a soak of the real binary on SQLite. It
// starts `ohtalent serve` with the rate limits a deployment would run,
// then drives -c simulated learners (register, log in, browse tracks and
// lessons, complete lessons, open labs, submit code, 5% of it hostile:
// infinite loops, huge output, memory bombs, syntax errors, prototype
// pollution; wait for verdicts; check progress), -verifiers verification
// clients (VC-JWTs as JSON and as bare bodies, certificate pages) and
// -greedy verification clients that never pause, for -d. It prints p50/p99 per endpoint, throughput, the errors by
// endpoint and status, the 429s apart (learners wait for Retry-After and
// retry, as clients should), and the resident memory of the server and of
// its sandbox workers at start, peak and end. It exits 1 on any error
// other than a 429.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/ohtalent/ohtalent/scripts/internal/harness"
)

const (
	adminEmail    = "load-admin@ohtalent.test"
	adminPassword = "load-password-123"
	credentials   = 50
)

// limits are the deployment's rate limits for this load (the defaults,
// written out so the report shows them). The platform sits behind a
// reverse proxy, which this program plays: each simulated person calls
// from an address of their own (home and mobile networks), passed in
// X-Forwarded-For and believed because loopback is the trusted proxy. At
// these values no person or enterprise behaving normally meets a limit;
// a 429 is what a client that overdoes it gets, and it is counted apart.
var limits = []string{
	"OHT_LOGIN_RATE_IP=30",      // logins and registrations per address and minute
	"OHT_LOGIN_RATE_ACCOUNT=10", // failed logins per account and network before delays
	"OHT_PUBLIC_RATE_IP=600",    // anonymous calls per address and minute
	"OHT_VERIFY_RATE_IP=300",    // verifications per address and minute
	"OHT_SUBMIT_RATE=30",        // submissions per learner and minute
}

func main() {
	d := flag.Duration("d", 60*time.Second, "how long the learners and verifiers run")
	learners := flag.Int("c", 200, "concurrent learners")
	verifiers := flag.Int("verifiers", 20, "concurrent verification clients")
	greedy := flag.Int("greedy", 1, "verification clients that call without pausing (they meet the rate limit)")
	seed := flag.Uint64("seed", uint64(time.Now().UnixNano()), "random seed")
	prebuilt := flag.String("bin", "", "load this ohtalent binary instead of building one")
	flag.Parse()
	failed, err := run(*d, *learners, *verifiers, *greedy, *seed, *prebuilt)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(2)
	}
	if failed {
		os.Exit(1)
	}
}

func run(d time.Duration, learners, verifiers, greedy int, seed uint64, prebuilt string) (bool, error) {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "oht-load-")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(tmp)
	bin, err := harness.Build(tmp, prebuilt)
	if err != nil {
		return false, err
	}
	cat, labs, err := harness.CodeLabs()
	if err != nil {
		return false, err
	}
	addr := harness.FreeAddr()
	srv := &harness.Server{Bin: bin, DataDir: filepath.Join(tmp, "data"), Addr: addr, Env: append([]string{
		"OHT_ADMIN_EMAIL=" + adminEmail, "OHT_ADMIN_PASSWORD=" + adminPassword, "OHT_PUBLIC_URL=http://" + addr,
		"OHT_LOG_LEVEL=warn", "OHT_TRUSTED_PROXIES=127.0.0.1/32"}, limits...)}
	if err := srv.Start(60 * time.Second); err != nil {
		return false, err
	}
	defer srv.Kill()
	creds, err := setup(ctx, srv.URL())
	if err != nil {
		return false, err
	}

	st := newStats()
	mem := startSampler(srv)
	began := time.Now()
	deadline := began.Add(d)
	ramp := min(10*time.Second, d/6)
	var wg sync.WaitGroup
	for i := 0; i < learners; i++ {
		p := newCaller(srv.URL(), fmt.Sprintf("10.%d.%d.7", i/250, i%250), st, seed, uint64(i), deadline)
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(p.rng.Int64N(int64(ramp))))
			learn(ctx, p, i, cat, labs)
		}()
	}
	for j := 0; j < verifiers+greedy; j++ {
		p := newCaller(srv.URL(), fmt.Sprintf("172.16.%d.9", j), st, seed, uint64(1_000_000+j), deadline)
		wg.Add(1)
		go func() {
			defer wg.Done()
			verify(ctx, p, creds, j >= verifiers)
		}()
	}
	wg.Wait()
	elapsed := time.Since(began)
	rss := mem.stop()
	if err := srv.Stop(); err != nil {
		return false, err
	}

	fmt.Printf("\n%d learners, %d verifiers and %d greedy verifier(s) for %s (%.1fs with the last requests), %d code labs, %d cores; SQLite\n",
		learners, verifiers, greedy, d, elapsed.Seconds(), len(labs), runtime.NumCPU())
	fmt.Printf("rate limits: %s\n\n", strings.Join(limits, " "))
	st.print(os.Stdout, elapsed)
	fmt.Printf("\nresident memory (VmRSS)      start     peak      end\n")
	fmt.Printf("  ohtalent serve          %8s %8s %8s\n", mib(rss.start.server), mib(rss.peak.server), mib(rss.end.server))
	fmt.Printf("  sandbox workers (sum)   %8s %8s %8s\n", mib(rss.start.workers), mib(rss.peak.workers), mib(rss.end.workers))
	if n := st.errorCount(); n > 0 {
		fmt.Fprintf(os.Stderr, "\n%d error(s) other than intended 429s\n", n)
		return true, nil
	}
	fmt.Println("\nno errors other than intended 429s")
	return false, nil
}

func newCaller(base, addr string, st *stats, seed, stream uint64, deadline time.Time) *caller {
	c := harness.NewClient(base)
	c.Forward = addr
	return &caller{c: c, st: st, rng: rand.New(rand.NewPCG(seed, stream)), deadline: deadline}
}

// setup creates what verifiers check: a university, a cohort of imported
// students and credentials issued to some of them.
func setup(ctx context.Context, base string) ([]credential, error) {
	admin := harness.NewClient(base)
	if err := admin.Login(ctx, adminEmail, adminPassword); err != nil {
		return nil, err
	}
	orgID, cohortID, err := harness.OrgWithCohort(ctx, admin, "LOAD", []string{"app-foundation"})
	if err != nil {
		return nil, err
	}
	r, err := admin.Do(ctx, "POST", "/api/v1/orgs/"+orgID+"/cohorts/"+cohortID+"/imports", harness.RosterCSV(credentials, "load.example.cn"), "text/csv")
	if err != nil || r.Status != 200 {
		return nil, fmt.Errorf("import students: %v %d %s", err, r.Status, r.Body)
	}
	out := make([]credential, credentials)
	for i := range out {
		if err := admin.JSON(ctx, "POST", "/api/v1/credentials", map[string]any{"email": fmt.Sprintf("s%d@load.example.cn", i),
			"track": "app-foundation", "evidence": "load test exam", "orgId": orgID}, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

type rssPair struct{ server, workers int64 }

type memory struct {
	start, peak, end rssPair
	done             chan struct{}
	finished         chan struct{}
	srv              *harness.Server
}

// startSampler reads the server's memory every half second.
func startSampler(srv *harness.Server) *memory {
	m := &memory{done: make(chan struct{}), finished: make(chan struct{}), srv: srv}
	m.start.server, m.start.workers = srv.RSS()
	m.peak = m.start
	go func() {
		defer close(m.finished)
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-m.done:
				return
			case <-t.C:
				s, w := srv.RSS()
				m.peak.server, m.peak.workers = max(m.peak.server, s), max(m.peak.workers, w)
			}
		}
	}()
	return m
}

func (m *memory) stop() *memory {
	close(m.done)
	<-m.finished
	m.end.server, m.end.workers = m.srv.RSS()
	return m
}

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

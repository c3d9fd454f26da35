package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"time"
)

// scenario is one endpoint under load.
type scenario struct {
	Name    string
	Method  string
	URL     string
	Body    func(worker, i int) []byte // nil for no body
	Headers map[string]string
	// Want is the status every request must get (0: any 2xx); anything
	// else is an error.
	Want int
	// Concurrency overrides the default (argon2 logins want fewer workers).
	Concurrency int
}

// result is what a run measured.
type result struct {
	Name     string
	Requests int
	Errors   int
	Elapsed  time.Duration
	P50, P99 time.Duration
	FirstErr string
	lat      []time.Duration // sorted, so runs can be merged exactly
}

// merge adds b's requests to a's, as if one run had made both.
func merge(a, b result) result {
	if a.Name == "" {
		a.Name = b.Name
	}
	if a.FirstErr == "" {
		a.FirstErr = b.FirstErr
	}
	a.Requests += b.Requests
	a.Errors += b.Errors
	a.Elapsed += b.Elapsed
	a.lat = append(append([]time.Duration(nil), a.lat...), b.lat...)
	sort.Slice(a.lat, func(i, j int) bool { return a.lat[i] < a.lat[j] })
	a.P50, a.P99 = percentile(a.lat, 0.50), percentile(a.lat, 0.99)
	return a
}

// pairedResult is a scenario measured in rounds, each beside a baseline
// run just before it.
type pairedResult struct {
	result
	Base   result    // the baseline runs of all rounds, merged
	Ratios []float64 // per round, scenario over its baseline, sorted
}

// Ratio is the median round's ratio: on a shared machine the load from
// others changes within seconds, so a ratio of two runs taken side by side
// is steadier than one of two averages taken minutes apart.
func (p pairedResult) Ratio() float64 { return p.Ratios[len(p.Ratios)/2] }

// RatioText is the median with the range of the rounds.
func (p pairedResult) RatioText() string {
	return fmt.Sprintf("%s (%s-%s)", ratio(p.Ratio()), ratio(p.Ratios[0]), ratio(p.Ratios[len(p.Ratios)-1]))
}

// paired measures s for d in rounds, alternating with the baseline.
func paired(ctx context.Context, s, baseline scenario, workers int, d time.Duration, rounds int) pairedResult {
	var p pairedResult
	for range rounds {
		b := run(ctx, baseline, workers, d/time.Duration(rounds))
		r := run(ctx, s, workers, d/time.Duration(rounds))
		p.Base, p.result = merge(p.Base, b), merge(p.result, r)
		p.Ratios = append(p.Ratios, r.RPS()/b.RPS())
	}
	sort.Float64s(p.Ratios)
	return p
}

func (r result) RPS() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

// run drives s with n workers for d over keep-alive connections and
// records every request's latency.
func run(ctx context.Context, s scenario, workers int, d time.Duration) result {
	if s.Concurrency > 0 {
		workers = s.Concurrency
	}
	// A 64 KiB write buffer sends each request in one write, as curl and
	// browsers do; Go's default 4 KiB splits a 5 KiB VC-JWT in two.
	transport := &http.Transport{MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers, DisableCompression: true,
		WriteBufferSize: 64 << 10}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	defer transport.CloseIdleConnections()
	deadline := time.Now().Add(d)
	var mu sync.Mutex
	var all []time.Duration
	errs := 0
	firstErr := ""
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var lat []time.Duration
			localErrs := 0
			localFirst := ""
			for i := 0; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
				var body io.Reader
				if s.Body != nil {
					body = bytes.NewReader(s.Body(w, i))
				}
				req, _ := http.NewRequestWithContext(ctx, s.Method, s.URL, body)
				if s.Body != nil {
					req.Header.Set("Content-Type", "application/json") // Headers may override
				}
				for k, v := range s.Headers {
					req.Header.Set(k, v)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				lat = append(lat, time.Since(t0))
				if err != nil || !wanted(s.Want, resp.StatusCode) {
					localErrs++
					if localFirst == "" {
						if err != nil {
							localFirst = err.Error()
						} else {
							localFirst = fmt.Sprintf("status %d", resp.StatusCode)
						}
					}
				}
			}
			mu.Lock()
			all = append(all, lat...)
			errs += localErrs
			if firstErr == "" {
				firstErr = localFirst
			}
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	return result{Name: s.Name, Requests: len(all), Errors: errs, Elapsed: elapsed,
		P50: percentile(all, 0.50), P99: percentile(all, 0.99), FirstErr: firstErr, lat: all}
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p)
	return sorted[i]
}

func wanted(want, got int) bool {
	if want == 0 {
		return got >= 200 && got < 300
	}
	return got == want
}

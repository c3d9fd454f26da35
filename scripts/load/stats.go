package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
)

// stats collects every request's outcome by endpoint (method and route
// pattern, never the concrete path).
type stats struct {
	mu        sync.Mutex
	latencies map[string][]time.Duration
	limited   map[string]int            // 429s: intended, the caller backed off
	errors    map[string]map[string]int // endpoint -> status (or transport error) -> count
	samples   map[string]string         // endpoint+status -> one response body, for the report
	verdicts  map[string]int            // grading verdicts of submissions
}

func newStats() *stats {
	return &stats{latencies: map[string][]time.Duration{}, limited: map[string]int{}, errors: map[string]map[string]int{},
		samples: map[string]string{}, verdicts: map[string]int{}}
}

// record notes one response (status 0: the request failed in transport).
func (s *stats) record(endpoint string, status int, took time.Duration, body []byte, transportErr error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latencies[endpoint] = append(s.latencies[endpoint], took)
	switch {
	case transportErr != nil:
		s.fail(endpoint, "transport", transportErr.Error())
	case status == 429:
		s.limited[endpoint]++
	case status >= 400:
		s.fail(endpoint, fmt.Sprint(status), string(body))
	}
}

func (s *stats) fail(endpoint, what, sample string) {
	if s.errors[endpoint] == nil {
		s.errors[endpoint] = map[string]int{}
	}
	s.errors[endpoint][what]++
	if _, ok := s.samples[endpoint+" "+what]; !ok {
		if len(sample) > 300 {
			sample = sample[:300] + "..."
		}
		s.samples[endpoint+" "+what] = sample
	}
}

func (s *stats) verdict(v string) {
	s.mu.Lock()
	s.verdicts[v]++
	s.mu.Unlock()
}

// failure notes a failure that is not an HTTP status (a body that does
// not decode, a verdict that never comes).
func (s *stats) failure(endpoint, what, sample string) {
	s.mu.Lock()
	s.fail(endpoint, what, sample)
	s.mu.Unlock()
}

// errorCount is every failure other than the intended 429s.
func (s *stats) errorCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, byStatus := range s.errors {
		for _, c := range byStatus {
			n += c
		}
	}
	return n
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p)
	return sorted[i]
}

func fmtDur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2fs", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000)
	default:
		return fmt.Sprintf("%dµs", d.Microseconds())
	}
}

// print writes the per-endpoint table, the errors and the verdicts.
func (s *stats) print(w io.Writer, elapsed time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, 0, len(s.latencies))
	total := 0
	for n, l := range s.latencies {
		names = append(names, n)
		total += len(l)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "| %-56s | %7s | %7s | %9s | %9s | %9s | %5s | %6s |\n", "endpoint", "calls", "req/s", "p50", "p99", "max", "429s", "errors")
	fmt.Fprintf(w, "|%s|%s|%s|%s|%s|%s|%s|%s|\n", strings.Repeat("-", 58), strings.Repeat("-", 9), strings.Repeat("-", 9),
		strings.Repeat("-", 11), strings.Repeat("-", 11), strings.Repeat("-", 11), strings.Repeat("-", 7), strings.Repeat("-", 8))
	limited, failed := 0, 0
	for _, n := range names {
		l := append([]time.Duration(nil), s.latencies[n]...)
		sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
		errs := 0
		for _, c := range s.errors[n] {
			errs += c
		}
		limited += s.limited[n]
		failed += errs
		fmt.Fprintf(w, "| %-56s | %7d | %7.1f | %9s | %9s | %9s | %5d | %6d |\n", n, len(l), float64(len(l))/elapsed.Seconds(),
			fmtDur(percentile(l, 0.50)), fmtDur(percentile(l, 0.99)), fmtDur(l[len(l)-1]), s.limited[n], errs)
	}
	fmt.Fprintf(w, "| %-56s | %7d | %7.1f | %9s | %9s | %9s | %5d | %6d |\n", "all", total, float64(total)/elapsed.Seconds(), "", "", "", limited, failed)
	if len(s.verdicts) > 0 {
		var vs []string
		for v, n := range s.verdicts {
			vs = append(vs, fmt.Sprintf("%s %d", v, n))
		}
		sort.Strings(vs)
		fmt.Fprintf(w, "\ngrading verdicts: %s\n", strings.Join(vs, ", "))
	}
	if failed > 0 {
		fmt.Fprintln(w, "\nerrors (other than intended 429s):")
		for _, n := range names {
			for what, c := range s.errors[n] {
				fmt.Fprintf(w, "  %s: %s x%d  %s\n", n, what, c, s.samples[n+" "+what])
			}
		}
	}
}

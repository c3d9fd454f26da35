package server

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/config"
)

func TestBadInputGetsProblems(t *testing.T) {
	k := newKit(t)
	_, tok := k.user("bad@example.cn", "Bad")
	cases := []struct {
		name   string
		body   string
		ctype  string
		status int
		slug   string
	}{
		{"malformed JSON", `{"email":`, "application/json", 400, "bad-request"},
		{"not an object", `[1,2]`, "application/json", 400, "bad-request"},
		{"trailing data", `{"email":"a@b.cn","password":"x"} {}`, "application/json", 400, "bad-request"},
		{"empty body", ``, "application/json", 400, "bad-request"},
		{"wrong type", `{"email":"a@b.cn","password":123}`, "application/json", 422, "validation"},
		{"unknown field", `{"email":"a@b.cn","password":"x","admin":true}`, "application/json", 422, "validation"},
		{"not UTF-8", "{\"email\":\"\xff\xfe@b.cn\",\"password\":\"x\"}", "application/json", 400, "bad-request"},
		{"form encoded", `email=a`, "application/x-www-form-urlencoded", 415, "unsupported-media-type"},
		{"oversized", `{"email":"` + strings.Repeat("a", 70<<10) + `"}`, "application/json", 413, "body-too-large"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", k.http.URL+"/api/v1/auth/login", strings.NewReader(c.body))
			req.Header.Set("Content-Type", c.ctype)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			buf := make([]byte, 4096)
			n, _ := resp.Body.Read(buf)
			r := response{Status: resp.StatusCode, Header: resp.Header, Body: buf[:n]}
			k.expectProblem(r, c.status, c.slug)
		})
	}
	// Chunked bodies have no Content-Length and are cut by the reader.
	k.expectProblem(k.do("PATCH", "/api/v1/me", tok, `{"displayName":"`+strings.Repeat("长", 40<<10)+`"}`), 413, "body-too-large")
	k.expectProblem(k.do("GET", "/api/v1/orgs?kind=spaceship", "", nil), 422, "validation")
	k.expectProblem(k.do("GET", "/api/v1/orgs/does-not-exist", "", nil), 404, "not-found")
	k.expectProblem(k.do("GET", "/api/v1/nothing-here", "", nil), 404, "not-found")
	k.expectProblem(k.do("PUT", "/api/v1/me", tok, map[string]any{}), 405, "method-not-allowed")
}

func TestPanicsBecomeProblemWithoutStack(t *testing.T) {
	k := newKit(t)
	k.srv.Engine().GET("/test/panic", func(c *gin.Context) { panic("secret internal detail") })
	r := k.do("GET", "/test/panic", "", nil)
	k.expectProblem(r, 500, "internal")
	if strings.Contains(string(r.Body), "secret internal detail") || strings.Contains(string(r.Body), "goroutine") {
		t.Fatalf("500 leaks internals: %s", r.Body)
	}
	if !strings.Contains(k.logs.String(), "secret internal detail") {
		t.Fatal("the panic was not logged")
	}
}

func TestHealthReadinessMetricsAndHeaders(t *testing.T) {
	k := newKit(t)
	k.must(200, k.do("GET", "/healthz", "", nil))
	ready := k.must(200, k.do("GET", "/readyz", "", nil)).JSON(t)
	if ready["status"] != "ready" {
		t.Fatalf("readyz: %v", ready)
	}
	r := k.do("GET", "/api/v1/districts", "", nil)
	for _, h := range []string{"X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy", "Referrer-Policy", "X-Request-Id"} {
		if r.Header.Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
	if !strings.Contains(string(r.Body), "两江新区") {
		t.Fatal("districts lack Liangjiang New Area")
	}
	m := k.must(200, k.do("GET", "/metrics", "", nil))
	if !strings.Contains(string(m.Body), `ohtalent_http_requests_total{method="GET",route="/api/v1/districts",status="200"} 1`) {
		t.Fatalf("metrics lack the districts request:\n%s", m.Body)
	}
	if !strings.Contains(string(m.Body), "ohtalent_http_request_duration_seconds_bucket") {
		t.Fatal("metrics lack latency histograms")
	}
	// The second request counts on the same series; a made-up method does
	// not open a series of its own.
	k.do("GET", "/api/v1/districts", "", nil)
	k.do("BREW", "/api/v1/districts", "", nil)
	m = k.must(200, k.do("GET", "/metrics", "", nil))
	if !strings.Contains(string(m.Body), `ohtalent_http_requests_total{method="GET",route="/api/v1/districts",status="200"} 2`) ||
		strings.Contains(string(m.Body), "BREW") || !strings.Contains(string(m.Body), `method="OTHER"`) {
		t.Fatalf("metrics after a second and a BREW request:\n%s", m.Body)
	}
	// A request id from a proxy is kept; a hostile one is replaced.
	r = k.do("GET", "/healthz", "", nil, "X-Request-ID", "abcdef123456")
	if r.Header.Get("X-Request-Id") != "abcdef123456" {
		t.Fatal("proxy request id not kept")
	}
	r = k.do("GET", "/healthz", "", nil, "X-Request-ID", "<script>")
	if r.Header.Get("X-Request-Id") == "<script>" {
		t.Fatal("hostile request id echoed")
	}
	// Readiness fails when the database is gone.
	k.srv.DB.Close()
	k.expectProblem(k.do("GET", "/readyz", "", nil), 503, "not-ready")
}

func TestSPAServedWithHistoryFallback(t *testing.T) {
	k := newKit(t)
	r := k.must(200, k.do("GET", "/tracks/app-foundation", "", nil))
	if !strings.Contains(r.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.Body), "<div id=\"app\"") {
		t.Fatalf("history fallback did not serve index.html: %s", r.Body)
	}
	k.expectProblem(k.do("GET", "/api/v1/unknown", "", nil), 404, "not-found")
	k.expectProblem(k.do("GET", "/assets/missing-abc123.js", "", nil), 404, "not-found")
}

func TestGracefulShutdownDrainsInFlightRequests(t *testing.T) {
	k := newKit(t, func(c *config.Config) { c.Addr = "127.0.0.1:0" })
	started := make(chan struct{})
	k.srv.Engine().GET("/test/slow", func(c *gin.Context) {
		close(started)
		time.Sleep(500 * time.Millisecond)
		c.String(200, "finished")
	})
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- k.srv.Serve(ctx, func(a string) { addrc <- a }) }()
	addr := <-addrc
	result := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/test/slow")
		if err != nil {
			result <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		buf := make([]byte, 64)
		n, _ := resp.Body.Read(buf)
		result <- string(buf[:n])
	}()
	<-started
	cancel() // as SIGTERM does
	if got := <-result; got != "finished" {
		t.Fatalf("in-flight request got %q, want it to finish", got)
	}
	if err := <-done; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Fatal("server still accepts connections after shutdown")
	}
}

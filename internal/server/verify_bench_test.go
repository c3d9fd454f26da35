package server

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ohtalent/ohtalent/internal/config"
)

// BenchmarkVerifyInProcess times the verify handler alone (no network), to
// separate handler cost from transport cost in `make bench`.
func BenchmarkVerifyInProcess(b *testing.B) {
	k := newKit(b, func(c *config.Config) { c.VerifyPerIPPerMinute, c.PublicPerIPPerMinute = 1<<30, 1<<30 })
	admin := k.admin()
	k.user("bench@example.cn", "B")
	c := k.must(201, k.do("POST", "/api/v1/credentials", admin, map[string]any{"email": "bench@example.cn", "track": "app-foundation", "evidence": "e"})).JSON(b)
	body := []byte(c["jwt"].(string))
	b.Logf("token bytes: %d", len(body))
	h := k.srv.Handler()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest("POST", "/api/v1/verify", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/vc+jwt")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
}

// BenchmarkVerifyOverHTTP drives the verify route over loopback HTTP from
// 32 goroutines, so a CPU profile shows transport and handler together.
func BenchmarkVerifyOverHTTP(b *testing.B) {
	k := newKit(b, func(c *config.Config) { c.VerifyPerIPPerMinute, c.PublicPerIPPerMinute = 1<<30, 1<<30 })
	admin := k.admin()
	k.user("bench@example.cn", "B")
	c := k.must(201, k.do("POST", "/api/v1/credentials", admin, map[string]any{"email": "bench@example.cn", "track": "app-foundation", "evidence": "e"})).JSON(b)
	body := []byte(c["jwt"].(string))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("POST", k.http.URL+"/api/v1/verify", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/vc+jwt")
			resp, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}

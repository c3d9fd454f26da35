package main

import (
	"context"
	"time"
)

// credential is one issued credential the verifiers check.
type credential struct {
	ID  string `json:"id"`
	JWT string `json:"jwt"`
}

// verify is an enterprise's HR system, or people scanning QR codes:
// verifications as JSON and as a bare VC-JWT, and certificate pages. A
// greedy client does not pause between calls: it is the one that should
// meet the per-address limit, and back off.
func verify(ctx context.Context, p *caller, creds []credential, greedy bool) {
	pause := func() bool { return p.think(200*time.Millisecond, 600*time.Millisecond) }
	if greedy {
		pause = func() bool { return time.Now().Before(p.deadline) }
	}
	for pause() {
		cr := creds[p.rng.IntN(len(creds))]
		endpoint := "POST /api/v1/verify (JSON)"
		var body any = map[string]any{"credential": cr.JWT}
		ctype := ""
		switch n := p.rng.IntN(10); {
		case n < 2:
			endpoint, body, ctype = "POST /api/v1/verify (application/vc+jwt)", []byte(cr.JWT), "application/vc+jwt"
		case n < 4:
			p.call(ctx, "GET /api/v1/credentials/{id}", "GET", "/api/v1/credentials/"+cr.ID, nil, "")
			continue
		}
		r, ok := p.call(ctx, endpoint, "POST", "/api/v1/verify", body, ctype)
		var out struct {
			Verdict string `json:"verdict"`
		}
		if ok && (r.Decode(&out) != nil || out.Verdict != "valid") {
			p.st.failure(endpoint, "verdict "+out.Verdict, string(r.Body))
		}
	}
}

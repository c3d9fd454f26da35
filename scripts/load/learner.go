package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/scripts/internal/harness"
)

const (
	learnerPassword = "load-learner-123"
	gradeWait       = 60 * time.Second // a learner gives up waiting for a verdict after this
)

// caller is one simulated person or machine: a client and what it shares
// with the others.
type caller struct {
	c        *harness.Client
	st       *stats
	rng      *rand.Rand
	deadline time.Time
}

// call sends one request and records it. On 429 it waits for Retry-After,
// as a well-behaved client does, and tries again; it reports false when
// the call failed or the run ended while waiting.
func (p *caller) call(ctx context.Context, endpoint, method, path string, body any, contentType string) (harness.Response, bool) {
	for {
		start := time.Now()
		r, err := p.c.Do(ctx, method, path, body, contentType)
		p.st.record(endpoint, r.Status, time.Since(start), r.Body, err)
		if err != nil || (r.Status >= 400 && r.Status != 429) {
			return r, false
		}
		if r.Status != 429 {
			return r, true
		}
		wait, _ := strconv.Atoi(r.Header.Get("Retry-After"))
		pause := time.Duration(max(wait, 1))*time.Second + time.Duration(p.rng.IntN(500))*time.Millisecond
		if time.Now().Add(pause).After(p.deadline) {
			return r, false
		}
		time.Sleep(pause)
	}
}

// think pauses like a person reading or typing; false when the run ends.
func (p *caller) think(from, to time.Duration) bool {
	d := from + time.Duration(p.rng.Int64N(int64(to-from)+1))
	if time.Now().Add(d).After(p.deadline) {
		return false
	}
	time.Sleep(d)
	return true
}

// hostile are the 5% of submissions that attack the grader: each is
// appended to the lab's starter code.
var hostile = []struct{ name, code string }{
	{"infinite loop", "\nwhile (true) {}\n"},
	{"huge output", "\nfor (let i = 0; i < 10000000; i++) console.log('x'.repeat(1000));\n"},
	{"memory bomb", "\nconst hog: string[] = []; for (;;) hog.push('x'.repeat(1 << 20) + hog.length);\n"},
	{"syntax error", "\nexport const = ;\n"},
	{"prototype pollution", "\n(Object.prototype as any).polluted = true; (Array.prototype as any).includes = () => true;\n"},
}

// learn is one learner's session: register and log in, then browse the
// catalog, read lessons, work on labs and submit, and check progress until
// the deadline.
func learn(ctx context.Context, p *caller, i int, cat *catalog.Catalog, labs []*catalog.Lab) {
	email := fmt.Sprintf("learner%d@load.example.cn", i)
	if _, ok := p.call(ctx, "POST /api/v1/auth/register", "POST", "/api/v1/auth/register",
		map[string]any{"email": email, "password": learnerPassword, "displayName": fmt.Sprintf("学员%d", i)}, ""); !ok {
		return
	}
	r, ok := p.call(ctx, "POST /api/v1/auth/login", "POST", "/api/v1/auth/login", map[string]any{"email": email, "password": learnerPassword}, "")
	if !ok {
		return
	}
	var tok struct {
		AccessToken string `json:"accessToken"`
	}
	if r.Decode(&tok) != nil {
		return
	}
	p.c.Token = tok.AccessToken
	// A failed step is recorded; the learner carries on with the next,
	// as a person would after an error message.
	get := func(endpoint, path string) bool {
		_, ok := p.call(ctx, endpoint, "GET", path, nil, "")
		return ok
	}
	for time.Now().Before(p.deadline) {
		track := cat.Tracks[p.rng.IntN(len(cat.Tracks))]
		lessons := track.Lessons()
		lesson := lessons[p.rng.IntN(len(lessons))]
		lab := labs[p.rng.IntN(len(labs))]
		get("GET /api/v1/tracks", "/api/v1/tracks")
		get("GET /api/v1/tracks/{track}", "/api/v1/tracks/"+track.Slug)
		if !p.think(time.Second, 3*time.Second) {
			return
		}
		get("GET /api/v1/tracks/{track}/lessons/{lesson}", "/api/v1/tracks/"+track.Slug+"/lessons/"+lesson.Slug)
		if !p.think(2*time.Second, 6*time.Second) {
			return
		}
		if p.rng.IntN(3) == 0 {
			p.call(ctx, "PUT /api/v1/tracks/{track}/lessons/{lesson}/completion", "PUT",
				"/api/v1/tracks/"+track.Slug+"/lessons/"+lesson.Slug+"/completion", nil, "")
		}
		get("GET /api/v1/labs/{lab}", "/api/v1/labs/"+lab.Slug)
		if !p.think(5*time.Second, 15*time.Second) {
			return
		}
		submit(ctx, p, lab)
		get("GET /api/v1/me/progress", "/api/v1/me/progress")
		if !p.think(time.Second, 4*time.Second) {
			return
		}
	}
}

// submit sends the learner's work on a code lab: usually the reference
// solution or the starter with a slip, in 5% of cases an attack. It waits
// for the verdict when the answer is 202.
func submit(ctx context.Context, p *caller, lab *catalog.Lab) {
	main := lab.Files[0]
	files := map[string]string{}
	for k, v := range lab.Solution {
		files[k] = v
	}
	switch n := p.rng.IntN(100); {
	case n < 5:
		h := hostile[p.rng.IntN(len(hostile))]
		files[main] = lab.Starter[main] + h.code
	case n < 35:
		for k, v := range lab.Starter {
			files[k] = v
		}
	}
	mode := "submit"
	if p.rng.IntN(4) == 0 {
		mode = "run"
	}
	r, ok := p.call(ctx, "POST /api/v1/labs/{lab}/submissions", "POST", "/api/v1/labs/"+lab.Slug+"/submissions", map[string]any{"files": files, "mode": mode}, "")
	if !ok {
		return
	}
	var sub struct {
		ID      string `json:"id"`
		Status  string `json:"status"`
		Verdict string `json:"verdict"`
	}
	if r.Decode(&sub) != nil {
		p.st.failure("POST /api/v1/labs/{lab}/submissions", "undecodable", string(r.Body))
		return
	}
	waitUntil := time.Now().Add(gradeWait)
	for sub.Status != "graded" {
		if time.Now().After(waitUntil) {
			p.st.failure("GET /api/v1/submissions/{id}", "no verdict within "+gradeWait.String(), "")
			return
		}
		if !p.think(time.Second, time.Second) {
			return
		}
		r, ok := p.call(ctx, "GET /api/v1/submissions/{id}", "GET", "/api/v1/submissions/"+sub.ID, nil, "")
		if !ok || r.Decode(&sub) != nil {
			return
		}
	}
	p.st.verdict(sub.Verdict)
}

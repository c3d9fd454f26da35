package server

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/config"
)

// Abuse controls: every limit answers 429 problem+json with Retry-After,
// and the progressive login delay slows guessing without letting a
// stranger lock the owner out. No test waits on the clock: delays are
// ended by moving their deadline in the database, and fixed-window limits
// are retried when a window boundary fell inside the test.

// behindProxy trusts loopback's X-Forwarded-For, as a deployment behind a
// reverse proxy does, so tests can call from several client addresses.
func behindProxy(c *config.Config) { c.TrustedProxies = []string{"127.0.0.1/32"} }

func (k *kit) loginFrom(addr, email, password string) response {
	k.t.Helper()
	return k.do("POST", "/api/v1/auth/login", "", map[string]any{"email": email, "password": password}, "X-Forwarded-For", addr)
}

// expectLimited checks a 429 with a usable Retry-After and returns it.
func (k *kit) expectLimited(r response) int {
	k.t.Helper()
	k.expectProblem(r, 429, "rate-limited")
	retry, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || retry < 1 {
		k.t.Fatalf("429 with Retry-After %q, want whole seconds", r.Header.Get("Retry-After"))
	}
	return retry
}

// endDelays lets every login delay run out, as time would.
func (k *kit) endDelays() {
	k.t.Helper()
	if err := k.srv.DB.W.Exec("UPDATE login_throttle SET locked_until = ? WHERE locked_until IS NOT NULL", time.Now().UTC().Add(-time.Second)).Error; err != nil {
		k.t.Fatal(err)
	}
}

func TestLoginDelayGrowsPerAccountAndNetwork(t *testing.T) {
	k := newKit(t, behindProxy, func(c *config.Config) {
		c.LoginPerAccountPerWindow = 3
		c.LoginDelayMax = 2 * time.Minute
	})
	k.user("victim@example.cn", "Victim")
	const attacker, neighbour, home = "203.0.113.5", "203.0.113.77", "198.51.100.7"
	for i := 0; i < 3; i++ {
		k.expectProblem(k.loginFrom(attacker, "victim@example.cn", "guess guess"), 401, "invalid-credentials")
	}
	// The attacker's network now waits, even with the right password (no
	// guess is checked while waiting) ...
	first := k.expectLimited(k.loginFrom(neighbour, "VICTIM@example.cn", testPassword))
	if first > 30 {
		t.Fatalf("first delay %d s, want at most 30", first)
	}
	// ... but the owner elsewhere is not locked out.
	k.must(200, k.loginFrom(home, "victim@example.cn", testPassword))
	if ev := k.lastEvent(k.admin(), audit.LoginDelayed); detail(ev, "scope") != "account_and_network" || ev["clientNetwork"] != "203.0.113.0/24" {
		t.Fatalf("delay event: %v", ev)
	}

	// Each further failure doubles the wait, up to the cap.
	prev := first
	for round := 0; round < 4; round++ {
		k.endDelays()
		k.expectProblem(k.loginFrom(attacker, "victim@example.cn", "guess again"), 401, "invalid-credentials")
		retry := k.expectLimited(k.loginFrom(attacker, "victim@example.cn", "guess again"))
		if retry > 120 {
			t.Fatalf("round %d: delay %d s exceeds the 2 minute cap", round, retry)
		}
		if retry <= prev && retry < 115 {
			t.Fatalf("round %d: delay %d s did not grow from %d s", round, retry, prev)
		}
		prev = retry
	}

	// A quiet day forgets the failures: the next one starts a fresh count.
	k.endDelays()
	k.srv.DB.W.Exec("UPDATE login_throttle SET updated_at = ?", time.Now().UTC().Add(-25*time.Hour))
	k.expectProblem(k.loginFrom(attacker, "victim@example.cn", "new day"), 401, "invalid-credentials")
	k.expectProblem(k.loginFrom(attacker, "victim@example.cn", "new day"), 401, "invalid-credentials")
	// And a success from the network resets its count at once.
	k.must(200, k.loginFrom(attacker, "victim@example.cn", testPassword))
	for i := 0; i < 2; i++ {
		k.expectProblem(k.loginFrom(attacker, "victim@example.cn", "typo"), 401, "invalid-credentials")
	}
	k.must(200, k.loginFrom(attacker, "victim@example.cn", testPassword))
}

func TestLoginDelayAccountWideSparesKnownNetworks(t *testing.T) {
	k := newKit(t, behindProxy, func(c *config.Config) { c.LoginPerAccountPerWindow = 2 })
	k.user("owner@example.cn", "Owner")
	const home, cafe = "198.51.100.7", "192.0.2.44"
	k.must(200, k.loginFrom(home, "owner@example.cn", testPassword))
	// Guessing spread over ten networks, one guess each: no network reaches
	// its own threshold, but the account does (5 x 2).
	for i := 0; i < 10; i++ {
		k.expectProblem(k.loginFrom("10.0."+strconv.Itoa(i)+".9", "owner@example.cn", "spread guess"), 401, "invalid-credentials")
	}
	k.expectLimited(k.loginFrom(cafe, "owner@example.cn", testPassword))
	if ev := k.lastEvent(k.admin(), audit.LoginDelayed); detail(ev, "scope") != "account" {
		t.Fatalf("delay event: %v", ev)
	}
	// The owner's usual network still gets in, and that success clears the
	// account-wide delay.
	k.must(200, k.loginFrom(home, "owner@example.cn", testPassword))
	k.must(200, k.loginFrom(cafe, "owner@example.cn", testPassword))
}

// expectWindowLimit sends max+1 requests and expects the last to be
// refused. The limiter counts in fixed windows, so when a window boundary
// passed during the requests the count restarted: try again, once.
func (k *kit) expectWindowLimit(max int, send func() response) {
	k.t.Helper()
	for attempt := 0; ; attempt++ {
		start := time.Now()
		var last response
		for i := 0; i <= max; i++ {
			last = send()
		}
		if last.Status == 429 || attempt > 0 || time.Now().Truncate(time.Minute).Equal(start.Truncate(time.Minute)) {
			k.expectLimited(last)
			return
		}
	}
}

func TestRegistrationAndSubmissionLimits(t *testing.T) {
	k := newKit(t, behindProxy, func(c *config.Config) {
		c.LoginPerIPPerMinute = 2
		c.SubmitPerMinute = 2
	})
	n := 0
	k.expectWindowLimit(2, func() response {
		n++
		return k.do("POST", "/api/v1/auth/register", "", map[string]any{"email": "reg" + strconv.Itoa(n) + "@example.cn",
			"password": testPassword, "displayName": "注册"}, "X-Forwarded-For", "203.0.113.20")
	})
	// Another address registers freely.
	k.must(201, k.do("POST", "/api/v1/auth/register", "", map[string]any{"email": "other@example.cn",
		"password": testPassword, "displayName": "注册"}, "X-Forwarded-For", "203.0.113.21"))

	tok := k.loginFrom("203.0.113.22", "other@example.cn", testPassword).JSON(t)["accessToken"].(string)
	lab := codeLab(t, k, "ring-buffer-lab")
	k.expectWindowLimit(2, func() response { return submitFiles(k, tok, lab.Slug, lab.Starter, "run") })
}

func TestVerificationLimitPerAddress(t *testing.T) {
	k := newKit(t, behindProxy, func(c *config.Config) { c.VerifyPerIPPerMinute = 3 })
	body := map[string]any{"id": "no-such-credential"}
	for i := 0; i < 3; i++ {
		k.must(200, k.do("POST", "/api/v1/verify", "", body, "X-Forwarded-For", "203.0.113.30"))
	}
	// A token bucket of 3 a minute refills one every 20 s.
	if retry := k.expectLimited(k.do("POST", "/api/v1/verify", "", body, "X-Forwarded-For", "203.0.113.30")); retry > 20 {
		t.Fatalf("Retry-After %d s, want at most 20", retry)
	}
	// Logging in does not lift the per-address limit, batch or not.
	_, tok := k.user("hr@example.cn", "HR")
	k.expectLimited(k.do("POST", "/api/v1/verify", tok, body, "X-Forwarded-For", "203.0.113.30"))
	k.expectLimited(k.do("POST", "/api/v1/verify/batch", tok, map[string]any{"items": []any{body}}, "X-Forwarded-For", "203.0.113.30"))
	// Other addresses are not affected.
	k.must(200, k.do("POST", "/api/v1/verify", "", body, "X-Forwarded-For", "198.51.100.30"))
}

// TestSecurityHeadersOnEveryKindOfResponse: the web app's pages and
// assets, API answers, problems and refusals all carry the headers, and
// the Content-Security-Policy is strict enough to matter (no inline or
// foreign scripts, no framing) yet lets the built SPA run.
func TestSecurityHeadersOnEveryKindOfResponse(t *testing.T) {
	k := newKit(t, func(c *config.Config) { c.VerifyPerIPPerMinute = 1 })
	index := k.must(200, k.do("GET", "/c/some-credential", "", nil))
	asset := regexp.MustCompile(`src="(/assets/[^"]+\.js)"`).FindStringSubmatch(string(index.Body))
	if asset == nil {
		t.Fatalf("index.html names no script asset:\n%s", index.Body)
	}
	// Inline script (a <script> with content, an on... handler) would be
	// blocked by script-src 'self': the SPA must have none.
	if regexp.MustCompile(`<script(\s[^>]*)?>\s*[^<\s]`).Match(index.Body) || regexp.MustCompile(`\son[a-z]+\s*=`).Match(index.Body) {
		t.Fatal("index.html has inline script, which the CSP blocks")
	}
	k.do("POST", "/api/v1/verify", "", map[string]any{"id": "x"})
	responses := map[string]response{
		"SPA page":     index,
		"SPA asset":    k.must(200, k.do("GET", asset[1], "", nil)),
		"API JSON":     k.must(200, k.do("GET", "/api/v1/tracks", "", nil)),
		"API problem":  k.do("GET", "/api/v1/no-such-route", "", nil),
		"unauthorized": k.do("GET", "/api/v1/me", "", nil),
		"rate limited": k.do("POST", "/api/v1/verify", "", map[string]any{"id": "x"}),
		"JWKS":         k.must(200, k.do("GET", "/.well-known/jwks.json", "", nil)),
	}
	want := map[string]string{
		"X-Content-Type-Options":     "nosniff",
		"X-Frame-Options":            "DENY",
		"Referrer-Policy":            "strict-origin-when-cross-origin",
		"Cross-Origin-Opener-Policy": "same-origin",
	}
	for name, r := range responses {
		for h, v := range want {
			if got := r.Header.Get(h); got != v {
				t.Errorf("%s (%d): %s = %q, want %q", name, r.Status, h, got, v)
			}
		}
		csp := r.Header.Get("Content-Security-Policy")
		directives := map[string]string{}
		for _, d := range strings.Split(csp, ";") {
			name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
			directives[name] = value
		}
		for d, v := range map[string]string{"default-src": "'self'", "script-src": "'self'", "object-src": "'none'",
			"frame-ancestors": "'none'", "base-uri": "'self'", "form-action": "'self'"} {
			if directives[d] != v {
				t.Errorf("%s: CSP %s is %q, want %q (policy: %s)", name, d, directives[d], v, csp)
			}
		}
	}
	if responses["rate limited"].Status != 429 {
		t.Fatalf("the second verification was not limited: %d", responses["rate limited"].Status)
	}
}

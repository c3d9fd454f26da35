package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/api"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/catalog"
	"gopkg.in/yaml.v3"
)

// TestHTTPFuzz walks the router's own route table and sends every route
// mutated requests (bodies of the wrong shape, hostile values, broken JSON
// and encodings, foreign or malformed path parameters, garbage query
// parameters and headers) as an anonymous caller, a platform admin and an
// org admin (and a runner on runner routes). Any 5xx, panic or hang fails.
//
// Bodies start from the request schema in api/openapi.yaml, so the
// unmutated request of each route is close to valid and mutations reach
// past the decoder into the handlers. The run is deterministic:
// OHT_HTTPFUZZ_SEED picks another sequence and OHT_HTTPFUZZ_ITERATIONS
// (default 4 per route and caller) sends more; OHT_HTTPFUZZ_DEBUG=1 logs
// the fixture discovery and the routes no request got a 2xx from.
func TestHTTPFuzz(t *testing.T) {
	iterations := envInt(t, "OHT_HTTPFUZZ_ITERATIONS", 4)
	seed := envInt(t, "OHT_HTTPFUZZ_SEED", 1)
	k := newKit(t)
	spec := loadFuzzSpec(t)
	fx := newFuzzFixtures(t, k, spec)
	rng := rand.New(rand.NewPCG(uint64(seed), 10))
	client := &http.Client{Timeout: 60 * time.Second}

	statuses := map[int]int{}
	sent, routes, reached := 0, 0, 0
	for _, route := range k.srv.Routes.Routes() {
		routes++
		ok := false
		op := spec.operation(route.Method, route.Path)
		for _, who := range fx.callers(route) {
			for i := 0; i < iterations; i++ {
				req := fx.build(rng, spec, route, op, i == 0)
				status, err := req.send(client, k.http.URL, who.token)
				sent++
				statuses[status]++
				ok = ok || status < 300
				if err != nil || status >= 500 {
					t.Errorf("%s %s as %s: status %d %v\n  request: %s", route.Method, route.Path, who.name, status, err, req)
				}
			}
		}
		if ok {
			reached++ // some request got past validation into the handler's work
		} else if os.Getenv("OHT_HTTPFUZZ_DEBUG") != "" {
			t.Logf("never 2xx: %s %s", route.Method, route.Path)
		}
	}
	if t.Failed() {
		k.dumpErrors()
	}
	if strings.Contains(k.logs.String(), `"msg":"panic"`) {
		t.Error("a handler panicked (recovered into a 500 or after writing); see the log")
		k.dumpErrors()
	}
	codes := make([]int, 0, len(statuses))
	for c := range statuses {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	var hist []string
	for _, c := range codes {
		hist = append(hist, fmt.Sprintf("%d:%d", c, statuses[c]))
	}
	t.Logf("HTTP fuzzer: %d requests to %d routes (%d answered 2xx at least once; seed %d, %d per route and caller); statuses %s",
		sent, routes, reached, seed, iterations, strings.Join(hist, " "))
}

func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		t.Fatalf("%s must be a whole number, got %q", name, v)
	}
	return n
}

// fuzzCaller is who sends a request.
type fuzzCaller struct{ name, token string }

// fuzzFixtures are real objects of every kind the routes name, so that
// path parameters can point at something that exists, or at an object of
// the wrong kind.
type fuzzFixtures struct {
	admin, orgAdmin, runner string
	params                  map[string]string // gin parameter name -> an existing object
	paramOrg                map[string]string // parameter -> the org its object belongs to, when not params["orgId"]
	ids                     []string          // every id above, for "an id of another kind"
	orgs                    []string
	bodies                  map[string]any // "METHOD path" -> a body that works, where the schema cannot tell
	credentialJWT           string
	counter                 int
}

func newFuzzFixtures(t *testing.T, k *kit, spec *fuzzSpec) *fuzzFixtures {
	t.Helper()
	admin := k.admin()
	uni := k.org(admin, "FUZZ-U", "university")
	ent := k.org(admin, "FUZZ-E", "enterprise")
	_, orgAdmin := k.member(admin, uni, "oa@fuzz.example.cn", "org_admin")
	// The member the fuzzer may edit or remove is not one whose token it uses.
	victim, student := k.member(orgAdmin, uni, "s@fuzz.example.cn", "student")
	cohort := k.must(201, k.do("POST", "/api/v1/orgs/"+uni+"/cohorts", orgAdmin, map[string]any{"name": "模糊测试班"})).JSON(t)["id"].(string)
	key := k.must(201, k.do("POST", "/api/v1/orgs/"+uni+"/api-keys", orgAdmin, map[string]any{"name": "fuzz", "scopes": []string{"roster:read"}})).JSON(t)["id"].(string)
	consortium := k.must(201, k.do("POST", "/api/v1/consortiums", admin, map[string]any{
		"code": "fuzz-alliance", "name": map[string]string{"zh": "模糊联盟"}, "leadOrgId": ent, "memberOrgIds": []string{uni}})).JSON(t)["id"].(string)
	cred := k.must(201, k.do("POST", "/api/v1/credentials", admin, map[string]any{
		"email": "s@fuzz.example.cn", "track": "app-foundation", "evidence": "exam"})).JSON(t)
	runner := k.must(201, k.do("POST", "/api/v1/admin/runners", admin, map[string]any{"name": "fuzz", "kinds": []string{"hvigor"}})).JSON(t)["token"].(string)
	doomed := k.must(201, k.do("POST", "/api/v1/admin/runners", admin, map[string]any{"name": "doomed", "kinds": []string{"hvigor"}})).JSON(t)["id"].(string)

	var quiz, code, track, lesson, question string
	for tr, lab := range k.srv.Catalog.Catalog().Labs() {
		if lab.Kind == catalog.KindQuiz && quiz == "" {
			quiz, track, question = lab.Slug, tr.Slug, lab.Questions[0].ID
		}
		if lab.Kind == catalog.KindCode && code == "" {
			code = lab.Slug
		}
	}
	for _, m := range k.srv.Catalog.Catalog().Track(track).Modules {
		if len(m.Lessons) > 0 {
			lesson = m.Lessons[0].Slug
			break
		}
	}
	sub := k.must(201, k.do("POST", "/api/v1/labs/"+quiz+"/submissions", student, map[string]any{"answers": map[string]any{question: "a"}})).JSON(t)["id"].(string)
	// A login of its own for the login and refresh routes, so failed
	// attempts slow down nobody the fuzzer calls as.
	holderID, _ := k.user("login@fuzz.example.cn", "登录")
	refresh := k.must(200, k.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "login@fuzz.example.cn", "password": testPassword})).JSON(t)["refreshToken"]

	fx := &fuzzFixtures{admin: admin, orgAdmin: orgAdmin, runner: runner, credentialJWT: cred["jwt"].(string), params: map[string]string{
		"orgId": uni, "memberId": victim, "cohortId": cohort, "keyId": key, "consortiumId": consortium,
		"credentialId": cred["id"].(string), "submissionId": sub, "runnerId": doomed, "userId": holderID,
		"track": track, "lesson": lesson, "lab": quiz, "purpose": "revocation", "list": "1",
	}, paramOrg: map[string]string{}, orgs: []string{uni, ent}, bodies: map[string]any{
		"POST /api/v1/auth/login":            map[string]any{"email": "login@fuzz.example.cn", "password": testPassword},
		"POST /api/v1/auth/refresh":          map[string]any{"refreshToken": refresh},
		"POST /api/v1/credentials":           map[string]any{"email": "login@fuzz.example.cn", "track": track, "evidence": "exam"},
		"POST /api/v1/labs/:lab/submissions": map[string]any{"answers": map[string]any{question: "a"}},
	}}
	fx.ids = []string{uni, ent, victim, cohort, key, consortium, cred["id"].(string), sub, doomed, track, lesson, quiz, code, holderID}
	fx.discover(t, k, spec)
	return fx
}

// discover creates an object for every path parameter the fixtures lack
// (orders, events, goals, ...), through the route that creates it: POST to
// the path that the parameter's routes extend, with the plain request
// built from the schema, as a platform admin, for each fixture org.
func (fx *fuzzFixtures) discover(t *testing.T, k *kit, spec *fuzzSpec) {
	t.Helper()
	routes := k.srv.Routes.Routes()
	rng := rand.New(rand.NewPCG(1, 1))
	client := &http.Client{Timeout: 30 * time.Second}
	for pass := 0; pass < 3; pass++ { // nested objects need their parent first
		for _, r := range routes {
			if r.Method != http.MethodPost {
				continue
			}
			param := ""
			for _, r2 := range routes {
				if rest, ok := strings.CutPrefix(r2.Path, r.Path+"/:"); ok {
					param, _, _ = strings.Cut(rest, "/")
					break
				}
			}
			if param == "" || fx.params[param] != "" {
				continue
			}
			for _, org := range fx.orgs {
				fx.params["orgId"] = org
				req := fx.build(rng, spec, r, spec.operation(r.Method, r.Path), true)
				fx.params["orgId"] = fx.orgs[0]
				status, body, err := req.exchange(client, k.http.URL, fx.admin)
				var created struct{ ID string }
				if os.Getenv("OHT_HTTPFUZZ_DEBUG") != "" {
					t.Logf("discover %s via %s: %d %s %s", param, r.Path, status, req, body)
				}
				if err == nil && status < 300 && json.Unmarshal(body, &created) == nil && created.ID != "" {
					fx.params[param], fx.paramOrg[param] = created.ID, org
					fx.ids = append(fx.ids, created.ID)
					break
				}
			}
		}
	}
}

func (fx *fuzzFixtures) callers(r auth.DeclaredRoute) []fuzzCaller {
	out := []fuzzCaller{{"anonymous", ""}, {"platform admin", fx.admin}, {"org admin", fx.orgAdmin}}
	if r.Policy.Kind == auth.KindMachine {
		out = append(out, fuzzCaller{"runner", fx.runner})
	}
	return out
}

// fuzzRequest is one request, kept apart so that a failure can print it.
type fuzzRequest struct {
	method, path string // path is escaped
	query        url.Values
	header       http.Header
	body         []byte
}

func (r *fuzzRequest) String() string {
	b := r.body
	if len(b) > 300 {
		b = append(b[:300:300], "..."...)
	}
	q := ""
	if len(r.query) > 0 {
		q = "?" + r.query.Encode()
	}
	return fmt.Sprintf("%s %s%s headers %v body %q", r.method, r.path, q, r.header, b)
}

func (r *fuzzRequest) send(client *http.Client, base, token string) (int, error) {
	status, _, err := r.exchange(client, base, token)
	return status, err
}

func (r *fuzzRequest) exchange(client *http.Client, base, token string) (int, []byte, error) {
	u := base + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequest(r.method, u, body)
	if err != nil {
		return 0, nil, err
	}
	for name, vs := range r.header {
		req.Header[name] = vs
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	return resp.StatusCode, raw, err
}

// build makes the request for one iteration: the schema's idea of a valid
// request, then (unless plain) one or two kinds of mutation.
func (fx *fuzzFixtures) build(rng *rand.Rand, spec *fuzzSpec, route auth.DeclaredRoute, op map[string]any, plain bool) *fuzzRequest {
	fx.counter++
	req := &fuzzRequest{method: route.Method, query: url.Values{}, header: http.Header{}}
	segments := strings.Split(route.Path, "/")
	org := fx.params["orgId"]
	for _, s := range segments {
		if o, ok := fx.paramOrg[strings.TrimPrefix(s, ":")]; ok && strings.HasPrefix(s, ":") {
			org = o // the object lives in another org than the default
		}
	}
	if !plain && rng.IntN(2) == 0 {
		org = fx.orgs[rng.IntN(len(fx.orgs))] // the university is a partner of the enterprise's orders
	}
	var params []int
	for i, s := range segments {
		if strings.HasPrefix(s, ":") {
			v, ok := fx.params[s[1:]]
			if s == ":orgId" {
				v = org
			} else if !ok {
				v = "01900000-0000-7000-8000-00000000f022" // an object that does not exist
			}
			segments[i] = url.PathEscape(v)
			params = append(params, i)
		}
	}
	var body any
	hasBody := route.Method == http.MethodPost || route.Method == http.MethodPut || route.Method == http.MethodPatch
	if b, ok := fx.bodies[route.Method+" "+route.Path]; ok {
		body = clone(b)
	} else if schema := spec.requestSchema(op); schema != nil {
		body = shiftDates(spec.example(schema, fx, rng, 0))
	} else if hasBody {
		body = map[string]any{}
	}
	for _, p := range spec.queryParams(op) {
		if rng.IntN(2) == 0 {
			req.query.Set(p.name, fmt.Sprint(spec.example(p.schema, fx, rng, 0)))
		}
	}
	if body != nil {
		req.body, _ = json.Marshal(body)
		req.header.Set("Content-Type", "application/json")
	}
	if !plain {
		for n := 1 + rng.IntN(2); n > 0; n-- {
			switch rng.IntN(6) {
			case 0, 1:
				req.body = mutateBody(rng, body, req.body)
			case 2:
				if len(params) > 0 {
					segments[params[rng.IntN(len(params))]] = fx.hostileSegment(rng)
				} else {
					req.body = mutateBody(rng, body, req.body)
				}
			case 3:
				mutateQuery(rng, req.query, spec.queryParams(op))
			case 4:
				mutateHeader(rng, req.header)
			case 5:
				req.body = mutateBytes(rng, req.body)
			}
		}
	}
	req.path = strings.Join(segments, "/")
	return req
}

// hostileSegment is a path parameter that is not what the route expects,
// already escaped for the URL.
func (fx *fuzzFixtures) hostileSegment(rng *rand.Rand) string {
	hostile := []string{"..", "%2e%2e", "..%2F..%2Fetc%2Fpasswd", strings.Repeat("a", 3000), url.PathEscape("学生😀"),
		"%00", "%FF%FE", "-1", "0", "00000000-0000-0000-0000-000000000000", "null", "%20", url.PathEscape("' OR 1=1 --"),
		url.PathEscape("<script>"), "9223372036854775808", url.PathEscape("\u202e\u200b"), "%C0%AF", "x%0D%0AX-Injected:%201"}
	if rng.IntN(3) == 0 {
		return url.PathEscape(fx.ids[rng.IntN(len(fx.ids))])
	}
	return hostile[rng.IntN(len(hostile))]
}

// hostileValues replace one value of a JSON body. Raw messages carry what
// a Go value cannot: numbers out of range, lone surrogates, deep nesting.
var hostileValues = []any{
	nil, true, false, 0, -1, 1.5, "", " ", []any{}, map[string]any{}, []any{nil, 1, "x"},
	json.RawMessage("1e400"), json.RawMessage("-1e400"), json.RawMessage("99999999999999999999999"),
	json.RawMessage("-9223372036854775809"), json.RawMessage("9007199254740993"), json.RawMessage("-0"),
	json.RawMessage(`"\ud800"`), json.RawMessage(`"\u0000"`), json.RawMessage(`"a\u0000b"`),
	strings.Repeat("长", 20000), strings.Repeat("a", 300), "<script>alert(1)</script>", "' OR '1'='1' --",
	"../../etc/passwd", "\u202e\u200b\ufeff", "😀", "@", "a@b", "x@example.cn", "2025-13-45T99:99:99Z",
	"9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "NaN", "Infinity", "ohr_forged", "ohtk_forged",
	json.RawMessage(strings.Repeat("[", 100) + strings.Repeat("]", 100)),
	json.RawMessage(strings.Repeat(`{"a":`, 200) + "1" + strings.Repeat("}", 200)),
}

// mutateBody changes the decoded body: one value replaced, a field added
// or removed, a duplicate key, or a body of another kind altogether.
func mutateBody(rng *rand.Rand, body any, raw []byte) []byte {
	switch rng.IntN(6) {
	case 0, 1, 2:
		v := replaceRandom(rng, clone(body), hostileValues[rng.IntN(len(hostileValues))])
		out, err := json.Marshal(v)
		if err != nil {
			return raw
		}
		return out
	case 3:
		if m, ok := clone(body).(map[string]any); ok {
			if len(m) > 0 && rng.IntN(2) == 0 {
				delete(m, anyKey(rng, m))
			} else {
				m["unexpectedField"] = 1
			}
			out, _ := json.Marshal(m)
			return out
		}
		return raw
	case 4:
		// A duplicate key: which one wins is up to the decoder.
		if m, ok := body.(map[string]any); ok && len(m) > 0 && len(raw) > 1 {
			dup, _ := json.Marshal(map[string]any{anyKey(rng, m): hostileValues[rng.IntN(len(hostileValues))]})
			return append(append(dup[:len(dup)-1:len(dup)-1], ','), raw[1:]...)
		}
		return raw
	default:
		whole := []string{"", "null", "[]", `"text"`, "0", "{}", "{", "}", "\xef\xbb\xbf{}", "{}{}", "{} trailing",
			strings.Repeat("[", 20000) + strings.Repeat("]", 20000), `{"a":1,}`, "{'a':1}", "\x00"}
		return []byte(whole[rng.IntN(len(whole))])
	}
}

// mutateBytes breaks the encoding: truncation, invalid UTF-8, a flipped byte.
func mutateBytes(rng *rand.Rand, raw []byte) []byte {
	if len(raw) == 0 {
		return []byte("\xff\xfe")
	}
	out := bytes.Clone(raw)
	i := rng.IntN(len(out))
	switch rng.IntN(4) {
	case 0:
		return out[:i]
	case 1:
		bad := [][]byte{{0xff}, {0xc3, 0x28}, {0xed, 0xa0, 0x80}, {0xf4, 0x90, 0x80, 0x80}, {0x00}}
		return append(out[:i:i], append(bad[rng.IntN(len(bad))], raw[i:]...)...)
	case 2:
		out[i] ^= byte(1 << rng.IntN(8))
		return out
	default:
		// Invalid UTF-8 inside the first string value, past the decoder's
		// syntax check.
		if j := bytes.IndexByte(out, '"'); j >= 0 {
			return append(out[:j+1:j+1], append([]byte{0xff, 0xfe}, raw[j+1:]...)...)
		}
		return out
	}
}

func mutateQuery(rng *rand.Rand, q url.Values, params []fuzzParam) {
	names := []string{"limit", "cursor", "format", "asOf", "kind", "status", "dryRun", "mode", "since", "until", "lang"}
	for _, p := range params {
		names = append(names, p.name)
	}
	garbage := []string{"", "-1", "0", "201", "1e9", "abc", "99999999999999999999", "\x00", "\xff", "true", "null", "[]",
		base64.RawURLEncoding.EncodeToString([]byte("\x00")), base64.RawURLEncoding.EncodeToString([]byte("\xff\xfe")),
		base64.RawURLEncoding.EncodeToString([]byte(strings.Repeat("z", 128))), "!!!",
		"2025-13-45T99:99:99Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "-292277022657-01-27T08:29:52Z",
		"yesterday", "csv", "xlsx", "json", "pdf", "学生", strings.Repeat("x", 2000), "' OR 1=1 --"}
	for n := 1 + rng.IntN(3); n > 0; n-- {
		name := names[rng.IntN(len(names))]
		if rng.IntN(4) == 0 {
			q.Add(name, garbage[rng.IntN(len(garbage))]) // the same name twice
		} else {
			q.Set(name, garbage[rng.IntN(len(garbage))])
		}
	}
}

func mutateHeader(rng *rand.Rand, h http.Header) {
	switch rng.IntN(3) {
	case 0:
		cts := []string{"", "text/plain", "application/json; charset=latin1", "multipart/form-data; boundary=x",
			"application/x-www-form-urlencoded", "application/vc+jwt", "text/csv", "application/zip",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/json;;;", "*/*"}
		h.Set("Content-Type", cts[rng.IntN(len(cts))])
	case 1:
		keys := []string{"", " ", strings.Repeat("k", 300), "键值", "a b", "00000000-0000-7000-8000-000000000000"}
		h.Set("Idempotency-Key", keys[rng.IntN(len(keys))])
	default:
		langs := []string{"xx;q=abc", "*", strings.Repeat("zh-CN,", 500), "en;q=2"}
		h.Set("Accept-Language", langs[rng.IntN(len(langs))])
	}
}

// replaceRandom puts v somewhere in the tree: at the root, or at a random
// member of a random object or array on a random path down.
func replaceRandom(rng *rand.Rand, tree, v any) any {
	switch n := tree.(type) {
	case map[string]any:
		if len(n) == 0 || rng.IntN(4) == 0 {
			if rng.IntN(2) == 0 {
				return v
			}
			n["unexpectedField"] = v
			return n
		}
		k := anyKey(rng, n)
		n[k] = replaceRandom(rng, n[k], v)
		return n
	case []any:
		if len(n) == 0 || rng.IntN(4) == 0 {
			return append(n, v)
		}
		i := rng.IntN(len(n))
		n[i] = replaceRandom(rng, n[i], v)
		return n
	}
	return v
}

func anyKey(rng *rand.Rand, m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // map order would break determinism
	return keys[rng.IntN(len(keys))]
}

// shiftDates moves every RFC 3339 time in an example body by the same
// amount, so that the earliest is tomorrow: examples written last year
// would otherwise fail "must be in the future" checks.
func shiftDates(body any) any {
	var earliest time.Time
	walkStrings(body, func(s string) string {
		if ts, err := time.Parse(time.RFC3339, s); err == nil && (earliest.IsZero() || ts.Before(earliest)) {
			earliest = ts
		}
		return s
	})
	if earliest.IsZero() {
		return body
	}
	shift := time.Until(earliest.Add(-24 * time.Hour))
	return walkStrings(body, func(s string) string {
		if ts, err := time.Parse(time.RFC3339, s); err == nil {
			return ts.Add(-shift).UTC().Format(time.RFC3339)
		}
		return s
	})
}

func walkStrings(v any, f func(string) string) any {
	switch n := v.(type) {
	case map[string]any:
		for k, x := range n {
			n[k] = walkStrings(x, f)
		}
	case []any:
		for i, x := range n {
			n[i] = walkStrings(x, f)
		}
	case string:
		return f(n)
	}
	return v
}

func clone(v any) any {
	switch n := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(n))
		for k, x := range n {
			out[k] = clone(x)
		}
		return out
	case []any:
		out := make([]any, len(n))
		for i, x := range n {
			out[i] = clone(x)
		}
		return out
	}
	return v
}

// fuzzSpec is api/openapi.yaml as generic YAML, for request schemas and
// query parameters.
type fuzzSpec struct{ root map[string]any }

type fuzzParam struct {
	name   string
	schema map[string]any
}

func loadFuzzSpec(t *testing.T) *fuzzSpec {
	t.Helper()
	var root map[string]any
	if err := yaml.Unmarshal(api.OpenAPI, &root); err != nil {
		t.Fatal(err)
	}
	return &fuzzSpec{root: root}
}

func (s *fuzzSpec) operation(method, ginPath string) map[string]any {
	paths, _ := s.root["paths"].(map[string]any)
	item, _ := paths[ginParam.ReplaceAllString(ginPath, "{$1}")].(map[string]any)
	op, _ := item[strings.ToLower(method)].(map[string]any)
	return op
}

// resolve follows $ref to a component.
func (s *fuzzSpec) resolve(m map[string]any) map[string]any {
	for i := 0; i < 10 && m != nil; i++ {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		var cur any = s.root
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			node, _ := cur.(map[string]any)
			cur = node[part]
		}
		m, _ = cur.(map[string]any)
	}
	return m
}

func (s *fuzzSpec) requestSchema(op map[string]any) map[string]any {
	rb := s.resolve(asMap(op["requestBody"]))
	content := asMap(rb["content"])
	media := asMap(content["application/json"])
	if media == nil {
		return nil
	}
	if ex, ok := media["example"]; ok {
		return map[string]any{"const": ex}
	}
	return s.resolve(asMap(media["schema"]))
}

func (s *fuzzSpec) queryParams(op map[string]any) []fuzzParam {
	list, _ := op["parameters"].([]any)
	var out []fuzzParam
	for _, p := range list {
		pm := s.resolve(asMap(p))
		if pm["in"] == "query" {
			name, _ := pm["name"].(string)
			out = append(out, fuzzParam{name: name, schema: asMap(pm["schema"])})
		}
	}
	return out
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// example makes a value that fits schema, preferring real objects for
// fields that name them, so the plain request gets past validation.
func (s *fuzzSpec) example(schema map[string]any, fx *fuzzFixtures, rng *rand.Rand, depth int) any {
	schema = s.resolve(schema)
	if schema == nil || depth > 8 {
		return "x"
	}
	if v, ok := schema["const"]; ok {
		return fx.overrideExample(clone(v))
	}
	if ex, ok := schema["examples"].([]any); ok && len(ex) > 0 {
		return ex[rng.IntN(len(ex))]
	}
	if ex, ok := schema["example"]; ok {
		return ex
	}
	if enum, ok := schema["enum"].([]any); ok && len(enum) > 0 {
		return enum[rng.IntN(len(enum))]
	}
	for _, key := range []string{"oneOf", "anyOf"} {
		if alts, ok := schema[key].([]any); ok && len(alts) > 0 {
			return s.example(asMap(alts[rng.IntN(len(alts))]), fx, rng, depth+1)
		}
	}
	if all, ok := schema["allOf"].([]any); ok {
		merged := map[string]any{}
		for _, part := range all {
			if m, ok := s.example(asMap(part), fx, rng, depth+1).(map[string]any); ok {
				for k, v := range m {
					merged[k] = v
				}
			}
		}
		return merged
	}
	typ := schema["type"]
	if list, ok := typ.([]any); ok && len(list) > 0 {
		typ = list[0]
	}
	switch typ {
	case "object":
		out := map[string]any{}
		required := map[string]bool{}
		if req, ok := schema["required"].([]any); ok {
			for _, r := range req {
				required[fmt.Sprint(r)] = true
			}
		}
		props := asMap(schema["properties"])
		names := make([]string, 0, len(props))
		for name := range props {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if required[name] || rng.IntN(2) == 0 {
				out[name] = fx.field(name, func() any { return s.example(asMap(props[name]), fx, rng, depth+1) })
			}
		}
		if extra := asMap(schema["additionalProperties"]); extra != nil && len(props) == 0 {
			out["main.ts"] = s.example(extra, fx, rng, depth+1)
		}
		return out
	case "array":
		return []any{s.example(asMap(schema["items"]), fx, rng, depth+1)}
	case "integer", "number":
		if m, ok := schema["minimum"]; ok {
			return m
		}
		return 1
	case "boolean":
		return rng.IntN(2) == 0
	case "null":
		return nil
	}
	switch schema["format"] {
	case "email":
		return fmt.Sprintf("fz%d@fuzz.example.cn", fx.counter)
	case "date-time":
		return time.Now().UTC().Add(24 * time.Hour).Format(time.RFC3339)
	case "date":
		return time.Now().UTC().Format("2006-01-02")
	}
	return "模糊 fuzz"
}

// overrideExample applies the field overrides to a documented example,
// whose emails would collide and whose ids exist only in the document.
func (fx *fuzzFixtures) overrideExample(v any) any {
	switch n := v.(type) {
	case map[string]any:
		for k, x := range n {
			n[k] = fx.field(k, func() any { return fx.overrideExample(x) })
		}
	case []any:
		for i, x := range n {
			n[i] = fx.overrideExample(x)
		}
	}
	return v
}

// field overrides values by field name where the schema cannot say what
// exists: emails, passwords, slugs and ids of the fixtures.
func (fx *fuzzFixtures) field(name string, fromSchema func() any) any {
	if id, ok := fx.params[name]; ok && strings.HasSuffix(name, "Id") && name != "orgId" {
		return id
	}
	switch name {
	case "email":
		return fmt.Sprintf("fz%d@fuzz.example.cn", fx.counter)
	case "password", "initialPassword", "newPassword":
		return testPassword
	case "currentPassword":
		return "not the password"
	case "track":
		return fx.params["track"]
	case "tracks":
		return []any{fx.params["track"]}
	case "partnerOrgIds":
		return []any{fx.orgs[0]}
	case "lab":
		return fx.params["lab"]
	case "orgId", "leadOrgId":
		return fx.params["orgId"]
	case "memberOrgIds":
		return []any{fx.params["orgId"]}
	case "credential":
		return fx.credentialJWT
	case "code":
		return fmt.Sprintf("FZ-%d", fx.counter)
	}
	return fromSchema()
}

// TestUnsafeTextIsRefused pins the fixes for what the fuzzer found on
// PostgreSQL, which refuses text that is not UTF-8 or holds NUL: such path
// parameters, query values, cursors and JSON strings get a 4xx, not a 500.
func TestUnsafeTextIsRefused(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	org := k.org(admin, "TEXT-U", "university")
	k.expectProblem(k.do("GET", "/api/v1/orgs/%FF%FE", "", nil), 400, "bad-request")
	k.expectProblem(k.do("GET", "/api/v1/credentials/a%00b", "", nil), 400, "bad-request")
	k.expectProblem(k.do("GET", "/api/v1/orgs?kind=%C0%AF", "", nil), 400, "bad-request")
	cursor := base64.RawURLEncoding.EncodeToString([]byte("\xff\x00"))
	k.expectProblem(k.do("GET", "/api/v1/orgs?cursor="+cursor, "", nil), 422, "validation")
	k.expectProblem(k.do("POST", "/api/v1/orgs/"+org+"/cohorts", admin, `{"name":"a\u0000b"}`), 400, "bad-request")
	// An escaped backslash before u0000 is text, not NUL.
	k.must(201, k.do("POST", "/api/v1/orgs/"+org+"/cohorts", admin, `{"name":"a\\u0000b"}`))
}

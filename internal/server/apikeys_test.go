package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestOrgAPIKeysAndOAuthClients(t *testing.T) {
	k := newKit(t)
	admin := k.admin()
	uni := k.org(admin, "UNI", "university")
	other := k.org(admin, "OTHER", "university")
	_, dean := k.member(admin, uni, "dean@univ.example.cn", "org_admin")
	_, teacher := k.member(dean, uni, "t@univ.example.cn", "instructor")
	k.expectProblem(k.do("POST", "/api/v1/orgs/"+uni+"/api-keys", teacher, map[string]any{"name": "x", "scopes": []string{"roster:read"}}), 403, "forbidden")
	k.expectProblem(k.do("POST", "/api/v1/orgs/"+uni+"/api-keys", dean, map[string]any{"name": "x", "scopes": []string{"everything"}}), 422, "validation")
	created := k.must(201, k.do("POST", "/api/v1/orgs/"+uni+"/api-keys", dean, map[string]any{"name": "教务系统", "scopes": []string{"roster:write"}}, "Idempotency-Key", "k1")).JSON(t)
	key := created["secret"].(string)
	list := k.must(200, k.do("GET", "/api/v1/orgs/"+uni+"/api-keys", dean, nil))
	if strings.Contains(string(list.Body), key) {
		t.Fatal("the key list shows a secret")
	}
	// The key works on roster routes of its own org only, within its scopes.
	co := k.must(201, k.do("POST", "/api/v1/orgs/"+uni+"/cohorts", key, map[string]any{"name": "同步班"})).JSON(t)["id"].(string)
	k.must(200, k.do("POST", "/api/v1/orgs/"+uni+"/cohorts/"+co+"/imports", key, map[string]any{"students": students(0, 3)}))
	k.expectProblem(k.do("GET", "/api/v1/orgs/"+uni+"/cohorts/"+co+"/progress", key, nil), 403, "forbidden")
	k.expectProblem(k.do("GET", "/api/v1/orgs/"+other+"/cohorts", key, nil), 403, "forbidden")
	k.expectProblem(k.do("GET", "/api/v1/me", key, nil), 403, "forbidden")
	k.expectProblem(k.do("GET", "/api/v1/orgs/"+uni+"/members", key, nil), 403, "forbidden")
	k.expectProblem(k.do("GET", "/api/v1/orgs/"+uni+"/cohorts", "ohtk_forged", nil), 401, "unauthorized")

	// OAuth 2.0 client credentials, as OneRoster clients use.
	client := k.must(201, k.do("POST", "/api/v1/orgs/"+uni+"/api-keys", dean, map[string]any{"name": "OneRoster", "kind": "oauth_client", "scopes": []string{"roster:read", "progress:read"}})).JSON(t)
	token := func(form url.Values, basic ...string) (int, map[string]any) {
		req, _ := http.NewRequest("POST", k.http.URL+"/api/v1/oauth/token", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if len(basic) == 2 {
			req.SetBasicAuth(basic[0], basic[1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var m map[string]any
		json.Unmarshal(raw, &m)
		return resp.StatusCode, m
	}
	st, tok := token(url.Values{"grant_type": {"client_credentials"}, "scope": {"progress:read"}}, client["clientId"].(string), client["secret"].(string))
	if st != 200 || tok["token_type"] != "Bearer" || tok["scope"] != "progress:read" {
		t.Fatalf("token: %d %v", st, tok)
	}
	access := tok["access_token"].(string)
	k.must(200, k.do("GET", "/api/v1/orgs/"+uni+"/cohorts/"+co+"/progress", access, nil))
	k.expectProblem(k.do("GET", "/api/v1/orgs/"+uni+"/cohorts", access, nil), 403, "forbidden") // scope narrowed to progress:read
	if st, e := token(url.Values{"grant_type": {"client_credentials"}, "client_id": {client["clientId"].(string)}, "client_secret": {"wrong"}}); st != 401 || e["error"] != "invalid_client" {
		t.Fatalf("wrong secret: %d %v", st, e)
	}
	if st, e := token(url.Values{"grant_type": {"password"}}); st != 400 || e["error"] != "unsupported_grant_type" {
		t.Fatalf("password grant: %d %v", st, e)
	}
	if st, e := token(url.Values{"grant_type": {"client_credentials"}, "scope": {"roster:write"}}, client["clientId"].(string), client["secret"].(string)); st != 400 || e["error"] != "invalid_scope" {
		t.Fatalf("scope escalation: %d %v", st, e)
	}
	// Revoking ends the key and the client's tokens at once.
	k.must(204, k.do("DELETE", "/api/v1/orgs/"+uni+"/api-keys/"+client["id"].(string), dean, nil))
	k.expectProblem(k.do("GET", "/api/v1/orgs/"+uni+"/cohorts/"+co+"/progress", access, nil), 401, "unauthorized")
	k.must(204, k.do("DELETE", "/api/v1/orgs/"+uni+"/api-keys/"+created["id"].(string), dean, nil))
	k.expectProblem(k.do("GET", "/api/v1/orgs/"+uni+"/cohorts", key, nil), 401, "unauthorized")
	k.expectProblem(k.do("DELETE", "/api/v1/orgs/"+other+"/api-keys/"+created["id"].(string), admin, nil), 404, "not-found")
}

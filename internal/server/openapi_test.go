package server

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/ohtalent/ohtalent/api"
	"github.com/ohtalent/ohtalent/internal/auth"
	"gopkg.in/yaml.v3"
)

type openAPIDoc struct {
	OpenAPI string                          `yaml:"openapi"`
	Paths   map[string]map[string]yaml.Node `yaml:"paths"`
}

type openAPIOper struct {
	OperationID string `yaml:"operationId"`
	Access      string `yaml:"x-access"`
}

var ginParam = regexp.MustCompile(`:([A-Za-z0-9_]+)`)

// TestOpenAPIMatchesRouter fails when a route is missing from
// api/openapi.yaml, when the document lists a route the router lacks, or
// when the document's x-access disagrees with the declared policy.
func TestOpenAPIMatchesRouter(t *testing.T) {
	var doc openAPIDoc
	if err := yaml.Unmarshal(api.OpenAPI, &doc); err != nil {
		t.Fatalf("api/openapi.yaml does not parse: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Fatalf("openapi version %q, want 3.1.x", doc.OpenAPI)
	}
	documented := map[string]openAPIOper{}
	for path, ops := range doc.Paths {
		for method, node := range ops {
			switch method {
			case "get", "post", "put", "patch", "delete":
				var op openAPIOper
				if err := node.Decode(&op); err != nil {
					t.Fatalf("%s %s: %v", method, path, err)
				}
				documented[strings.ToUpper(method)+" "+path] = op
			}
		}
	}
	k := newKit(t)
	served := map[string]string{}
	for _, r := range k.srv.Engine().Routes() {
		if r.Method == "HEAD" {
			continue
		}
		served[r.Method+" "+ginParam.ReplaceAllString(r.Path, "{$1}")] = r.Path
	}
	var missing, extra []string
	for key, ginPath := range served {
		op, ok := documented[key]
		if !ok {
			missing = append(missing, key)
			continue
		}
		if op.OperationID == "" {
			t.Errorf("%s has no operationId", key)
		}
		method, _, _ := strings.Cut(key, " ")
		if p, declared := k.srv.Routes.Lookup(method, ginPath); declared {
			if op.Access != accessString(p) {
				t.Errorf("%s: document says x-access %q, router declares %q", key, op.Access, accessString(p))
			}
		}
	}
	for key := range documented {
		if _, ok := served[key]; !ok {
			extra = append(extra, key)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	for _, m := range missing {
		t.Errorf("served but not in api/openapi.yaml: %s", m)
	}
	for _, e := range extra {
		t.Errorf("in api/openapi.yaml but not served: %s", e)
	}
}

func accessString(p auth.Policy) string { return p.String() }

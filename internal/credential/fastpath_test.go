package credential

import "testing"

// TestBareCredentialJSON: the fast path takes only the exact common shape;
// everything else must reach the strict decoder (ok false), never be
// misread as a token.
func TestBareCredentialJSON(t *testing.T) {
	const tok = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2ln-_"
	for _, body := range []string{
		`{"credential":"` + tok + `"}`,
		" { \"credential\" : \"" + tok + "\" }\n",
	} {
		if got, ok := bareCredentialJSON([]byte(body)); !ok || got != tok {
			t.Errorf("%q: got %q %v", body, got, ok)
		}
	}
	for _, body := range []string{
		`{"credential":"` + tok + `","email":"a@b.cn"}`, // another field
		`{"credential":"a\u002eb"}`,                     // an escape
		`{"credential":""}`,
		`{"credential":{"id":"x"}}`,
		`{"id":"x"}`,
		`{"credential":"` + tok + `"`,
		`["credential","x"]`,
		`{"credential":"a b"}`,
		`{"credential":"a+b/c="}`, // standard base64, not base64url
		"{\"credential\":\"a\xffb\"}",
		"{\"credential\":\"a\x00b\"}",
		`{"credential":"令牌"}`,
		`{"credential":"` + tok + `"}}`,
		`{"credential":"x"}{"credential":"y"}`,
	} {
		if got, ok := bareCredentialJSON([]byte(body)); ok {
			t.Errorf("%q taken by the fast path as %q", body, got)
		}
	}
}

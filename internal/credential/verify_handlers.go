package credential

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"unsafe"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/httpx"
)

// VerifyRequest names one credential to check: a VC-JWT string, the JSON
// credential, or an ID; with the candidate's email the answer also says
// whether the credential is theirs.
type VerifyRequest struct {
	Credential json.RawMessage `json:"credential,omitempty"`
	ID         string          `json:"id,omitempty"`
	Email      string          `json:"email,omitempty"`

	token string // a bare VC-JWT body
}

// VerifyResult is the answer.
type VerifyResult struct {
	Check
	HolderMatch *bool `json:"holderMatch,omitempty"`
	Credential  *View `json:"credential,omitempty"`
}

// Verify checks one credential completely: signature and structure, then
// its current status in the database.
func (s *Service) Verify(ctx context.Context, req VerifyRequest) VerifyResult {
	res, _ := s.verify(ctx, req)
	return res
}

// verify is Verify that also returns the VC-JWT it checked ("" when it
// found none), which keys the encoded-answer cache.
func (s *Service) verify(ctx context.Context, req VerifyRequest) (VerifyResult, string) {
	token := req.token
	var submitted map[string]any
	switch {
	case token != "":
	case len(req.Credential) > 0 && req.Credential[0] == '"':
		token = jsonString(req.Credential)
	case len(req.Credential) > 0 && req.Credential[0] == '{':
		dec := json.NewDecoder(bytes.NewReader(req.Credential))
		if err := dec.Decode(&submitted); err != nil {
			return VerifyResult{Check: fail(Malformed, "credential is not a JSON object: %v", err)}, token
		}
	case len(req.Credential) > 0:
		return VerifyResult{Check: fail(Malformed, "credential must be a VC-JWT string or a JSON credential object")}, token
	case req.ID == "":
		return VerifyResult{Check: fail(Malformed, "send a credential (VC-JWT or JSON) or an id")}, token
	}
	// JSON credentials and IDs are checked through the stored VC-JWT; a
	// JSON credential must also equal what was issued, field for field.
	if token == "" {
		id := req.ID
		if submitted != nil {
			id, _ = submitted["id"].(string)
			if i := len(s.issuer.BaseURL + "/c/"); len(id) > i && id[:i] == s.issuer.BaseURL+"/c/" {
				id = id[i:]
			} else {
				return VerifyResult{Check: fail(UnknownIssuer, "the credential id %q is not one of this issuer's", id)}, token
			}
		}
		var rows []record
		if len(id) <= 64 {
			if err := s.db.R.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&rows).Error; err != nil {
				return VerifyResult{Check: fail(Malformed, "lookup failed")}, token
			}
		}
		if len(rows) == 0 {
			return VerifyResult{Check: fail(UnknownIssuer, "no credential with this id was issued here")}, token
		}
		if submitted != nil {
			var stored map[string]any
			_ = json.Unmarshal([]byte(rows[0].Document), &stored)
			if !reflect.DeepEqual(stored, submitted) {
				return VerifyResult{Check: fail(Tampered, "the JSON differs from the credential that was issued")}, token
			}
		}
		token = rows[0].JWT
	}
	check := s.cache.check(token, func() Check { return VerifyJWT(ctx, token, s.keys, s.issuer.ID(), s.now()) })
	res := VerifyResult{Check: check}
	if check.CredentialID == "" {
		return res, token
	}
	// Dates again: the check may have been cached at another time.
	res.Verdict, res.Reasons = dateVerdict(check.Claims, s.now())
	// A signed id outside our /c/ space was never issued here (the fuzzer
	// found that slicing it blindly panics).
	id, ours := strings.CutPrefix(check.CredentialID, s.issuer.BaseURL+"/c/")
	live, err := s.status.read(ctx, id)
	if err != nil || !ours || !live.Found {
		res.Verdict, res.Reasons = UnknownIssuer, []string{"signed with this issuer's key but not in its records"}
		return res, token
	}
	switch live.Status {
	case StatusRevoked:
		res.Verdict, res.Reasons = Revoked, []string{"revoked by the issuer"}
	case StatusSuspended:
		res.Verdict, res.Reasons = Suspended, []string{"suspended by the issuer"}
	}
	if req.Email != "" {
		match := holderMatches(check.Claims, req.Email)
		res.HolderMatch = &match
	}
	if v, ok := s.cache.view(viewKey{id, s.catalog.Catalog()}, func() (View, bool) {
		var rows []record
		if err := s.db.R.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&rows).Error; err != nil || len(rows) == 0 {
			return View{}, false
		}
		v := s.view(&rows[0])
		v.JWT, v.Document = "", nil // the caller has the credential already
		return v, true
	}); ok {
		v.Status, v.Verdict = live.Status, res.Verdict
		res.Credential = &v
	}
	return res, token
}

// jsonString decodes a JSON string; JWTs hold no escapes, so the common
// case is a slice, and only strings with escapes go through the decoder.
func jsonString(raw json.RawMessage) string {
	if len(raw) >= 2 && bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "\x00" // not a string: VerifyJWT calls it malformed
	}
	return s
}

func holderMatches(claims map[string]any, email string) bool {
	subject, _ := claims["credentialSubject"].(map[string]any)
	ids, _ := subject["identifier"].([]any)
	for _, x := range ids {
		id, _ := x.(map[string]any)
		if id["identityType"] != "emailAddress" {
			continue
		}
		salt, _ := id["salt"].(string)
		if id["identityHash"] == HashEmail(email, salt) {
			return true
		}
	}
	return false
}

// handleVerify takes a JSON VerifyRequest, or the bare VC-JWT as the body
// with Content-Type application/vc+jwt (or application/jwt), as a QR code
// scanner or a shell script would send it.
func (s *Service) handleVerify(c *gin.Context) {
	// The body is read into a pooled buffer and the token aliases it, so
	// nothing may keep the token past this handler without copying it (the
	// caches clone what they keep). A new 5 KiB body per request was most
	// of the route's allocation.
	buf := bodyBuffers.Get().(*[]byte)
	defer bodyBuffers.Put(buf)
	var req VerifyRequest
	switch c.ContentType() {
	case "application/vc+jwt", "application/jwt", "text/plain":
		raw, err := httpx.ReadBodyInto(c.Request, *buf)
		if err != nil {
			httpx.Abort(c, httpx.NewProblem(413, "body-too-large", "the request body is larger than the limit"))
			return
		}
		token := strings.TrimSpace(aliasString(raw))
		if len(token) > MaxTokenBytes {
			httpx.JSON(c, http.StatusOK, VerifyResult{Check: fail(Malformed, "the token is larger than %d KiB", MaxTokenBytes>>10)})
			return
		}
		req.token = token
	default:
		body, err := httpx.ReadJSONBodyInto(c, *buf)
		if err == nil {
			var ok bool
			if req.token, ok = bareCredentialJSON(body); !ok {
				err = httpx.DecodeJSON(body, &req)
			}
		}
		if err != nil {
			httpx.Abort(c, err)
			return
		}
	}
	res, token := s.verify(c.Request.Context(), req)
	if req.Email != "" || res.Credential == nil {
		httpx.JSON(c, http.StatusOK, res)
		return
	}
	httpx.JSONEncoded(c, http.StatusOK, s.cache.answer(token, res.Verdict, res.Credential.Status, s.catalog.Catalog(), func() []byte { return httpx.EncodeJSON(res) }))
}

// bodyBuffers hold verify request bodies: a VC-JWT, or one in a small JSON
// object, fits in 16 KiB; larger bodies get a buffer of their own.
var bodyBuffers = sync.Pool{New: func() any { b := make([]byte, 16<<10); return &b }}

// MaxBatch is how many credentials one batch may check.
const MaxBatch = 1000

type batchRequest struct {
	Items []VerifyRequest `json:"items"`
}

type batchResult struct {
	Results []VerifyResult  `json:"results"`
	Summary map[Verdict]int `json:"summary"`
}

// handleVerifyBatch serves enterprises checking many hires at once.
func (s *Service) handleVerifyBatch(c *gin.Context) {
	p := auth.Current(c)
	if !p.IsPlatformAdmin() && !p.HasEnterpriseRole() {
		httpx.Abort(c, httpx.Forbidden("batch verification is for enterprise accounts (enterprise_verifier or org_admin of an enterprise)"))
		return
	}
	var req batchRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	if len(req.Items) == 0 || len(req.Items) > MaxBatch {
		httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "items", Message: "send 1 to 1000 credentials"}))
		return
	}
	out := batchResult{Results: make([]VerifyResult, len(req.Items)), Summary: map[Verdict]int{}}
	for i, it := range req.Items {
		out.Results[i] = s.Verify(c.Request.Context(), it)
		out.Summary[out.Results[i].Verdict]++
	}
	httpx.JSON(c, http.StatusOK, out)
}

// aliasString views the body's bytes as a string without copying them;
// nothing else holds or changes the slice. Copying every 5 KiB token was a
// fifth of the verify route's allocations.
func aliasString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// bareCredentialJSON recognizes the common body {"credential": "<VC-JWT>"}
// without the JSON scanner, which costs more than the signature check on a
// 5 KiB token. It accepts only that exact shape with a string made of JWT
// characters (so no escapes); anything else goes through the strict decoder.
func bareCredentialJSON(body []byte) (string, bool) {
	b := bytes.TrimSpace(body)
	b, ok := bytes.CutPrefix(b, []byte("{"))
	if !ok {
		return "", false
	}
	b, ok = bytes.CutSuffix(b, []byte("}"))
	if !ok {
		return "", false
	}
	b, ok = bytes.CutPrefix(bytes.TrimSpace(b), []byte(`"credential"`))
	if !ok {
		return "", false
	}
	b, ok = bytes.CutPrefix(bytes.TrimSpace(b), []byte(":"))
	if !ok {
		return "", false
	}
	b = bytes.TrimSpace(b)
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return "", false
	}
	tok := b[1 : len(b)-1]
	if len(tok) == 0 || len(tok) > MaxTokenBytes {
		return "", false
	}
	for _, ch := range tok {
		if !jwtChars[ch] {
			return "", false
		}
	}
	return aliasString(tok), true
}

// jwtChars are the bytes of a compact JWS: base64url and the dots. A table
// lookup per byte is a third of the cost of the comparisons it replaces,
// which showed on 5 KiB tokens.
var jwtChars = func() (t [256]bool) {
	for _, r := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_." {
		t[r] = true
	}
	return t
}()

package credential

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"reflect"

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
	var token string
	var submitted map[string]any
	switch {
	case len(req.Credential) > 0 && req.Credential[0] == '"':
		if err := json.Unmarshal(req.Credential, &token); err != nil {
			return VerifyResult{Check: fail(Malformed, "credential is not a valid JSON string")}
		}
	case len(req.Credential) > 0 && req.Credential[0] == '{':
		dec := json.NewDecoder(bytes.NewReader(req.Credential))
		if err := dec.Decode(&submitted); err != nil {
			return VerifyResult{Check: fail(Malformed, "credential is not a JSON object: %v", err)}
		}
	case len(req.Credential) > 0:
		return VerifyResult{Check: fail(Malformed, "credential must be a VC-JWT string or a JSON credential object")}
	case req.ID == "":
		return VerifyResult{Check: fail(Malformed, "send a credential (VC-JWT or JSON) or an id")}
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
				return VerifyResult{Check: fail(UnknownIssuer, "the credential id %q is not one of this issuer's", id)}
			}
		}
		var rows []record
		if len(id) <= 64 {
			if err := s.db.R.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&rows).Error; err != nil {
				return VerifyResult{Check: fail(Malformed, "lookup failed")}
			}
		}
		if len(rows) == 0 {
			return VerifyResult{Check: fail(UnknownIssuer, "no credential with this id was issued here")}
		}
		if submitted != nil {
			var stored map[string]any
			_ = json.Unmarshal([]byte(rows[0].Document), &stored)
			if !reflect.DeepEqual(stored, submitted) {
				return VerifyResult{Check: fail(Tampered, "the JSON differs from the credential that was issued")}
			}
		}
		token = rows[0].JWT
	}
	check := VerifyJWT(ctx, token, s.keys, s.issuer.ID(), s.now())
	res := VerifyResult{Check: check}
	if check.CredentialID == "" {
		return res
	}
	id := check.CredentialID[len(s.issuer.BaseURL+"/c/"):]
	var rows []record
	if err := s.db.R.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&rows).Error; err != nil || len(rows) == 0 {
		res.Verdict, res.Reasons = UnknownIssuer, []string{"signed with this issuer's key but not in its records"}
		return res
	}
	rec := &rows[0]
	if check.Verdict == Valid || check.Verdict == Expired || check.Verdict == NotYetValid {
		switch rec.Status {
		case StatusRevoked:
			res.Verdict, res.Reasons = Revoked, []string{"revoked by the issuer"}
		case StatusSuspended:
			res.Verdict, res.Reasons = Suspended, []string{"suspended by the issuer"}
		}
	}
	if req.Email != "" {
		match := holderMatches(check.Claims, req.Email)
		res.HolderMatch = &match
	}
	v := s.view(rec)
	v.JWT, v.Document = "", nil // the caller has the credential already
	res.Credential = &v
	return res
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

func (s *Service) handleVerify(c *gin.Context) {
	var req VerifyRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, s.Verify(c.Request.Context(), req))
}

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

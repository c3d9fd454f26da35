package credential

import (
	"context"

	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Verdict is the outcome of a verification.
type Verdict string

const (
	Valid         Verdict = "valid"
	Revoked       Verdict = "revoked"
	Suspended     Verdict = "suspended"
	Expired       Verdict = "expired"
	NotYetValid   Verdict = "not_yet_valid"
	Tampered      Verdict = "tampered"
	UnknownIssuer Verdict = "unknown_issuer"
	Malformed     Verdict = "malformed"
)

// MaxTokenBytes bounds what a verifier will parse.
const MaxTokenBytes = 64 << 10

// Check is the outcome of a verification, with the reasons behind it.
type Check struct {
	Verdict      Verdict        `json:"verdict"`
	Reasons      []string       `json:"reasons"`
	CredentialID string         `json:"credentialId,omitempty"`
	KeyID        string         `json:"kid,omitempty"`
	Claims       map[string]any `json:"-"`
}

func fail(v Verdict, format string, args ...any) Check {
	return Check{Verdict: v, Reasons: []string{fmt.Sprintf(format, args...)}}
}

// VerifyJWT checks a VC-JWT's signature, key, issuer, structure and dates
// against keys. It needs no database, so `ohtalent verify` runs it offline
// with a JWKS; the service adds the status check on top.
func VerifyJWT(ctx context.Context, token string, keys KeySet, issuerID string, now time.Time) Check {
	if len(token) > MaxTokenBytes {
		return fail(Malformed, "the token is larger than %d KiB", MaxTokenBytes>>10)
	}
	var kid string
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(token, claims, func(t *jwt.Token) (any, error) {
		kid, _ = t.Header["kid"].(string)
		if kid == "" {
			return nil, errNoKid
		}
		pub, ok := keys.Public(ctx, kid)
		if !ok {
			return nil, errUnknownKey
		}
		return pub, nil
	}, jwt.WithValidMethods([]string{"EdDSA"}), jwt.WithoutClaimsValidation(), jwt.WithJSONNumber())
	switch {
	case err == nil:
	case errors.Is(err, errUnknownKey):
		return fail(UnknownIssuer, "the signing key %q is not one of this issuer's keys", kid)
	case errors.Is(err, errNoKid):
		return fail(Malformed, "the JOSE header has no kid")
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		c := fail(Tampered, "the signature does not match the content: the credential was changed after it was signed")
		c.KeyID = kid
		return c
	case errors.Is(err, jwt.ErrTokenUnverifiable) || errors.Is(err, jwt.ErrSignatureInvalid):
		return fail(Tampered, "the token is not signed with EdDSA by this issuer (%v)", err)
	default:
		return fail(Malformed, "not a well-formed JWT: %v", err)
	}
	c := Check{Verdict: Valid, KeyID: kid, Claims: claims}
	if iss, _ := claims["iss"].(string); iss != issuerID {
		return fail(UnknownIssuer, "issued by %q, not by %q", iss, issuerID)
	}
	if reason := structureProblem(claims); reason != "" {
		c.Verdict, c.Reasons = Malformed, []string{reason}
		return c
	}
	c.CredentialID, _ = claims["jti"].(string)
	c.Verdict, c.Reasons = dateVerdict(claims, now)
	return c
}

// clockSkew is how far ahead of our clock a verifier's may run before a
// fresh credential counts as not yet valid.
const clockSkew = 30 * time.Second

// dateVerdict is what the clock says of a credential whose signature,
// issuer and structure check out. Verification of a cached check asks it
// again, so a cached verdict follows the clock both ways.
func dateVerdict(claims map[string]any, now time.Time) (Verdict, []string) {
	if nbf, ok := numericDate(claims["nbf"]); ok && now.Before(nbf.Add(-clockSkew)) {
		return NotYetValid, []string{"valid from " + nbf.UTC().Format(time.RFC3339)}
	}
	if exp, ok := numericDate(claims["exp"]); ok && now.After(exp) {
		return Expired, []string{"expired at " + exp.UTC().Format(time.RFC3339)}
	}
	return Valid, []string{"signature, key, issuer, structure and dates check out"}
}

var (
	errNoKid      = errors.New("no kid")
	errUnknownKey = errors.New("unknown key")
)

func numericDate(v any) (time.Time, bool) {
	switch n := v.(type) {
	case float64:
		return time.Unix(int64(n), 0), true
	case interface{ Int64() (int64, error) }:
		i, err := n.Int64()
		return time.Unix(i, 0), err == nil
	}
	return time.Time{}, false
}

// structureProblem checks what an OpenBadgeCredential must carry.
func structureProblem(c map[string]any) string {
	ctx, _ := c["@context"].([]any)
	if len(ctx) < 2 || ctx[0] != Contexts[0] || ctx[1] != Contexts[1] {
		return "@context must begin with the VC 2.0 and OB 3.0 contexts"
	}
	types, _ := c["type"].([]any)
	if !slices.Contains(types, any("VerifiableCredential")) || !slices.Contains(types, any("OpenBadgeCredential")) {
		return "type must include VerifiableCredential and OpenBadgeCredential"
	}
	id, _ := c["id"].(string)
	if jti, _ := c["jti"].(string); id == "" || id != jti {
		return "the credential id is missing or differs from the jti claim"
	}
	issuer, _ := c["issuer"].(map[string]any)
	if issuer == nil || issuer["id"] != c["iss"] {
		return "issuer.id is missing or differs from the iss claim"
	}
	subject, _ := c["credentialSubject"].(map[string]any)
	if subject == nil || subject["achievement"] == nil {
		return "credentialSubject with an achievement is required"
	}
	vf, _ := c["validFrom"].(string)
	from, err := time.Parse(time.RFC3339, vf)
	if err != nil {
		return "validFrom must be an RFC 3339 date-time"
	}
	if nbf, ok := numericDate(c["nbf"]); !ok || !nbf.Equal(from) {
		return "the nbf claim must equal validFrom"
	}
	if vu, ok := c["validUntil"].(string); ok {
		until, err := time.Parse(time.RFC3339, vu)
		exp, hasExp := numericDate(c["exp"])
		if err != nil || !hasExp || !exp.Equal(until) {
			return "validUntil must be an RFC 3339 date-time equal to the exp claim"
		}
	}
	if _, ok := c["credentialStatus"]; !ok {
		return "credentialStatus is required"
	}
	return ""
}

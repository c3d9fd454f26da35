package credential

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// VerifyOffline checks a VC-JWT with nothing but the issuer's JWKS (what
// `ohtalent verify` does): signature, key, issuer, structure and dates,
// then, unless offline, the status lists the credential points to (fetched
// with get and verified with the same keys). issuerID "" trusts the
// credential's own iss claim, which the JWKS then has to vouch for.
func VerifyOffline(ctx context.Context, token string, jwks []byte, issuerID string, offline bool, get func(url string) ([]byte, error)) (Check, error) {
	var set JWKS
	if err := json.Unmarshal(jwks, &set); err != nil {
		return Check{}, fmt.Errorf("JWKS is not valid JSON: %w", err)
	}
	if issuerID == "" {
		issuerID = UnverifiedIssuer(token)
	}
	check := VerifyJWT(ctx, token, set, issuerID, time.Now())
	if check.Verdict != Valid || offline {
		if offline {
			check.Reasons = append(check.Reasons, "status not checked (offline)")
		}
		return check, nil
	}
	status, err := CheckStatusLists(ctx, check.Claims, set, issuerID, get)
	switch {
	case err != nil:
		check.Reasons = append(check.Reasons, "status not checked: "+err.Error())
	case status != "":
		check.Verdict, check.Reasons = status, []string{"the issuer's status list marks it " + string(status)}
	default:
		check.Reasons = append(check.Reasons, "status lists: neither revoked nor suspended")
	}
	return check, nil
}

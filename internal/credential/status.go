package credential

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/httpx"
)

// handleStatusList serves a W3C BitstringStatusListCredential as a VC-JWT:
// bit i (counting from the most significant bit of the first byte) is set
// when the credential with status index i is revoked (or suspended, for the
// suspension list). It is built from the database on every request, so a
// revocation shows at once.
func (s *Service) handleStatusList(c *gin.Context) {
	purpose := c.Param("purpose")
	status := map[string]string{"revocation": StatusRevoked, "suspension": StatusSuspended}[purpose]
	list, err := strconv.Atoi(c.Param("list"))
	if status == "" || err != nil || list < 1 || list > 100000 {
		httpx.Abort(c, httpx.NotFound("status list"))
		return
	}
	lo := int64(list-1) * StatusListSize
	var indices []int64
	if err := s.db.R.WithContext(c.Request.Context()).Raw(`SELECT status_index FROM credentials
		WHERE status = ? AND status_index >= ? AND status_index < ?`, status, lo, lo+StatusListSize).Scan(&indices).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	bits := make([]byte, StatusListSize/8)
	for _, i := range indices {
		i -= lo
		bits[i/8] |= 0x80 >> (i % 8)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(bits)
	zw.Close()
	listURL := fmt.Sprintf("%s/api/v1/status-lists/%s/%d", s.issuer.BaseURL, purpose, list)
	now := s.now().UTC().Truncate(time.Second)
	doc := map[string]any{
		"@context":  []string{Contexts[0]},
		"id":        listURL,
		"type":      []string{"VerifiableCredential", "BitstringStatusListCredential"},
		"issuer":    map[string]any{"id": s.issuer.ID(), "type": []string{"Profile"}, "name": s.issuer.Name},
		"validFrom": now.Format(time.RFC3339),
		"credentialSubject": map[string]any{
			"id":            listURL + "#list",
			"type":          "BitstringStatusList",
			"statusPurpose": purpose,
			"encodedList":   "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes()),
		},
	}
	kid, key := s.keys.signer()
	token, err := sign(doc, kid, key)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "application/vc+jwt", []byte(token))
}

// StatusBit reads bit index of a decoded status list (for offline checks).
func StatusBit(encodedList string, index int64) (bool, error) {
	if len(encodedList) < 2 || encodedList[0] != 'u' {
		return false, fmt.Errorf("encodedList must be multibase base64url ('u' prefix)")
	}
	raw, err := base64.RawURLEncoding.DecodeString(encodedList[1:])
	if err != nil {
		return false, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return false, err
	}
	var bits bytes.Buffer
	if _, err := bits.ReadFrom(io.LimitReader(zr, 16<<20)); err != nil {
		return false, err
	}
	b := bits.Bytes()
	if index < 0 || index/8 >= int64(len(b)) {
		return false, fmt.Errorf("index %d is outside the list", index)
	}
	return b[index/8]&(0x80>>(index%8)) != 0, nil
}

// UnverifiedIssuer reads the iss claim without checking anything, so an
// offline verifier can name the issuer it then checks against the JWKS.
func UnverifiedIssuer(token string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return ""
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return ""
	}
	var c struct {
		Iss string `json:"iss"`
	}
	_ = json.Unmarshal(raw, &c)
	return c.Iss
}

// CheckStatusLists fetches the status list credentials a credential points
// to, verifies each with the same keys, and reads the credential's bit. It
// returns Revoked or Suspended, or "" when neither bit is set.
func CheckStatusLists(ctx context.Context, claims map[string]any, keys KeySet, issuerID string, get func(url string) ([]byte, error)) (Verdict, error) {
	entries, _ := claims["credentialStatus"].([]any)
	for _, e := range entries {
		entry, _ := e.(map[string]any)
		purpose, _ := entry["statusPurpose"].(string)
		listURL, _ := entry["statusListCredential"].(string)
		idxStr, _ := entry["statusListIndex"].(string)
		idx, err := strconv.ParseInt(idxStr, 10, 64)
		if err != nil || listURL == "" {
			return "", fmt.Errorf("credentialStatus entry is incomplete")
		}
		raw, err := get(listURL)
		if err != nil {
			return "", err
		}
		listToken := strings.TrimSpace(string(raw))
		var list jwt.MapClaims
		_, err = jwt.ParseWithClaims(listToken, &list, func(t *jwt.Token) (any, error) {
			kid, _ := t.Header["kid"].(string)
			pub, ok := keys.Public(ctx, kid)
			if !ok {
				return nil, errUnknownKey
			}
			return pub, nil
		}, jwt.WithValidMethods([]string{"EdDSA"}), jwt.WithIssuer(issuerID))
		if err != nil {
			return "", fmt.Errorf("status list %s does not verify: %v", listURL, err)
		}
		subject, _ := list["credentialSubject"].(map[string]any)
		encoded, _ := subject["encodedList"].(string)
		set, err := StatusBit(encoded, idx)
		if err != nil {
			return "", err
		}
		if set {
			switch purpose {
			case "revocation":
				return Revoked, nil
			case "suspension":
				return Suspended, nil
			}
		}
	}
	return "", nil
}

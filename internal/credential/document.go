// Package credential issues, serves, revokes and verifies Open Badges 3.0
// credentials (OpenBadgeCredential, W3C VC data model 2.0) secured as
// VC-JWTs signed with Ed25519, with W3C Bitstring Status Lists.
package credential

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/ohtalent/ohtalent/internal/catalog"
)

// Contexts of every credential, in the order OB 3.0 requires.
var Contexts = []string{
	"https://www.w3.org/ns/credentials/v2",
	"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
}

// Issuer describes the platform as an OB 3.0 issuer Profile.
type Issuer struct {
	BaseURL string // OHT_PUBLIC_URL
	Name    string // OHT_ISSUER_NAME
}

// ID is the issuer's identifier, also the iss claim of every VC-JWT.
func (i Issuer) ID() string { return i.BaseURL + "/issuer" }

// StatusListSize is the number of entries per status list: the W3C
// minimum of 131,072 bits (16 KiB), so one index says little about a person.
const StatusListSize = 131072

// newCredentialID returns an unguessable id (130 random bits).
func newCredentialID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// HashEmail is OB 3.0's salted identity hash: "sha256$" + hex(sha256(email + salt)).
func HashEmail(email, salt string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(email)) + salt))
	return "sha256$" + hex.EncodeToString(sum[:])
}

func newSalt() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// subject is who the credential is about.
type subject struct {
	Name  string
	Email string
}

// document builds the OpenBadgeCredential for a track.
func document(iss Issuer, id string, t *catalog.Track, who subject, salt string, statusIndex int64,
	validFrom time.Time, validUntil *time.Time, evidence string) map[string]any {
	trackURL := iss.BaseURL + "/tracks/" + t.Slug
	// Learning outcomes travel as alignments (OB 3.0's way to name what an
	// achievement certifies), each linked to its place on the track page.
	var alignment []map[string]any
	for i, o := range t.Outcomes {
		alignment = append(alignment, map[string]any{
			"type":       []string{"Alignment"},
			"targetName": o.Zh,
			"targetUrl":  fmt.Sprintf("%s#outcome-%d", trackURL, i+1),
		})
	}
	narrative := fmt.Sprintf("通过全部 %d 个必修实验，且最高得分之和达到满分的 %d%%。Passed all %d required labs with at least %d%% of the total score.",
		len(t.Certificate.Labs), t.Certificate.Threshold, len(t.Certificate.Labs), t.Certificate.Threshold)
	return docParts{ID: id, Name: t.Title.Zh + " 证书", Who: who, Salt: salt, StatusIndex: statusIndex,
		ValidFrom: validFrom, ValidUntil: validUntil, Evidence: evidence,
		Achievement: map[string]any{
			"id":              fmt.Sprintf("%s/achievements/%s/v%d", iss.BaseURL, t.Slug, t.Version),
			"type":            []string{"Achievement"},
			"achievementType": "Certificate",
			"name":            t.Title.Zh,
			"description":     t.Summary.Zh,
			"criteria":        map[string]any{"id": trackURL, "narrative": narrative},
			"alignment":       alignment,
			"tag":             []string{"OpenHarmony", string(t.Level)},
			"version":         fmt.Sprint(t.Version),
			"humanCode":       t.Slug,
		}}.build(iss)
}

// docParts are what differs between credentials; build wraps them in
// what every credential of this issuer carries.
type docParts struct {
	ID, Name    string
	Who         subject
	Salt        string
	Achievement map[string]any
	Result      []map[string]any // the holder's results, if the achievement describes any
	StatusIndex int64
	ValidFrom   time.Time
	ValidUntil  *time.Time
	Evidence    string
}

func (p docParts) build(iss Issuer) map[string]any {
	credSubject := map[string]any{
		"type": []string{"AchievementSubject"},
		"identifier": []map[string]any{
			{"type": "IdentityObject", "identityType": "name", "hashed": false, "identityHash": p.Who.Name},
			{"type": "IdentityObject", "identityType": "emailAddress", "hashed": true, "identityHash": HashEmail(p.Who.Email, p.Salt), "salt": p.Salt},
		},
		"achievement": p.Achievement,
	}
	if p.Result != nil {
		credSubject["result"] = p.Result
	}
	doc := map[string]any{
		"@context": Contexts,
		"id":       iss.BaseURL + "/c/" + p.ID,
		"type":     []string{"VerifiableCredential", "OpenBadgeCredential"},
		"name":     p.Name,
		"issuer": map[string]any{
			"id":   iss.ID(),
			"type": []string{"Profile"},
			"name": iss.Name,
			"url":  iss.BaseURL,
		},
		"validFrom":         p.ValidFrom.UTC().Format(time.RFC3339),
		"credentialSubject": credSubject,
		"credentialStatus": []map[string]any{
			statusEntry(iss, "revocation", p.StatusIndex),
			statusEntry(iss, "suspension", p.StatusIndex),
		},
	}
	if p.ValidUntil != nil {
		doc["validUntil"] = p.ValidUntil.UTC().Format(time.RFC3339)
	}
	if p.Evidence != "" {
		doc["evidence"] = []map[string]any{{"type": []string{"Evidence"}, "narrative": p.Evidence}}
	}
	return doc
}

func statusEntry(iss Issuer, purpose string, index int64) map[string]any {
	list := index/StatusListSize + 1
	listURL := fmt.Sprintf("%s/api/v1/status-lists/%s/%d", iss.BaseURL, purpose, list)
	return map[string]any{
		"id":                   fmt.Sprintf("%s#%d", listURL, index%StatusListSize),
		"type":                 "BitstringStatusListEntry",
		"statusPurpose":        purpose,
		"statusListIndex":      fmt.Sprint(index % StatusListSize),
		"statusListCredential": listURL,
	}
}

// sign secures a credential document as a VC-JWT the way OB 3.0's JWT
// proof format describes: the credential is the JWT payload, with iss,
// jti, nbf (and exp for validUntil) mirroring its properties, and a JOSE
// header naming the key by kid.
func sign(doc map[string]any, kid string, key any) (string, error) {
	claims := jwt.MapClaims{}
	for k, v := range doc {
		claims[k] = v
	}
	claims["iss"] = doc["issuer"].(map[string]any)["id"]
	claims["jti"] = doc["id"]
	from, _ := time.Parse(time.RFC3339, doc["validFrom"].(string))
	claims["nbf"] = from.Unix()
	claims["iat"] = from.Unix()
	if until, ok := doc["validUntil"].(string); ok {
		t, _ := time.Parse(time.RFC3339, until)
		claims["exp"] = t.Unix()
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
	tok.Header["kid"] = kid
	tok.Header["typ"] = "JWT"
	return tok.SignedString(key)
}

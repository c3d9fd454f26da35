package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/keyring"
	"gorm.io/gorm"
)

// jwtKey is an HMAC secret for access tokens. Secrets live in the database,
// sealed under the master key, so every replica signs and verifies alike;
// the kid in each token's header names the secret, so a new secret can be
// rotated in while tokens signed with the old one are still valid.
type jwtKey struct {
	KID       string    `gorm:"column:kid;primaryKey"`
	SecretEnc string    `gorm:"column:secret_enc"`
	CreatedAt time.Time `gorm:"column:created_at"`
}

func (jwtKey) TableName() string { return "jwt_keys" }

// tokenKeys caches the opened secrets; the newest signs.
type tokenKeys struct {
	db   *db.DB
	ring *keyring.Keyring

	mu         sync.RWMutex
	secrets    map[string][]byte
	current    string
	lastReload time.Time
}

const (
	tokenIssuer   = "ohtalent"
	tokenAudience = "ohtalent-api"
)

func newTokenKeys(d *db.DB, ring *keyring.Keyring) *tokenKeys {
	return &tokenKeys{db: d, ring: ring, secrets: map[string][]byte{}}
}

// ensure creates the first secret if none exists, then loads all.
func (k *tokenKeys) ensure(ctx context.Context) error {
	var n int64
	if err := k.db.W.WithContext(ctx).Model(&jwtKey{}).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		if _, err := k.rotate(ctx); err != nil {
			return err
		}
	}
	return k.reload(ctx)
}

// rotate adds a new secret, which becomes the signing one.
func (k *tokenKeys) rotate(ctx context.Context) (string, error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return "", err
	}
	kid := db.NewID()
	sealed, err := k.ring.Seal(secret, "jwt:"+kid)
	if err != nil {
		return "", err
	}
	row := jwtKey{KID: kid, SecretEnc: sealed, CreatedAt: time.Now().UTC()}
	err = k.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: audit.TokenKeyRotated, TargetType: "signing_key", TargetID: kid})
	})
	if err != nil {
		return "", err
	}
	return kid, k.reload(ctx)
}

func (k *tokenKeys) reload(ctx context.Context) error {
	var rows []jwtKey
	if err := k.db.W.WithContext(ctx).Order("kid").Find(&rows).Error; err != nil {
		return err
	}
	secrets := map[string][]byte{}
	current := ""
	for _, r := range rows {
		s, err := k.ring.Open(r.SecretEnc, "jwt:"+r.KID)
		if err != nil {
			return fmt.Errorf("JWT key %s: %w", r.KID, err)
		}
		secrets[r.KID] = s
		current = r.KID // kids are UUIDv7: the last in order is the newest
	}
	k.mu.Lock()
	k.secrets, k.current, k.lastReload = secrets, current, time.Now()
	k.mu.Unlock()
	return nil
}

// lookup returns the secret for kid, reloading at most once a second when
// another replica may have rotated in a kid we have not seen.
func (k *tokenKeys) lookup(ctx context.Context, kid string) ([]byte, bool) {
	k.mu.RLock()
	s, ok := k.secrets[kid]
	stale := time.Since(k.lastReload) > time.Second
	k.mu.RUnlock()
	if ok || !stale {
		return s, ok
	}
	if err := k.reload(ctx); err != nil {
		return nil, false
	}
	k.mu.RLock()
	defer k.mu.RUnlock()
	s, ok = k.secrets[kid]
	return s, ok
}

type accessClaims struct {
	jwt.RegisteredClaims
}

// sign issues an access token for userID.
func (k *tokenKeys) sign(userID string, ttl time.Duration) (string, time.Time, error) {
	k.mu.RLock()
	kid, secret := k.current, k.secrets[k.current]
	k.mu.RUnlock()
	if kid == "" {
		return "", time.Time{}, errors.New("no JWT signing key loaded")
	}
	now := time.Now().UTC()
	exp := now.Add(ttl)
	jti := make([]byte, 9)
	_, _ = rand.Read(jti)
	claims := accessClaims{jwt.RegisteredClaims{
		Issuer:    tokenIssuer,
		Subject:   userID,
		Audience:  jwt.ClaimStrings{tokenAudience},
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now.Add(-30 * time.Second)),
		ExpiresAt: jwt.NewNumericDate(exp),
		ID:        base64.RawURLEncoding.EncodeToString(jti),
	}}
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(secret)
	return s, exp, err
}

var (
	errTokenExpired = errors.New("the access token has expired; refresh it or log in again")
	errTokenInvalid = errors.New("the access token is not valid")
)

// verify checks signature, algorithm, issuer, audience and expiry and
// returns the subject.
func (k *tokenKeys) verify(ctx context.Context, raw string) (string, error) {
	var claims accessClaims
	_, err := jwt.ParseWithClaims(raw, &claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		secret, ok := k.lookup(ctx, kid)
		if !ok {
			return nil, errors.New("unknown kid")
		}
		return secret, nil
	}, jwt.WithValidMethods([]string{"HS256"}), jwt.WithIssuer(tokenIssuer), jwt.WithAudience(tokenAudience),
		jwt.WithExpirationRequired(), jwt.WithLeeway(5*time.Second))
	if err != nil {
		if errors.Is(err, jwt.ErrTokenExpired) {
			return "", errTokenExpired
		}
		return "", errTokenInvalid
	}
	if claims.Subject == "" {
		return "", errTokenInvalid
	}
	return claims.Subject, nil
}

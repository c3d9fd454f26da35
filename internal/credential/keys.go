package credential

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"sync"
	"time"

	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/keyring"
	"gorm.io/gorm"
)

// signingKey is an Ed25519 key pair; the private half is sealed under the
// master key so every replica can sign and a database dump alone cannot.
type signingKey struct {
	KID        string    `gorm:"column:kid;primaryKey"`
	PublicKey  string    `gorm:"column:public_key"`
	PrivateEnc string    `gorm:"column:private_enc"`
	CreatedAt  time.Time `gorm:"column:created_at"`
}

func (signingKey) TableName() string { return "credential_keys" }

// Keys holds the opened signing keys; the newest signs, all verify.
type Keys struct {
	db   *db.DB
	ring *keyring.Keyring

	mu         sync.RWMutex
	public     map[string]ed25519.PublicKey
	private    map[string]ed25519.PrivateKey
	current    string
	order      []string
	lastReload time.Time
}

// KeyInfo describes a key for `ohtalent keys list`.
type KeyInfo struct {
	KID       string
	CreatedAt time.Time
	Signing   bool
}

// OpenKeys loads the keys, creating the first one on a new database.
func OpenKeys(ctx context.Context, d *db.DB, ring *keyring.Keyring) (*Keys, error) {
	k := &Keys{db: d, ring: ring}
	var n int64
	if err := d.W.WithContext(ctx).Model(&signingKey{}).Count(&n).Error; err != nil {
		return nil, err
	}
	if n == 0 {
		if _, err := k.Rotate(ctx); err != nil {
			return nil, err
		}
	}
	return k, k.reload(ctx)
}

// Rotate adds a new key that signs from now on; older keys keep verifying.
func (k *Keys) Rotate(ctx context.Context) (string, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", err
	}
	kid := "ohk-" + time.Now().UTC().Format("20060102") + "-" + db.NewID()[24:]
	sealed, err := k.ring.Seal(priv.Seed(), "credential-key:"+kid)
	if err != nil {
		return "", err
	}
	row := signingKey{KID: kid, PublicKey: base64.RawURLEncoding.EncodeToString(pub), PrivateEnc: sealed, CreatedAt: time.Now().UTC()}
	err = k.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: audit.CredentialKeyRotate, TargetType: "signing_key", TargetID: kid})
	})
	if err != nil {
		return "", err
	}
	return kid, k.reload(ctx)
}

func (k *Keys) reload(ctx context.Context) error {
	var rows []signingKey
	if err := k.db.W.WithContext(ctx).Order("created_at, kid").Find(&rows).Error; err != nil {
		return err
	}
	pubs := map[string]ed25519.PublicKey{}
	privs := map[string]ed25519.PrivateKey{}
	var order []string
	for _, r := range rows {
		pub, err := base64.RawURLEncoding.DecodeString(r.PublicKey)
		if err != nil || len(pub) != ed25519.PublicKeySize {
			return fmt.Errorf("credential key %s: bad public key", r.KID)
		}
		seed, err := k.ring.Open(r.PrivateEnc, "credential-key:"+r.KID)
		if err != nil {
			return fmt.Errorf("credential key %s: %w", r.KID, err)
		}
		pubs[r.KID], privs[r.KID] = pub, ed25519.NewKeyFromSeed(seed)
		order = append(order, r.KID)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.public, k.private, k.order, k.lastReload = pubs, privs, order, time.Now()
	if len(order) > 0 {
		k.current = order[len(order)-1]
	}
	return nil
}

// signer returns the current key.
func (k *Keys) signer() (string, ed25519.PrivateKey) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.current, k.private[k.current]
}

// Public returns the public key for kid, re-reading the table (at most
// once a second) when another replica may have rotated.
func (k *Keys) Public(ctx context.Context, kid string) (ed25519.PublicKey, bool) {
	k.mu.RLock()
	pub, ok := k.public[kid]
	stale := time.Since(k.lastReload) > time.Second
	k.mu.RUnlock()
	if ok || !stale {
		return pub, ok
	}
	if k.reload(ctx) != nil {
		return nil, false
	}
	k.mu.RLock()
	defer k.mu.RUnlock()
	pub, ok = k.public[kid]
	return pub, ok
}

// List describes every key, oldest first.
func (k *Keys) List() []KeyInfo {
	k.mu.RLock()
	defer k.mu.RUnlock()
	var out []KeyInfo
	for _, kid := range k.order {
		out = append(out, KeyInfo{KID: kid, Signing: kid == k.current})
	}
	return out
}

// JWKS returns every public key as a JSON Web Key Set (RFC 8037 OKP keys).
func (k *Keys) JWKS(ctx context.Context) JWKS {
	_ = k.reloadIfStale(ctx)
	k.mu.RLock()
	defer k.mu.RUnlock()
	set := JWKS{Keys: []JWK{}}
	for _, kid := range k.order {
		set.Keys = append(set.Keys, JWK{Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(k.public[kid]),
			Kid: kid, Use: "sig", Alg: "EdDSA"})
	}
	return set
}

func (k *Keys) reloadIfStale(ctx context.Context) error {
	k.mu.RLock()
	stale := time.Since(k.lastReload) > 5*time.Second
	k.mu.RUnlock()
	if stale {
		return k.reload(ctx)
	}
	return nil
}

// JWKS is a JSON Web Key Set.
type JWKS struct {
	Keys []JWK `json:"keys"`
}

// JWK is one public key.
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Use string `json:"use,omitempty"`
	Alg string `json:"alg,omitempty"`
}

// KeySet is where a verifier looks up public keys: the live keys, or a JWKS
// loaded from a file for offline checks.
type KeySet interface {
	Public(ctx context.Context, kid string) (ed25519.PublicKey, bool)
}

// Public implements KeySet for a parsed JWKS.
func (s JWKS) Public(_ context.Context, kid string) (ed25519.PublicKey, bool) {
	for _, k := range s.Keys {
		if k.Kid == kid && k.Kty == "OKP" && k.Crv == "Ed25519" {
			x, err := base64.RawURLEncoding.DecodeString(k.X)
			if err != nil || len(x) != ed25519.PublicKeySize {
				return nil, false
			}
			return ed25519.PublicKey(x), true
		}
	}
	return nil, false
}

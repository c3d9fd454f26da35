// Package keyring holds the master key that encrypts secrets stored in the
// database (JWT signing secrets, credential signing keys), so that every
// replica reading the same database can use them and a stolen database
// dump alone cannot.
package keyring

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Keyring seals and opens small secrets with AES-256-GCM.
type Keyring struct {
	aead   cipher.AEAD
	macKey []byte
}

// New builds a keyring from a 32-byte key.
func New(key []byte) (*Keyring, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("master key must be 32 bytes, got %d", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	// A separate key for keyed hashes, derived so that it never equals the
	// encryption key.
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("ohtalent keyed-hash key v1"))
	return &Keyring{aead: aead, macKey: mac.Sum(nil)}, nil
}

// KeyedHash returns hex(HMAC-SHA256) of value for a purpose. Used for
// identifiers that must be matched but never stored in clear (national ID
// numbers): without the master key the hashes cannot be brute-forced over
// the small space of valid ID numbers.
func (k *Keyring) KeyedHash(purpose, value string) string {
	mac := hmac.New(sha256.New, k.macKey)
	mac.Write([]byte(purpose + "\x00" + value))
	return hex.EncodeToString(mac.Sum(nil))
}

// Load returns the keyring for OHT_MASTER_KEY (base64 of 32 bytes) or, when
// that is empty, for the key in dataDir/master.key, generating the file on
// first start. Replicas sharing PostgreSQL must all be given the same
// OHT_MASTER_KEY.
func Load(masterKeyB64, dataDir string) (*Keyring, error) {
	if masterKeyB64 != "" {
		key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(masterKeyB64))
		if err != nil {
			return nil, errors.New("OHT_MASTER_KEY must be base64 of 32 random bytes (try: openssl rand -base64 32)")
		}
		return New(key)
	}
	path := filepath.Join(dataDir, "master.key")
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, err
		}
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, err
		}
		enc := base64.StdEncoding.EncodeToString(key)
		// O_EXCL: two processes starting at once must not write different keys.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			_, werr := f.WriteString(enc + "\n")
			if cerr := f.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				return nil, werr
			}
			return New(key)
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, err
		}
		raw, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("read master key: %w", err)
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil {
		return nil, fmt.Errorf("%s is not base64", path)
	}
	return New(key)
}

// Seal encrypts plaintext; the result is base64 text safe for a TEXT column.
// The associated data binds a ciphertext to its purpose (e.g. "jwt:<kid>")
// so a sealed value cannot be moved to another row and still open.
func (k *Keyring) Seal(plaintext []byte, associated string) (string, error) {
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := k.aead.Seal(nonce, nonce, plaintext, []byte(associated))
	return base64.StdEncoding.EncodeToString(out), nil
}

// Open decrypts what Seal produced with the same associated data.
func (k *Keyring) Open(sealed, associated string) ([]byte, error) {
	raw, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil {
		return nil, errors.New("sealed secret is not base64")
	}
	ns := k.aead.NonceSize()
	if len(raw) < ns {
		return nil, errors.New("sealed secret is too short")
	}
	pt, err := k.aead.Open(nil, raw[:ns], raw[ns:], []byte(associated))
	if err != nil {
		return nil, errors.New("sealed secret does not open under this master key (is OHT_MASTER_KEY the same on every replica?)")
	}
	return pt, nil
}

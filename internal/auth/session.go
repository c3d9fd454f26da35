package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/ohtalent/ohtalent/internal/db"
	"gorm.io/gorm"
)

// refreshToken rows hold only the SHA-256 of the token: a 256-bit random
// token needs no slow hash, and a database leak yields nothing usable.
// Tokens rotate on every use; all tokens descended from one login share a
// family, and presenting an already-used token revokes the whole family
// (someone replayed a stolen token).
type refreshToken struct {
	ID        string     `gorm:"column:id;primaryKey"`
	UserID    string     `gorm:"column:user_id"`
	TokenHash string     `gorm:"column:token_hash"`
	FamilyID  string     `gorm:"column:family_id"`
	ExpiresAt time.Time  `gorm:"column:expires_at"`
	UsedAt    *time.Time `gorm:"column:used_at"`
	RevokedAt *time.Time `gorm:"column:revoked_at"`
	CreatedAt time.Time  `gorm:"column:created_at"`
}

func (refreshToken) TableName() string { return "refresh_tokens" }

const refreshPrefix = "ohr_"

var errRefreshInvalid = errors.New("the refresh token is not valid; log in again")

// HashToken is the stored form of any high-entropy secret token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewSecretToken returns a random token with a recognizable prefix (so a
// leaked one can be spotted by secret scanners).
func NewSecretToken(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

func issueRefresh(ctx context.Context, tx *gorm.DB, userID, family string, ttl time.Duration) (string, error) {
	tok := NewSecretToken(refreshPrefix)
	now := time.Now().UTC()
	if family == "" {
		family = db.NewID()
	}
	row := refreshToken{ID: db.NewID(), UserID: userID, TokenHash: HashToken(tok), FamilyID: family,
		ExpiresAt: now.Add(ttl), CreatedAt: now}
	return tok, tx.WithContext(ctx).Create(&row).Error
}

// rotateRefresh spends tok and returns its user and a successor token.
func rotateRefresh(ctx context.Context, d *db.DB, tok string, ttl time.Duration) (userID, next string, err error) {
	if !strings.HasPrefix(tok, refreshPrefix) || len(tok) > 128 {
		return "", "", errRefreshInvalid
	}
	err = d.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var row refreshToken
		if err := tx.Where("token_hash = ?", HashToken(tok)).Take(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return errRefreshInvalid
			}
			return err
		}
		now := time.Now().UTC()
		if row.RevokedAt != nil || now.After(row.ExpiresAt) {
			return errRefreshInvalid
		}
		if row.UsedAt != nil {
			return errReuse{family: row.FamilyID}
		}
		// The conditional update makes two concurrent refreshes with the
		// same token race safely: only one of them spends it.
		res := tx.Model(&refreshToken{}).Where("id = ? AND used_at IS NULL", row.ID).Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return errRefreshInvalid
		}
		var status string
		if err := tx.Raw("SELECT status FROM users WHERE id = ?", row.UserID).Scan(&status).Error; err != nil {
			return err
		}
		if status != UserActive {
			return errRefreshInvalid
		}
		n, err := issueRefresh(ctx, tx, row.UserID, row.FamilyID, ttl)
		userID, next = row.UserID, n
		return err
	})
	var reuse errReuse
	if errors.As(err, &reuse) {
		_ = d.W.WithContext(ctx).Exec("UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL",
			time.Now().UTC(), reuse.family).Error
		return "", "", errRefreshInvalid
	}
	return userID, next, err
}

type errReuse struct{ family string }

func (errReuse) Error() string { return "refresh token reused" }

// revokeRefresh ends the session family that tok belongs to.
func revokeRefresh(ctx context.Context, d *db.DB, tok string) error {
	return d.W.WithContext(ctx).Exec(`UPDATE refresh_tokens SET revoked_at = ?
		WHERE revoked_at IS NULL AND family_id IN (SELECT family_id FROM refresh_tokens WHERE token_hash = ?)`,
		time.Now().UTC(), HashToken(tok)).Error
}

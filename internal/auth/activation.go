package auth

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"gorm.io/gorm"
)

// Imported students get accounts without a password. Their university
// hands each one a one-time activation link; opening it lets the student
// choose a password. Links are random tokens stored as SHA-256 hashes and
// expire after ActivationTTL; making a new link voids older ones.

// ActivationTTL is how long an activation link works.
const ActivationTTL = 14 * 24 * time.Hour

const activationPrefix = "oha_"

// NewActivationToken replaces any pending activation tokens of a user who
// has no password yet and returns the new token.
func NewActivationToken(ctx context.Context, tx *gorm.DB, userID string) (string, error) {
	now := time.Now().UTC()
	if err := tx.WithContext(ctx).Exec("DELETE FROM activation_tokens WHERE user_id = ? AND used_at IS NULL", userID).Error; err != nil {
		return "", err
	}
	tok := NewSecretToken(activationPrefix)
	err := tx.WithContext(ctx).Exec("INSERT INTO activation_tokens (token_hash, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)",
		HashToken(tok), userID, now.Add(ActivationTTL), now).Error
	return tok, err
}

type activateRequest struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

var errActivation = httpx.NewProblem(400, "invalid-activation", "this activation link is invalid, used or expired; ask your school for a new one")

// handleActivate sets the first password of an imported account.
func (s *Service) handleActivate(c *gin.Context) {
	var req activateRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	if why := CheckPassword(req.Password); why != "" {
		httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "password", Message: why}))
		return
	}
	hash, err := HashPassword(req.Password)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	ctx := c.Request.Context()
	err = s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var row struct {
			UserID    string
			ExpiresAt time.Time
			UsedAt    *time.Time
		}
		err := tx.Raw("SELECT user_id, expires_at, used_at FROM activation_tokens WHERE token_hash = ?", HashToken(req.Token)).Scan(&row).Error
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		if row.UserID == "" || row.UsedAt != nil || now.After(row.ExpiresAt) {
			return errActivation
		}
		res := tx.Exec("UPDATE activation_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL", now, HashToken(req.Token))
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return errActivation
		}
		return tx.Exec("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND password_hash = ''", hash, now, row.UserID).Error
	})
	if errors.Is(err, errActivation) {
		httpx.Abort(c, errActivation)
		return
	}
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

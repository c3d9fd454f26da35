package auth

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"github.com/ohtalent/ohtalent/internal/ratelimit"
	"gorm.io/gorm"
)

// Integrations (a university's student system, an enterprise's HR tool)
// call the API as their org, not as a person: with an API key, or with an
// OAuth 2.0 client that exchanges its credentials for short-lived tokens
// (the client-credentials flow OneRoster 1.2 expects). Secrets are shown
// once and stored as SHA-256 hashes; each credential carries scopes and
// only reaches routes that declare one of them.

// Scopes an integration may hold.
const (
	ScopeRosterWrite  = "roster:write"
	ScopeRosterRead   = "roster:read"
	ScopeProgressRead = "progress:read"
)

// Scopes lists every scope.
var Scopes = []string{ScopeRosterWrite, ScopeRosterRead, ScopeProgressRead}

// Key kinds.
const (
	KindAPIKey      = "api_key"
	KindOAuthClient = "oauth_client"
)

const (
	apiKeyPrefix      = "ohtk_"
	clientIDPrefix    = "ohtc_"
	clientSecretPref  = "ohts_"
	oauthTokenPrefix  = "ohto_"
	oauthTokenTTL     = time.Hour
	lastUsedPrecision = time.Minute
)

// KeyPrincipal is an org integration calling the API.
type KeyPrincipal struct {
	ID     string
	OrgID  string
	Scopes []string
}

// Has reports whether the key holds any of scopes.
func (k *KeyPrincipal) Has(scopes ...string) bool {
	for _, s := range scopes {
		if slices.Contains(k.Scopes, s) {
			return true
		}
	}
	return false
}

// APIKey is an integration credential as its org's admins see it.
type APIKey struct {
	ID         string     `gorm:"column:id;primaryKey" json:"id"`
	OrgID      string     `gorm:"column:org_id" json:"orgId"`
	Kind       string     `gorm:"column:kind" json:"kind"`
	Name       string     `gorm:"column:name" json:"name"`
	ClientID   *string    `gorm:"column:client_id" json:"clientId,omitempty"`
	SecretHash string     `gorm:"column:secret_hash" json:"-"`
	ScopesCSV  string     `gorm:"column:scopes" json:"-"`
	Scopes     []string   `gorm:"-" json:"scopes"`
	CreatedBy  string     `gorm:"column:created_by" json:"createdBy"`
	CreatedAt  time.Time  `gorm:"column:created_at" json:"createdAt"`
	LastUsedAt *time.Time `gorm:"column:last_used_at" json:"lastUsedAt"`
	RevokedAt  *time.Time `gorm:"column:revoked_at" json:"revokedAt"`
}

func (APIKey) TableName() string { return "api_keys" }

// AfterFind splits the stored scopes.
func (k *APIKey) AfterFind(*gorm.DB) error {
	k.Scopes = strings.Split(k.ScopesCSV, ",")
	return nil
}

// authenticateKey resolves an API key or OAuth access token.
func (s *Service) authenticateKey(ctx context.Context, token string) (*Principal, error) {
	var key APIKey
	var err error
	switch {
	case strings.HasPrefix(token, apiKeyPrefix):
		err = s.db.R.WithContext(ctx).Where("secret_hash = ? AND kind = ? AND revoked_at IS NULL", HashToken(token), KindAPIKey).Take(&key).Error
	case strings.HasPrefix(token, oauthTokenPrefix):
		var row struct {
			KeyID     string
			Scopes    string
			ExpiresAt time.Time
		}
		err = s.db.R.WithContext(ctx).Raw("SELECT key_id, scopes, expires_at FROM oauth_tokens WHERE token_hash = ?", HashToken(token)).Scan(&row).Error
		if err == nil && (row.KeyID == "" || time.Now().After(row.ExpiresAt)) {
			return nil, httpx.Unauthorized("the access token is unknown or expired; request a new one at /api/v1/oauth/token")
		}
		if err == nil {
			err = s.db.R.WithContext(ctx).Where("id = ? AND revoked_at IS NULL", row.KeyID).Take(&key).Error
			key.Scopes = strings.Split(row.Scopes, ",")
		}
	default:
		return nil, nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, httpx.Unauthorized("the API key is unknown or revoked")
	}
	if err != nil {
		return nil, err
	}
	if key.LastUsedAt == nil || time.Since(*key.LastUsedAt) > lastUsedPrecision {
		// Minute precision is enough for "last used", and spares a write
		// on every call.
		s.db.W.WithContext(ctx).Model(&APIKey{}).Where("id = ?", key.ID).Update("last_used_at", time.Now().UTC())
	}
	return &Principal{Key: &KeyPrincipal{ID: key.ID, OrgID: key.OrgID, Scopes: key.Scopes}, Memberships: []Membership{}}, nil
}

type createKeyRequest struct {
	Name   string   `json:"name"`
	Kind   string   `json:"kind"`
	Scopes []string `json:"scopes"`
}

// CreatedKey is the one answer that shows a secret.
type CreatedKey struct {
	APIKey
	Secret string `json:"secret"`
}

func (s *Service) handleCreateKey(c *gin.Context) {
	var req createKeyRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	var v httpx.Validation
	req.Name = strings.TrimSpace(req.Name)
	if req.Name == "" || len(req.Name) > 100 {
		v.Add("name", "must be 1 to 100 characters, such as 教务系统同步")
	}
	if req.Kind == "" {
		req.Kind = KindAPIKey
	}
	if req.Kind != KindAPIKey && req.Kind != KindOAuthClient {
		v.Add("kind", "must be api_key or oauth_client")
	}
	if len(req.Scopes) == 0 {
		v.Add("scopes", "name at least one of %s", strings.Join(Scopes, ", "))
	}
	for i, sc := range req.Scopes {
		if !slices.Contains(Scopes, sc) {
			v.Add("scopes", "entry %d (%q) is not one of %s", i, sc, strings.Join(Scopes, ", "))
		}
	}
	if err := v.Err(); err != nil {
		httpx.Abort(c, err)
		return
	}
	key := APIKey{ID: db.NewID(), OrgID: c.Param("orgId"), Kind: req.Kind, Name: req.Name, ScopesCSV: strings.Join(req.Scopes, ","),
		Scopes: req.Scopes, CreatedBy: Current(c).User.ID, CreatedAt: time.Now().UTC()}
	var secret string
	if req.Kind == KindAPIKey {
		secret = NewSecretToken(apiKeyPrefix)
	} else {
		id := clientIDPrefix + db.NewID()[24:] + NewSecretToken("")[:8]
		key.ClientID = &id
		secret = NewSecretToken(clientSecretPref)
	}
	key.SecretHash = HashToken(secret)
	ctx := c.Request.Context()
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&key).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: audit.APIKeyCreated, OrgID: key.OrgID, TargetType: "api_key", TargetID: key.ID,
			Details: map[string]any{"kind": key.Kind, "scopes": key.Scopes}})
	})
	if err != nil {
		if db.IsForeignKeyViolation(err) {
			httpx.Abort(c, httpx.NotFound("organization"))
			return
		}
		httpx.Abort(c, err)
		return
	}
	c.Header("Cache-Control", "no-store") // never stored for idempotent replay
	httpx.JSON(c, http.StatusCreated, CreatedKey{APIKey: key, Secret: secret})
}

func (s *Service) handleListKeys(c *gin.Context) {
	var keys []APIKey
	if err := s.db.R.WithContext(c.Request.Context()).Where("org_id = ?", c.Param("orgId")).Order("id").Limit(httpx.MaxLimit).Find(&keys).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	if keys == nil {
		keys = []APIKey{}
	}
	httpx.JSON(c, http.StatusOK, httpx.List[APIKey]{Items: keys})
}

func (s *Service) handleRevokeKey(c *gin.Context) {
	ctx := c.Request.Context()
	keyID, orgID := c.Param("keyId"), c.Param("orgId")
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&APIKey{}).Where("id = ? AND org_id = ? AND revoked_at IS NULL", keyID, orgID).Update("revoked_at", time.Now().UTC())
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return httpx.NotFound("API key")
		}
		if err := tx.Exec("DELETE FROM oauth_tokens WHERE key_id = ?", keyID).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: audit.APIKeyRevoked, OrgID: orgID, TargetType: "api_key", TargetID: keyID})
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// oauthError answers in RFC 6749's format, which OAuth clients parse.
func oauthError(c *gin.Context, status int, code, description string) {
	c.Header("Cache-Control", "no-store")
	c.AbortWithStatusJSON(status, gin.H{"error": code, "error_description": description})
}

// handleToken is the OAuth 2.0 token endpoint (client credentials grant).
func (s *Service) handleToken(c *gin.Context) {
	if !strings.HasPrefix(c.ContentType(), "application/x-www-form-urlencoded") {
		oauthError(c, 400, "invalid_request", "send application/x-www-form-urlencoded with grant_type=client_credentials")
		return
	}
	if c.PostForm("grant_type") != "client_credentials" {
		oauthError(c, 400, "unsupported_grant_type", "only grant_type=client_credentials is supported")
		return
	}
	id, secret, basic := c.Request.BasicAuth()
	if !basic {
		id, secret = c.PostForm("client_id"), c.PostForm("client_secret")
	}
	ctx := c.Request.Context()
	if !s.allowRule(c, ratelimit.Key("oauth-ip", c.ClientIP()), ratelimit.Rule{Max: s.settings.LoginPerIPPerMinute, Window: time.Minute}) {
		return
	}
	var key APIKey
	err := s.db.R.WithContext(ctx).Where("client_id = ? AND kind = ? AND revoked_at IS NULL", id, KindOAuthClient).Take(&key).Error
	if err != nil || key.SecretHash != HashToken(secret) {
		oauthError(c, 401, "invalid_client", "unknown client or wrong secret")
		return
	}
	granted := key.Scopes
	if want := strings.Fields(c.PostForm("scope")); len(want) > 0 {
		granted = nil
		for _, sc := range want {
			if !slices.Contains(key.Scopes, sc) {
				oauthError(c, 400, "invalid_scope", "this client does not hold the scope "+sc)
				return
			}
			granted = append(granted, sc)
		}
	}
	tok := NewSecretToken(oauthTokenPrefix)
	now := time.Now().UTC()
	if err := s.db.W.WithContext(ctx).Exec("INSERT INTO oauth_tokens (token_hash, key_id, scopes, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
		HashToken(tok), key.ID, strings.Join(granted, ","), now.Add(oauthTokenTTL), now).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	s.db.W.WithContext(ctx).Exec("DELETE FROM oauth_tokens WHERE expires_at < ?", now)
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"access_token": tok, "token_type": "Bearer", "expires_in": int(oauthTokenTTL.Seconds()),
		"scope": strings.Join(granted, " ")})
}

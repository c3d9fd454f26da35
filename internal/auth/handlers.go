package auth

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"github.com/ohtalent/ohtalent/internal/ratelimit"
	"gorm.io/gorm"
)

type registerRequest struct {
	Email       string `json:"email"`
	Password    string `json:"password"`
	DisplayName string `json:"displayName"`
}

func (s *Service) handleRegister(c *gin.Context) {
	var req registerRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	if !s.allowRule(c, ratelimit.Key("register-ip", c.ClientIP()), ratelimit.Rule{Max: s.settings.LoginPerIPPerMinute, Window: time.Minute}) {
		return
	}
	u, err := CreateUser(c.Request.Context(), s.db.W, NewUser{Email: req.Email, Password: req.Password, DisplayName: req.DisplayName})
	if errors.Is(err, ErrEmailTaken) {
		httpx.Abort(c, httpx.Conflict("an account with this email already exists; log in or reset the password"))
		return
	}
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.log.Info("user registered", "user_id", u.ID)
	httpx.JSON(c, http.StatusCreated, u)
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// TokenResponse is what login and refresh return.
type TokenResponse struct {
	AccessToken  string `json:"accessToken"`
	TokenType    string `json:"tokenType"`
	ExpiresIn    int    `json:"expiresIn"`
	RefreshToken string `json:"refreshToken"`
	User         User   `json:"user"`
}

var errBadCredentials = httpx.NewProblem(401, "invalid-credentials", "the email or password is incorrect")

func (s *Service) handleLogin(c *gin.Context) {
	var req loginRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	var v httpx.Validation
	if req.Email == "" {
		v.Add("email", "is required")
	}
	if req.Password == "" {
		v.Add("password", "is required")
	}
	if err := v.Err(); err != nil {
		httpx.Abort(c, err)
		return
	}
	ctx := c.Request.Context()
	email, _ := NormalizeEmail(req.Email)
	if email == "" {
		email = req.Email
	}
	if !s.allowRule(c, ratelimit.Key("login-ip", c.ClientIP()), ratelimit.Rule{Max: s.settings.LoginPerIPPerMinute, Window: time.Minute}) {
		return
	}
	// The account is known to the throttle and the audit log only by a
	// keyed hash of the email: the email itself is never stored there.
	account := s.ring.KeyedHash("login-account", email)[:32]
	network := audit.NetworkOf(c.ClientIP())
	wait, err := s.throttle.wait(ctx, s.db.R, account, network)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	if wait > 0 {
		httpx.Abort(c, httpx.NewProblem(429, "rate-limited",
			fmt.Sprintf("too many failed logins for this account; try again in %d seconds", wait)).WithRetryAfter(wait))
		return
	}
	u, err := UserByEmail(ctx, s.db.R, email)
	if err != nil && !errors.Is(err, ErrNoUser) {
		httpx.Abort(c, err)
		return
	}
	reason := ""
	switch {
	case u == nil || u.PasswordHash == "":
		// Unknown email, or an imported account not yet activated: the
		// same answer at the same cost as a wrong password.
		_, _ = VerifyPassword(dummyHash, req.Password)
		reason = "no_such_account"
		if u != nil {
			reason = "not_activated"
		}
	default:
		ok, err := VerifyPassword(u.PasswordHash, req.Password)
		if err != nil {
			httpx.Abort(c, err)
			return
		}
		if !ok {
			reason = "wrong_password"
		} else if u.Status != UserActive {
			reason = "disabled"
		}
	}
	if reason != "" {
		s.loginFailed(c, u, account, network, reason)
		return
	}
	var refresh string
	err = s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if refresh, err = issueRefresh(ctx, tx, u.ID, "", s.settings.RefreshTTL); err != nil {
			return err
		}
		if err := s.throttle.succeeded(ctx, tx, account, network); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: audit.LoginSucceeded, ActorType: audit.ActorUser, ActorID: u.ID,
			TargetType: "user", TargetID: u.ID})
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.respondTokens(c, u, refresh)
}

// loginFailed counts a failed login toward the delay and logs it, then
// answers with the one message every failure gets.
func (s *Service) loginFailed(c *gin.Context, u *User, account, network, reason string) {
	ctx := c.Request.Context()
	userID, emailHash := "", ""
	if u != nil {
		userID = u.ID
	} else {
		emailHash = account
	}
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		began, err := s.throttle.failed(ctx, tx, account, network)
		if err != nil {
			return err
		}
		e := audit.Entry{Action: audit.LoginFailed, ActorType: audit.ActorAnonymous, Details: map[string]any{"reason": reason}}
		if userID != "" {
			e.TargetType, e.TargetID = "user", userID
		} else {
			e.Details["emailHash"] = emailHash
		}
		if err := audit.Record(ctx, tx, e); err != nil {
			return err
		}
		for _, source := range began {
			if err := audit.Record(ctx, tx, delayedEntry(userID, emailHash, source)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.Abort(c, errBadCredentials)
}

func (s *Service) respondTokens(c *gin.Context, u *User, refresh string) {
	access, exp, err := s.keys.sign(u.ID, s.settings.AccessTTL)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	httpx.JSON(c, http.StatusOK, TokenResponse{AccessToken: access, TokenType: "Bearer",
		ExpiresIn: int(time.Until(exp).Seconds() + 0.5), RefreshToken: refresh, User: *u})
}

type refreshRequest struct {
	RefreshToken string `json:"refreshToken"`
}

func (s *Service) handleRefresh(c *gin.Context) {
	var req refreshRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	userID, next, err := rotateRefresh(c.Request.Context(), s.db, req.RefreshToken, s.settings.RefreshTTL)
	if errors.Is(err, errRefreshInvalid) {
		httpx.Abort(c, httpx.Unauthorized(err.Error()))
		return
	}
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	var u User
	if err := s.db.W.WithContext(c.Request.Context()).Where("id = ?", userID).Take(&u).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	s.respondTokens(c, &u, next)
}

func (s *Service) handleLogout(c *gin.Context) {
	var req refreshRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	if req.RefreshToken == "" {
		httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "refreshToken", Message: "is required"}))
		return
	}
	if err := revokeRefresh(c.Request.Context(), s.db, req.RefreshToken); err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// Me is the caller's own account with their roles.
type Me struct {
	User
	PlatformAdmin bool         `json:"platformAdmin"`
	Memberships   []Membership `json:"memberships"`
}

func meOf(p *Principal) Me {
	return Me{User: p.User, PlatformAdmin: p.User.PlatformAdmin, Memberships: p.Memberships}
}

func (s *Service) handleMe(c *gin.Context) {
	httpx.JSON(c, http.StatusOK, meOf(Current(c)))
}

type updateMeRequest struct {
	DisplayName *string `json:"displayName"`
}

func (s *Service) handleUpdateMe(c *gin.Context) {
	var req updateMeRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	p := Current(c)
	if req.DisplayName != nil {
		name, why := CheckDisplayName(*req.DisplayName)
		if why != "" {
			httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "displayName", Message: why}))
			return
		}
		err := s.db.W.WithContext(c.Request.Context()).Model(&User{}).Where("id = ?", p.User.ID).
			Updates(map[string]any{"display_name": name, "updated_at": time.Now().UTC()}).Error
		if err != nil {
			httpx.Abort(c, err)
			return
		}
		p.User.DisplayName = name
	}
	httpx.JSON(c, http.StatusOK, meOf(p))
}

type changePasswordRequest struct {
	CurrentPassword string `json:"currentPassword"`
	NewPassword     string `json:"newPassword"`
}

func (s *Service) handleChangePassword(c *gin.Context) {
	var req changePasswordRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	p := Current(c)
	rule := ratelimit.Rule{Max: s.settings.LoginPerAccountPerWindow, Window: 15 * time.Minute}
	if !s.allowRule(c, ratelimit.Key("password-change", p.User.ID), rule) {
		return
	}
	ok := false
	if p.User.PasswordHash != "" {
		var err error
		if ok, err = VerifyPassword(p.User.PasswordHash, req.CurrentPassword); err != nil {
			httpx.Abort(c, err)
			return
		}
	}
	if !ok {
		httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "currentPassword", Message: "is not your current password"}))
		return
	}
	if why := CheckPassword(req.NewPassword); why != "" {
		httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "newPassword", Message: why}))
		return
	}
	if err := SetPassword(c.Request.Context(), s.db.W, p.User.ID, req.NewPassword); err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// allowRule applies a database-backed limit and answers 429 when exceeded.
func (s *Service) allowRule(c *gin.Context, bucket string, r ratelimit.Rule) bool {
	ok, retry, err := s.limiter.Allow(c.Request.Context(), bucket, r)
	if err != nil {
		httpx.Abort(c, err)
		return false
	}
	if !ok {
		abortLimited(c, retry)
	}
	return ok
}

func abortLimited(c *gin.Context, retry int) {
	httpx.Abort(c, httpx.TooManyRequests(retry))
}

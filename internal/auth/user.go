package auth

import (
	"context"
	"errors"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"gorm.io/gorm"
)

// User is an account. Email is stored normalized (trimmed, lower case), and
// its uniqueness is therefore case-insensitive on both engines.
type User struct {
	ID            string    `gorm:"column:id;primaryKey" json:"id"`
	Email         string    `gorm:"column:email" json:"email"`
	DisplayName   string    `gorm:"column:display_name" json:"displayName"`
	PasswordHash  string    `gorm:"column:password_hash" json:"-"`
	PlatformAdmin bool      `gorm:"column:platform_admin" json:"-"`
	Status        string    `gorm:"column:status" json:"-"`
	CreatedAt     time.Time `gorm:"column:created_at" json:"createdAt"`
	UpdatedAt     time.Time `gorm:"column:updated_at" json:"-"`
}

func (User) TableName() string { return "users" }

// User statuses.
const (
	UserActive   = "active"
	UserDisabled = "disabled"
)

var (
	ErrEmailTaken = errors.New("email already registered")
	ErrNoUser     = errors.New("no such user")
)

// NormalizeEmail trims and lower-cases an address and checks that it is a
// bare address (no display name) with a dotted domain.
func NormalizeEmail(raw string) (string, bool) {
	e := strings.ToLower(strings.TrimSpace(raw))
	if e == "" || len(e) > 254 {
		return "", false
	}
	addr, err := mail.ParseAddress(e)
	if err != nil || addr.Address != e || addr.Name != "" {
		return "", false
	}
	at := strings.LastIndexByte(e, '@')
	if at < 1 || !strings.Contains(e[at+1:], ".") || strings.HasSuffix(e, ".") {
		return "", false
	}
	return e, true
}

// CheckDisplayName returns the trimmed name or a reason it is unusable. Any
// script is welcome (Chinese names are the common case); control
// characters are not.
func CheckDisplayName(raw string) (string, string) {
	name := strings.TrimSpace(raw)
	n := utf8.RuneCountInString(name)
	if n == 0 {
		return "", "is required"
	}
	if n > 64 {
		return "", "must be at most 64 characters"
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return "", "must not contain control characters"
		}
	}
	return name, ""
}

// CheckPassword returns a reason a new password is unacceptable, or "".
func CheckPassword(pw string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < 8:
		return "must be at least 8 characters"
	case len(pw) > 256:
		return "must be at most 256 bytes"
	case strings.TrimSpace(pw) == "":
		return "must not be only spaces"
	}
	return ""
}

// NewUser describes an account to create.
type NewUser struct {
	Email         string
	DisplayName   string
	Password      string
	PlatformAdmin bool
}

// Validate checks a NewUser and normalizes it in place.
func (n *NewUser) Validate() error {
	var v httpx.Validation
	if e, ok := NormalizeEmail(n.Email); ok {
		n.Email = e
	} else {
		v.Add("email", "must be a valid email address such as name@example.com")
	}
	if name, why := CheckDisplayName(n.DisplayName); why != "" {
		v.Add("displayName", "%s", why)
	} else {
		n.DisplayName = name
	}
	if why := CheckPassword(n.Password); why != "" {
		v.Add("password", "%s", why)
	}
	return v.Err()
}

// CreateUser validates and stores a user in tx (or d.W when tx is nil).
func CreateUser(ctx context.Context, tx *gorm.DB, n NewUser) (*User, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	hash, err := HashPassword(n.Password)
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	u := &User{ID: db.NewID(), Email: n.Email, DisplayName: n.DisplayName, PasswordHash: hash,
		PlatformAdmin: n.PlatformAdmin, Status: UserActive, CreatedAt: now, UpdatedAt: now}
	if err := tx.WithContext(ctx).Create(u).Error; err != nil {
		if db.IsUniqueViolation(err) {
			return nil, ErrEmailTaken
		}
		return nil, err
	}
	return u, nil
}

// UserByEmail finds a user by any spelling of their email.
func UserByEmail(ctx context.Context, g *gorm.DB, email string) (*User, error) {
	e, ok := NormalizeEmail(email)
	if !ok {
		return nil, ErrNoUser
	}
	var u User
	err := g.WithContext(ctx).Where("email = ?", e).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNoUser
	}
	return &u, err
}

// SetPassword replaces a user's password and ends all their sessions.
func SetPassword(ctx context.Context, g *gorm.DB, userID, password string) error {
	if why := CheckPassword(password); why != "" {
		return httpx.Invalid(httpx.FieldError{Field: "password", Message: why})
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return g.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := time.Now().UTC()
		res := tx.Model(&User{}).Where("id = ?", userID).Updates(map[string]any{"password_hash": hash, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNoUser
		}
		return tx.Exec("UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", now, userID).Error
	})
}

package auth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// EnsurePlatformAdmin makes sure at least one platform admin exists. With
// email and password set (OHT_ADMIN_EMAIL/OHT_ADMIN_PASSWORD) that account
// is created or promoted; otherwise, on a database with no admin, an admin
// account is created with a random password that is written once to out
// (the operator's terminal), never to the structured log.
func (s *Service) EnsurePlatformAdmin(ctx context.Context, email, password string, out io.Writer) error {
	if email != "" {
		u, err := UserByEmail(ctx, s.db.W, email)
		switch {
		case errors.Is(err, ErrNoUser):
			if password == "" {
				return errors.New("OHT_ADMIN_EMAIL is set but OHT_ADMIN_PASSWORD is empty")
			}
			if _, err := CreateUser(ctx, s.db.W, NewUser{Email: email, DisplayName: "Platform admin", Password: password, PlatformAdmin: true}); err != nil {
				return fmt.Errorf("create admin %s: %w", email, err)
			}
			return nil
		case err != nil:
			return err
		case !u.PlatformAdmin:
			return s.db.W.WithContext(ctx).Model(&User{}).Where("id = ?", u.ID).
				Updates(map[string]any{"platform_admin": true, "updated_at": time.Now().UTC()}).Error
		}
		return nil
	}
	var n int64
	if err := s.db.W.WithContext(ctx).Model(&User{}).Where("platform_admin = ?", true).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	pw := RandomPassword()
	const adminEmail = "admin@ohtalent.local"
	if _, err := CreateUser(ctx, s.db.W, NewUser{Email: adminEmail, DisplayName: "Platform admin", Password: pw, PlatformAdmin: true}); err != nil {
		return fmt.Errorf("create first admin: %w", err)
	}
	fmt.Fprintf(out, "\n  First start: created platform admin %s with password %s\n  (shown once; change it after logging in, or set OHT_ADMIN_EMAIL/OHT_ADMIN_PASSWORD)\n\n", adminEmail, pw)
	return nil
}

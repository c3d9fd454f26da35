package credential

import (
	"context"

	"gorm.io/gorm"
)

// ChangeHook learns that a credential was issued or changed status (action:
// issue, revoke, suspend or reinstate). It runs inside the transaction of
// that change, after the credential row and its event are written, so what
// it maintains (the talent counts) commits or rolls back with the change;
// an error aborts the change.
type ChangeHook func(ctx context.Context, tx *gorm.DB, credentialID, action string) error

// OnChange registers a hook called on every issuance and status change.
func (s *Service) OnChange(h ChangeHook) { s.onChange = append(s.onChange, h) }

func (s *Service) changed(ctx context.Context, tx *gorm.DB, credentialID, action string) error {
	for _, h := range s.onChange {
		if err := h(ctx, tx, credentialID, action); err != nil {
			return err
		}
	}
	return nil
}

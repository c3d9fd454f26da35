package auth

import (
	"context"
	"time"

	"github.com/ohtalent/ohtalent/internal/audit"
	"gorm.io/gorm"
)

// loginThrottle is the progressive delay after failed logins. Guessing a
// password online must get slower with every wrong guess, but a stranger
// guessing must not be able to keep the real person out for good. So:
//
//   - Failures are counted per account and client network (/24, /48).
//     After `free` failures from one network, that network must wait before
//     its next attempt for the account: 30 s, then twice as long after each
//     further failure, up to maxDelay. A refused attempt is not checked
//     (no guess is spent) and answers 429 with Retry-After; nothing sleeps
//     on the server, so delays cost no goroutines or connections.
//   - Failures from all networks together are counted too, with a
//     threshold 5x higher, against guessing spread over many addresses.
//     That account-wide delay never applies to a network the account has
//     logged in from successfully in the last 90 days: someone elsewhere
//     cannot lock the owner out of their usual places.
//   - A success resets both counts; a quiet day (24 h with no failure)
//     forgets them.
//
// What remains: someone on the owner's own network (a shared campus NAT)
// can delay the owner there, each time for at most maxDelay after their
// last failure; the owner still gets in from any other network.
//
// Counts live in the database so every replica applies the same delay.
type loginThrottle struct {
	free     int
	maxDelay time.Duration
	now      func() time.Time
}

const (
	throttleAllSources = "*"
	throttleFirstDelay = 30 * time.Second
	throttleAllFactor  = 5
	throttleForgetting = 24 * time.Hour
	throttleKnownFor   = 90 * 24 * time.Hour
)

type throttleRow struct {
	Source      string
	Failures    int
	LockedUntil *time.Time
	KnownAt     *time.Time
}

// wait returns how many seconds the attempt must wait, 0 when it may go on.
func (t *loginThrottle) wait(ctx context.Context, g *gorm.DB, account, network string) (int, error) {
	if t.free <= 0 {
		return 0, nil
	}
	var rows []throttleRow
	if err := g.WithContext(ctx).Raw("SELECT source, failures, locked_until, known_at FROM login_throttle WHERE account = ? AND source IN (?, ?)",
		account, network, throttleAllSources).Scan(&rows).Error; err != nil {
		return 0, err
	}
	now := t.now()
	var here, all throttleRow
	for _, r := range rows {
		if r.Source == throttleAllSources {
			all = r
		} else {
			here = r
		}
	}
	until := time.Time{}
	if here.LockedUntil != nil && here.LockedUntil.After(now) {
		until = *here.LockedUntil
	}
	known := here.KnownAt != nil && now.Sub(*here.KnownAt) < throttleKnownFor
	if !known && all.LockedUntil != nil && all.LockedUntil.After(until) {
		until = *all.LockedUntil
	}
	if !until.After(now) {
		return 0, nil
	}
	return int(until.Sub(now).Seconds()) + 1, nil
}

// failed counts a failure in tx and reports the delays that began with it.
func (t *loginThrottle) failed(ctx context.Context, tx *gorm.DB, account, network string) ([]string, error) {
	if t.free <= 0 {
		return nil, nil
	}
	now := t.now().UTC()
	var began []string
	for _, src := range []struct {
		source    string
		threshold int
	}{{network, t.free}, {throttleAllSources, t.free * throttleAllFactor}} {
		var failures int
		err := tx.WithContext(ctx).Raw(`INSERT INTO login_throttle (account, source, failures, updated_at) VALUES (?, ?, 1, ?)
			ON CONFLICT (account, source) DO UPDATE SET
				failures = CASE WHEN login_throttle.updated_at < ? THEN 1 ELSE login_throttle.failures + 1 END,
				updated_at = excluded.updated_at
			RETURNING failures`, account, src.source, now, now.Add(-throttleForgetting)).Scan(&failures).Error
		if err != nil {
			return nil, err
		}
		if failures < src.threshold {
			continue
		}
		delay := t.maxDelay
		if n := failures - src.threshold; n < 20 && throttleFirstDelay<<n < t.maxDelay {
			delay = throttleFirstDelay << n
		}
		if err := tx.WithContext(ctx).Exec("UPDATE login_throttle SET locked_until = ? WHERE account = ? AND source = ?",
			now.Add(delay), account, src.source).Error; err != nil {
			return nil, err
		}
		began = append(began, src.source)
	}
	return began, nil
}

// succeeded forgets the failures and remembers the network as the
// account's own.
func (t *loginThrottle) succeeded(ctx context.Context, tx *gorm.DB, account, network string) error {
	if t.free <= 0 {
		return nil
	}
	now := t.now().UTC()
	if err := tx.WithContext(ctx).Exec(`INSERT INTO login_throttle (account, source, failures, known_at, updated_at) VALUES (?, ?, 0, ?, ?)
		ON CONFLICT (account, source) DO UPDATE SET failures = 0, locked_until = NULL, known_at = excluded.known_at, updated_at = excluded.updated_at`,
		account, network, now, now).Error; err != nil {
		return err
	}
	return tx.WithContext(ctx).Exec("UPDATE login_throttle SET failures = 0, locked_until = NULL, updated_at = ? WHERE account = ? AND source = ?",
		now, account, throttleAllSources).Error
}

// delayedEntry is the audit entry for a delay that began.
func delayedEntry(userID, emailHash, source string) audit.Entry {
	scope := "account_and_network"
	if source == throttleAllSources {
		scope = "account"
	}
	e := audit.Entry{Action: audit.LoginDelayed, ActorType: audit.ActorAnonymous, Details: map[string]any{"scope": scope}}
	if userID != "" {
		e.TargetType, e.TargetID = "user", userID
	} else {
		e.Details["emailHash"] = emailHash
	}
	return e
}

// Package ratelimit counts hits per bucket in fixed windows stored in the
// database, so every replica behind a load balancer enforces one limit.
package ratelimit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"time"

	"github.com/ohtalent/ohtalent/internal/db"
)

// Limiter enforces "at most N hits per window" for named buckets.
type Limiter struct {
	db  *db.DB
	now func() time.Time
}

// New returns a limiter over d.
func New(d *db.DB) *Limiter { return &Limiter{db: d, now: time.Now} }

// Rule is a limit: Max hits per Window. Max 0 disables the rule.
type Rule struct {
	Max    int
	Window time.Duration
}

// Allow records one hit in bucket and reports whether it is within the
// rule; when it is not, it also returns the seconds until the window ends.
func (l *Limiter) Allow(ctx context.Context, bucket string, r Rule) (bool, int, error) {
	if r.Max <= 0 {
		return true, 0, nil
	}
	now := l.now().UTC()
	win := r.Window.Milliseconds()
	start := now.UnixMilli() / win * win
	var hits int
	// One statement, atomic on both engines: insert the window or bump it.
	err := l.db.W.WithContext(ctx).Raw(`INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, 1)
		ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
		RETURNING hits`, bucket, start).Scan(&hits).Error
	if err != nil {
		return false, 0, err
	}
	if rand.IntN(200) == 0 {
		// Old windows are useless; sweep now and then instead of on a timer.
		l.db.W.WithContext(ctx).Exec("DELETE FROM rate_limits WHERE window_start < ?", now.Add(-24*time.Hour).UnixMilli())
	}
	if hits <= r.Max {
		return true, 0, nil
	}
	retry := int((start+win-now.UnixMilli())/1000) + 1
	return false, retry, nil
}

// Reset forgets a bucket's current window (e.g. after a successful login).
func (l *Limiter) Reset(ctx context.Context, bucket string, r Rule) error {
	win := r.Window.Milliseconds()
	start := l.now().UTC().UnixMilli() / win * win
	return l.db.W.WithContext(ctx).Exec("DELETE FROM rate_limits WHERE bucket = ? AND window_start = ?", bucket, start).Error
}

// Key makes a bucket name from a kind and a value without storing the value
// itself (an email or IP address is personal data).
func Key(kind, value string) string {
	sum := sha256.Sum256([]byte(kind + "\x00" + value))
	return kind + ":" + hex.EncodeToString(sum[:12])
}

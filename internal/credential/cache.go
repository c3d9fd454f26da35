package credential

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"time"
)

// verifyCache remembers what never changes about a token once checked: its
// signature, structure and parsed claims are a pure function of the token
// bytes and the (append-only) key set. Status is never cached: it is read
// from the database on every verification, so a revocation by any replica
// shows on the very next request.
type verifyCache struct {
	mu      sync.Mutex
	entries map[string]cachedCheck // by the token's signature segment
	views   map[string]View
	max     int
}

func newVerifyCache(max int) *verifyCache {
	return &verifyCache{entries: map[string]cachedCheck{}, views: map[string]View{}, max: max}
}

// cachedCheck keeps the whole token: a hit needs the same signature AND
// the same bytes, so a copied signature on an edited payload never hits.
type cachedCheck struct {
	token string
	check Check
}

func (c *verifyCache) check(token string, compute func() Check) Check {
	key := token[strings.LastIndexByte(token, '.')+1:]
	c.mu.Lock()
	hit, ok := c.entries[key]
	c.mu.Unlock()
	if ok && hit.token == token {
		return hit.check
	}
	got := compute()
	// Only signature-valid results are stable; dates are re-checked by the
	// caller, so cache just the tokens that verified.
	if got.Verdict == Valid || got.Verdict == Expired || got.Verdict == NotYetValid {
		c.mu.Lock()
		if len(c.entries) >= c.max {
			clear(c.entries) // a crude bound; refilling costs one verify per token
		}
		c.entries[key] = cachedCheck{token: token, check: got}
		c.mu.Unlock()
	}
	return got
}

func (c *verifyCache) view(id string, compute func() (View, bool)) (View, bool) {
	c.mu.Lock()
	v, ok := c.views[id]
	c.mu.Unlock()
	if ok {
		return v, true
	}
	v, ok = compute()
	if ok {
		c.mu.Lock()
		if len(c.views) >= c.max {
			clear(c.views)
		}
		c.views[id] = v
		c.mu.Unlock()
	}
	return v, ok
}

// statusReader reads a credential's live status with one prepared query.
type statusReader struct {
	once sync.Once
	stmt *sql.Stmt
	err  error
	db   func() (*sql.DB, error)
	pg   bool
}

type liveStatus struct {
	Status     string
	ValidUntil *time.Time
	Found      bool
}

func (r *statusReader) read(ctx context.Context, id string) (liveStatus, error) {
	r.once.Do(func() {
		var sqlDB *sql.DB
		if sqlDB, r.err = r.db(); r.err != nil {
			return
		}
		q := "SELECT status, valid_until FROM credentials WHERE id = ?"
		if r.pg {
			q = "SELECT status, valid_until FROM credentials WHERE id = $1"
		}
		r.stmt, r.err = sqlDB.PrepareContext(context.Background(), q)
	})
	if r.err != nil {
		return liveStatus{}, r.err
	}
	var st liveStatus
	var until sql.NullTime
	err := r.stmt.QueryRowContext(ctx, id).Scan(&st.Status, &until)
	if err == sql.ErrNoRows {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	st.Found = true
	if until.Valid {
		t := until.Time.UTC()
		st.ValidUntil = &t
	}
	return st, nil
}

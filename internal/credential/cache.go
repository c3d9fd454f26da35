package credential

import (
	"context"
	"database/sql"

	"github.com/ohtalent/ohtalent/internal/catalog"
	"strings"
	"sync"
	"time"
)

// bounded is a mutex-guarded map that empties itself when full: a crude
// bound, where refilling costs one recomputation per key.
type bounded[K comparable, V any] struct {
	mu  sync.Mutex
	m   map[K]V
	max int
}

func newBounded[K comparable, V any](max int) *bounded[K, V] {
	return &bounded[K, V]{m: map[K]V{}, max: max}
}

func (b *bounded[K, V]) get(k K) (V, bool) {
	b.mu.Lock()
	v, ok := b.m[k]
	b.mu.Unlock()
	return v, ok
}

func (b *bounded[K, V]) put(k K, v V) {
	b.mu.Lock()
	b.putLocked(k, v)
	b.mu.Unlock()
}

func (b *bounded[K, V]) putLocked(k K, v V) {
	if len(b.m) >= b.max {
		clear(b.m)
	}
	b.m[k] = v
}

// verifyCache remembers what never changes about a token once checked: its
// signature, structure and parsed claims are a pure function of the token
// bytes and the (append-only) key set. Status is not part of it: see
// statusReader.
type verifyCache struct {
	checks  *bounded[string, cachedCheck] // by the token's signature segment
	views   *bounded[viewKey, View]
	answers *bounded[answerKey, cachedAnswer]
	pages   *bounded[pageKey, []byte] // certificate pages, about 10 KiB each
}

func newVerifyCache(max int) *verifyCache {
	return &verifyCache{checks: newBounded[string, cachedCheck](max), views: newBounded[viewKey, View](max),
		answers: newBounded[answerKey, cachedAnswer](max), pages: newBounded[pageKey, []byte](max / 8)}
}

// A view names its track by the catalog's title, which a content reload
// can change: keys carry the catalog they were made with.
type viewKey struct {
	id  string
	cat *catalog.Catalog
}

// pageKey is what a certificate page depends on besides the issued row.
type pageKey struct {
	id      string
	status  string
	verdict Verdict
	cat     *catalog.Catalog
}

// signature is the part of a token that keys the caches.
func signature(token string) string { return token[strings.LastIndexByte(token, '.')+1:] }

// cachedCheck keeps the whole token: a hit needs the same signature AND
// the same bytes, so a copied signature on an edited payload never hits.
// Tokens may alias a pooled request buffer, so the caches keep clones.
type cachedCheck struct {
	token string
	check Check
}

func (c *verifyCache) check(token string, compute func() Check) Check {
	key := signature(token)
	if hit, ok := c.checks.get(key); ok && hit.token == token {
		return hit.check
	}
	got := compute()
	// Only signature-valid results are stable; dates are re-checked by the
	// caller, so cache just the tokens that verified.
	if got.Verdict == Valid || got.Verdict == Expired || got.Verdict == NotYetValid {
		c.checks.put(strings.Clone(key), cachedCheck{token: strings.Clone(token), check: got})
	}
	return got
}

func (c *verifyCache) view(key viewKey, compute func() (View, bool)) (View, bool) {
	if v, ok := c.views.get(key); ok {
		return v, true
	}
	v, ok := compute()
	if ok {
		key.id = strings.Clone(key.id)
		c.views.put(key, v)
	}
	return v, ok
}

// answerKey is what may differ between two verifications of one token
// that name no email: its live status and what the clock says of its dates.
// Everything else in the answer is a function of the token.
type answerKey struct {
	signature string
	verdict   Verdict
	status    string
	cat       *catalog.Catalog // the answer holds the view
}

type cachedAnswer struct {
	token string // a hit needs the same bytes, as in cachedCheck
	body  []byte
}

// answer returns the encoded answer for a token in the given state,
// encoding it only the first time: JSON encoding was a quarter of the
// verify handler's time, and a certificate is verified again and again.
func (c *verifyCache) answer(token string, verdict Verdict, status string, cat *catalog.Catalog, encode func() []byte) []byte {
	key := answerKey{signature(token), verdict, status, cat}
	if hit, ok := c.answers.get(key); ok && hit.token == token {
		return hit.body
	}
	body := encode()
	key.signature = strings.Clone(key.signature)
	c.answers.put(key, cachedAnswer{token: strings.Clone(token), body: body})
	return body
}

// statusReader reads a credential's live status with one prepared query,
// or from local when this process is known to make every status change.
type statusReader struct {
	once  sync.Once
	stmt  *sql.Stmt
	err   error
	db    func() (*sql.DB, error)
	pg    bool
	local *localStatus // nil unless TrustLocalStatus was called
}

type liveStatus struct {
	Status     string
	ValidFrom  time.Time
	ValidUntil *time.Time
	Found      bool
}

func (r *statusReader) read(ctx context.Context, id string) (liveStatus, error) {
	if r.local == nil {
		return r.query(ctx, id)
	}
	if st, ok := r.local.get(id); ok {
		return st, nil
	}
	gen := r.local.generation()
	st, err := r.query(ctx, id)
	if err == nil && st.Found {
		r.local.keep(id, st, gen)
	}
	return st, err
}

// changed must follow every committed status change.
func (r *statusReader) changed(id string) {
	if r.local != nil {
		r.local.forget(id)
	}
}

func (r *statusReader) query(ctx context.Context, id string) (liveStatus, error) {
	r.once.Do(func() {
		var sqlDB *sql.DB
		if sqlDB, r.err = r.db(); r.err != nil {
			return
		}
		q := "SELECT status, valid_from, valid_until FROM credentials WHERE id = ?"
		if r.pg {
			q = "SELECT status, valid_from, valid_until FROM credentials WHERE id = $1"
		}
		r.stmt, r.err = sqlDB.PrepareContext(context.Background(), q)
	})
	if r.err != nil {
		return liveStatus{}, r.err
	}
	var st liveStatus
	var until sql.NullTime
	// A primary-key lookup finishes in microseconds, so it runs without
	// the request's cancellation: with a cancellable context the SQLite
	// driver steps every row on a goroutine of its own and waits on a
	// channel, which cost more than the lookup itself.
	err := r.stmt.QueryRowContext(context.WithoutCancel(ctx), id).Scan(&st.Status, &st.ValidFrom, &until)
	if err == sql.ErrNoRows {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	st.Found = true
	st.ValidFrom = st.ValidFrom.UTC()
	if until.Valid {
		t := until.Time.UTC()
		st.ValidUntil = &t
	}
	return st, nil
}

// localStatus keeps statuses read from the database for a process that
// makes every status change itself: one server on an SQLite file, which
// the server lock in the data directory guarantees. A change drops the
// entry and moves the generation on, and a read that overlapped a change
// is not kept, so the next verification after a revocation sees it just as
// a database read would. With PostgreSQL other replicas change statuses
// too, and every verification reads the database.
type localStatus struct {
	*bounded[string, liveStatus]
	gen uint64 // guarded by bounded.mu
}

func newLocalStatus(max int) *localStatus {
	return &localStatus{bounded: newBounded[string, liveStatus](max)}
}

func (l *localStatus) generation() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.gen
}

// keep stores st only if no change happened since gen was taken: a read
// that began before a revocation committed may have seen the old status.
func (l *localStatus) keep(id string, st liveStatus, gen uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.gen == gen {
		l.putLocked(id, st)
	}
}

func (l *localStatus) forget(id string) {
	l.mu.Lock()
	l.gen++
	delete(l.m, id)
	l.mu.Unlock()
}

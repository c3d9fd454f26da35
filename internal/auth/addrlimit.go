package auth

import (
	"math"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"golang.org/x/time/rate"
)

// AddressLimit allows each client address perMinute requests a minute
// through the routes it guards, as a token bucket (bursts up to perMinute,
// refilled evenly), and answers 429 with Retry-After beyond that. It counts
// per replica, in memory, like the limit on anonymous reads: it guards
// routes hot enough (verification) that a database write per call would
// cost more than the abuse it stops. perMinute 0 disables it.
func AddressLimit(perMinute int) gin.HandlerFunc {
	if perMinute <= 0 {
		return func(c *gin.Context) { c.Next() }
	}
	l := &addressBuckets{perMinute: perMinute, buckets: map[string]*addressBucket{}, now: time.Now}
	return func(c *gin.Context) {
		if retry := l.take(c.ClientIP()); retry > 0 {
			httpx.Abort(c, httpx.TooManyRequests(retry))
			return
		}
		c.Next()
	}
}

type addressBucket struct {
	lim  *rate.Limiter
	seen time.Time
}

type addressBuckets struct {
	perMinute int
	now       func() time.Time

	mu      sync.Mutex
	buckets map[string]*addressBucket
	swept   time.Time
}

// take spends a token of addr's bucket; it returns 0 when one was there,
// else the whole seconds until one will be.
func (l *addressBuckets) take(addr string) int {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		// A bucket idle for a minute is full again: forgetting it changes
		// nothing and keeps memory bounded by the addresses of a minute.
		for k, b := range l.buckets {
			if now.Sub(b.seen) > time.Minute {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[addr]
	if !ok {
		b = &addressBucket{lim: rate.NewLimiter(rate.Limit(float64(l.perMinute)/60), l.perMinute)}
		l.buckets[addr] = b
	}
	b.seen = now
	if b.lim.AllowN(now, 1) {
		return 0
	}
	missing := 1 - b.lim.TokensAt(now)
	return int(math.Ceil(missing * 60 / float64(l.perMinute)))
}

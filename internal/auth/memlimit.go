package auth

import (
	"sync"
	"time"
)

// memoryLimiter is a per-replica fixed-window counter for anonymous reads.
// Counting every public GET in the database would add a write to the
// hottest read paths; a per-replica limit (the effective limit grows with
// the replica count) is the usual trade for that traffic. Logins and
// registrations, where the limit is a security control, use the
// database-backed ratelimit package instead.
type memoryLimiter struct {
	max    int
	window time.Duration

	mu      sync.Mutex
	start   time.Time
	counts  map[string]int
	nowFunc func() time.Time
}

func newMemoryLimiter(max int, window time.Duration) *memoryLimiter {
	return &memoryLimiter{max: max, window: window, counts: map[string]int{}, nowFunc: time.Now}
}

func (l *memoryLimiter) allow(key string) (bool, int) {
	if l.max <= 0 {
		return true, 0
	}
	now := l.nowFunc()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.start) >= l.window {
		l.start = now.Truncate(l.window)
		clear(l.counts)
	}
	l.counts[key]++
	if l.counts[key] <= l.max {
		return true, 0
	}
	return false, int(l.start.Add(l.window).Sub(now).Seconds()) + 1
}

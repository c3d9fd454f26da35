package ratelimit

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/db/dbtest"
)

func TestAllowCountsAcrossConcurrentHits(t *testing.T) {
	l := New(dbtest.Open(t))
	rule := Rule{Max: 10, Window: time.Minute}
	bucket := Key("ip", "192.0.2.1")
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for i := 0; i < 25; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, _, err := l.Allow(context.Background(), bucket, rule)
			if err != nil {
				t.Error(err)
				return
			}
			if ok {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if allowed != 10 {
		t.Fatalf("allowed %d of 25 hits, want exactly 10", allowed)
	}
	ok, retry, err := l.Allow(context.Background(), bucket, rule)
	if err != nil || ok || retry < 1 || retry > 61 {
		t.Fatalf("over the limit: ok=%v retry=%d err=%v", ok, retry, err)
	}
	if ok, _, _ := l.Allow(context.Background(), Key("ip", "192.0.2.2"), rule); !ok {
		t.Fatal("another bucket was limited")
	}
	if err := l.Reset(context.Background(), bucket, rule); err != nil {
		t.Fatal(err)
	}
	if ok, _, _ := l.Allow(context.Background(), bucket, rule); !ok {
		t.Fatal("reset bucket still limited")
	}
}

func TestNewWindowStartsFresh(t *testing.T) {
	l := New(dbtest.Open(t))
	now := time.Date(2026, 1, 1, 10, 0, 30, 0, time.UTC)
	l.now = func() time.Time { return now }
	rule := Rule{Max: 1, Window: time.Minute}
	if ok, _, _ := l.Allow(context.Background(), "b", rule); !ok {
		t.Fatal("first hit limited")
	}
	if ok, retry, _ := l.Allow(context.Background(), "b", rule); ok || retry != 31 {
		t.Fatalf("second hit ok=%v retry=%d, want limited with 31 s", ok, retry)
	}
	now = now.Add(31 * time.Second)
	if ok, _, _ := l.Allow(context.Background(), "b", rule); !ok {
		t.Fatal("hit in a new window limited")
	}
}

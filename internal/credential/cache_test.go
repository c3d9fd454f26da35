package credential

import "testing"

// TestLocalStatusDropsReadsThatOverlapAChange: a read that began before a
// status change may carry the old status; keeping it would hide a
// revocation until the entry is evicted.
func TestLocalStatusDropsReadsThatOverlapAChange(t *testing.T) {
	l := newLocalStatus(10)
	gen := l.generation()
	l.forget("c1") // a revocation commits while the read is in flight
	l.keep("c1", liveStatus{Status: StatusActive, Found: true}, gen)
	if st, ok := l.get("c1"); ok {
		t.Fatalf("a read from before the change was kept: %+v", st)
	}
	gen = l.generation()
	l.keep("c1", liveStatus{Status: StatusRevoked, Found: true}, gen)
	if st, ok := l.get("c1"); !ok || st.Status != StatusRevoked {
		t.Fatalf("a read after the change was not kept: %+v %v", st, ok)
	}
	l.forget("c1")
	if _, ok := l.get("c1"); ok {
		t.Fatal("forget left the entry")
	}
	for i := range 25 { // bounded: it never holds more than max
		l.keep(string(rune('a'+i)), liveStatus{Found: true}, l.generation())
	}
	if len(l.m) > 10 {
		t.Fatalf("%d entries, max 10", len(l.m))
	}
}

package audit

import (
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/db"
)

func TestNetworkOf(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.77":                           "203.0.113.0/24",
		"::ffff:203.0.113.77":                    "203.0.113.0/24",
		"2001:db8:1234:5678::1":                  "2001:db8:1234::/48",
		"not an address":                         "",
		"":                                       "",
		"127.0.0.1":                              "127.0.0.0/24",
		"2001:db8:abcd:ffff:ffff:ffff:ffff:ffff": "2001:db8:abcd::/48",
	} {
		if got := NetworkOf(in); got != want {
			t.Errorf("NetworkOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// The time filters rely on ids beginning with their creation time: an id
// made now sorts between the prefixes of a millisecond before and after.
func TestIDPrefixBracketsNewIDs(t *testing.T) {
	for i := 0; i < 1000; i++ {
		before := time.Now()
		id := db.NewID()
		after := time.Now().Add(time.Millisecond)
		if lo, hi := idPrefix(before), idPrefix(after); !(lo <= id && id < hi) {
			t.Fatalf("id %s outside [%s, %s)", id, lo, hi)
		}
	}
}

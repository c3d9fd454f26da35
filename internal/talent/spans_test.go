package talent

import (
	"reflect"
	"testing"
	"time"
)

func TestDaysTurnAtMidnightInChongqing(t *testing.T) {
	// 2027-12-31 23:59 in Chongqing is still the plan's last day; one
	// minute later it is 2028.
	last := time.Date(2027, 12, 31, 15, 59, 0, 0, time.UTC)
	if got := DayOf(last).String(); got != "2027-12-31" {
		t.Fatalf("DayOf(%s) = %s", last, got)
	}
	if got := DayOf(last.Add(time.Minute)).String(); got != "2028-01-01" {
		t.Fatalf("a minute later: %s", got)
	}
	if d := DayOfDate(2025, 1, 1); d.Month().String() != "2025-01" || d.Month().First() != d {
		t.Fatalf("month of 2025-01-01: %s, first %s", d.Month(), d.Month().First())
	}
	for _, c := range []struct {
		from string
		n    int
		want string
	}{{"2026-05-31", -3, "2026-02-28"}, {"2026-11-24", -6, "2026-05-24"}, {"2024-03-31", -1, "2024-02-29"}, {"2026-01-15", 12, "2027-01-15"}} {
		f, _ := time.Parse(time.DateOnly, c.from)
		if got := DayOfDate(f.Date()).addMonths(c.n).String(); got != c.want {
			t.Errorf("%s %+d months = %s, want %s", c.from, c.n, got, c.want)
		}
	}
}

func TestActiveDaysFollowSuspensionsRevocationAndExpiry(t *testing.T) {
	at := func(day int, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, PlanZone) }
	d := func(day int) Day { return DayOf(at(day, 12)) }
	until := at(20, 10)
	c := credFacts{ValidFrom: at(1, 9), ValidUntil: &until, Status: "revoked", Events: []statusEvent{
		{actSuspend, at(5, 8)},
		{actReinstate, at(5, 20)}, // suspended in the morning, reinstated by the evening: counted at that day's end
		{actSuspend, at(8, 10)},
		{actReinstate, at(11, 10)},
		{actRevoke, at(15, 10)},
		{actReinstate, at(16, 10)}, // a revoked credential stays revoked
	}}
	want := []span{{d(1), d(8)}, {d(11), d(15)}}
	if got := c.activeDays(); !reflect.DeepEqual(got, want) {
		t.Fatalf("active days %v, want %v", got, want)
	}
	// Expiry cuts an open span; no event at all.
	c = credFacts{ValidFrom: at(1, 9), ValidUntil: &until, Status: "active"}
	if got := c.activeDays(); !reflect.DeepEqual(got, []span{{d(1), d(20)}}) {
		t.Fatalf("expiring credential: %v", got)
	}
	// Issued and revoked the same day: never counted at a day's end.
	c = credFacts{ValidFrom: at(3, 9), Status: "revoked", Events: []statusEvent{{actRevoke, at(3, 11)}}}
	if got := c.activeDays(); len(got) != 0 {
		t.Fatalf("same-day revocation counted: %v", got)
	}
	// A status without its event still ends the span, at the status time.
	changed := at(9, 9)
	c = credFacts{ValidFrom: at(1, 9), Status: "suspended", StatusChangedAt: &changed}
	if got := c.activeDays(); !reflect.DeepEqual(got, []span{{d(1), d(9)}}) {
		t.Fatalf("suspended without event: %v", got)
	}
}

func TestAtomsRoundTripAndUnion(t *testing.T) {
	as := atoms{
		{"org-1", "app-foundation"}: union([]span{{10, 20}, {15, 30}, {30, 40}, {50, noEnd}}),
		{"", "distributed-dev"}:     {{-5, 3}},
	}
	if got := as[atom{"org-1", "app-foundation"}]; !reflect.DeepEqual(got, []span{{10, 40}, {50, noEnd}}) {
		t.Fatalf("union %v", got)
	}
	back, err := decodeAtoms(as.encode())
	if err != nil || !reflect.DeepEqual(back, as) {
		t.Fatalf("round trip: %v %v\n%s", back, err, as.encode())
	}
	if _, err := decodeAtoms("org\ttrack\tx:1\n"); err == nil {
		t.Fatal("malformed spans accepted")
	}
}

func TestGoalProgress(t *testing.T) {
	d := DayOfDate(2026, 11, 24)
	g := Goal{Name: "2027", Target: 20000, Deadline: "2027-12-31"}
	// 6,000 now, 4,500 three months ago, 3,000 six months ago: 500 a month.
	p := progress(g, [3]int64{6000, 4500, 3000}, d)
	if *p.Percent != 30 || *p.Trailing3MonthRate != 500 || *p.Trailing6MonthRate != 500 {
		t.Fatalf("percent %v, rates %v %v", *p.Percent, *p.Trailing3MonthRate, *p.Trailing6MonthRate)
	}
	// 14,000 to go in 402 days (13.2 months): about 1,060 a month needed.
	if r := *p.RequiredMonthlyRate; r < 1055 || r > 1065 {
		t.Fatalf("required rate %v", r)
	}
	// At 500 a month, 28 months: 2029-03, late.
	if p.ProjectedDate == nil || (*p.ProjectedDate)[:7] != "2029-03" || p.OnTrack {
		t.Fatalf("projected %v on track %v", p.ProjectedDate, p.OnTrack)
	}
	p = progress(g, [3]int64{6000, 6000, 6000}, d)
	if p.ProjectedDate != nil || p.OnTrack {
		t.Fatalf("no growth: projected %v, on track %v", p.ProjectedDate, p.OnTrack)
	}
	p = progress(Goal{Target: 100, Deadline: "2026-01-01"}, [3]int64{50, 10, 0}, d)
	if p.RequiredMonthlyRate != nil || p.OnTrack {
		t.Fatalf("past deadline: required %v, on track %v", p.RequiredMonthlyRate, p.OnTrack)
	}
	p = progress(Goal{Target: 100, Deadline: "2027-01-01"}, [3]int64{120, 10, 0}, d)
	if *p.RequiredMonthlyRate != 0 || !p.OnTrack || *p.ProjectedDate != d.String() {
		t.Fatalf("reached: %+v", p)
	}
}

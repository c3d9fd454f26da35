package talent

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// PlanZone is the city's clock: the plan's days and months are counted in
// China Standard Time (UTC+8, no daylight saving), so a goal "by
// 2027-12-31" ends at midnight in Chongqing, and "today" turns there.
var PlanZone = time.FixedZone("CST", 8*3600)

// Day numbers a calendar day of PlanZone: days since 1970-01-01.
type Day int32

// Month numbers a calendar month: year*12 + month-1.
type Month int32

// noEnd marks a span that is still open (no expiry, no revocation yet).
const noEnd Day = math.MaxInt32

// DayOf is the plan day that contains t.
func DayOf(t time.Time) Day {
	s := t.Unix() + 8*3600
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return Day(d)
}

// DayOfDate is the day numbered by a calendar date.
func DayOfDate(y int, m time.Month, d int) Day {
	return Day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Date is the calendar date of d (at midnight UTC, for formatting).
func (d Day) Date() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

func (d Day) String() string { return d.Date().Format(time.DateOnly) }

// Month is the calendar month d falls in.
func (d Day) Month() Month {
	t := d.Date()
	return Month(t.Year()*12 + int(t.Month()) - 1)
}

// addMonths moves d by n calendar months, keeping the day of the month
// where it exists and taking the month's last day where it does not.
func (d Day) addMonths(n int) Day {
	t := d.Date()
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return DayOfDate(first.Year(), first.Month(), min(t.Day(), last))
}

// First is the first day of m.
func (m Month) First() Day { return DayOfDate(int(m)/12, time.Month(int(m)%12+1), 1) }

func (m Month) String() string { return fmt.Sprintf("%04d-%02d", int(m)/12, int(m)%12+1) }

// span is a half-open run of days [From, To): the person counted at the end
// of each of those days.
type span struct{ From, To Day }

// union sorts and merges spans that overlap or touch.
func union(ss []span) []span {
	if len(ss) < 2 {
		return ss
	}
	out := slices.Clone(ss)
	sort.Slice(out, func(i, j int) bool { return out[i].From < out[j].From })
	n := 0
	for _, s := range out[1:] {
		if s.From <= out[n].To {
			out[n].To = max(out[n].To, s.To)
			continue
		}
		n++
		out[n] = s
	}
	return out[:n+1]
}

// Credential statuses and the events that change them, as the credentials
// feature records them.
const (
	statusActive = "active"
	actSuspend   = "suspend"
	actReinstate = "reinstate"
	actRevoke    = "revoke"
)

// statusEvent is one status change of a credential.
type statusEvent struct {
	Action string
	At     time.Time
}

// credFacts is what counting needs of one credential.
type credFacts struct {
	ID              string
	Track           string
	ValidFrom       time.Time
	ValidUntil      *time.Time
	Status          string
	StatusChangedAt *time.Time
	Events          []statusEvent // in the order they happened
	Orgs            []string      // the orgs it counts for
}

// activeDays returns the days at whose end the credential was active: from
// validFrom, cut by suspensions (until a reinstatement), a revocation and
// validUntil. A credential is counted on day D when it is active at the
// last instant of D, so a span of times [a, b) covers the days
// [DayOf(a), DayOf(b)).
func (c *credFacts) activeDays() []span {
	type run struct {
		from time.Time
		to   *time.Time
	}
	var runs []run
	cur, active, revoked := c.ValidFrom, true, false
	for _, e := range c.Events {
		at := e.At
		switch e.Action {
		case actSuspend:
			if active {
				runs = append(runs, run{cur, &at})
				active = false
			}
		case actReinstate:
			if !active && !revoked {
				cur, active = at, true
			}
		case actRevoke:
			if active {
				runs = append(runs, run{cur, &at})
			}
			active, revoked = false, true
		}
	}
	if active {
		if c.Status != statusActive {
			// The status says it stopped, but no event says when: trust the
			// status and its time rather than count a lapsed credential.
			end := cur
			if c.StatusChangedAt != nil {
				end = *c.StatusChangedAt
			}
			runs = append(runs, run{cur, &end})
		} else {
			runs = append(runs, run{cur, nil})
		}
	}
	var out []span
	for _, r := range runs {
		from := r.from
		if from.Before(c.ValidFrom) {
			from = c.ValidFrom
		}
		to := r.to
		if c.ValidUntil != nil && (to == nil || c.ValidUntil.Before(*to)) {
			to = c.ValidUntil
		}
		s := span{From: DayOf(from), To: noEnd}
		if to != nil {
			s.To = DayOf(*to)
		}
		if s.From < s.To {
			out = append(out, s)
		}
	}
	return union(out)
}

// atom is the finest thing counted per person: one org (or none) and one
// track. Every scope is a union of atoms.
type atom struct{ Org, Track string }

// atoms is one person's active days per atom.
type atoms map[atom][]span

// personAtoms folds a person's qualifying credentials into atoms.
func personAtoms(creds []credFacts, qualifies func(track string) bool) atoms {
	out := atoms{}
	for i := range creds {
		c := &creds[i]
		if !qualifies(c.Track) {
			continue
		}
		days := c.activeDays()
		if len(days) == 0 {
			continue
		}
		orgs := c.Orgs
		if len(orgs) == 0 {
			orgs = []string{""}
		}
		for _, o := range orgs {
			a := atom{o, c.Track}
			out[a] = append(out[a], days...)
		}
	}
	for a, ss := range out {
		out[a] = union(ss)
	}
	return out
}

// encode writes atoms as text, one atom a line: org, track and the spans
// ("from:to" day numbers, "from:" while open), sorted so that equal atoms
// encode equally.
func (as atoms) encode() string {
	keys := make([]atom, 0, len(as))
	for a := range as {
		keys = append(keys, a)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Org != keys[j].Org {
			return keys[i].Org < keys[j].Org
		}
		return keys[i].Track < keys[j].Track
	})
	var b strings.Builder
	for _, a := range keys {
		b.WriteString(a.Org)
		b.WriteByte('\t')
		b.WriteString(a.Track)
		b.WriteByte('\t')
		for i, s := range as[a] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(int(s.From)))
			b.WriteByte(':')
			if s.To != noEnd {
				b.WriteString(strconv.Itoa(int(s.To)))
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// decodeAtoms reads what encode wrote.
func decodeAtoms(text string) (atoms, error) {
	out := atoms{}
	for line := range strings.SplitSeq(strings.TrimSuffix(text, "\n"), "\n") {
		if line == "" {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) != 3 {
			return nil, fmt.Errorf("talent: malformed person spans %q", line)
		}
		var ss []span
		for sp := range strings.SplitSeq(parts[2], ",") {
			from, to, ok := strings.Cut(sp, ":")
			f, err := strconv.Atoi(from)
			if !ok || err != nil {
				return nil, fmt.Errorf("talent: malformed span %q", sp)
			}
			s := span{From: Day(f), To: noEnd}
			if to != "" {
				t, err := strconv.Atoi(to)
				if err != nil {
					return nil, fmt.Errorf("talent: malformed span %q", sp)
				}
				s.To = Day(t)
			}
			ss = append(ss, s)
		}
		out[atom{parts[0], parts[1]}] = ss
	}
	return out, nil
}

package talent

import (
	"slices"
	"strings"

	"gorm.io/gorm"
)

// deltaSet accumulates +1/-1 changes per scope and day. Scopes are interned
// so that a full rebuild's millions of cells stay small in memory.
type deltaSet struct {
	index  map[Scope]int32
	scopes []Scope
	cells  map[uint64]int64 // scope index << 32 | day
}

func newDeltaSet() *deltaSet {
	return &deltaSet{index: map[Scope]int32{}, cells: map[uint64]int64{}}
}

func (ds *deltaSet) len() int { return len(ds.cells) }

func (ds *deltaSet) cell(k Scope, d Day) uint64 {
	i, ok := ds.index[k]
	if !ok {
		i = int32(len(ds.scopes))
		ds.index[k] = i
		ds.scopes = append(ds.scopes, k)
	}
	return uint64(i)<<32 | uint64(uint32(d))
}

// add records that sign * (the days of ss) join the scope's count.
func (ds *deltaSet) add(k Scope, ss []span, sign int64) {
	for _, s := range ss {
		ds.cells[ds.cell(k, s.From)] += sign
		if s.To != noEnd {
			ds.cells[ds.cell(k, s.To)] -= sign
		}
	}
}

// diff adds what turns the counts of before into those of after.
func (ds *deltaSet) diff(before, after map[Scope][]span) {
	for k, ss := range before {
		if !slices.Equal(ss, after[k]) {
			ds.add(k, ss, -1)
		}
	}
	for k, ss := range after {
		if !slices.Equal(ss, before[k]) {
			ds.add(k, ss, +1)
		}
	}
}

// write adds the accumulated changes to talent_days and talent_months and
// empties the set. Cells are written in key order, so that concurrent
// writers on PostgreSQL (already serialized by the talent_state lock) could
// not deadlock even without it.
func (ds *deltaSet) write(tx *gorm.DB) error {
	type row struct {
		scope Scope
		month Month
		day   Day
		delta int64
	}
	rows := make([]row, 0, len(ds.cells))
	for c, v := range ds.cells {
		if v != 0 {
			d := Day(int32(uint32(c)))
			rows = append(rows, row{ds.scopes[c>>32], d.Month(), d, v})
		}
	}
	// In primary-key order: the B-trees grow at their ends.
	slices.SortFunc(rows, func(a, b row) int {
		switch {
		case a.scope.Kind != b.scope.Kind:
			return strings.Compare(a.scope.Kind, b.scope.Kind)
		case a.month != b.month:
			return int(a.month - b.month)
		case a.scope.ID != b.scope.ID:
			return strings.Compare(a.scope.ID, b.scope.ID)
		}
		return int(a.day - b.day)
	})
	days := NewBulk(tx, "talent_days", []string{"kind", "scope", "month", "day", "delta"},
		"ON CONFLICT (kind, month, scope, day) DO UPDATE SET delta = talent_days.delta + excluded.delta")
	months := NewBulk(tx, "talent_months", []string{"kind", "scope", "month", "delta"},
		"ON CONFLICT (kind, month, scope) DO UPDATE SET delta = talent_months.delta + excluded.delta")
	for i := 0; i < len(rows); {
		r, sum := rows[i], int64(0)
		for ; i < len(rows) && rows[i].scope == r.scope && rows[i].month == r.month; i++ {
			if err := days.Add(r.scope.Kind, r.scope.ID, int32(r.month), int32(rows[i].day), rows[i].delta); err != nil {
				return err
			}
			sum += rows[i].delta
		}
		if sum != 0 {
			if err := months.Add(r.scope.Kind, r.scope.ID, int32(r.month), sum); err != nil {
				return err
			}
		}
	}
	if err := days.Flush(); err != nil {
		return err
	}
	if err := months.Flush(); err != nil {
		return err
	}
	clear(ds.cells)
	return nil
}

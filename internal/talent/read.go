package talent

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// scopeSel selects the scopes of one kind, all of them or those whose id
// starts with Prefix (an org's or consortium's composite scopes).
type scopeSel struct{ Kind, Prefix string }

// countsAsOf returns the count of every selected scope at the end of day
// d: the months before d's month plus d's month up to d. Scopes with no
// rows are absent (their count is 0).
func countsAsOf(ctx context.Context, g *gorm.DB, d Day, sels []scopeSel) (map[Scope]int64, error) {
	var parts []string
	var args []any
	m := d.Month()
	for _, sel := range sels {
		cond, cargs := "kind = ?", []any{sel.Kind}
		if sel.Prefix != "" {
			// Compared as bytes: a range on text would follow the
			// database's collation, which may order "/" anywhere.
			cond += " AND substr(scope, 1, ?) = ?"
			cargs = append(cargs, len(sel.Prefix), sel.Prefix)
		}
		parts = append(parts, "SELECT kind, scope, delta FROM talent_months WHERE "+cond+" AND month < ?")
		args = append(append(args, cargs...), int32(m))
		parts = append(parts, "SELECT kind, scope, delta FROM talent_days WHERE "+cond+" AND month = ? AND day <= ?")
		args = append(append(args, cargs...), int32(m), int32(d))
	}
	rows, err := g.WithContext(ctx).Raw("SELECT kind, scope, CAST(SUM(delta) AS BIGINT) FROM ("+
		strings.Join(parts, " UNION ALL ")+") t GROUP BY kind, scope", args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[Scope]int64{}
	for rows.Next() {
		var k Scope
		var n int64
		if err := rows.Scan(&k.Kind, &k.ID, &n); err != nil {
			return nil, err
		}
		if n != 0 {
			out[k] = n
		}
	}
	return out, rows.Err()
}

// history is one scope's counts over time: the change of each month up to
// a day, and the count at any day up to it.
type history struct {
	scope  Scope
	months map[Month]int64
	first  Month // first month with a change; 0 when none
}

func loadHistory(ctx context.Context, g *gorm.DB, k Scope, upTo Day) (*history, error) {
	rows, err := g.WithContext(ctx).Raw(`SELECT month, CAST(SUM(delta) AS BIGINT) FROM talent_months
		WHERE kind = ? AND scope = ? AND month <= ? GROUP BY month ORDER BY month`, k.Kind, k.ID, int32(upTo.Month())).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	h := &history{scope: k, months: map[Month]int64{}}
	for rows.Next() {
		var m Month
		var n int64
		if err := rows.Scan(&m, &n); err != nil {
			return nil, err
		}
		if n != 0 {
			h.months[m] = n
			if h.first == 0 {
				h.first = m
			}
		}
	}
	return h, rows.Err()
}

// endOf is the count at the end of month m.
func (h *history) endOf(m Month) int64 {
	var n int64
	for mm, v := range h.months {
		if mm <= m {
			n += v
		}
	}
	return n
}

// at is the count at the end of day d (d's month must be within the loaded
// months).
func (h *history) at(ctx context.Context, g *gorm.DB, d Day) (int64, error) {
	n := h.endOf(d.Month() - 1)
	var part int64
	err := g.WithContext(ctx).Raw(`SELECT COALESCE(CAST(SUM(delta) AS BIGINT), 0) FROM talent_days
		WHERE kind = ? AND month = ? AND scope = ? AND day <= ?`, h.scope.Kind, int32(d.Month()), h.scope.ID, int32(d)).Row().Scan(&part)
	return n + part, err
}

// Text is a bilingual label, Chinese first.
type Text struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// orgInfo and consortiumInfo are what the breakdowns show of them.
type orgInfo struct {
	Code, Kind, District string
	Name                 Text
	Consortiums          []string
}

type consortiumInfo struct {
	Code    string
	Name    Text
	Members []string
}

// directory is the orgs and consortiums as the answers name them, read at
// most every dirTTL. Its structural hash, when it moves, makes the service
// reconcile the counts with the orgs' new places.
type directory struct {
	orgs        map[string]orgInfo
	consortiums map[string]consortiumInfo
	structure   string // hash of kinds, districts and memberships
	labels      string // hash of everything, for cache keys
	loadedAt    time.Time
}

const dirTTL = 2 * time.Second

func loadDirectory(ctx context.Context, g *gorm.DB) (*directory, error) {
	dir := &directory{orgs: map[string]orgInfo{}, consortiums: map[string]consortiumInfo{}, loadedAt: time.Now()}
	var orgs []struct {
		ID, Code, Kind, District, NameZh, NameEn string
	}
	if err := g.WithContext(ctx).Raw("SELECT id, code, kind, district, name_zh, name_en FROM orgs ORDER BY id").Scan(&orgs).Error; err != nil {
		return nil, err
	}
	var cons []struct{ ID, Code, NameZh, NameEn string }
	if err := g.WithContext(ctx).Raw("SELECT id, code, name_zh, name_en FROM consortiums ORDER BY id").Scan(&cons).Error; err != nil {
		return nil, err
	}
	var members []struct{ ConsortiumID, OrgID string }
	if err := g.WithContext(ctx).Raw("SELECT consortium_id, org_id FROM consortium_members ORDER BY org_id, consortium_id").Scan(&members).Error; err != nil {
		return nil, err
	}
	for _, o := range orgs {
		dir.orgs[o.ID] = orgInfo{Code: o.Code, Kind: o.Kind, District: o.District, Name: Text{o.NameZh, o.NameEn}}
	}
	for _, c := range cons {
		dir.consortiums[c.ID] = consortiumInfo{Code: c.Code, Name: Text{c.NameZh, c.NameEn}}
	}
	for _, m := range members {
		if o, ok := dir.orgs[m.OrgID]; ok {
			o.Consortiums = append(o.Consortiums, m.ConsortiumID)
			dir.orgs[m.OrgID] = o
		}
		if c, ok := dir.consortiums[m.ConsortiumID]; ok {
			c.Members = append(c.Members, m.OrgID)
			dir.consortiums[m.ConsortiumID] = c
		}
	}
	structure, labels := sha256.New(), sha256.New()
	for _, o := range orgs {
		info := dir.orgs[o.ID]
		fmt.Fprintf(structure, "%s\x00%s\x00%s\x00%s\n", o.ID, o.Kind, o.District, strings.Join(info.Consortiums, ","))
		fmt.Fprintf(labels, "%s\x00%s\x00%s\x00%s\n", o.ID, o.Code, o.NameZh, o.NameEn)
	}
	for _, c := range cons {
		fmt.Fprintf(labels, "%s\x00%s\x00%s\x00%s\n", c.ID, c.Code, c.NameZh, c.NameEn)
	}
	dir.structure = hex.EncodeToString(structure.Sum(nil))
	labels.Write([]byte(dir.structure))
	dir.labels = hex.EncodeToString(labels.Sum(nil)[:12])
	return dir, nil
}

// directory returns a recent directory. When orgs moved since the counts
// were last reconciled, it has them reconciled, waiting up to
// reconcileWait: a recount can hold the writer for minutes at scale, and
// the answer then keeps the breakdowns of the last reconciliation (whole,
// just not yet moved) while the reconciliation finishes on its own.
func (s *Service) directory(ctx context.Context, fresh bool) (*directory, error) {
	s.dirMu.Lock()
	if s.dir != nil && !fresh && time.Since(s.dir.loadedAt) < dirTTL {
		dir := s.dir
		s.dirMu.Unlock()
		return dir, nil
	}
	dir, err := loadDirectory(ctx, s.db.R)
	if err == nil {
		s.dir = dir
	}
	moved := err == nil && dir.structure != s.reconciled
	s.dirMu.Unlock()
	if err != nil || !moved {
		return dir, err
	}
	select {
	case <-s.reconcileInBackground(dir):
	case <-time.After(reconcileWait):
		s.log.Warn("breakdowns not reconciled yet: the counts are being rewritten", "waited_seconds", reconcileWait.Seconds())
	case <-ctx.Done():
	}
	return dir, nil
}

// reconcileWait is how long a read waits for breakdowns to move.
const reconcileWait = 2 * time.Second

// reconcileInBackground starts a reconciliation toward dir unless one is
// running, and returns a channel closed when the running one ends. It does
// not belong to any request, so a client that gives up cannot roll back
// work that outlived it.
func (s *Service) reconcileInBackground(dir *directory) <-chan struct{} {
	s.reconMu.Lock()
	defer s.reconMu.Unlock()
	if s.reconciling != nil {
		return s.reconciling
	}
	done := make(chan struct{})
	s.reconciling = done
	go func() {
		_, err := s.Reconcile(context.Background())
		s.reconMu.Lock()
		s.reconciling = nil
		s.reconMu.Unlock()
		if err != nil {
			s.log.Error("breakdowns not reconciled; the next read retries", "error", err.Error())
		} else {
			s.dirMu.Lock()
			s.reconciled = dir.structure
			s.dirMu.Unlock()
		}
		close(done)
	}()
	return done
}

// directoryKnowing returns the directory, reloaded once when it does not
// know what known looks for (an org or consortium created moments ago).
func (s *Service) directoryKnowing(ctx context.Context, known func(*directory) bool) (*directory, error) {
	dir, err := s.directory(ctx, false)
	if err == nil && !known(dir) {
		dir, err = s.directory(ctx, true)
	}
	return dir, err
}

// versionTTL: how long a replica trusts the change counter it last read.
// Changes made through this replica are seen at once (changedHere); those
// of other replicas within this time, well inside the public answers'
// max-age of 30 s.
const versionTTL = time.Second

// version is the change counter of the counts, which cached answers are
// keyed on. Reading it is the one query a cached answer would cost, so it
// is itself cached briefly.
func (s *Service) version(ctx context.Context) (int64, error) {
	now := time.Now()
	s.verMu.Lock()
	if !s.verAt.IsZero() && now.Sub(s.verAt) < versionTTL && now.After(s.exactUntil) {
		v := s.ver
		s.verMu.Unlock()
		return v, nil
	}
	s.verMu.Unlock()
	var v int64
	if err := s.sqlR.QueryRowContext(ctx, "SELECT version FROM talent_state WHERE id = 1").Scan(&v); err != nil {
		return 0, err
	}
	s.verMu.Lock()
	s.ver, s.verAt = v, now
	s.verMu.Unlock()
	return v, nil
}

// changedHere makes this replica read the change counter on every request
// for a while: a change made here commits moments after its hook ran, and
// must show at once.
func (s *Service) changedHere() {
	s.verMu.Lock()
	s.exactUntil = time.Now().Add(10 * time.Second)
	s.verMu.Unlock()
}

package talent

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ohtalent/ohtalent/internal/credential"
	"gorm.io/gorm"
)

// state is the talent_state row.
type state struct {
	Version           int64
	CredentialsIssued int64
	QualifyingTracks  string // comma-separated slugs; "" means every track
	NeedsRebuild      bool
}

// lockState reads the state row and holds it until the transaction ends:
// every writer of the counts takes it first, so they run one at a time.
// On SQLite the write transaction already holds the database's one write
// lock (the writer connection begins IMMEDIATE).
func lockState(tx *gorm.DB) (state, error) {
	q := "SELECT version, credentials_issued, qualifying_tracks, needs_rebuild FROM talent_state WHERE id = 1"
	if tx.Dialector.Name() == "postgres" {
		q += " FOR UPDATE"
	}
	var st state
	err := tx.Raw(q).Row().Scan(&st.Version, &st.CredentialsIssued, &st.QualifyingTracks, &st.NeedsRebuild)
	return st, err
}

// qualifies says which credentials make a certified developer: those of
// the configured tracks, or of every catalog track (never an event
// achievement) when none are configured.
func (st state) qualifies() func(track string) bool {
	if st.QualifyingTracks == "" {
		return func(t string) bool { return !credential.IsAchievement(t) }
	}
	set := map[string]bool{}
	for _, t := range strings.Split(st.QualifyingTracks, ",") {
		set[t] = true
	}
	return func(t string) bool { return set[t] }
}

// CredentialChanged keeps the counts exact when a credential is issued or
// changes status (action: issue, revoke, suspend, reinstate). It runs
// inside the transaction of that change, so the counts commit or roll back
// with it.
//
// On issue it fixes the orgs the credential counts for: the issuing org
// and every org where the holder is an active member at that moment. The
// attribution does not follow later changes of membership, so that a
// count as of a past day never changes afterwards.
func (s *Service) CredentialChanged(ctx context.Context, tx *gorm.DB, credentialID, action string) error {
	tx = tx.WithContext(ctx)
	s.changedHere()
	st, err := lockState(tx)
	if err != nil {
		return err
	}
	var userID string
	if err := tx.Raw("SELECT user_id FROM credentials WHERE id = ?", credentialID).Row().Scan(&userID); err != nil {
		return fmt.Errorf("talent: credential %s: %w", credentialID, err)
	}
	issued := 0
	if action == "issue" {
		issued = 1
		err := tx.Exec(`INSERT INTO talent_credential_orgs (credential_id, org_id)
			SELECT id, org_id FROM credentials WHERE id = ? AND org_id IS NOT NULL
			UNION
			SELECT ?, org_id FROM memberships WHERE user_id = ? AND status = 'active'`, credentialID, credentialID, userID).Error
		if err != nil {
			return err
		}
	}
	if !st.NeedsRebuild { // else the pending rebuild counts everything
		ds := newDeltaSet()
		if err := recompute(tx, st, []string{userID}, ds); err != nil {
			return err
		}
		if err := ds.write(tx); err != nil {
			return err
		}
	}
	return tx.Exec("UPDATE talent_state SET version = version + 1, credentials_issued = credentials_issued + ? WHERE id = 1", issued).Error
}

// recompute brings the given people's stored spans and the deltas up to
// date with their credentials, adding the changes to ds.
func recompute(tx *gorm.DB, st state, users []string, ds *deltaSet) error {
	facts, err := loadFacts(tx, users)
	if err != nil {
		return err
	}
	old, err := loadAtoms(tx, users)
	if err != nil {
		return err
	}
	qualifies := st.qualifies()
	fresh := make(map[string]atoms, len(users))
	orgSet := map[string]bool{}
	for _, u := range users {
		fresh[u] = personAtoms(facts[u], qualifies)
		for _, as := range []atoms{old[u], fresh[u]} {
			for a := range as {
				if a.Org != "" {
					orgSet[a.Org] = true
				}
			}
		}
	}
	dims, err := storedDims(tx, keysOf(orgSet))
	if err != nil {
		return err
	}
	people := NewBulk(tx, "talent_people", []string{"user_id", "spans"},
		"ON CONFLICT (user_id) DO UPDATE SET spans = excluded.spans")
	var gone []string
	for _, u := range users {
		before, after := old[u], fresh[u]
		ds.diff(derive(before, dims), derive(after, dims))
		switch {
		case len(after) == 0 && len(before) > 0:
			gone = append(gone, u)
		case len(after) > 0:
			if enc := after.encode(); len(before) == 0 || enc != before.encode() {
				if err := people.Add(u, enc); err != nil {
					return err
				}
			}
		}
	}
	if err := people.Flush(); err != nil {
		return err
	}
	if len(gone) > 0 {
		return tx.Exec("DELETE FROM talent_people WHERE user_id IN ?", gone).Error
	}
	return nil
}

// Rebuild recounts everything from the credentials inside tx: after the
// qualifying tracks change, after `ohtalent simulate` wrote its rows, and
// once after the migration that introduced the counts. progress, when not
// nil, hears how many people are done out of how many.
func Rebuild(ctx context.Context, tx *gorm.DB, progress func(done, total int64)) error {
	tx = tx.WithContext(ctx)
	st, err := lockState(tx)
	if err != nil {
		return err
	}
	wipe := "DELETE FROM "
	if tx.Dialector.Name() == "postgres" {
		wipe = "TRUNCATE "
	}
	for _, t := range []string{"talent_days", "talent_months", "talent_people", "talent_org_dims"} {
		if err := tx.Exec(wipe + t).Error; err != nil {
			return err
		}
	}
	dims, err := liveDims(tx, nil)
	if err != nil {
		return err
	}
	if err := writeDims(tx, dims); err != nil {
		return err
	}
	var total int64
	if err := tx.Raw("SELECT COUNT(DISTINCT user_id) FROM credentials").Row().Scan(&total); err != nil {
		return err
	}
	ds := newDeltaSet()
	done, after := int64(0), ""
	for {
		var users []string
		if err := tx.Raw("SELECT DISTINCT user_id FROM credentials WHERE user_id > ? ORDER BY user_id LIMIT 1000", after).
			Scan(&users).Error; err != nil {
			return err
		}
		if len(users) == 0 {
			break
		}
		if err := recompute(tx, st, users, ds); err != nil {
			return err
		}
		if ds.len() > 4_000_000 { // keep memory bounded (~100 MB); later writes add up
			if err := ds.write(tx); err != nil {
				return err
			}
		}
		after = users[len(users)-1]
		done += int64(len(users))
		if progress != nil {
			progress(done, total)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if err := ds.write(tx); err != nil {
		return err
	}
	return tx.Exec(`UPDATE talent_state SET version = version + 1, needs_rebuild = FALSE,
		credentials_issued = (SELECT COUNT(*) FROM credentials) WHERE id = 1`).Error
}

// Reconcile moves the counts of people whose orgs changed kind, district
// or consortiums since the counts were built, so that breakdowns follow
// the orgs as they are now. It reports whether anything moved.
func (s *Service) Reconcile(ctx context.Context) (bool, error) {
	moved := false
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st, err := lockState(tx)
		if err != nil {
			return err
		}
		if st.NeedsRebuild {
			moved = true
			s.changedHere()
			return Rebuild(ctx, tx, nil)
		}
		live, err := liveDims(tx, nil)
		if err != nil {
			return err
		}
		stored, err := storedDims(tx, nil)
		if err != nil {
			return err
		}
		changed := map[string]orgDims{}
		for id, d := range live {
			if old, ok := stored[id]; !ok || !old.equal(d) {
				changed[id] = d
			}
		}
		for id := range stored {
			if _, ok := live[id]; !ok {
				changed[id] = orgDims{}
			}
		}
		if len(changed) == 0 {
			return nil
		}
		moved = true
		s.changedHere()
		ids := keysOf(changed)
		var users []string
		for chunk := range slices.Chunk(ids, 500) {
			var us []string
			if err := tx.Raw(`SELECT DISTINCT c.user_id FROM talent_credential_orgs a JOIN credentials c ON c.id = a.credential_id
				WHERE a.org_id IN ?`, chunk).Scan(&us).Error; err != nil {
				return err
			}
			users = append(users, us...)
		}
		slices.Sort(users)
		users = slices.Compact(users)
		for id, d := range changed {
			live[id] = d
		}
		ds := newDeltaSet()
		for chunk := range slices.Chunk(users, 1000) {
			old, err := loadAtoms(tx, chunk)
			if err != nil {
				return err
			}
			for _, as := range old {
				ds.diff(derive(as, stored), derive(as, live))
			}
		}
		if err := ds.write(tx); err != nil {
			return err
		}
		if err := writeDims(tx, changed); err != nil {
			return err
		}
		return tx.Exec("UPDATE talent_state SET version = version + 1 WHERE id = 1").Error
	})
	return moved, err
}

// prepare runs the first count when the database asks for one.
func (s *Service) prepare(ctx context.Context) error {
	var pending bool
	if err := s.db.R.WithContext(ctx).Raw("SELECT needs_rebuild FROM talent_state WHERE id = 1").Row().Scan(&pending); err != nil {
		return err
	}
	if !pending {
		return nil
	}
	start := time.Now()
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st, err := lockState(tx)
		if err != nil || !st.NeedsRebuild {
			return err // another replica counted meanwhile
		}
		return Rebuild(ctx, tx, nil)
	})
	if err == nil {
		s.log.Info("certified developers counted", "seconds", time.Since(start).Seconds())
	}
	return err
}

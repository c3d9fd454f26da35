package talent

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

// TestMaintainedCountsEqualRecount runs random sequences of issue, revoke,
// suspend, reinstate and expire (the clock passing validUntil), with
// membership, org and consortium changes and switches of the qualifying
// tracks in between, and after every step compares the maintained count of
// every scope, as of past, present and future days, with a brute-force
// recount from the credentials table.
func TestMaintainedCountsEqualRecount(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			w := newWorld(t, seed, 14, 6, 2)
			start := DayOf(w.now)
			for step := range 160 {
				name := w.randomStep()
				today := DayOf(w.now)
				days := []Day{start, today, today - 1, today + 1, today + 45, today + 400, today + 3000}
				if today > start {
					days = append(days, start+Day(w.rng.IntN(int(today-start))))
				}
				w.check(fmt.Sprintf("step %d (%s)", step, name), days...)
			}
			// The incremental counts are what a full recount builds.
			before := w.maintained(DayOf(w.now) + 10)
			if err := w.d.W.Transaction(func(tx *gorm.DB) error { return Rebuild(w.ctx, tx, nil) }); err != nil {
				t.Fatal(err)
			}
			after := w.maintained(DayOf(w.now) + 10)
			if fmt.Sprint(before) != fmt.Sprint(after) {
				t.Fatalf("rebuild changed the counts:\nbefore %v\nafter  %v", before, after)
			}
			if len(after) < 10 {
				t.Fatalf("only %d scopes counted at the end; the sequence exercised too little", len(after))
			}
		})
	}
}

// randomStep applies one random change and names it.
func (w *world) randomStep() string {
	r := w.rng
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	switch n := r.IntN(100); {
	case n < 30 || len(w.creds) == 0:
		var orgID *string
		if r.IntN(4) == 0 {
			o := pick(w.orgs)
			orgID = &o
		}
		var until *time.Time
		if r.IntN(2) == 0 {
			u := w.now.Add(time.Duration(1+r.IntN(90*24)) * time.Hour)
			until = &u
		}
		w.issue(pick(w.users), pick(w.tracks), orgID, until)
		return "issue"
	case n < 40:
		w.setStatus(pick(w.creds), "revoke")
		return "revoke"
	case n < 52:
		w.setStatus(pick(w.creds), "suspend")
		return "suspend"
	case n < 64:
		w.setStatus(pick(w.creds), "reinstate")
		return "reinstate"
	case n < 72:
		// Expire: move the clock just past some credential's validUntil.
		var until []time.Time
		if err := w.d.R.Raw("SELECT valid_until FROM credentials WHERE valid_until > ? ORDER BY valid_until LIMIT 1", w.now).
			Scan(&until).Error; err != nil {
			w.t.Fatal(err)
		}
		if len(until) == 1 {
			w.now = until[0].Add(time.Duration(1+r.IntN(3600)) * time.Second)
		}
		w.note("expire: clock to %s", w.now.Format(time.RFC3339))
		return "expire"
	case n < 84:
		w.now = w.now.Add(time.Duration(1+r.IntN(40*24)) * time.Hour)
		w.note("clock to %s", w.now.Format(time.RFC3339))
		return "advance the clock"
	case n < 89:
		// Membership changes move only later issuances.
		if r.IntN(2) == 0 {
			w.exec(`INSERT INTO memberships (id, user_id, org_id, role, status, created_at, updated_at) VALUES (?, ?, ?, 'student', 'active', ?, ?)
				ON CONFLICT (org_id, user_id, role) DO UPDATE SET status = 'active'`, fmt.Sprint("m", w.now.UnixNano()), pick(w.users), pick(w.orgs), w.now, w.now)
		} else {
			w.exec("UPDATE memberships SET status = 'inactive' WHERE user_id = ?", pick(w.users))
		}
		w.note("membership change")
		return "membership"
	case n < 96:
		switch r.IntN(3) {
		case 0:
			w.exec("UPDATE orgs SET district = ? WHERE id = ?", pick(testDistricts), pick(w.orgs))
		case 1:
			w.exec("UPDATE orgs SET kind = ? WHERE id = ?", pick(testKinds), pick(w.orgs))
		default:
			c, o := pick(w.cons), pick(w.orgs)
			var n int64
			w.d.R.Raw("SELECT COUNT(*) FROM consortium_members WHERE consortium_id = ? AND org_id = ?", c, o).Row().Scan(&n)
			if n == 0 {
				w.exec("INSERT INTO consortium_members (consortium_id, org_id, created_at) VALUES (?, ?, ?)", c, o, w.now)
			} else {
				w.exec("DELETE FROM consortium_members WHERE consortium_id = ? AND org_id = ?", c, o)
			}
		}
		if _, err := w.s.Reconcile(w.ctx); err != nil {
			w.t.Fatal(err)
		}
		w.note("org moved; reconciled")
		return "org change"
	default:
		var tracks []string
		for _, t := range w.tracks[:3] {
			if r.IntN(2) == 0 {
				tracks = append(tracks, t)
			}
		}
		err := w.d.W.Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec("UPDATE talent_state SET qualifying_tracks = ?", strings.Join(tracks, ",")).Error; err != nil {
				return err
			}
			return Rebuild(w.ctx, tx, nil)
		})
		if err != nil {
			w.t.Fatal(err)
		}
		w.note("qualifying tracks %v", tracks)
		return "qualifying tracks"
	}
}

// TestConcurrentChangesStayExact issues and revokes from several
// goroutines at once (truly in parallel on PostgreSQL, where the state row
// lock must serialize the writers of the counts) and checks the result.
func TestConcurrentChangesStayExact(t *testing.T) {
	w := newWorld(t, 42, 40, 4, 1)
	var mu sync.Mutex // world's bookkeeping, not the database
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 6 {
				user := w.users[(g*6+i)%len(w.users)]
				mu.Lock()
				id := fmt.Sprintf("conc-%d-%d", g, i)
				mu.Unlock()
				err := w.d.W.Transaction(func(tx *gorm.DB) error {
					now := w.now
					if err := tx.Exec(`INSERT INTO credentials (id, user_id, track_slug, track_version, status_index, status, kid, jwt, document,
						issued_by, issued_at, valid_from) VALUES (?, ?, 'app-foundation', ?, ?, 'active', 'k', 'j', '{}', 'test', ?, ?)`,
						id, user, g*100+i+1, 1000+g*100+i, now, now).Error; err != nil {
						return err
					}
					if err := tx.Exec("INSERT INTO credential_events (id, credential_id, action, actor_id, created_at) VALUES (?, ?, 'issue', 'test', ?)",
						id, id, now).Error; err != nil {
						return err
					}
					return w.s.CredentialChanged(w.ctx, tx, id, "issue")
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	w.check("concurrent issuance", DayOf(w.now), DayOf(w.now)+1)
	if got := w.maintained(DayOf(w.now))[Scope{KindCity, ""}]; got != 40 {
		t.Fatalf("%d certified developers, want all 40 people", got)
	}
}

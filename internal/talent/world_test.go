package talent

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/db/dbtest"
	"gorm.io/gorm"
)

// world is a real database with people, orgs and consortiums, where a
// test issues and changes credentials the way the credentials service
// does (the same rows, the hook inside the same transaction) on a clock it
// controls.
type world struct {
	t      testing.TB
	ctx    context.Context
	d      *db.DB
	s      *Service
	rng    *rand.Rand
	now    time.Time
	users  []string
	orgs   []string
	cons   []string
	creds  []string
	log    []string
	tracks []string
}

var testKinds = []string{"university", "vocational_college", "enterprise", "training_center"}
var testDistricts = []string{"yubei", "jiangbei", "shapingba", ""}

func newWorld(t testing.TB, seed uint64, people, orgs, cons int) *world {
	d := dbtest.Open(t)
	s, err := New(d, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, ctx: context.Background(), d: d, s: s, rng: rand.New(rand.NewPCG(seed, 7)),
		now:    time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC),
		tracks: []string{"app-foundation", "distributed-dev", "industry-scenarios", "event:hackathon-1"}}
	s.now = func() time.Time { return w.now }
	for i := range orgs {
		id := db.NewID()
		w.exec("INSERT INTO orgs (id, code, kind, name_zh, district, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			id, fmt.Sprintf("ORG%d", i), testKinds[i%len(testKinds)], fmt.Sprintf("机构%d", i), testDistricts[i%len(testDistricts)], w.now, w.now)
		w.orgs = append(w.orgs, id)
	}
	for i := range cons {
		id := db.NewID()
		w.exec("INSERT INTO consortiums (id, code, name_zh, lead_org_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
			id, fmt.Sprintf("CON%d", i), fmt.Sprintf("联盟%d", i), w.orgs[i], w.now, w.now)
		for j, o := range w.orgs {
			if j == i || w.rng.IntN(2) == 0 {
				w.exec("INSERT INTO consortium_members (consortium_id, org_id, created_at) VALUES (?, ?, ?)", id, o, w.now)
			}
		}
		w.cons = append(w.cons, id)
	}
	for i := range people {
		id := db.NewID()
		w.exec("INSERT INTO users (id, email, display_name, password_hash, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?)",
			id, fmt.Sprintf("p%d@example.cn", i), fmt.Sprintf("人%d", i), w.now, w.now)
		w.users = append(w.users, id)
		for range w.rng.IntN(3) { // 0 to 2 orgs
			w.exec(`INSERT INTO memberships (id, user_id, org_id, role, status, created_at, updated_at) VALUES (?, ?, ?, 'student', 'active', ?, ?)
				ON CONFLICT (org_id, user_id, role) DO NOTHING`, db.NewID(), id, w.orgs[w.rng.IntN(len(w.orgs))], w.now, w.now)
		}
	}
	if err := s.Prepare(w.ctx); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) exec(q string, args ...any) {
	w.t.Helper()
	if err := w.d.W.WithContext(w.ctx).Exec(q, args...).Error; err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
}

func (w *world) note(format string, args ...any) {
	w.log = append(w.log, w.now.Format(time.RFC3339)+" "+fmt.Sprintf(format, args...))
}

// issue writes a credential as credential.Service.Issue does and runs the
// hook in the same transaction.
func (w *world) issue(user, track string, orgID *string, validUntil *time.Time) string {
	w.t.Helper()
	id := fmt.Sprintf("cred%04d", len(w.creds))
	now := w.now.UTC().Truncate(time.Second)
	err := w.d.W.WithContext(w.ctx).Transaction(func(tx *gorm.DB) error {
		var version int
		if err := tx.Raw("SELECT COALESCE(MAX(track_version), 0) + 1 FROM credentials WHERE user_id = ? AND track_slug = ?", user, track).Row().Scan(&version); err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO credentials (id, user_id, track_slug, track_version, org_id, status_index, status, kid, jwt, document,
			issued_by, evidence, issued_at, valid_from, valid_until) VALUES (?, ?, ?, ?, ?, ?, 'active', 'k', 'j', '{}', 'test', '', ?, ?, ?)`,
			id, user, track, version, orgID, len(w.creds), now, now, validUntil).Error; err != nil {
			return err
		}
		if err := tx.Exec("INSERT INTO credential_events (id, credential_id, action, actor_id, created_at) VALUES (?, ?, 'issue', 'test', ?)",
			db.NewID(), id, now).Error; err != nil {
			return err
		}
		return w.s.CredentialChanged(w.ctx, tx, id, "issue")
	})
	if err != nil {
		w.t.Fatalf("issue: %v", err)
	}
	w.creds = append(w.creds, id)
	w.note("issue %s %s to %s (org %v, until %v)", id, track, user[len(user)-4:], orgID != nil, validUntil)
	return id
}

// setStatus applies revoke, suspend or reinstate as the status handler
// does; it reports false when the transition is not allowed.
func (w *world) setStatus(id, action string) bool {
	w.t.Helper()
	from := map[string][]string{"revoke": {"active", "suspended"}, "suspend": {"active"}, "reinstate": {"suspended"}}[action]
	to := map[string]string{"revoke": "revoked", "suspend": "suspended", "reinstate": "active"}[action]
	changed := false
	err := w.d.W.WithContext(w.ctx).Transaction(func(tx *gorm.DB) error {
		var status string
		if err := tx.Raw("SELECT status FROM credentials WHERE id = ?", id).Row().Scan(&status); err != nil {
			return err
		}
		if !slices.Contains(from, status) {
			return nil
		}
		now := w.now.UTC()
		if err := tx.Exec("UPDATE credentials SET status = ?, status_changed_at = ? WHERE id = ?", to, now, id).Error; err != nil {
			return err
		}
		if err := tx.Exec("INSERT INTO credential_events (id, credential_id, action, actor_id, created_at) VALUES (?, ?, ?, 'test', ?)",
			db.NewID(), id, action, now).Error; err != nil {
			return err
		}
		changed = true
		return w.s.CredentialChanged(w.ctx, tx, id, action)
	})
	if err != nil {
		w.t.Fatalf("%s: %v", action, err)
	}
	if changed {
		w.note("%s %s", action, id)
	}
	return changed
}

// bruteForce counts every scope as of the end of day d straight from the
// credentials, their events and the orgs as they are now: a credential
// counts when it is valid at that instant and its last status event by
// then left it active.
func (w *world) bruteForce(d Day) map[Scope]int64 {
	w.t.Helper()
	end := time.Unix(int64(d+1)*86400-8*3600, 0).Add(-time.Nanosecond)
	g := w.d.R.WithContext(w.ctx)
	var creds []struct {
		ID, UserID, TrackSlug string
		ValidFrom             time.Time
		ValidUntil            sql.NullTime
	}
	if err := g.Raw("SELECT id, user_id, track_slug, valid_from, valid_until FROM credentials").Scan(&creds).Error; err != nil {
		w.t.Fatal(err)
	}
	var events []struct {
		CredentialID, Action string
		CreatedAt            time.Time
	}
	if err := g.Raw("SELECT credential_id, action, created_at FROM credential_events ORDER BY created_at, id").Scan(&events).Error; err != nil {
		w.t.Fatal(err)
	}
	var attrs []struct{ CredentialID, OrgID string }
	if err := g.Raw("SELECT credential_id, org_id FROM talent_credential_orgs").Scan(&attrs).Error; err != nil {
		w.t.Fatal(err)
	}
	var qualifying string
	if err := g.Raw("SELECT qualifying_tracks FROM talent_state").Row().Scan(&qualifying); err != nil {
		w.t.Fatal(err)
	}
	var orgs []struct{ ID, Kind, District string }
	if err := g.Raw("SELECT id, kind, district FROM orgs").Scan(&orgs).Error; err != nil {
		w.t.Fatal(err)
	}
	var members []struct{ ConsortiumID, OrgID string }
	if err := g.Raw("SELECT consortium_id, org_id FROM consortium_members").Scan(&members).Error; err != nil {
		w.t.Fatal(err)
	}
	state := map[string]string{}
	for _, e := range events {
		if e.CreatedAt.After(end) {
			continue
		}
		switch st := state[e.CredentialID]; {
		case e.Action == "issue":
			state[e.CredentialID] = "active"
		case e.Action == "suspend" && st == "active":
			state[e.CredentialID] = "suspended"
		case e.Action == "reinstate" && st == "suspended":
			state[e.CredentialID] = "active"
		case e.Action == "revoke":
			state[e.CredentialID] = "revoked"
		}
	}
	credOrgs := map[string][]string{}
	for _, a := range attrs {
		credOrgs[a.CredentialID] = append(credOrgs[a.CredentialID], a.OrgID)
	}
	orgKind, orgDistrict, orgCons := map[string]string{}, map[string]string{}, map[string][]string{}
	for _, o := range orgs {
		orgKind[o.ID], orgDistrict[o.ID] = o.Kind, o.District
	}
	for _, m := range members {
		orgCons[m.OrgID] = append(orgCons[m.OrgID], m.ConsortiumID)
	}
	people := map[Scope]map[string]bool{}
	in := func(k Scope, user string) {
		if people[k] == nil {
			people[k] = map[string]bool{}
		}
		people[k][user] = true
	}
	for _, c := range creds {
		if qualifying == "" && strings.HasPrefix(c.TrackSlug, "event:") ||
			qualifying != "" && !slices.Contains(strings.Split(qualifying, ","), c.TrackSlug) {
			continue
		}
		if c.ValidFrom.After(end) || c.ValidUntil.Valid && !end.Before(c.ValidUntil.Time) || state[c.ID] != "active" {
			continue
		}
		in(Scope{KindCity, ""}, c.UserID)
		in(Scope{KindTrack, c.TrackSlug}, c.UserID)
		for _, o := range credOrgs[c.ID] {
			in(Scope{KindOrg, o}, c.UserID)
			in(Scope{KindOrgTrack, o + "/" + c.TrackSlug}, c.UserID)
			in(Scope{KindOrgKind, orgKind[o]}, c.UserID)
			if orgDistrict[o] != "" {
				in(Scope{KindDistrict, orgDistrict[o]}, c.UserID)
			}
			for _, cid := range orgCons[o] {
				in(Scope{KindConsortium, cid}, c.UserID)
				in(Scope{KindConsortiumTrack, cid + "/" + c.TrackSlug}, c.UserID)
				in(Scope{KindConsortiumOrgKind, cid + "/" + orgKind[o]}, c.UserID)
				if orgDistrict[o] != "" {
					in(Scope{KindConsortiumDistrict, cid + "/" + orgDistrict[o]}, c.UserID)
				}
			}
		}
	}
	out := map[Scope]int64{}
	for k, set := range people {
		out[k] = int64(len(set))
	}
	return out
}

var allKinds = []string{KindCity, KindTrack, KindOrg, KindOrgKind, KindDistrict, KindConsortium,
	KindOrgTrack, KindConsortiumTrack, KindConsortiumOrgKind, KindConsortiumDistrict}

// maintained reads every scope's count as of d from the maintained deltas.
func (w *world) maintained(d Day) map[Scope]int64 {
	w.t.Helper()
	sels := make([]scopeSel, len(allKinds))
	for i, k := range allKinds {
		sels[i] = scopeSel{Kind: k}
	}
	got, err := countsAsOf(w.ctx, w.d.R, d, sels)
	if err != nil {
		w.t.Fatal(err)
	}
	return got
}

// check compares the maintained counts with the brute force as of days.
func (w *world) check(step string, days ...Day) {
	w.t.Helper()
	for _, d := range days {
		want, got := w.bruteForce(d), w.maintained(d)
		if maps.Equal(want, got) {
			continue
		}
		var diffs []string
		for k := range merged(want, got) {
			if want[k] != got[k] {
				diffs = append(diffs, fmt.Sprintf("  %s %s: maintained %d, recount %d", k.Kind, k.ID, got[k], want[k]))
			}
		}
		sort.Strings(diffs)
		tail := w.log[max(0, len(w.log)-12):]
		w.t.Fatalf("after %s, counts as of %s differ:\n%s\nlast steps:\n  %s", step, d, strings.Join(diffs, "\n"), strings.Join(tail, "\n  "))
	}
}

func merged(a, b map[Scope]int64) map[Scope]bool {
	out := map[Scope]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

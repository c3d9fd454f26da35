package talent

import (
	"database/sql"
	"slices"

	"gorm.io/gorm"
)

// loadFacts reads the people's credentials with their status events and
// attributed orgs, in three queries.
func loadFacts(tx *gorm.DB, users []string) (map[string][]credFacts, error) {
	out := map[string][]credFacts{}
	where := map[string]*credFacts{}
	rows, err := tx.Raw(`SELECT id, user_id, track_slug, valid_from, valid_until, status, status_changed_at
		FROM credentials WHERE user_id IN ? ORDER BY user_id, id`, users).Rows()
	if err != nil {
		return nil, err
	}
	var owners []string
	for rows.Next() {
		var c credFacts
		var owner string
		var until, changed sql.NullTime
		if err := rows.Scan(&c.ID, &owner, &c.Track, &c.ValidFrom, &until, &c.Status, &changed); err != nil {
			rows.Close()
			return nil, err
		}
		if until.Valid {
			c.ValidUntil = &until.Time
		}
		if changed.Valid {
			c.StatusChangedAt = &changed.Time
		}
		out[owner] = append(out[owner], c)
		owners = append(owners, owner)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, u := range slices.Compact(owners) {
		for i := range out[u] {
			where[out[u][i].ID] = &out[u][i]
		}
	}
	rows, err = tx.Raw(`SELECT e.credential_id, e.action, e.created_at FROM credential_events e
		JOIN credentials c ON c.id = e.credential_id
		WHERE c.user_id IN ? AND e.action IN ('suspend', 'reinstate', 'revoke')
		ORDER BY e.credential_id, e.created_at, e.id`, users).Rows()
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var e statusEvent
		if err := rows.Scan(&id, &e.Action, &e.At); err != nil {
			rows.Close()
			return nil, err
		}
		if c := where[id]; c != nil {
			c.Events = append(c.Events, e)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.Raw(`SELECT a.credential_id, a.org_id FROM talent_credential_orgs a
		JOIN credentials c ON c.id = a.credential_id WHERE c.user_id IN ?`, users).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, orgID string
		if err := rows.Scan(&id, &orgID); err != nil {
			return nil, err
		}
		if c := where[id]; c != nil {
			c.Orgs = append(c.Orgs, orgID)
		}
	}
	return out, rows.Err()
}

// loadAtoms reads the people's stored spans.
func loadAtoms(tx *gorm.DB, users []string) (map[string]atoms, error) {
	rows, err := tx.Raw("SELECT user_id, spans FROM talent_people WHERE user_id IN ?", users).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]atoms{}
	for rows.Next() {
		var u, text string
		if err := rows.Scan(&u, &text); err != nil {
			return nil, err
		}
		if out[u], err = decodeAtoms(text); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}

// liveDims reads where orgs sit now (all orgs when ids is nil).
func liveDims(tx *gorm.DB, ids []string) (map[string]orgDims, error) {
	out := map[string]orgDims{}
	q, mq := tx.Raw("SELECT id, kind, district FROM orgs"), tx.Raw("SELECT org_id, consortium_id FROM consortium_members ORDER BY org_id, consortium_id")
	if ids != nil {
		if len(ids) == 0 {
			return out, nil
		}
		q = tx.Raw("SELECT id, kind, district FROM orgs WHERE id IN ?", ids)
		mq = tx.Raw("SELECT org_id, consortium_id FROM consortium_members WHERE org_id IN ? ORDER BY org_id, consortium_id", ids)
	}
	rows, err := q.Rows()
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var d orgDims
		if err := rows.Scan(&id, &d.Kind, &d.District); err != nil {
			rows.Close()
			return nil, err
		}
		out[id] = d
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = mq.Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var orgID, cid string
		if err := rows.Scan(&orgID, &cid); err != nil {
			return nil, err
		}
		if d, ok := out[orgID]; ok {
			d.Consortiums = append(d.Consortiums, cid)
			out[orgID] = d
		}
	}
	return out, rows.Err()
}

// storedDims reads where the counts place orgs (all when ids is nil). An
// org the counts have never placed is placed where it sits now.
func storedDims(tx *gorm.DB, ids []string) (map[string]orgDims, error) {
	out := map[string]orgDims{}
	q := tx.Raw("SELECT org_id, kind, district, consortiums FROM talent_org_dims")
	if ids != nil {
		if len(ids) == 0 {
			return out, nil
		}
		q = tx.Raw("SELECT org_id, kind, district, consortiums FROM talent_org_dims WHERE org_id IN ?", ids)
	}
	rows, err := q.Rows()
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, list string
		var d orgDims
		if err := rows.Scan(&id, &d.Kind, &d.District, &list); err != nil {
			rows.Close()
			return nil, err
		}
		d.Consortiums = parseConsortiumList(list)
		out[id] = d
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var missing []string
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	live, err := liveDims(tx, missing)
	if err != nil {
		return nil, err
	}
	if err := writeDims(tx, live); err != nil {
		return nil, err
	}
	for id, d := range live {
		out[id] = d
	}
	return out, nil
}

// writeDims records where the counts now place orgs.
func writeDims(tx *gorm.DB, dims map[string]orgDims) error {
	b := NewBulk(tx, "talent_org_dims", []string{"org_id", "kind", "district", "consortiums"},
		"ON CONFLICT (org_id) DO UPDATE SET kind = excluded.kind, district = excluded.district, consortiums = excluded.consortiums")
	for _, id := range keysOf(dims) {
		d := dims[id]
		if err := b.Add(id, d.Kind, d.District, d.consortiumList()); err != nil {
			return err
		}
	}
	return b.Flush()
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

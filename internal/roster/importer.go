package roster

import (
	"context"
	"errors"
	"time"

	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/db"
	"gorm.io/gorm"
)

// Import modes: upsert adds and updates; sync also marks members missing
// from the file inactive in the cohort (never deleted).
const (
	ModeUpsert = "upsert"
	ModeSync   = "sync"
)

// Student is one valid roster row.
type Student struct {
	Line          int
	StudentNumber string
	Name          string
	Email         string // normalized
	IDCard        string // optional; only its keyed hash is stored
}

// Problem is one rejected row, in both languages.
type Problem struct {
	Row       int    `json:"row"`
	Column    string `json:"column,omitempty"`
	Code      string `json:"code"`
	MessageZh string `json:"messageZh"`
	MessageEn string `json:"messageEn"`
}

// Counts summarizes an import.
type Counts struct {
	Created     int `json:"created"`
	Updated     int `json:"updated"`
	Unchanged   int `json:"unchanged"`
	Deactivated int `json:"deactivated"`
	Rejected    int `json:"rejected"`
}

// Report is the answer to an import, dry run or real.
type Report struct {
	CohortID string    `json:"cohortId"`
	Format   string    `json:"format"`
	Encoding string    `json:"encoding,omitempty"`
	Mode     string    `json:"mode"`
	DryRun   bool      `json:"dryRun"`
	Applied  bool      `json:"applied"`
	Rows     int       `json:"rows"`
	Counts   Counts    `json:"counts"`
	Rejected []Problem `json:"rejected"`
}

// errRollback ends a transaction whose work was only a rehearsal.
var errRollback = errors.New("rollback")

// apply runs the import in one transaction. A dry run executes exactly the
// same statements and rolls back, so its report is what the real import
// would do; a real import commits only when no row was rejected.
func (s *Service) apply(ctx context.Context, co *Cohort, students []Student, rep *Report) error {
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.applyTx(ctx, tx, co, students, rep); err != nil {
			return err
		}
		if rep.DryRun || len(rep.Rejected) > 0 {
			return errRollback
		}
		return nil
	})
	if errors.Is(err, errRollback) {
		err = nil
	}
	rep.Applied = err == nil && !rep.DryRun && len(rep.Rejected) == 0
	rep.Counts.Rejected = len(rep.Rejected)
	return err
}

// userRow is the part of an account an import compares.
type userRow struct {
	ID          string
	Email       string
	DisplayName string
}

func (s *Service) applyTx(ctx context.Context, tx *gorm.DB, co *Cohort, students []Student, rep *Report) error {
	now := time.Now().UTC()
	// The org's student numbers, and the users behind them, in one query.
	var mapped []struct {
		StudentNumber, ID, Email, DisplayName string
	}
	if err := tx.Raw(`SELECT os.student_number, u.id, u.email, u.display_name FROM org_students os JOIN users u ON u.id = os.user_id
		WHERE os.org_id = ?`, co.OrgID).Scan(&mapped).Error; err != nil {
		return err
	}
	byNumber := make(map[string]userRow, len(mapped))
	for _, m := range mapped {
		byNumber[m.StudentNumber] = userRow{ID: m.ID, Email: m.Email, DisplayName: m.DisplayName}
	}
	// Existing accounts by email and by ID-card hash, looked up in chunks.
	emails := make([]string, 0, len(students))
	hashes := []string{}
	for _, st := range students {
		emails = append(emails, st.Email)
		if st.IDCard != "" {
			hashes = append(hashes, s.ring.KeyedHash("id-card", st.IDCard))
		}
	}
	byEmail := map[string]userRow{}
	byIDCard := map[string]userRow{}
	for _, chunk := range chunks(emails, 500) {
		var rows []userRow
		if err := tx.Raw("SELECT id, email, display_name FROM users WHERE email IN ?", chunk).Scan(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			byEmail[r.Email] = r
		}
	}
	for _, chunk := range chunks(hashes, 500) {
		var rows []struct {
			ID, Email, DisplayName, IDCardHash string
		}
		if err := tx.Raw("SELECT id, email, display_name, id_card_hash FROM users WHERE id_card_hash IN ?", chunk).Scan(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			byIDCard[r.IDCardHash] = userRow{ID: r.ID, Email: r.Email, DisplayName: r.DisplayName}
		}
	}
	var activeBefore []string
	if err := tx.Raw("SELECT user_id FROM cohort_members WHERE cohort_id = ? AND status = 'active'", co.ID).Scan(&activeBefore).Error; err != nil {
		return err
	}
	wasActive := make(map[string]bool, len(activeBefore))
	for _, id := range activeBefore {
		wasActive[id] = true
	}

	seen := make(map[string]bool, len(students))
	for _, st := range students {
		var hash *string
		if st.IDCard != "" {
			h := s.ring.KeyedHash("id-card", st.IDCard)
			hash = &h
		}
		changed := false
		u, found := byNumber[st.StudentNumber]
		if !found {
			u, found = byEmail[st.Email]
			if !found && hash != nil {
				u, found = byIDCard[*hash]
			}
			if found {
				changed = true // the org learns this person's student number
			}
		}
		if !found {
			u = userRow{ID: db.NewID(), Email: st.Email, DisplayName: st.Name}
			// No password: the student activates the account (see
			// README), so an import of 50,000 runs no password hashing.
			if err := tx.Exec(`INSERT INTO users (id, email, display_name, password_hash, platform_admin, status, id_card_hash, created_at, updated_at)
				VALUES (?, ?, ?, '', FALSE, ?, ?, ?, ?)`, u.ID, st.Email, st.Name, auth.UserActive, hash, now, now).Error; err != nil {
				if db.IsUniqueViolation(err) {
					rep.Rejected = append(rep.Rejected, rowConflict(st, "idCard", "身份证号已属于另一个账号", "this ID card number belongs to another account"))
					continue
				}
				return err
			}
			byEmail[st.Email] = u
			rep.Counts.Created++
		} else {
			if u.Email != st.Email {
				if other, taken := byEmail[st.Email]; taken && other.ID != u.ID {
					rep.Rejected = append(rep.Rejected, rowConflict(st, "email", "该邮箱已属于另一名学生", "this email belongs to another student's account"))
					continue
				}
				changed = true
			}
			if u.DisplayName != st.Name {
				changed = true
			}
			if changed {
				if err := tx.Exec("UPDATE users SET email = ?, display_name = ?, updated_at = ? WHERE id = ?", st.Email, st.Name, now, u.ID).Error; err != nil {
					return err
				}
				delete(byEmail, u.Email)
				u.Email, u.DisplayName = st.Email, st.Name
				byEmail[st.Email] = u
			}
		}
		if _, mappedHere := byNumber[st.StudentNumber]; !mappedHere {
			if err := tx.Exec("INSERT INTO org_students (org_id, student_number, user_id, created_at) VALUES (?, ?, ?, ?)",
				co.OrgID, st.StudentNumber, u.ID, now).Error; err != nil {
				if db.IsUniqueViolation(err) {
					rep.Rejected = append(rep.Rejected, rowConflict(st, "studentNumber", "学号冲突", "student number conflict"))
					continue
				}
				return err
			}
			byNumber[st.StudentNumber] = u
		}
		if err := tx.Exec(`INSERT INTO memberships (id, user_id, org_id, role, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (org_id, user_id, role) DO NOTHING`, db.NewID(), u.ID, co.OrgID, auth.RoleStudent, auth.MemberActive, now, now).Error; err != nil {
			return err
		}
		if !wasActive[u.ID] {
			if err := tx.Exec(`INSERT INTO cohort_members (cohort_id, user_id, status, joined_at, updated_at) VALUES (?, ?, 'active', ?, ?)
				ON CONFLICT (cohort_id, user_id) DO UPDATE SET status = 'active', updated_at = excluded.updated_at`, co.ID, u.ID, now, now).Error; err != nil {
				return err
			}
			if found {
				changed = true
			}
		}
		for _, t := range co.Tracks {
			if err := tx.Exec(`INSERT INTO enrollments (id, user_id, track_slug, track_version, enrolled_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (user_id, track_slug) DO NOTHING`, db.NewID(), u.ID, t, s.trackVersion(t), now).Error; err != nil {
				return err
			}
		}
		seen[u.ID] = true
		if found {
			if changed {
				rep.Counts.Updated++
			} else {
				rep.Counts.Unchanged++
			}
		}
	}
	if rep.Mode == ModeSync {
		var gone []string
		for _, id := range activeBefore {
			if !seen[id] {
				gone = append(gone, id)
			}
		}
		for _, chunk := range chunks(gone, 500) {
			if err := tx.Exec("UPDATE cohort_members SET status = 'inactive', updated_at = ? WHERE cohort_id = ? AND user_id IN ?", now, co.ID, chunk).Error; err != nil {
				return err
			}
		}
		rep.Counts.Deactivated = len(gone)
	}
	return nil
}

func (s *Service) trackVersion(slug string) int {
	if t := s.catalog.Catalog().Track(slug); t != nil {
		return t.Version
	}
	return 1
}

func rowConflict(st Student, column, zh, en string) Problem {
	return Problem{Row: st.Line, Column: column, Code: "conflict", MessageZh: zh, MessageEn: en}
}

func chunks[T any](xs []T, n int) [][]T {
	var out [][]T
	for len(xs) > n {
		out = append(out, xs[:n])
		xs = xs[n:]
	}
	if len(xs) > 0 {
		out = append(out, xs)
	}
	return out
}

package roster

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
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
func (s *Service) apply(ctx context.Context, co *Cohort, students []Student, rep *Report, progress Progress) error {
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.applyTx(ctx, tx, co, students, rep, progressTracker(progress, len(students))); err != nil {
			return err
		}
		if rep.DryRun || len(rep.Rejected) > 0 {
			return errRollback
		}
		return audit.Record(ctx, tx, importedEntry(co, rep))
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

func (s *Service) applyTx(ctx context.Context, tx *gorm.DB, co *Cohort, students []Student, rep *Report, tr *tracker) error {
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

	// Decide every row in memory first, then write each table with
	// multi-row statements: a 10,000-row roster becomes a few dozen
	// statements instead of 50,000.
	w := bulkWrite{now: now, progress: tr.cohort(len(students))}
	seen := make(map[string]bool, len(students))
	newHashes := map[string]bool{}
	for _, st := range students {
		var hash *string
		if st.IDCard != "" {
			h := s.ring.KeyedHash("id-card", st.IDCard)
			hash = &h
		}
		changed := false
		matchedBy := "studentNumber"
		u, found := byNumber[st.StudentNumber]
		if !found {
			matchedBy = "email"
			u, found = byEmail[st.Email]
			if !found && hash != nil {
				matchedBy = "idCard"
				u, found = byIDCard[*hash]
			}
			if found {
				changed = true // the org learns this person's student number
			}
		}
		if !found {
			if hash != nil && newHashes[*hash] {
				rep.Rejected = append(rep.Rejected, rowConflict(st, "idCard", "身份证号已属于另一个账号", "this ID card number belongs to another account"))
				continue
			}
			if hash != nil {
				newHashes[*hash] = true
			}
			u = userRow{ID: db.NewID(), Email: st.Email, DisplayName: st.Name}
			// No password: the student activates the account (see
			// README), so an import of 50,000 runs no password hashing.
			w.users = append(w.users, []any{u.ID, st.Email, st.Name, auth.UserActive, hash, now, now})
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
			if u.Email != st.Email || u.DisplayName != st.Name {
				w.updates = append(w.updates, userRow{ID: u.ID, Email: st.Email, DisplayName: st.Name})
				delete(byEmail, u.Email)
				u.Email, u.DisplayName = st.Email, st.Name
				byEmail[st.Email] = u
			}
		}
		if seen[u.ID] {
			// Two rows that resolve to one person (by number on one row,
			// by email or ID card on the other) would make the result
			// depend on row order.
			rep.Rejected = append(rep.Rejected, rowConflict(st, matchedBy, "与文件中另一行是同一个人", "this row is the same person as another row in the file"))
			continue
		}
		if _, mappedHere := byNumber[st.StudentNumber]; !mappedHere {
			w.orgStudents = append(w.orgStudents, []any{co.OrgID, st.StudentNumber, u.ID, now})
			byNumber[st.StudentNumber] = u
		}
		w.memberships = append(w.memberships, []any{db.NewID(), u.ID, co.OrgID, auth.RoleStudent, auth.MemberActive, now, now})
		if !wasActive[u.ID] {
			w.cohortMembers = append(w.cohortMembers, []any{co.ID, u.ID, now, now})
			if found {
				changed = true
			}
		}
		for _, t := range co.Tracks {
			w.enrollments = append(w.enrollments, []any{db.NewID(), u.ID, t, s.trackVersion(t), now})
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
		for _, id := range activeBefore {
			if !seen[id] {
				w.gone = append(w.gone, id)
			}
		}
		rep.Counts.Deactivated = len(w.gone)
	}
	if len(rep.Rejected) > 0 {
		return nil // nothing will be kept; the report is complete
	}
	return w.exec(tx, co.ID)
}

// bulkWrite is an import's planned writes, one slice per table.
type bulkWrite struct {
	now                                            time.Time
	users, orgStudents, memberships, cohortMembers [][]any
	enrollments                                    [][]any
	updates                                        []userRow
	gone                                           []string
	progress                                       func(done, total int)
}

// errConcurrentImport answers a unique-key race with another import that
// committed first (possible on PostgreSQL, where writers run in parallel).
var errConcurrentImport = httpx.NewProblem(409, "import-conflict",
	"another import changed these students at the same time; nothing was written, send the import again")

func (w *bulkWrite) exec(tx *gorm.DB, cohortID string) error {
	steps := []struct {
		head, tuple, onConflict string
		rows                    [][]any
	}{
		{"INSERT INTO users (id, email, display_name, password_hash, platform_admin, status, id_card_hash, created_at, updated_at) VALUES ",
			"(?, ?, ?, '', FALSE, ?, ?, ?, ?)", "", w.users},
		{"INSERT INTO org_students (org_id, student_number, user_id, created_at) VALUES ", "(?, ?, ?, ?)", "", w.orgStudents},
		{"INSERT INTO memberships (id, user_id, org_id, role, status, created_at, updated_at) VALUES ",
			"(?, ?, ?, ?, ?, ?, ?)", " ON CONFLICT (org_id, user_id, role) DO NOTHING", w.memberships},
		{"INSERT INTO cohort_members (cohort_id, user_id, status, joined_at, updated_at) VALUES ", "(?, ?, 'active', ?, ?)",
			" ON CONFLICT (cohort_id, user_id) DO UPDATE SET status = 'active', updated_at = excluded.updated_at", w.cohortMembers},
		{"INSERT INTO enrollments (id, user_id, track_slug, track_version, enrolled_at) VALUES ", "(?, ?, ?, ?, ?)",
			" ON CONFLICT (user_id, track_slug) DO NOTHING", w.enrollments},
	}
	// Renames first: a new student may take the email another student
	// gives up in the same roster.
	for _, u := range w.updates {
		if err := tx.Exec("UPDATE users SET email = ?, display_name = ?, updated_at = ? WHERE id = ?", u.Email, u.DisplayName, w.now, u.ID).Error; err != nil {
			if db.IsUniqueViolation(err) {
				return errConcurrentImport
			}
			return err
		}
	}
	total, done := len(w.updates), 0
	for _, st := range steps {
		total += len(st.rows)
	}
	written := func(n int) {
		done += n
		w.progress(done, total)
	}
	for _, st := range steps {
		if err := insertRows(tx, st.head, st.tuple, st.onConflict, st.rows, written); err != nil {
			if db.IsUniqueViolation(err) {
				return errConcurrentImport
			}
			return err
		}
		written(1)
	}
	for _, chunk := range chunks(w.gone, 500) {
		if err := tx.Exec("UPDATE cohort_members SET status = 'inactive', updated_at = ? WHERE cohort_id = ? AND user_id IN ?", w.now, cohortID, chunk).Error; err != nil {
			return err
		}
	}
	return nil
}

// maxBindVars keeps one statement under SQLite's default limit of 32,766
// bound parameters (PostgreSQL allows 65,535).
const maxBindVars = 30000

// insertRows writes rows with as few multi-row INSERT statements as the
// parameter limit allows. tuple is one row's "(?, ?, ...)".
func insertRows(tx *gorm.DB, head, tuple, onConflict string, rows [][]any, written func(int)) error {
	if len(rows) == 0 {
		return nil
	}
	perStmt := maxBindVars / len(rows[0])
	for _, chunk := range chunks(rows, perStmt) {
		var b strings.Builder
		b.Grow(len(head) + len(chunk)*(len(tuple)+2) + len(onConflict))
		b.WriteString(head)
		args := make([]any, 0, len(chunk)*len(chunk[0]))
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tuple)
			args = append(args, r...)
		}
		b.WriteString(onConflict)
		if err := tx.Exec(b.String(), args...).Error; err != nil {
			return err
		}
		written(len(chunk))
	}
	return nil
}

// Progress hears how far an import's writes have come, in students.
type Progress func(done, total int)

// tracker turns each cohort's row writes into students done across a
// whole import, which may span several cohorts (a OneRoster bundle).
type tracker struct {
	report      Progress
	total, base int
}

func progressTracker(p Progress, total int) *tracker { return &tracker{report: p, total: total} }

// cohort returns the row-level callback for a cohort of n students.
func (t *tracker) cohort(n int) func(done, total int) {
	base := t.base
	t.base += n
	return func(done, total int) {
		if t.report != nil && total > 0 {
			t.report(base+n*done/total, t.total)
		}
	}
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

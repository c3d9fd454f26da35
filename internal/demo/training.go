package demo

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/credential"
	"github.com/ohtalent/ohtalent/internal/db"
	"gorm.io/gorm"
)

// TrainingDeps are the services the order-based training demo needs.
type TrainingDeps struct {
	DB      *db.DB
	Catalog *catalog.Service
	Creds   *credential.Service
}

// Demo training data, found again by these names on a second run.
const (
	demoCohort = "2026 秋 鸿蒙应用开发 1 班"
	demoTerm   = "2026-autumn"
	demoOrder  = "鸿蒙应用开发工程师（2026 届）"
	demoEvent  = "开源鸿蒙技术沙龙：ArkUI 实战"
)

// SeedTraining adds, after Seed, a small order-based training story: the
// enterprise LJHS orders five app developers from SUT (accepted, with a
// cohort linked) and YZVC (invited); SUT's demo student is certified and
// consents to be seen by LJHS; SUT holds an upcoming salon. Idempotent.
func SeedTraining(ctx context.Context, d TrainingDeps, out io.Writer) error {
	track := d.Catalog.Catalog().Track("app-foundation")
	if track == nil {
		track = d.Catalog.Catalog().Tracks[0]
	}
	ids := map[string]string{}
	for _, code := range []string{"SUT", "YZVC", "LJHS"} {
		var id string
		if err := d.DB.W.WithContext(ctx).Raw("SELECT id FROM orgs WHERE code = ?", code).Scan(&id).Error; err != nil {
			return err
		}
		if id == "" {
			return fmt.Errorf("demo training: run Seed first (org %s is missing)", code)
		}
		ids[code] = id
	}
	var student, hr string
	if err := d.DB.W.WithContext(ctx).Raw("SELECT id FROM users WHERE email = ?", "student@sut.demo.ohtalent.cn").Scan(&student).Error; err != nil {
		return err
	}
	if err := d.DB.W.WithContext(ctx).Raw("SELECT id FROM users WHERE email = ?", "orgadmin@ljhs.demo.ohtalent.cn").Scan(&hr).Error; err != nil {
		return err
	}
	if student == "" || hr == "" {
		return fmt.Errorf("demo training: run Seed first (demo accounts are missing)")
	}
	// The certificate first: issuance takes the write connection itself.
	if _, _, err := d.Creds.Issue(ctx, credential.IssueRequest{UserID: student, Track: track, IssuedBy: "demo",
		Evidence: "演示数据：2026 年 6 月鸿蒙应用开发考试 Demo data: June 2026 exam"}); err != nil {
		return fmt.Errorf("demo credential: %w", err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	return d.DB.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cohort, err := findOrInsert(tx, "SELECT id FROM cohorts WHERE org_id = ? AND name = ? AND term = ?", []any{ids["SUT"], demoCohort, demoTerm},
			"INSERT INTO cohorts (id, org_id, name, term, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
			func(id string) []any { return []any{id, ids["SUT"], demoCohort, demoTerm, now, now} })
		if err != nil {
			return err
		}
		if err := execAll(tx,
			stmt{"INSERT INTO cohort_tracks (cohort_id, track_slug) VALUES (?, ?) ON CONFLICT DO NOTHING", []any{cohort, track.Slug}},
			stmt{"INSERT INTO cohort_members (cohort_id, user_id, status, joined_at, updated_at) VALUES (?, ?, 'active', ?, ?) ON CONFLICT DO NOTHING",
				[]any{cohort, student, now, now}},
		); err != nil {
			return err
		}
		order, err := findOrInsert(tx, "SELECT id FROM training_orders WHERE org_id = ? AND title = ?", []any{ids["LJHS"], demoOrder},
			`INSERT INTO training_orders (id, org_id, title, headcount, deadline, skills, notes, status, created_by, created_at, updated_at)
				VALUES (?, ?, ?, 5, ?, ?, ?, 'open', ?, ?, ?)`,
			func(id string) []any {
				return []any{id, ids["LJHS"], demoOrder, now.AddDate(0, 6, 0), `["ArkTS","ArkUI","分布式数据"]`,
					"毕业后在两江新区入职；提供人才公寓。Onsite in Liangjiang New Area; talent housing provided.", hr, now, now}
			})
		if err != nil {
			return err
		}
		if err := execAll(tx,
			stmt{"INSERT INTO training_order_tracks (order_id, track_slug) VALUES (?, ?) ON CONFLICT DO NOTHING", []any{order, track.Slug}},
			stmt{`INSERT INTO training_order_partners (order_id, org_id, status, note, invited_at, responded_at) VALUES (?, ?, 'accepted', ?, ?, ?)
				ON CONFLICT DO NOTHING`, []any{order, ids["SUT"], "承接 5 名，2026 秋季班 We will train five.", now, now}},
			stmt{`INSERT INTO training_order_partners (order_id, org_id, status, invited_at) VALUES (?, ?, 'invited', ?) ON CONFLICT DO NOTHING`,
				[]any{order, ids["YZVC"], now}},
			stmt{`INSERT INTO training_order_cohorts (order_id, cohort_id, org_id, linked_by, linked_at) VALUES (?, ?, ?, 'demo', ?) ON CONFLICT DO NOTHING`,
				[]any{order, cohort, ids["SUT"], now}},
		); err != nil {
			return err
		}
		if _, err := findOrInsert(tx, "SELECT id FROM training_consents WHERE user_id = ? AND order_id = ?", []any{student, order},
			`INSERT INTO training_consents (id, user_id, scope, order_id, share_email, created_at, updated_at) VALUES (?, ?, 'order', ?, TRUE, ?, ?)`,
			func(id string) []any { return []any{id, student, order, now, now} }); err != nil {
			return err
		}
		start := now.AddDate(0, 0, 14).Truncate(time.Hour)
		if _, err := findOrInsert(tx, "SELECT id FROM training_events WHERE org_id = ? AND title = ?", []any{ids["SUT"], demoEvent},
			`INSERT INTO training_events (id, org_id, kind, title, description, place, starts_at, ends_at, capacity, status, created_by, created_at, updated_at)
				VALUES (?, ?, 'salon', ?, ?, ?, ?, ?, 80, 'scheduled', 'demo', ?, ?)`,
			func(id string) []any {
				return []any{id, ids["SUT"], demoEvent, "企业工程师分享 ArkUI 状态管理与性能调优。Engineers from LJHS on ArkUI state and performance.",
					"山城理工大学 图书馆报告厅", start, start.Add(2 * time.Hour), now, now}
			}); err != nil {
			return err
		}
		fmt.Fprintf(out, "  Demo training: order %q by LJHS with partner SUT; %s is certified and consents; salon %q.\n",
			demoOrder, "student@sut.demo.ohtalent.cn", demoEvent)
		return nil
	})
}

type stmt struct {
	sql  string
	args []any
}

func execAll(tx *gorm.DB, stmts ...stmt) error {
	for _, st := range stmts {
		if err := tx.Exec(st.sql, st.args...).Error; err != nil {
			return err
		}
	}
	return nil
}

// findOrInsert returns the id the lookup finds, or inserts a row with a
// new id and returns that.
func findOrInsert(tx *gorm.DB, lookup string, lookupArgs []any, insert string, values func(id string) []any) (string, error) {
	var id string
	if err := tx.Raw(lookup, lookupArgs...).Scan(&id).Error; err != nil || id != "" {
		return id, err
	}
	id = db.NewID()
	return id, tx.Exec(insert, values(id)...).Error
}

package main

import (
	"context"
	"fmt"
	"time"

	"github.com/ohtalent/ohtalent/scripts/internal/harness"
)

// importScenario kills the server during a large roster import. The import
// is one transaction, so after the restart the cohort has all of the
// roster or none of it, in every table the import writes.
func importScenario(ctx context.Context, t *trialEnv) error {
	admin, err := t.admin(ctx)
	if err != nil {
		return err
	}
	code := fmt.Sprintf("CRASH%d", t.N)
	orgID, cohortID, err := harness.OrgWithCohort(ctx, admin, code, []string{"app-foundation"})
	if err != nil {
		return err
	}
	domain := fmt.Sprintf("t%d.crash.example.cn", t.N)
	csv := harness.RosterCSV(t.opts.rows, domain)
	path := "/api/v1/orgs/" + orgID + "/cohorts/" + cohortID + "/imports"
	// A dry run runs the same statements and rolls back: it measures how
	// long the real import takes on this machine right now, so the kill
	// can land inside it.
	began := time.Now()
	if r, err := admin.Do(ctx, "POST", path+"?dryRun=true", csv, "text/csv"); err != nil || r.Status != 200 {
		return fmt.Errorf("dry run: %v %d", err, r.Status)
	}
	took := time.Since(began)

	type answer struct {
		status  int
		applied bool
		err     error
	}
	answered := make(chan answer, 1)
	go func() {
		r, err := admin.Do(ctx, "POST", path, csv, "text/csv")
		var rep struct {
			Applied bool `json:"applied"`
		}
		if err == nil {
			err = r.Decode(&rep)
		}
		answered <- answer{r.Status, rep.Applied, err}
	}()
	// Mostly inside the import; now and then just after it, which checks
	// that an answered import survives whole.
	t.killAt(time.Duration(float64(took) * (0.3 + 1.5*t.rng.Float64())))
	a := <-answered
	acked := a.err == nil && a.status == 200 && a.applied
	t.Acked = fmt.Sprintf("no answer (import takes ~%s)", took.Round(10*time.Millisecond))
	if acked {
		t.Acked = fmt.Sprintf("200 applied (import took <%s)", t.KillAfter.Round(time.Millisecond))
	}

	if err := t.restart(); err != nil {
		return err
	}
	var co struct {
		ActiveMembers int64 `json:"activeMembers"`
	}
	if err := admin.JSON(ctx, "GET", "/api/v1/orgs/"+orgID+"/cohorts/"+cohortID, nil, &co); err != nil {
		return err
	}
	d, err := t.stopAndCheck()
	if err != nil {
		return err
	}
	defer d.Close()
	rows := int64(t.opts.rows)
	q := &tally{d: d}
	members := q.count("SELECT COUNT(*) FROM cohort_members WHERE cohort_id = ?", cohortID)
	users := q.count("SELECT COUNT(*) FROM users WHERE email LIKE ?", "%@"+domain)
	numbers := q.count("SELECT COUNT(*) FROM org_students WHERE org_id = ?", orgID)
	events := q.count("SELECT COUNT(*) FROM audit_events WHERE action = 'roster.imported' AND target_id = ?", cohortID)
	if q.err != nil {
		return q.err
	}
	t.After = fmt.Sprintf("%d members, %d accounts, %d numbers, %d events", members, users, numbers, events)
	if members != 0 && members != rows {
		t.violate("partial import: %d of %d members", members, rows)
	}
	if users != members || numbers != members {
		t.violate("tables disagree: %d members, %d accounts, %d student numbers", members, users, numbers)
	}
	if wantEvents := map[bool]int64{true: 1, false: 0}[members == rows]; events != wantEvents {
		t.violate("%d audit events for an import with %d members", events, members)
	}
	if acked && members != rows {
		t.violate("the import was answered 200 but %d of %d members survived", members, rows)
	}
	if co.ActiveMembers != members {
		t.violate("the API counted %d members after the restart, the file holds %d", co.ActiveMembers, members)
	}
	return nil
}

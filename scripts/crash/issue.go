package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ohtalent/ohtalent/scripts/internal/harness"
)

const (
	issueStudents = 1000
	issueWorkers  = 12
)

type issued struct {
	ID  string `json:"id"`
	JWT string `json:"jwt"`
}

// issueScenario kills the server while admins issue credentials by hand,
// many at once. Every credential answered 201 must be there after the
// restart and verify as valid; credentials, their events, their audit
// entries and the status-list counter must agree.
func issueScenario(ctx context.Context, t *trialEnv) error {
	admin, err := t.admin(ctx)
	if err != nil {
		return err
	}
	orgID, cohortID, err := harness.OrgWithCohort(ctx, admin, fmt.Sprintf("ISSUE%d", t.N), nil)
	if err != nil {
		return err
	}
	domain := fmt.Sprintf("i%d.crash.example.cn", t.N)
	if r, err := admin.Do(ctx, "POST", "/api/v1/orgs/"+orgID+"/cohorts/"+cohortID+"/imports", harness.RosterCSV(issueStudents, domain), "text/csv"); err != nil || r.Status != 200 {
		return fmt.Errorf("import the holders: %v %d", err, r.Status)
	}

	var (
		mu    sync.Mutex
		acked []issued
		next  atomic.Int64
		wg    sync.WaitGroup
	)
	for w := 0; w < issueWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= issueStudents {
					return
				}
				r, err := admin.Do(ctx, "POST", "/api/v1/credentials", map[string]any{"email": fmt.Sprintf("s%d@%s", i, domain),
					"track": "app-foundation", "evidence": "crash trial exam", "orgId": orgID}, "")
				if err != nil {
					return // the server is gone
				}
				var out issued
				mu.Lock()
				if r.Status != 201 || r.Decode(&out) != nil {
					t.violate("issuance answered %d before the kill: %.200s", r.Status, r.Body)
				} else {
					acked = append(acked, out)
				}
				mu.Unlock()
			}
		}()
	}
	t.killAt(time.Duration(300+t.rng.IntN(1700)) * time.Millisecond)
	wg.Wait()
	t.Acked = fmt.Sprintf("%d credentials answered 201", len(acked))
	if len(acked) == 0 {
		t.violate("no issuance was answered before the kill: the trial proves nothing")
	}

	if err := t.restart(); err != nil {
		return err
	}
	verified := verifyAll(ctx, harness.NewClient(t.srv.URL()), acked, t.trial)
	d, err := t.stopAndCheck()
	if err != nil {
		return err
	}
	defer d.Close()
	q := &tally{d: d}
	creds := q.count("SELECT COUNT(*) FROM credentials")
	events := q.count("SELECT COUNT(*) FROM credential_events WHERE action = 'issue'")
	audits := q.count("SELECT COUNT(*) FROM audit_events WHERE action = 'credential.issued'")
	counter := q.count("SELECT value FROM counters WHERE name = 'credential_status_index'")
	if q.err != nil {
		return q.err
	}
	t.After = fmt.Sprintf("%d stored, %d of %d answered verify valid", creds, verified, len(acked))
	if creds < int64(len(acked)) {
		t.violate("%d credentials answered 201 but only %d stored", len(acked), creds)
	}
	if events != creds || audits != creds {
		t.violate("%d credentials but %d issue events and %d audit entries", creds, events, audits)
	}
	if counter < creds {
		t.violate("status list counter %d is behind %d credentials: indexes would be reused", counter, creds)
	}
	return nil
}

// verifyAll checks each acknowledged credential through POST /verify.
func verifyAll(ctx context.Context, c *harness.Client, creds []issued, t *trial) int {
	var (
		mu       sync.Mutex
		verified int
		wg       sync.WaitGroup
		next     atomic.Int64
	)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(len(creds)) {
					return
				}
				var out struct {
					Verdict string `json:"verdict"`
				}
				err := c.JSON(ctx, "POST", "/api/v1/verify", map[string]any{"credential": creds[i].JWT}, &out)
				mu.Lock()
				switch {
				case err != nil:
					t.violate("verify %s: %v", creds[i].ID, err)
				case out.Verdict != "valid":
					t.violate("credential %s answered 201 before the kill verifies as %q", creds[i].ID, out.Verdict)
				default:
					verified++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return verified
}

package main

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"github.com/ohtalent/ohtalent/scripts/internal/harness"
)

const (
	gradingLearners = 8
	gradingInFlight = 3 // submissions each learner keeps in flight
	gradingPassword = "crash-learner-123"
)

// gradingScenario kills the server (and its sandbox workers) while code
// submissions are queued and running. Every submission answered 2xx must
// reach a final verdict after the restart, and be counted toward progress
// once: a lost job stays queued or running, a job graded twice counts
// twice in lab_scores.attempts.
func gradingScenario(ctx context.Context, t *trialEnv) error {
	_, labs, err := harness.CodeLabs()
	if err != nil {
		return err
	}
	labs = labs[:min(3, len(labs))]
	t.srv.Env = append(t.srv.Env, "OHT_GRADE_WORKERS=2")
	if _, err := t.admin(ctx); err != nil {
		return err
	}
	learners := make([]*harness.Client, gradingLearners)
	for i := range learners {
		c := harness.NewClient(t.srv.URL())
		email := fmt.Sprintf("learner%d.t%d@crash.example.cn", i, t.N)
		if err := c.JSON(ctx, "POST", "/api/v1/auth/register", map[string]any{"email": email, "password": gradingPassword, "displayName": "学员"}, nil); err != nil {
			return err
		}
		if err := c.Login(ctx, email, gradingPassword); err != nil {
			return err
		}
		learners[i] = c
	}

	var (
		mu    sync.Mutex
		acked []string
		wg    sync.WaitGroup
	)
	for k := 0; k < gradingLearners*gradingInFlight; k++ {
		i, c := k%gradingLearners, learners[k%gradingLearners]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := k / gradingLearners; ; n++ {
				lab := labs[(i+n)%len(labs)]
				files := lab.Solution
				switch (i + n) % 5 {
				case 0: // a loop that runs into the time limit keeps the pool busy
					files = map[string]string{lab.Files[0]: lab.Starter[lab.Files[0]] + "\nwhile (true) {}\n"}
				case 1:
					files = lab.Starter
				}
				r, err := c.Do(ctx, "POST", "/api/v1/labs/"+lab.Slug+"/submissions", map[string]any{"files": files, "mode": "submit"}, "")
				if err != nil {
					return // the server is gone
				}
				var out harness.ID
				mu.Lock()
				if (r.Status != 201 && r.Status != 202) || r.Decode(&out) != nil {
					t.violate("submission answered %d before the kill: %.200s", r.Status, r.Body)
				} else {
					acked = append(acked, out.ID)
				}
				mu.Unlock()
			}
		}()
	}
	t.killAt(time.Duration(1000+t.rng.IntN(3000)) * time.Millisecond)
	wg.Wait()

	d, err := database(t.srv.DataDir)
	if err != nil {
		return err
	}
	defer d.Close()
	// Before the restart: how much work did the kill interrupt?
	pending, err := count(d, "SELECT COUNT(*) FROM submissions WHERE status <> 'graded'")
	if err != nil {
		return err
	}
	t.Acked = fmt.Sprintf("%d submissions answered 2xx; %d unfinished", len(acked), pending)
	if err := t.restart(); err != nil {
		return err
	}
	// The sweeper takes up queued jobs and jobs whose lease ran out.
	began := time.Now()
	for {
		left, err := count(d, "SELECT COUNT(*) FROM submissions WHERE status <> 'graded'")
		if err != nil {
			return err
		}
		if left == 0 {
			break
		}
		if time.Since(began) > 3*time.Minute {
			t.violate("%d submissions still not graded 3 minutes after the restart", left)
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	recovered := time.Since(began)
	if err := t.srv.Stop(); err != nil {
		return err
	}
	if err := checkFile(d); err != nil {
		t.violate("%v", err)
	}
	for _, id := range acked {
		var status, verdict string
		err := d.QueryRow("SELECT status, verdict FROM submissions WHERE id = ?", id).Scan(&status, &verdict)
		switch {
		case err == sql.ErrNoRows:
			t.violate("submission %s was answered 2xx but is gone", id)
		case err != nil:
			return err
		case status != "graded" || verdict == "":
			t.violate("submission %s ended %s with verdict %q", id, status, verdict)
		}
	}
	// Each graded submission counts once toward progress, and nothing else
	// does: lab_scores.attempts equals the graded submissions per learner
	// and lab, in both directions.
	q := &tally{d: d}
	miscounted := q.count(`SELECT COUNT(*) FROM lab_scores l WHERE l.attempts <> (SELECT COUNT(*) FROM submissions s
		WHERE s.user_id = l.user_id AND s.lab_slug = l.lab_slug AND s.mode = 'submit' AND s.status = 'graded')`)
	uncounted := q.count(`SELECT COUNT(*) FROM submissions s WHERE s.mode = 'submit' AND s.status = 'graded' AND NOT EXISTS
		(SELECT 1 FROM lab_scores l WHERE l.user_id = s.user_id AND l.lab_slug = s.lab_slug)`)
	reclaimed := q.count("SELECT COUNT(*) FROM submissions WHERE attempts > 1")
	total := q.count("SELECT COUNT(*) FROM submissions")
	graded := q.count("SELECT COUNT(*) FROM submissions WHERE status = 'graded'")
	if q.err != nil {
		return q.err
	}
	if miscounted > 0 || uncounted > 0 {
		t.violate("progress disagrees with gradings: %d learner-labs miscounted, %d gradings not counted", miscounted, uncounted)
	}
	t.After = fmt.Sprintf("%d/%d graded in %.1fs, %d re-claimed, %d counted wrong", graded, total, recovered.Seconds(), reclaimed, miscounted+uncounted)
	return nil
}

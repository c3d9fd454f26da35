package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// benchUILabs are the ArkUI labs whose reference solutions the bench
// submits: a typical one (one component, eight tests) and the largest, the
// industrial dashboard (four components, eight tests, a dozen re-renders
// per test).
var benchUILabs = []string{"arkui-counter-lab", "arkui-dashboard-lab"}

// benchArkUI measures ArkUI lab grading end to end over HTTP (transform,
// headless runtime and tests in the pooled sandbox, result stored) beside
// the code lab grading measured in the same run, and prints them together.
// codeLab is the code lab's figure when the grading bench already ran;
// otherwise it is measured here.
func benchArkUI(ctx context.Context, url string, auth map[string]string, code scenario, codeLab *result, workers int, d time.Duration) error {
	if codeLab == nil {
		run(ctx, code, workers, d/5)
		r := run(ctx, code, workers, d)
		codeLab = &r
	}
	type row struct {
		name  string
		tests int
		r     result
	}
	rows := []row{{"code lab " + benchLab, 15, *codeLab}}
	for _, slug := range benchUILabs {
		lab, err := loadLab(slug)
		if err != nil {
			return err
		}
		submission, _ := json.Marshal(map[string]any{"files": lab.Solution})
		target := url + "/api/v1/labs/" + slug + "/submissions"
		// The figures only mean something if the reference solution
		// really grades to full marks.
		if err := checkFullMarks(target, auth, submission, slug); err != nil {
			return err
		}
		ui := scenario{Name: "POST /labs/" + slug + "/submissions", Method: "POST", URL: target,
			Body: func(int, int) []byte { return submission }, Headers: auth, Want: 201, Concurrency: code.Concurrency}
		run(ctx, ui, workers, d/5) // warm up
		r := run(ctx, ui, workers, d)
		if r.Errors > 0 {
			return fmt.Errorf("%d gradings of %s failed, first: %s", r.Errors, slug, r.FirstErr)
		}
		rows = append(rows, row{"ArkUI lab " + slug, strings.Count(lab.PublicTests+lab.HiddenTests, "it("), r})
	}

	fmt.Printf("\nArkUI lab grading beside code lab grading, end to end over HTTP, %d cores:\n\n", numCPU())
	fmt.Printf("| %-40s | %5s | %10s | %9s | %9s | %11s |\n", "grader", "tests", "gradings/s", "p50", "p99", "vs code lab")
	fmt.Printf("|%s|%s|%s|%s|%s|%s|\n", strings.Repeat("-", 42), strings.Repeat("-", 7), strings.Repeat("-", 12), strings.Repeat("-", 11), strings.Repeat("-", 11), strings.Repeat("-", 13))
	for _, x := range rows {
		fmt.Printf("| %-40s | %5d | %10.1f | %9s | %9s | %11s |\n", x.name, x.tests, x.r.RPS(), fmtDur(x.r.P50), fmtDur(x.r.P99), ratio(x.r.RPS()/codeLab.RPS()))
	}
	return nil
}

// checkFullMarks submits once and checks that the grading scored full marks.
func checkFullMarks(url string, auth map[string]string, body []byte, slug string) error {
	req, err := http.NewRequest("POST", url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range auth {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var s struct {
		Verdict  string `json:"verdict"`
		Score    int    `json:"score"`
		MaxScore int    `json:"maxScore"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil || resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("submitting %s: status %d, %v", slug, resp.StatusCode, err)
	}
	if s.Verdict != "ok" || s.Score != s.MaxScore {
		return fmt.Errorf("the reference solution of %s graded %s, %d of %d", slug, s.Verdict, s.Score, s.MaxScore)
	}
	return nil
}

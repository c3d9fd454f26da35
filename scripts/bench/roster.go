package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/ohtalent/ohtalent/scripts/internal/harness"
)

// benchRoster is n students under a domain of their own for each run, so
// the 50,000-row run creates accounts rather than updating the 10,000.
func benchRoster(n, batch int) []byte {
	return harness.RosterCSV(n, fmt.Sprintf("b%d.univ.example.cn", batch))
}

// benchImport times a real CSV import over HTTP into a new cohort.
func benchImport(url, bearer string, n, batch int) (time.Duration, error) {
	do := func(method, path string, body []byte, ctype string) (*http.Response, error) {
		req, _ := http.NewRequest(method, url+path, bytes.NewReader(body))
		req.Header.Set("Authorization", bearer)
		req.Header.Set("Content-Type", ctype)
		return http.DefaultClient.Do(req)
	}
	resp, err := do("POST", "/api/v1/orgs", []byte(fmt.Sprintf(`{"code":"BENCH%d","kind":"university","name":{"zh":"压测大学"}}`, batch)), "application/json")
	if err != nil {
		return 0, err
	}
	var o struct{ ID string }
	json.NewDecoder(resp.Body).Decode(&o)
	resp.Body.Close()
	resp, err = do("POST", "/api/v1/orgs/"+o.ID+"/cohorts", []byte(`{"name":"bench"}`), "application/json")
	if err != nil {
		return 0, err
	}
	var c struct{ ID string }
	json.NewDecoder(resp.Body).Decode(&c)
	resp.Body.Close()
	body := benchRoster(n, batch)
	start := time.Now()
	resp, err = do("POST", "/api/v1/orgs/"+o.ID+"/cohorts/"+c.ID+"/imports", body, "text/csv")
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return 0, fmt.Errorf("import answered %d", resp.StatusCode)
	}
	return time.Since(start), nil
}

// sqliteImport times the sqlite3 command line loading the same rows into
// the same tables an import writes (users, org_students, memberships,
// cohort_members), created by `ohtalent migrate` so every unique index and
// foreign key is the real one: the floor for "these rows into this schema".
func sqliteImport(bin, tmp string, n, batch int) (time.Duration, error) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		return 0, fmt.Errorf("sqlite3 not installed")
	}
	dir, _ := os.MkdirTemp(tmp, "sqlite3-")
	migrate := exec.Command(bin, "migrate")
	migrate.Env = append(os.Environ(), "OHT_DATA_DIR="+dir)
	if out, err := migrate.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("migrate: %v %s", err, out)
	}
	csvFile := filepath.Join(dir, "roster.csv")
	os.WriteFile(csvFile, benchRoster(n, batch), 0o644)
	// UUID-shaped text keys and ISO timestamps, as the platform stores them.
	const id = "lower(hex(randomblob(16)))"
	const now = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
	script := strings.Join([]string{
		".bail on",
		".output /dev/null",
		"PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;",
		".output stdout",
		"CREATE TEMP TABLE staging (student_number TEXT, name TEXT, email TEXT);",
		".mode csv",
		".import --skip 1 " + csvFile + " staging",
		"BEGIN;",
		"INSERT INTO orgs (id, code, kind, name_zh, created_at, updated_at) VALUES ('org', 'SQLITE3', 'university', '基线', " + now + ", " + now + ");",
		"INSERT INTO cohorts (id, org_id, name, created_at, updated_at) VALUES ('cohort', 'org', 'baseline', " + now + ", " + now + ");",
		"INSERT INTO users (id, email, display_name, password_hash, status, created_at, updated_at) SELECT " + id + ", email, name, '', 'active', " + now + ", " + now + " FROM staging;",
		"CREATE TEMP TABLE imported AS SELECT s.student_number, u.id AS user_id FROM staging s JOIN users u ON u.email = s.email;",
		"INSERT INTO org_students (org_id, student_number, user_id, created_at) SELECT 'org', student_number, user_id, " + now + " FROM imported;",
		"INSERT INTO memberships (id, user_id, org_id, role, status, created_at, updated_at) SELECT " + id + ", user_id, 'org', 'student', 'active', " + now + ", " + now + " FROM imported;",
		"INSERT INTO cohort_members (cohort_id, user_id, status, joined_at, updated_at) SELECT 'cohort', user_id, 'active', " + now + ", " + now + " FROM imported;",
		"COMMIT;",
	}, "\n")
	start := time.Now()
	cmd := exec.Command("sqlite3", filepath.Join(dir, "ohtalent.db"))
	cmd.Stdin = strings.NewReader(script)
	out, err := cmd.CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		return 0, fmt.Errorf("sqlite3: %v %s", err, out)
	}
	return time.Since(start), nil
}

func printImportBench(bin, tmp, url, bearer string) error {
	fmt.Printf("\nroster import: CSV over HTTP (parse, validate, upsert users, memberships, cohort) vs the sqlite3 CLI loading the same rows into the same tables and indexes:\n\n")
	fmt.Printf("| %-8s | %12s | %10s | %12s | %8s |\n", "rows", "ohtalent", "rows/s", "sqlite3 CLI", "ratio")
	fmt.Printf("|%s|%s|%s|%s|%s|\n", strings.Repeat("-", 10), strings.Repeat("-", 14), strings.Repeat("-", 12), strings.Repeat("-", 14), strings.Repeat("-", 10))
	for i, n := range []int{10000, 50000} {
		d, err := benchImport(url, bearer, n, i+1)
		if err != nil {
			return err
		}
		base, err := sqliteImport(bin, tmp, n, i+1)
		ratio := "n/a"
		if err == nil {
			ratio = fmt.Sprintf("%.1fx", d.Seconds()/base.Seconds())
		}
		fmt.Printf("| %-8d | %11.2fs | %10.0f | %11.2fs | %8s |\n", n, d.Seconds(), float64(n)/d.Seconds(), base.Seconds(), ratio)
	}
	return nil
}

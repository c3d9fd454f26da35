// Package runner is the reference external runner: it claims jobs of labs
// that need the real OpenHarmony toolchain, runs the lab's command in a
// fresh temporary directory with the lab's time limit, and posts the
// result back. `ohtalent runner --server URL --token T` runs it.
package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Options configure a runner.
type Options struct {
	Server string        // base URL of the platform
	Token  string        // runner token from POST /api/v1/admin/runners
	Once   bool          // handle at most one job, then return
	Poll   time.Duration // wait between empty claims
	Log    io.Writer
	Client *http.Client
}

// Job mirrors the platform's RunnerJob.
type Job struct {
	ID          string            `json:"id"`
	Lab         string            `json:"lab"`
	Command     string            `json:"command"`
	TimeLimitMs int               `json:"timeLimitMs"`
	MaxScore    int               `json:"maxScore"`
	Files       map[string]string `json:"files"`
	Assets      map[string]string `json:"assets"`
}

// Result mirrors the platform's RunnerResult.
type Result struct {
	Score   int        `json:"score"`
	Verdict string     `json:"verdict"`
	Tests   []TestCase `json:"tests,omitempty"`
	Output  string     `json:"output,omitempty"`
}

// TestCase is one check a grader script reports.
type TestCase struct {
	Name    string `json:"name"`
	Passed  bool   `json:"passed"`
	Message string `json:"message,omitempty"`
}

const maxOutput = 64 << 10

// Run claims and grades jobs until ctx ends (or after one job with Once).
func Run(ctx context.Context, o Options) error {
	if o.Poll == 0 {
		o.Poll = 2 * time.Second
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Client == nil {
		o.Client = &http.Client{Timeout: 30 * time.Second}
	}
	o.Server = strings.TrimRight(o.Server, "/")
	for {
		job, err := claim(ctx, o)
		if err != nil {
			return err
		}
		if job == nil {
			if o.Once {
				return nil
			}
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(o.Poll):
				continue
			}
		}
		res := Grade(ctx, *job)
		fmt.Fprintf(o.Log, "job %s (%s): %s, score %d/%d\n", job.ID, job.Lab, res.Verdict, res.Score, job.MaxScore)
		if err := post(ctx, o, job.ID, res); err != nil {
			return err
		}
		if o.Once {
			return nil
		}
	}
}

func claim(ctx context.Context, o Options) (*Job, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, o.Server+"/api/v1/runner/claim", nil)
	req.Header.Set("Authorization", "Bearer "+o.Token)
	resp, err := o.Client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil
		}
		return nil, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNoContent:
		return nil, nil
	case http.StatusOK:
		var j Job
		if err := json.NewDecoder(resp.Body).Decode(&j); err != nil {
			return nil, fmt.Errorf("decode job: %w", err)
		}
		return &j, nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return nil, fmt.Errorf("claim: %s: %s", resp.Status, body)
}

func post(ctx context.Context, o Options, id string, r Result) error {
	raw, _ := json.Marshal(r)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, o.Server+"/api/v1/runner/jobs/"+id+"/result", bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+o.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := o.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusConflict {
		return nil // someone else finished it after our lease ran out
	}
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("post result: %s: %s", resp.Status, body)
	}
	return nil
}

// Grade runs a job's command in a fresh temporary directory holding the
// lab's grader assets and the learner's files.
func Grade(ctx context.Context, j Job) Result {
	dir, err := os.MkdirTemp("", "oht-runner-")
	if err != nil {
		return Result{Verdict: "runtime_error", Output: "runner: " + err.Error()}
	}
	defer os.RemoveAll(dir)
	for _, set := range []map[string]string{j.Assets, j.Files} {
		for name, content := range set {
			if err := writeInside(dir, name, content); err != nil {
				return Result{Verdict: "runtime_error", Output: "runner: " + err.Error()}
			}
		}
	}
	limit := time.Duration(j.TimeLimitMs) * time.Millisecond
	if limit <= 0 {
		limit = time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", j.Command)
	cmd.Dir = dir
	// A minimal environment: the runner's own token must not leak to the
	// lab's scripts.
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "LANG=C.UTF-8", "OHT_MAX_SCORE=" + fmt.Sprint(j.MaxScore)}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var out limitedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	runErr := cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		return Result{Verdict: "time_limit_exceeded", Output: out.String()}
	}
	if r, ok := lastJSONLine(out.String()); ok {
		r.Verdict = "ok"
		r.Output = out.String()
		r.Score = max(0, min(r.Score, j.MaxScore))
		return r
	}
	r := Result{Verdict: "ok", Output: out.String()}
	var exit *exec.ExitError
	switch {
	case runErr == nil:
		r.Score = j.MaxScore
	case errors.As(runErr, &exit):
		r.Score = 0
	default:
		r.Verdict = "runtime_error"
	}
	return r
}

// writeInside writes name under dir, refusing paths that climb out.
func writeInside(dir, name, content string) error {
	clean := filepath.Clean("/" + name)
	if clean == "/" {
		return fmt.Errorf("bad file name %q", name)
	}
	p := filepath.Join(dir, clean)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	mode := os.FileMode(0o644)
	if strings.HasSuffix(name, ".sh") {
		mode = 0o755
	}
	return os.WriteFile(p, []byte(content), mode)
}

func lastJSONLine(s string) (Result, bool) {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	last := strings.TrimSpace(lines[len(lines)-1])
	if !strings.HasPrefix(last, "{") {
		return Result{}, false
	}
	var r Result
	if err := json.Unmarshal([]byte(last), &r); err != nil {
		return Result{}, false
	}
	return r, true
}

// limitedBuffer keeps the first maxOutput bytes of a command's output.
type limitedBuffer struct{ bytes.Buffer }

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := maxOutput - b.Len(); room > 0 {
		if len(p) > room {
			b.Buffer.Write(p[:room])
		} else {
			b.Buffer.Write(p)
		}
	}
	return len(p), nil
}

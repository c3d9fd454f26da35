// Package harness runs the real ohtalent binary for the crash and load
// scripts (scripts/crash, scripts/load): build it, start it on a data
// directory, kill it or stop it, read its memory, and call its API.
package harness

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ohtalent/ohtalent/courses"
	"github.com/ohtalent/ohtalent/internal/catalog"
)

// Build compiles the module's binary into dir and returns its path; with a
// prebuilt binary (the -bin flag of the scripts) it returns that instead.
func Build(dir, prebuilt string) (string, error) {
	if prebuilt != "" {
		return filepath.Abs(prebuilt)
	}
	fmt.Println("building ohtalent ...")
	bin := filepath.Join(dir, "ohtalent")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build: %w", err)
	}
	return bin, nil
}

// FreeAddr returns a loopback address nobody listens on now.
func FreeAddr() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// Server is one `ohtalent serve` process.
type Server struct {
	Bin     string
	DataDir string
	Addr    string
	Env     []string // OHT_* settings beyond address and data dir

	cmd  *exec.Cmd
	done chan struct{}
	mu   sync.Mutex
	tail []string // the last lines of its log, for reports
}

// URL is the server's base URL.
func (s *Server) URL() string { return "http://" + s.Addr }

// Start runs the process and waits until /readyz answers 200. Starting a
// Server again (after Kill or Stop) reuses its address and data dir: a
// restart.
func (s *Server) Start(timeout time.Duration) error {
	cmd := exec.Command(s.Bin, "serve")
	cmd.Env = append(os.Environ(), append([]string{"OHT_ADDR=" + s.Addr, "OHT_DATA_DIR=" + s.DataDir}, s.Env...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	cmd.Stdout = io.Discard
	// Its own process group, so that Kill takes its sandbox workers too,
	// as a machine failure would.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return err
	}
	s.cmd, s.done = cmd, make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			s.mu.Lock()
			s.tail = append(s.tail, sc.Text())
			if len(s.tail) > 50 {
				s.tail = s.tail[len(s.tail)-50:]
			}
			s.mu.Unlock()
		}
		_ = cmd.Wait()
		close(s.done)
	}()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			return fmt.Errorf("ohtalent exited while starting:\n%s", s.Tail())
		default:
		}
		resp, err := http.Get(s.URL() + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.Kill()
	return fmt.Errorf("ohtalent not ready on %s after %s:\n%s", s.Addr, timeout, s.Tail())
}

// Kill ends the server and its workers with SIGKILL, as a crash would: no
// handler runs, nothing is flushed.
func (s *Server) Kill() {
	if s.cmd == nil {
		return
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	<-s.done
	s.cmd = nil
}

// Stop asks the server to shut down (SIGINT) and waits for it.
func (s *Server) Stop() error {
	if s.cmd == nil {
		return nil
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.Kill()
		return errors.New("ohtalent did not stop within 30 s; killed")
	}
	s.cmd = nil
	return nil
}

// Tail is the end of the server's log.
func (s *Server) Tail() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.tail, "\n")
}

// Pid is the server's process id (0 when not running).
func (s *Server) Pid() int {
	if s.cmd == nil {
		return 0
	}
	return s.cmd.Process.Pid
}

// RSS returns the resident memory of the server process and the sum over
// its child processes (the sandbox workers), in bytes, from /proc.
func (s *Server) RSS() (server, workers int64) {
	pid := s.Pid()
	if pid == 0 {
		return 0, 0
	}
	server = vmRSS(pid)
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid(child) == pid {
			workers += vmRSS(child)
		}
	}
	return server, workers
}

func procStatus(pid int, field string) string {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func vmRSS(pid int) int64 { return statusBytes(pid, "VmRSS") }

// ProcMemory is a process's resident memory and its peak (VmRSS and VmHWM
// of /proc/PID/status) in bytes; zeros where /proc is missing.
func ProcMemory(pid int) (rss, peak int64) {
	return statusBytes(pid, "VmRSS"), statusBytes(pid, "VmHWM")
}

func statusBytes(pid int, field string) int64 {
	kb, _ := strconv.ParseInt(strings.TrimSuffix(procStatus(pid, field), " kB"), 10, 64)
	return kb << 10
}

func ppid(pid int) int {
	n, _ := strconv.Atoi(procStatus(pid, "PPid"))
	return n
}

// Client calls the API as one caller: a token, and an address it claims
// through X-Forwarded-For (believed when the server trusts loopback as its
// proxy).
type Client struct {
	Base    string
	Token   string
	Forward string
	HTTP    *http.Client
}

// NewClient returns a client of base with a connection pool of its own.
func NewClient(base string) *Client {
	return &Client{Base: base, HTTP: &http.Client{Timeout: 120 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 4, IdleConnTimeout: 30 * time.Second}}}
}

// Response is a finished call.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Decode unmarshals the body into v.
func (r Response) Decode(v any) error { return json.Unmarshal(r.Body, v) }

// Do sends body (nil; []byte with contentType; or a value sent as JSON).
func (c *Client) Do(ctx context.Context, method, path string, body any, contentType string) (Response, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return Response{}, err
		}
		rd, contentType = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, rd)
	if err != nil {
		return Response{}, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	if c.Forward != "" {
		req.Header.Set("X-Forwarded-For", c.Forward)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: raw}, err
}

// JSON sends a JSON body and decodes a 2xx answer into out (which may be
// nil); any other status is an error carrying the body.
func (c *Client) JSON(ctx context.Context, method, path string, body, out any) error {
	r, err := c.Do(ctx, method, path, body, "")
	if err != nil {
		return err
	}
	if r.Status < 200 || r.Status > 299 {
		return fmt.Errorf("%s %s: %d %s", method, path, r.Status, truncate(r.Body, 300))
	}
	if out != nil {
		return r.Decode(out)
	}
	return nil
}

// Login logs the client in and keeps the access token.
func (c *Client) Login(ctx context.Context, email, password string) error {
	var out struct {
		AccessToken string `json:"accessToken"`
	}
	if err := c.JSON(ctx, "POST", "/api/v1/auth/login", map[string]string{"email": email, "password": password}, &out); err != nil {
		return err
	}
	c.Token = out.AccessToken
	return nil
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}

// ID is what create calls answer with.
type ID struct {
	ID string `json:"id"`
}

// OrgWithCohort creates an organization and a cohort in it as the admin
// client, and returns their ids.
func OrgWithCohort(ctx context.Context, admin *Client, code string, tracks []string) (orgID, cohortID string, err error) {
	var org, co ID
	if tracks == nil {
		tracks = []string{}
	}
	if err := admin.JSON(ctx, "POST", "/api/v1/orgs", map[string]any{"code": code, "kind": "university",
		"name": map[string]string{"zh": code + " 大学", "en": code + " University"}}, &org); err != nil {
		return "", "", err
	}
	if err := admin.JSON(ctx, "POST", "/api/v1/orgs/"+org.ID+"/cohorts", map[string]any{"name": code + " 班", "tracks": tracks}, &co); err != nil {
		return "", "", err
	}
	return org.ID, co.ID, nil
}

// RosterCSV is n students as a university's export, with emails under
// domain so that each run's students are distinct.
func RosterCSV(n int, domain string) []byte {
	var b bytes.Buffer
	b.WriteString("学号,姓名,邮箱\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%08d,学生%d,s%d@%s\n", i, i, i, domain)
	}
	return b.Bytes()
}

// CodeLabs loads the embedded courses and returns them with their code
// labs that have a reference solution (the ones a script can pass).
func CodeLabs() (*catalog.Catalog, []*catalog.Lab, error) {
	cat, err := catalog.Load(courses.FS)
	if err != nil {
		return nil, nil, err
	}
	var labs []*catalog.Lab
	for _, l := range cat.AllLabs() {
		if l.Kind == catalog.KindCode && len(l.Solution) > 0 {
			labs = append(labs, l)
		}
	}
	if len(labs) == 0 {
		return nil, nil, errors.New("the courses have no code lab with a reference solution")
	}
	return cat, labs, nil
}

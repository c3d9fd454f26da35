package sandbox

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// process is one running worker, used by one Grade call at a time.
type process struct {
	cmd    *exec.Cmd
	stdin  *os.File
	enc    *json.Encoder
	resp   chan response // closed when stdout ends
	exited chan struct{} // closed once the process has been reaped
	state  *os.ProcessState
	stderr *stderrBuffer

	jobs   int
	nextID uint64

	mu         sync.Mutex
	killReason string // why we killed it, if we did
	stderrDone chan struct{}
}

// startProcess starts a worker and waits for its ready line.
func startProcess(o *Options) (*process, error) {
	cmd := exec.Command(o.Command, o.Args...)
	cmd.Env = o.Env
	cmd.SysProcAttr = sysProcAttr()

	// Pipes are made by hand (not StdoutPipe) so that reaping the process
	// never races with reading its last output.
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return nil, err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		outR.Close()
		outW.Close()
		return nil, err
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, errW
	err = cmd.Start()
	inR.Close()
	outW.Close()
	errW.Close()
	if err != nil {
		inW.Close()
		outR.Close()
		errR.Close()
		return nil, err
	}

	p := &process{
		cmd:        cmd,
		stdin:      inW,
		enc:        json.NewEncoder(inW),
		resp:       make(chan response, 1),
		exited:     make(chan struct{}),
		stderr:     newStderrBuffer(8 << 10),
		stderrDone: make(chan struct{}),
	}
	var sink io.Writer = p.stderr
	if o.Stderr != nil {
		sink = io.MultiWriter(p.stderr, errorless{o.Stderr})
	}
	go func() {
		_, _ = io.Copy(sink, errR)
		errR.Close()
		close(p.stderrDone)
	}()
	go p.readLoop(outR)
	go func() {
		_ = cmd.Wait()
		p.state = cmd.ProcessState
		close(p.exited)
	}()

	timer := time.NewTimer(o.StartTimeout)
	defer timer.Stop()
	select {
	case r, ok := <-p.resp:
		if ok && r.Ready {
			return p, nil
		}
		p.kill("bad handshake")
		<-p.exited
		return nil, fmt.Errorf("grade worker %s did not start: %s", o.Command, p.describeExit())
	case <-timer.C:
		p.kill("start timeout")
		<-p.exited
		return nil, fmt.Errorf("grade worker %s did not become ready within %v", o.Command, o.StartTimeout)
	}
}

func (p *process) readLoop(r *os.File) {
	defer close(p.resp)
	defer r.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(r, 64<<10))
	for {
		var m response
		if err := dec.Decode(&m); err != nil {
			// EOF, or output that is not the protocol: either way the
			// worker is done for; classifyDeath says why.
			return
		}
		p.resp <- m
	}
}

// alive reports whether the process is still running and answering.
func (p *process) alive() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// send writes one request; a worker that stops reading its input is as
// dead as one that exited.
func (p *process) send(req request, timeout time.Duration) error {
	_ = p.stdin.SetWriteDeadline(time.Now().Add(timeout))
	return p.enc.Encode(req)
}

// kill stops the process (idempotent); reason is kept for classification.
func (p *process) kill(reason string) {
	p.mu.Lock()
	if p.killReason == "" {
		p.killReason = reason
	}
	p.mu.Unlock()
	if p.cmd.Process != nil {
		_ = p.cmd.Process.Kill()
	}
}

func (p *process) killedFor() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.killReason
}

// stop ends an idle worker politely (EOF on stdin), killing it if it does
// not exit promptly.
func (p *process) stop(grace time.Duration) {
	p.stdin.Close()
	select {
	case <-p.exited:
	case <-time.After(grace):
		p.kill("stopped")
		<-p.exited
	}
}

// awaitExit waits for the process to be reaped and its stderr drained
// after it stopped answering, killing it if it lingers.
func (p *process) awaitExit(grace time.Duration) {
	select {
	case <-p.exited:
	case <-time.After(grace):
		p.kill("stopped answering")
		<-p.exited
	}
	select {
	case <-p.stderrDone:
	case <-time.After(grace):
	}
	p.stdin.Close()
}

func (p *process) describeExit() string {
	var b strings.Builder
	if p.state != nil {
		b.WriteString(p.state.String())
	}
	if head := strings.TrimSpace(p.stderr.Head()); head != "" {
		b.WriteString(": ")
		b.WriteString(firstLines(head, 3))
	}
	return b.String()
}

// Ways a worker can end up dead mid-job, decided from how it died.
const (
	deathTime    = "time"
	deathMemory  = "memory"
	deathCrash   = "crash"
	deathUnknown = "unknown"
)

// classifyDeath explains why a worker died while running a job.
func (p *process) classifyDeath() string {
	if p.killedFor() == killWallTime {
		return deathTime
	}
	st := p.state
	tail := p.stderr.String()
	if st != nil {
		if st.ExitCode() == exitCPULimit {
			return deathTime
		}
		if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			switch ws.Signal() {
			case syscall.SIGXCPU:
				return deathTime
			case syscall.SIGKILL:
				if p.killedFor() == "" {
					// Not us: on Linux that is the OOM killer.
					return deathMemory
				}
			}
		}
	}
	for _, s := range []string{"out of memory", "cannot allocate memory", "memory limit"} {
		if strings.Contains(tail, s) {
			return deathMemory
		}
	}
	if st != nil {
		return deathCrash
	}
	return deathUnknown
}

const killWallTime = "wall time limit"

// stderrBuffer keeps the first and the last n bytes written to it: a Go
// fatal error ("fatal error: runtime: out of memory") comes first and may be
// followed by long goroutine dumps.
type stderrBuffer struct {
	mu   sync.Mutex
	n    int
	head []byte
	tail []byte
}

func newStderrBuffer(n int) *stderrBuffer { return &stderrBuffer{n: n} }

func (t *stderrBuffer) Write(b []byte) (int, error) {
	n := len(b)
	t.mu.Lock()
	defer t.mu.Unlock()
	if room := t.n - len(t.head); room > 0 {
		k := min(room, len(b))
		t.head = append(t.head, b[:k]...)
		b = b[k:]
	}
	t.tail = append(t.tail, b...)
	if len(t.tail) > t.n {
		t.tail = append(t.tail[:0], t.tail[len(t.tail)-t.n:]...)
	}
	return n, nil
}

// String returns head and tail (the middle may be missing).
func (t *stderrBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.head) + string(t.tail)
}

// Head returns the start of the output, where Go puts fatal errors.
func (t *stderrBuffer) Head() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.head)
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, " | ")
}

// errorless keeps copying a worker's stderr even if the caller's writer
// fails: a worker blocked on a full stderr pipe would look hung.
type errorless struct{ w io.Writer }

func (e errorless) Write(b []byte) (int, error) {
	_, _ = e.w.Write(b)
	return len(b), nil
}

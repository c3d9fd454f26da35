package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progressBar draws "label [=====>    ] 42% 4200/10000" on one terminal
// line. On a terminal it redraws in place at most ten times a second; when
// stderr is a file or a pipe (CI logs) it prints a line per tenth instead,
// so logs stay readable.
type progressBar struct {
	mu       sync.Mutex
	w        io.Writer
	label    string
	tty      bool
	last     time.Time
	lastTen  int
	finished bool
}

func newProgressBar(w io.Writer, label string) *progressBar {
	return &progressBar{w: w, label: label, tty: isTerminal(w), lastTen: -1}
}

// Set reports done of total; safe from any goroutine.
func (p *progressBar) Set(done, total int) {
	if total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	done = min(done, total)
	pct := done * 100 / total
	if p.tty {
		if done < total && time.Since(p.last) < 100*time.Millisecond {
			return
		}
		p.last = time.Now()
		const width = 30
		filled := width * done / total
		bar := strings.Repeat("=", filled)
		if filled < width {
			bar += ">" + strings.Repeat(" ", width-filled-1)
		}
		fmt.Fprintf(p.w, "\r%s [%s] %3d%% %d/%d", p.label, bar, pct, done, total)
		return
	}
	if ten := pct / 10; ten != p.lastTen {
		p.lastTen = ten
		fmt.Fprintf(p.w, "%s %3d%% %d/%d\n", p.label, pct, done, total)
	}
}

// Done ends the bar's line.
func (p *progressBar) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty && !p.finished && !p.last.IsZero() {
		fmt.Fprintln(p.w)
	}
	p.finished = true
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

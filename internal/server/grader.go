package server

import (
	"context"
	"sync"

	"github.com/ohtalent/ohtalent/internal/grading/jsrun"
	"github.com/ohtalent/ohtalent/internal/grading/sandbox"
)

// GradeWorkers says how sandbox workers are started. The default runs this
// binary's hidden `grade-worker` command; tests point it at the test
// binary.
var GradeWorkers = sandbox.Options{}

// lazyPool starts the sandbox workers on the first grading, so a replica
// that never grades (or a test that never submits) spawns no processes.
type lazyPool struct {
	opts sandbox.Options
	once sync.Once
	pool *sandbox.Pool
	err  error
}

func newLazyPool(workers int) *lazyPool {
	opts := GradeWorkers
	if workers > 0 {
		opts.Workers = workers
	}
	return &lazyPool{opts: opts}
}

func (l *lazyPool) Grade(ctx context.Context, job jsrun.Job) (jsrun.Result, error) {
	l.once.Do(func() { l.pool, l.err = sandbox.NewPool(l.opts) })
	if l.err != nil {
		return jsrun.Result{}, l.err
	}
	return l.pool.Grade(ctx, job)
}

func (l *lazyPool) Close() {
	l.once.Do(func() {}) // no pool may start after Close
	if l.pool != nil {
		l.pool.Close()
	}
}

package server

import (
	"os"
	"testing"

	"github.com/ohtalent/ohtalent/internal/grading/sandbox"
)

// TestMain lets the test binary serve as the sandbox worker, so tests grade
// in real worker processes without a separately built binary.
func TestMain(m *testing.M) {
	if os.Getenv("OHT_TEST_GRADE_WORKER") == "1" {
		if err := sandbox.WorkerMain(os.Stdin, os.Stdout); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	GradeWorkers = sandbox.Options{Command: os.Args[0], Env: append(os.Environ(), "OHT_TEST_GRADE_WORKER=1")}
	os.Exit(m.Run())
}

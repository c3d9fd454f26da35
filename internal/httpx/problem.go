// Package httpx holds the HTTP conventions every ohtalent route shares:
// RFC 9457 problem+json errors, strict JSON binding, cursor pagination and
// the middleware chain (request ids, logs, recovery, headers, metrics).
package httpx

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
)

// ProblemTypeBase prefixes every problem type URI; the suffix is stable and
// documented in api/openapi.yaml.
const ProblemTypeBase = "https://ohtalent.dev/problems/"

// FieldError points at one wrong field of a request body or one wrong row of
// an import.
type FieldError struct {
	Field   string `json:"field,omitempty"`
	Row     int    `json:"row,omitempty"`
	Message string `json:"message"`
}

// Problem is an RFC 9457 problem details object, usable as an error.
type Problem struct {
	Type      string       `json:"type"`
	Title     string       `json:"title"`
	Status    int          `json:"status"`
	Detail    string       `json:"detail,omitempty"`
	Instance  string       `json:"instance,omitempty"`
	RequestID string       `json:"requestId,omitempty"`
	Errors    []FieldError `json:"errors,omitempty"`

	retryAfter int
}

func (p *Problem) Error() string { return fmt.Sprintf("%d %s: %s", p.Status, p.Title, p.Detail) }

// WithRetryAfter sets the Retry-After header sent with the problem.
func (p *Problem) WithRetryAfter(seconds int) *Problem {
	p.retryAfter = seconds
	return p
}

// NewProblem builds a problem of a stable type slug.
func NewProblem(status int, slug, detail string) *Problem {
	return &Problem{Type: ProblemTypeBase + slug, Title: http.StatusText(status), Status: status, Detail: detail}
}

// Constructors for the problems that recur across packages.
func BadRequest(detail string) *Problem { return NewProblem(400, "bad-request", detail) }
func Unauthorized(detail string) *Problem {
	return NewProblem(401, "unauthorized", detail)
}
func Forbidden(detail string) *Problem { return NewProblem(403, "forbidden", detail) }
func NotFound(what string) *Problem {
	return NewProblem(404, "not-found", what+" was not found")
}
func Conflict(detail string) *Problem { return NewProblem(409, "conflict", detail) }
func TooManyRequests(retryAfter int) *Problem {
	return NewProblem(429, "rate-limited", fmt.Sprintf("too many requests; try again in %d seconds", retryAfter)).WithRetryAfter(retryAfter)
}

// Invalid is a 422 listing every field that must be fixed.
func Invalid(errs ...FieldError) *Problem {
	p := NewProblem(422, "validation", "the request has invalid fields; see errors")
	p.Errors = errs
	return p
}

// Validation collects field errors while a handler checks its input.
type Validation []FieldError

// Add records a problem with one field.
func (v *Validation) Add(field, format string, args ...any) {
	*v = append(*v, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Err returns nil when nothing was added, else a 422 problem.
func (v Validation) Err() error {
	if len(v) == 0 {
		return nil
	}
	return Invalid(v...)
}

// Abort answers with err as problem+json and stops the chain. Errors that
// are not Problems are bugs: they are logged by the recovery middleware's
// caller and answered as a generic 500 with no internals.
func Abort(c *gin.Context, err error) {
	var p *Problem
	if !errors.As(err, &p) {
		_ = c.Error(err) // logged by the request logger, never sent
		p = NewProblem(500, "internal", "an internal error occurred; it has been logged with the request id")
	}
	WriteProblem(c, p)
}

// WriteProblem sends p and aborts.
func WriteProblem(c *gin.Context, p *Problem) {
	out := *p
	out.RequestID = RequestID(c)
	if out.Instance == "" {
		out.Instance = c.Request.URL.Path
	}
	if p.retryAfter > 0 {
		c.Header("Retry-After", fmt.Sprint(p.retryAfter))
	}
	c.Header("Content-Type", "application/problem+json")
	c.AbortWithStatus(out.Status)
	c.Render(out.Status, problemRender{out})
}

type problemRender struct{ p Problem }

func (r problemRender) Render(w http.ResponseWriter) error {
	return writeJSON(w, r.p)
}

func (r problemRender) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/problem+json")
}

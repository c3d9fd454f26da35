package httpx

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
)

const requestIDKey = "httpx.requestID"

// validRequestID accepts 8 to 64 of [A-Za-z0-9._-]: enough for any
// proxy's ids, and nothing that could forge a log line.
func validRequestID(id string) bool {
	if len(id) < 8 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if !requestIDChars[id[i]] {
			return false
		}
	}
	return true
}

var requestIDChars = func() (t [256]bool) {
	for _, r := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-" {
		t[r] = true
	}
	return t
}()

// RequestIDs gives every request an id, reusing a sane X-Request-ID from a
// proxy so one id follows a request across replicas.
func RequestIDs() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader("X-Request-ID")
		if !validRequestID(id) {
			var b [12]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		c.Set(requestIDKey, id)
		c.Header("X-Request-ID", id)
		c.Next()
	}
}

// RequestID returns the current request's id.
func RequestID(c *gin.Context) string { return c.GetString(requestIDKey) }

// AccessLog writes one structured line per request. It logs the route
// pattern, never the raw path or query (they can carry tokens or emails),
// and no client address or body.
func AccessLog(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		attrs := []any{
			"request_id", RequestID(c),
			"method", c.Request.Method,
			"route", route,
			"status", c.Writer.Status(),
			"duration_ms", float64(time.Since(start).Microseconds()) / 1000,
			"bytes", c.Writer.Size(),
		}
		level := slog.LevelInfo
		if len(c.Errors) > 0 {
			level = slog.LevelError
			attrs = append(attrs, "error", c.Errors.Last().Error())
		}
		log.Log(c.Request.Context(), level, "request", attrs...)
	}
}

// Recover turns a panic into a problem+json 500 without a stack trace in
// the response; the trace goes to the log under the request id.
func Recover(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				log.Error("panic", "request_id", RequestID(c), "route", c.FullPath(), "panic", r, "stack", string(debug.Stack()))
				if !c.Writer.Written() {
					WriteProblem(c, NewProblem(500, "internal", "an internal error occurred; it has been logged with the request id"))
				} else {
					c.Abort()
				}
			}
		}()
		c.Next()
	}
}

// SecurityHeaders sets headers that cost nothing and close whole classes of
// attacks (sniffing, framing, referrer leaks, injected scripts).
func SecurityHeaders() gin.HandlerFunc {
	const csp = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
		"script-src 'self'; connect-src 'self'; font-src 'self' data:; object-src 'none'; " +
		"base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
	headers := http.Header{}
	headers.Set("X-Content-Type-Options", "nosniff")
	headers.Set("X-Frame-Options", "DENY")
	headers.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	headers.Set("Cross-Origin-Opener-Policy", "same-origin")
	headers.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	headers.Set("Content-Security-Policy", csp)
	return func(c *gin.Context) {
		h := c.Writer.Header()
		// The value slices are shared by every response; each has length
		// equal to capacity, so a later Add copies instead of writing
		// into them.
		for k, v := range headers {
			h[k] = v[:len(v):len(v)]
		}
		c.Next()
	}
}

// LimitBody caps request bodies; BindJSON turns the overflow into a 413.
// Routes that take bulk input get their own cap in perRoute (by pattern).
func LimitBody(defaultMax int64, perRoute map[string]int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		maxBytes := defaultMax
		if n, ok := perRoute[c.FullPath()]; ok {
			maxBytes = n
		}
		if c.Request.ContentLength > maxBytes {
			WriteProblem(c, NewProblem(413, "body-too-large", "the request body is larger than the limit of "+itoa(maxBytes)+" bytes"))
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxBytes)
		c.Next()
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

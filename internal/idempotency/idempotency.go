// Package idempotency lets clients retry writes safely: a request sent
// with an Idempotency-Key header is executed once per (caller, key), and a
// retry gets the first response back instead of a second effect.
package idempotency

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"gorm.io/gorm"
)

// Header is the request header carrying the key.
const Header = "Idempotency-Key"

// Retention is how long a key is remembered.
const Retention = 24 * time.Hour

type record struct {
	Scope       string    `gorm:"column:scope;primaryKey"`
	IdemKey     string    `gorm:"column:idem_key;primaryKey"`
	RequestHash string    `gorm:"column:request_hash"`
	Status      int       `gorm:"column:status"`
	ContentType string    `gorm:"column:content_type"`
	Location    string    `gorm:"column:location"`
	Body        string    `gorm:"column:body"`
	CreatedAt   time.Time `gorm:"column:created_at"`
}

func (record) TableName() string { return "idempotency_keys" }

// Store keeps responses in the database so that a retry reaching another
// replica is answered the same way.
type Store struct{ db *db.DB }

// New returns a store over d.
func New(d *db.DB) *Store { return &Store{db: d} }

// Middleware wraps one write route. scope names the caller (a user id);
// an empty scope skips the mechanism.
func (s *Store) Middleware(scope func(*gin.Context) string) gin.HandlerFunc {
	return func(c *gin.Context) {
		key := c.GetHeader(Header)
		sc := scope(c)
		if key == "" || sc == "" {
			c.Next()
			return
		}
		if len(key) > 255 || !printable(key) {
			httpx.Abort(c, httpx.BadRequest("Idempotency-Key must be 1 to 255 printable ASCII characters, such as a UUID"))
			return
		}
		body, err := io.ReadAll(c.Request.Body)
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				httpx.Abort(c, httpx.NewProblem(413, "body-too-large", "the request body is larger than the limit"))
				return
			}
			httpx.Abort(c, httpx.BadRequest("the request body could not be read"))
			return
		}
		c.Request.Body = io.NopCloser(bytes.NewReader(body))
		// The query is part of the request: a dry run and the real import
		// with the same body are different requests.
		sum := sha256.Sum256(append([]byte(c.Request.Method+" "+c.Request.URL.RequestURI()+"\n"), body...))
		hash := hex.EncodeToString(sum[:])
		ctx := c.Request.Context()

		rec := record{Scope: sc, IdemKey: key, RequestHash: hash, CreatedAt: time.Now().UTC()}
		err = s.db.W.WithContext(ctx).Create(&rec).Error
		if db.IsUniqueViolation(err) {
			s.replay(c, sc, key, hash)
			return
		}
		if err != nil {
			httpx.Abort(c, err)
			return
		}
		if rand.IntN(100) == 0 {
			s.db.W.WithContext(ctx).Where("created_at < ?", time.Now().UTC().Add(-Retention)).Delete(&record{})
		}
		cw := &capture{ResponseWriter: c.Writer}
		c.Writer = cw
		c.Next()
		status := cw.Status()
		where := s.db.W.WithContext(ctx).Model(&record{}).Where("scope = ? AND idem_key = ?", sc, key)
		if status < 200 || status > 299 || cw.Header().Get("Cache-Control") == "no-store" {
			// Only a success changed anything; after a refusal or an error
			// the key is forgotten so a corrected retry can use it. A
			// no-store response holds a secret (a token shown once) and is
			// never kept in the database.
			where.Delete(&record{})
			return
		}
		where.Updates(map[string]any{"status": status, "content_type": cw.Header().Get("Content-Type"),
			"location": cw.Header().Get("Location"), "body": cw.buf.String()})
	}
}

func (s *Store) replay(c *gin.Context, scope, key, hash string) {
	var rec record
	err := s.db.W.WithContext(c.Request.Context()).Where("scope = ? AND idem_key = ?", scope, key).Take(&rec).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		httpx.Abort(c, httpx.Conflict("a request with this Idempotency-Key just failed; retry it"))
		return
	}
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	switch {
	case rec.RequestHash != hash:
		httpx.Abort(c, httpx.NewProblem(422, "idempotency-key-reused", "this Idempotency-Key was already used for a different request; use a new key"))
	case rec.Status == 0:
		httpx.Abort(c, httpx.Conflict("a request with this Idempotency-Key is still being processed; retry shortly"))
	default:
		c.Header("Idempotency-Replayed", "true")
		if rec.ContentType != "" {
			c.Header("Content-Type", rec.ContentType)
		}
		if rec.Location != "" {
			c.Header("Location", rec.Location)
		}
		c.Status(rec.Status)
		_, _ = c.Writer.WriteString(rec.Body)
		c.Abort()
	}
}

type capture struct {
	gin.ResponseWriter
	buf bytes.Buffer
}

func (w *capture) Write(b []byte) (int, error) {
	w.buf.Write(b)
	return w.ResponseWriter.Write(b)
}

func (w *capture) WriteString(s string) (int, error) {
	w.buf.WriteString(s)
	return w.ResponseWriter.WriteString(s)
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

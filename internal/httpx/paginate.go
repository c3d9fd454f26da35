package httpx

import (
	"encoding/base64"
	"strconv"

	"github.com/gin-gonic/gin"
)

const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// Page is a parsed ?limit=&cursor= pair. Cursors are opaque to clients; we
// encode the last id seen, and ids (UUIDv7) sort by creation time.
type Page struct {
	Limit int
	After string
}

// List is the envelope of every list response.
type List[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"nextCursor"`
}

// ParsePage reads limit and cursor, capping limit at MaxLimit.
func ParsePage(c *gin.Context) (Page, error) {
	p := Page{Limit: DefaultLimit}
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return p, Invalid(FieldError{Field: "limit", Message: "must be a whole number from 1 to 200"})
		}
		p.Limit = min(n, MaxLimit)
	}
	if s := c.Query("cursor"); s != "" {
		raw, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil || len(raw) == 0 || len(raw) > 128 || !CleanText(string(raw)) {
			return p, Invalid(FieldError{Field: "cursor", Message: "is not a cursor this API returned; start again without it"})
		}
		p.After = string(raw)
	}
	return p, nil
}

// NewList trims rows fetched with Limit+1 to the page and sets the cursor
// from the id of the last item kept.
func NewList[T any](rows []T, p Page, id func(T) string) List[T] {
	out := List[T]{Items: rows}
	if out.Items == nil {
		out.Items = []T{}
	}
	if len(rows) > p.Limit {
		out.Items = rows[:p.Limit]
		cur := base64.RawURLEncoding.EncodeToString([]byte(id(out.Items[p.Limit-1])))
		out.NextCursor = &cur
	}
	return out
}

package httpx

import (
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
)

// Text that reaches the database must be valid UTF-8 without NUL:
// PostgreSQL refuses anything else in a text parameter ("invalid byte
// sequence for encoding UTF8"), which would surface as a 500 on any route
// that looks an id up. The HTTP fuzzer found this with path parameters
// such as %00 or %FF; these checks turn it into a 400 at the edge.

// CleanText reports whether s is valid UTF-8 without NUL.
func CleanText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// RejectUnsafeText answers 400 when a path parameter or query value is not
// valid UTF-8 or contains NUL. It must run after routing, as gin runs
// engine middleware, so that the path parameters are known.
func RejectUnsafeText() gin.HandlerFunc {
	return func(c *gin.Context) {
		for _, p := range c.Params {
			if !CleanText(p.Value) {
				Abort(c, BadRequest("the path parameter "+p.Key+" is not valid UTF-8 text (or contains NUL)"))
				return
			}
		}
		for name, vs := range c.Request.URL.Query() {
			for _, v := range vs {
				if !CleanText(name) || !CleanText(v) {
					Abort(c, BadRequest("a query parameter is not valid UTF-8 text (or contains NUL)"))
					return
				}
			}
		}
		c.Next()
	}
}

// hasEscapedNUL reports whether a syntactically valid JSON document has a
// \u0000 escape inside a string (a raw NUL byte is not valid JSON).
func hasEscapedNUL(body []byte) bool {
	in := false
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case !in:
			in = c == '"'
		case c == '"':
			in = false
		case c == '\\':
			if i+5 < len(body) && body[i+1] == 'u' && string(body[i+2:i+6]) == "0000" {
				return true
			}
			i++ // the escaped character, which may be a quote
		}
	}
	return false
}

package httpx

import (
	"bytes"
	"net/http"

	"github.com/gin-gonic/gin"
)

// JSON answers with v as application/json. HTML characters are not escaped
// (the SPA never injects API text as HTML), which keeps Chinese names and
// URLs readable in responses.
func JSON(c *gin.Context, status int, v any) {
	c.Render(status, jsonRender{v})
}

type jsonRender struct{ v any }

func (r jsonRender) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	return writeJSON(w, r.v)
}

func (r jsonRender) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
}

// EncodeJSON encodes v exactly as JSON would send it, for answers that are
// kept and sent again with JSONEncoded.
func EncodeJSON(v any) []byte {
	var b bytes.Buffer
	_ = writeJSON(&b, v)
	return b.Bytes()
}

// JSONEncoded answers with a body EncodeJSON made earlier.
func JSONEncoded(c *gin.Context, status int, body []byte) {
	c.Data(status, "application/json; charset=utf-8", body)
}

package httpx

import (
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

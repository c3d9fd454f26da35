package server

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/frontend"
	"github.com/ohtalent/ohtalent/internal/httpx"
)

var distFS = func() fs.FS {
	sub, err := fs.Sub(frontend.Dist, "dist")
	if err != nil {
		panic(err)
	}
	return sub
}()

// spaOrNotFound serves the SPA's files, falling back to index.html for
// client-side routes (history mode). API paths never fall back: an unknown
// API path is a 404 problem, not an HTML page.
func (s *Server) spaOrNotFound(c *gin.Context) {
	p := c.Request.URL.Path
	if strings.HasPrefix(p, "/api/") || p == "/api" || (c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead) {
		httpx.WriteProblem(c, httpx.NewProblem(404, "not-found", "no route matches "+c.Request.Method+" "+p))
		return
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	if name != "" && name != "index.html" {
		if st, err := fs.Stat(distFS, name); err == nil && !st.IsDir() {
			if strings.HasPrefix(name, "assets/") {
				// Vite puts a content hash in every asset name.
				c.Header("Cache-Control", "public, max-age=31536000, immutable")
			} else {
				c.Header("Cache-Control", "public, max-age=3600")
			}
			c.FileFromFS(name, http.FS(distFS))
			return
		}
		if path.Ext(name) != "" && strings.HasPrefix(name, "assets/") {
			httpx.WriteProblem(c, httpx.NewProblem(404, "not-found", "no such asset"))
			return
		}
	}
	index, err := fs.ReadFile(distFS, "index.html")
	if err != nil {
		httpx.WriteProblem(c, httpx.NewProblem(404, "not-found", "the web app is not built"))
		return
	}
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "text/html; charset=utf-8", index)
}

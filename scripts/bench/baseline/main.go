// Command baseline is the yardstick of `make bench`: a bare gin JSON
// handler with no middleware, measured on the same machine in the same run
// as ohtalent so that results are ratios, not noisy absolute numbers.
package main

import (
	"flag"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.GET("/", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	// The same handler behind a request body, to show what moving a few
	// KiB per request costs before any work is done (verify takes a VC-JWT).
	e.POST("/", func(c *gin.Context) {
		n, _ := io.Copy(io.Discard, c.Request.Body)
		c.JSON(http.StatusOK, gin.H{"status": "ok", "bytes": n})
	})
	if err := e.Run(*addr); err != nil {
		panic(err)
	}
}

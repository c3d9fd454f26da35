package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
)

// BindJSON decodes the request body into dst strictly: the body must be one
// JSON value, valid UTF-8, with no unknown fields and no trailing data. It
// returns a Problem that tells the client what to fix.
func BindJSON(c *gin.Context, dst any) error {
	body, err := ReadJSONBody(c)
	if err != nil {
		return err
	}
	return DecodeJSON(body, dst)
}

// ReadJSONBody checks that the body is declared as JSON and reads it,
// answering the problems BindJSON would, for handlers that look at the
// bytes before decoding them.
func ReadJSONBody(c *gin.Context) ([]byte, error) { return ReadJSONBodyInto(c, nil) }

// ReadJSONBodyInto is ReadJSONBody reading into buf when it is big enough
// (see ReadBodyInto).
func ReadJSONBodyInto(c *gin.Context, buf []byte) ([]byte, error) {
	ct := c.ContentType()
	if ct != "" && ct != "application/json" {
		return nil, NewProblem(415, "unsupported-media-type", "send the body as application/json")
	}
	body, err := ReadBodyInto(c.Request, buf)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, NewProblem(413, "body-too-large", fmt.Sprintf("the request body is larger than %d bytes", tooBig.Limit))
		}
		return nil, BadRequest("the request body could not be read")
	}
	return body, nil
}

// ReadBody reads the whole body (LimitBody bounds it). With a
// Content-Length it reads straight into a slice of that size: io.ReadAll
// grows and copies a buffer several times for a 5 KiB body, which showed
// as a tenth of the verify route's CPU time.
func ReadBody(r *http.Request) ([]byte, error) { return ReadBodyInto(r, nil) }

// ReadBodyInto is ReadBody into buf's storage when the declared length
// fits its capacity, so a handler can reuse one buffer across requests;
// the result then aliases buf and must not outlive the handler's use of it.
func ReadBodyInto(r *http.Request, buf []byte) ([]byte, error) {
	if n := r.ContentLength; n >= 0 && n <= 1<<20 {
		raw := buf[:0]
		if int64(cap(buf)) >= n {
			raw = buf[:n]
		} else {
			raw = make([]byte, n)
		}
		if _, err := io.ReadFull(r.Body, raw); err != nil {
			return nil, err
		}
		return raw, nil
	}
	return io.ReadAll(r.Body)
}

// DecodeJSON is BindJSON's decoder, for bodies read elsewhere.
func DecodeJSON(body []byte, dst any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return BadRequest("the request body is empty; send a JSON object")
	}
	if !utf8.Valid(body) {
		return BadRequest("the request body is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonProblem(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return BadRequest("the request body has data after the JSON value")
	}
	if hasEscapedNUL(body) {
		return BadRequest(`the request body has a NUL character (\u0000) in a string; no field accepts it`)
	}
	return nil
}

func jsonProblem(err error) error {
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return BadRequest(fmt.Sprintf("malformed JSON at byte %d: %s", syntax.Offset, syntax.Error()))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return BadRequest("malformed JSON: the body ends in the middle of a value")
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return BadRequest(fmt.Sprintf("the body must be a JSON object, not %s", typeErr.Value))
		}
		return Invalid(FieldError{Field: field, Message: fmt.Sprintf("must be %s, not %s", jsonKind(typeErr.Type.Kind().String()), typeErr.Value)})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return Invalid(FieldError{Field: name, Message: "unknown field; remove it"})
	}
	return BadRequest("malformed JSON: " + err.Error())
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "map", "struct", "ptr":
		return "an object"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "a whole number"
	case "float32", "float64":
		return "a number"
	}
	return "a " + goKind
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

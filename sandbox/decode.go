package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
)

// maxBodyBytes caps every request body; the largest legitimate body is one 200,000-character article.
const maxBodyBytes = 1 << 20

// decodeBody reads the request's JSON body into dst. Fields dst does not know are ignored, as Quickchat's API
// ignores them (clients send extras, such as mcp_client_name, and work against it).
// Malformed JSON, a wrong Content-Type and oversized bodies are 400; well-formed JSON of the wrong shape is 422.
func decodeBody(w http.ResponseWriter, r *http.Request, dst any) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	return decodeJSON(body, dst)
}

// readBody returns the raw JSON body, at most maxBodyBytes long.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if err := checkJSONContentType(r); err != nil {
		return nil, err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, badRequest("Request body is too large; the limit is 1 MiB.")
		}
		return nil, badRequest("Request body could not be read.")
	}
	return body, nil
}

// checkJSONContentType accepts application/json (with parameters) or no Content-Type at all.
func checkJSONContentType(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return badRequest("Content-Type must be application/json.")
	}
	return nil
}

// decodeJSON decodes exactly one JSON value from body into dst, ignoring fields dst does not know.
func decodeJSON(body []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(dst); err != nil {
		return jsonError(err, dst)
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("Request body must contain a single JSON value.")
	}
	return nil
}

// jsonError turns a decoding failure into a message that names the offending field.
func jsonError(err error, dst any) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF):
		return badRequest("Request body is empty; expected JSON.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("Malformed JSON: unexpected end of input.")
	case errors.As(err, &syntaxErr):
		return badRequest("Malformed JSON at byte %d: %s.", syntaxErr.Offset, syntaxErr.Error())
	case errors.As(err, &typeErr):
		if typeErr.Field == "" {
			return invalid("Request body must be %s.", jsonKind(reflect.TypeOf(dst).Elem()))
		}
		return invalid("Field '%s' must be %s.", typeErr.Field, jsonKind(fieldType(dst, typeErr.Field, typeErr.Type)))
	}
	return badRequest("Malformed JSON.")
}

// fieldType finds the declared type of the top-level JSON field name in *dst, so an error
// inside an array names the array ("an array of strings"), not its element.
func fieldType(dst any, name string, fallback reflect.Type) reflect.Type {
	t := reflect.TypeOf(dst).Elem()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return fallback
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag == name {
			return f.Type
		}
	}
	return fallback
}

// jsonKind names a Go type the way a JSON client thinks of it.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array of " + strings.TrimPrefix(strings.TrimPrefix(jsonKind(t.Elem()), "a "), "an ") + "s"
	case reflect.Struct, reflect.Map:
		return "a JSON object"
	}
	return "a valid value"
}

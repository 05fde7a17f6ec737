package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
)

// Error codes of the Quickchat error envelope (spec: Error Handling).
const (
	codeBadRequest       = "BAD_REQUEST"
	codePermissionDenied = "PERMISSION_DENIED"
	codeNotFound         = "NOT_FOUND"
	codeMethodNotAllowed = "METHOD_NOT_ALLOWED"
	codeConflict         = "CONFLICT"
	codeValidation       = "VALIDATION_ERROR"
	codeTooManyRequests  = "TOO_MANY_REQUESTS"
	codeUnknown          = "UNKNOWN"
)

// apiError is an error a client can act on; anything else a handler returns becomes a 500.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message) }

func badRequest(format string, a ...any) *apiError {
	return &apiError{http.StatusBadRequest, codeBadRequest, fmt.Sprintf(format, a...)}
}

func invalid(format string, a ...any) *apiError {
	return &apiError{http.StatusUnprocessableEntity, codeValidation, fmt.Sprintf(format, a...)}
}

func notFound(format string, a ...any) *apiError {
	return &apiError{http.StatusNotFound, codeNotFound, fmt.Sprintf(format, a...)}
}

func conflict(format string, a ...any) *apiError {
	return &apiError{http.StatusConflict, codeConflict, fmt.Sprintf(format, a...)}
}

func unauthorized(message string) *apiError {
	return &apiError{http.StatusUnauthorized, codePermissionDenied, message}
}

// envelope is the body of every error response: {"errors":{"root":[{"message","code"}]}}.
type envelope struct {
	Errors struct {
		Root []envelopeEntry `json:"root"`
	} `json:"errors"`
}

type envelopeEntry struct {
	Message string `json:"message"`
	Code    string `json:"code"`
}

// writeError answers with the error envelope; errors that are not *apiError are logged and hidden behind a 500.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		log.ErrorContext(r.Context(), "sandbox: internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		ae = &apiError{http.StatusInternalServerError, codeUnknown, "Internal server error."}
	}
	writeJSON(w, ae.status, errorBody(ae.code, ae.message))
}

func errorBody(code, message string) envelope {
	var body envelope
	body.Errors.Root = []envelopeEntry{{Message: message, Code: code}}
	return body
}

// writeJSON writes v as the JSON response body with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		// Only unmarshalable types land here, a programming error; the client still gets the envelope.
		status = http.StatusInternalServerError
		body = []byte(`{"errors":{"root":[{"message":"Internal server error.","code":"UNKNOWN"}]}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

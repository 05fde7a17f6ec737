package apiclient

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// APIError is an answer of the API outside 2xx, with the message the API
// gave so the console can show it to the person who asked.
type APIError struct {
	Status  int    // HTTP status, e.g. 404
	Code    string // the envelope's code, e.g. "NOT_FOUND"
	Message string // the envelope's message(s), joined with "; "
}

// Error reads like "quickchat: 404 NOT_FOUND: Article not found.".
func (e *APIError) Error() string {
	return fmt.Sprintf("quickchat: %d %s: %s", e.Status, e.Code, e.Message)
}

// IsStatus reports whether err is (or wraps) an *APIError with the given
// HTTP status.
func IsStatus(err error, status int) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Status == status
}

// ErrRateBudget is wrapped by the error of a call that would have to wait for
// the token's rate budget beyond its deadline; the call was not sent.
var ErrRateBudget = errors.New("the request is waiting for the API's rate budget")

// envelope is the API's error body: {"errors":{"root":[{"message","code"}]}}.
type envelope struct {
	Errors map[string][]struct {
		Message string `json:"message"`
		Code    string `json:"code"`
	} `json:"errors"`
	// Detail is where some frameworks put the message of errors raised
	// before the API's own handler runs.
	Detail json.RawMessage `json:"detail"`
}

// errorFromResponse turns a non-2xx answer into an *APIError. A body that is
// not the envelope (a proxy's HTML page, nothing at all) gives a generic
// message: its text is never passed on.
func errorFromResponse(status int, body []byte) *APIError {
	e := &APIError{Status: status, Code: codeForStatus(status)}
	var env envelope
	if json.Unmarshal(body, &env) == nil {
		keys := make([]string, 0, len(env.Errors))
		for k := range env.Errors {
			if k != "root" {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		var msgs []string
		code := ""
		// Entries under "root" come first; any per-field entries follow,
		// named by their field.
		for _, k := range append([]string{"root"}, keys...) {
			for _, item := range env.Errors[k] {
				if code == "" && item.Code != "" {
					code = item.Code
				}
				if item.Message == "" {
					continue
				}
				if k == "root" {
					msgs = append(msgs, item.Message)
				} else {
					msgs = append(msgs, k+": "+item.Message)
				}
			}
		}
		if code != "" {
			e.Code = code
		}
		var detail string
		if len(msgs) == 0 && json.Unmarshal(env.Detail, &detail) == nil && detail != "" {
			msgs = append(msgs, detail)
		}
		e.Message = strings.Join(msgs, "; ")
	}
	switch {
	case e.Message != "":
	case status >= 300 && status < 400:
		e.Message = fmt.Sprintf("The API answered %d %s, a redirect this client does not follow: check the API origin.", status, http.StatusText(status))
	default:
		e.Message = fmt.Sprintf("The API answered %d %s without details.", status, http.StatusText(status))
	}
	return e
}

// codeForStatus gives the envelope code the API uses for a status, for
// answers that carry none.
func codeForStatus(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "BAD_REQUEST"
	case http.StatusUnauthorized, http.StatusForbidden:
		return "PERMISSION_DENIED"
	case http.StatusPaymentRequired:
		return "PAYMENT_REQUIRED"
	case http.StatusNotFound:
		return "NOT_FOUND"
	case http.StatusConflict:
		return "CONFLICT"
	case http.StatusUnprocessableEntity:
		return "VALIDATION_ERROR"
	case http.StatusTooManyRequests:
		return "TOO_MANY_REQUESTS"
	case http.StatusBadGateway:
		return "BAD_GATEWAY"
	case http.StatusServiceUnavailable:
		return "SERVICE_UNAVAILABLE"
	case http.StatusGatewayTimeout:
		return "GATEWAY_TIMEOUT"
	}
	return "UNKNOWN"
}

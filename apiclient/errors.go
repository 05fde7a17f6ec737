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
// the token's rate budget beyond its deadline; the call was not sent. It is
// also wrapped, next to the *APIError, when the API answered 429 with a
// Retry-After that ends after the call's deadline: the call then fails at
// once instead of sleeping.
var ErrRateBudget = errors.New("the request is waiting for the API's rate budget")

// ErrUnreachable is wrapped by the error of a call that got no answer at
// all: the connection was refused or reset, the name did not resolve, TLS
// failed. The error also wraps the network error.
var ErrUnreachable = errors.New("the API could not be reached")

// ErrTimeout is wrapped by the error of a call whose deadline passed before
// the API answered, or before its answer was read: the caller's, the
// Client's timeout, or a deadline shared with WithDeadline. When a context
// ended the call, the error also wraps context.DeadlineExceeded.
var ErrTimeout = errors.New("the API did not answer in time")

// ErrUnreadable is wrapped by the error of a call that the API answered with
// a success status, but with something the client cannot read: not JSON (an
// HTML page), JSON of the wrong shape or types, nothing where an answer was
// expected, more than the size limit, or a body cut off. The API was reached,
// so a write may have been applied. The error is an *UnreadableError.
var ErrUnreadable = errors.New("the API's answer could not be read")

// UnreadableError is the error of a call whose successful answer could not
// be read; errors.Is(err, ErrUnreadable) reports it.
type UnreadableError struct {
	Method   string // HTTP method of the call, e.g. "PATCH"
	Endpoint string // method and path template, e.g. "PATCH knowledge_base/articles/{id}"
	Status   int    // the answer's HTTP status
	Reason   string // what was wrong, e.g. "decoding the answer" or "the answer is empty"
	Err      error  // the decoding or reading error, if any
}

// Error reads like "quickchat: GET knowledge_base/tags/: decoding the answer
// (200): invalid character '<' looking for beginning of value".
func (e *UnreadableError) Error() string {
	s := fmt.Sprintf("quickchat: %s: %s (%d)", e.Endpoint, e.Reason, e.Status)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the decoding or reading error.
func (e *UnreadableError) Unwrap() error { return e.Err }

// Is reports ErrUnreadable.
func (e *UnreadableError) Is(target error) bool { return target == ErrUnreadable }

// Write reports whether the call could have changed something: any method
// but GET and HEAD. Its change may then have been applied.
func (e *UnreadableError) Write() bool {
	return e.Method != http.MethodGet && e.Method != http.MethodHead
}

// MayHaveApplied reports whether err is an answer the client could not read
// to a call that could have changed something: the API received it and
// said yes, so the change may have been saved, and sending it again may
// meet a conflict. An unreadable answer whose method is no longer known
// (its error text was redacted) counts as a write, the careful reading.
func MayHaveApplied(err error) bool {
	if !errors.Is(err, ErrUnreadable) {
		return false
	}
	var u *UnreadableError
	return !errors.As(err, &u) || u.Write()
}

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

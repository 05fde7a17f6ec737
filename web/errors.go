package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/sessions"
	"qcadmin/views"
)

// ErrorHandler is echo's one error handler: it logs, then renders a page that
// says what happened without ever showing an internal error's text.
func (k *Kit) ErrorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	if errors.Is(err, sessions.ErrStoreUnavailable) {
		k.storeUnavailable(c, err)
		return
	}
	status := http.StatusInternalServerError
	msg := "Something went wrong on this console. The error has been logged; try again."
	var he *echo.HTTPError
	if errors.As(err, &he) {
		status = he.Code
		if m, ok := he.Message.(string); ok && status < 500 {
			msg = m
		}
	}
	attrs := []any{"status", status, "err", err, "request_id", RequestID(c)}
	if status >= 500 {
		k.Log.Error("request failed", attrs...)
	} else {
		k.Log.Warn("request refused", attrs...)
	}
	if errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
		msg = "This is more than the console accepts in one request"
		if k.BodyLimit > 0 {
			msg += " (" + display.Bytes(k.BodyLimit) + ")"
		}
		msg += ". Nothing was saved, and what you typed is still in your browser: make it shorter, then save again."
	}
	if status == http.StatusNotFound && (he == nil || he.Message == http.StatusText(http.StatusNotFound)) {
		msg = "There is no page at this address."
	}
	retry := ""
	if status >= 500 {
		retry = c.Request().URL.RequestURI()
	}
	if rerr := k.ShowError(c, status, http.StatusText(status), msg, retry); rerr != nil {
		k.Log.Error("rendering the error page failed", "err", rerr)
		_ = c.String(status, msg)
	}
}

// storeUnavailable answers a request the console's database could not serve:
// a 503 page to try again shortly, which htmx does not swap in, so the form
// the person was typing in stays as it was.
func (k *Kit) storeUnavailable(c echo.Context, err error) {
	k.Log.Error("the console's store is unavailable", "err", err, "request_id", RequestID(c))
	sessions.SetUnavailableHeaders(c.Response().Header())
	msg := sessions.UnavailableMessage(c.Request())
	// The session could not be read, so no handler ran: the post can safely go again.
	if rerr := k.showError(c, http.StatusServiceUnavailable, sessions.UnavailableTitle, msg, c.Request().URL.RequestURI(), true); rerr != nil {
		k.Log.Error("rendering the error page failed", "err", rerr)
		_ = c.String(http.StatusServiceUnavailable, msg)
	}
}

// Failure answers a page whose API call failed: a refused token sends the
// person back to sign in, a missing resource is a 404 page, a call that ran
// out of time is the console's 504 page, and anything else (Quickchat
// unreachable, refusing with a 5xx or 429, answering what the console
// cannot read) a 502 page that explains itself with a way to retry.
func (k *Kit) Failure(c echo.Context, err error) error {
	if apiErr, ok := unauthorized(err); ok {
		return k.signOut(c, apiErr)
	}
	var apiErr *apiclient.APIError
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound {
		return k.ShowError(c, http.StatusNotFound, "Not found", "Quickchat has nothing at this address: "+apiErr.Message, "")
	}
	status, title := http.StatusBadGateway, "Quickchat did not answer"
	switch {
	case errors.Is(err, apiclient.ErrRateBudget):
		title = "Waiting for Quickchat's rate limit"
	case timedOut(err):
		status, title = http.StatusGatewayTimeout, "Quickchat did not answer in time"
	case apiErr != nil && apiErr.Status < 500 && apiErr.Status != http.StatusTooManyRequests:
		status = apiErr.Status
	case errors.Is(err, apiclient.ErrUnreadable):
		title = "Quickchat's answer could not be read"
	}
	k.Log.Warn("quickchat call failed", "err", err, "request_id", RequestID(c))
	return k.ShowError(c, status, title, Describe(err), c.Request().URL.RequestURI())
}

// timedOut reports a call that ran out of time: its own deadline, or the
// one the console gives each browser request.
func timedOut(err error) bool {
	return errors.Is(err, apiclient.ErrTimeout) || errors.Is(err, context.DeadlineExceeded)
}

// ShowError renders an error page; retry is offered again on GET. A form
// post that failed comes back on the page to copy, since the console cannot
// tell whether a handler's writes went through before it failed.
func (k *Kit) ShowError(c echo.Context, status int, title, msg, retry string) error {
	return k.showError(c, status, title, msg, retry, false)
}

// showError is ShowError; resendable says that nothing of a failed post was
// applied, so the page may offer to send it again as it was.
func (k *Kit) showError(c echo.Context, status int, title, msg, retry string, resendable bool) error {
	ep := views.ErrorPage{Status: status, Title: title, Message: msg}
	ep.Back, ep.BackTo = areaOf(c.Request().URL.Path)
	if c.Request().Method == http.MethodGet {
		ep.Retry = retry
	} else if status >= 500 {
		if ep.Resend = resendOf(c); ep.Resend != nil {
			ep.Resend.Safe = resendable
		}
	}
	return k.Render(c, status, Page{Title: title, Body: views.ErrorView(ep)})
}

// Explain says in words why a call to Quickchat failed, for the form or
// panel that shows it beside what the person typed. When Quickchat refused
// the session's token, the person is signed out first, and the page the
// handler then renders or redirects to becomes the sign-in page instead:
// that rule lives here, so no handler writes it out.
func (k *Kit) Explain(c echo.Context, err error) string {
	if apiErr, ok := unauthorized(err); ok && !signedOut(c) {
		if serr := k.endSession(c, apiErr); serr != nil {
			k.Log.Error("signing out after a refused token failed", "err", serr, "request_id", RequestID(c))
		}
	}
	return Describe(err)
}

// unauthorized reports a 401: Quickchat no longer accepts the session's token.
func unauthorized(err error) (*apiclient.APIError, bool) {
	var apiErr *apiclient.APIError
	ok := errors.As(err, &apiErr) && apiErr.Status == http.StatusUnauthorized
	return apiErr, ok
}

// The words Describe uses for failures that are not Quickchat's refusals.
const (
	unreachableWords = "Quickchat could not be reached. Check the connection and try again."
	timeoutWords     = "Quickchat did not answer in time. Try again in a moment; nothing you typed is lost."
	rateBudgetWords  = "This console is waiting for Quickchat's rate limit to allow more requests. Try again in a moment; nothing you typed is lost."
	// unreadableWriteWords: Quickchat said yes to a change, so it may be saved, and sending it again may meet a conflict.
	unreadableWriteWords = "Quickchat answered, but not in a way this console can read: your change may have been saved — reload to check before trying again."
	unreadableReadWords  = "Quickchat answered, but this console could not read Quickchat's answer. Try again in a moment."
	cancelledWords       = "The request was cancelled before Quickchat answered. Try again."
)

// Describe turns an API failure into words a person can act on. It tells
// apart Quickchat refusing (its status and message), not answering in time,
// not being reached at all, and answering something this console cannot
// read, where a change may have been saved after all.
func Describe(err error) string {
	var apiErr *apiclient.APIError
	switch {
	case errors.Is(err, apiclient.ErrRateBudget):
		// Checked before the refusal: a 429 whose wait would outlast
		// the request's deadline comes wrapped in it.
		return rateBudgetWords
	case errors.As(err, &apiErr):
		switch apiErr.Status {
		case http.StatusForbidden:
			return "This token is read-only, so Quickchat refused the change: " + apiErr.Message
		case http.StatusConflict:
			return "Someone changed this while you were editing. Your text is still here: copy it, reload the page, and apply your change again. (" + apiErr.Message + ")"
		case http.StatusTooManyRequests:
			return "Quickchat's rate limit for this action is used up for the moment. Wait a minute and try again; nothing you typed is lost."
		case http.StatusPaymentRequired:
			return "Quickchat says this agent needs an active subscription: " + apiErr.Message
		}
		if apiErr.Status >= 500 {
			return fmt.Sprintf("Quickchat is not answering properly (%d %s). Try again in a moment.", apiErr.Status, apiErr.Code)
		}
		return apiErr.Message
	case errors.Is(err, apiclient.ErrUnreadable):
		if apiclient.MayHaveApplied(err) {
			return unreadableWriteWords
		}
		return unreadableReadWords
	case timedOut(err):
		return timeoutWords
	case errors.Is(err, context.Canceled):
		return cancelledWords
	default:
		// ErrUnreachable, and any failure that says nothing more.
		return unreachableWords
	}
}

// FieldOf finds which form field an API validation message is about.
func FieldOf(err error, fields ...string) string {
	var apiErr *apiclient.APIError
	if !errors.As(err, &apiErr) || (apiErr.Status != http.StatusBadRequest && apiErr.Status != http.StatusUnprocessableEntity) {
		return ""
	}
	msg := strings.ToLower(apiErr.Message)
	for _, f := range fields {
		if strings.Contains(msg, f) {
			return f
		}
	}
	return ""
}

// areas name the console's lists by the path prefix of the pages under them,
// so an error page leads back to where the person was. An area whose every
// page refuses the same people (out set) never leads back into itself: the
// list would refuse them again, so its errors lead out, to articles.
var areas = []struct {
	prefix, href, name string
	out                bool
}{
	{prefix: "/conversations", href: "/conversations", name: "the inbox"},
	{prefix: "/reviews", href: "/reviews", name: "the review overview"},
	{prefix: "/ai-actions", href: "/ai-actions", name: "AI actions"},
	{prefix: "/audit", href: "/audit", name: "the audit log"},
	{prefix: "/sources", href: "/sources", name: "sources"},
	{prefix: "/imports", href: "/imports", name: "imports"},
	{prefix: "/paragraphs", href: "/paragraphs", name: "paragraphs"},
	{prefix: "/search", href: "/search", name: "search"},
	{prefix: "/settings", href: "/settings", name: "settings"},
	{prefix: "/widget", href: "/widget", name: "the widget"},
	{prefix: "/handoff", href: "/handoff", name: "handoff"},
	{prefix: "/chat", href: "/chat", name: "the chat playground"},
	{prefix: "/ratings", href: "/ratings", name: "ratings"},
	// Every admin page is refused to non-admins, so a way back into the area is a way back to the refusal.
	{prefix: "/admin", out: true},
}

// outOfAreas is where errors lead when no area (or an area that refuses as a whole) can take the person back.
const outOfAreas, outOfAreasName = "/articles", "articles"

// areaOf is the "Back to …" link of an error page at path.
func areaOf(path string) (href, name string) {
	for _, a := range areas {
		if path == a.prefix || strings.HasPrefix(path, a.prefix+"/") {
			if a.out {
				break
			}
			return a.href, a.name
		}
	}
	return outOfAreas, outOfAreasName
}

// TokenRefused reports a 401 from Quickchat: the session's token is no longer
// accepted, and Failure (or Explain) signs the person out.
func TokenRefused(err error) bool {
	_, ok := unauthorized(err)
	return ok
}

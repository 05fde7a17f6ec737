package sessions

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
)

// ErrStoreUnavailable wraps every failure of the session store: the
// console's database did not answer (PostgreSQL down or unreachable, the
// SQLite file locked or gone). It passes; pages say so and ask to try again.
var ErrStoreUnavailable = errors.New("the console's session store is unavailable")

// unavailable marks err, a failure of the session store, as ErrStoreUnavailable.
func unavailable(err error) error {
	if err == nil || errors.Is(err, ErrStoreUnavailable) || errors.Is(err, ErrSessionEnded) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrStoreUnavailable, err)
}

// RetryAfter is how soon a page refused for want of the store asks to be tried again.
const RetryAfter = 5 // seconds

// UnavailableTitle heads the page that says the store is unavailable.
const UnavailableTitle = "The console's store is unavailable"

// UnavailableMessage says what happened to request r and what to do, in the
// person's terms: a page to load again shortly, or a form whose text is
// still in the browser. htmx requests keep the form on the page (the answer
// is not swapped in), and the console's script adds that nothing is lost.
func UnavailableMessage(r *http.Request) string {
	const what = "The console cannot reach the database where it keeps sign-ins just now, so nothing was saved. "
	if r.Header.Get("HX-Request") == "true" || r.Method == http.MethodGet || r.Method == http.MethodHead {
		return what + "Try again in a few seconds."
	}
	return what + "What you typed is not lost: it is kept on this page, to send again in a few seconds."
}

// SetUnavailableHeaders marks an answer to say the store is unavailable: a
// 503 to try again after RetryAfter seconds, kept by no cache, and which
// htmx swaps into nothing, so the form the person was typing in stays as it is.
// No HX-Trigger: the console's script already shows an htmx error answer's
// error-page words as a message, and a trigger would show them twice.
func SetUnavailableHeaders(h http.Header) {
	h.Set("Retry-After", strconv.Itoa(RetryAfter))
	h.Set("Cache-Control", "no-store")
	h.Set("HX-Reswap", "none")
}

// unavailablePage is the answer when the session store is unavailable, for
// Manager.LoadAndSave (the console's own middleware renders it in the
// layout). Its error-page section is what the console's script shows as a
// message when htmx sent the request.
var unavailablePage = template.Must(template.New("unavailable").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{.Title}}</title></head>
<body>
<main>
<section class="card error-page" data-testid="error-page">
<p class="subtle mono">503</p>
<h1>{{.Title}}</h1>
<p>{{.Message}}</p>
{{if .Retry}}<p><a class="btn btn-primary" href="{{.Retry}}">Try again</a></p>{{end}}
</section>
</main>
</body>
</html>
`))

// WriteUnavailable answers r with a 503 saying the console's store is
// unavailable and to try again shortly, without replacing the person's form.
func WriteUnavailable(w http.ResponseWriter, r *http.Request) {
	var body bytes.Buffer
	data := struct{ Title, Message, Retry string }{Title: UnavailableTitle, Message: UnavailableMessage(r)}
	if r.Method == http.MethodGet && r.Header.Get("HX-Request") != "true" {
		data.Retry = r.URL.RequestURI()
	}
	if err := unavailablePage.Execute(&body, data); err != nil {
		body.Reset()
		body.WriteString(data.Message)
	}
	SetUnavailableHeaders(w.Header())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write(body.Bytes())
}

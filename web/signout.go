package web

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/sessions"
	"qcadmin/views/layout"
)

// signedOutKey marks a request whose person Quickchat's refusal signed out;
// its value is where they sign in again.
const signedOutKey = "qcadmin.signed_out"

func signedOut(c echo.Context) bool { return c.Get(signedOutKey) != nil }

// signInAgain is where a person whom Quickchat's refusal signed out during
// this request goes instead of the page the handler meant to show.
func signInAgain(c echo.Context) (string, bool) {
	to, ok := c.Get(signedOutKey).(string)
	return to, ok
}

// signOut signs the person out when Quickchat no longer accepts the token, and sends them to sign in.
func (k *Kit) signOut(c echo.Context, apiErr *apiclient.APIError) error {
	if !signedOut(c) {
		if err := k.endSession(c, apiErr); err != nil {
			return err
		}
	}
	to, _ := signInAgain(c)
	return Reload(c, to)
}

// endSession signs the person out after Quickchat refused the session's
// token. What they were saving is kept, sealed in the session, and offered
// back on the page they were on once they have signed in again.
func (k *Kit) endSession(c echo.Context, apiErr *apiclient.APIError) error {
	ctx := c.Request().Context()
	acct, _ := k.Sessions.Account(ctx)
	if err := k.Sessions.SignOut(ctx); err != nil {
		return err
	}
	msg := "Quickchat no longer accepts this session's token (" + apiErr.Message + "). Sign in again with a valid token."
	to := "/login"
	if page, kept := k.KeepSent(c, acct.ScenarioID); kept {
		msg = "Quickchat no longer accepts this session's token (" + apiErr.Message + "), so what you were saving was not saved. It is kept for you: sign in again and you can restore your text on the page you were on."
		to += "?next=" + url.QueryEscape(page)
	} else if sentForm(c.Request()) {
		msg = "Quickchat no longer accepts this session's token (" + apiErr.Message + "), so what you were saving was not saved, and it was too large to keep here. Go back in your browser to copy your text, then sign in again."
	}
	c.Set(signedOutKey, to)
	k.Sessions.Flash(ctx, sessions.FlashError, msg)
	return nil
}

// KeepSent keeps the form this request sent, if it sent one, sealed in the
// session to be offered back once the person is signed in to scenarioID
// again (after Quickchat refused the token, or the token ran out); it says
// on which page.
func (k *Kit) KeepSent(c echo.Context, scenarioID string) (string, bool) {
	r := c.Request()
	// Only for a session that had an agent: a visitor who never signed in has nothing to restore.
	if scenarioID == "" || !sentForm(r) {
		return "", false
	}
	page := sentFrom(c)
	kept := k.Sessions.KeepForm(r.Context(), sessions.KeptForm{
		Action: r.URL.Path, Page: page, ScenarioID: scenarioID, Fields: r.PostForm, At: time.Now().UTC(),
	})
	if !kept {
		k.Log.Warn("a form sent before a sign-out was too large to keep", "path", r.URL.Path, "request_id", RequestID(c))
	}
	return page, kept
}

// sentForm reports a request that posted a form with something in it.
func sentForm(r *http.Request) bool { return r.Method == http.MethodPost && len(r.PostForm) > 0 }

// sentFrom is the console page a form was sent from: htmx names it in
// HX-Current-URL, browsers in Referer; only a page of this console counts,
// and without one the form's own address is the page.
func sentFrom(c echo.Context) string {
	r := c.Request()
	for _, raw := range []string{r.Header.Get("HX-Current-URL"), r.Referer()} {
		u, err := url.Parse(raw)
		if raw == "" || err != nil || u.Host != r.Host {
			continue
		}
		if p := LocalPath(u.RequestURI()); p == u.RequestURI() {
			return u.Path
		}
	}
	return r.URL.Path
}

// keptView is a kept form as the layout offers it back: fields in a stable order.
func keptView(f sessions.KeptForm) *layout.KeptForm {
	v := &layout.KeptForm{Action: f.Action, At: display.UTC(f.At)}
	for _, name := range slices.Sorted(maps.Keys(f.Fields)) {
		for _, value := range f.Fields[name] {
			v.Fields = append(v.Fields, layout.KeptField{Name: name, Value: value})
		}
	}
	return v
}

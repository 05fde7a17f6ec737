package handlers

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/sessions"
	"qcadmin/views"
	"qcadmin/web"
)

func (h *Handlers) loginForm(c echo.Context) error {
	if _, ok := h.Sessions.Account(c.Request().Context()); ok {
		return web.Redirect(c, web.LocalPath(c.QueryParam("next")))
	}
	m := views.Login{Next: c.QueryParam("next"), Name: h.rememberedName(c)}
	if h.Auth.Proxied() {
		p, ok := h.person(c)
		switch {
		case !ok:
			return h.proxySignIn(c, http.StatusUnauthorized)
		case h.Agents != nil:
			return h.agentGate(c, http.StatusOK)
		}
		m.Notice = "You are signed in as " + p.Display() + ". Paste an API token of your agent to open it."
	}
	return h.renderLogin(c, http.StatusOK, m)
}

// tokenSignInAllowed refuses pasted tokens where they would bypass the SSO
// proxy's identity or the agents the admin provisioned.
func (h *Handlers) tokenSignInAllowed(c echo.Context) error {
	if !h.Auth.Proxied() {
		return nil
	}
	if _, ok := h.person(c); !ok {
		return echo.NewHTTPError(http.StatusUnauthorized, "Sign in through your company's sign-in first: this request did not carry your identity.")
	}
	if h.Agents != nil {
		return echo.NewHTTPError(http.StatusForbidden, "On this console your admin shares agents with you, so nobody signs in with a token. Open the console to see the agents shared with you.")
	}
	return nil
}

func (h *Handlers) renderLogin(c echo.Context, status int, m views.Login) error {
	// Behind SSO the proxy says who signs in; in token mode the person does.
	m.AskName, m.NameMax = !h.Auth.Proxied(), maxPersonName
	m.Demo = h.DemoToken != ""
	m.DemoExposed = m.Demo && h.DemoExposed
	return h.kit.Render(c, status, web.Page{Title: "Sign in", Body: views.LoginPage(m), Styles: []string{"forms.css", "login.css"}})
}

func (h *Handlers) loginSubmit(c echo.Context) error {
	if err := h.tokenSignInAllowed(c); err != nil {
		return err
	}
	pasted := c.FormValue("token")
	next := c.FormValue("next")
	typedName := c.FormValue("name")
	token := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(pasted), "Bearer "))
	fail := func(msg string) error {
		// The refused token goes back into the field so nothing pasted is lost.
		return h.renderLogin(c, http.StatusOK, views.Login{Token: pasted, Error: msg, Next: next, Name: typedName})
	}
	name, nameErr := h.givenName(typedName)
	if h.Auth.Proxied() {
		name, nameErr = "", "" // behind SSO the proxy names the person
	}
	if nameErr != "" {
		return h.renderLogin(c, http.StatusOK, views.Login{Token: pasted, NameError: nameErr, Next: next, Name: typedName})
	}
	if token == "" {
		return fail("Paste your agent's API token.")
	}
	if err := h.signIn(c, token, "", name); err != nil {
		var refusal loginRefusal
		if errors.As(err, &refusal) {
			return fail(string(refusal))
		}
		return err
	}
	if !h.Auth.Proxied() {
		h.rememberName(c, name)
	}
	return web.Redirect(c, web.LocalPath(next))
}

func (h *Handlers) loginDemo(c echo.Context) error {
	if h.DemoToken == "" {
		return echo.NewHTTPError(http.StatusNotFound, "The demo agent is only offered in demo mode.")
	}
	if err := h.tokenSignInAllowed(c); err != nil {
		return err
	}
	typedName := c.FormValue("name")
	name, nameErr := h.givenName(typedName)
	if h.Auth.Proxied() {
		name, nameErr = "", "" // behind SSO the proxy names the person
	}
	if nameErr != "" {
		return h.renderLogin(c, http.StatusOK, views.Login{NameError: nameErr, Next: c.FormValue("next"), Name: typedName})
	}
	if err := h.signIn(c, h.DemoToken, "Demo agent", name); err != nil {
		var refusal loginRefusal
		if errors.As(err, &refusal) {
			return h.renderLogin(c, http.StatusOK, views.Login{Error: "The demo agent refused its token: " + string(refusal), Name: typedName})
		}
		return err
	}
	if !h.Auth.Proxied() {
		h.rememberName(c, name)
	}
	return web.Redirect(c, web.LocalPath(c.FormValue("next")))
}

// loginRefusal is a reason a token cannot sign in, worded for the person pasting it.
type loginRefusal string

func (r loginRefusal) Error() string { return string(r) }

// signIn checks a token's claims, proves it with one read call, and starts a
// fresh session for the person who named themselves name (may be empty).
func (h *Handlers) signIn(c echo.Context, token, label, name string) error {
	claims, err := apiclient.ParseTokenClaims(token)
	if err != nil {
		return loginRefusal("This is not a Quickchat API token: it should be three parts separated by dots, starting with \"eyJ\". Copy the whole token from the Quickchat dashboard (External Apps › API).")
	}
	if !claims.ExpiresAt.IsZero() && claims.ExpiresAt.Before(time.Now()) {
		return loginRefusal("This token expired on " + claims.ExpiresAt.UTC().Format("2 January 2006") + ". Create a new one in the Quickchat dashboard.")
	}
	ctx := c.Request().Context()
	settings, err := h.Connect(token).GetKnowledgeBase(apiclient.Fresh(ctx)) // the check of the token: never from the cache
	if err != nil {
		var apiErr *apiclient.APIError
		if errors.As(err, &apiErr) && (apiErr.Status == http.StatusUnauthorized || apiErr.Status == http.StatusForbidden) {
			return loginRefusal("Quickchat refused this token: " + apiErr.Message)
		}
		return loginRefusal("The token could not be checked: " + web.Describe(err))
	}
	if label == "" {
		label = settings.OneWordDescription
	}
	if label == "" {
		label = "Agent " + claims.ScenarioID
	}
	// Whoever holds the token may use it directly, so the console's role adds nothing to restrict.
	acct := sessions.Account{ScenarioID: claims.ScenarioID, Scope: claims.Scope, ExpiresAt: claims.ExpiresAt, Label: label, Role: sessions.RoleWrite, PersonName: name}
	return h.Sessions.SignIn(ctx, acct, token)
}

func (h *Handlers) logout(c echo.Context) error {
	ctx := c.Request().Context()
	if err := h.Sessions.SignOut(ctx); err != nil {
		return err
	}
	h.Sessions.Flash(ctx, "info", "You are signed out.")
	if h.Auth.LogoutURL != "" {
		// The SSO proxy's own sign-out, so the next visit asks for the company sign-in again.
		return web.Reload(c, h.Auth.LogoutURL)
	}
	return web.Reload(c, "/login")
}

// maxPersonName is the longest name, in characters, a person may give at sign-in.
const maxPersonName = 80

// nameCookie remembers, on one browser, the name its person gave at sign-in,
// to fill the field next time. It holds the name only, never a token.
const (
	nameCookie       = "qcadmin_name"
	secureNameCookie = "__Host-" + nameCookie
	nameCookieMaxAge = 400 * 24 * 60 * 60 // the longest browsers keep a cookie
)

// givenName tidies the name typed at sign-in: spaces collapsed, control and
// formatting characters (line breaks, direction overrides) dropped. Empty is
// fine; too long is refused with a message for the field.
func (h *Handlers) givenName(typed string) (string, string) {
	name := cleanName(typed)
	if n := utf8.RuneCountInString(name); n > maxPersonName {
		return "", "Your name has " + strconv.Itoa(n) + " characters; the limit is " + strconv.Itoa(maxPersonName) + "."
	}
	return name, ""
}

func cleanName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == utf8.RuneError:
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func (h *Handlers) nameCookieName() string {
	if h.Sessions.Cookie.Secure {
		return secureNameCookie
	}
	return nameCookie
}

// rememberName keeps name on this browser for the next sign-in, or forgets
// it when the person cleared the field.
func (h *Handlers) rememberName(c echo.Context, name string) {
	ck := &http.Cookie{
		Name: h.nameCookieName(), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: h.Sessions.Cookie.Secure,
		Value: base64.RawURLEncoding.EncodeToString([]byte(name)), MaxAge: nameCookieMaxAge,
	}
	if name == "" {
		ck.Value, ck.MaxAge = "", -1
	}
	c.SetCookie(ck)
}

// rememberedName is the name this browser gave at its last sign-in, if any.
func (h *Handlers) rememberedName(c echo.Context) string {
	ck, err := c.Cookie(h.nameCookieName())
	if err != nil {
		return ""
	}
	raw, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err != nil {
		return ""
	}
	name, msg := h.givenName(string(raw))
	if msg != "" {
		return ""
	}
	return name
}

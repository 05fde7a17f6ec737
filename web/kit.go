// Package web is the kit every page of the console uses: rendering, typed
// htmx request and response helpers, redirects, the error handler and error
// pages, the one mapping from an API refusal to the right answer, the pager
// and form helpers. Feature packages build on it and never on each other.
package web

import (
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/a-h/templ"
	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"

	"qcadmin/sessions"
	"qcadmin/static"
	"qcadmin/views/components"
	"qcadmin/views/layout"
)

// Kit is what every handler renders and answers with.
type Kit struct {
	Log      *slog.Logger
	Sessions *sessions.Manager
	Assets   layout.Assets
	// Frame adds to the layout's account block what the session alone does not
	// say (who the SSO proxy signed in, their agents); nil adds nothing.
	Frame func(c echo.Context, acct sessions.Account, la *layout.Account)
	// BodyLimit is the most a request may send, in bytes, as the refusal of a larger one says.
	BodyLimit int64
}

// Page is what a handler hands to Render.
type Page struct {
	Title string
	Nav   string
	Body  templ.Component
	// Partial is what an htmx request for a region of the page gets; nil means Body.
	Partial templ.Component
	// Scripts are page-specific script URLs, loaded after app.js.
	Scripts []string
	// Styles are page-specific stylesheets by file name ("editor.css"), linked after app.css.
	Styles []string
	// Live is what the page watches while open (who else is here, saves by others); nil for nothing.
	Live *layout.Live
}

// Render is the one place that writes HTML. It renders into a buffer so a
// failure still reaches the error handler, answers htmx region requests with
// the fragment alone, and wraps everything else in the layout. After
// Quickchat refused the session's token, it sends the person to sign in instead.
func (k *Kit) Render(c echo.Context, status int, p Page) error {
	if to, ok := signInAgain(c); ok {
		return Reload(c, to)
	}
	c.Response().Header().Add("Vary", "HX-Request")
	ctx := c.Request().Context()
	buf := getBuffer()
	defer putBuffer(buf)
	if WantsFragment(c) {
		toastWaited(c)
		comp := p.Partial
		if comp == nil {
			comp = p.Body
		}
		if err := comp.Render(ctx, buf); err != nil {
			return err
		}
	} else {
		frame := layout.Full(k.frame(c, p))
		if err := frame.Render(templ.WithChildren(ctx, p.Body), buf); err != nil {
			return err
		}
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// pageScripts are a page's own scripts, after forms.js on a page with forms:
// a page that links forms.css (every page with a form to fill in does) gets
// what keeps its forms' input safe, and pages without, such as the article
// list, load less.
func pageScripts(p Page) []string {
	if !slices.Contains(p.Styles, "forms.css") {
		return p.Scripts
	}
	return append([]string{static.URL("forms.js")}, p.Scripts...)
}

// frame fills the layout: assets, the signed-in account and any pending flash.
func (k *Kit) frame(c echo.Context, p Page) layout.Page {
	lp := layout.Page{Title: p.Title, Nav: p.Nav, Assets: k.Assets, Scripts: pageScripts(p), Styles: p.Styles, BodyLimit: k.BodyLimit, Freshness: freshness(c, time.Now())}
	ctx := c.Request().Context()
	if c.Get(sessionLoaded) == nil {
		// Refused before the session was read (cross-origin, static): a bare frame.
		return lp
	}
	if acct, ok := k.Sessions.Account(ctx); ok {
		lp.Account = &layout.Account{
			Label:    acct.Label,
			Scope:    acct.Scope,
			CanWrite: acct.CanWrite(),
			Expires:  acct.ExpiresAt.UTC().Format("2 Jan 2006"),
		}
		lp.Live = p.Live
		if k.Frame != nil {
			k.Frame(c, acct, lp.Account)
		}
		if c.Request().Method == http.MethodGet {
			if f, ok := k.Sessions.PopKeptForm(ctx, c.Request().URL.Path, acct.ScenarioID); ok {
				lp.Kept = keptView(f)
				lp.Scripts = append(lp.Scripts, static.URL("kept.js"))
			}
		}
	}
	lp.Waited = waited(c)
	if f, ok := k.Sessions.PopFlash(ctx); ok {
		lp.Flash = &components.Flash{Kind: f.Kind, Message: f.Message}
	}
	return lp
}

// Account is the signed-in agent; the console's requireAccount has checked it exists.
func (k *Kit) Account(c echo.Context) sessions.Account {
	acct, _ := k.Sessions.Account(c.Request().Context())
	return acct
}

// Flash keeps a message for the next page the person sees.
func (k *Kit) Flash(c echo.Context, kind, message string) {
	k.Sessions.Flash(c.Request().Context(), kind, message)
}

// sessionLoaded marks a request whose session the session middleware has read.
const sessionLoaded = "qcadmin.session"

// Session loads the scs session and commits it just before the response
// headers go out, so error pages written by echo's error handler keep it too.
func (k *Kit) Session(next echo.HandlerFunc) echo.HandlerFunc {
	sm := k.Sessions.SessionManager
	return func(c echo.Context) error {
		var token string
		if ck, err := c.Cookie(sm.Cookie.Name); err == nil {
			token = ck.Value
		}
		// The Manager's Load and Commit, not scs's: they apply the idle timeout.
		ctx, err := k.Sessions.Load(c.Request().Context(), token)
		if err != nil {
			return err
		}
		c.SetRequest(c.Request().WithContext(ctx))
		c.Set(sessionLoaded, true)
		res := c.Response()
		res.Header().Add("Vary", "Cookie")
		res.Before(func() {
			switch sm.Status(ctx) {
			case scs.Modified:
				tok, expiry, err := k.Sessions.Commit(ctx)
				if errors.Is(err, sessions.ErrSessionEnded) {
					return // signed out or revoked meanwhile: nothing to save, and the cookie finds nobody
				}
				if err != nil {
					k.Log.Error("saving the session failed", "err", err)
					return
				}
				sm.WriteSessionCookie(ctx, res, tok, expiry)
			case scs.Destroyed:
				sm.WriteSessionCookie(ctx, res, "", time.Time{})
			}
		})
		if err := next(c); err != nil {
			// Write the error page here, while the Before hook can still commit.
			c.Error(err)
		}
		return nil
	}
}

// RequestID is the request's id, as logged and shown on error pages.
func RequestID(c echo.Context) string { return c.Response().Header().Get(echo.HeaderXRequestID) }

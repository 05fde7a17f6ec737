package handlers

import (
	"bytes"
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"qcadmin/views/components"
	"qcadmin/views/layout"
)

// page is what a handler hands to render.
type page struct {
	title string
	nav   string
	body  templ.Component
	// partial is what an htmx request for a region of the page gets; nil means body.
	partial templ.Component
	// scripts are page-specific script URLs, loaded after app.js.
	scripts []string
}

// render is the one place that writes HTML. It renders into a buffer so a
// failure still reaches the error handler, answers htmx region requests with
// the fragment alone, and wraps everything else in the layout.
func (h *Handlers) render(c echo.Context, status int, p page) error {
	c.Response().Header().Add("Vary", "HX-Request")
	ctx := c.Request().Context()
	var buf bytes.Buffer
	if wantsFragment(c.Request()) {
		comp := p.partial
		if comp == nil {
			comp = p.body
		}
		if err := comp.Render(ctx, &buf); err != nil {
			return err
		}
	} else {
		frame := layout.Full(h.frame(c, p))
		if err := frame.Render(templ.WithChildren(ctx, p.body), &buf); err != nil {
			return err
		}
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// frame fills the layout: assets, the signed-in account and any pending flash.
func (h *Handlers) frame(c echo.Context, p page) layout.Page {
	lp := layout.Page{Title: p.title, Nav: p.nav, Assets: h.Assets, Scripts: p.scripts}
	ctx := c.Request().Context()
	if c.Get(sessionLoaded) == nil {
		// Refused before the session was read (cross-origin, static): a bare frame.
		return lp
	}
	if acct, ok := h.Sessions.Account(ctx); ok {
		lp.Account = &layout.Account{
			Label:    acct.Label,
			Scope:    acct.Scope,
			CanWrite: acct.CanWrite(),
			Expires:  acct.ExpiresAt.UTC().Format("2 Jan 2006"),
		}
		h.frameIdentity(c, acct, lp.Account)
	}
	if f, ok := h.Sessions.PopFlash(ctx); ok {
		lp.Flash = &components.Flash{Kind: f.Kind, Message: f.Message}
	}
	return lp
}

// wantsFragment reports an htmx request for a region: not a boosted
// navigation and not a history restore, both of which need the whole page.
func wantsFragment(r *http.Request) bool {
	return r.Header.Get("HX-Request") == "true" &&
		r.Header.Get("HX-Boosted") == "" &&
		r.Header.Get("HX-History-Restore-Request") == ""
}

func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

// redirect sends the browser on after a form post: HX-Location for htmx, 303 otherwise.
func redirect(c echo.Context, to string) error {
	if isHTMX(c.Request()) {
		c.Response().Header().Set("HX-Location", to)
		return c.NoContent(http.StatusOK)
	}
	return c.Redirect(http.StatusSeeOther, to)
}

// reload makes the browser load a page afresh (HX-Redirect for htmx), e.g. back to sign-in.
func reload(c echo.Context, to string) error {
	if isHTMX(c.Request()) {
		c.Response().Header().Set("HX-Redirect", to)
		return c.NoContent(http.StatusOK)
	}
	return c.Redirect(http.StatusSeeOther, to)
}

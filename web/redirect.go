package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Redirect sends the browser on after a form post: HX-Location for htmx, 303 otherwise.
func Redirect(c echo.Context, to string) error {
	if signedOut(c) {
		return Reload(c, signInPath)
	}
	if IsHTMX(c) {
		c.Response().Header().Set(hxLocation, to)
		return c.NoContent(http.StatusOK)
	}
	return c.Redirect(http.StatusSeeOther, to)
}

// Reload makes the browser load a page afresh (HX-Redirect for htmx), e.g. back to sign-in.
func Reload(c echo.Context, to string) error {
	if IsHTMX(c) {
		c.Response().Header().Set(hxRedirect, to)
		return c.NoContent(http.StatusOK)
	}
	return c.Redirect(http.StatusSeeOther, to)
}

package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"
)

// Redirect sends the browser on after a form post: HX-Location for htmx, 303 otherwise.
func Redirect(c echo.Context, to string) error {
	if to, ok := signInAgain(c); ok {
		return Reload(c, to)
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

// LocalPath keeps a destination (after sign-in, or back to a list) on this
// console, refusing open redirects. Browsers drop tabs and newlines from URLs
// and read a backslash as a slash, so any control character or backslash is
// refused, and the parsed URL must have no scheme or host and a path that
// starts with exactly one slash.
func LocalPath(p string) string {
	const fallback = "/articles"
	if !strings.HasPrefix(p, "/") || strings.ContainsFunc(p, unicode.IsControl) || strings.ContainsRune(p, '\\') {
		return fallback
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || strings.HasPrefix(p, "//") {
		return fallback
	}
	return p
}

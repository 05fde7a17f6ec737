package web

import (
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
)

// PostForm is the request's form body alone (never the query string); empty when it cannot be read.
func PostForm(c echo.Context) url.Values {
	if _, err := c.FormParams(); err != nil {
		return url.Values{}
	}
	return c.Request().PostForm
}

// UnixNewlines turns a textarea's CRLF line ends into the LF Quickchat stores.
func UnixNewlines(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

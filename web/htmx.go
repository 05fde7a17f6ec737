package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// HTMX is what an htmx request says about itself, read from its HX-* headers.
type HTMX struct {
	Request        bool   // HX-Request: htmx sent it
	Boosted        bool   // HX-Boosted: a boosted link or form, which wants a whole page
	HistoryRestore bool   // HX-History-Restore-Request: the back button, with nothing cached
	Target         string // HX-Target: the id of the element the answer replaces
	Trigger        string // HX-Trigger: the id of the element that sent the request
}

// HTMXOf reads the htmx headers of r.
func HTMXOf(r *http.Request) HTMX {
	h := r.Header
	return HTMX{
		Request:        h.Get("HX-Request") == "true",
		Boosted:        h.Get("HX-Boosted") != "",
		HistoryRestore: h.Get("HX-History-Restore-Request") != "",
		Target:         h.Get("HX-Target"),
		Trigger:        h.Get("HX-Trigger"),
	}
}

// Fragment reports an htmx request for a region: not a boosted navigation
// and not a history restore, both of which need the whole page.
func (x HTMX) Fragment() bool { return x.Request && !x.Boosted && !x.HistoryRestore }

// WantsFragment reports whether c asks for a region of a page rather than the whole page.
func WantsFragment(c echo.Context) bool { return HTMXOf(c.Request()).Fragment() }

// FragmentFor reports a region request whose answer replaces the element with this id.
func FragmentFor(c echo.Context, target string) bool {
	x := HTMXOf(c.Request())
	return x.Fragment() && x.Target == target
}

// IsHTMX reports a request htmx sent, boosted or not.
func IsHTMX(c echo.Context) bool { return HTMXOf(c.Request()).Request }

// Response headers htmx acts on.
const (
	hxLocation = "HX-Location"
	hxRedirect = "HX-Redirect"
	hxPushURL  = "HX-Push-Url"
)

// PushURL makes htmx put to in the address bar and the history.
func PushURL(c echo.Context, to string) { c.Response().Header().Set(hxPushURL, to) }

// Package layout is the page frame: head, navigation, account block and flash.
package layout

import "qcadmin/views/components"

// Assets are the content-hashed URLs of the console's static files.
type Assets struct {
	CSS     string
	JS      string
	HTMX    string
	Review  string // keyboard shortcuts of the conversation pages
	Imports string // drag-and-drop and per-file progress of the imports page
	Widget  string // the widget page's preview: colours, size and position as they change
}

// Account is the signed-in agent as the navigation shows it.
type Account struct {
	Label    string
	Scope    string
	CanWrite bool
	Expires  string
}

// Page is what every full page needs around its body.
type Page struct {
	Title   string
	Nav     string // the active navigation item
	Assets  Assets
	Account *Account // nil on pages for signed-out visitors
	Flash   *components.Flash
	Scripts []string // page-specific scripts, after app.js
}

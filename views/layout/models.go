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

// Account is the signed-in agent, and who uses it, as the navigation shows it.
type Account struct {
	Label    string
	Scope    string
	CanWrite bool
	Expires  string
	Person   string   // name or e-mail of whom the SSO proxy signed in; empty in token mode
	PersonID string   // the e-mail or subject, shown under Person when that is a name
	Groups   []string // the person's groups, as the proxy sent them
	ReadRole bool     // the person's role on this agent is read, whatever the token allows
	// Agents are the provisioned agents this person may switch between; fewer than two hides the switcher.
	Agents []AgentOption
	Admin  bool // the person may open the active sessions page
}

// AgentOption is one provisioned agent in the switcher.
type AgentOption struct {
	Name    string
	Role    string // "read" or "write"
	Current bool
}

// Page is what every full page needs around its body.
type Page struct {
	Title   string
	Nav     string // the active navigation item
	Assets  Assets
	Account *Account // nil on pages for signed-out visitors
	Flash   *components.Flash
	Scripts []string // page-specific scripts, after app.js
	// Styles are the page's own stylesheets by file name in static/
	// ("editor.css"), linked after app.css, which every page has.
	Styles []string
	// Waited says how long this page waited for Quickchat's rate limit, when it waited long enough to notice.
	Waited string
	// BodyLimit is the most a form may send, in bytes; app.js checks it before sending.
	BodyLimit int64
	// Kept is what the person typed in a form on this page before Quickchat's
	// refusal signed them out, offered back; nil when nothing is kept.
	Kept *KeptForm
	// Freshness says the page shows cached data a while old; nil when fresh.
	Freshness *Freshness
	// Live, on a signed-in page, opens its event stream: presence and heads-ups; nil for none.
	Live *Live
}

// Freshness is the note of a page shown from data read from Quickchat a while ago.
type Freshness struct {
	Age         string // "20 s ago"
	RefreshHref string // the page again, read fresh
}

// KeptForm is a form that was not saved, as sent, to be put back into the page's form.
type KeptForm struct {
	Action string // the form's action, which finds it on the page
	At     string // when it was sent, in words
	Fields []KeptField
}

// KeptField is one field of a kept form, in the order it was sent.
type KeptField struct {
	Name  string
	Value string
}

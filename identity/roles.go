package identity

import (
	"maps"
	"slices"
)

// readerMayUse lists, in one place, the state-changing routes a person with
// the read role may still use, and why: none of them changes the agent.
var readerMayUse = map[string]string{
	"/login":                            "signs in with a pasted token, whose holder could use it directly anyway",
	"/login/demo":                       "signs in to the demo agent, only offered in demo mode without provisioned agents",
	"/logout":                           "ends the person's own session",
	"/agents/switch":                    "chooses another agent shared with the person, with the role their groups give there",
	"/conversations/views":              "saves a filter of the inbox under a name in the console's own store; nothing changes at Quickchat",
	"/conversations/views/:view/delete": "deletes such a saved filter, after confirmation; nothing changes at Quickchat",
	"/articles/preview":                 "renders Markdown for the editor's preview and saves nothing",
	"/settings/chatbot/preview":         "renders the greeting as typed and saves nothing",
	"/widget/preview":                   "draws the widget as configured in the form and saves nothing",
	"/admin/sessions/revoke":            "ends a console session; guarded by the admin groups, not by a role on an agent",
}

// ReaderMayUse reports whether a person with the read role may send
// POST (or another unsafe method) to this route path.
func ReaderMayUse(path string) bool {
	_, ok := readerMayUse[path]
	return ok
}

// ReaderRoutes lists the route paths ReaderMayUse allows, sorted.
func ReaderRoutes() []string {
	return slices.Sorted(maps.Keys(readerMayUse))
}

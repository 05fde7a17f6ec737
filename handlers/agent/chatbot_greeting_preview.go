package agent

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/views"
	"qcadmin/web"
)

// safeHTML sanitizes HTML from Quickchat or from a form with the console's one policy, so it can be shown as HTML.
func (h *Handlers) safeHTML(s string) string { return h.Markdown.Sanitize(s) }

func (h *Handlers) greetingPreview(in chatbotInput) views.GreetingPreview {
	return views.GreetingPreview{Header: in.Header, Header2: in.Header2, GreetingHTML: h.safeHTML(in.Greeting), Greeting2HTML: h.safeHTML(in.Greeting2)}
}

// PreviewGreeting redraws the greeting preview as it is typed; the HTML is sanitized here, never in the browser.
func (h *Handlers) PreviewGreeting(c echo.Context) error {
	if !web.WantsFragment(c) {
		return web.Redirect(c, "/settings?tab=chatbot")
	}
	in := readChatbotInput(web.PostForm(c))
	return h.Render(c, http.StatusOK, web.Page{Title: "Greeting preview", Nav: "settings", Body: views.GreetingPreviewView(h.greetingPreview(in)), Styles: []string{"forms.css", "agent.css"}})
}

package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/views"
)

// safeHTML sanitizes HTML from Quickchat or from a form with the console's one policy, so it can be shown as HTML.
func (h *Handlers) safeHTML(s string) string { return h.Markdown.Sanitize(s) }

func (h *Handlers) greetingPreview(in chatbotInput) views.GreetingPreview {
	return views.GreetingPreview{Header: in.Header, Header2: in.Header2, GreetingHTML: h.safeHTML(in.Greeting), Greeting2HTML: h.safeHTML(in.Greeting2)}
}

// chatbotGreetingPreview redraws the greeting preview as it is typed; the HTML is sanitized here, never in the browser.
func (h *Handlers) chatbotGreetingPreview(c echo.Context) error {
	if !wantsFragment(c.Request()) {
		return redirect(c, "/settings?tab=chatbot")
	}
	in := readChatbotInput(postForm(c))
	return h.render(c, http.StatusOK, page{title: "Greeting preview", nav: "settings", body: views.GreetingPreviewView(h.greetingPreview(in))})
}

package imports

import (
	"net/url"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/views"
	"qcadmin/web"
)

// ImportYouTube asks Quickchat for a video's transcript; it answers 202 and
// makes the article later, so the person is told it is on its way.
func (h *Handlers) ImportYouTube(c echo.Context) error {
	form := web.PostForm(c)
	v := h.importsView(c)
	m := views.YouTubeImport{ImportState: views.ImportState{Errors: map[string]string{}}, URL: form.Get("url")}
	show := func() error {
		v.YouTube = m
		return h.renderImports(c, v, views.YouTubeSection(m, v.CanWrite, v.Sandbox))
	}
	if msg := addressError(m.URL); msg != "" {
		m.Errors["url"] = msg
		return show()
	}
	address, _ := webAddress(m.URL)
	m.Note = h.budgetNote()
	err := h.API(c).ImportYouTube(c.Request().Context(), apiclient.YouTubeImport{URL: address, ToastProcessUUID: apiclient.NewProcessUUID()})
	if err != nil {
		h.importRefused(c, &m.ImportState, err, "url")
		return show()
	}
	m = views.YouTubeImport{ImportState: views.ImportState{Note: m.Note, Result: &views.ImportResult{
		Message: "Processing: the transcript will appear as an article when Quickchat has fetched it.",
		Links:   []views.ResultLink{{Label: "Articles from this video", Href: "/articles?url=" + url.QueryEscape(address)}},
	}}}
	return show()
}

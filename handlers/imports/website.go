package imports

import (
	"net/url"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/views"
	"qcadmin/web"
)

// ImportWebsite imports one page, that page with a summary, or a whole site.
func (h *Handlers) ImportWebsite(c echo.Context) error {
	form := web.PostForm(c)
	v := h.importsView(c)
	m := views.WebsiteImport{
		ImportState:  views.ImportState{Errors: map[string]string{}},
		URL:          form.Get("url"),
		Mode:         form.Get("mode"),
		Modes:        websiteModes,
		Phrases:      web.UnixNewlines(form.Get("phrases")),
		HTMLSelector: form.Get("html_selector"),
	}
	if m.Mode == "" {
		m.Mode = apiclient.WebsiteIndividual
	}
	show := func() error {
		v.Website = m
		return h.renderImports(c, v, views.WebsiteSection(m, v.CanWrite))
	}
	if msg := addressError(m.URL); msg != "" {
		m.Errors["url"] = msg
	}
	if !slices.ContainsFunc(websiteModes, func(o views.ImportMode) bool { return o.Value == m.Mode }) {
		m.Errors["mode"] = "Choose one of the modes offered."
	}
	if len(m.Errors) > 0 {
		return show()
	}
	address, _ := webAddress(m.URL)
	m.Note = h.budgetNote()
	res, err := h.API(c).ImportWebsite(c.Request().Context(), apiclient.WebsiteImport{
		URL: address, Mode: m.Mode, Phrases: web.Lines(m.Phrases), HTMLSelector: m.HTMLSelector,
	})
	if err != nil {
		h.importRefused(c, &m.ImportState, err, "url", "mode", "phrases", "html_selector")
		return show()
	}
	m = views.WebsiteImport{Mode: m.Mode, Modes: websiteModes, ImportState: views.ImportState{Note: m.Note, Result: websiteResult(address, res)}}
	return show()
}

// websiteResult links to the article made of the page, or to the articles made from the site.
func websiteResult(address string, res *apiclient.WebsiteImportResult) *views.ImportResult {
	if res.URL != "" {
		address = res.URL
	}
	pages := views.ResultLink{Label: "Articles from " + address, Href: "/articles?url=" + url.QueryEscape(address)}
	switch {
	case res.Article.ID != 0:
		return &views.ImportResult{Message: "Imported " + address + ".", Links: []views.ResultLink{{
			Label: display.Title(res.Article.Title),
			Href:  "/articles/" + strconv.FormatInt(res.Article.ID, 10),
			Note:  address,
		}}}
	case res.ArticlesCreated > 0:
		return &views.ImportResult{Message: "Imported " + display.Count(res.ArticlesCreated, "page", "pages") + " from " + address + ".", Links: []views.ResultLink{pages}}
	}
	return &views.ImportResult{Message: "Quickchat is importing " + address + "; its articles appear in the list when it is done.", Links: []views.ResultLink{pages}}
}

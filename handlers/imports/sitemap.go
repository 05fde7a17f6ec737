package imports

import (
	"regexp"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/views"
	"qcadmin/web"
)

// ImportSitemap imports the pages an XML sitemap lists, those matching the filter if one is given.
func (h *Handlers) ImportSitemap(c echo.Context) error {
	form := web.PostForm(c)
	v := h.importsView(c)
	m := views.SitemapImport{
		ImportState:     views.ImportState{Errors: map[string]string{}},
		SiteMap:         form.Get("site_map"),
		LinkFilterRegex: form.Get("link_filter_regex"),
		HTMLSelector:    form.Get("html_selector"),
		Summarize:       form.Get("summarize") != "",
	}
	show := func() error {
		v.Sitemap = m
		return h.renderImports(c, v, views.SitemapSection(m, v.CanWrite))
	}
	if msg := addressError(m.SiteMap); msg != "" {
		m.Errors["site_map"] = msg
	}
	if _, err := regexp.Compile(m.LinkFilterRegex); err != nil {
		m.Errors["link_filter_regex"] = "This is not a valid regular expression: " + strings.TrimPrefix(err.Error(), "error parsing regexp: ")
	}
	if len(m.Errors) > 0 {
		return show()
	}
	address, _ := webAddress(m.SiteMap)
	m.Note = h.budgetNote()
	res, err := h.API(c).ImportSitemap(c.Request().Context(), apiclient.SitemapImport{
		SiteMap: address, LinkFilterRegex: m.LinkFilterRegex, HTMLSelector: m.HTMLSelector, Summarize: m.Summarize,
	})
	if err != nil {
		h.importRefused(c, &m.ImportState, err, "site_map", "link_filter_regex", "html_selector")
		return show()
	}
	m = views.SitemapImport{ImportState: views.ImportState{Note: m.Note, Result: linksResult(res.Links, "The sitemap lists no page to import"+filtered(m.LinkFilterRegex)+".")}}
	return show()
}

func filtered(regex string) string {
	if regex == "" {
		return ""
	}
	return " that matches " + regex
}

// linksResult lists the pages Quickchat imported, each linking to the articles made from it.
func linksResult(links []string, none string) *views.ImportResult {
	if len(links) == 0 {
		return &views.ImportResult{Message: none}
	}
	return &views.ImportResult{
		Message: "Imported " + display.Count(len(links), "page", "pages") + ". Each link opens the articles made from that page.",
		Links:   importedPages(links),
	}
}

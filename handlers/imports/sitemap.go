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
	result := linksResult(res, "The sitemap lists no page to import"+filtered(m.LinkFilterRegex)+".", "Quickchat is importing the pages the sitemap lists")
	m = views.SitemapImport{ImportState: views.ImportState{Note: m.Note, Result: result}}
	return show()
}

func filtered(regex string) string {
	if regex == "" {
		return ""
	}
	return " that matches " + regex
}

// linksResult lists the pages Quickchat imported, each linking to the articles made from it. An answer
// that accepted the import without listing the pages (a 202 with no body) says it is under way instead.
func linksResult(res *apiclient.LinksResult, none, importing string) *views.ImportResult {
	links := res.Links
	if len(links) == 0 && res.Status == "" {
		return &views.ImportResult{
			Message: importing + "; their articles appear in the list when it is done.",
			Links:   []views.ResultLink{{Label: "Imported pages", Href: "/articles?types=URL"}},
		}
	}
	if len(links) == 0 {
		return &views.ImportResult{Message: none}
	}
	return &views.ImportResult{
		Message: "Imported " + display.Count(len(links), "page", "pages") + ". Each link opens the articles made from that page.",
		Links:   importedPages(links),
	}
}

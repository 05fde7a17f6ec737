package imports

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/views"
	"qcadmin/web"
)

// ImportLinks imports the pages listed one per line, giving every article the tags typed.
func (h *Handlers) ImportLinks(c echo.Context) error {
	form := web.PostForm(c)
	v := h.importsView(c)
	m := views.LinkListImport{
		ImportState:  views.ImportState{Errors: map[string]string{}},
		Links:        web.UnixNewlines(form.Get("links")),
		Tags:         form.Get("tags"),
		HTMLSelector: form.Get("html_selector"),
		Summarize:    form.Get("summarize") != "",
	}
	show := func() error {
		v.Links = m
		return h.renderImports(c, v, views.LinkListSection(m, v.CanWrite))
	}
	links, msg := linkList(m.Links)
	if msg != "" {
		m.Errors["links"] = msg
		return show()
	}
	// The tags field reads as the article editor's does: comma-separated, trimmed, each once.
	tags := web.Tags(m.Tags)
	m.Note = h.budgetNote()
	res, err := h.API(c).ImportLinks(c.Request().Context(), apiclient.LinkListImport{
		Links: links, Tags: tags, HTMLSelector: m.HTMLSelector, Summarize: m.Summarize,
	})
	if err != nil {
		h.importRefused(c, &m.ImportState, err, "links", "tags", "html_selector")
		return show()
	}
	result := linksResult(res, "Quickchat imported none of these pages.", "Quickchat is importing these pages")
	if len(tags) > 0 && (len(res.Links) > 0 || res.Status == "") {
		result.Links = append(result.Links, views.ResultLink{Label: "Every article tagged " + tags[0], Href: "/articles?tags=" + url.QueryEscape(tags[0])})
	}
	m = views.LinkListImport{Tags: m.Tags, HTMLSelector: m.HTMLSelector, Summarize: m.Summarize, ImportState: views.ImportState{Note: m.Note, Result: result}}
	return show()
}

// linkList reads the addresses, one per line, or says what is wrong with them.
func linkList(text string) ([]string, string) {
	links := web.Lines(text)
	if len(links) == 0 {
		return nil, "Add at least one address, one per line."
	}
	if len(links) > maxImportLinks {
		return nil, "That is " + strconv.Itoa(len(links)) + " addresses; import at most " + strconv.Itoa(maxImportLinks) + " at a time."
	}
	var bad []string
	for _, l := range links {
		if _, ok := webAddress(l); !ok {
			bad = append(bad, "“"+l+"”")
		}
	}
	if len(bad) > 0 {
		if len(bad) > 3 {
			bad = append(bad[:3], "and "+strconv.Itoa(len(bad)-3)+" more")
		}
		return nil, "Every line must be a full web address starting with http:// or https://. Not one: " + strings.Join(bad, ", ") + "."
	}
	return links, ""
}
